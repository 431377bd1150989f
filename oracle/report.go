package oracle

import (
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/rules"
)

// WriteReport writes report.md and a self-contained report.html into dir:
// the per-implementation summary, the agreement matrix (a coloured grid in
// HTML), and every finding with its reproducer and the text of its rule.
func WriteReport(dir string, res *Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(Markdown(res)), 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "report.html"))
	if err != nil {
		return err
	}
	defer f.Close()
	return htmlReport.Execute(f, reportData(res))
}

func ruleText(id rules.ID) string {
	if r, ok := rules.Lookup(id); ok {
		return r.Section + ": " + r.Text
	}
	return "(no catalogue rule: the divergence is not tied to one rule)"
}

func countClass(res *Result, target string) map[Class]int {
	m := map[Class]int{}
	for _, f := range res.Findings {
		if f.Target == target {
			m[f.Class]++
		}
	}
	return m
}

// Markdown renders the report as Markdown.
func Markdown(res *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# fuzzrun diff report\n\n%d cases in %.1fs; %d findings, %d new.\n\n", res.Cases, res.Duration.Seconds(), len(res.Findings), len(res.NewFindings()))
	b.WriteString("## Implementations\n\n| target | side | version | cases | agree with reference | violation | interop | policy | robustness |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, t := range res.Tallies {
		c := countClass(res, t.Target)
		agree := "-"
		if t.Cases > 0 {
			agree = fmt.Sprintf("%.0f%%", 100*float64(t.Agree)/float64(t.Cases))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %s | %d | %d | %d | %d |\n", t.Target, t.Side, t.Version, t.Cases, agree,
			c[Violation], c[Interop], c[Policy], c[Robustness])
	}
	// A run without a matrix (diff --proxy: one intermediary, no peers to
	// compare) renders without its section.
	if m := res.Matrix; m != nil {
		b.WriteString("\n## Agreement matrix\n\nShare of common cases on which two implementations made the same core decision (switched, status class, Accept, fate); the last column is the reference.\n\n")
		b.WriteString("| |")
		for _, t := range m.Targets {
			b.WriteString(" " + t + " |")
		}
		b.WriteString(" reference |\n|---|" + strings.Repeat("---:|", len(m.Targets)+1) + "\n")
		for i, t := range m.Targets {
			b.WriteString("| " + t + " |")
			for j := 0; j <= len(m.Targets); j++ {
				if r := m.Ratio(i, j); r >= 0 {
					fmt.Fprintf(&b, " %.0f%% |", 100*r)
				} else {
					b.WriteString(" |")
				}
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "\n%d of %d cases split implementations of the same side and protocol (`--json` lists every decision).\n", splits(res), len(res.Decisions))
	}
	b.WriteString("\n## Findings\n")
	prev := ""
	for _, f := range res.Findings {
		if f.Target != prev {
			prev = f.Target
			fmt.Fprintf(&b, "\n### %s %s (%s)\n", f.Target, f.Version, f.Side)
		}
		status := "known (baseline)"
		if f.New {
			status = "new"
		}
		fmt.Fprintf(&b, "\n#### %s — %s %s (%s)\n\n%s. Blamed: %s. Case `%s`, %s.\n\n> %s\n\nMinimized reproducer (%s):\n\n```\n%s```\n",
			f.Target, f.Class, orDash(string(f.Rule)), orDash(f.Level), f.Summary, f.Blamed, f.Case, status, ruleText(f.Rule), reproKind(f), f.Reproducer)
		if len(f.Under) > 0 {
			fmt.Fprintf(&b, "\nDecided by %s before the implementation's own code ran, under: %s.\n", f.Target, strings.Join(f.Under, ", "))
		}
		if hidden(f.Reproducer) {
			fmt.Fprintf(&b, "\nExact bytes, as a Go string: `%q`\n", f.Reproducer)
		}
		if f.ReproducerReply != "" {
			fmt.Fprintf(&b, "\n%s:\n\n```\n%s\n```\n", answerKind(f), printable(f.ReproducerReply))
		}
		if f.Replay != "" {
			fmt.Fprintf(&b, "\nReplay:\n\n```sh\n%s\n```\n", f.Replay)
		}
	}
	return b.String()
}

// answerKind says what a finding's ReproducerReply holds.
func answerKind(f Finding) string {
	if f.Side == ClientSide {
		return "The request the client sent with it"
	}
	return "What the implementation sent back to it"
}

// maxShown caps the octets of an answer a report shows.
const maxShown = 2048

// printable returns s for a code block: CRLF shown as line ends, other
// octets a code block cannot show quoted Go-style, and at most maxShown
// octets.
func printable(s string) string {
	cut := ""
	if len(s) > maxShown {
		s, cut = s[:maxShown], fmt.Sprintf("\n… (%d more octets)", len(s)-maxShown)
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\r\n") {
		body := strings.TrimSuffix(line, "\r\n")
		if q := strconv.Quote(body); q[1:len(q)-1] != body {
			body = q
		}
		b.WriteString(body)
		if strings.HasSuffix(line, "\r\n") {
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n") + cut
}

// hidden reports whether a message holds octets a code block does not
// show: a line end other than CRLF, a control octet, an empty first line.
func hidden(s string) bool {
	if strings.HasPrefix(s, "\r\n") || strings.HasPrefix(s, "\n") {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r' && (i+1 == len(s) || s[i+1] != '\n'):
			return true
		case c == '\n' && (i == 0 || s[i-1] != '\r'):
			return true
		case c < 0x20 && c != '\t' && c != '\r' && c != '\n', c == 0x7f:
			return true
		}
	}
	return false
}

// splits counts the cases on which implementations disagreed.
func splits(res *Result) int {
	n := 0
	for _, d := range res.Decisions {
		if d.Split {
			n++
		}
	}
	return n
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func reproKind(f Finding) string {
	if f.Side == ClientSide {
		return "the response handed to the client; " + PlaceholderAccept + " is the correct Accept"
	}
	return "the request sent to the server"
}

type htmlCell struct {
	Text  string
	Color template.CSS // computed here, never from input
}

type htmlData struct {
	Res     *Result
	Splits  int
	Tallies []htmlTally
	Targets []string
	Rows    []htmlRow
	Finds   []htmlFinding
}

type htmlTally struct {
	*Tally
	Agree                              string
	Violation, Interop, Policy, Robust int
}

type htmlRow struct {
	Name  string
	Cells []htmlCell
}

type htmlFinding struct {
	Finding
	RuleText, Kind string
	// Anchor is the finding's id in the page (#f-N), which the summary
	// at the top links to.
	Anchor string
}

// Violations returns the findings of class violation, for the summary
// at the top of the page.
func (d htmlData) Violations() []htmlFinding {
	var out []htmlFinding
	for _, f := range d.Finds {
		if f.Class == Violation {
			out = append(out, f)
		}
	}
	return out
}

// New returns the findings no baseline entry covers.
func (d htmlData) New() []htmlFinding {
	var out []htmlFinding
	for _, f := range d.Finds {
		if f.New {
			out = append(out, f)
		}
	}
	return out
}

func reportData(res *Result) htmlData {
	d := htmlData{Res: res, Splits: splits(res)}
	for _, t := range res.Tallies {
		c := countClass(res, t.Target)
		agree := "-"
		if t.Cases > 0 {
			agree = fmt.Sprintf("%.0f%%", 100*float64(t.Agree)/float64(t.Cases))
		}
		d.Tallies = append(d.Tallies, htmlTally{t, agree, c[Violation], c[Interop], c[Policy], c[Robustness]})
	}
	m := res.Matrix
	if m == nil {
		m = &Matrix{}
	} else {
		d.Targets = append(append([]string{}, m.Targets...), "reference")
	}
	for i, t := range m.Targets {
		row := htmlRow{Name: t}
		for j := 0; j <= len(m.Targets); j++ {
			r := m.Ratio(i, j)
			if r < 0 {
				row.Cells = append(row.Cells, htmlCell{"", template.CSS("#eee")})
				continue
			}
			// red (0%) through yellow to green (100%)
			row.Cells = append(row.Cells, htmlCell{fmt.Sprintf("%.0f%%", 100*r), template.CSS(fmt.Sprintf("hsl(%.0f, 70%%, 75%%)", 120*r))})
		}
		d.Rows = append(d.Rows, row)
	}
	for _, f := range res.Findings {
		d.Finds = append(d.Finds, htmlFinding{f, ruleText(f.Rule), reproKind(f), fmt.Sprintf("f-%d", len(d.Finds)+1)})
	}
	return d
}

var htmlReport = template.Must(template.New("report").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>fuzzrun diff report</title>
<style>
body{font-family:sans-serif;margin:2em;max-width:80em}
table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}
td:first-child,th:first-child{text-align:left}
pre{background:#f6f6f6;padding:.6em;overflow-x:auto}
.violation{color:#b00}.interop{color:#a60}.policy{color:#06a}.robustness{color:#707}
blockquote{color:#444;border-left:3px solid #ccc;margin-left:0;padding-left:1em}
</style></head><body>
<h1>fuzzrun diff report</h1>
<p>{{.Res.Cases}} cases; {{len .Res.Findings}} findings, {{len .Res.NewFindings}} new.</p>
<h2 id="summary">Summary</h2>
<h3>New findings (not in the baseline)</h3>
{{with .New}}<ol>{{range .}}<li><a href="#{{.Anchor}}">{{.Target}} — {{.Class}} {{.Rule}} ({{.Level}})</a>: {{.Summary}}</li>
{{end}}</ol>{{else}}<p>None.</p>{{end}}
<h3>Violations (an RFC MUST of the blamed side's role broken)</h3>
{{with .Violations}}<ol>{{range .}}<li><a href="#{{.Anchor}}">{{.Target}} — {{.Rule}} ({{.Level}})</a>: {{.Summary}}{{if .New}} — <b>new</b>{{end}}</li>
{{end}}</ol>{{else}}<p>None.</p>{{end}}
<h2>Implementations</h2>
<table><tr><th>target</th><th>side</th><th>version</th><th>cases</th><th>agree with reference</th><th>violation</th><th>interop</th><th>policy</th><th>robustness</th></tr>
{{range .Tallies}}<tr><td>{{.Target}}</td><td>{{.Side}}</td><td>{{.Version}}</td><td>{{.Cases}}</td><td>{{.Agree}}</td><td>{{.Violation}}</td><td>{{.Interop}}</td><td>{{.Policy}}</td><td>{{.Robust}}</td></tr>
{{end}}</table>
{{if .Targets}}<h2>Agreement matrix</h2>
<p>Share of common cases on which two implementations made the same core decision (switched, status class, Accept, fate). Green: always, red: never.</p>
<table><tr><th></th>{{range .Targets}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{.Name}}</td>{{range .Cells}}<td style="background:{{.Color}}">{{.Text}}</td>{{end}}</tr>
{{end}}</table>
<p>{{.Splits}} of {{len .Res.Decisions}} cases split implementations of the same side and protocol.</p>{{end}}
<h2>Findings</h2>
{{range .Finds}}<h3 id="{{.Anchor}}" class="{{.Class}}">{{.Target}} — {{.Class}} {{.Rule}} ({{.Level}}){{if .New}} — new{{end}}</h3>
<p>{{.Summary}}. Blamed: {{.Blamed}}. Case <code>{{.Case}}</code>.{{if .Under}} Decided by {{.Target}} before the implementation's own code ran, under {{range .Under}}{{.}} {{end}}.{{end}}</p>
<blockquote>{{.RuleText}}</blockquote>
<p>Minimized reproducer ({{.Kind}}):</p><pre>
{{.Reproducer}}</pre>
<details><summary>exact bytes</summary><pre>{{printf "%q" .Reproducer}}</pre></details>
{{if .ReproducerReply}}<p>Answer to the reproducer:</p><pre>{{printf "%q" .ReproducerReply}}</pre>{{end}}
{{if .Replay}}<p>Replay:</p><pre>{{.Replay}}</pre>{{end}}
{{if .Response}}<details><summary>original exchange</summary><pre>{{.Request}}</pre><pre>{{.Response}}</pre></details>{{end}}
{{end}}</body></html>
`))
