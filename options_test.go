package smartlicensing_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	smartlicensing "github.com/openrenewal/smartlicensing"
	"github.com/openrenewal/smartlicensing/dataset"
	"github.com/openrenewal/smartlicensing/pricing"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var equalDecimals = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func TestDefaultOptionsAreMethodsDefaults(t *testing.T) {
	// METHOD.md: stale 180 days (§3), dormant 180 days (§3), exceptional
	// growth 0.20 (§5), true-forward target 0.15 (§5), growth allowance 0
	// (§5), SLR windows 30 and 90 days (§7), benchmark discount 0 (§8); NPV
	// at 8 % and no cap are the SDK's own defaults (docs/dataset.md).
	o := smartlicensing.DefaultOptions(time.Date(2026, 11, 1, 17, 30, 0, 0, time.UTC))
	require.NoError(t, o.Validate())
	assert.Equal(t, day(2026, 11, 1), o.AsOf, "as_of is a civil date")
	assert.True(t, o.RenewalDate.IsZero())
	assert.Equal(t, pricing.Cap{}, o.PriceCap)
	assert.Equal(t, 180, o.StaleAfterDays)
	assert.Equal(t, 180, o.DormantDays)
	assert.Equal(t, 30, o.SLRConfirmDays)
	assert.Equal(t, 90, o.SLRExpiryDays)
	assert.False(t, o.ReclaimStale)
	assert.True(t, o.ExceptionalGrowth.Equal(dec("0.20")))
	assert.True(t, o.TrueForwardUpliftTarget.Equal(dec("0.15")))
	assert.True(t, o.GrowthAllowance.IsZero())
	assert.True(t, o.BenchmarkDiscount.IsZero())
	assert.True(t, o.DiscountRate.Equal(dec("0.08")))
}

func TestOptionsLiteralIsRefused(t *testing.T) {
	// A literal's zero fields would mean "stale after 0 days", "no
	// true-forward premium": refused, never run.
	o := smartlicensing.Options{AsOf: day(2026, 11, 1)}
	err := o.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "start from DefaultOptions(asOf)")
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*smartlicensing.Options)
		want   string
	}{
		{"zero as_of", func(o *smartlicensing.Options) { o.AsOf = time.Time{} }, "AsOf is required"},
		{"negative window", func(o *smartlicensing.Options) { o.SLRConfirmDays = -1 }, "SLRConfirmDays is -1: a window of days cannot be negative"},
		{"negative rate", func(o *smartlicensing.Options) { o.DiscountRate = dec("-0.01") }, "DiscountRate is -0.01: it cannot be negative"},
		{"benchmark discount of 100 %", func(o *smartlicensing.Options) { o.BenchmarkDiscount = dec("1") }, "BenchmarkDiscount is 1: it must be at least 0 and below 1"},
		{"unknown industry", func(o *smartlicensing.Options) { o.Industry = "shipbuilding" }, `unknown industry "shipbuilding"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := smartlicensing.DefaultOptions(day(2026, 11, 1))
			tt.change(&o)
			err := o.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	// Zero is a valid choice for every window and rate.
	o := smartlicensing.DefaultOptions(day(2026, 11, 1))
	o.StaleAfterDays, o.DormantDays, o.SLRConfirmDays, o.SLRExpiryDays = 0, 0, 0, 0
	o.TrueForwardUpliftTarget, o.ExceptionalGrowth, o.DiscountRate = decimal.Zero, decimal.Zero, decimal.Zero
	assert.NoError(t, o.Validate())
}

func TestOptionsFromDataset(t *testing.T) {
	today := day(2026, 12, 1)
	t.Run("no options.json", func(t *testing.T) {
		got := smartlicensing.OptionsFromDataset(nil, today)
		want := smartlicensing.DefaultOptions(today)
		assert.Empty(t, cmp.Diff(want, got, equalDecimals, cmp.AllowUnexported(smartlicensing.Options{})))
	})
	t.Run("every key given", func(t *testing.T) {
		cumulative, stale, dormant, confirm, expiry, reclaim := pricing.CapCumulative, 90, 365, 0, 60, true
		o := &dataset.Options{
			AsOf: day(2026, 11, 1), RenewalDate: day(2027, 1, 1),
			PriceCap: decimal.NewNullDecimal(dec("0.09")), CapKind: &cumulative,
			TrueForwardUpliftTarget: decimal.NewNullDecimal(dec("0")), GrowthAllowance: decimal.NewNullDecimal(dec("0.05")),
			ExceptionalGrowth: decimal.NewNullDecimal(dec("0.3")), StaleAfterDays: &stale, ReclaimStale: &reclaim,
			DormantDays: &dormant, SLRConfirmDays: &confirm, SLRExpiryDays: &expiry,
			DiscountRate: decimal.NewNullDecimal(dec("0.1")), BenchmarkDiscount: decimal.NewNullDecimal(dec("0.05")),
			Industry: "healthcare",
		}
		got := smartlicensing.OptionsFromDataset(o, today)
		require.NoError(t, got.Validate())
		assert.Equal(t, day(2026, 11, 1), got.AsOf, "the file's as_of wins over the caller's today")
		assert.Equal(t, day(2027, 1, 1), got.RenewalDate)
		assert.Equal(t, pricing.CapCumulative, got.PriceCap.Kind)
		assert.True(t, got.PriceCap.Rate.Equal(dec("0.09")))
		assert.True(t, got.TrueForwardUpliftTarget.IsZero(), "a 0 premium is a choice, not absent")
		assert.True(t, got.GrowthAllowance.Equal(dec("0.05")))
		assert.True(t, got.ExceptionalGrowth.Equal(dec("0.3")))
		assert.Equal(t, []int{90, 365, 0, 60}, []int{got.StaleAfterDays, got.DormantDays, got.SLRConfirmDays, got.SLRExpiryDays})
		assert.True(t, got.ReclaimStale)
		assert.True(t, got.DiscountRate.Equal(dec("0.1")))
		assert.True(t, got.BenchmarkDiscount.Equal(dec("0.05")))
		assert.Equal(t, "healthcare", got.Industry)
	})
	t.Run("a price cap without a kind is per year", func(t *testing.T) {
		got := smartlicensing.OptionsFromDataset(&dataset.Options{PriceCap: decimal.NewNullDecimal(dec("0.04"))}, today)
		assert.Equal(t, today, got.AsOf, "no as_of in the file: the caller's today")
		assert.Equal(t, pricing.CapPerYear, got.PriceCap.Kind)
		assert.True(t, got.PriceCap.Rate.Equal(dec("0.04")))
	})
	t.Run("cap kind none drops the rate", func(t *testing.T) {
		none := pricing.CapNone
		got := smartlicensing.OptionsFromDataset(&dataset.Options{PriceCap: decimal.NewNullDecimal(dec("0.04")), CapKind: &none}, today)
		assert.Equal(t, pricing.Cap{}, got.PriceCap)
	})
}
