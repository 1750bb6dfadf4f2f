package dataset

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Write writes ds as a dataset directory dir, creating it if needed. Each
// file is written to a temporary name and renamed into place, so a reader
// never sees a half-written file; files are 0644, the directory 0755. Optional CSV files are written only when
// they hold records; optional JSON files only when present. Reading the
// directory back gives a Dataset equal to ds (Inputs and Warnings aside)
// when ds is one Read would accept: Write does not validate, so a Dataset
// built in code with, say, an instance in an undeclared Virtual Account is
// written as given and refused by the next Read, with the file and line.
func Write(ctx context.Context, dir string, ds *Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	snap := &ds.Snapshot
	account, err := encodeAccount(snap)
	if err != nil {
		return err
	}
	if err := writeFile(dir, SmartAccountFile, func(w *bufio.Writer) error { _, err := w.Write(append(account, '\n')); return err }); err != nil {
		return err
	}
	tables := []struct {
		name     string
		columns  []string
		n        int
		required bool
		row      func(i int, rec []string) // fills rec, one field per column
	}{
		{EntitlementsFile, entitlementColumns, len(snap.Entitlements), true, func(i int, rec []string) {
			e := &snap.Entitlements[i]
			rec[entVA], rec[entLicense], rec[entTag], rec[entType] = e.VirtualAccount, e.License, e.Tag, e.Type.String()
			rec[entQuantity], rec[entStart], rec[entEnd] = itoa(e.Quantity), formatDate(e.Start), formatDate(e.End)
			rec[entSubscription], rec[entStatus] = e.SubscriptionID, e.Status
		}},
		{ProductInstancesFile, instanceColumns, len(snap.Instances), true, func(i int, rec []string) {
			p := &snap.Instances[i]
			rec[piPID], rec[piSerial], rec[piHostname], rec[piVA] = p.UDI.PID, p.UDI.Serial, p.Hostname, p.VirtualAccount
			rec[piProductTag], rec[piLicense], rec[piQuantity] = p.ProductTag, p.License, itoa(p.Quantity)
			rec[piRegistered], rec[piLastContact] = formatInstant(p.Registered), formatInstant(p.LastContact)
			rec[piLastReport], rec[piLastACK] = formatInstant(p.LastReport), formatInstant(p.LastACK)
			rec[piTransport] = p.Transport.String()
		}},
		{InUseFile, inUseColumns, len(snap.InUse), false, func(i int, rec []string) {
			u := &snap.InUse[i]
			rec[iuVA], rec[iuLicense], rec[iuInUse] = u.VirtualAccount, u.License, itoa(u.Quantity)
		}},
		{FootprintFile, footprintColumns, len(snap.Footprint), false, func(i int, rec []string) {
			d := &snap.Footprint[i]
			rec[fpPID], rec[fpSerial], rec[fpHostname], rec[fpStatus] = d.UDI.PID, d.UDI.Serial, d.Hostname, d.Status.String()
			rec[fpSite], rec[fpBusinessUnit], rec[fpRegion] = d.Site, d.BusinessUnit, d.Region
			rec[fpWorkload], rec[fpEnvironment], rec[fpAirGap] = d.Workload.String(), d.Environment.String(), d.AirGap.String()
			rec[fpRequiredLicense], rec[fpInService], rec[fpGrowthSource] = d.RequiredLicense, formatDate(d.InService), d.GrowthSource.String()
		}},
		{UsersFile, userColumns, len(snap.Users), false, func(i int, rec []string) {
			u := &snap.Users[i]
			rec[usEmail], rec[usName], rec[usRole] = u.Email, u.Name, u.Role.String()
			rec[usVA], rec[usLastLogin] = u.VirtualAccount, formatInstant(u.LastLogin)
		}},
		{ReservationsFile, reservationColumns, len(snap.Reservations), false, func(i int, rec []string) {
			s := &snap.Reservations[i]
			rec[rsPID], rec[rsSerial], rec[rsVA], rec[rsLicense] = s.UDI.PID, s.UDI.Serial, s.VirtualAccount, s.License
			rec[rsTag], rec[rsQuantity], rec[rsType] = s.Tag, itoa(s.Quantity), s.Type.String()
			rec[rsStart], rec[rsEnd], rec[rsState] = formatDate(s.Start), formatDate(s.End), s.State.String()
			rec[rsRequestCode], rec[rsAuthorized] = s.RequestCode, formatDate(s.AuthorizationDate)
			rec[rsConfirmationCode], rec[rsReturnCode], rec[rsAirGap] = s.ConfirmationCode, s.ReturnCode, s.AirGap.String()
		}},
	}
	for _, tb := range tables {
		if tb.n == 0 && !tb.required {
			continue
		}
		err := writeFile(dir, tb.name, func(w *bufio.Writer) error {
			cw := csv.NewWriter(w)
			if err := cw.Write(tb.columns); err != nil {
				return err
			}
			rec := make([]string, len(tb.columns))
			for i := range tb.n {
				if i&4095 == 4095 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				tb.row(i, rec)
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
			cw.Flush()
			return cw.Error()
		})
		if err != nil {
			return err
		}
	}
	indent := func(v any) func() ([]byte, error) {
		return func() ([]byte, error) { return json.MarshalIndent(v, "", "  ") }
	}
	docs := []struct {
		name   string
		ok     bool
		encode func() ([]byte, error)
	}{
		{ProposalFile, ds.Proposal != nil, indent(ds.Proposal)},
		{ForecastFile, ds.Forecast != nil, indent(ds.Forecast)},
		{OptionsFile, ds.Options != nil, func() ([]byte, error) { return encodeOptions(ds.Options) }},
		{PolicyFile, ds.Policy != nil, indent(ds.Policy)},
	}
	for _, d := range docs {
		if !d.ok {
			continue
		}
		data, err := d.encode()
		if err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
		if err := writeFile(dir, d.name, func(w *bufio.Writer) error { _, err := w.Write(append(data, '\n')); return err }); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// writeFile writes name in dir through a temporary file renamed into place.
func writeFile(dir, name string, fill func(*bufio.Writer) error) error {
	f, err := os.CreateTemp(dir, "."+name+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	// A dataset is for reading by others (os.CreateTemp makes files 0600).
	err = f.Chmod(0o644)
	w := bufio.NewWriterSize(f, 256<<10)
	if err == nil {
		err = fill(w)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// formatInstant writes a midnight-UTC instant as a date and any other as RFC
// 3339, so both read back to the same instant.
func formatInstant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format(time.RFC3339Nano)
}
