package statemachine

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// The table printed three ways: a readable text table, Mermaid and DOT.
// docs/states.md is WriteMarkdown's output; a test keeps it in step.

// WriteText writes one role's table as text: one line per (state, event)
// pair with its outcomes, the guard that picks among them, and why.
func WriteText(w io.Writer, r Role) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", r)
	for _, s := range States {
		for _, k := range EventsFor(r) {
			e := table[r][s][k]
			outs := make([]string, len(e.Outcomes))
			for i, o := range e.Outcomes {
				outs[i] = o.String()
			}
			guard := ""
			if e.Guard != GuardNone {
				guard = " [" + e.Guard.String() + "]"
			}
			fmt.Fprintf(&b, "  %-13s %-12s -> %s%s\n  %27s %s\n", s, k, strings.Join(outs, " | "), guard, "", e.Why)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// DiagramProtocols are the upgrade protocols a diagram can be drawn for;
// "" draws the transitions of every protocol.
var DiagramProtocols = []string{"websocket", "h2c", "tls"}

// protocolOfRFC names the protocol whose upgrade alone an RFC's rules
// bind: an error that cites one cannot happen in another protocol's
// upgrade (RFC 6455 and 7692 WebSocket, RFC 7540 §3.2 h2c, RFC 2817 TLS).
var protocolOfRFC = map[string]string{"RFC6455": "websocket", "RFC7692": "websocket", "RFC7540": "h2c", "RFC2817": "tls"}

// appliesTo reports whether an error citing rule (rules joined by "+")
// can happen in protocol's upgrade.
func appliesTo(rule, protocol string) bool {
	if protocol == "" {
		return true
	}
	for _, id := range strings.Split(rule, "+") {
		rfc, _, _ := strings.Cut(id, "-")
		if p, ok := protocolOfRFC[rfc]; ok && p != protocol {
			return false
		}
	}
	return true
}

// edge is one arrow of a diagram: every transition from one state to
// another, one label line per rule (events that lead there without an
// error on the first line). One arrow per pair of states keeps the
// diagram legible; the text table has every row.
type edge struct {
	from, to State
	lines    []string
}

// edges returns one role's arrows for protocol ("" for every protocol).
// Error outcomes go to the one Error node, labelled with their rules; the
// Closed and Error rows, whose every event ends the same way, are left out
// (the text table has them).
func edges(r Role, protocol string) []edge {
	type pair struct{ from, to State }
	var order []pair
	events := map[pair]map[string][]string{} // rule ("" for none) -> events
	ruleOrder := map[pair][]string{}
	for _, s := range States {
		if s == Closed || s == Error {
			continue
		}
		for _, k := range EventsFor(r) {
			for _, o := range table[r][s][k].Outcomes {
				rule := ""
				if o.IsError() {
					rule = strings.TrimPrefix(strings.TrimSuffix(o.String(), ")"), "error(")
					if !appliesTo(rule, protocol) {
						continue
					}
				}
				p := pair{s, o.Next}
				if events[p] == nil {
					order = append(order, p)
					events[p] = map[string][]string{}
				}
				if _, ok := events[p][rule]; !ok {
					ruleOrder[p] = append(ruleOrder[p], rule)
				}
				if !slices.Contains(events[p][rule], k.String()) {
					events[p][rule] = append(events[p][rule], k.String())
				}
			}
		}
	}
	out := make([]edge, 0, len(order))
	for _, p := range order {
		e := edge{from: p.from, to: p.to}
		rs := ruleOrder[p]
		// The events without an error first, then one line per rule.
		slices.SortStableFunc(rs, func(a, b string) int { return btoi(a != "") - btoi(b != "") })
		for _, rule := range rs {
			line := strings.Join(events[p][rule], ", ")
			if rule != "" {
				line += " / " + rule
			}
			e.lines = append(e.lines, line)
		}
		out = append(out, e)
	}
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// WriteMermaid writes one role's state diagram in Mermaid syntax, for
// every protocol.
func WriteMermaid(w io.Writer, r Role) error { return WriteMermaidFor(w, r, "") }

// WriteMermaidFor writes one role's state diagram for one protocol of
// DiagramProtocols ("" for all) in Mermaid syntax (stateDiagram-v2).
func WriteMermaidFor(w io.Writer, r Role, protocol string) error {
	if err := checkProtocol(protocol); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	for _, e := range edges(r, protocol) {
		fmt.Fprintf(&b, "    %s --> %s : %s\n", e.from, e.to, strings.Join(e.lines, "<br/>"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteDOT writes one role's state diagram in Graphviz DOT syntax, for
// every protocol.
func WriteDOT(w io.Writer, r Role) error { return WriteDOTFor(w, r, "") }

// WriteDOTFor writes one role's state diagram for one protocol of
// DiagramProtocols ("" for all) in Graphviz DOT syntax.
func WriteDOTFor(w io.Writer, r Role, protocol string) error {
	if err := checkProtocol(protocol); err != nil {
		return err
	}
	var b strings.Builder
	name := r.String()
	if protocol != "" {
		name += "_" + protocol
	}
	fmt.Fprintf(&b, "digraph %s {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n    Error [color=red];\n", name)
	for _, e := range edges(r, protocol) {
		// %q writes each line break as \n, DOT's centred line break.
		fmt.Fprintf(&b, "    %s -> %s [label=%q];\n", e.from, e.to, strings.Join(e.lines, "\n"))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func checkProtocol(p string) error {
	if p != "" && !slices.Contains(DiagramProtocols, p) {
		return fmt.Errorf("unknown protocol %q (%s)", p, strings.Join(DiagramProtocols, ", "))
	}
	return nil
}

// WriteMarkdown writes docs/states.md: for every role, the Mermaid diagram,
// the DOT source and the full table.
func WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Upgrade state machine\n\n")
	b.WriteString("Generated from statemachine's table by `go test ./statemachine -run TestDocs -update`; do not edit.\n")
	b.WriteString("Print it with `fuzzrun states [--format text|mermaid|dot] [--role client|server|intermediary] [--protocol websocket|h2c|tls]`.\n")
	b.WriteString("The diagrams leave out the Closed and Error rows (every event there ends in Closed or in an error: STRICT-9, or RFC 6455 §7.1.7 after a Failed WebSocket connection); the tables have them.\n")
	b.WriteString("They draw one arrow per pair of states, one label line per rule (`events / rule`; events that lead there without an error first).\n")
	b.WriteString("The diagrams below are for every protocol; `--protocol` leaves out the errors only another protocol's RFC can raise (RFC 6455 and 7692 WebSocket, RFC 7540 h2c, RFC 2817 TLS).\n")
	b.WriteString("Graphviz's dot and mermaid's own parser check every role's and protocol's diagram (`go test ./statemachine -run Diagrams`, after `scripts/diagram-tools.sh`).\n")
	for _, r := range Roles {
		fmt.Fprintf(&b, "\n## %s\n\n```mermaid\n", r)
		if err := WriteMermaid(&b, r); err != nil {
			return err
		}
		b.WriteString("```\n\n```dot\n")
		if err := WriteDOT(&b, r); err != nil {
			return err
		}
		b.WriteString("```\n\n```text\n")
		if err := WriteText(&b, r); err != nil {
			return err
		}
		b.WriteString("```\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
