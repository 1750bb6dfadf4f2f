package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/jsonnum"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// accountJSON is the smart_account.json shape.
type accountJSON struct {
	Name            string   `json:"name"`
	Domain          string   `json:"domain"`
	Currency        string   `json:"currency,omitempty"`
	CustomerDomains []string `json:"customer_domains,omitempty"`
	TakenAt         string   `json:"taken_at,omitempty"`
	VirtualAccounts []vaJSON `json:"virtual_accounts"`
}

type vaJSON struct {
	Name         string `json:"name"`
	BusinessUnit string `json:"business_unit,omitempty"`
	Region       string `json:"region,omitempty"`
	Workload     string `json:"workload,omitempty"`
	Environment  string `json:"environment,omitempty"`
}

// accountKeys are the keys of smart_account.json.
var accountKeys = []string{"name", "domain", "currency", "customer_domains", "taken_at", "virtual_accounts"}

// decodeAccount reads smart_account.json into the snapshot's Account and
// TakenAt. It walks the document token by token so that an error about one
// Virtual Account can name its line and column.
func decodeAccount(data []byte, snap *smartaccount.Snapshot, warn func(Warning)) []*smartaccount.ParseError {
	acct := &snap.Account
	var errs []*smartaccount.ParseError
	at := func(off int64, field string, err error) *smartaccount.ParseError {
		line, col := jsonnum.Position(data, jsonnum.SkipSpace(data, off))
		return &smartaccount.ParseError{File: SmartAccountFile, Line: line, Column: col, Field: field, Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(err error) []*smartaccount.ParseError {
		// A Decoder's syntax-error offsets are relative to the value it was
		// decoding; a whole-document Unmarshal gives absolute ones.
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			if uerr := json.Unmarshal(data, new(any)); uerr != nil {
				err = uerr
			}
		}
		return append(errs, &smartaccount.ParseError{File: SmartAccountFile, Err: jsonnum.Describe(data, err)})
	}
	if tok, err := dec.Token(); err != nil {
		return fail(err)
	} else if tok != json.Delim('{') {
		return []*smartaccount.ParseError{at(0, "", errors.New("the document must be a JSON object"))}
	}
	seen := map[string]int64{}
	for dec.More() {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := tok.(string)
		var target any
		switch key {
		case "name":
			target = &acct.Name
		case "domain":
			target = &acct.Domain
		case "currency":
			target = &acct.Currency
		case "customer_domains":
			target = &acct.CustomerDomains
		case "taken_at":
			var text string
			if err := dec.Decode(&text); err != nil {
				return fail(err)
			}
			t, err := time.Parse(time.RFC3339Nano, text)
			if err != nil {
				errs = append(errs, at(off, key, fmt.Errorf("%q is not an RFC 3339 instant", text)))
			}
			snap.TakenAt = t.UTC()
			continue
		case "virtual_accounts":
			if tok, err := dec.Token(); err != nil {
				return fail(err)
			} else if tok != json.Delim('[') {
				return append(errs, at(off, key, errors.New("must be a list")))
			}
			for i := 0; dec.More(); i++ {
				voff := dec.InputOffset()
				var raw vaJSON
				if err := dec.Decode(&raw); err != nil {
					return fail(err)
				}
				field := fmt.Sprintf("virtual_accounts[%d]", i)
				va := smartaccount.VirtualAccount{Name: raw.Name, BusinessUnit: raw.BusinessUnit, Region: raw.Region}
				if raw.Name == "" {
					errs = append(errs, at(voff, field+".name", errors.New("a name is required")))
				} else if first, dup := seen[raw.Name]; dup {
					line, _ := jsonnum.Position(data, jsonnum.SkipSpace(data, first))
					errs = append(errs, at(voff, field+".name", fmt.Errorf("the Virtual Account %q is declared twice (first at line %d)", raw.Name, line)))
				} else {
					seen[raw.Name] = voff
				}
				if va.Workload, err = smartaccount.ParseWorkload(raw.Workload); err != nil {
					errs = append(errs, at(voff, field+".workload", err))
				}
				if va.Environment, err = smartaccount.ParseEnvironment(raw.Environment); err != nil {
					errs = append(errs, at(voff, field+".environment", err))
				}
				acct.VirtualAccounts = append(acct.VirtualAccounts, va)
			}
			if _, err := dec.Token(); err != nil {
				return fail(err)
			}
			continue
		default:
			line, col := jsonnum.Position(data, jsonnum.SkipSpace(data, off))
			warn(Warning{File: SmartAccountFile, Line: line, Column: col, Message: fmt.Sprintf("unknown key %q is ignored%s",
				key, didYouMean(suggestion(key, accountKeys, func(string) bool { return false })))})
			target = new(json.RawMessage)
		}
		if err := dec.Decode(target); err != nil {
			return fail(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	if acct.Name == "" {
		errs = append(errs, at(0, "name", errors.New("the Smart Account needs a name")))
	}
	if acct.Domain == "" {
		errs = append(errs, at(0, "domain", errors.New("the Smart Account needs a domain")))
	}
	return errs
}

func encodeAccount(snap *smartaccount.Snapshot) ([]byte, error) {
	a := &snap.Account
	raw := accountJSON{Name: a.Name, Domain: a.Domain, Currency: a.Currency, CustomerDomains: a.CustomerDomains,
		VirtualAccounts: make([]vaJSON, 0, len(a.VirtualAccounts))}
	if !snap.TakenAt.IsZero() {
		raw.TakenAt = snap.TakenAt.UTC().Format(time.RFC3339Nano)
	}
	for _, va := range a.VirtualAccounts {
		raw.VirtualAccounts = append(raw.VirtualAccounts, vaJSON{Name: va.Name, BusinessUnit: va.BusinessUnit,
			Region: va.Region, Workload: va.Workload.String(), Environment: va.Environment.String()})
	}
	return json.MarshalIndent(raw, "", "  ")
}

// optionsJSON is the options.json shape. Rates are decimal strings or JSON
// numbers, read as jsonnum.Text so no float is involved.
type optionsJSON struct {
	AsOf                    string       `json:"as_of,omitempty"`
	RenewalDate             string       `json:"renewal_date,omitempty"`
	PriceCap                jsonnum.Text `json:"price_cap,omitempty"`
	CapKind                 string       `json:"cap_kind,omitempty"`
	TrueForwardUpliftTarget jsonnum.Text `json:"true_forward_uplift_target,omitempty"`
	GrowthAllowance         jsonnum.Text `json:"growth_allowance,omitempty"`
	StaleAfterDays          *int         `json:"stale_after_days,omitempty"`
	ReclaimStale            *bool        `json:"reclaim_stale,omitempty"`
	DiscountRate            jsonnum.Text `json:"discount_rate,omitempty"`
	BenchmarkDiscount       jsonnum.Text `json:"benchmark_discount,omitempty"`
	Industry                string       `json:"industry,omitempty"`
	ExceptionalGrowth       jsonnum.Text `json:"exceptional_growth,omitempty"`
	DormantDays             *int         `json:"dormant_after_days,omitempty"`
	SLRConfirmDays          *int         `json:"slr_confirm_days,omitempty"`
	SLRExpiryDays           *int         `json:"slr_expiry_days,omitempty"`
}

// optionKeys are the keys of options.json, in the order docs/dataset.md
// lists them.
var optionKeys = []string{"as_of", "renewal_date", "price_cap", "cap_kind", "true_forward_uplift_target",
	"growth_allowance", "exceptional_growth", "stale_after_days", "reclaim_stale", "dormant_after_days",
	"slr_confirm_days", "slr_expiry_days", "discount_rate", "benchmark_discount", "industry"}

func decodeOptions(data []byte) (*Options, error) {
	var raw optionsJSON
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonnum.Describe(data, err)
	}
	o := &Options{StaleAfterDays: raw.StaleAfterDays, ReclaimStale: raw.ReclaimStale, Industry: raw.Industry,
		DormantDays: raw.DormantDays, SLRConfirmDays: raw.SLRConfirmDays, SLRExpiryDays: raw.SLRExpiryDays}
	var err error
	for _, d := range []struct {
		key string
		in  string
		out *time.Time
	}{{"as_of", raw.AsOf, &o.AsOf}, {"renewal_date", raw.RenewalDate, &o.RenewalDate}} {
		if d.in == "" {
			continue
		}
		if *d.out, err = parseDate([]byte(d.in)); err != nil {
			return nil, &jsonnum.FieldError{Field: d.key, Err: err}
		}
	}
	for _, r := range []struct {
		key string
		in  jsonnum.Text
		out *decimal.NullDecimal
	}{
		{"price_cap", raw.PriceCap, &o.PriceCap},
		{"true_forward_uplift_target", raw.TrueForwardUpliftTarget, &o.TrueForwardUpliftTarget},
		{"growth_allowance", raw.GrowthAllowance, &o.GrowthAllowance},
		{"exceptional_growth", raw.ExceptionalGrowth, &o.ExceptionalGrowth},
		{"discount_rate", raw.DiscountRate, &o.DiscountRate},
		{"benchmark_discount", raw.BenchmarkDiscount, &o.BenchmarkDiscount},
	} {
		if r.in == "" {
			continue
		}
		d, err := pricing.ParseRate(string(r.in))
		if err != nil {
			return nil, &jsonnum.FieldError{Field: r.key, Err: err}
		}
		if d.IsNegative() {
			return nil, &jsonnum.FieldError{Field: r.key, Err: fmt.Errorf("%s is negative", d)}
		}
		*r.out = decimal.NewNullDecimal(d)
	}
	if raw.CapKind != "" {
		k, err := pricing.ParseCapKind(raw.CapKind)
		if err != nil {
			return nil, &jsonnum.FieldError{Field: "cap_kind", Err: err}
		}
		o.CapKind = &k
	}
	for _, w := range []struct {
		key  string
		days *int
	}{{"stale_after_days", o.StaleAfterDays}, {"dormant_after_days", o.DormantDays}, {"slr_confirm_days", o.SLRConfirmDays}, {"slr_expiry_days", o.SLRExpiryDays}} {
		if w.days != nil && *w.days < 0 {
			return nil, &jsonnum.FieldError{Field: w.key, Err: fmt.Errorf("%d is negative", *w.days)}
		}
	}
	return o, nil
}

// rates lists the rates given, for warnings.
func (o *Options) rates() []namedRate {
	var out []namedRate
	for _, r := range []struct {
		key string
		d   decimal.NullDecimal
	}{
		{"price_cap", o.PriceCap}, {"true_forward_uplift_target", o.TrueForwardUpliftTarget},
		{"growth_allowance", o.GrowthAllowance}, {"exceptional_growth", o.ExceptionalGrowth},
		{"discount_rate", o.DiscountRate}, {"benchmark_discount", o.BenchmarkDiscount},
	} {
		if r.d.Valid {
			out = append(out, namedRate{r.key, r.d.Decimal})
		}
	}
	return out
}

func encodeOptions(o *Options) ([]byte, error) {
	raw := optionsJSON{StaleAfterDays: o.StaleAfterDays, ReclaimStale: o.ReclaimStale, Industry: o.Industry,
		DormantDays: o.DormantDays, SLRConfirmDays: o.SLRConfirmDays, SLRExpiryDays: o.SLRExpiryDays}
	if o.CapKind != nil {
		raw.CapKind = o.CapKind.String()
	}
	if !o.AsOf.IsZero() {
		raw.AsOf = o.AsOf.Format(time.DateOnly)
	}
	if !o.RenewalDate.IsZero() {
		raw.RenewalDate = o.RenewalDate.Format(time.DateOnly)
	}
	num := func(d decimal.NullDecimal) jsonnum.Text {
		if !d.Valid {
			return ""
		}
		return jsonnum.Text(d.Decimal.String())
	}
	raw.PriceCap, raw.TrueForwardUpliftTarget, raw.GrowthAllowance = num(o.PriceCap), num(o.TrueForwardUpliftTarget), num(o.GrowthAllowance)
	raw.DiscountRate, raw.BenchmarkDiscount = num(o.DiscountRate), num(o.BenchmarkDiscount)
	raw.ExceptionalGrowth = num(o.ExceptionalGrowth)
	return json.MarshalIndent(raw, "", "  ")
}

// key is a top-level key of a JSON object and the offset where it starts;
// for an unknown key, suggest is the known key it is one edit away from.
type key struct {
	name    string
	offset  int64
	suggest string
}

// unknownKeys lists the top-level keys of the JSON object in data that are
// not in known, so that a misspelt setting ("pricecap") is reported instead
// of silently falling back to its default, with the known key it is one edit
// away from when there is one. data has been decoded already; anything
// unexpected ends the scan quietly.
func unknownKeys(data []byte, known []string) []key {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var all []key
	for dec.More() {
		off := jsonnum.SkipSpace(data, dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			break
		}
		name, _ := tok.(string)
		all = append(all, key{name: name, offset: off})
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			break
		}
	}
	given := func(k string) bool { return slices.ContainsFunc(all, func(g key) bool { return g.name == k }) }
	var out []key
	for _, k := range all {
		if !slices.Contains(known, k.name) {
			k.suggest = suggestion(k.name, known, given)
			out = append(out, k)
		}
	}
	return out
}
