// Package plantedfuzz holds FuzzPlanted, a fuzz target with a planted
// defect: it fails on any input that starts with the magic prefix "BUG!".
// The prefix is checked one octet at a time, so each matching octet is new
// coverage and go test -fuzz finds the defect within seconds. The campaign
// tests use it to prove that crashers are found, collected and reported.
//
// Its seeds do not start with the prefix, so a plain go test passes.
package plantedfuzz

// Magic is the prefix that makes FuzzPlanted fail.
const Magic = "BUG!"

// Defective reports whether in starts with Magic, one octet at a time so
// that every octet matched is a new branch for the fuzzer to reach.
func Defective(in []byte) bool {
	if len(in) > 0 && in[0] == Magic[0] {
		if len(in) > 1 && in[1] == Magic[1] {
			if len(in) > 2 && in[2] == Magic[2] {
				if len(in) > 3 && in[3] == Magic[3] {
					return true
				}
			}
		}
	}
	return false
}
