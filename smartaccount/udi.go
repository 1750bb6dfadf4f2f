package smartaccount

import (
	"errors"
	"fmt"
	"strings"
)

// UDI is a device's Unique Device Identifier: product ID and serial number.
// Two UDIs are the same device exactly when they are ==; the zero UDI is no
// device. Build one with NewUDI or ParseUDI so it is normalised.
type UDI struct {
	PID    string
	Serial string
}

// maxUDIPart bounds each part of a UDI: real PIDs and serials are far shorter.
const maxUDIPart = 64

// NewUDI returns the normalised UDI of a product ID and a serial number:
// both trimmed and upper-cased. Either part empty, longer than 64 bytes, or
// holding anything but printable ASCII other than a space, a comma, a colon
// or a semicolon is an error: real PIDs and serials never do.
func NewUDI(pid, serial string) (UDI, error) {
	pid, err := udiPart("PID", pid)
	if err != nil {
		return UDI{}, err
	}
	serial, err = udiPart("serial", serial)
	if err != nil {
		return UDI{}, err
	}
	return UDI{PID: pid, Serial: serial}, nil
}

func udiPart(name, s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", fmt.Errorf("UDI %s is empty", name)
	case len(s) > maxUDIPart:
		return "", fmt.Errorf("UDI %s is %d bytes long, more than %d", name, len(s), maxUDIPart)
	}
	var seen uint8
	for i := 0; i < len(s); i++ {
		class := udiBytes[s[i]]
		if class == udiRefused {
			return "", fmt.Errorf("UDI %s %q holds the character %q", name, s, s[i])
		}
		seen |= class
	}
	if seen&udiLower == 0 {
		return s, nil // the common case: no copy
	}
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b), nil
}

// The classes of udiBytes.
const (
	udiRefused = 1 << iota
	udiLower
)

// udiBytes classes each byte for udiPart: refused (a control, a space, a
// comma, a colon, a semicolon, or not ASCII), a lower-case letter, or
// neither (0). One look-up a byte instead of seven comparisons: a UDI is
// made for every row of the largest Smart Accounts' files.
var udiBytes = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c <= ' ' || c >= 0x7f || c == ',' || c == ':' || c == ';':
			t[c] = udiRefused
		case 'a' <= c && c <= 'z':
			t[c] = udiLower
		}
	}
	return t
}()

// IsZero reports whether u is the zero UDI.
func (u UDI) IsZero() bool { return u == UDI{} }

// String returns the UDI in the form devices print: "PID:C9300-24UX,SN:FCW2134L0RN".
func (u UDI) String() string { return "PID:" + u.PID + ",SN:" + u.Serial }

// MarshalText writes the UDI as String does; the zero UDI is "".
func (u UDI) MarshalText() ([]byte, error) {
	if u.IsZero() {
		return nil, nil
	}
	return u.AppendText(make([]byte, 0, len(u.PID)+len(u.Serial)+8))
}

// AppendText appends the UDI as MarshalText writes it — nothing for the
// zero UDI — for a writer that builds its rows in a reused buffer; it
// implements encoding.TextAppender.
func (u UDI) AppendText(b []byte) ([]byte, error) {
	if u.IsZero() {
		return b, nil
	}
	return append(append(append(append(b, "PID:"...), u.PID...), ",SN:"...), u.Serial...), nil
}

// UnmarshalText reads any form ParseUDI accepts; "" is the zero UDI.
func (u *UDI) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*u = UDI{}
		return nil
	}
	v, err := ParseUDI(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// ParseUDI reads a UDI in any of the forms devices and CSSM print:
//
//	PID:C9300-24UX,SN:FCW2134L0RN
//	P:C9300-24UX,S:FCW2134L0RN            (SLR codes; ",U:uuid" and a space after a comma allowed)
//	UDI_PID:C9300-24UX; UDI_SN:FCW2134L0RN;
//
// Keys are case-insensitive; other keys (VID, U, UDI_VID, …) are ignored.
// The result is normalised as by NewUDI.
func ParseUDI(s string) (UDI, error) {
	if len(s) > 1024 {
		return UDI{}, fmt.Errorf("UDI text is %d bytes long, more than 1024", len(s))
	}
	var pid, serial string
	var havePID, haveSN bool
	for field := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == ';' }) {
		key, value, ok := strings.Cut(field, ":")
		if !ok {
			if strings.TrimSpace(field) == "" {
				continue
			}
			return UDI{}, fmt.Errorf("UDI %q: %q is not KEY:VALUE", s, strings.TrimSpace(field))
		}
		switch strings.ToUpper(strings.TrimSpace(key)) {
		case "PID", "P", "UDI_PID":
			if havePID {
				return UDI{}, fmt.Errorf("UDI %q names the PID twice", s)
			}
			pid, havePID = value, true
		case "SN", "S", "UDI_SN":
			if haveSN {
				return UDI{}, fmt.Errorf("UDI %q names the serial number twice", s)
			}
			serial, haveSN = value, true
		}
	}
	if !havePID || !haveSN {
		return UDI{}, fmt.Errorf("UDI %q: %w", s, errUDIIncomplete)
	}
	u, err := NewUDI(pid, serial)
	if err != nil {
		return UDI{}, fmt.Errorf("UDI %q: %w", s, err)
	}
	return u, nil
}

var errUDIIncomplete = errors.New("needs both a PID and a serial number")
