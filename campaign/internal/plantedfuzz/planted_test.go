package plantedfuzz

import "testing"

func TestDefective(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", false}, {"BUG", false}, {"BUG!", true}, {"BUG!more", true}, {"xBUG!", false}, {"bug!", false},
	} {
		if got := Defective([]byte(tc.in)); got != tc.want {
			t.Errorf("Defective(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

func FuzzPlanted(f *testing.F) {
	f.Add([]byte("hello"))
	f.Add([]byte("B"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if Defective(in) {
			panic("planted defect: input starts with " + Magic)
		}
	})
}
