package smartaccount

import "iter"

// DeviceInstances yields the instances (numbers for Instance) of the
// device u: one per Virtual Account it is registered in, none when no
// product-instance row names it.
func (x *Index) DeviceInstances(u UDI) iter.Seq[int] {
	return func(yield func(int) bool) {
		dev, _ := x.devices.find(x, u, x.devices.hash(u))
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
