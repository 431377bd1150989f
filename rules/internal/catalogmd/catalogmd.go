// Package catalogmd reads the Markdown rule catalogue (rules/catalog.md) and
// renders it as Go data for package rules. It is used by gen.go and by the
// test that fails when catalog_gen.go is out of date with the catalogue.
package catalogmd

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Entry is one catalogue rule as read from the Markdown.
type Entry struct {
	ID      string
	Level   string // Must, Should, May or Policy: the name of a rules.Level constant
	Keyword string // as printed: "MUST NOT", "ABNF", "DEF/ADVICE", "STRICT", ...
	Subject string // "server", "client", "sender", ... ("" when the catalogue names none)
	Section string // "RFC 9110 §7.8", or "catalog.md Part K" for local policy
	Part    string // "A.3", "D", "J", ...
	Summary string // the first sentence, for one-line listings
	Text    string // the whole rule text, Markdown removed
}

var (
	partRE    = regexp.MustCompile(`^##+ (?:Part )?([A-L](?:\.\d+)?)[. ]`)
	keywordRE = regexp.MustCompile("^- `([A-Z0-9.-]+)`(?: / `([A-Z0-9.-]+)`)? \\*\\*([A-Z/ ]+)\\*\\*(.*)$")
	strictRE  = regexp.MustCompile("^- `(STRICT-G?\\d+)`:? (.*)$")
	ambRE     = regexp.MustCompile(`^\*\*(AMB-\d+)\. (.*)\*\*$`)
	subjectRE = regexp.MustCompile(`^\s*\(([^)]*)\)\s*:?\s*`)
	boldKWRE  = regexp.MustCompile(`\*\*(MUST NOT|MUST|SHOULD NOT|SHOULD|RECOMMENDED|MAY)\*\*`)
	rfcIDRE   = regexp.MustCompile(`^RFC(\d+)-([0-9A-Z.]+)-G?\d+$`)
	// italicRE matches Markdown emphasis on plain lower-case words; a bare
	// "*" is ABNF repetition (1*tchar, *( OWS ... )) and must stay.
	italicRE = regexp.MustCompile(`\*([a-z]+(?: [a-z]+)?)\*`)
)

// Parse extracts every rule of the catalogue, in catalogue order.
func Parse(md []byte) ([]Entry, error) {
	var (
		out   []Entry
		part  string
		amb   *Entry   // the AMB-n entry whose body is being read
		last  = -1     // the keyword or STRICT entry that indented lines continue
		table []string // the lines of a table in an AMB-n body
	)
	flushAMB := func() {
		if amb != nil && len(table) > 0 {
			amb.Text += " " + tableText(table)
		}
		table = nil
		if amb != nil {
			amb.Text = clean(amb.Text)
			out = append(out, *amb)
			amb = nil
		}
	}
	for _, line := range strings.Split(string(md), "\n") {
		line = strings.TrimRight(line, " \r")
		if m := partRE.FindStringSubmatch(line); m != nil {
			flushAMB()
			part = m[1]
			last = -1
			continue
		}
		if last >= 0 && strings.HasPrefix(line, "  ") {
			// An indented line continues the rule above it (sub-bullets).
			e := &out[last]
			e.Text = clean(e.Text + " " + strings.TrimPrefix(strings.TrimSpace(line), "- "))
			e.Summary = summary(e.Text)
			continue
		}
		if line != "" {
			last = -1
		}
		if m := keywordRE.FindStringSubmatch(line); m != nil {
			flushAMB()
			for _, id := range []string{m[1], m[2]} {
				if id == "" {
					continue
				}
				out = append(out, keywordEntry(id, m[3], m[4], part))
			}
			last = len(out) - 1
			continue
		}
		if m := strictRE.FindStringSubmatch(line); m != nil {
			flushAMB()
			text := clean(m[2])
			out = append(out, Entry{
				ID: m[1], Level: "Policy", Keyword: "STRICT", Section: "catalog.md Part " + partLetter(part),
				Part: part, Summary: summary(text), Text: text,
			})
			last = len(out) - 1
			continue
		}
		if m := ambRE.FindStringSubmatch(line); m != nil {
			flushAMB()
			title := clean(m[2])
			amb = &Entry{
				ID: m[1], Level: "Policy", Keyword: "STRICT", Section: "catalog.md Part J",
				Part: part, Summary: strings.TrimSuffix(title, "."), Text: "",
			}
			continue
		}
		if amb != nil && strings.HasPrefix(line, "|") {
			table = append(table, line)
			continue
		}
		if amb != nil && len(table) > 0 {
			amb.Text += " " + tableText(table)
			table = nil
		}
		if amb != nil {
			if strings.HasPrefix(line, "---") || strings.HasPrefix(line, "## ") {
				flushAMB()
				continue
			}
			// Keep the decision, which is what code enforces; the
			// background ("The text", "The disagreement") stays in catalog.md.
			if strings.Contains(line, "decision") || strings.Contains(amb.Text, "decision") {
				amb.Text += " " + strings.TrimPrefix(strings.TrimSpace(line), "- ")
			}
		}
	}
	flushAMB()
	seen := map[string]bool{}
	for _, e := range out {
		if seen[e.ID] {
			return nil, fmt.Errorf("catalogmd: rule %s appears twice", e.ID)
		}
		seen[e.ID] = true
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("catalogmd: no rules found")
	}
	return out, nil
}

func keywordEntry(id, keyword, rest, part string) Entry {
	e := Entry{ID: id, Keyword: keyword, Part: part, Section: section(id)}
	if m := subjectRE.FindStringSubmatch(rest); m != nil {
		e.Subject = m[1]
		rest = rest[len(m[0]):]
	}
	rest = strings.TrimPrefix(strings.TrimSpace(rest), ": ")
	e.Level = level(keyword, rest)
	// Keep the keyword and subject in the text: "MUST NOT (sender): generate
	// BWS" reads as the RFC does; the bare remainder would not.
	head := keyword
	if e.Subject != "" {
		head += " (" + e.Subject + ")"
	}
	e.Text = clean(head + ": " + rest)
	e.Summary = summary(e.Text)
	return e
}

// level maps a catalogue keyword to the three levels Switchyard reports
// (plus May for permissions, which no message can break). The strongest
// keyword on the line wins: "MUST NOT (sender) ...; MUST (recipient)" is Must.
// ABNF and DEF are normative without a keyword: departing from them is
// departing from what the RFC requires, so they rank as Must.
func level(keyword, rest string) string {
	kws := []string{keyword}
	for _, m := range boldKWRE.FindAllStringSubmatch(rest, -1) {
		kws = append(kws, m[1])
	}
	best := "May"
	rank := map[string]int{"May": 0, "Should": 1, "Must": 2}
	for _, kw := range kws {
		for _, part := range strings.Split(kw, "/") {
			var l string
			switch strings.TrimSpace(part) {
			case "MUST", "MUST NOT", "ABNF", "DEF":
				l = "Must"
			case "SHOULD", "SHOULD NOT", "RECOMMENDED", "ADVICE":
				l = "Should"
			default:
				l = "May"
			}
			if rank[l] > rank[best] {
				best = l
			}
		}
	}
	return best
}

func section(id string) string {
	m := rfcIDRE.FindStringSubmatch(id)
	if m == nil {
		return ""
	}
	return "RFC " + m[1] + " §" + m[2]
}

func partLetter(part string) string {
	if i := strings.IndexByte(part, '.'); i >= 0 {
		return part[:i]
	}
	return part
}

// clean removes Markdown emphasis and code marks and folds white space.
// A code span keeps its content as written: “ a ` b “ is a ` b, and
// emphasis marks inside one ("*") are text. A span holding a comma keeps
// its backticks too, so that a list of values stays readable.
func clean(s string) string {
	var b strings.Builder
	for s != "" {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			b.WriteString(unemphasize(s))
			break
		}
		b.WriteString(unemphasize(s[:i]))
		s = s[i:]
		ticks := len(s) - len(strings.TrimLeft(s, "`"))
		content, rest, ok := codeSpan(s[ticks:], ticks)
		if !ok {
			// A run of backticks that opens no span is literal text
			// (CommonMark 6.1).
			b.WriteString(s[:ticks])
			s = s[ticks:]
			continue
		}
		if strings.Contains(content, ",") && !strings.Contains(content, "`") {
			// A value holding a comma keeps its marks: in a list such
			// as (`013`, `13, 8`, `abc`) they alone say where each
			// value ends.
			content = "`" + content + "`"
		}
		b.WriteString(content)
		s = rest
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// codeSpan finds the run of exactly n backticks that closes a code span
// opened by n backticks, and returns the span's content (one space
// stripped from each end when both ends have one, CommonMark 6.1) and
// the text after it.
func codeSpan(s string, n int) (content, rest string, ok bool) {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			c := s[:i]
			if len(c) >= 2 && c[0] == ' ' && c[len(c)-1] == ' ' && strings.TrimSpace(c) != "" {
				c = c[1 : len(c)-1]
			}
			return c, s[j:], true
		}
		i = j
	}
	return "", "", false
}

// unemphasize removes bold and italic marks from text outside code.
func unemphasize(s string) string {
	s = strings.ReplaceAll(s, "**", "")
	return italicRE.ReplaceAllString(s, "$1")
}

// tableText turns a Markdown table into one line: its rows as
// "first cell → other cells", after the header's names, so that a
// decision table reads as sentences in a one-line text.
func tableText(lines []string) string {
	var rows [][]string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		l = strings.TrimSuffix(strings.TrimPrefix(l, "|"), "|")
		cells := strings.Split(l, "|")
		for i := range cells {
			cells[i] = clean(cells[i])
		}
		if strings.Trim(strings.Join(cells, ""), "-: ") == "" {
			continue // the delimiter row
		}
		rows = append(rows, cells)
	}
	if len(rows) == 0 {
		return ""
	}
	row := func(c []string) string { return c[0] + " → " + strings.Join(c[1:], ", ") }
	out := make([]string, 0, len(rows)-1)
	for _, r := range rows[1:] {
		out = append(out, row(r))
	}
	return "(" + row(rows[0]) + ") " + strings.Join(out, "; ") + "."
}

// maxSummary is the longest summary kept whole; longer texts are cut at a
// sentence end so that one-line listings stay readable.
const maxSummary = 180

func summary(s string) string {
	if len(s) <= maxSummary {
		return s
	}
	out := firstSentence(s)
	for len(out) < len(s) {
		next := firstSentence(strings.TrimSpace(s[len(out):]))
		if len(out)+1+len(next) > maxSummary {
			break
		}
		out += " " + next
	}
	return out
}

// firstSentence returns the text up to the first ". " that ends a sentence,
// so that listings stay on one line.
func firstSentence(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == ' ' && i > 0 && s[i-1] != '.' && !strings.HasSuffix(s[:i], "e.g") && !strings.HasSuffix(s[:i], "i.e") && !strings.HasSuffix(s[:i], "App") && !strings.HasSuffix(s[:i], "vs") {
			return s[:i+1]
		}
	}
	return s
}

// Render writes the Go source of catalog_gen.go.
func Render(entries []Entry) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by gen.go from catalog.md; DO NOT EDIT.\n\npackage rules\n\n")
	b.WriteString("// Rule IDs of the catalogue, one constant per rule, so that code cites rules the compiler checks.\nconst (\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "\t%s ID = %q\n", ConstName(e.ID), e.ID)
	}
	b.WriteString(")\n\n// catalogue holds the rules of catalog.md in catalogue order.\nvar catalogue = [...]Rule{\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "\t{ID: %s, Level: %s, Keyword: %q, Subject: %q, Section: %q, Part: %q, Summary: %q, Text: %q},\n",
			ConstName(e.ID), e.Level, e.Keyword, e.Subject, e.Section, e.Part, e.Summary, e.Text)
	}
	b.WriteString("}\n")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, ConstName(e.ID))
	}
	sort.Strings(names)
	for i := 1; i < len(names); i++ {
		if names[i] == names[i-1] {
			return nil, fmt.Errorf("catalogmd: two IDs map to constant %s", names[i])
		}
	}
	return b.Bytes(), nil
}

// ConstName turns a rule ID into a Go identifier: RFC9110-7.8-4 -> RFC9110_7_8_4.
func ConstName(id string) string {
	return strings.NewReplacer("-", "_", ".", "_").Replace(id)
}
