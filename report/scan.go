package report

import "unicode/utf8"

// The JSON and CSV writers spend most of their time looking for the few
// bytes that need escaping or quoting in text that almost never holds
// one: details, evidence, IDs a few hundred bytes long. Instead of
// testing each byte, they test eight at a time as one 64-bit word
// ("SWAR"), falling back to a byte at a time only around a byte that
// needs care.

// ones and highs are words of eight 0x01 bytes and eight 0x80 bytes.
const ones, highs = 0x0101010101010101, 0x8080808080808080

// word returns s[i:i+8] as a little-endian word; the compiler makes one
// load of it.
func word[T string | []byte](s T, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// zeroByte is non-zero when a byte of x is zero: borrowing from a zero
// byte sets its high bit, which &^ x keeps only for a byte below 0x80.
// (A borrow can also mark the byte above a zero one, so only whether the
// result is zero says anything.)
func zeroByte(x uint64) uint64 { return (x - ones) &^ x & highs }

// hasByte is non-zero when a byte of x is c.
func hasByte(x uint64, c byte) uint64 { return zeroByte(x ^ ones*uint64(c)) }

// belowSpaceOrHigh is non-zero when a byte of x is a control character
// (below 0x20) or not ASCII (0x80 and above).
func belowSpaceOrHigh(x uint64) uint64 { return ((x-ones*' ')&^x | x) & highs }

// decodeRune is utf8.DecodeRuneInString for text or bytes.
func decodeRune[T string | []byte](s T) (rune, int) {
	var buf [utf8.UTFMax]byte
	return utf8.DecodeRune(buf[:copy(buf[:], s)])
}
