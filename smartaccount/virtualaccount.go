package smartaccount

import "github.com/openrenewal/smartlicensing/internal/enum"

// VirtualAccount is a Virtual Account of a Smart Account, placed on the four
// dimensions the buyer's organisation is split along. Its name is unique in
// its Smart Account and is how every other record refers to it.
type VirtualAccount struct {
	Name         string      `json:"name"`
	BusinessUnit string      `json:"business_unit,omitempty"`
	Region       string      `json:"region,omitempty"`
	Workload     Workload    `json:"workload,omitempty"`
	Environment  Environment `json:"environment,omitempty"`
}

// AirGapped reports whether the Virtual Account serves an air-gapped
// environment; such accounts stay out of the pooling set (METHOD.md §4).
func (va VirtualAccount) AirGapped() bool { return va.Environment == AirGapped }

// Workload is what a Virtual Account's devices run; the zero value means
// "not given".
type Workload uint8

// Workloads.
const (
	Production Workload = iota + 1
	Staging
	Development
	DisasterRecovery
)

var workloads = enum.New[Workload]("workload",
	[]string{"", "production", "staging", "development", "disaster-recovery"},
	map[string]Workload{"prod": Production, "dev": Development, "dr": DisasterRecovery})

// ParseWorkload parses a workload name case-insensitively ("production",
// "staging", "development", "disaster-recovery"; "prod", "dev" and "dr" too).
// Empty text is the zero value, "not given".
func ParseWorkload(s string) (Workload, error) { return workloads.Parse(s) }

// String returns the canonical name, "" for the zero value.
func (w Workload) String() string { return workloads.String(w) }

// MarshalText implements encoding.TextMarshaler.
func (w Workload) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseWorkload.
func (w *Workload) UnmarshalText(b []byte) (err error) {
	*w, err = workloads.Parse(string(b))
	return err
}

// Environment is where a Virtual Account's devices run; the zero value means
// "not given".
type Environment uint8

// Environments.
const (
	OnPrem Environment = iota + 1
	Cloud
	Hybrid
	AirGapped
)

var environments = enum.New[Environment]("environment",
	[]string{"", "on-prem", "cloud", "hybrid", "air-gapped"},
	map[string]Environment{"onprem": OnPrem, "on-premises": OnPrem, "airgapped": AirGapped, "air-gap": AirGapped})

// ParseEnvironment parses an environment name case-insensitively ("on-prem",
// "cloud", "hybrid", "air-gapped"). Empty text is the zero value.
func ParseEnvironment(s string) (Environment, error) { return environments.Parse(s) }

// String returns the canonical name, "" for the zero value.
func (e Environment) String() string { return environments.String(e) }

// MarshalText implements encoding.TextMarshaler.
func (e Environment) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseEnvironment.
func (e *Environment) UnmarshalText(b []byte) (err error) {
	*e, err = environments.Parse(string(b))
	return err
}

// Dimension is one of the four axes along which Virtual Accounts fragment a
// Smart Account.
type Dimension uint8

// Dimensions, in the order reports list them.
const (
	ByBusinessUnit Dimension = iota + 1
	ByRegion
	ByWorkload
	ByEnvironment
)

// Dimensions lists the four dimensions in report order.
var Dimensions = [...]Dimension{ByBusinessUnit, ByRegion, ByWorkload, ByEnvironment}

var dimensions = enum.New[Dimension]("dimension",
	[]string{"", "business_unit", "region", "workload", "environment"}, nil)

// ParseDimension parses a dimension name ("business_unit", "region",
// "workload", "environment") case-insensitively.
func ParseDimension(s string) (Dimension, error) { return dimensions.Parse(s) }

// String returns the dimension's name as the procurement file spells it.
func (d Dimension) String() string { return dimensions.String(d) }

// MarshalText implements encoding.TextMarshaler.
func (d Dimension) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Of returns va's value on dimension d ("" when not given).
func (d Dimension) Of(va VirtualAccount) string {
	switch d {
	case ByBusinessUnit:
		return va.BusinessUnit
	case ByRegion:
		return va.Region
	case ByWorkload:
		return va.Workload.String()
	case ByEnvironment:
		return va.Environment.String()
	}
	return ""
}
