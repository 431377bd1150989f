package handshake

import (
	"math/rand"
	"strings"
)

// Vary returns a legal variation of m that a recipient must judge exactly
// as m: field names and Upgrade/Connection tokens in another case, other
// OWS around values and list commas, list fields split over more lines,
// and another field order (lines of one name keep their order). m's
// values must hold no quoted-string with a comma in it.
func Vary(r *rand.Rand, m Message) Message {
	var fs []Field
	for _, f := range m.Fields {
		name := Casing(r, f.Name)
		val := f.Value
		lower := strings.ToLower(f.Name)
		if lower == "upgrade" || lower == "connection" {
			val = Casing(r, val)
		}
		if ListFieldNames[lower] && strings.Contains(val, ",") && Chance(r, 2) {
			elems := strings.Split(val, ",")
			for i := range elems {
				elems[i] = strings.Trim(elems[i], " \t")
			}
			for _, g := range ListFields(r, name, elems, f.Optional) {
				g.Name = name
				fs = append(fs, g)
			}
			continue
		}
		g := NewField(r, name, val, f.Optional)
		g.Name = name
		fs = append(fs, g)
	}
	m.Fields = Shuffle(r, fs)
	return m
}
