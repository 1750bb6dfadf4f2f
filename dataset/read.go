package dataset

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/openrenewal/smartlicensing/internal/jsonnum"
	"github.com/openrenewal/smartlicensing/internal/parallel"
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
// stop the read are in Dataset.Warnings, the optional files missing in
// Dataset.Absent.
//
// A CSV file is read twice: once to count its line breaks, which sizes its
// rows from the bytes themselves, then to parse it in chunks, one worker per
// processor (GOMAXPROCS). Beyond the rows, memory stays within a few
// chunks of 2 MiB. The files are counted at once, each by a goroutine of its
// own: fsys must allow its files to be read concurrently, as os.DirFS and
// fstest.MapFS do.
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
		return nil, r.explainMissing(err)
	}
	// A Virtual Account given twice is still decoded, so that the CSV files
	// are checked against the names the document holds.
	if err := jsonnum.CheckDuplicateKeys(data); err != nil {
		r.documentErrors(SmartAccountFile, data, err)
	}
	for _, e := range decodeAccount(data, snap, r.warn) {
		r.errs.add(e)
	}
	r.vas = make(map[string]bool, len(snap.Account.VirtualAccounts))
	for _, va := range snap.Account.VirtualAccounts {
		r.vas[va.Name] = true
	}

	if !r.tables() {
		return nil, r.ctx.Err()
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
			func(b []byte) (err error) {
				if r.ds.Forecast, err = trueforward.ParseForecast(b); err == nil {
					r.warnRates(ForecastFile, b, []namedRate{{"organic_growth_rate", r.ds.Forecast.OrganicGrowthRate}})
				}
				return err
			}},
		{OptionsFile, optionKeys,
			func(b []byte) (err error) {
				if r.ds.Options, err = decodeOptions(b); err == nil {
					r.warnRates(OptionsFile, b, r.ds.Options.rates())
				}
				return err
			}},
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
			err := jsonnum.CheckDuplicateKeys(data)
			if err == nil {
				err = d.decode(data)
			}
			if err != nil {
				r.documentErrors(d.file, data, err)
				continue
			}
			for _, k := range unknownKeys(data, d.keys) {
				line, col := jsonnum.Position(data, k.offset)
				r.warn(Warning{File: d.file, Line: line, Column: col, Message: fmt.Sprintf("unknown key %q is ignored%s", k.name, didYouMean(k.suggest))})
			}
		}
	}
	if err := r.errs.err(); err != nil {
		return nil, err
	}
	return r.ds, nil
}

// errMissing is the error of a required file that is not there.
var errMissing = errors.New("required file is missing")

// explainMissing says why smart_account.json, the first file read, could
// not be opened when the reason is the directory itself: it does not exist,
// it is empty, it is a file, or the dataset is one level down.
func (r *reader) explainMissing(err error) error {
	var pe *fs.PathError
	if !errors.Is(err, errMissing) && !errors.As(err, &pe) {
		return err
	}
	entries, derr := fs.ReadDir(r.fsys, ".")
	switch {
	case errors.Is(derr, fs.ErrNotExist):
		return &smartaccount.ParseError{Err: fmt.Errorf("the dataset directory does not exist: %w", derr)}
	case derr != nil:
		return &smartaccount.ParseError{Err: fmt.Errorf("the dataset directory cannot be read: %w", derr)}
	case len(entries) == 0:
		return &smartaccount.ParseError{Err: fmt.Errorf("the dataset directory is empty: it needs %s, %s and %s at least (docs/dataset.md)",
			SmartAccountFile, EntitlementsFile, ProductInstancesFile)}
	}
	for _, e := range entries {
		if _, err := fs.Stat(r.fsys, e.Name()+"/"+SmartAccountFile); e.IsDir() && err == nil {
			return &smartaccount.ParseError{File: SmartAccountFile,
				Err: fmt.Errorf("required file is missing; the subdirectory %s holds one: is the dataset there?", e.Name())}
		}
	}
	return err
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
	for _, fe := range p.RateWarnings() {
		w := Warning{File: ProposalFile, Message: fe.Error()}
		w.Line, w.Column, _ = jsonnum.Locate(data, fe.Field)
		r.warn(w)
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

// namedRate is a rate of a JSON document and the field that holds it.
type namedRate struct {
	field string
	rate  decimal.Decimal
}

// warnRates warns about every rate above 1 (100 %) with its likely meaning
// (pricing.RateWarning), at the field that holds it.
func (r *reader) warnRates(file string, data []byte, rates []namedRate) {
	for _, nr := range rates {
		if msg := pricing.RateWarning(nr.rate); msg != "" {
			w := Warning{File: file, Message: nr.field + ": " + msg}
			w.Line, w.Column, _ = jsonnum.Locate(data, nr.field)
			r.warn(w)
		}
	}
}

// documentErrors records an error about a JSON document as *ParseErrors,
// one per joined error; an error about one field (a *jsonnum.FieldError,
// pricing.FieldError among them) gets the line and column where that
// field's value stands, a duplicate key those of its second occurrence.
func (r *reader) documentErrors(file string, data []byte, err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			r.documentErrors(file, data, e)
		}
		return
	}
	var dup *jsonnum.DuplicateKeyError
	if errors.As(err, &dup) {
		r.errs.add(&smartaccount.ParseError{File: file, Line: dup.Line, Column: dup.Column, Field: dup.Key, Err: duplicateKey{dup}})
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

// duplicateKey states a *jsonnum.DuplicateKeyError inside a ParseError,
// which gives the position and the key itself.
type duplicateKey struct{ *jsonnum.DuplicateKeyError }

func (d duplicateKey) Error() string {
	return fmt.Sprintf("the key is given twice in one object (first at line %d, column %d)", d.FirstLine, d.FirstColumn)
}

func (d duplicateKey) Unwrap() error { return d.DuplicateKeyError }

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
		r.ds.Absent = append(r.ds.Absent, name)
		return nil, nil
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &smartaccount.ParseError{File: name, Err: errMissing}
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

// tables reads the CSV files in the order of the file table, all opened,
// counted and sized first (see openTable); false when the context ended the
// read.
func (r *reader) tables() bool {
	snap := &r.ds.Snapshot
	tables := []csvTable{
		openTable(r, tableSpec[smartaccount.Entitlement]{file: EntitlementsFile, required: true,
			columns: entitlementColumns, needed: []string{"virtual_account", "license", "quantity", "license_type"},
			row: r.entitlement, store: func(rows []smartaccount.Entitlement) { snap.Entitlements = rows }}),
		openTable(r, tableSpec[smartaccount.ProductInstance]{file: ProductInstancesFile, required: true,
			columns: instanceColumns, needed: []string{"udi_pid", "udi_serial", "virtual_account", "license"},
			row: r.instance, store: func(rows []smartaccount.ProductInstance) { snap.Instances = rows }}),
		openTable(r, tableSpec[inUseRow]{file: InUseFile,
			columns: inUseColumns, needed: []string{"virtual_account", "license", "in_use"},
			row: r.inUse, store: func(rows []inUseRow) { snap.InUse = r.checkInUse(rows) }}),
		openTable(r, tableSpec[smartaccount.Device]{file: FootprintFile,
			columns: footprintColumns, needed: []string{"udi_pid", "udi_serial", "status"},
			row: r.device, store: func(rows []smartaccount.Device) { snap.Footprint = rows; r.checkFootprint(rows) }}),
		openTable(r, tableSpec[smartaccount.User]{file: UsersFile,
			columns: userColumns, needed: []string{"email"},
			row: r.user, store: func(rows []smartaccount.User) { snap.Users = rows }}),
		openTable(r, tableSpec[smartaccount.Reservation]{file: ReservationsFile,
			columns: reservationColumns, needed: []string{"udi_pid", "udi_serial"},
			row: r.reservation, store: func(rows []smartaccount.Reservation) { snap.Reservations = rows }}),
	}
	parallel.Do(len(tables), func(i int) { tables[i].count() })
	bySize := slices.Clone(tables)
	slices.SortStableFunc(bySize, func(a, b csvTable) int { return cmp.Compare(a.rowBytes(), b.rowBytes()) })
	for _, t := range bySize {
		t.size(r.fsys)
	}
	for _, t := range tables {
		if r.ctx.Err() != nil || r.errs.full() {
			t.close()
			continue
		}
		t.read(r)
	}
	return r.ctx.Err() == nil
}

// csvTable is a *table of any row type.
type csvTable interface {
	count()
	rowBytes() int64
	size(fs.FS)
	read(*reader)
	close()
}

// knownVA records an error when a row names a Virtual Account that
// smart_account.json does not declare.
func (r *reader) knownVA(w *row, col int, name string) {
	if name != "" && !r.vas[name] {
		w.fail(col, "virtual_account", fmt.Errorf("the Virtual Account %q is not declared in %s", name, SmartAccountFile))
	}
}

func (r *reader) udi(w *row, pidCol, snCol int) smartaccount.UDI {
	pid, sn := w.interned(pidCol), w.owned(snCol)
	ok1 := w.nonEmpty(pidCol, "udi_pid", pid)
	ok2 := w.nonEmpty(snCol, "udi_serial", sn)
	if !ok1 || !ok2 {
		return smartaccount.UDI{}
	}
	u, err := smartaccount.NewUDI(pid, sn)
	if err != nil {
		w.fail(snCol, "udi_serial", err)
	}
	return u
}

func (r *reader) entitlement(w *row, c []int, e *smartaccount.Entitlement) {
	e.VirtualAccount = w.interned(c[entVA])
	e.License = w.interned(c[entLicense])
	e.Quantity = w.quantity(c[entQuantity], "quantity", -1)
	e.Type = rowEnum(w, c[entType], "license_type", smartaccount.ParseLicenseType)
	e.Tag = w.interned(c[entTag])
	e.Start = w.date(c[entStart], "start_date")
	e.End = w.date(c[entEnd], "end_date")
	e.SubscriptionID = w.owned(c[entSubscription])
	e.Status = w.interned(c[entStatus])
	e.Ref = smartaccount.Ref{Source: w.file, Line: w.line()}
	if e.Status == "" {
		e.Status = smartaccount.EntitlementActive
	}
	w.nonEmpty(c[entLicense], "license", e.License)
	if e.Quantity == -1 {
		w.required(c[entQuantity], "quantity")
	}
	if e.Type == 0 {
		w.required(c[entType], "license_type")
	}
	if !e.Start.IsZero() && !e.End.IsZero() && e.End.Before(e.Start) {
		w.fail(c[entEnd], "end_date", fmt.Errorf("%s is before start_date %s", e.End.Format("2006-01-02"), e.Start.Format("2006-01-02")))
	}
	if w.nonEmpty(c[entVA], "virtual_account", e.VirtualAccount) {
		r.knownVA(w, c[entVA], e.VirtualAccount)
	}
}

func (r *reader) instance(w *row, c []int, p *smartaccount.ProductInstance) {
	p.UDI = r.udi(w, c[piPID], c[piSerial])
	p.VirtualAccount = w.interned(c[piVA])
	p.License = w.interned(c[piLicense])
	p.Hostname = w.owned(c[piHostname])
	p.ProductTag = w.interned(c[piProductTag])
	p.Quantity = w.quantity(c[piQuantity], "quantity", 1)
	p.Registered = w.instant(c[piRegistered], "registration_date")
	p.LastContact = w.instant(c[piLastContact], "last_contact")
	p.LastReport = w.instant(c[piLastReport], "last_report")
	p.LastACK = w.instant(c[piLastACK], "last_ack")
	p.Transport = rowEnum(w, c[piTransport], "transport", smartaccount.ParseTransport)
	p.Ref = smartaccount.Ref{Source: w.file, Line: w.line()}
	if w.nonEmpty(c[piVA], "virtual_account", p.VirtualAccount) {
		r.knownVA(w, c[piVA], p.VirtualAccount)
	}
	w.nonEmpty(c[piLicense], "license", p.License)
}

func (r *reader) device(w *row, c []int, d *smartaccount.Device) {
	d.UDI = r.udi(w, c[fpPID], c[fpSerial])
	d.Status = rowEnum(w, c[fpStatus], "status", smartaccount.ParseFootprintStatus)
	d.Hostname = w.owned(c[fpHostname])
	d.Site = w.interned(c[fpSite])
	d.BusinessUnit = w.interned(c[fpBusinessUnit])
	d.Region = w.interned(c[fpRegion])
	d.Workload = rowEnum(w, c[fpWorkload], "workload", smartaccount.ParseWorkload)
	d.Environment = rowEnum(w, c[fpEnvironment], "environment", smartaccount.ParseEnvironment)
	d.AirGap = rowEnum(w, c[fpAirGap], "air_gap", smartaccount.ParseAirGap)
	d.RequiredLicense = w.interned(c[fpRequiredLicense])
	d.InService = w.date(c[fpInService], "in_service_date")
	d.GrowthSource = rowEnum(w, c[fpGrowthSource], "growth_source", smartaccount.ParseGrowthSource)
	d.Ref = smartaccount.Ref{Source: w.file, Line: w.line()}
	if d.Status == 0 {
		w.required(c[fpStatus], "status")
	}
}

// checkFootprint warns about a device listed twice.
func (r *reader) checkFootprint(devices []smartaccount.Device) {
	for _, d := range duplicateDevices(devices, nil) {
		dev := &devices[d.index]
		r.warn(Warning{File: FootprintFile, Line: dev.Ref.Line, Message: fmt.Sprintf("device %s is listed again (first at line %d)", dev.UDI, d.first)})
	}
}

// duplicate is a device listed again: its index and the line of its first listing.
type duplicate struct{ index, first int }

// duplicateDevices finds the devices listed again, in order. It sorts the
// devices by a hash of their UDI (hash, or maphash when nil) — one sort of
// integers, several times cheaper than a map of a million UDIs, whose
// look-ups miss the cache — and compares UDIs only within a run of equal
// hashes.
//
// It runs once the footprint is parsed, when nothing else is, so the keys
// — a hash of each UDI, the costly part — are made in one part per
// processor at once (internal/parallel).
func duplicateDevices(devices []smartaccount.Device, hash func(smartaccount.UDI) uint64) []duplicate {
	if hash == nil {
		seed := maphash.MakeSeed()
		hash = func(u smartaccount.UDI) uint64 { return maphash.Comparable(seed, u) }
	}
	// A key is a hash's top 40 bits over the device's index (MaxCSVLines
	// < 2^24), so that equal hashes sort by index.
	const indexBits = 24
	const index = 1<<indexBits - 1
	const minPart = 1 << 14 // fewer devices are not worth a goroutine
	// Each part writes the keys of its devices that have a UDI from the
	// start of its own range; the parts are then moved together.
	keys := make([]uint64, len(devices))
	parts := parallel.Parts(len(devices), minPart)
	made := make([]int, parts)
	parallel.Do(parts, func(p int) {
		lo, hi := parallel.Range(len(devices), parts, p)
		n := lo
		for i := lo; i < hi; i++ {
			if !devices[i].UDI.IsZero() {
				keys[n] = hash(devices[i].UDI)&^index | uint64(i)
				n++
			}
		}
		made[p] = n - lo
	})
	n := 0
	for p := range parts {
		lo, _ := parallel.Range(len(devices), parts, p)
		n += copy(keys[n:], keys[lo:lo+made[p]])
	}
	keys = keys[:n]
	// The integers sort in parts side by side (slices.Sort each, no
	// comparison function), then merge.
	parallel.Sort(keys, 1<<16)
	var dups []duplicate
	for start := 0; start < len(keys); {
		end := start + 1
		for end < len(keys) && keys[end]>>indexBits == keys[start]>>indexBits {
			end++
		}
		// Within the run, a device is listed again when an earlier one has
		// its UDI; the earliest is its first listing.
		for a := start + 1; a < end; a++ {
			da := &devices[keys[a]&index]
			for b := start; b < a; b++ {
				if db := &devices[keys[b]&index]; db.UDI == da.UDI {
					dups = append(dups, duplicate{index: int(keys[a] & index), first: db.Ref.Line})
					break
				}
			}
		}
		start = end
	}
	slices.SortFunc(dups, func(a, b duplicate) int { return cmp.Compare(a.index, b.index) })
	return dups
}

func (r *reader) user(w *row, c []int, u *smartaccount.User) {
	u.Email = w.owned(c[usEmail])
	u.Name = w.owned(c[usName])
	u.Role = rowEnum(w, c[usRole], "role", smartaccount.ParseRole)
	u.VirtualAccount = w.interned(c[usVA]) // an unknown VA here is an orphan role: a finding, not an error
	u.LastLogin = w.instant(c[usLastLogin], "last_login")
	u.Ref = smartaccount.Ref{Source: w.file, Line: w.line()}
	w.nonEmpty(c[usEmail], "email", u.Email)
}

func (r *reader) reservation(w *row, c []int, s *smartaccount.Reservation) {
	s.UDI = r.udi(w, c[rsPID], c[rsSerial])
	s.VirtualAccount = w.interned(c[rsVA])
	s.License = w.interned(c[rsLicense])
	s.Tag = w.interned(c[rsTag])
	s.Quantity = w.quantity(c[rsQuantity], "quantity", 1)
	s.Type = rowEnum(w, c[rsType], "license_type", smartaccount.ParseLicenseType)
	s.Start = w.date(c[rsStart], "start_date")
	s.End = w.date(c[rsEnd], "end_date")
	s.State = rowEnum(w, c[rsState], "state", smartaccount.ParseReservationState)
	s.RequestCode = w.owned(c[rsRequestCode])
	s.AuthorizationDate = w.date(c[rsAuthorized], "authorization_date")
	s.ConfirmationCode = w.owned(c[rsConfirmationCode])
	s.ReturnCode = w.owned(c[rsReturnCode])
	s.AirGap = rowEnum(w, c[rsAirGap], "air_gap", smartaccount.ParseAirGap)
	s.Ref = smartaccount.Ref{Source: w.file, Line: w.line()}
	r.knownVA(w, c[rsVA], s.VirtualAccount)
}

// inUseRow is a row of in_use.csv with the position of its license, where
// a count given twice is reported once every row has been read.
type inUseRow struct {
	smartaccount.InUse
	license fieldPos
}

func (r *reader) inUse(w *row, c []int, u *inUseRow) {
	u.VirtualAccount = w.interned(c[iuVA])
	u.License = w.interned(c[iuLicense])
	u.Quantity = w.quantity(c[iuInUse], "in_use", -1)
	u.Ref = smartaccount.Ref{Source: w.file, Line: w.line()}
	u.license = w.position(c[iuLicense])
	if w.nonEmpty(c[iuVA], "virtual_account", u.VirtualAccount) {
		r.knownVA(w, c[iuVA], u.VirtualAccount)
	}
	w.nonEmpty(c[iuLicense], "license", u.License)
	if u.Quantity == -1 {
		w.required(c[iuInUse], "in_use")
	}
}

// checkInUse refuses a (license, Virtual Account) pair counted twice and
// returns the counts.
func (r *reader) checkInUse(rows []inUseRow) []smartaccount.InUse {
	type key struct{ va, license string }
	first := make(map[key]int, len(rows))
	out := make([]smartaccount.InUse, len(rows))
	for i, u := range rows {
		out[i] = u.InUse
		k := key{u.VirtualAccount, u.License}
		if line, dup := first[k]; dup && !r.errs.full() {
			r.errs.add(&smartaccount.ParseError{File: InUseFile, Line: u.license.line, Column: u.license.col, Field: "license",
				Err: fmt.Errorf("CSSM's in-use count of %q in %q is given twice (first at line %d)", u.License, u.VirtualAccount, line)})
		} else if !dup {
			first[k] = u.Ref.Line
		}
	}
	return out
}
