// Package progress draws a progress bar for the reference programs on
// stderr — only when stderr is a terminal, so that logs, pipes and tests get
// results alone.
package progress

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Bar is a progress bar, or nothing when its writer is not a terminal. The
// zero Bar and a nil *Bar draw nothing.
type Bar struct {
	bar *progressbar.ProgressBar
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// New returns a bar on w described by description, for total steps (-1 when
// not known yet: a spinner).
func New(w io.Writer, description string, total int64) *Bar {
	if !IsTerminal(w) {
		return &Bar{}
	}
	return &Bar{bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(description),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100_000_000), // 100 ms
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(true),
	)}
}

// Set shows done of total steps under description; a total of 0 or less
// keeps the bar's current total.
func (b *Bar) Set(description string, done, total int64) {
	if b == nil || b.bar == nil {
		return
	}
	b.bar.Describe(description)
	if total > 0 && total != b.bar.GetMax64() {
		b.bar.ChangeMax64(total)
	}
	_ = b.bar.Set64(done)
}

// Finish clears the bar.
func (b *Bar) Finish() {
	if b == nil || b.bar == nil {
		return
	}
	_ = b.bar.Finish()
	_ = b.bar.Clear()
}
