package parser

import (
	"fmt"
	"strconv"

	"github.com/switchyard/switchyard/parser/rules"
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
)

// String returns "sender" or "recipient".
func (r Role) String() string {
	switch r {
	case Sender:
		return "sender"
	case Recipient:
		return "recipient"
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

// Conforming reports whether the sender broke no MUST-level rule.
func (v *Verdict) Conforming() bool {
	for i := range v.Violations {
		if v.Violations[i].Level == rules.Must {
			return false
		}
	}
	return true
}

// Valid reports whether the recipient may accept the message: no MUST-level
// violation obliges it to refuse. With strict set, a POLICY violation with
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

// reset empties the verdict, keeping its storage.
func (v *Verdict) reset() {
	v.Violations = v.Violations[:0]
	v.Warnings = v.Warnings[:0]
}

// add records a violation of rule id. The level comes from the catalogue.
// When the recipient must refuse and the catalogue states the sender's side
// as rules of their own (SenderTwins), those are recorded too, with the
// sender role, right after.
func (v *Verdict) add(id rules.ID, role Role, field string, off, n, status int, msg string) {
	if n < 1 {
		n = 1
	}
	v.Violations = append(v.Violations, Violation{
		Rule: id, Level: rules.LevelOf(id), Role: role, Field: field,
		Offset: off, Length: n, Status: status, Message: msg,
	})
	if role != Recipient {
		return
	}
	for _, twin := range senderTwins[id] {
		v.Violations = append(v.Violations, Violation{
			Rule: twin, Level: rules.LevelOf(twin), Role: Sender, Field: field,
			Offset: off, Length: n, Message: msg,
		})
	}
}

// also records that the fault just reported breaks rule id too, on the
// sender's side: a grammar building block, or the same requirement stated
// in another section (RFC 2817 against RFC 9110, RFC 9110 §7.8 against
// §15.5.22). It never changes what the recipient must do.
func (v *Verdict) also(id rules.ID, field string, off, n int, msg string) {
	v.add(id, Sender, field, off, n, 0, msg)
}

// alsoNotToken records the token building blocks (RFC 9110 §5.6.2) that b,
// found at input offset off where a token is required, breaks beside the
// rule of the field using it: token = 1*tchar always, tchar when one of its
// octets is not a tchar (an empty b breaks only the first).
func (v *Verdict) alsoNotToken(field string, b []byte, off int) {
	v.also(rules.RFC9110_5_6_2_G1, field, off, len(b), "not a token (token = 1*tchar)")
	if i := firstNot(b, &tchar); i >= 0 {
		v.also(rules.RFC9110_5_6_2_G2, field, off+i, 1, "octet "+strconv.Quote(string(b[i:i+1]))+" is not a tchar")
	}
}

// alsoNoElement records that a 1# list (RFC 6455 §4.3, §9.1) holds no
// non-empty element: under RFC 2616's #rule, which RFC 6455 uses, and under
// RFC 9110's recipient form alike, "", "," and ", ," are not a 1#element.
func (v *Verdict) alsoNoElement(field string, off int) {
	v.also(rules.RFC2616_2_1_G1, field, off, 1, "a 1# list needs at least one non-empty element")
	v.also(rules.RFC9110_5_6_1_2_G1, field, off, 1, "a 1# list needs at least one non-empty element")
}

// warn records a warning citing rule id.
func (v *Verdict) warn(id rules.ID, field string, off, n int, msg string) {
	if n < 1 {
		n = 1
	}
	v.Warnings = append(v.Warnings, Violation{
		Rule: id, Level: rules.LevelOf(id), Role: Sender, Field: field,
		Offset: off, Length: n, Message: msg,
	})
}
