package probe

import (
	"fmt"
	"math/rand"

	"github.com/switchyard/switchyard/rules"
)

// Kind says what a breaker of a rule changes, and so what judges it.
type Kind uint8

// The kinds of breakers. A Mutator is KindMessage; a Probe is one of the
// others.
const (
	// KindMessage: one message is changed; package parser judges it.
	KindMessage Kind = iota
	// KindExchange: the order or content of the events on one connection
	// is changed; package statemachine judges the trace.
	KindExchange
	// KindForward: what an intermediary forwards is changed; the
	// statemachine's Intermediary role judges it against what it received.
	KindForward
	// KindSetting: a message is judged against what its endpoint is
	// configured with (a browser, a direct connection, the resources a
	// server serves), which the message alone does not show.
	KindSetting
	// KindRecipient: the recipient is changed: a naive recipient with one
	// fault that breaks the rule must be caught — by a legal variation
	// tagged with the rule (it misjudges a message the reference finds
	// valid), or, for a server acting before the header section ends
	// (RFC 9110 §5.3), by a fault placed in the section's last line.
	KindRecipient
	numKinds
)

var kindNames = [...]string{KindMessage: "message", KindExchange: "exchange", KindForward: "forward", KindSetting: "setting", KindRecipient: "recipient"}

// String returns the kind's name as the coverage table prints it.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// Probe breaks one rule that no single message breaks — a trace, a
// forwarding, a message under a setting, a recipient — and checks that the
// reference catches it, citing the rule.
type Probe struct {
	// Name is unique among mutators and probes, e.g. "bytes-before-101".
	Name string
	// Rule is the rule the probe breaks.
	Rule rules.ID
	// Kind is what the probe changes; never KindMessage.
	Kind Kind
	// Check draws one instance from r, breaks the rule, and returns nil
	// when the reference caught the break citing Rule, or an error that
	// says what it saw instead. It also checks the unbroken instance is
	// not caught, so that a probe cannot pass by rejecting everything.
	Check func(r *rand.Rand) error
}

// Probes returns every probe, kind by kind. The slice is a fresh copy.
func Probes() []Probe {
	var out []Probe
	for _, t := range probeTables {
		out = append(out, t...)
	}
	return out
}

// ProbesFor returns the probes labelled with rule id.
func ProbesFor(id rules.ID) []Probe {
	var out []Probe
	for _, p := range Probes() {
		if p.Rule == id {
			out = append(out, p)
		}
	}
	return out
}

// probeTables lists the probe tables, one per kind, each in its own file.
var probeTables = [][]Probe{exchangeProbes, forwardProbes, settingProbes(referenceJudge()), recipientProbes}
