package report

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The four charts of the HTML file, and only they, are drawn here: each
// function lays out shapes in a viewBox of chartWidth units wide, and the
// "chart" template of html.tmpl writes the shapes as inline SVG. Geometry
// is in float64 (it places pixels, it computes no money); the labels are
// formatted from the decimals. Colours come from the stylesheet, by class.

// chart is an inline SVG drawing.
type chart struct {
	// Title says what the chart shows; it is the SVG's accessible name and
	// the figure's caption.
	Title         string
	Width, Height int
	// Lines are drawn under the bars (grid, axes), Marks over them.
	Lines, Marks []line
	Rects        []rect
	Texts        []text
	// Data, when set, is the table Markdown shows in the chart's place.
	Data *table
}

type rect struct {
	X, Y, W, H string
	Class      string
}

type line struct {
	X1, Y1, X2, Y2 string
	Class          string
}

type text struct {
	X, Y   string
	Anchor string // start, middle or end
	Class  string
	Text   string
}

const (
	chartWidth = 760
	rowHeight  = 24
)

// canvas collects the shapes of one chart.
type canvas struct{ c chart }

func coord(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func (k *canvas) rect(x, y, w, h float64, class string) {
	k.c.Rects = append(k.c.Rects, rect{coord(x), coord(y), coord(max(w, 0)), coord(max(h, 0)), class})
}

func (k *canvas) line(x1, y1, x2, y2 float64, class string) {
	k.c.Lines = append(k.c.Lines, line{coord(x1), coord(y1), coord(x2), coord(y2), class})
}

// mark draws a line over the bars.
func (k *canvas) mark(x1, y1, x2, y2 float64, class string) {
	k.c.Marks = append(k.c.Marks, line{coord(x1), coord(y1), coord(x2), coord(y2), class})
}

func (k *canvas) text(x, y float64, anchor, class, s string) {
	k.c.Texts = append(k.c.Texts, text{coord(x), coord(y), anchor, class, s})
}

// legend draws coloured keys from the left edge at height y.
func (k *canvas) legend(y float64, items ...[2]string) {
	x := 0.0
	for _, it := range items {
		k.rect(x, y-10, 12, 12, it[0])
		k.text(x+18, y, "start", "legend", it[1])
		x += 30 + 7*float64(utf8.RuneCountInString(it[1]))
	}
}

// short writes an amount compactly for a chart label: "9.40 m", "512.3 k",
// "3.0 k", "512".
func short(d decimal.Decimal) string {
	a := d.Abs()
	switch {
	case a.GreaterThanOrEqual(decimal.NewFromInt(1_000_000)):
		return d.Shift(-6).StringFixedBank(2) + " m"
	case a.GreaterThanOrEqual(decimal.NewFromInt(1_000)):
		return d.Shift(-3).StringFixedBank(1) + " k"
	}
	return d.StringFixedBank(0)
}

// clip cuts a label to n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// scale maps [0, top] onto [0, size] units.
func scale(top float64, size float64) func(float64) float64 {
	if top <= 0 {
		return func(float64) float64 { return 0 }
	}
	return func(v float64) float64 { return v / top * size }
}

// waterfallChart draws the walk from the opening TCV to the target: one
// row per step, each a bar floating between the TCV before and after it.
func waterfallChart(f *File) *chart {
	const label, right = 200.0, 110.0
	k := &canvas{chart{Title: "Waterfall from the opening TCV to the target TCV (" + f.Currency + ")", Width: chartWidth}}
	x := scale(f.Opening.TCV.InexactFloat64(), chartWidth-label-right)
	y := 8.0
	bar := func(title string, from, to decimal.Decimal, class string, value string) {
		lo, hi := x(from.InexactFloat64()), x(to.InexactFloat64())
		k.text(label-8, y+rowHeight/2+4, "end", "label", title)
		w := hi - lo
		if w < 1 && to.GreaterThan(from) {
			w = 1
		}
		k.rect(label+lo, y+3, w, rowHeight-6, class)
		k.text(label+lo+w+6, y+rowHeight/2+4, "start", "value", value)
		y += rowHeight
	}
	bar("Opening", decimal.Decimal{}, f.Opening.TCV, "total", short(f.Opening.TCV))
	running := f.Opening.TCV
	for _, s := range f.Waterfall {
		next := running.Sub(s.Amount)
		k.line(label+x(running.InexactFloat64()), y-3, label+x(running.InexactFloat64()), y+3, "connector")
		v := "−" + short(s.Amount)
		if s.Amount.IsZero() {
			v = "0"
		}
		bar(StepTitle(s.Name), next, running, "step", v)
		running = next
	}
	k.line(label+x(running.InexactFloat64()), y-3, label+x(running.InexactFloat64()), y+3, "connector")
	bar("Target", decimal.Decimal{}, f.Target.TCV, "target", short(f.Target.TCV))
	k.line(label, 4, label, y+2, "axis")
	k.c.Height = int(y) + 8
	return &k.c
}

// scheduleChart draws the opening and the target schedules year by year.
func scheduleChart(f *File) *chart {
	const left, bottom, top, height = 70.0, 24.0, 28.0, 230.0
	k := &canvas{chart{Title: "Per-year totals: the opening as proposed and the target under its cap (" + f.Currency + ")",
		Width: chartWidth, Height: int(height)}}
	years := max(len(f.Opening.Schedule), len(f.Target.Schedule))
	hi := 0.0
	for y := range years {
		hi = max(hi, at(f.Opening.Schedule, y).InexactFloat64(), at(f.Target.Schedule, y).InexactFloat64())
	}
	base := height - bottom
	h := k.gridY(left, base, height-top-bottom, hi, func(v float64) string { return short(decimal.NewFromFloat(v)) })
	k.legend(12, [2]string{"total", "Opening (" + capName(f.Opening.Cap) + ")"}, [2]string{"target", "Target (" + capName(f.Target.Cap) + ")"})
	if years == 0 {
		return &k.c
	}
	slot := (chartWidth - left) / float64(years)
	w := min(slot*0.36, 60)
	for y := range years {
		cx := left + slot*(float64(y)+0.5)
		o, t := at(f.Opening.Schedule, y).InexactFloat64(), at(f.Target.Schedule, y).InexactFloat64()
		k.rect(cx-w-1, base-h(o), w, h(o), "total")
		k.rect(cx+1, base-h(t), w, h(t), "target")
		k.text(cx, base+16, "middle", "label", "Year "+strconv.Itoa(y+1))
	}
	return &k.c
}

// gridY draws the base line and horizontal grid lines at round values up
// to hi, labelled by label, and returns the vertical scale: a value to its
// height above the base line, the top grid line plot units up.
func (k *canvas) gridY(left, base, plot, hi float64, label func(float64) string) func(float64) float64 {
	k.line(left, base, chartWidth, base, "axis")
	if hi <= 0 {
		return scale(0, plot)
	}
	step := niceStep(hi / 4)
	n := math.Ceil(hi/step - 1e-9)
	for i := 1.0; i <= n; i++ {
		y := base - plot*i/n
		k.line(left, y, chartWidth, y, "grid")
		k.text(left-6, y+4, "end", "tick", label(step*i))
	}
	return scale(step*n, plot)
}

// niceStep rounds a grid step up to 1, 2, 2.5 or 5 times a power of ten
// (never below 1: counts have no fractions).
func niceStep(raw float64) float64 {
	if raw <= 1 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m == 2.5 && mag < 10 {
			continue
		}
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// shortageChart draws the fragmented and the pooled shortage of the
// licenses with the largest fragmented shortage.
func shortageChart(ls []LicenseShortage, n int) *chart {
	const label, right = 220.0, 70.0
	best, rest := top(ls, n, func(a, b *LicenseShortage) bool { return a.Fragmented > b.Fragmented })
	title := "Shortage per license: Virtual Accounts one by one (fragmented) and pooled, in units"
	if rest > 0 {
		title += " — the " + strconv.Itoa(len(best)) + " largest"
	}
	k := &canvas{chart{Title: title, Width: chartWidth}}
	k.legend(12, [2]string{"fragmented", "Fragmented"}, [2]string{"pooled", "Pooled"})
	var hi int64
	for _, l := range best {
		hi = max(hi, l.Fragmented, l.Pooled)
	}
	x := scale(float64(hi), chartWidth-label-right)
	y := 24.0
	for _, l := range best {
		k.text(label-8, y+rowHeight/2+4, "end", "label", clip(l.License, 30))
		k.rect(label, y+2, x(float64(l.Fragmented)), rowHeight/2-2, "fragmented")
		k.text(label+x(float64(l.Fragmented))+6, y+rowHeight/2-2, "start", "value", count(l.Fragmented))
		k.rect(label, y+rowHeight/2, x(float64(l.Pooled)), rowHeight/2-2, "pooled")
		k.text(label+x(float64(l.Pooled))+6, y+rowHeight-2, "start", "value", count(l.Pooled))
		y += rowHeight + 4
	}
	k.line(label, 22, label, y, "axis")
	k.c.Height = int(y) + 6
	return &k.c
}

// waveChart draws the weekly histogram of reporting due dates and marks
// the week that holds stage_by.
func waveChart(r *Reporting) *chart {
	const left, bottom, top, height = 56.0, 34.0, 26.0, 220.0
	k := &canvas{chart{Title: "Reports due per week: the reporting wave", Width: chartWidth, Height: int(height)}}
	hi := 0
	for _, w := range r.Weeks {
		hi = max(hi, w.Due)
	}
	base := height - bottom
	h := k.gridY(left, base, height-top-bottom, float64(hi), func(v float64) string { return count(int64(v)) })
	slot := (chartWidth - left) / float64(len(r.Weeks))
	every := max(1, (len(r.Weeks)+7)/8)
	for i, w := range r.Weeks {
		x := left + slot*float64(i)
		k.rect(x+1, base-h(float64(w.Due)), slot-2, h(float64(w.Due)), "wave")
		if i%every == 0 {
			k.text(x+slot/2, base+14, "middle", "tick", w.Start.Format("Jan 2"))
		}
		if !r.StageBy.IsZero() && !r.StageBy.Before(w.Start) && r.StageBy.Before(w.Start.Add(7*24*time.Hour)) {
			mx := x + slot/2
			k.mark(mx, top-8, mx, base, "marker")
			anchor := "start"
			tx := mx + 4
			if mx > chartWidth*0.7 {
				anchor, tx = "end", mx-4
			}
			k.text(tx, top-10, anchor, "marker-label", "stage by "+date(r.StageBy))
		}
	}
	k.text(left, base+30, "start", "tick", "week starting")
	return &k.c
}
