package suite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/parser/rules"
)

// Fate is what became of a connection, as the harness saw it.
type Fate string

// The fates of a server case's connection.
const (
	Answered Fate = "answered" // a complete response head arrived
	Closed   Fate = "closed"   // the peer closed before a complete head
	Hung     Fate = "hung"     // no complete head before the deadline
	Reset    Fate = "reset"    // the connection was reset (or refused)
)

// Observation is what a server did with one case: only what happened on
// the wire, judged afterwards by JudgeServer.
type Observation struct {
	Request []byte // the octets sent, head and body
	Reply   []byte // the response head received (all octets received when incomplete)
	Interim []byte // interim 1xx heads received before it, skipped as a client does
	Fate    Fate
	Detail  string // an I/O error, when there was one
}

// serverDuty maps the client-side check a 101 failed (RFC 6455 §4.1) to the
// server's duty it breaks (RFC 6455 §4.2.2), so that a server's FAIL cites
// the server's rule.
var serverDuty = map[rules.ID]rules.ID{
	rules.RFC6455_4_1_20: rules.RFC6455_4_2_2_9,
	rules.RFC6455_4_1_21: rules.RFC6455_4_2_2_10,
	rules.RFC6455_4_1_22: rules.RFC6455_4_2_2_11,
	rules.RFC6455_4_1_23: rules.RFC6455_4_2_2_7,
	rules.RFC6455_4_1_24: rules.RFC6455_4_2_2_6,
	rules.RFC7692_5_7:    rules.RFC7692_7_2,
}

// JudgeServer judges what a server did with case c. The response is read
// with parser.ParseResponse paired with the request sent: a 101 must be
// Switched (valid for the request), a refusal a final status.
func JudgeServer(c Case, o Observation) Result {
	res := Result{Name: c.Name, Group: c.Group, Rule: c.Rule, Level: c.Level, Want: c.Want.String(),
		Request: o.Request, Response: o.Reply, Got: string(o.Fate)}
	if len(o.Interim) > 0 {
		res.Extra = []Wire{{Label: "interim responses before it", Bytes: o.Interim}}
	}
	switch o.Fate {
	case Hung, Reset:
		return res.verdict(Fail, c.Rule, "the server %s (%s)", map[Fate]string{Hung: "did not answer before the deadline", Reset: "reset the connection"}[o.Fate], o.Detail)
	case Closed:
		switch c.Want {
		case Switch:
			return res.verdict(Departure(c.Rule), c.Rule, "the server closed the connection without answering a valid handshake")
		case Refuse:
			return res.departure(c, rules.RFC6455_4_2_1_1, "the server closed the connection without an HTTP error response")
		}
		return res.verdict(Informational, c.Rule, "the server closed the connection without answering")
	}

	var rp, sp parser.Parser
	req := rp.ParseRequest(o.Request)
	resp := sp.ParseResponse(o.Reply, req)
	res.Got = strconv.Itoa(resp.Status)
	if !resp.Complete || resp.Status == 0 {
		res.Got = "garbage"
		return res.verdict(Fail, rules.RFC9112_4_G1, "the answer is not an HTTP response")
	}
	if resp.Status == 101 {
		return res.judge101(c, resp)
	}
	if resp.Status < 200 {
		return res.verdict(Fail, rules.RFC9110_15_2_1, "an interim %d is all the server sent", resp.Status)
	}
	return res.judgeRefusal(c, resp)
}

// judge101: a 101 must be one the client accepts, and answer a request
// the server may switch on.
func (res Result) judge101(c Case, resp *parser.Response) Result {
	if !resp.Switched {
		x := resp.Verdict.First(false)
		id := rules.RFC9110_7_8_6
		why := "a 101 the client must refuse"
		if x != nil {
			id, why = x.Rule, x.Message
		}
		if d, ok := serverDuty[id]; ok {
			id = d
		}
		if id == rules.RFC9110_7_8_6 && resp.Major == 1 && c.Want != Switch && isHTTP10(c.Request) {
			// RFC 9110 §7.8: a server MUST ignore Upgrade in an HTTP/1.0 request.
			id, why = rules.RFC9110_7_8_13, "101 to an HTTP/1.0 request, whose Upgrade a server must ignore"
		}
		return res.verdict(Departure(id), id, "invalid 101: %s", why)
	}
	for _, x := range resp.Violations {
		if x.Level == rules.Must {
			return res.verdict(Fail, x.Rule, "101 breaks a MUST: %s", x.Message)
		}
	}
	switch c.Want {
	case Refuse:
		return res.departure(c, c.Rule, "switched on a handshake that must be refused")
	case NoSwitch:
		return res.departure(c, c.Rule, "switched on a request that offers nothing it may switch to")
	}
	return res.verdict(Pass, c.Rule, "switched with a valid 101")
}

// judgeRefusal: a final status. A Switch case fails; a Refuse case must
// get an error status, the one the reference sends (AMB-9 says which),
// carrying what that status requires.
func (res Result) judgeRefusal(c Case, resp *parser.Response) Result {
	st := resp.Status
	switch c.Want {
	case Switch:
		return res.verdict(Departure(c.Rule), c.Rule, "refused a valid handshake with %d", st)
	case Either:
		return res.verdict(Informational, c.Rule, "declined with %d (permitted)", st)
	case NoSwitch:
		return res.verdict(Pass, c.Rule, "did not switch (%d)", st)
	}
	if st < 400 {
		return res.departure(c, rules.RFC6455_4_2_1_1, "answered %d, not an HTTP error", st)
	}
	if st == 426 {
		if len(resp.Upgrade) == 0 {
			return res.verdict(Fail, rules.RFC9110_15_5_22_1, "426 without Upgrade")
		}
	}
	if c.Status == 426 && resp.Get("Sec-WebSocket-Version") == nil {
		return res.verdict(Fail, rules.RFC6455_4_4_1, "refused an unsupported version with %d but without Sec-WebSocket-Version", st)
	}
	if c.Status != 0 && st != c.Status && (st == 426 || c.Status == 426) {
		return res.verdict(NonStrict, rules.AMB_9, "refused with %d; the strict reference answers %d", st, c.Status)
	}
	return res.verdict(Pass, c.Rule, "refused with %d", st)
}

// departure records that a case's want was not met: FAIL when the
// reference's decision rests on an RFC MUST, NON-STRICT when only policy
// requires it.
func (res Result) departure(c Case, id rules.ID, format string, args ...any) Result {
	if c.Strict && c.Because != "" {
		return res.verdict(NonStrict, c.Because, format, args...)
	}
	return res.verdict(Departure(id), id, format, args...)
}

func (res Result) verdict(o Outcome, id rules.ID, format string, args ...any) Result {
	res.Outcome, res.Cited, res.Why = o, id, fmt.Sprintf(format, args...)
	return res
}

// isHTTP10 reports a request-line ending in HTTP/1.0.
func isHTTP10(req []byte) bool {
	line, _, _ := strings.Cut(string(req), "\n")
	return strings.HasSuffix(strings.TrimSuffix(line, "\r"), " HTTP/1.0")
}
