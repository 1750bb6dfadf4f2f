package smartaccount

import (
	"iter"
	"math"
	"time"
)

// DeviceInstances yields the instances (numbers for Instance) of the
// device u: one per Virtual Account it is registered in, none when no
// product-instance row names it.
func (x *Index) DeviceInstances(u UDI) iter.Seq[int] {
	return func(yield func(int) bool) {
		dev, _, _ := x.device(u, x.devices.hash(u))
		if dev < 0 {
			return
		}
		for i := x.devFirst[dev]; i >= 0; i = x.instNext[i] {
			if !yield(int(i)) {
				return
			}
		}
	}
}

// InService returns the in-service date of instance i's device
// (Device.InService) as a civil date at 00:00 UTC, or the zero time when the
// footprint does not list the device or gives no date. The index keeps it
// beside the device: a review that asks it of every instance reads no
// footprint record.
func (x *Index) InService(i int) time.Time {
	dev := x.instDev[i]
	if int(dev) >= len(x.devInService) || x.devInService[dev] == noDate {
		return time.Time{}
	}
	return time.Unix(x.devInService[dev]*86400, 0).UTC()
}

// noDate is civilDays of the zero time.
const noDate = math.MinInt64

// civilDays numbers the civil date of t, in its own location, in days
// from 1970-01-01; the zero time is noDate.
func civilDays(t time.Time) int64 {
	switch {
	case t.IsZero():
		return noDate
	case t.Location() != time.UTC:
		y, m, d := t.Date()
		t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	s := t.Unix()
	days := s / 86400
	if s%86400 < 0 {
		days--
	}
	return days
}
