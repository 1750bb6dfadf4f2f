package cssm

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"
	"strconv"

	"github.com/openrenewal/smartlicensing/smartaccount"
)

// DevicesService lists the product instances of a Smart Account and moves or
// removes them.
type DevicesService service

// Device is one registered product instance as the device list gives it,
// with the licenses it uses (LicenseUsage): one smartaccount.ProductInstance
// per entry.
type Device struct {
	SUDI               SUDI           `json:"sudi"`
	HostName           string         `json:"hostName"`
	VirtualAccount     string         `json:"virtualAccount"`
	ProductTagName     string         `json:"productTagName"`
	ProductName        string         `json:"productName"`
	ProductDescription string         `json:"productDescription"`
	ProductType        string         `json:"productType"`
	Status             string         `json:"status"`
	RegistrationDate   Date           `json:"registrationDate"`
	LastContactDate    Date           `json:"lastContactDate"`
	DisplayName        string         `json:"displayName"`
	LicenseUsage       []LicenseUsage `json:"licenseUsage"`
}

// UDI returns the device's normalised UDI (METHOD.md §0).
func (d *Device) UDI() (smartaccount.UDI, error) { return d.SUDI.UDI() }

// LicenseUsage is one license a device uses.
type LicenseUsage struct {
	License  string `json:"license"`
	Quantity int64  `json:"quantity"`
}

// SUDI is a device's secure UDI. CSSM spells its keys in camelCase in the
// device list ("udiPid") and in snake_case in the SLP flow ("udi_pid"); SUDI
// reads both and writes camelCase (MarshalJSON) — see SnakeSUDI for the
// other.
type SUDI struct {
	UDIPID          string
	UDISerialNumber string
	UDIVID          string
	MACAddress      string
	SUVI            string
	UUID            string
	HostIdentifier  string
}

// UDI returns the normalised UDI of the PID and serial number.
func (s SUDI) UDI() (smartaccount.UDI, error) {
	return smartaccount.NewUDI(s.UDIPID, s.UDISerialNumber)
}

type sudiCamel struct {
	UDIPID          string `json:"udiPid,omitempty"`
	UDISerialNumber string `json:"udiSerialNumber,omitempty"`
	UDIVID          string `json:"udiVid,omitempty"`
	MACAddress      string `json:"macAddress,omitempty"`
	SUVI            string `json:"suvi,omitempty"`
	UUID            string `json:"uuid,omitempty"`
	HostIdentifier  string `json:"hostIdentifier,omitempty"`
}

type sudiSnake struct {
	UDIPID          string `json:"udi_pid,omitempty"`
	UDISerialNumber string `json:"udi_serial_number,omitempty"`
	UDIVID          string `json:"udi_vid,omitempty"`
	MACAddress      string `json:"mac_address,omitempty"`
	SUVI            string `json:"suvi,omitempty"`
	UUID            string `json:"uuid,omitempty"`
	HostIdentifier  string `json:"host_identifier,omitempty"`
}

// sudiWire has every key of both casings (suvi and uuid are spelt alike).
type sudiWire struct {
	sudiCamel
	UDIPID          string `json:"udi_pid"`
	UDISerialNumber string `json:"udi_serial_number"`
	UDIVID          string `json:"udi_vid"`
	MACAddress      string `json:"mac_address"`
	HostIdentifier  string `json:"host_identifier"`
}

// UnmarshalJSON reads either casing; null members are "".
func (s *SUDI) UnmarshalJSON(data []byte) error {
	var w sudiWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	snake := SUDI{UDIPID: w.UDIPID, UDISerialNumber: w.UDISerialNumber, UDIVID: w.UDIVID, MACAddress: w.MACAddress, HostIdentifier: w.HostIdentifier}
	*s = pickSUDI(SUDI(w.sudiCamel), snake)
	return nil
}

// pickSUDI merges the two casings' members, camelCase first (suvi and uuid
// are spelt alike in both and live in camel).
func pickSUDI(camel, snake SUDI) SUDI {
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	return SUDI{
		UDIPID:          pick(camel.UDIPID, snake.UDIPID),
		UDISerialNumber: pick(camel.UDISerialNumber, snake.UDISerialNumber),
		UDIVID:          pick(camel.UDIVID, snake.UDIVID),
		MACAddress:      pick(camel.MACAddress, snake.MACAddress),
		SUVI:            camel.SUVI,
		UUID:            camel.UUID,
		HostIdentifier:  pick(camel.HostIdentifier, snake.HostIdentifier),
	}
}

// MarshalJSON writes the camelCase keys of the legacy calls, leaving empty
// members out.
func (s SUDI) MarshalJSON() ([]byte, error) { return json.Marshal(sudiCamel(s)) }

// SnakeSUDI is a SUDI that writes the snake_case keys of the SLP flow.
type SnakeSUDI SUDI

// MarshalJSON writes snake_case keys, leaving empty members out.
func (s SnakeSUDI) MarshalJSON() ([]byte, error) { return json.Marshal(sudiSnake(s)) }

// UnmarshalJSON reads either casing.
func (s *SnakeSUDI) UnmarshalJSON(data []byte) error { return (*SUDI)(s).UnmarshalJSON(data) }

type devicesBody struct {
	envelope
	TotalRecords Int64    `json:"totalRecords"`
	TotalRows    Int64    `json:"totalRows"`
	Devices      []Device `json:"devices"`
	Data         []Device `json:"data"`
	// pages, when set, is shared by the pages of one walk (see pageState).
	pages *pageState
}

func (b *devicesBody) total() int64 { return int64(max(b.TotalRecords, b.TotalRows)) }

// decodeJSON is the device list's own decoder (see fastjson.go).
func (b *devicesBody) decodeJSON(data []byte) error { return decodeDevicesBody(data, b) }

func (b *devicesBody) items() []Device {
	if len(b.Devices) == 0 {
		return b.Data
	}
	return b.Devices
}

// List returns one page of devices of the Smart Account domain (POST
// v1/accounts/{domain}/devices; on the software APIs GET
// licensing/v2/accounts/{domain}/devices?limit&offset, {"data","totalRows"}).
// It is a read, retried as one.
func (s *DevicesService) List(ctx context.Context, domain string, p *ListParams) ([]Device, *Response, error) {
	return s.list(ctx, domain, p, p.offset(), p.limit(), nil)
}

// devicePages is what the pages of one walk of the device list share: the
// decoder's texts and usage arena (pageState), and the page slice, decoded
// into again page after page — the walk yields copies of its elements,
// whose strings and usage lists the next page leaves alone.
type devicePages struct {
	pageState
	buf []Device
}

// list gets one page; pages, when set, is the walk's (nil for a page of its
// own).
func (s *DevicesService) list(ctx context.Context, domain string, p *ListParams, offset, limit int, pages *devicePages) ([]Device, *Response, error) {
	var vas []string
	if p != nil {
		vas = p.VirtualAccounts
	}
	cl := &call{ep: EndpointDevices, domain: domain}
	out := devicesBody{}
	list := &out.Devices // where the profile's answer puts the devices
	if method, _, _ := s.c.profile.Route(EndpointDevices); method == "GET" {
		cl.query = url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
		if len(vas) > 0 {
			cl.query["virtualAccountName"] = vas
		}
		list = &out.Data
	} else {
		if vas == nil {
			vas = []string{}
		}
		cl.body = listBody{VirtualAccounts: vas, Limit: limit, Offset: offset}
	}
	// The page holds at most limit devices: room for them up front.
	room := min(limit, 1000)
	if pages == nil {
		*list = make([]Device, 0, room)
	} else {
		if cap(pages.buf) < room {
			pages.buf = make([]Device, 0, room)
		}
		*list, out.pages = pages.buf[:0], &pages.pageState
	}
	cl.out = &out
	resp, err := s.c.do(ctx, cl)
	if pages != nil && cap(*list) > cap(pages.buf) {
		pages.buf = *list
	}
	return out.items(), resp, err
}

// All walks every page of the devices of domain, yielding each (UDI,
// Virtual Account) once. A list that changes while it is read ends the walk
// with a *PageDriftError. It can be ranged more than once: each range is a
// new walk.
func (s *DevicesService) All(ctx context.Context, domain string, p *ListParams) iter.Seq2[Device, error] {
	return s.all(ctx, domain, p, nil)
}

// all is All, calling total (when set) with the list's total from the first
// page of each walk.
func (s *DevicesService) all(ctx context.Context, domain string, p *ListParams, total func(int64)) iter.Seq2[Device, error] {
	return func(yield func(Device, error) bool) {
		var pages devicePages
		first := true
		walk(ctx, EndpointDevices, p.offset(), p.limit(),
			func(ctx context.Context, offset, limit int) ([]Device, int64, error) {
				items, resp, err := s.list(ctx, domain, p, offset, limit, &pages)
				if err == nil && first {
					first = false
					if total != nil {
						total(resp.TotalRecords)
					}
				}
				return items, resp.TotalRecords, err
			},
			deviceKey)(yield)
	}
}

// deviceID identifies a device in a list: its normalised UDI (raw PID and
// serial when they do not normalise) and its Virtual Account.
type deviceID struct{ pid, serial, va string }

func deviceKey(d *Device) deviceID {
	u, err := d.UDI()
	if err != nil {
		return deviceID{d.SUDI.UDIPID, d.SUDI.UDISerialNumber, d.VirtualAccount}
	}
	return deviceID{u.PID, u.Serial, d.VirtualAccount}
}

// DeviceTransfer moves one product instance to another Virtual Account.
type DeviceTransfer struct {
	SUDI                 SUDI   `json:"sudi"`
	ProductTagName       string `json:"productTagName"`
	TargetVirtualAccount string `json:"targetVirtualAccount"`
}

// TransferDevicesParams is the body of a device transfer.
type TransferDevicesParams struct {
	ProductInstances []DeviceTransfer `json:"productInstances"`
}

// Transfer moves product instances out of Virtual Account from (POST
// v1/accounts/{domain}/virtual-accounts/{from}/devices/transfer). It is a
// write.
func (s *DevicesService) Transfer(ctx context.Context, domain, from string, p *TransferDevicesParams) (*Response, error) {
	if p == nil || len(p.ProductInstances) == 0 {
		return &Response{}, errRequired("TransferDevicesParams.ProductInstances")
	}
	return s.c.do(ctx, &call{ep: EndpointTransferDevices, domain: domain, va: from, body: p, write: true})
}

// DeviceRemoval removes one product instance from its Virtual Account; a
// ReturnCode returns an SLR reservation with it.
type DeviceRemoval struct {
	SUDI           SUDI   `json:"sudi"`
	ProductTagName string `json:"productTagName"`
	ReturnCode     string `json:"returnCode,omitempty"`
}

// RemoveDevicesParams lists the product instances to remove.
type RemoveDevicesParams struct {
	ProductInstances []DeviceRemoval
}

// RemoveKeyV2 and RemoveKeyV3 are the body keys of the two removal calls:
// v2 misspells "Instances" (CSSM-API.md), v3 spells it right. Remove sends
// the one its profile's endpoint wants.
const (
	RemoveKeyV2 = "productInstacesRemoveRequests"
	RemoveKeyV3 = "productInstancesRemoveRequests"
)

// Remove removes product instances from Virtual Account va (POST
// v2/accounts/{domain}/virtual-accounts/{va}/devices/remove with the v2 key;
// on the software APIs POST
// licensing/v3/accounts/{domain}/devices/remove?virtualAccountName={va} with
// the v3 key). It is a write.
func (s *DevicesService) Remove(ctx context.Context, domain, va string, p *RemoveDevicesParams) (*Response, error) {
	if p == nil || len(p.ProductInstances) == 0 {
		return &Response{}, errRequired("RemoveDevicesParams.ProductInstances")
	}
	key := RemoveKeyV2
	if s.c.profile == ProfileSoftware {
		key = RemoveKeyV3
	}
	body := map[string][]DeviceRemoval{key: p.ProductInstances}
	return s.c.do(ctx, &call{ep: EndpointRemoveDevices, domain: domain, va: va, body: body, write: true})
}
