package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// scanned is what a CSV parser makes of an input: its records with the
// fieldPos of each field, up to the first error.
type scanned struct {
	Records   [][]string
	Positions [][]fieldPos
	Err       *scanError
}

// scanError is a *csv.ParseError in comparable form.
type scanError struct {
	StartLine, Line, Column int
	Err                     string
}

func asScanError(err error) *scanError {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		panic(err)
	}
	return &scanError{pe.StartLine, pe.Line, pe.Column, pe.Err.Error()}
}

// withScanner parses data with the dataset's scanner.
func withScanner(data []byte, comma byte) scanned {
	var out scanned
	var s scanner
	s.reset(bytes.Clone(data), 1, comma)
	for {
		ok, err := s.next()
		if err != nil {
			out.Err = asScanError(err)
			return out
		}
		if !ok {
			return out
		}
		var rec []string
		var pos []fieldPos
		for i := range s.fields() {
			rec = append(rec, string(s.field(i)))
			pos = append(pos, s.position(i))
		}
		out.Records = append(out.Records, rec)
		out.Positions = append(out.Positions, pos)
	}
}

// withEncodingCSV parses data with encoding/csv, set up as the scanner
// promises to behave.
func withEncodingCSV(data []byte, comma byte) scanned {
	var out scanned
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = rune(comma)
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out.Err = asScanError(err)
			return out
		}
		pos := make([]fieldPos, len(rec))
		for i := range rec {
			pos[i].line, pos[i].col = r.FieldPos(i)
		}
		out.Records = append(out.Records, rec)
		out.Positions = append(out.Positions, pos)
	}
}

var cmpScanned = cmp.AllowUnexported(fieldPos{})

func TestScannerMatchesEncodingCSV(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		comma byte
	}{
		{"plain", "a,b,c\n1,2,3\n", ','},
		{"no final newline", "a,b\n1,2", ','},
		{"CRLF", "a,b\r\n1,2\r\n", ','},
		{"final CR", "a,b\r\n1,2\r", ','},
		{"empty lines", "\n\na,b\n\n\r\n1,2\n\n", ','},
		{"empty fields", ",,\n,\n", ','},
		{"quoted comma", "\"sw, lobby\",x\n", ','},
		{"escaped quote", "\"say \"\"hi\"\"\",x\n", ','},
		{"quoted line break", "a,\"two\nlines\",b\nc,d\n", ','},
		{"quoted CRLF", "a,\"two\r\nlines\"\r\nc,d\r\n", ','},
		{"quoted empty line", "\"x\n\ny\",z\n", ','},
		{"quoted at end of data", "a,\"b\"", ','},
		{"bare quote", "a,b\"c,d\n", ','},
		{"quote after quoted field", "a,\"b\"c,d\n", ','},
		{"unterminated quote", "a,b\nVault,\"X,1,TERM\n", ','},
		{"unterminated at end", "a,\"bc", ','},
		{"unterminated on later line", "a,\"b\nc\nd", ','},
		{"semicolons", "a;b;c\n1;\"2;3\";4\n", ';'},
		{"tabs", "a\tb\n1\t2\n", '\t'},
		{"commas under semicolons", "a,b;c\n", ';'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := withEncodingCSV([]byte(tt.data), tt.comma)
			got := withScanner([]byte(tt.data), tt.comma)
			if diff := cmp.Diff(want, got, cmpScanned); diff != "" {
				t.Errorf("scanner differs from encoding/csv (-csv +scanner):\n%s", diff)
			}
		})
	}
}

func TestScannerLength(t *testing.T) {
	var s scanner
	s.reset([]byte("ab,c\r\n\"x\ny\",z\nlast"), 1, ',')
	var lengths []int
	for {
		ok, err := s.next()
		if err != nil || !ok {
			break
		}
		lengths = append(lengths, s.length())
	}
	// "ab,c\r" is 5 bytes (the CR counts, the LF does not); "\"x\ny\",z" is
	// 7, its quoted line break included; "last" is 4.
	if diff := cmp.Diff([]int{5, 7, 4}, lengths); diff != "" {
		t.Errorf("lengths (-want +got):\n%s", diff)
	}
}

// FuzzScanner holds the scanner to encoding/csv's behaviour on any input:
// the same records, field positions and first error.
func FuzzScanner(f *testing.F) {
	for _, seed := range []string{"a,b\n1,2\n", "\"a\"\"b\",\"c\nd\"\r\n", "a,b\"c\n", "x,\"y", "\r\n\r\n,\n"} {
		f.Add([]byte(seed), byte(','))
	}
	f.Add([]byte("a;b\n\"1;2\";3\n"), byte(';'))
	f.Fuzz(func(t *testing.T, data []byte, comma byte) {
		switch comma {
		case ',', ';', '\t':
		default:
			comma = ','
		}
		want := withEncodingCSV(data, comma)
		got := withScanner(data, comma)
		if diff := cmp.Diff(want, got, cmpScanned); diff != "" {
			t.Fatalf("scanner differs from encoding/csv on %q (-csv +scanner):\n%s", data, diff)
		}
	})
}
