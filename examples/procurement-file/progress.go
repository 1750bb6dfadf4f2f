package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress shows the current step of a long job on stderr, when stderr is a
// terminal; otherwise it stays silent, so logs and pipes get only results.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time
	last  int
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	on := false
	if ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	return &progress{w: w, on: on, start: time.Now()}
}

func (p *progress) step(msg string) {
	if !p.on {
		return
	}
	line := fmt.Sprintf("\r[%5.1fs] %s…", time.Since(p.start).Seconds(), msg)
	pad := max(0, p.last-len(line))
	fmt.Fprintf(p.w, "%s%*s", line, pad, "")
	p.last = len(line)
}

func (p *progress) done() {
	if p.on && p.last > 0 {
		fmt.Fprintf(p.w, "\r%*s\r", p.last, "")
	}
}
