package parser

import (
	"fmt"
	"strconv"

	"github.com/switchyard/switchyard/rules"
)

// Role says whose duty a violation is about.
type Role uint8

const (
	// Sender: the message's sender broke the rule, and its recipient is
	// allowed or required to go on (it ignores the fault, or repairs it and
	// validates the repaired field). The message is not conforming.
	Sender Role = 1 + iota
	// Recipient: the rule obliges the recipient to refuse the message: a
	// server answers with an error status, a client Fails the connection.
	Recipient
	// NoSwitch: the rule obliges the recipient not to switch to the
	// protocol the violation is about, but it may serve the message as
	// HTTP/1.1: RFC 7540 §3.2.1 (a server MUST NOT upgrade to h2c without
	// exactly one decodable HTTP2-Settings), RFC 9110 §7.8 (a server MUST
	// ignore Upgrade in an HTTP/1.0 request). Valid, First and Conforming
	// ignore such violations; Verdict.NoSwitchTo finds them by protocol.
	NoSwitch
)

// String returns "sender", "recipient" or "no-switch".
func (r Role) String() string {
	switch r {
	case Sender:
		return "sender"
	case Recipient:
		return "recipient"
	case NoSwitch:
		return "no-switch"
	}
	return "Role(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText encodes the role as its name, for JSON reports.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Violation is one rule a message breaks. It is an error.
type Violation struct {
	Rule    rules.ID    // the catalogue rule broken
	Level   rules.Level // the rule's level: MUST, SHOULD or POLICY
	Role    Role        // whether the sender erred or the recipient must refuse
	Field   string      // canonical field name, or "request-line", "status-line", "head"
	Offset  int         // byte offset of the offending octets in the input
	Length  int         // how many octets, at least 1 where a place is known
	Status  int         // for a request the recipient must refuse: the status to answer with
	Message string      // what is wrong, for a person
}

// Error returns the rule, the level and the message.
func (v *Violation) Error() string {
	return fmt.Sprintf("%s (%s): %s", v.Rule, v.Level, v.Message)
}

// Verdict is the judgement of one message.
type Verdict struct {
	// Violations lists every rule broken, in the order found.
	Violations []Violation
	// Warnings lists facts worth knowing that break no rule: a deprecated
	// mechanism (h2c, RFC 9113 §3.1), Connection: close with Upgrade (AMB-22).
	Warnings []Violation
}

// Conforming reports whether the sender broke no MUST-level rule. A
// NoSwitch violation states a duty of the recipient only (the sender's
// fault, if any, is cited beside it with the sender role), so it does not
// count.
func (v *Verdict) Conforming() bool {
	for i := range v.Violations {
		if x := &v.Violations[i]; x.Level == rules.Must && x.Role != NoSwitch {
			return false
		}
	}
	return true
}

// The values of the strict argument of Valid, First and RefusalStatus.
const (
	// Strict also applies Switchyard's strict decisions: POLICY-level
	// rules with the recipient role (AMB-n, STRICT-n, LIMIT-n) refuse too.
	Strict = true
	// Lenient applies the RFCs' MUST-level recipient duties alone.
	Lenient = false
)

// Valid reports whether the recipient may accept the message: no MUST-level
// violation with the Recipient role obliges it to refuse (Sender and
// NoSwitch violations never do). With strict set, a POLICY violation with
// the recipient role also makes the message invalid — Switchyard's strict
// decisions (AMB-n, STRICT-n, LIMIT-n) refuse what the RFC lets a recipient
// tolerate.
func (v *Verdict) Valid(strict bool) bool {
	return v.First(strict) == nil
}

// First returns the first violation that makes the message invalid (see
// Valid), or nil.
func (v *Verdict) First(strict bool) *Violation {
	for i := range v.Violations {
		x := &v.Violations[i]
		if x.Role != Recipient {
			continue
		}
		if x.Level == rules.Must || (strict && x.Level == rules.Policy) {
			return x
		}
	}
	return nil
}

// NoSwitchTo returns the first violation with the NoSwitch role that forbids
// switching to the protocol named name (compared case-insensitively; "h2c",
// "TLS", "websocket", ...), or nil: then no such rule stands in the way,
// though the protocol's own requirements (Request.Switchable) still do.
// RFC 9110 §7.8's HTTP/1.0 rule forbids every protocol; RFC 7540 §3.2.1's
// forbids h2c.
func (v *Verdict) NoSwitchTo(name string) *Violation {
	for i := range v.Violations {
		x := &v.Violations[i]
		if x.Role != NoSwitch {
			continue
		}
		if p := noSwitchProtocol(x.Rule); p == "" || equalFold([]byte(name), p) {
			return x
		}
	}
	return nil
}

// noSwitchProtocol names the protocol a rule cited with the NoSwitch role
// forbids switching to, or "" when it forbids every protocol.
func noSwitchProtocol(id rules.ID) string {
	switch id {
	case rules.RFC7540_3_2_1_1:
		return "h2c"
	}
	return ""
}

// Has reports whether a violation cites the rule.
func (v *Verdict) Has(id rules.ID) bool {
	for i := range v.Violations {
		if v.Violations[i].Rule == id {
			return true
		}
	}
	return false
}

// RefusalStatus returns the status a server should answer an invalid request with:
// that of the first violation that makes it invalid, or 0 when it is valid.
func (v *Verdict) RefusalStatus(strict bool) int {
	if x := v.First(strict); x != nil {
		return x.Status
	}
	return 0
}

// ruleFact is what recording a violation of a rule needs to know of it,
// read with one lookup: its level (the catalogue's), the status a server
// refuses a request with (refusalStatus), and its sender twins with their
// levels (senderTwins). A fuzzed message breaks a dozen rules on average,
// and each lookup hashes the rule's ID.
type ruleFact struct {
	level  rules.Level
	status int
	twins  []twinRule
}

// twinRule is a sender twin and its level.
type twinRule struct {
	id    rules.ID
	level rules.Level
}

// ruleFacts holds a ruleFact for every catalogue and local rule, derived
// once from the catalogue, refusalStatus and senderTwins, which stay the
// tables to read and edit.
var ruleFacts = func() map[rules.ID]ruleFact {
	all := rules.All()
	m := make(map[rules.ID]ruleFact, len(all))
	for _, r := range all {
		f := ruleFact{level: r.Level, status: refusalStatus[r.ID]}
		for _, twin := range senderTwins[r.ID] {
			f.twins = append(f.twins, twinRule{twin, rules.LevelOf(twin)})
		}
		m[r.ID] = f
	}
	return m
}()

// record records a violation of rule id at span at. The level comes from
// the catalogue. When the recipient must refuse and the catalogue states the
// sender's side as rules of their own (SenderTwins), those are recorded
// too, with the sender role, right after. The named forms below say which
// role and status a call site means; record itself is for the sites where
// the role is a variable.
func (v *Verdict) record(id rules.ID, role Role, status int, at span, msg string) {
	f := ruleFacts[id]
	v.recordFact(id, &f, role, status, at, msg)
}

// firstViolations is the room a Verdict makes for violations at its first.
const firstViolations = 16

// recordFact is record with the rule's facts looked up.
func (v *Verdict) recordFact(id rules.ID, f *ruleFact, role Role, status int, at span, msg string) {
	if v.Violations == nil {
		// A message that breaks one rule mostly breaks several (a rule,
		// its twins, the handshake's own departure rules): room for them
		// at once rather than growing from one.
		v.Violations = make([]Violation, 0, firstViolations)
	}
	v.Violations = append(v.Violations, Violation{
		Rule: id, Level: f.level, Role: role, Field: at.field,
		Offset: at.off, Length: max(at.n, 1), Status: status, Message: msg,
	})
	if role != Recipient {
		return
	}
	for _, twin := range f.twins {
		v.twin(twin.id, twin.level, at, msg)
	}
}

// twin records the sender twin id, of the given level, of a rule just
// recorded with the recipient role.
func (v *Verdict) twin(id rules.ID, level rules.Level, at span, msg string) {
	v.Violations = append(v.Violations, Violation{
		Rule: id, Level: level, Role: Sender, Field: at.field,
		Offset: at.off, Length: max(at.n, 1), Message: msg,
	})
}

// refuse records a rule that obliges the recipient to refuse the message;
// a server answers a request with the rule's status (refusalStatus).
func (v *Verdict) refuse(id rules.ID, at span, msg string) {
	f := ruleFacts[id]
	v.recordFact(id, &f, Recipient, f.status, at, msg)
}

// refuseWith is refuse with a status the call site picks: where the
// situation, not the rule, decides it (RFC6455-4.2.1-7: 426 for an
// unsupported version, 400 for a missing one, AMB-9), or where the caller
// threads a status that is 0 for a response.
func (v *Verdict) refuseWith(id rules.ID, status int, at span, msg string) {
	v.record(id, Recipient, status, at, msg)
}

// refuseResponse records a rule that obliges a client to refuse a
// response (for a WebSocket handshake, to Fail the connection, RFC 6455
// §4.1): a client answers no status, so the violation carries none.
func (v *Verdict) refuseResponse(id rules.ID, at span, msg string) {
	v.record(id, Recipient, 0, at, msg)
}

// refuseTwins is refuse with the sender-side rules given by the caller
// instead of the SenderTwins table: for a recipient rule with several
// sender sides (RFC 6455 §4.2.1 item 1 reads the method, version and
// request-target that §4.1 states in separate rules), the one the fault
// breaks.
func (v *Verdict) refuseTwins(id rules.ID, twins []rules.ID, at span, msg string) {
	f := ruleFacts[id]
	f.twins = nil
	v.recordFact(id, &f, Recipient, f.status, at, msg)
	for _, twin := range twins {
		v.twin(twin, rules.LevelOf(twin), at, msg)
	}
}

// sender records a rule the message's sender broke and its recipient
// tolerates: the rule of the field itself, a grammar building block, or
// the same requirement stated in another section (RFC 2817 against RFC
// 9110, RFC 9110 §7.8 against §15.5.22). It never changes what the
// recipient must do.
func (v *Verdict) sender(id rules.ID, at span, msg string) {
	v.record(id, Sender, 0, at, msg)
}

// noSwitch records a rule that forbids the recipient only to switch
// protocols (see NoSwitch).
func (v *Verdict) noSwitch(id rules.ID, at span, msg string) {
	v.record(id, NoSwitch, 0, at, msg)
}

// alsoNotToken records the token building blocks (RFC 9110 §5.6.2) that b,
// found at input offset off where a token is required, breaks beside the
// rule of the field using it: token = 1*tchar always, tchar when one of its
// octets is not a tchar (an empty b breaks only the first).
func (v *Verdict) alsoNotToken(field string, b []byte, off int) {
	v.sender(rules.RFC9110_5_6_2_G1, bytesAt(field, off, b), "not a token (token = 1*tchar)")
	if i := firstNotTchar(b); i >= 0 {
		v.sender(rules.RFC9110_5_6_2_G2, octetAt(field, off+i), notTcharMessage[b[i]])
	}
}

// notTcharMessage is the message of RFC9110-5.6.2-G2 for each octet, made
// once: fuzzed lists break it in most elements, and building the message
// allocates.
var notTcharMessage = func() (m [256]string) {
	for c := range m {
		m[c] = "octet " + strconv.Quote(string([]byte{byte(c)})) + " is not a tchar"
	}
	return m
}()

// alsoNoElement records that a 1# list (RFC 6455 §4.3, §9.1) holds no
// non-empty element: under RFC 2616's #rule, which RFC 6455 uses, and under
// RFC 9110's recipient form alike, "", "," and ", ," are not a 1#element.
func (v *Verdict) alsoNoElement(field string, off int) {
	v.sender(rules.RFC2616_2_1_G1, octetAt(field, off), "a 1# list needs at least one non-empty element")
	v.sender(rules.RFC9110_5_6_1_2_G1, octetAt(field, off), "a 1# list needs at least one non-empty element")
}

// warn records a warning citing rule id.
func (v *Verdict) warn(id rules.ID, at span, msg string) {
	v.Warnings = append(v.Warnings, Violation{
		Rule: id, Level: rules.LevelOf(id), Role: Sender, Field: at.field,
		Offset: at.off, Length: max(at.n, 1), Message: msg,
	})
}
