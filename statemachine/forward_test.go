package statemachine_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// Tests of what an intermediary forwards, against what it received: its
// own HTTP-version (RFC 9112 §2.3), unrecognized fields (RFC 9110 §5.1),
// the order of same-name lines (RFC 9110 §5.3), obs-fold, NUL and CR (RFC
// 9112 §5.2, RFC 9110 §5.5), Host of an absolute-form request (RFC 9112
// §3.2.2), and the rules a field the Connection named breaks beside RFC
// 9110 §7.6.1 (RFC 9110 §7.6, RFC 2817 §5).

const absGET = "GET http://example.com/chat HTTP/1.1\r\nHost: example.com\r\n\r\n"

// swapVersion replaces the first HTTP-version of a head.
func swapVersion(h, v string) string { return strings.Replace(h, "HTTP/1.1", v, 1) }

// fwdScenario is one forwarded head: the events before it, the head as
// received and as forwarded, and the rules the machine must cite (none:
// the forwarding is valid).
type fwdScenario struct {
	name     string
	received string
	sent     string
	cites    []rules.ID
}

// forwardBreaks builds, from a head the intermediary receives, the
// forwardings every check judges. is101 leaves out what a 101 cannot
// show (Upgrade named by its Connection is what makes it a 101).
func forwardBreaks(base string, request, is101 bool) []fwdScenario {
	fold := rules.RFC9112_5_2_3
	if request {
		fold = rules.RFC9112_5_2_2
	}
	newVersion := "HTTP/1.0"
	if is101 {
		newVersion = "HTTP/1.2"
	}
	out := []fwdScenario{
		{"a field the Connection named", withField(base, "Connection: X-Hop\r\nX-Hop: 1"), withField(base, "X-Hop: 1"), []rules.ID{rules.RFC9110_7_6_1_3, rules.RFC9110_7_6_1}},
		{"that field removed", withField(base, "Connection: X-Hop\r\nX-Hop: 1"), base, nil},
		{"another HTTP-version", base, swapVersion(base, newVersion), []rules.ID{rules.RFC9112_2_3_1}},
		{"an unrecognized field dropped", withField(base, "X-Custom: 1"), base, []rules.ID{rules.RFC9110_5_1_1}},
		{"an unrecognized field kept", withField(base, "X-Custom: 1"), withField(base, "X-Custom: 1"), nil},
		{"a recognized field dropped", withField(base, "Via: 1.1 other"), base, nil},
		{"same-name lines swapped", withField(base, "Cache-Control: no-cache\r\nCache-Control: no-store"), withField(base, "Cache-Control: no-store\r\nCache-Control: no-cache"), []rules.ID{rules.RFC9110_5_3_2}},
		{"same-name lines merged in order", withField(base, "Cache-Control: no-cache\r\nCache-Control: no-store"), withField(base, "Cache-Control: no-cache, no-store"), nil},
		{"same-name lines changed", withField(base, "Cache-Control: no-cache\r\nCache-Control: no-store"), withField(base, "Cache-Control: max-age=0"), nil},
	}
	if !is101 {
		out = append(out, fwdScenario{"Upgrade, which the Connection named", withField(base, "Connection: Upgrade\r\nUpgrade: foo"), withField(base, "Upgrade: foo"), []rules.ID{rules.RFC9110_7_6_1_3, rules.RFC9110_7_6_1, rules.RFC2817_5_1}})
	}
	// A 101 with obs-fold, NUL or a bare CR still switches (the parser
	// repairs them; only strict policy refuses), so it is forwarded too.
	return append(out,
		fwdScenario{"obs-fold left in", withField(base, "X-Fold: a\r\n b"), withField(base, "X-Fold: a\r\n b"), []rules.ID{fold}},
		fwdScenario{"obs-fold replaced by SP", withField(base, "X-Fold: a\r\n b"), withField(base, "X-Fold: a  b"), nil},
		fwdScenario{"NUL left in", withField(base, "X-Nul: a\x00b"), withField(base, "X-Nul: a\x00b"), []rules.ID{rules.RFC9110_5_5_2}},
		fwdScenario{"bare CR left in", withField(base, "X-CR: a\rb"), withField(base, "X-CR: a\rb"), []rules.ID{rules.RFC9110_5_5_2}},
		fwdScenario{"NUL replaced by SP", withField(base, "X-Nul: a\x00b"), withField(base, "X-Nul: a b"), nil},
	)
}

func TestForwarded(t *testing.T) {
	type context struct {
		name    string
		before  []sm.Event
		base    string
		request bool
		is101   bool
	}
	contexts := []context{
		{"request", nil, plainGET, true, false},
		{"early 400", []sm.Event{req(h2cPOST)}, bad400, false, false},
		{"200", []sm.Event{req(plainGET)}, ok200, false, false},
		{"400 refusing an upgrade", []sm.Event{req(wsGET)}, bad400, false, false},
		{"101", []sm.Event{req(wsGET)}, ws101, false, true},
	}
	for _, c := range contexts {
		for _, f := range forwardBreaks(c.base, c.request, c.is101) {
			t.Run(c.name+"/"+f.name, func(t *testing.T) {
				m := newMachine(sm.Intermediary)
				e := resp(f.received)
				if c.request {
					e = req(f.received)
				}
				_, err := run(t, m, append(c.before, fwd(e, f.sent))...)
				if len(f.cites) == 0 {
					if err != nil {
						t.Fatalf("valid forwarding refused: %v", err)
					}
					return
				}
				if ruleOf(err) != f.cites[0] || !slices.Equal(m.Cited(), f.cites) {
					t.Fatalf("got %v, cited %v; want %v", err, m.Cited(), f.cites)
				}
			})
		}
	}
}

func TestForwardedAbsoluteForm(t *testing.T) {
	for _, tc := range []struct {
		name, received, sent string
		want                 rules.ID
	}{
		{"Host kept: it is the target's", absGET, absGET, ""},
		{"Host regenerated from the target", strings.Replace(absGET, "Host: example.com", "Host: other.example", 1), absGET, ""},
		{"origin-form, Host from the target", absGET, "GET /chat HTTP/1.1\r\nHost: example.com\r\n\r\n", ""},
		{"received Host forwarded", strings.Replace(absGET, "Host: example.com", "Host: other.example", 1), strings.Replace(absGET, "Host: example.com", "Host: other.example", 1), rules.RFC9112_3_2_2_1},
		{"Host dropped", absGET, "GET /chat HTTP/1.1\r\n\r\n", rules.RFC9112_3_2_2_1},
		{"userinfo is not Host", "GET http://u:p@example.com:8080/ HTTP/1.1\r\nHost: example.com:8080\r\n\r\n", "GET / HTTP/1.1\r\nHost: example.com:8080\r\n\r\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(sm.Intermediary)
			_, err := m.Step(fwd(req(tc.received), tc.sent))
			if ruleOf(err) != tc.want {
				t.Fatalf("got %v; want %q", err, tc.want)
			}
		})
	}
}

// TestForwarded502: a response the intermediary replaces by its own 502
// (RFC 9112 §5.2) is not forwarded, so its fields are its own.
func TestForwarded502(t *testing.T) {
	got := withField(withField(bad400, "X-Custom: 1"), "X-Fold: a\r\n b")
	for _, tc := range []struct {
		name, sent string
		want       rules.ID
	}{
		{"replaced by a 502", "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n", ""},
		{"fold replaced, field dropped", withField(bad400, "X-Fold: a  b"), rules.RFC9110_5_1_1},
		{"fold left in a 502", "HTTP/1.1 502 Bad Gateway\r\nX-Fold: a\r\n b\r\nContent-Length: 0\r\n\r\n", rules.RFC9112_5_2_3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(sm.Intermediary)
			_, err := run(t, m, req(plainGET), fwd(resp(got), tc.sent))
			if ruleOf(err) != tc.want {
				t.Fatalf("got %v; want %q", err, tc.want)
			}
		})
	}
}
