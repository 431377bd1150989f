package statemachine

import (
	"fmt"
	"io"
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

// edges groups one role's transitions by (from, to): the events that lead
// there. Error outcomes are grouped by rule into one Error node, and the
// Closed and Error rows, whose every event ends the same way, are left out
// to keep the diagram readable (the text table has them).
type edgeKey struct {
	from, to State
	rule     string
}

func edges(r Role) ([]edgeKey, map[edgeKey][]string) {
	var order []edgeKey
	labels := map[edgeKey][]string{}
	for _, s := range States {
		if s == Closed || s == Error {
			continue
		}
		for _, k := range EventsFor(r) {
			e := table[r][s][k]
			for _, o := range e.Outcomes {
				key := edgeKey{from: s, to: o.Next}
				if o.IsError() {
					key.rule = strings.TrimPrefix(strings.TrimSuffix(o.String(), ")"), "error(")
				}
				if _, ok := labels[key]; !ok {
					order = append(order, key)
				}
				labels[key] = append(labels[key], k.String())
			}
		}
	}
	return order, labels
}

// WriteMermaid writes one role's state diagram in Mermaid syntax.
func WriteMermaid(w io.Writer, r Role) error {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	order, labels := edges(r)
	for _, k := range order {
		label := strings.Join(labels[k], ", ")
		if k.rule != "" {
			label += " / " + k.rule
		}
		fmt.Fprintf(&b, "    %s --> %s : %s\n", k.from, k.to, label)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteDOT writes one role's state diagram in Graphviz DOT syntax.
func WriteDOT(w io.Writer, r Role) error {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n    rankdir=LR;\n", r)
	order, labels := edges(r)
	for _, k := range order {
		label := strings.Join(labels[k], ", ")
		if k.rule != "" {
			label += " / " + k.rule
		}
		fmt.Fprintf(&b, "    %s -> %s [label=%q];\n", k.from, k.to, label)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes docs/states.md: for every role, the Mermaid diagram,
// the DOT source and the full table.
func WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Upgrade state machine\n\n")
	b.WriteString("Generated from statemachine's table by `go test ./statemachine -run TestDocs -update`; do not edit.\n")
	b.WriteString("Print it with `fuzzrun states [--format text|mermaid|dot] [--role client|server|intermediary]`.\n")
	b.WriteString("The diagrams leave out the Closed and Error rows (every event there ends in Closed or in an error: STRICT-9, or RFC 6455 §7.1.7 after a Failed WebSocket connection); the tables have them.\n")
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
