package rum_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/openrenewal/smartlicensing/slp/rum"
	"github.com/openrenewal/smartlicensing/smartaccount"
)

// genUsageFile generates a usage file of at least size bytes: reports
// shaped like the real sample (three ENTITLEMENT windows, an HA list),
// from 500 devices, each report built by NewReport.
func genUsageFile(tb testing.TB, size int) []byte {
	tb.Helper()
	const product = "regid.2018-05.com.cisco.WLC_9500C,1.0_85665885-b865-4e32-8184-5510412fcb54"
	tags := []string{
		"regid.2018-06.com.cisco.DNA_NWStack,1.0_e7244e71-3ad5-4608-8bf0-d12f67c80896",
		"regid.2017-05.com.cisco.c9300_dna_advantage,1.0_411773c3-2116-4c10-94a4-5d357fe6ff18",
		"regid.2019-03.com.cisco.DNA_HSEC,1.0_509c41ab-05a8-431f-95fe-ec28086e8844",
	}
	f := &rum.UsageFile{SystemInfo: []byte(`{"generator":"slp benchmark"}`)}
	total := 0
	for i := 0; total < size; i++ {
		serial := fmt.Sprintf("FCW%08d", i%500)
		start := int64(1671880245 + i*60)
		payload := fmt.Sprintf(`{"version":"2.0","asset_identification":{"report_id":%d,"asset":{"name":%q},"instance":{"sudi":{"udi_pid":"C9800-CL-K9","udi_serial_number":%q}}},`+
			`"signature":{"signing_type":"builtin","key":%q,"value":"EfQw4ng6N90vukN6Gd7GHad8MZClqheuuYlkLO3x334="},`+
			`"meta":{"entitlement_tag":%q,"utility_enabled":false,"software_version":"17.09.02","ha_udi":[{"role":"Active","sudi":{"udi_pid":"C9800-CL-K9","udi_serial_number":%q}}]},"measurements":[`+
			`{"log_time":%d,"metric_name":"ENTITLEMENT","start_time":%d,"end_time":%d,"sample_interval":86399,"num_samples":97,"meta":{"removed_sudi_list":[],"added_sudi_list":[{"udi_pid":"AIR-AP2802I-E-K9","udi_serial_number":"FDW2109B29P"},{"udi_pid":"AIR-AP2802I-E-K9","udi_serial_number":"FDW2109B2BX"}]},"value":{"type":"COUNT","value":"%d"}},`+
			`{"log_time":%d,"metric_name":"ENTITLEMENT","start_time":%d,"end_time":%d,"sample_interval":374401,"num_samples":417,"meta":{"removed_sudi_list":[],"added_sudi_list":[{"udi_pid":"AIR-AP2802I-E-K9","udi_serial_number":"FDW2028D3SV"}]},"value":{"type":"COUNT","value":"%d"}},`+
			`{"log_time":%d,"metric_name":"ENTITLEMENT","start_time":%d,"end_time":%d,"sample_interval":1449167,"num_samples":1615,"meta":{"clock_change_delta":"-3433","termination_reason":"ProductReload","close_reason":"ProductReload"},"value":{"type":"COUNT","value":"%d"}}]}`,
			1671840750+i, product, serial, product, tags[i%len(tags)], serial,
			start, start, start+86399, i%7,
			start+86400, start+86399, start+460800, i%11,
			start+460801, start+460800, start+1909967, i%13)
		dev := smartaccount.UDI{PID: "C9800-CL-K9", Serial: serial}
		r, err := rum.NewReport([]byte(payload), &rum.Header{Type: "rum"}, rum.Signature{Device: &dev, SigningType: "builtin", Key: product, Value: "Tq2qxHTui7/n675clT/uT0Ih1SjIysZbe5LjQ212nCg="})
		if err != nil {
			tb.Fatal(err)
		}
		f.Reports = append(f.Reports, r)
		total += len(r.Raw)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// BenchmarkUsageReader streams a 50 MB usage file: every report's element
// scanned, envelope split, payload decoded and parsed, and its usage
// summed per entitlement tag.
func BenchmarkUsageReader(b *testing.B) {
	data := genUsageFile(b, 50<<20)
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ur := rum.NewReader(bytes.NewReader(data), "bench.xml")
		perTag := make(map[string]int64)
		n := 0
		for {
			r, err := ur.Next(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			for _, u := range r.Payload.Usage() {
				perTag[u.Tag] += u.Count
			}
			n++
		}
		if n == 0 || len(perTag) != 3 {
			b.Fatalf("read %d reports, %d tags", n, len(perTag))
		}
	}
}
