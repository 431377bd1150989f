package probe

import (
	"encoding/base64"
	"fmt"
	"math/rand"
	"slices"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/properties/internal/naive"
	"github.com/switchyard/switchyard/properties/mutate"
	R "github.com/switchyard/switchyard/rules"
)

// recipientFault is one bug of the naive recipient and the recipient
// duties it breaks.
type recipientFault struct {
	name  string
	fault naive.Fault
	rules []R.ID
}

// recipientFaults lists the faults the recipient probes plant.
var recipientFaults = []recipientFault{
	{"no-ows-strip", naive.FaultNoOWSStrip, []R.ID{R.RFC9110_5_5_1, R.RFC9112_5_1_2}},
	{"no-element-trim", naive.FaultNoElementTrim, []R.ID{R.RFC9110_5_6_1_G1, R.RFC2616_2_1_G1}},
	{"no-lws-around-semicolon", naive.FaultNoParamLWS, []R.ID{R.RFC2616_2_1_G1}},
	{"keeps-bws", naive.FaultKeepBWS, []R.ID{R.RFC9110_5_6_3_2}},
	{"rejects-empty-elements", naive.FaultRejectEmptyElements, []R.ID{R.RFC9110_5_6_1_2_1, R.RFC9110_5_6_1_2_G1, R.RFC2616_2_1_G1}},
	{"no-unescape", naive.FaultNoUnescape, []R.ID{R.RFC9110_5_6_4_1}},
	{"ascii-only", naive.FaultASCIIOnly, []R.ID{R.RFC9110_5_5_G1}},
	{"decodes-utf8", naive.FaultUTF8Decode, []R.ID{R.RFC9112_2_2_1}},
	{"first-line-only", naive.FaultFirstLineOnly, []R.ID{R.RFC9110_5_2_1, R.RFC6455_9_1_3}},
	{"last-line-only", naive.FaultLastLineOnly, []R.ID{R.RFC9110_5_2_1, R.RFC6455_9_1_3}},
	{"one-extensions-line-in-101", naive.FaultSingleExtensionsLine, []R.ID{R.RFC6455_11_3_2_1}},
	{"case-sensitive-names", naive.FaultCaseSensitiveNames, []R.ID{R.RFC6455_4_1_26}},
	{"case-sensitive-options", naive.FaultCaseSensitiveOptions, []R.ID{R.RFC9110_7_6_1_1}},
	{"case-sensitive-protocols", naive.FaultCaseSensitiveProtocols, []R.ID{R.RFC9110_16_7_1}},
	{"rejects-unknown-fields", naive.FaultRejectUnknownFields, []R.ID{R.RFC6455_4_2_1_9}},
	{"requires-subprotocol", naive.FaultRequireSubprotocol, []R.ID{R.RFC6455_4_2_1_9}},
	{"cnct-only-if-offered", naive.FaultCNCTOnlyIfOffered, []R.ID{R.RFC7692_7_1_1_2_2}},
	{"requires-client-window", naive.FaultRequireClientWindow, []R.ID{R.RFC7692_7_1_2_2_4}},
	{"unordered-extensions", naive.FaultUnorderedExtensions, []R.ID{R.RFC6455_9_1_6}},
	{"assumes-first-subprotocol", naive.FaultAssumeFirstSubprotocol, []R.ID{R.RFC6455_4_1_27}},
	{"offer-only-client-window", naive.FaultOfferOnlyClientWindow, []R.ID{R.RFC7692_7_1}},
	{"short-buffer", naive.FaultShortBuffer, []R.ID{R.RFC9110_2_3_2}},
	{"first-head-final", naive.FaultFirstHeadFinal, []R.ID{R.RFC9110_15_2_3}},
}

// recipientExchanges bounds the exchanges a recipient probe draws, every
// variation tried on each, before it gives up.
const recipientExchanges = 400

// recipientProbes breaks rules by changing the recipient (see KindRecipient):
// one probe per fault of the naive recipient and rule it breaks, named
// "recipient-<fault>", with "@<rule>" when the fault breaks several; and
// recipient-acts-early, which plants FaultActEarly and checks it with
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
	return append(out, Probe{Name: "recipient-acts-early", Rule: R.RFC9110_5_3_4, Kind: KindRecipient, Check: earlyCheck(naive.FaultActEarly)})
}()

// recipientCheck returns the Check of the probe planting f, labelled with
// rule: it draws exchanges in canonical form, which the fault-free naive
// recipient must judge as the reference does, tries the legal variations
// on each, and returns nil once a variation tagged with rule makes the
// faulty recipient misjudge an exchange it judged right before the
// variation (refuse it, or negotiate otherwise) while the reference still
// finds it valid.
func recipientCheck(f recipientFault, rule R.ID) func(*rand.Rand) error {
	bad := naive.Recipient{Faults: f.fault}
	return func(r *rand.Rand) error {
		var others []string
		for n := 0; n < recipientExchanges; n++ {
			e := handshake.Canonical(handshake.NewExchange(r, handshake.WebSocket))
			if err := naiveAgrees(e); err != nil {
				return fmt.Errorf("canonical exchange: %v", err)
			}
			if !bad.JudgesLikeReference(e) {
				continue // the variation must be what the fault trips on
			}
			vs := mutate.Variations()
			for _, k := range r.Perm(len(vs)) {
				v := vs[k]
				ve := e.Clone()
				if !v.Apply(r, &ve) {
					continue
				}
				rs, rc := naive.RefDecisions(ve)
				if err := naiveAgreesWith(ve, rs, rc); err != nil {
					return fmt.Errorf("variation %s: %v", v.Name, err)
				}
				if fs, fc := bad.Judge(ve); fs.Same(rs) && fc.Same(rc) {
					continue
				}
				if v.Tagged(rule) {
					return nil
				}
				if !slices.Contains(others, v.Name) {
					others = append(others, v.Name)
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
func naiveAgrees(e handshake.Exchange) error {
	rs, rc := naive.RefDecisions(e)
	return naiveAgreesWith(e, rs, rc)
}

// naiveAgreesWith is naiveAgrees given the reference's decisions on e.
func naiveAgreesWith(e handshake.Exchange, rs, rc naive.Decision) error {
	if rs.Err != nil || rc.Err != nil {
		return fmt.Errorf("the reference refuses it: server %v; client %v\n%v", rs, rc, e)
	}
	ns, nc := naive.Recipient{}.Judge(e)
	if !ns.Same(rs) || !nc.Same(rc) {
		return fmt.Errorf("the naive recipient decides otherwise than the reference:\nserver %v\n  reference %v\nclient %v\n  reference %v\n%v", ns, rs, nc, rc, e)
	}
	return nil
}

// A late line is a field line that, added to a valid handshake request,
// makes the reference refuse it: a second Host, Sec-WebSocket-Key or
// Sec-WebSocket-Version line, the last one naming version 13 again or 8.
// Each is built for the exchange e from r; cites is the rule the
// reference refuses it under.
type lateLine struct {
	name  string
	cites R.ID
	line  func(r *rand.Rand, e handshake.Exchange) handshake.Field
}

var lateLines = []lateLine{
	{"second-host", R.RFC9112_3_2_3, func(r *rand.Rand, e handshake.Exchange) handshake.Field {
		return handshake.PlainField("Host", handshake.Pick(r, "other.example", "192.0.2.7:8080", "example.net"), false)
	}},
	{"second-key", R.RFC6455_11_3_1_1, func(r *rand.Rand, e handshake.Exchange) handshake.Field {
		// Another valid key: 16 random octets in base64, not e's.
		k := make([]byte, 16)
		for b64 := e.Key; b64 == e.Key; b64 = base64.StdEncoding.EncodeToString(k) {
			r.Read(k)
		}
		return handshake.PlainField("Sec-WebSocket-Key", base64.StdEncoding.EncodeToString(k), false)
	}},
	{"second-version-13", R.RFC6455_11_3_5_1, func(r *rand.Rand, e handshake.Exchange) handshake.Field {
		return handshake.PlainField("Sec-WebSocket-Version", "13", false)
	}},
	{"version-8", R.RFC6455_11_3_5_1, func(r *rand.Rand, e handshake.Exchange) handshake.Field {
		return handshake.PlainField("Sec-WebSocket-Version", "8", false)
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
func earlyCheck(f naive.Fault) func(*rand.Rand) error {
	bad := naive.Recipient{Faults: f}
	return func(r *rand.Rand) error {
		for n := 0; n < earlyExchanges; n++ {
			e := handshake.NewExchange(r, handshake.WebSocket)
			for _, l := range lateLines {
				line := l.line(r, e)
				base := e.Clone()
				i := base.Request.Index(line.Name)
				if i < 0 || slices.ContainsFunc(base.Request.Fields[i+1:], func(f handshake.Field) bool { return strings.EqualFold(f.Name, line.Name) }) {
					return fmt.Errorf("%s: a valid request without exactly one %s line:\n%v", l.name, line.Name, base.Request)
				}
				moved := base.Request.Fields[i]
				base.Request.Fields = slices.Insert(slices.Delete(base.Request.Fields, i, i+1), 0, moved)
				if err := naiveAgrees(base); err != nil {
					return fmt.Errorf("%s: %s moved first: %v", l.name, line.Name, err)
				}
				if d := bad.Server(base.Request.Print()); d.Err != nil {
					return fmt.Errorf("%s: the faulty server refuses the valid request: %v\n%v", l.name, d, base.Request)
				}
				last, first := base.Request.Clone(), base.Request.Clone()
				last.Fields = append(last.Fields, line)
				first.Fields = slices.Insert(first.Fields, 1, line)
				for _, m := range []handshake.Message{last, first} {
					var p parser.Parser
					req := p.ParseRequest(m.Print())
					if req.Valid(parser.Strict) || !slices.ContainsFunc(req.Violations, func(v parser.Violation) bool { return v.Rule == l.cites }) {
						return fmt.Errorf("%s: the reference does not refuse the request citing %s: %v\n%v", l.name, l.cites, req.Violations, m)
					}
					if d := (naive.Recipient{}).Server(m.Print()); d.Err == nil {
						return fmt.Errorf("%s: the fault-free naive server accepts it\n%v", l.name, m)
					}
				}
				if d := bad.Server(last.Print()); d.Err != nil {
					return fmt.Errorf("%s: the faulty server refuses the line appended last (%v): it read the whole head\n%v", l.name, d.Err, last)
				}
				if d := bad.Server(first.Print()); d.Err == nil {
					return fmt.Errorf("%s: the faulty server accepts the line read before the other fields it needs: a missing check, not acting early\n%v", l.name, first)
				}
			}
		}
		return nil
	}
}
