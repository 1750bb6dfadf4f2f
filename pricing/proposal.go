package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/jsonnum"
)

// MaxProposalSize is the largest proposal.json ParseProposal accepts (64 MiB).
const MaxProposalSize = 64 << 20

// MaxTermYears is the longest contract term the package prices.
const MaxTermYears = 30

// Line is one line of a vendor's proposal.
type Line struct {
	SKU      string
	License  string
	Category Category
	// Quantity is the number of units bought each year.
	Quantity int64
	// UnitPrice is the year-1 annual price of one unit, before any
	// true-forward premium. It is never rounded.
	UnitPrice decimal.Decimal
	// Uplift is the true-forward premium t (0.25 for 25 %) on a true-forward
	// line; zero on other lines.
	Uplift decimal.Decimal
}

// Proposal is a vendor's renewal proposal, the proposal.json of a dataset (docs/dataset.md).
//
// Optional values: StartDate is the zero time.Time when absent;
// PriorAnnualSpend and StatedTotal are decimal.NullDecimal with Valid false
// when absent; YearlyUplift is nil unless the proposal gives one rate per year.
type Proposal struct {
	Vendor   string
	Currency string
	// TermYears is the contract term, 1 to MaxTermYears years.
	TermYears int
	// StartDate is the contract start, a civil date at 00:00 UTC.
	StartDate time.Time
	// AnnualUplift is the price increase applied each year from year 2 (0.09 for 9 %).
	AnnualUplift decimal.Decimal
	// YearlyUplift, when not empty, gives the uplift of years 2..TermYears
	// (TermYears−1 rates) and replaces AnnualUplift.
	YearlyUplift []decimal.Decimal
	// PriorAnnualSpend is what the buyer paid in the year before the term,
	// the base of the industry opening-uplift bands.
	PriorAnnualSpend decimal.NullDecimal
	// StatedTotal is the total the vendor wrote on the proposal; Validate
	// reports a difference from the computed TCV.
	StatedTotal decimal.NullDecimal
	Lines       []Line
	// Tiers lists license names from lower to higher tier, one list per family.
	Tiers [][]string
}

// FieldError is an error about one field of a proposal, named as in
// proposal.json: "term_years", "lines[3].unit_price". It is the SDK's one
// field-error type, shared by every JSON document it reads.
type FieldError = jsonnum.FieldError

// TotalMismatchError reports a stated total that differs from the TCV
// computed from the lines (uncapped, as proposed).
type TotalMismatchError struct {
	Stated, Computed decimal.Decimal
	// Difference is Stated − Computed.
	Difference decimal.Decimal
}

// Error states both totals and their difference.
func (e *TotalMismatchError) Error() string {
	return fmt.Sprintf("stated_total: %s differs from the computed TCV %s by %s",
		e.Stated.StringFixedBank(2), e.Computed.StringFixedBank(2), e.Difference.StringFixedBank(2))
}

// wireProposal is proposal.json as read: numbers stay raw until ParseDecimal.
type wireProposal struct {
	Vendor           string            `json:"vendor"`
	Currency         string            `json:"currency"`
	TermYears        json.RawMessage   `json:"term_years"`
	StartDate        string            `json:"start_date"`
	AnnualUplift     json.RawMessage   `json:"annual_uplift"`
	YearlyUplift     []json.RawMessage `json:"yearly_uplift"`
	PriorAnnualSpend json.RawMessage   `json:"prior_annual_spend"`
	StatedTotal      json.RawMessage   `json:"stated_total"`
	Lines            []json.RawMessage `json:"lines"`
	Tiers            [][]string        `json:"tiers"`
}

type wireLine struct {
	SKU       string          `json:"sku"`
	License   string          `json:"license"`
	Category  string          `json:"category"`
	Quantity  json.RawMessage `json:"quantity"`
	UnitPrice json.RawMessage `json:"unit_price"`
	Uplift    json.RawMessage `json:"uplift"`
}

// ParseProposal reads proposal.json (docs/dataset.md): money and rates as decimal
// strings or JSON numbers (read from their text, never through float64),
// counts as JSON integers, start_date as YYYY-MM-DD, unknown keys ignored.
// An optional "yearly_uplift" array gives the uplift of years 2..N.
// Input above MaxProposalSize is refused. Errors name the line and column of
// a syntax error, or the field as a *FieldError ("lines[3].unit_price: …");
// a key given twice in one object ("term_years" 5, then 3) is a
// *jsonnum.DuplicateKeyError naming both positions.
// ParseProposal checks form, not meaning: call Validate for that.
func ParseProposal(data []byte) (*Proposal, error) {
	p := new(Proposal)
	if err := p.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return p, nil
}

// UnmarshalJSON reads proposal.json like ParseProposal, so that a Proposal
// can sit inside a larger JSON document. A leading UTF-8 byte order mark is
// ignored. On error, p is left unchanged.
func (p *Proposal) UnmarshalJSON(data []byte) error {
	if len(data) > MaxProposalSize {
		return fmt.Errorf("proposal is %d bytes, more than the %d-byte limit", len(data), MaxProposalSize)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var w wireProposal
	if err := decodeStrict(data, &w); err != nil {
		return jsonError(data, "", err)
	}
	if err := jsonnum.CheckDuplicateKeys(data); err != nil {
		return err
	}
	if err := checkProposalKeys(data); err != nil {
		return err
	}
	var q Proposal
	q.Vendor, q.Currency = w.Vendor, w.Currency
	term, err := parseInt(w.TermYears)
	if err != nil {
		return &FieldError{Field: "term_years", Err: err}
	}
	if term < math.MinInt32 || term > math.MaxInt32 {
		return &FieldError{Field: "term_years", Err: fmt.Errorf("%d is out of range", term)}
	}
	q.TermYears = int(term)
	if w.StartDate != "" {
		t, err := time.Parse(time.DateOnly, w.StartDate)
		if err != nil {
			return &FieldError{Field: "start_date", Err: fmt.Errorf("%s is not a YYYY-MM-DD date", quote(w.StartDate))}
		}
		q.StartDate = t
	}
	if q.AnnualUplift, _, err = parseRaw(w.AnnualUplift, false, ParseRate); err != nil {
		return &FieldError{Field: "annual_uplift", Err: err}
	}
	if len(w.YearlyUplift) > 0 {
		q.YearlyUplift = make([]decimal.Decimal, len(w.YearlyUplift))
		for i, raw := range w.YearlyUplift {
			if q.YearlyUplift[i], _, err = parseRaw(raw, true, ParseRate); err != nil {
				return &FieldError{Field: fmt.Sprintf("yearly_uplift[%d]", i), Err: err}
			}
		}
	}
	if q.PriorAnnualSpend.Decimal, q.PriorAnnualSpend.Valid, err = parseRaw(w.PriorAnnualSpend, false, ParseDecimal); err != nil {
		return &FieldError{Field: "prior_annual_spend", Err: err}
	}
	if q.StatedTotal.Decimal, q.StatedTotal.Valid, err = parseRaw(w.StatedTotal, false, ParseDecimal); err != nil {
		return &FieldError{Field: "stated_total", Err: err}
	}
	if len(w.Lines) > 0 {
		q.Lines = make([]Line, len(w.Lines))
	}
	for i, raw := range w.Lines {
		if err := q.Lines[i].decode(i, raw); err != nil {
			return err
		}
	}
	q.Tiers = w.Tiers
	*p = q
	return nil
}

// proposalKeys are the top-level keys of proposal.json.
var proposalKeys = []string{"vendor", "currency", "term_years", "start_date", "annual_uplift", "yearly_uplift",
	"prior_annual_spend", "stated_total", "lines", "tiers"}

// NotProposalError reports a JSON object without any of proposal.json's
// keys: another document, such as a dataset's options.json.
type NotProposalError struct {
	// Keys are the object's own top-level keys, in order.
	Keys []string
}

// Error names the keys the document has instead.
func (e *NotProposalError) Error() string {
	const most = 8
	keys := e.Keys
	more := ""
	if len(keys) > most {
		keys, more = keys[:most], fmt.Sprintf(" and %d more", len(keys)-most)
	}
	if len(keys) == 0 {
		return "this is not a proposal: an empty object, without vendor, currency, term_years or lines"
	}
	return fmt.Sprintf("this is not a proposal: it has none of proposal.json's keys (vendor, currency, term_years, lines, …), only %s%s",
		strings.Join(keys, ", "), more)
}

// checkProposalKeys refuses an object (already decoded without error) that
// has none of the proposal's keys.
func checkProposalKeys(data []byte) error {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return nil
	}
	for _, k := range proposalKeys {
		if _, ok := top[k]; ok {
			return nil
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.Token() // {
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		keys = append(keys, tok.(string))
		if dec.Decode(new(json.RawMessage)) != nil {
			break
		}
	}
	return &NotProposalError{Keys: keys}
}

// RateWarnings returns the proposal's rates above 1 (100 %) — annual_uplift,
// yearly_uplift[i], lines[i].uplift — each as a *FieldError with its likely
// meaning (RateWarning). They are warnings to show: Validate accepts such
// rates up to MaxRate.
func (p *Proposal) RateWarnings() []*FieldError {
	var out []*FieldError
	add := func(field string, r decimal.Decimal) {
		if msg := RateWarning(r); msg != "" {
			out = append(out, &FieldError{Field: field, Err: errors.New(msg)})
		}
	}
	add("annual_uplift", p.AnnualUplift)
	for i, u := range p.YearlyUplift {
		add(fmt.Sprintf("yearly_uplift[%d]", i), u)
	}
	for i, l := range p.Lines {
		add(fmt.Sprintf("lines[%d].uplift", i), l.Uplift)
	}
	return out
}

// decode reads lines[i]; field names are built only for an error.
func (l *Line) decode(i int, raw json.RawMessage) error {
	field := func(name string) string { return fmt.Sprintf("lines[%d]%s", i, name) }
	var w wireLine
	if err := json.Unmarshal(raw, &w); err != nil {
		return jsonError(raw, field(""), err)
	}
	c, err := ParseCategory(w.Category)
	if err == nil && c == 0 {
		err = errors.New("a category is required")
	}
	if err != nil {
		return &FieldError{Field: field(".category"), Err: err}
	}
	q, err := parseInt(w.Quantity)
	if err != nil {
		return &FieldError{Field: field(".quantity"), Err: err}
	}
	price, _, err := parseRaw(w.UnitPrice, true, ParseDecimal)
	if err != nil {
		return &FieldError{Field: field(".unit_price"), Err: err}
	}
	uplift, _, err := parseRaw(w.Uplift, false, ParseRate)
	if err != nil {
		return &FieldError{Field: field(".uplift"), Err: err}
	}
	*l = Line{SKU: w.SKU, License: w.License, Category: c, Quantity: q, UnitPrice: price, Uplift: uplift}
	return nil
}

// decodeStrict decodes one JSON value into v and refuses trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // no number ever passes through float64

	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty input: want a JSON object")
		}
		return err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		rest := bytes.TrimLeft(data[end:], " \t\r\n")
		line, col := jsonnum.Position(data, int64(len(data)-len(rest)))
		return fmt.Errorf("line %d, column %d: unexpected data after the JSON object", line, col)
	}
	return nil
}

// jsonError turns an encoding/json error into one that names a position or a field.
func jsonError(data []byte, field string, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		line, col := jsonnum.Position(data, int64(len(data)))
		err = fmt.Errorf("line %d, column %d: the document ends before its JSON value does (is the file cut short?)", line, col)
		if field != "" {
			return &FieldError{Field: field, Err: err}
		}
		return err
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := jsonnum.Position(data, syn.Offset-1) // Offset is just past the bad byte
		if field != "" {
			return &FieldError{Field: field, Err: fmt.Errorf("line %d, column %d of the value: %v", line, col, err)}
		}
		return fmt.Errorf("line %d, column %d: %w", line, col, err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		name := typ.Field
		switch {
		case field == "" && name == "":
			name = "proposal"
		case field != "" && name != "":
			name = field + "." + name
		case field != "":
			name = field
		}
		return &FieldError{Field: name, Err: fmt.Errorf("want %s, got JSON %s", kindName(typ.Type), typ.Value)}
	}
	if field != "" {
		return &FieldError{Field: field, Err: err}
	}
	return err
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		return "an object"
	case reflect.Slice:
		if t == reflect.TypeFor[json.RawMessage]() {
			return "a value"
		}
		return "an array"
	case reflect.String:
		return "a string"
	}
	return t.String()
}

// isNull reports whether raw is absent or JSON null.
func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// parseRaw reads a decimal value with parse; an absent value is zero
// unless required. ok reports whether the value was present.
func parseRaw(raw json.RawMessage, required bool, parse func(string) (decimal.Decimal, error)) (d decimal.Decimal, ok bool, err error) {
	if isNull(raw) {
		if required {
			return decimal.Decimal{}, false, errMissing
		}
		return decimal.Decimal{}, false, nil
	}
	d, err = decodeDecimal(raw, parse)
	return d, err == nil, err
}

var errMissing = errors.New("missing")

// parseInt reads a required count written as a JSON integer.
func parseInt(raw json.RawMessage) (int64, error) {
	if isNull(raw) {
		return 0, errMissing
	}
	t := string(bytes.TrimSpace(raw))
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("want a JSON integer, got %s", quote(t))
	}
	return n, nil
}

type outProposal struct {
	Vendor           string     `json:"vendor"`
	Currency         string     `json:"currency"`
	TermYears        int        `json:"term_years"`
	StartDate        string     `json:"start_date,omitempty"`
	AnnualUplift     string     `json:"annual_uplift"`
	YearlyUplift     []string   `json:"yearly_uplift,omitempty"`
	PriorAnnualSpend string     `json:"prior_annual_spend,omitempty"`
	StatedTotal      string     `json:"stated_total,omitempty"`
	Lines            []outLine  `json:"lines"`
	Tiers            [][]string `json:"tiers,omitempty"`
}

type outLine struct {
	SKU       string   `json:"sku"`
	License   string   `json:"license"`
	Category  Category `json:"category"`
	Quantity  int64    `json:"quantity"`
	UnitPrice string   `json:"unit_price"`
	Uplift    string   `json:"uplift"`
}

// MarshalJSON writes the proposal.json shape ParseProposal reads, with
// decimals as strings and nothing rounded, so that parsing the output gives
// back an equal Proposal. Absent optional values are left out.
func (p Proposal) MarshalJSON() ([]byte, error) {
	o := outProposal{
		Vendor:       p.Vendor,
		Currency:     p.Currency,
		TermYears:    p.TermYears,
		AnnualUplift: p.AnnualUplift.String(),
		Lines:        make([]outLine, len(p.Lines)),
		Tiers:        p.Tiers,
	}
	if !p.StartDate.IsZero() {
		o.StartDate = p.StartDate.Format(time.DateOnly)
	}
	for _, u := range p.YearlyUplift {
		o.YearlyUplift = append(o.YearlyUplift, u.String())
	}
	if p.PriorAnnualSpend.Valid {
		o.PriorAnnualSpend = moneyText(p.PriorAnnualSpend.Decimal)
	}
	if p.StatedTotal.Valid {
		o.StatedTotal = moneyText(p.StatedTotal.Decimal)
	}
	for i, l := range p.Lines {
		o.Lines[i] = outLine{SKU: l.SKU, License: l.License, Category: l.Category, Quantity: l.Quantity,
			UnitPrice: moneyText(l.UnitPrice), Uplift: l.Uplift.String()}
	}
	return json.Marshal(o)
}

// moneyText writes d with at least two decimals and without losing any,
// unless the padding would make it longer than ParseDecimal reads.
func moneyText(d decimal.Decimal) string {
	if s := d.StringFixed(max(2, -d.Exponent())); len(s) <= MaxDecimalLen {
		return s
	}
	return d.String()
}

// UpliftRates returns the uplift of years 2..TermYears: YearlyUplift when
// given, else AnnualUplift for every year.
func (p *Proposal) UpliftRates() []decimal.Decimal {
	if len(p.YearlyUplift) > 0 {
		return p.YearlyUplift
	}
	rates := make([]decimal.Decimal, max(p.TermYears-1, 0))
	for i := range rates {
		rates[i] = p.AnnualUplift
	}
	return rates
}

// maxReportedErrors bounds how many field errors Validate joins.
const maxReportedErrors = 20

// Validate checks the meaning of a proposal: a three-letter currency, a term
// of 1 to MaxTermYears years, a civil start date, uplifts above −100 % and
// at most MaxRate, quantities from 0 to MaxQuantity, prices and totals from
// 0 to MaxAmount, a known category on every line, a true-forward premium
// only on true-forward lines and no empty license name in the tiers; then a
// TCV of at most MaxAmount. Each problem is a *FieldError; several are
// joined with errors.Join. When all is sound and a stated total is given, a
// total that differs from the computed TCV is a *TotalMismatchError.
func (p *Proposal) Validate() error {
	if err := p.validateFields(); err != nil {
		return err
	}
	s, err := p.Schedule(Cap{})
	if err != nil {
		return err
	}
	if err := checkAmount(s.TCV); err != nil {
		return &FieldError{Field: "lines", Err: fmt.Errorf("the TCV %w", err)}
	}
	if !p.StatedTotal.Valid {
		return nil
	}
	if tcv := s.TCV; !tcv.Equal(p.StatedTotal.Decimal) {
		return &TotalMismatchError{Stated: p.StatedTotal.Decimal, Computed: tcv, Difference: p.StatedTotal.Decimal.Sub(tcv)}
	}
	return nil
}

func (p *Proposal) validateFields() error {
	var errs []error
	n := 0
	add := func(field string, err error) {
		n++
		if len(errs) < maxReportedErrors {
			errs = append(errs, &FieldError{Field: field, Err: err})
		}
	}
	if err := checkCurrency(p.Currency); err != nil {
		add("currency", err)
	}
	if p.TermYears < 1 || p.TermYears > MaxTermYears {
		add("term_years", fmt.Errorf("%d is outside 1..%d", p.TermYears, MaxTermYears))
	}
	if !p.StartDate.IsZero() && !p.StartDate.Equal(civil(p.StartDate)) {
		add("start_date", fmt.Errorf("%s is not a civil date at 00:00 UTC", p.StartDate.Format(time.RFC3339)))
	}
	if err := checkRate(p.AnnualUplift); err != nil {
		add("annual_uplift", err)
	}
	if len(p.YearlyUplift) > 0 && len(p.YearlyUplift) != p.TermYears-1 {
		add("yearly_uplift", fmt.Errorf("%d rates for a %d-year term: want %d (years 2..%d)",
			len(p.YearlyUplift), p.TermYears, max(p.TermYears-1, 0), p.TermYears))
	}
	for i, u := range p.YearlyUplift {
		if err := checkRate(u); err != nil {
			add(fmt.Sprintf("yearly_uplift[%d]", i), err)
		}
	}
	for _, a := range []struct {
		field  string
		amount decimal.NullDecimal
	}{{"prior_annual_spend", p.PriorAnnualSpend}, {"stated_total", p.StatedTotal}} {
		switch {
		case !a.amount.Valid:
		case a.amount.Decimal.IsNegative():
			add(a.field, fmt.Errorf("%s is negative", a.amount.Decimal))
		case checkAmount(a.amount.Decimal) != nil:
			add(a.field, checkAmount(a.amount.Decimal))
		}
	}
	for i, tier := range p.Tiers {
		for j, name := range tier {
			if strings.TrimSpace(name) == "" {
				add(fmt.Sprintf("tiers[%d][%d]", i, j), errors.New("empty license name"))
			}
		}
	}
	for i, l := range p.Lines {
		f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
		if l.Category < Subscription || l.Category > Support {
			add(f("category"), fmt.Errorf("invalid category %d", int(l.Category)))
		}
		switch {
		case l.Quantity < 0:
			add(f("quantity"), fmt.Errorf("%d is negative", l.Quantity))
		case l.Quantity > MaxQuantity:
			add(f("quantity"), fmt.Errorf("%d is more than the %d units a proposal line can hold", l.Quantity, MaxQuantity))
		}
		if l.UnitPrice.IsNegative() {
			add(f("unit_price"), fmt.Errorf("%s is negative", l.UnitPrice))
		} else if err := checkAmount(l.UnitPrice); err != nil {
			add(f("unit_price"), err)
		}
		switch {
		case l.Category != TrueForward && !l.Uplift.IsZero():
			add(f("uplift"), fmt.Errorf("%s on a %s line: the premium applies to true-forward lines only", l.Uplift, l.Category))
		case l.Category == TrueForward:
			if err := checkRate(l.Uplift); err != nil {
				add(f("uplift"), err)
			}
		}
	}
	if n > len(errs) {
		errs = append(errs, fmt.Errorf("and %d more problems", n-len(errs)))
	}
	return errors.Join(errs...)
}

// civil returns t's date at 00:00 UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
