// Package rum reads and writes RUM usage reports, the signed measurements a
// device sends under Smart Licensing Using Policy (FORMATS.md, "RUM usage
// reports").
//
// A Report is one <RUMReport> element: an envelope holding the signed
// payload as a JSON string, and the signature. The payload string is signed
// byte for byte, so a Report keeps the element exactly as read (Raw) and
// writers emit those bytes; the decoded Payload is a view of them.
//
// A usage file is the <smartLicense> document a device or CSLU writes for
// offline reporting: many <RUMReport> elements and a
// <smartLicenseSystemInfo>. A Reader streams its reports one at a time.
// XML from outside is untrusted: the reader refuses DTDs and entities,
// checks that tags nest, and bounds every element (MaxElementBytes).
//
// rum is a domain package: it imports only the standard library and
// smartaccount.
package rum
