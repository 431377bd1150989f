package properties

import (
	"fmt"
	"iter"
	"math/rand"
	"slices"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
	R "github.com/switchyard/switchyard/rules"
)

// The kinds of targeted variation (see Target).
const (
	// KindOWSCommas puts spaces around the commas of a list field other
	// than the canonical ", ": before the comma, or several after it
	// (RFC 9110 §5.6.1).
	KindOWSCommas = "ows-commas"
	// KindHTABCommas puts a horizontal tab next to a comma (OWS is SP or
	// HTAB, RFC 9110 §5.6.3).
	KindHTABCommas = "htab-commas"
	// KindSplitLines spreads the elements of a list field over two or more
	// field lines of the same name (RFC 9110 §5.2).
	KindSplitLines = "split-lines"
	// KindEmptyElements adds empty elements to a list field (RFC 9110
	// §5.6.1.2).
	KindEmptyElements = "empty-elements"
	// KindCase spells the field's tokens in another letter case. Connection
	// options and Upgrade protocol names are case-insensitive (RFC 9110
	// §7.6.1, §16.7); subprotocol and extension names are not (RFC 7936 §2,
	// AMB-18), so there the new spelling names another subprotocol or
	// extension; the value of Sec-WebSocket-Version has no letters, so
	// there the field name is respelt (RFC 6455 §4.1).
	KindCase = "case"
	// KindNearName names a subprotocol or extension close to a known one:
	// chat2, x-chat, permessage-deflat, permessage_deflate,
	// x-permessage-deflate, ... (a different name: RFC 7936 §2, RFC 7692 §7).
	KindNearName = "near-name"
	// KindHTTP10 sends the upgrade request as HTTP/1.0, whose Upgrade a
	// server must ignore (RFC 9110 §7.8; RFC 6455 §4.2.1 refuses it).
	KindHTTP10 = "http10"
)

// RequestLine is the Field of the targets that vary the request-line.
const RequestLine = "request-line"

// Target is one legal variation that the generated cases must reach: a
// Kind of variation of one Field, in requests (server cases) or in
// responses (client cases). Targets lists them; TargetCases applies the
// request targets to generated handshakes, and the oracle's client cases
// apply the response targets to its 101s.
type Target struct {
	// Field is the canonical name of the varied field, or RequestLine.
	Field string
	// Kind is one of the Kind constants.
	Kind string
	// Response is set for a variation of a 101, unset for one of a request.
	Response bool
	// Upgrade is the protocol asked for, for KindHTTP10 (one target per
	// protocol); WebSocket otherwise.
	Upgrade Upgrade
	// Rule is the rule the variation exercises: the one that makes it
	// legal, or the duty of a recipient that must tell the near name
	// from the known one. A case whose variation the reference refuses
	// is labelled with the rule the reference cites instead.
	Rule R.ID
}

// String names the target, e.g. "request Connection htab-commas" or
// "request request-line http10 h2c".
func (t Target) String() string {
	side := "request"
	if t.Response {
		side = "response"
	}
	s := side + " " + t.Field + " " + t.Kind
	if t.Kind == KindHTTP10 {
		s += " " + t.Upgrade.String()
	}
	return s
}

// targetFields are the list fields the targets vary.
var targetFields = []string{"Connection", "Upgrade", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Sec-WebSocket-Version"}

// listKinds are the kinds every target field is varied in.
var listKinds = []string{KindOWSCommas, KindHTABCommas, KindSplitLines, KindEmptyElements, KindCase}

// Targets returns every target: each list kind of each of Connection,
// Upgrade, Sec-WebSocket-Protocol, Sec-WebSocket-Extensions and
// Sec-WebSocket-Version, then near names of subprotocols and extensions,
// in requests and then in responses; last, HTTP/1.0 requests for each
// protocol. The slice is a fresh copy.
func Targets() []Target {
	var out []Target
	for _, resp := range []bool{false, true} {
		for _, f := range targetFields {
			for _, k := range listKinds {
				out = append(out, Target{Field: f, Kind: k, Response: resp, Rule: targetRule(f, k, resp)})
			}
		}
		for _, f := range targetFields[2:4] {
			out = append(out, Target{Field: f, Kind: KindNearName, Response: resp, Rule: targetRule(f, KindNearName, resp)})
		}
	}
	for u := Upgrade(0); u < handshake.NumUpgrades; u++ {
		out = append(out, Target{Field: RequestLine, Kind: KindHTTP10, Upgrade: u, Rule: R.RFC9110_7_8_13})
	}
	return out
}

// requestTargets are the targets of requests, in Targets order.
func requestTargets() []Target {
	return slices.DeleteFunc(Targets(), func(t Target) bool { return t.Response })
}

// targetRule is the rule a variation of kind k of field f exercises.
func targetRule(f, k string, resp bool) R.ID {
	switch k {
	case KindOWSCommas, KindHTABCommas:
		return R.RFC9110_5_6_1_G1
	case KindSplitLines:
		return R.RFC9110_5_2_1
	case KindEmptyElements:
		return R.RFC9110_5_6_1_2_1
	}
	switch f + " " + k {
	case "Connection case":
		return R.RFC9110_7_6_1_1
	case "Upgrade case":
		if resp {
			return R.RFC6455_4_1_20
		}
		return R.RFC9110_16_7_1
	case "Sec-WebSocket-Protocol case":
		return R.RFC7936_2_1
	case "Sec-WebSocket-Extensions case":
		return R.AMB_18
	case "Sec-WebSocket-Version case":
		return R.RFC6455_4_1_26
	case "Sec-WebSocket-Protocol near-name":
		if resp {
			return R.RFC6455_4_1_24
		}
		return R.RFC6455_4_1_15
	case "Sec-WebSocket-Extensions near-name":
		if resp {
			return R.RFC6455_4_1_23
		}
		return R.RFC6455_4_1_16
	}
	return ""
}

// Vary applies the target to m, a request or a 101 that holds t.Field,
// and reports whether it could. A list field's lines are merged first
// and its elements kept in order; when a variation between elements
// needs two and the field has one, an element is added that changes
// nothing the exchange negotiates (keep-alive, another protocol or
// subprotocol after the chosen one, x-example; in a 101, where the field
// holds exactly what was selected, an empty element).
func (t Target) Vary(r *rand.Rand, m *Message) bool {
	if t.Kind == KindHTTP10 {
		if !strings.HasSuffix(m.Start, " HTTP/1.1") {
			return false
		}
		m.Start = strings.TrimSuffix(m.Start, "1.1") + "1.0"
		return true
	}
	at := m.Index(t.Field)
	if at < 0 {
		return false
	}
	name, opt := m.Fields[at].Name, m.Fields[at].Optional
	var els []string
	for _, f := range m.Fields {
		if strings.EqualFold(f.Name, t.Field) {
			els = append(els, slices.DeleteFunc(handshake.SplitList(f.Value), func(s string) bool { return s == "" })...)
		}
	}
	var lines []Field
	comma := func() string { return ", " }
	switch t.Kind {
	case KindOWSCommas, KindHTABCommas:
		seps := []string{" ,", " , ", ",  ", "  ,", " ,  "}
		if t.Kind == KindHTABCommas {
			seps = []string{",\t", "\t,", "\t,\t", " ,\t", "\t, ", ",\t "}
		}
		lines = []Field{handshake.PlainField(name, handshake.JoinList(t.twoElements(m, els), func() string { return handshake.Pick(r, seps...) }), opt)}
	case KindSplitLines:
		els = t.twoElements(m, els)
		cut := 1 + r.Intn(len(els)-1)
		start := 0
		for k := 1; k <= len(els); k++ {
			if k == len(els) || k == cut || handshake.Chance(r, 3) {
				lines = append(lines, handshake.PlainField(name, handshake.JoinList(els[start:k], comma), opt))
				start = k
			}
		}
	case KindEmptyElements:
		lines = []Field{handshake.PlainField(name, handshake.JoinWithEmpty(r, els), opt)}
	case KindCase:
		if !t.recase(r, &name, els) {
			return false
		}
		lines = []Field{handshake.PlainField(name, handshake.JoinList(els, comma), opt)}
	case KindNearName:
		if !t.nearName(r, &els) {
			return false
		}
		lines = []Field{handshake.PlainField(name, handshake.JoinList(els, comma), opt)}
	default:
		return false
	}
	m.Remove(t.Field)
	m.Fields = slices.Insert(m.Fields, min(at, len(m.Fields)), lines...)
	return true
}

// twoElements returns els with an element added when it has fewer than
// two (see Vary). Where no element may be added, an empty one goes on
// each side, so that the whitespace next to the lone element is inside
// the value, not OWS around it that recipients strip (RFC 9110 §5.5).
func (t Target) twoElements(m *Message, els []string) []string {
	if len(els) >= 2 {
		return els
	}
	x := ""
	switch {
	case t.Response && t.Field == "Connection":
		x = "keep-alive"
	case t.Response && t.Field == "Sec-WebSocket-Version":
		x = "8"
	case t.Response:
	case t.Field == "Sec-WebSocket-Version":
		x = "13"
	case t.Field == "Sec-WebSocket-Extensions":
		x = "x-example"
	default:
		x = handshake.ExtraElement(m, t.Field)
	}
	if x == "" {
		return append(append([]string{""}, els...), "")
	}
	return append(els, x)
}

// recase spells the tokens of els (or, for Sec-WebSocket-Version, the
// field name) in another case; it reports whether anything changed. A
// subprotocol the servers under test support (chat, superchat) is
// respelt first; an extension's name is respelt in every
// permessage-deflate element alike, or now and then a parameter name.
func (t Target) recase(r *rand.Rand, name *string, els []string) bool {
	switch t.Field {
	case "Sec-WebSocket-Version":
		n := respell(r, *name)
		changed := n != *name
		*name = n
		return changed
	case "Sec-WebSocket-Protocol":
		order := r.Perm(len(els))
		slices.SortStableFunc(order, func(a, b int) int {
			return handshake.Btoi(!isKnownSubprotocol(els[a])) - handshake.Btoi(!isKnownSubprotocol(els[b]))
		})
		for _, i := range order {
			if s := respell(r, els[i]); s != els[i] && !slices.Contains(els, s) {
				els[i] = s
				return true
			}
		}
		return false
	case "Sec-WebSocket-Extensions":
		xs := make([][]string, len(els))
		for i, el := range els {
			xs[i] = handshake.ParseExtensions(el)[0]
		}
		if handshake.Chance(r, 3) {
			for _, i := range r.Perm(len(xs)) {
				if len(xs[i]) < 2 {
					continue
				}
				k := 1 + r.Intn(len(xs[i])-1)
				n, v, hasV := strings.Cut(xs[i][k], "=")
				if s := respell(r, n); s != n {
					if hasV {
						s += "=" + v
					}
					xs[i][k] = s
					els[i] = handshake.JoinList(xs[i], func() string { return "; " })
					return true
				}
			}
		}
		target := parser.PermessageDeflate
		if !slices.ContainsFunc(xs, func(x []string) bool { return x[0] == target }) {
			target = xs[0][0]
		}
		s := respell(r, target)
		if s == target {
			return false
		}
		for i, x := range xs {
			if x[0] == target {
				x[0] = s
				els[i] = handshake.JoinList(x, func() string { return "; " })
			}
		}
		return true
	}
	changed := false
	for i, el := range els {
		s := respell(r, el)
		changed = changed || s != el
		els[i] = s
	}
	return changed
}

// isKnownSubprotocol reports whether s is a subprotocol the servers under
// test support.
func isKnownSubprotocol(s string) bool { return s == "chat" || s == "superchat" }

// respell returns s in another letter case when it has letters: lower,
// upper, capitalized or mixed.
func respell(r *rand.Rand, s string) string {
	title := strings.ToLower(s)
	if title != "" {
		title = strings.ToUpper(title[:1]) + title[1:]
	}
	mixed := []byte(s)
	for i := range mixed {
		if i%2 == 0 {
			mixed[i] = strings.ToUpper(string(mixed[i]))[0]
		} else {
			mixed[i] = strings.ToLower(string(mixed[i]))[0]
		}
	}
	var choices []string
	for _, c := range []string{strings.ToLower(s), strings.ToUpper(s), title, string(mixed)} {
		if c != s && !slices.Contains(choices, c) {
			choices = append(choices, c)
		}
	}
	if len(choices) == 0 {
		return s
	}
	return choices[r.Intn(len(choices))]
}

// nearSubprotocols returns names close to the subprotocol known.
func nearSubprotocols(known string) []string {
	return []string{known + "2", known + "-v2", "x-" + known, known[:len(known)-1], known + "_"}
}

// nearExtensions are names close to permessage-deflate.
var nearExtensions = []string{"permessage-deflat", "permessage_deflate", "x-permessage-deflate", "permessage-deflate2", "permessagedeflate", "per-message-deflate"}

// nearName puts a near name into els. In a request it stands in for the
// known name: a near name of chat or superchat is offered instead of
// them, and permessage-deflate offers are renamed (one more offer when
// there is none), so that a server that takes the near name for the
// known one shows it. In a 101 it replaces the selected name.
func (t Target) nearName(r *rand.Rand, els *[]string) bool {
	if t.Field == "Sec-WebSocket-Protocol" {
		near := handshake.Pick(r, nearSubprotocols(handshake.Pick(r, "chat", "superchat"))...)
		if t.Response && len(*els) > 0 {
			(*els)[r.Intn(len(*els))] = near
			return true
		}
		*els = slices.DeleteFunc(*els, isKnownSubprotocol)
		if slices.Contains(*els, near) {
			return false
		}
		*els = handshake.InsertAt(r, *els, near)
		return true
	}
	near := handshake.Pick(r, nearExtensions...)
	renamed := false
	for i, el := range *els {
		x := handshake.ParseExtensions(el)[0]
		if x[0] == parser.PermessageDeflate {
			x[0], renamed = near, true
			(*els)[i] = handshake.JoinList(x, func() string { return "; " })
		}
	}
	if !renamed {
		*els = handshake.InsertAt(r, *els, near)
	}
	return true
}

// TargetCases returns n request cases, deterministic from seed: the
// request targets in turn, each applied with Vary to a newly generated
// valid exchange in its plainest form (canonical case, one SP before each
// value, one line per field: a server that refuses the case refuses the
// variation). The exchange is a WebSocket one, except for the Connection
// and Upgrade targets, which draw the protocol too, and HTTP/1.0, which
// has one target per protocol. Each case is judged by the reference: one it
// takes as valid is labelled with the target's Rule and named
// "vary/<field>/<kind>/<index>", with the 101 that answers it when the
// generated one still does; one it refuses is a mutant labelled with the
// rule it cites first, named "<rule>/vary-<field>-<kind>/<index>".
func TargetCases(seed int64, n int) []Case {
	out := make([]Case, 0, max(n, 0))
	if n <= 0 {
		return out
	}
	for c := range TargetCaseSeq(seed) {
		out = append(out, c)
		if len(out) == n {
			break
		}
	}
	return out
}

// TargetCaseSeq yields the cases of TargetCases one at a time, without
// end: its first n cases are TargetCases(seed, n), generated only as the
// caller asks for them.
func TargetCaseSeq(seed int64) iter.Seq[Case] {
	return func(yield func(Case) bool) {
		r := rand.New(rand.NewSource(seed ^ 0x7a26e75))
		ts := requestTargets()
		for i := 0; ; i++ {
			t := ts[i%len(ts)]
			u := t.Upgrade
			if t.Field == "Connection" || t.Field == "Upgrade" {
				u = []Upgrade{WebSocket, WebSocket, WebSocket, H2C, H2C, TLS}[r.Intn(6)]
			}
			// A drawn exchange may give a target nothing to vary (a
			// subprotocol with no letter to recase): draw again, a bounded
			// number of times, then leave this round's case out.
			var e Exchange
			varied := false
			for try := 0; try < maxTargetDraws && !varied; try++ {
				e = handshake.Canonical(NewExchange(r, u))
				offerField(&e, t.Field)
				varied = t.Vary(r, &e.Request)
			}
			if !varied {
				continue
			}
			if !yield(judgedTarget(t, e, i)) {
				return
			}
		}
	}
}

// maxTargetDraws bounds the exchanges TargetCaseSeq draws for one target
// before it leaves that target's case out of the round.
const maxTargetDraws = 8

// offerField adds the optional offer field to a WebSocket request that
// lacks it, so that a target of that field has something to vary.
func offerField(e *Exchange, field string) {
	if e.Request.Index(field) >= 0 {
		return
	}
	switch field {
	case "Sec-WebSocket-Protocol":
		e.Subprotocols = []string{"chat", "superchat"}
		e.Request.Add(field, "chat, superchat")
		// (A request that already offers subprotocols keeps its offers.)
	case "Sec-WebSocket-Extensions":
		e.Deflate = append(e.Deflate, DeflateOffer{Params: []string{parser.ClientMaxWindowBits}})
		e.Request.Add(field, "permessage-deflate; client_max_window_bits")
	}
}

// judgedTarget labels the varied exchange e as TargetCases does.
func judgedTarget(t Target, e Exchange, i int) Case {
	var p parser.Parser
	raw := e.Request.Print()
	req := p.ParseRequest(raw)
	slug := strings.ToLower(t.Field)
	kind := t.Kind
	if t.Kind == KindHTTP10 {
		kind += "-" + t.Upgrade.String()
	}
	c := Case{Request: raw}
	if x := req.Verdict.First(parser.Strict); x != nil {
		c.Rule = x.Rule
		c.Name = fmt.Sprintf("%s/vary-%s-%s/%04d", x.Rule, slug, kind, i)
	} else {
		c.Rule = t.Rule
		c.Name = fmt.Sprintf("vary/%s/%s/%04d", slug, kind, i)
		resp := e.Response.Print()
		var q parser.Parser
		if v := &q.ParseResponse(resp, req).Verdict; v.Conforming() && v.Valid(parser.Strict) {
			c.Response = resp
		}
	}
	c.Level = R.LevelOf(c.Rule)
	return c
}
