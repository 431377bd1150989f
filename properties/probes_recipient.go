package properties

import (
	"encoding/base64"
	"fmt"
	"math/rand"
	"slices"
	"strings"

	"github.com/switchyard/switchyard/parser"
	R "github.com/switchyard/switchyard/rules"
)

// recipientFault is one bug of the naive recipient and the recipient
// duties it breaks.
type recipientFault struct {
	name  string
	fault fault
	rules []R.ID
}

// recipientFaults lists the faults the recipient probes plant.
var recipientFaults = []recipientFault{
	{"no-ows-strip", faultNoOWSStrip, []R.ID{R.RFC9110_5_5_1, R.RFC9112_5_1_2}},
	{"no-element-trim", faultNoElementTrim, []R.ID{R.RFC9110_5_6_1_G1, R.RFC2616_2_1_G1}},
	{"no-lws-around-semicolon", faultNoParamLWS, []R.ID{R.RFC2616_2_1_G1}},
	{"keeps-bws", faultKeepBWS, []R.ID{R.RFC9110_5_6_3_2}},
	{"rejects-empty-elements", faultRejectEmptyElements, []R.ID{R.RFC9110_5_6_1_2_1, R.RFC9110_5_6_1_2_G1, R.RFC2616_2_1_G1}},
	{"no-unescape", faultNoUnescape, []R.ID{R.RFC9110_5_6_4_1}},
	{"ascii-only", faultASCIIOnly, []R.ID{R.RFC9110_5_5_G1}},
	{"decodes-utf8", faultUTF8Decode, []R.ID{R.RFC9112_2_2_1}},
	{"first-line-only", faultFirstLineOnly, []R.ID{R.RFC9110_5_2_1, R.RFC6455_9_1_3}},
	{"last-line-only", faultLastLineOnly, []R.ID{R.RFC9110_5_2_1, R.RFC6455_9_1_3}},
	{"one-extensions-line-in-101", faultSingleExtensionsLine, []R.ID{R.RFC6455_11_3_2_1}},
	{"case-sensitive-names", faultCaseSensitiveNames, []R.ID{R.RFC6455_4_1_26}},
	{"case-sensitive-options", faultCaseSensitiveOptions, []R.ID{R.RFC9110_7_6_1_1}},
	{"case-sensitive-protocols", faultCaseSensitiveProtocols, []R.ID{R.RFC9110_16_7_1}},
	{"rejects-unknown-fields", faultRejectUnknownFields, []R.ID{R.RFC6455_4_2_1_9}},
	{"requires-subprotocol", faultRequireSubprotocol, []R.ID{R.RFC6455_4_2_1_9}},
	{"cnct-only-if-offered", faultCNCTOnlyIfOffered, []R.ID{R.RFC7692_7_1_1_2_2}},
	{"requires-client-window", faultRequireClientWindow, []R.ID{R.RFC7692_7_1_2_2_4}},
	{"unordered-extensions", faultUnorderedExtensions, []R.ID{R.RFC6455_9_1_6}},
	{"assumes-first-subprotocol", faultAssumeFirstSubprotocol, []R.ID{R.RFC6455_4_1_27}},
	{"offer-only-client-window", faultOfferOnlyClientWindow, []R.ID{R.RFC7692_7_1}},
	{"short-buffer", faultShortBuffer, []R.ID{R.RFC9110_2_3_2}},
	{"first-head-final", faultFirstHeadFinal, []R.ID{R.RFC9110_15_2_3}},
}

// recipientExchanges bounds the exchanges a recipient probe draws, every
// variation tried on each, before it gives up.
const recipientExchanges = 400

// recipientProbes breaks rules by changing the recipient (see KindRecipient):
// one probe per fault of the naive recipient and rule it breaks, named
// "recipient-<fault>", with "@<rule>" when the fault breaks several; and
// recipient-acts-early, which plants faultActEarly and checks it with
// earlyCheck, not with a variation.
var recipientProbes = func() []Probe {
	var out []Probe
	for _, f := range recipientFaults {
		for _, id := range f.rules {
			name := "recipient-" + f.name
			if len(f.rules) > 1 {
				name += "@" + string(id)
			}
			out = append(out, Probe{Name: name, Rule: id, Kind: KindRecipient, Check: recipientCheck(f, id)})
		}
	}
	return append(out, Probe{Name: "recipient-acts-early", Rule: R.RFC9110_5_3_4, Kind: KindRecipient, Check: earlyCheck(faultActEarly)})
}()

// recipientCheck returns the Check of the probe planting f, labelled with
// rule: it draws exchanges in canonical form, which the fault-free naive
// recipient must judge as the reference does, tries the legal variations
// on each, and returns nil once a variation tagged with rule makes the
// faulty recipient misjudge an exchange it judged right before the
// variation (refuse it, or negotiate otherwise) while the reference still
// finds it valid.
func recipientCheck(f recipientFault, rule R.ID) func(*rand.Rand) error {
	bad := naive{f.fault}
	return func(r *rand.Rand) error {
		var others []string
		for n := 0; n < recipientExchanges; n++ {
			e := canonicalExchange(NewExchange(r, WebSocket))
			if err := naiveAgrees(e); err != nil {
				return fmt.Errorf("canonical exchange: %v", err)
			}
			if !bad.judgesLikeReference(e) {
				continue // the variation must be what the fault trips on
			}
			for _, k := range r.Perm(len(variations)) {
				v := variations[k]
				ve := e.Clone()
				if !v.apply(r, &ve) {
					continue
				}
				rs, rc := refDecisions(ve)
				if err := naiveAgreesWith(ve, rs, rc); err != nil {
					return fmt.Errorf("variation %s: %v", v.name, err)
				}
				if fs, fc := bad.judge(ve); fs.same(rs) && fc.same(rc) {
					continue
				}
				if v.tagged(rule) {
					return nil
				}
				if !slices.Contains(others, v.name) {
					others = append(others, v.name)
				}
			}
		}
		return fmt.Errorf("fault %s: no variation tagged %s exposed it in %d exchanges (variations that did: %s)",
			f.name, rule, recipientExchanges, strings.Join(others, ", "))
	}
}

// naiveAgrees checks that e is valid for the reference (the request
// accepted, the 101 switching) and that the fault-free naive recipient
// decides as the reference does on both messages.
func naiveAgrees(e Exchange) error {
	rs, rc := refDecisions(e)
	return naiveAgreesWith(e, rs, rc)
}

// naiveAgreesWith is naiveAgrees given the reference's decisions on e.
func naiveAgreesWith(e Exchange, rs, rc nDecision) error {
	if rs.err != nil || rc.err != nil {
		return fmt.Errorf("the reference refuses it: server %v; client %v\n%v", rs, rc, e)
	}
	ns, nc := naive{}.judge(e)
	if !ns.same(rs) || !nc.same(rc) {
		return fmt.Errorf("the naive recipient decides otherwise than the reference:\nserver %v\n  reference %v\nclient %v\n  reference %v\n%v", ns, rs, nc, rc, e)
	}
	return nil
}

// judgesLikeReference reports whether n decides on both messages of e as
// the reference does.
func (n naive) judgesLikeReference(e Exchange) bool {
	rs, rc := refDecisions(e)
	ns, nc := n.judge(e)
	return ns.same(rs) && nc.same(rc)
}

// A late line is a field line that, added to a valid handshake request,
// makes the reference refuse it: a second Host, Sec-WebSocket-Key or
// Sec-WebSocket-Version line, the last one naming version 13 again or 8.
// Each is built for the exchange e from r; cites is the rule the
// reference refuses it under.
type lateLine struct {
	name  string
	cites R.ID
	line  func(r *rand.Rand, e Exchange) Field
}

var lateLines = []lateLine{
	{"second-host", R.RFC9112_3_2_3, func(r *rand.Rand, e Exchange) Field {
		return varyPlain("Host", pick(r, "other.example", "192.0.2.7:8080", "example.net"), false)
	}},
	{"second-key", R.RFC6455_11_3_1_1, func(r *rand.Rand, e Exchange) Field {
		// Another valid key: 16 random octets in base64, not e's.
		k := make([]byte, 16)
		for b64 := e.Key; b64 == e.Key; b64 = base64.StdEncoding.EncodeToString(k) {
			r.Read(k)
		}
		return varyPlain("Sec-WebSocket-Key", base64.StdEncoding.EncodeToString(k), false)
	}},
	{"second-version-13", R.RFC6455_11_3_5_1, func(r *rand.Rand, e Exchange) Field {
		return varyPlain("Sec-WebSocket-Version", "13", false)
	}},
	{"version-8", R.RFC6455_11_3_5_1, func(r *rand.Rand, e Exchange) Field {
		return varyPlain("Sec-WebSocket-Version", "8", false)
	}},
}

// earlyExchanges is the number of exchanges earlyCheck draws; every one
// must show the fault.
const earlyExchanges = 20

// earlyCheck returns the Check of a probe planting f for RFC 9110 §5.3: a
// server must not act on a request before its whole header section has
// arrived, since later lines can add duplicates or conditions. No valid
// variation can show a server that decides early accepting what it must
// refuse, so the probe takes the other side. For each of earlyExchanges
// generated exchanges and each late line, it moves the field the line
// repeats to the front of the request (field order is free, RFC 6455
// §4.2.1) and checks that
//
//   - the faulty server accepts that request;
//   - with the line appended last, the reference refuses it, citing the
//     line's rule, and so does the fault-free naive server, while the
//     faulty server accepts it: it decided before reading the line;
//   - with the same line right after the line it repeats, before the other
//     fields the server needs, the reference and the fault-free server
//     refuse it and the faulty server refuses it too: it does check the
//     line when it reads it in time, so what the appended line shows is
//     acting early, not a missing check.
//
// It returns nil only when every exchange and every late line agree.
func earlyCheck(f fault) func(*rand.Rand) error {
	bad := naive{f}
	return func(r *rand.Rand) error {
		for n := 0; n < earlyExchanges; n++ {
			e := NewExchange(r, WebSocket)
			for _, l := range lateLines {
				line := l.line(r, e)
				base := e.Clone()
				i := base.Request.Index(line.Name)
				if i < 0 || slices.ContainsFunc(base.Request.Fields[i+1:], func(f Field) bool { return strings.EqualFold(f.Name, line.Name) }) {
					return fmt.Errorf("%s: a valid request without exactly one %s line:\n%v", l.name, line.Name, base.Request)
				}
				moved := base.Request.Fields[i]
				base.Request.Fields = slices.Insert(slices.Delete(base.Request.Fields, i, i+1), 0, moved)
				if err := naiveAgrees(base); err != nil {
					return fmt.Errorf("%s: %s moved first: %v", l.name, line.Name, err)
				}
				if d := bad.server(base.Request.Print()); d.err != nil {
					return fmt.Errorf("%s: the faulty server refuses the valid request: %v\n%v", l.name, d, base.Request)
				}
				last, first := base.Request.Clone(), base.Request.Clone()
				last.Fields = append(last.Fields, line)
				first.Fields = slices.Insert(first.Fields, 1, line)
				for _, m := range []Message{last, first} {
					var p parser.Parser
					req := p.ParseRequest(m.Print())
					if req.Valid(true) || !slices.ContainsFunc(req.Violations, func(v parser.Violation) bool { return v.Rule == l.cites }) {
						return fmt.Errorf("%s: the reference does not refuse the request citing %s: %v\n%v", l.name, l.cites, req.Violations, m)
					}
					if d := (naive{}).server(m.Print()); d.err == nil {
						return fmt.Errorf("%s: the fault-free naive server accepts it\n%v", l.name, m)
					}
				}
				if d := bad.server(last.Print()); d.err != nil {
					return fmt.Errorf("%s: the faulty server refuses the line appended last (%v): it read the whole head\n%v", l.name, d.err, last)
				}
				if d := bad.server(first.Print()); d.err == nil {
					return fmt.Errorf("%s: the faulty server accepts the line read before the other fields it needs: a missing check, not acting early\n%v", l.name, first)
				}
			}
		}
		return nil
	}
}
