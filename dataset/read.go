package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/openrenewal/smartlicensing/internal/jsonnum"
	"github.com/openrenewal/smartlicensing/pricing"
	"github.com/openrenewal/smartlicensing/slp/policy"
	"github.com/openrenewal/smartlicensing/smartaccount"
	"github.com/openrenewal/smartlicensing/trueforward"
)

// The columns of each CSV file, in DESIGN's order, which is the order Write
// writes them in. Readers and writers address fields by these indices.
const (
	entVA = iota
	entLicense
	entTag
	entType
	entQuantity
	entStart
	entEnd
	entSubscription
	entStatus
)

const (
	piPID = iota
	piSerial
	piHostname
	piVA
	piProductTag
	piLicense
	piQuantity
	piRegistered
	piLastContact
	piLastReport
	piLastACK
	piTransport
)

const (
	fpPID = iota
	fpSerial
	fpHostname
	fpStatus
	fpSite
	fpBusinessUnit
	fpRegion
	fpWorkload
	fpEnvironment
	fpAirGap
	fpRequiredLicense
	fpInService
	fpGrowthSource
)

const (
	usEmail = iota
	usName
	usRole
	usVA
	usLastLogin
)

const (
	rsPID = iota
	rsSerial
	rsVA
	rsLicense
	rsTag
	rsQuantity
	rsType
	rsStart
	rsEnd
	rsState
	rsRequestCode
	rsAuthorized
	rsConfirmationCode
	rsReturnCode
	rsAirGap
)

const (
	iuVA = iota
	iuLicense
	iuInUse
)

var (
	entitlementColumns = []string{entVA: "virtual_account", entLicense: "license", entTag: "tag",
		entType: "license_type", entQuantity: "quantity", entStart: "start_date", entEnd: "end_date",
		entSubscription: "subscription_id", entStatus: "status"}
	instanceColumns = []string{piPID: "udi_pid", piSerial: "udi_serial", piHostname: "hostname",
		piVA: "virtual_account", piProductTag: "product_tag", piLicense: "license", piQuantity: "quantity",
		piRegistered: "registration_date", piLastContact: "last_contact", piLastReport: "last_report",
		piLastACK: "last_ack", piTransport: "transport"}
	footprintColumns = []string{fpPID: "udi_pid", fpSerial: "udi_serial", fpHostname: "hostname",
		fpStatus: "status", fpSite: "site", fpBusinessUnit: "business_unit", fpRegion: "region",
		fpWorkload: "workload", fpEnvironment: "environment", fpAirGap: "air_gap",
		fpRequiredLicense: "required_license", fpInService: "in_service_date", fpGrowthSource: "growth_source"}
	userColumns = []string{usEmail: "email", usName: "name", usRole: "role", usVA: "virtual_account",
		usLastLogin: "last_login"}
	reservationColumns = []string{rsPID: "udi_pid", rsSerial: "udi_serial", rsVA: "virtual_account",
		rsLicense: "license", rsTag: "tag", rsQuantity: "quantity", rsType: "license_type",
		rsStart: "start_date", rsEnd: "end_date", rsState: "state", rsRequestCode: "request_code",
		rsAuthorized: "authorization_date", rsConfirmationCode: "confirmation_code",
		rsReturnCode: "return_code", rsAirGap: "air_gap"}
	inUseColumns = []string{iuVA: "virtual_account", iuLicense: "license", iuInUse: "in_use"}
)

// Read reads the dataset directory fsys (for a directory on disk,
// os.DirFS(dir)). Only smart_account.json, entitlements.csv and
// product_instances.csv are required. Errors are *smartaccount.ParseError values, joined
// when there are several (errors.As finds the first); problems that do not
// stop the read are in Dataset.Warnings.
func Read(ctx context.Context, fsys fs.FS) (*Dataset, error) {
	r := &reader{ctx: ctx, fsys: fsys, ds: &Dataset{}}
	return r.read()
}

type reader struct {
	ctx  context.Context
	fsys fs.FS
	ds   *Dataset
	errs errorList
	vas  map[string]bool
}

func (r *reader) warn(w Warning) { r.ds.Warnings = append(r.ds.Warnings, w) }

func (r *reader) read() (*Dataset, error) {
	snap := &r.ds.Snapshot
	data, err := r.readJSON(SmartAccountFile, true)
	if err != nil {
		return nil, err
	}
	for _, e := range decodeAccount(data, snap, r.warn) {
		r.errs.add(e)
	}
	r.vas = make(map[string]bool, len(snap.Account.VirtualAccounts))
	for _, va := range snap.Account.VirtualAccounts {
		r.vas[va.Name] = true
	}

	steps := []struct {
		file     string
		required bool
		read     func(*table)
		columns  []string
		needed   []string // the required columns
	}{
		{EntitlementsFile, true, r.entitlements, entitlementColumns, []string{"virtual_account", "license", "quantity", "license_type"}},
		{ProductInstancesFile, true, r.instances, instanceColumns, []string{"udi_pid", "udi_serial", "virtual_account", "license"}},
		{InUseFile, false, r.inUse, inUseColumns, []string{"virtual_account", "license", "in_use"}},
		{FootprintFile, false, r.footprint, footprintColumns, []string{"udi_pid", "udi_serial", "status"}},
		{UsersFile, false, r.users, userColumns, []string{"email"}},
		{ReservationsFile, false, r.reservations, reservationColumns, []string{"udi_pid", "udi_serial"}},
	}
	for _, s := range steps {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
		if r.errs.full() {
			break
		}
		t, closer, err := openTable(r.fsys, s.file, s.needed, s.columns, &r.errs, r.warn)
		switch {
		case errors.Is(err, fs.ErrNotExist) && !s.required:
			continue
		case errors.Is(err, fs.ErrNotExist):
			r.errs.add(&smartaccount.ParseError{File: s.file, Err: errors.New("required file is missing")})
			continue
		case err != nil:
			r.errs.add(asParseError(s.file, err))
			continue
		}
		s.read(t)
		closer.Close()
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
		r.ds.Inputs = append(r.ds.Inputs, t.finish())
	}

	docs := []struct {
		file   string
		keys   []string
		decode func([]byte) error
	}{
		{ProposalFile, []string{"vendor", "currency", "term_years", "start_date", "annual_uplift", "yearly_uplift",
			"prior_annual_spend", "stated_total", "lines", "tiers"},
			func(b []byte) (err error) { r.ds.Proposal, err = r.proposal(b); return err }},
		{ForecastFile, []string{"organic_growth_rate", "projects", "acquisitions"},
			func(b []byte) (err error) { r.ds.Forecast, err = trueforward.ParseForecast(b); return err }},
		{OptionsFile, optionKeys,
			func(b []byte) (err error) { r.ds.Options, err = decodeOptions(b); return err }},
		{PolicyFile, []string{"name", "ack_required", "unenforced-perpetual", "unenforced-subscription", "enforced", "export"},
			func(b []byte) error {
				p, err := policy.Parse(b)
				r.ds.Policy = &p
				return err
			}},
	}
	for _, d := range docs {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
		data, err := r.readJSON(d.file, false)
		switch {
		case err != nil:
			r.errs.add(asParseError(d.file, err))
		case data == nil: // absent
		default:
			if err := d.decode(data); err != nil {
				r.documentErrors(d.file, data, err)
				continue
			}
			for _, k := range unknownKeys(data, d.keys) {
				line, col := jsonnum.Position(data, k.offset)
				r.warn(Warning{File: d.file, Line: line, Column: col, Message: fmt.Sprintf("unknown key %q is ignored", k.name)})
			}
		}
	}
	if err := r.errs.err(); err != nil {
		return nil, err
	}
	return r.ds, nil
}

// proposal parses proposal.json and validates it: invalid fields are
// errors; a stated total that differs from the computed TCV is a warning,
// since it is a fact about the vendor's document worth showing, not a
// reason to stop.
func (r *reader) proposal(data []byte) (*pricing.Proposal, error) {
	p, err := pricing.ParseProposal(data)
	if err != nil {
		return nil, err
	}
	err = p.Validate()
	var mismatch *pricing.TotalMismatchError
	if errors.As(err, &mismatch) {
		w := Warning{File: ProposalFile, Message: mismatch.Error()}
		w.Line, w.Column, _ = jsonnum.Locate(data, "stated_total")
		r.warn(w)
		return p, nil
	}
	return p, err
}

// documentErrors records an error about a JSON document as *ParseErrors,
// one per joined error; an error about one field (a *jsonnum.FieldError,
// pricing.FieldError among them) gets the line and column where that
// field's value stands.
func (r *reader) documentErrors(file string, data []byte, err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			r.documentErrors(file, data, e)
		}
		return
	}
	var fe *jsonnum.FieldError
	if errors.As(err, &fe) {
		if line, col, ok := jsonnum.Locate(data, fe.Field); ok {
			r.errs.add(&smartaccount.ParseError{File: file, Line: line, Column: col, Field: fe.Field, Err: fe.Err})
			return
		}
	}
	r.errs.add(&smartaccount.ParseError{File: file, Err: err})
}

// asParseError makes sure an error about file is a *smartaccount.ParseError naming it.
func asParseError(file string, err error) *smartaccount.ParseError {
	var pe *smartaccount.ParseError
	if errors.As(err, &pe) {
		return pe
	}
	return &smartaccount.ParseError{File: file, Err: err}
}

// readJSON reads a whole JSON file, bounded by MaxJSONBytes, and records its
// evidence. A missing optional file gives nil data and no error.
func (r *reader) readJSON(name string, required bool) ([]byte, error) {
	f, err := r.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return nil, nil
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &smartaccount.ParseError{File: name, Err: errors.New("required file is missing")}
		}
		return nil, &smartaccount.ParseError{File: name, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxJSONBytes+1))
	if err != nil {
		return nil, &smartaccount.ParseError{File: name, Err: err}
	}
	if len(data) > MaxJSONBytes {
		return nil, &smartaccount.ParseError{File: name, Err: fmt.Errorf("file is larger than the %d bytes accepted: %w", MaxJSONBytes, smartaccount.ErrTooLarge)}
	}
	sum := sha256.Sum256(data)
	r.ds.Inputs = append(r.ds.Inputs, Input{File: name, SHA256: hex.EncodeToString(sum[:]), Records: 1, Bytes: int64(len(data))})
	return data, nil
}

// knownVA records an error when a row names a Virtual Account that
// smart_account.json does not declare.
func (r *reader) knownVA(t *table, col int, name string) {
	if name != "" && !r.vas[name] {
		t.fail(col, "virtual_account", fmt.Errorf("the Virtual Account %q is not declared in %s", name, SmartAccountFile))
	}
}

func (r *reader) udi(t *table, pidCol, snCol int) smartaccount.UDI {
	_, ok1 := t.required(pidCol, "udi_pid")
	sn, ok2 := t.required(snCol, "udi_serial")
	if !ok1 || !ok2 {
		return smartaccount.UDI{}
	}
	u, err := smartaccount.NewUDI(t.interned(pidCol), sn)
	if err != nil {
		t.fail(snCol, "udi_serial", err)
		return u
	}
	if u.Serial == sn {
		u.Serial = t.owned(snCol)
	}
	return u
}

func (r *reader) entitlements(t *table) {
	c := columnsOf(t, entitlementColumns)
	for {
		ok, err := t.next(r.ctx)
		if !ok || err != nil || t.errs.full() {
			return
		}
		e := smartaccount.Entitlement{
			VirtualAccount: t.interned(c[entVA]),
			License:        t.interned(c[entLicense]),
			Quantity:       t.quantity(c[entQuantity], "quantity", -1),
			Type:           tableEnum(t, c[entType], "license_type", smartaccount.ParseLicenseType),
			Tag:            t.interned(c[entTag]),
			Start:          t.date(c[entStart], "start_date"),
			End:            t.date(c[entEnd], "end_date"),
			SubscriptionID: t.owned(c[entSubscription]),
			Status:         t.interned(c[entStatus]),
			Ref:            smartaccount.Ref{Source: t.file, Line: t.line()},
		}
		if e.Status == "" {
			e.Status = smartaccount.EntitlementActive
		}
		if e.License == "" {
			t.required(c[entLicense], "license")
		}
		if e.Quantity == -1 {
			t.required(c[entQuantity], "quantity")
		}
		if e.Type == 0 {
			t.required(c[entType], "license_type")
		}
		if !e.Start.IsZero() && !e.End.IsZero() && e.End.Before(e.Start) {
			t.fail(c[entEnd], "end_date", fmt.Errorf("%s is before start_date %s", e.End.Format("2006-01-02"), e.Start.Format("2006-01-02")))
		}
		if _, ok := t.required(c[entVA], "virtual_account"); ok {
			r.knownVA(t, c[entVA], e.VirtualAccount)
		}
		r.ds.Snapshot.Entitlements = append(presize(t, r.ds.Snapshot.Entitlements), e)
	}
}

func (r *reader) instances(t *table) {
	c := columnsOf(t, instanceColumns)
	for {
		ok, err := t.next(r.ctx)
		if !ok || err != nil || t.errs.full() {
			return
		}
		p := smartaccount.ProductInstance{
			UDI:            r.udi(t, c[piPID], c[piSerial]),
			VirtualAccount: t.interned(c[piVA]),
			License:        t.interned(c[piLicense]),
			Hostname:       t.owned(c[piHostname]),
			ProductTag:     t.interned(c[piProductTag]),
			Quantity:       t.quantity(c[piQuantity], "quantity", 1),
			Registered:     t.instant(c[piRegistered], "registration_date"),
			LastContact:    t.instant(c[piLastContact], "last_contact"),
			LastReport:     t.instant(c[piLastReport], "last_report"),
			LastACK:        t.instant(c[piLastACK], "last_ack"),
			Transport:      tableEnum(t, c[piTransport], "transport", smartaccount.ParseTransport),
			Ref:            smartaccount.Ref{Source: t.file, Line: t.line()},
		}
		if _, ok := t.required(c[piVA], "virtual_account"); ok {
			r.knownVA(t, c[piVA], p.VirtualAccount)
		}
		t.required(c[piLicense], "license")
		r.ds.Snapshot.Instances = append(presize(t, r.ds.Snapshot.Instances), p)
	}
}

func (r *reader) footprint(t *table) {
	c := columnsOf(t, footprintColumns)
	seen := map[smartaccount.UDI]int{}
	for {
		ok, err := t.next(r.ctx)
		if !ok || err != nil || t.errs.full() {
			return
		}
		d := smartaccount.Device{
			UDI:             r.udi(t, c[fpPID], c[fpSerial]),
			Status:          tableEnum(t, c[fpStatus], "status", smartaccount.ParseFootprintStatus),
			Hostname:        t.owned(c[fpHostname]),
			Site:            t.interned(c[fpSite]),
			BusinessUnit:    t.interned(c[fpBusinessUnit]),
			Region:          t.interned(c[fpRegion]),
			Workload:        tableEnum(t, c[fpWorkload], "workload", smartaccount.ParseWorkload),
			Environment:     tableEnum(t, c[fpEnvironment], "environment", smartaccount.ParseEnvironment),
			AirGap:          tableEnum(t, c[fpAirGap], "air_gap", smartaccount.ParseAirGap),
			RequiredLicense: t.interned(c[fpRequiredLicense]),
			InService:       t.date(c[fpInService], "in_service_date"),
			GrowthSource:    tableEnum(t, c[fpGrowthSource], "growth_source", smartaccount.ParseGrowthSource),
			Ref:             smartaccount.Ref{Source: t.file, Line: t.line()},
		}
		if d.Status == 0 {
			t.required(c[fpStatus], "status")
		}
		if prev, dup := seen[d.UDI]; dup && !d.UDI.IsZero() {
			r.warn(Warning{File: t.file, Line: d.Ref.Line, Message: fmt.Sprintf("device %s is listed again (first at line %d)", d.UDI, prev)})
		} else {
			seen[d.UDI] = d.Ref.Line
		}
		r.ds.Snapshot.Footprint = append(presize(t, r.ds.Snapshot.Footprint), d)
	}
}

func (r *reader) users(t *table) {
	c := columnsOf(t, userColumns)
	for {
		ok, err := t.next(r.ctx)
		if !ok || err != nil || t.errs.full() {
			return
		}
		u := smartaccount.User{
			Email:          t.owned(c[usEmail]),
			Name:           t.owned(c[usName]),
			Role:           tableEnum(t, c[usRole], "role", smartaccount.ParseRole),
			VirtualAccount: t.interned(c[usVA]), // an unknown VA here is an orphan role: a finding, not an error
			LastLogin:      t.instant(c[usLastLogin], "last_login"),
			Ref:            smartaccount.Ref{Source: t.file, Line: t.line()},
		}
		t.required(c[usEmail], "email")
		r.ds.Snapshot.Users = append(presize(t, r.ds.Snapshot.Users), u)
	}
}

func (r *reader) reservations(t *table) {
	c := columnsOf(t, reservationColumns)
	for {
		ok, err := t.next(r.ctx)
		if !ok || err != nil || t.errs.full() {
			return
		}
		s := smartaccount.Reservation{
			UDI:               r.udi(t, c[rsPID], c[rsSerial]),
			VirtualAccount:    t.interned(c[rsVA]),
			License:           t.interned(c[rsLicense]),
			Tag:               t.interned(c[rsTag]),
			Quantity:          t.quantity(c[rsQuantity], "quantity", 1),
			Type:              tableEnum(t, c[rsType], "license_type", smartaccount.ParseLicenseType),
			Start:             t.date(c[rsStart], "start_date"),
			End:               t.date(c[rsEnd], "end_date"),
			State:             tableEnum(t, c[rsState], "state", smartaccount.ParseReservationState),
			RequestCode:       t.owned(c[rsRequestCode]),
			AuthorizationDate: t.date(c[rsAuthorized], "authorization_date"),
			ConfirmationCode:  t.owned(c[rsConfirmationCode]),
			ReturnCode:        t.owned(c[rsReturnCode]),
			AirGap:            tableEnum(t, c[rsAirGap], "air_gap", smartaccount.ParseAirGap),
			Ref:               smartaccount.Ref{Source: t.file, Line: t.line()},
		}
		r.knownVA(t, c[rsVA], s.VirtualAccount)
		r.ds.Snapshot.Reservations = append(presize(t, r.ds.Snapshot.Reservations), s)
	}
}

func (r *reader) inUse(t *table) {
	c := columnsOf(t, inUseColumns)
	type key struct{ va, license string }
	seen := map[key]int{}
	for {
		ok, err := t.next(r.ctx)
		if !ok || err != nil || t.errs.full() {
			return
		}
		u := smartaccount.InUse{
			VirtualAccount: t.interned(c[iuVA]),
			License:        t.interned(c[iuLicense]),
			Quantity:       t.quantity(c[iuInUse], "in_use", -1),
			Ref:            smartaccount.Ref{Source: t.file, Line: t.line()},
		}
		if _, ok := t.required(c[iuVA], "virtual_account"); ok {
			r.knownVA(t, c[iuVA], u.VirtualAccount)
		}
		t.required(c[iuLicense], "license")
		if u.Quantity == -1 {
			t.required(c[iuInUse], "in_use")
		}
		k := key{u.VirtualAccount, u.License}
		if first, dup := seen[k]; dup {
			t.fail(c[iuLicense], "license", fmt.Errorf("CSSM's in-use count of %q in %q is given twice (first at line %d)", u.License, u.VirtualAccount, first))
		} else {
			seen[k] = u.Ref.Line
		}
		r.ds.Snapshot.InUse = append(r.ds.Snapshot.InUse, u)
	}
}

// columnsOf resolves the field index of each named column (-1 when absent).
func columnsOf(t *table, names []string) []int {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = t.column(n)
	}
	return idx
}
