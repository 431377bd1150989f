package properties

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/properties/proptest"
)

// TestCanonicalExchange: the canonical form is valid, a fixed point, and
// plain: one SP before each value, no list field on two lines, no quoted
// extension value.
func TestCanonicalExchange(t *testing.T) {
	r := rand.New(rand.NewSource(proptest.Seed()))
	for i := 0; i < proptest.Draws(500); i++ {
		e := handshake.Canonical(NewExchange(r, WebSocket))
		req, resp := judge(e)
		if !clean(&req.Verdict) || !clean(&resp.Verdict) || !resp.Switched {
			t.Fatalf("not valid: %v %v\n%v", req.Violations, resp.Violations, e)
		}
		if c := handshake.Canonical(e); c.String() != e.String() {
			t.Fatalf("not a fixed point:\n%v\n%v", e, c)
		}
		for _, m := range []*Message{&e.Request, &e.Response} {
			if a, _ := handshake.SplitPair(m); a >= 0 {
				t.Fatalf("a list field on two lines:\n%v", e)
			}
			for _, f := range m.Fields {
				if f.Lead != " " || f.Trail != "" || strings.Contains(f.Value, `"`) || f.Name != handshake.CanonicalName(f.Name) {
					t.Fatalf("not plain: %+v\n%v", f, e)
				}
			}
		}
	}
}
