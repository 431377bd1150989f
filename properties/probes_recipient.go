package properties

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"

	R "github.com/switchyard/switchyard/parser/rules"
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
}

// recipientExchanges bounds the exchanges a recipient probe draws, every
// variation tried on each, before it gives up.
const recipientExchanges = 400

// recipientProbes breaks rules by changing the recipient (see KindRecipient):
// one probe per fault of the naive recipient and rule it breaks, named
// "recipient-<fault>", with "@<rule>" when the fault breaks several.
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
	return out
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
