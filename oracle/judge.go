package oracle

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/google/go-cmp/cmp"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/parser/rules"
	"github.com/switchyard/switchyard/statemachine"
)

// Class sorts a divergence by what it means for users (DESIGN.md
// principle 2). It follows from the level of the rule broken.
type Class string

// The classes.
const (
	// Violation: an RFC MUST is broken — accepted what must be refused, a
	// malformed 101, a choice the peer never offered.
	Violation Class = "violation"
	// Interop: a valid handshake refused or dropped. Permitted, but it
	// breaks real peers.
	Interop Class = "interop"
	// Policy: the implementation departs only from Switchyard's strict
	// policy (STRICT-n, AMB-n, LIMIT-n). Never a violation.
	Policy Class = "policy"
	// Robustness: a panic, a hang past the timeout, a reset.
	Robustness Class = "robustness"
)

// Decision is the normalized decision of one implementation on one case,
// the unit compared with the reference and between implementations.
type Decision struct {
	Switched    bool   // a 101 was sent (server) or the client reports the connection open
	StatusClass int    // 1..5 for a response, 0 for none
	Protocol    string // the protocol a 101 switched to, lower case
	Subprotocol string // the selected Sec-WebSocket-Protocol
	Extensions  string // the selected extension names, comma-separated
	AcceptOK    bool   // Sec-WebSocket-Accept matches the key
	Fate        Fate   // what became of the connection
}

// Divergence is one departure from the reference, with the rule it breaks.
type Divergence struct {
	Class   Class       `json:"class"`
	Rule    rules.ID    `json:"rule"`
	Level   rules.Level `json:"level"`
	Summary string      `json:"summary"`
}

// Judgement is the judge's reading of one observation.
type Judgement struct {
	Got  Decision // the implementation's decision
	Want Decision // what the reference would have decided
	// Diff is cmp.Diff(Want, Got): empty when they agree.
	Diff string
	// Divergences lists each departure with its rule; empty when the
	// implementation's decision is one the reference allows.
	Divergences []Divergence
}

// Judge judges an observation of an implementation that serves protocol
// ("websocket" or "h2c"; unused for clients) on case c.
func Judge(protocol string, c Case, o Observation) Judgement {
	if o.Side == ClientSide {
		return judgeClient(c, o)
	}
	return judgeServer(protocol, c, o)
}

func head(b []byte) []byte {
	if n := parser.HeadEnd(b); n >= 0 {
		return b[:n]
	}
	return b
}

// diverge builds a divergence, keeping the level rule of DESIGN.md
// principle 2: a violation is only ever an RFC MUST.
func diverge(class Class, rule rules.ID, format string, args ...any) Divergence {
	lvl := rules.LevelOf(rule)
	if class == Violation && lvl != rules.Must {
		class = Policy
	}
	return Divergence{Class: class, Rule: rule, Level: lvl, Summary: fmt.Sprintf(format, args...)}
}

// toleratedFaults maps a sender fault to the recipient duty that obliges
// a recipient to accept it: empty list elements (RFC 9110 §5.6.1.2).
var toleratedFaults = map[rules.ID]rules.ID{
	rules.RFC9110_5_6_1_1_1: rules.RFC9110_5_6_1_2_1,
}

// citedBeside lists the sender rules the parser cites beside a tolerated
// fault, for the same octets: the sender-form list productions an empty
// element breaks, and RFC 6455 §4.1's "a valid HTTP request".
var citedBeside = map[rules.ID]bool{
	rules.RFC9110_5_6_1_1_G1: true, rules.RFC9110_7_8_G1: true, rules.RFC9110_7_6_1_G1: true, rules.RFC6455_4_1_6: true,
}

// toleratedBy reports the recipient duty a refusal of req breaks, when
// every fault of req at MUST level is a tolerated sender fault or a rule
// cited beside one.
func toleratedBy(req *parser.Request) (rules.ID, bool) {
	var duty rules.ID
	for _, x := range req.Violations {
		switch d, ok := toleratedFaults[x.Rule]; {
		case x.Level != rules.Must:
		case ok:
			duty = d
		case x.Role == parser.Sender && citedBeside[x.Rule]:
		default:
			return "", false
		}
	}
	return duty, duty != ""
}

// serverRuleFor maps the client's check that a 101 failed (RFC 6455 §4.1)
// to the server's duty it breaks (RFC 6455 §4.2.2).
var serverRuleFor = map[rules.ID]rules.ID{
	rules.RFC6455_4_1_20: rules.RFC6455_4_2_2_9,
	rules.RFC6455_4_1_21: rules.RFC6455_4_2_2_10,
	rules.RFC6455_4_1_22: rules.RFC6455_4_2_2_11,
	rules.RFC6455_4_1_23: rules.RFC6455_4_2_2_7,
	rules.RFC6455_4_1_24: rules.RFC6455_4_2_2_6,
}

// observed reads the decision a response head shows, checked against req.
func observed(reply []byte, req *parser.Request, fate Fate) (Decision, *parser.Response) {
	d := Decision{Fate: fate}
	if fate != FateAnswered {
		return d, nil
	}
	if !bytes.HasPrefix(reply, []byte("HTTP/")) {
		d.Fate = "garbage"
		return d, nil
	}
	var p parser.Parser
	resp := p.ParseResponse(head(reply), req)
	d.StatusClass = resp.Status / 100
	d.Switched = resp.Status == 101
	if d.Switched {
		d.Fate = "switched"
	} else {
		d.Fate = "refused"
	}
	var protos []string
	for _, pr := range resp.Upgrade {
		protos = append(protos, strings.ToLower(pr.String()))
	}
	if d.Switched {
		d.Protocol = strings.Join(protos, ",")
	}
	if f := resp.Get("Sec-WebSocket-Protocol"); f != nil {
		d.Subprotocol = string(f.Value)
	}
	var exts []string
	for _, e := range resp.Extensions {
		exts = append(exts, string(e.Name))
	}
	if len(exts) == 0 {
		for i := range resp.Fields {
			if strings.EqualFold(string(resp.Fields[i].Name), "Sec-WebSocket-Extensions") {
				exts = append(exts, string(resp.Fields[i].Value))
			}
		}
	}
	d.Extensions = strings.Join(exts, ",")
	if req != nil && len(req.WebSocket.Key) > 0 && len(resp.Accept) > 0 {
		var want [parser.AcceptLen]byte
		d.AcceptOK = bytes.Equal(resp.Accept, parser.AppendAccept(want[:0], req.WebSocket.Key))
	}
	return d, resp
}

func offers(req *parser.Request, protocol string) bool {
	for _, pr := range req.Upgrade {
		if strings.EqualFold(string(pr.Name), protocol) {
			return true
		}
	}
	return false
}

func switchable(req *parser.Request, protocol string) bool {
	for _, pr := range req.Switchable {
		if strings.EqualFold(string(pr.Name), protocol) && pr.Version == nil {
			return true
		}
	}
	return false
}

// firstSender returns the first MUST-level violation of any role.
func firstMust(v *parser.Verdict) *parser.Violation {
	for i := range v.Violations {
		if v.Violations[i].Level == rules.Must {
			return &v.Violations[i]
		}
	}
	return nil
}

// caseRule is the rule a case is built around, or fallback.
func caseRule(c Case, fallback rules.ID) rules.ID {
	if c.Rule != "" {
		return c.Rule
	}
	return fallback
}

func judgeServer(protocol string, c Case, o Observation) Judgement {
	var rp parser.Parser
	req := rp.ParseRequest(head(o.Request))
	got, resp := observed(o.Reply, req, o.Fate)
	offered := offers(req, protocol)
	should := switchable(req, protocol)

	want := got
	want.Switched = should
	want.Protocol = ""
	if should {
		want.Fate, want.StatusClass, want.Protocol = "switched", 1, protocol
		want.AcceptOK = protocol == "websocket"
	} else {
		want.Subprotocol, want.Extensions, want.AcceptOK = "", "", false
		if got.Switched || got.Fate == FatePanicked || got.Fate == FateHung || got.Fate == FateReset {
			want.Fate, want.StatusClass = "refused", 4
		}
	}
	j := Judgement{Got: got, Want: want}
	add := func(d Divergence) { j.Divergences = append(j.Divergences, d) }
	robust := caseRule(c, "")
	if x := req.First(true); x != nil {
		robust = x.Rule
	}

	switch {
	case o.Fate == FatePanicked:
		add(diverge(Robustness, robust, "panicked: %s", o.Detail))
	case o.Fate == FateReset:
		add(diverge(Robustness, robust, "connection reset without a complete response"))
	case o.Fate == FateHung:
		if req.Complete && req.ContentLength <= 0 && !req.TransferEncoding {
			add(diverge(Robustness, robust, "no response within the timeout to a complete request without body"))
		} else {
			j.Want.Fate = FateHung // waiting for a declared body is right
		}
	case got.Switched:
		x := resp.First(false)
		if x != nil && x.Rule == rules.RFC6455_4_1_22 && req.WebSocket.Key == nil {
			x = nil // no single key to check the Accept against: the request's fault comes first
		}
		if h2 := switchedToH2(resp); h2 {
			add(diverge(Violation, rules.RFC7540_3_2_3, "switched to h2 through Upgrade; h2 is negotiated with TLS ALPN only"))
		} else if y := req.First(false); y != nil {
			add(diverge(Violation, y.Rule, "switched on a request it must refuse: %s", y.Message))
		} else if x != nil {
			rule := x.Rule
			if r, ok := serverRuleFor[rule]; ok {
				rule = r
			}
			add(diverge(Violation, rule, "malformed 101: %s", x.Message))
		} else if !should {
			switch x := req.First(true); {
			case x != nil:
				add(diverge(Policy, x.Rule, "switched on a request Switchyard's strict policy refuses: %s", x.Message))
			case protocol == "h2c":
				add(diverge(Violation, rules.RFC7540_3_2_1_1, "switched to h2c on a request that does not meet RFC 7540 §3.2.1"))
			default:
				rule := rules.RFC9110_7_8_6
				if x := firstMust(&req.Verdict); x != nil {
					rule = x.Rule
				}
				add(diverge(Violation, rule, "switched on a request that is not a valid %s handshake", protocol))
			}
		} else if x := resp.First(true); x != nil {
			add(diverge(Policy, x.Rule, "101 departs from Switchyard's strict form: %s", x.Message))
		}
	case should:
		what := "refused with status " + fmt.Sprint(statusOf(resp))
		if resp == nil {
			what = "dropped (" + string(got.Fate) + ")"
		}
		fallback := rules.RFC6455_4_2_2_13
		if protocol == "h2c" {
			fallback = rules.RFC7540_3_2_4
		}
		if duty, ok := toleratedBy(req); ok {
			// The refusal itself breaks a recipient MUST: the request's only
			// fault is one every recipient must tolerate.
			add(diverge(Violation, duty, "%s handshake %s: its only fault is one a recipient must accept (%s)", protocol, what, duty))
			break
		}
		if c.Rule != "" && req.Has(c.Rule) {
			what += " (it breaks only " + string(c.Rule) + ", a rule for its sender; a recipient accepts it)"
		}
		add(diverge(Interop, caseRule(c, fallback), "valid %s handshake %s", protocol, what))
	case offered && protocol == "websocket":
		x := req.First(false)
		if x == nil || x.Status == 0 {
			break // only Switchyard's policy refuses it, or nothing requires an answer
		}
		if got.StatusClass != 4 && got.StatusClass != 5 {
			j.Want.StatusClass = 4
			add(diverge(Violation, rules.RFC6455_4_2_1_1, "invalid handshake (%s) not answered with an HTTP error: %s", x.Rule, got.Fate))
		} else if x.Status == 426 && resp.Get("Sec-WebSocket-Version") == nil {
			add(diverge(Violation, rules.RFC6455_4_2_2_4, "unsupported version refused without Sec-WebSocket-Version"))
		}
	}
	j.Diff = cmp.Diff(j.Want, j.Got)
	return j
}

// switchedToH2 reports a 101 whose Upgrade names h2 (RFC 7540 §3.2: a
// server MUST ignore h2 in Upgrade).
func switchedToH2(r *parser.Response) bool {
	for _, pr := range r.Upgrade {
		if strings.EqualFold(string(pr.Name), "h2") && pr.Version == nil {
			return true
		}
	}
	return false
}

func statusOf(r *parser.Response) int {
	if r == nil {
		return 0
	}
	return r.Status
}

func judgeClient(c Case, o Observation) Judgement {
	var rp, sp parser.Parser
	req := rp.ParseRequest(head(o.Request))
	got := Decision{Fate: o.Fate, Switched: o.Fate == FateOpen}
	resp := sp.ParseResponse(head(o.Reply), req)
	refOpen, why := referenceClient(head(o.Request), head(o.Reply), resp)
	want := got
	want.Switched = refOpen
	if refOpen {
		want.Fate = FateOpen
	} else {
		want.Fate = FateFailed
	}
	j := Judgement{Got: got, Want: want}
	add := func(d Divergence) { j.Divergences = append(j.Divergences, d) }

	if o.Fate == FateNoRequest {
		add(diverge(Robustness, rules.RFC6455_4_1_6, "sent no complete request: %s", o.Detail))
		j.Diff = cmp.Diff(j.Want, j.Got)
		return j
	}
	if x := firstMust(&req.Verdict); x != nil {
		add(diverge(Violation, x.Rule, "client sent a non-conforming request: %s", x.Message))
	}
	switch {
	case o.Fate == FatePanicked:
		add(diverge(Robustness, caseRule(c, ""), "panicked: %s", o.Detail))
	case o.Fate == FateHung:
		add(diverge(Robustness, caseRule(c, ""), "no verdict within the timeout"))
	case got.Switched && !refOpen:
		if why != nil {
			add(diverge(Violation, why.Rule, "reported open on a response it must Fail: %s", why.Message))
		} else if x := resp.First(false); x != nil {
			add(diverge(Violation, x.Rule, "reported open on a response it must Fail: %s", x.Message))
		} else {
			add(diverge(Violation, rules.RFC6455_4_1_19, "reported open on a %d response", resp.Status))
		}
	case got.Switched && !resp.Valid(true):
		x := resp.First(true)
		add(diverge(Policy, x.Rule, "reported open on a 101 Switchyard's strict policy Fails: %s", x.Message))
	case !got.Switched && refOpen && resp.Valid(true) && !o.AfterClose:
		add(diverge(Interop, caseRule(c, rules.RFC6455_4_1_27), "failed a valid server handshake: %s", o.Detail))
	}
	j.Diff = cmp.Diff(j.Want, j.Got)
	return j
}

// referenceClient decides as a client must whether the response opens the
// connection: the client state machine (package statemachine) fed the
// request the client sent and the response it was handed. It returns the
// decision at the level of the RFC's MUSTs — a refusal the machine bases
// on Switchyard's policy alone leaves the connection open there — and the
// MUST-level violation that keeps it closed, when the machine names one.
// When the machine cannot follow the exchange (the client's request is
// itself broken), the parser's pairing of the two heads decides.
func referenceClient(reqHead, respHead []byte, resp *parser.Response) (open bool, why *parser.Violation) {
	m := statemachine.New(statemachine.Client)
	if _, err := m.Step(statemachine.Request(reqHead)); err == nil {
		_, err := m.Step(statemachine.ResponseHeadEvent(respHead))
		if m.State() == statemachine.Switched {
			return true, nil
		}
		var v *parser.Violation
		if errors.As(err, &v) {
			if v.Level == rules.Policy {
				return resp.Status == 101 && resp.Switched && resp.Valid(false), nil
			}
			if v.Level == rules.Must && resp.Status == 101 {
				return false, v
			}
		}
		if err == nil || v != nil {
			return false, nil
		}
	}
	return resp.Status == 101 && resp.Switched && resp.Valid(false), nil
}
