package fuzz

import (
	"fmt"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// checkVerdict checks what every verdict on input in must satisfy.
func checkVerdict(v *parser.Verdict, in []byte) error {
	check := func(list []parser.Violation, what string) error {
		for i := range list {
			x := &list[i]
			level := rules.LevelOf(x.Rule) // 0 for an unknown rule
			if level == 0 {
				return fmt.Errorf("%s cites unknown rule %q: %v", what, x.Rule, x)
			}
			if x.Level != level {
				return fmt.Errorf("%s %s has level %s; the catalogue says %s", what, x.Rule, x.Level, level)
			}
			if x.Role != parser.Sender && x.Role != parser.Recipient && x.Role != parser.NoSwitch {
				return fmt.Errorf("%s %s has role %v", what, x.Rule, x.Role)
			}
			// An offset may point just past the input: "the head ends here".
			if x.Offset < 0 || x.Length < 1 || x.Offset > len(in) || x.Offset+x.Length > len(in)+1 {
				return fmt.Errorf("%s %s at [%d,+%d) is outside the input of %d octets", what, x.Rule, x.Offset, x.Length, len(in))
			}
		}
		return nil
	}
	if err := check(v.Violations, "violation"); err != nil {
		return err
	}
	if err := check(v.Warnings, "warning"); err != nil {
		return err
	}
	// Each method scans every violation: call each once per strictness.
	valid := [2]bool{v.Valid(parser.Lenient), v.Valid(parser.Strict)}
	if valid[1] && !valid[0] {
		return fmt.Errorf("strict-valid but not lenient-valid: %v", v.Violations)
	}
	mustRecipient, must := false, false
	for i := range v.Violations {
		if x := &v.Violations[i]; x.Level == rules.Must && x.Role != parser.NoSwitch {
			must = true
			if x.Role == parser.Recipient {
				mustRecipient = true
			}
		}
	}
	if valid[0] == mustRecipient {
		return fmt.Errorf("Valid(false) = %v with a MUST-level recipient violation = %v: %v", valid[0], mustRecipient, v.Violations)
	}
	if conforming := v.Conforming(); conforming == must {
		return fmt.Errorf("Conforming() = %v with a MUST-level violation = %v", conforming, must)
	}
	for i, strict := range [2]bool{false, true} {
		first := v.First(strict)
		if (first == nil) != valid[i] {
			return fmt.Errorf("First(%v) disagrees with Valid(%v)", strict, strict)
		}
		if status := v.RefusalStatus(strict); (status == 0) != (first == nil || first.Status == 0) {
			return fmt.Errorf("RefusalStatus(%v) = %d disagrees with First", strict, status)
		}
	}
	return nil
}

// checkHead checks a parsed head against its input: HeadEnd agrees with a
// complete head, no strict prefix holds a complete head, and fields lie
// inside the head.
func checkHead(h *parser.Head, in []byte) error {
	if h.Len < 0 || h.Len > len(in) {
		return fmt.Errorf("head length %d outside the input of %d octets", h.Len, len(in))
	}
	end := parser.HeadEnd(in)
	if h.Complete {
		if end != h.Len {
			return fmt.Errorf("HeadEnd = %d; the parsed head is %d octets", end, h.Len)
		}
		if e := parser.HeadEnd(in[:h.Len-1]); e != -1 {
			return fmt.Errorf("HeadEnd finds a head of %d octets in the first %d octets", e, h.Len-1)
		}
	}
	for _, f := range h.Fields {
		if f.Offset < 0 || f.End > h.Len || f.ValueOffset < f.Offset || f.ValueOffset+len(f.Value) > f.End {
			return fmt.Errorf("field %q at [%d,%d) value at %d+%d outside the head of %d octets", f.Name, f.Offset, f.End, f.ValueOffset, len(f.Value), h.Len)
		}
		if string(in[f.Offset:f.Offset+len(f.Name)]) != string(f.Name) {
			return fmt.Errorf("field name %q is not at its offset %d", f.Name, f.Offset)
		}
		if !f.Repaired && string(in[f.ValueOffset:f.ValueOffset+len(f.Value)]) != string(f.Value) {
			return fmt.Errorf("field %q value %q is not at its offset %d", f.Name, f.Value, f.ValueOffset)
		}
	}
	return nil
}
