package suite

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/switchyard/switchyard/rules"
)

// Report is one run against one peer, as written to index.json.
type Report struct {
	Mode string `json:"mode"` // "server", "proxy" or "client"
	Peer string `json:"peer"` // the target, proxy or client driver
	// Version is the peer's version as the run was told it (suite
	// --peer-version, or the client driver's version.sh), "" if unknown.
	Version string    `json:"version,omitempty"`
	Started time.Time `json:"started"`
	// Duration is how long the run took.
	Duration time.Duration `json:"duration_ns"`
	Counts   Counts        `json:"counts"`
	Results  []Result      `json:"results"`
}

// NewReport builds the report of a run.
func NewReport(mode, peer string, started time.Time, rs []Result) Report {
	return Report{Mode: mode, Peer: peer, Started: started.UTC(), Duration: time.Since(started), Counts: Count(rs), Results: rs}
}

// Summary returns the counts in one line: "350 cases: 300 PASS, ...".
func (r Report) Summary() string {
	var parts []string
	for _, o := range Outcomes {
		parts = append(parts, fmt.Sprintf("%d %s", r.Counts[o], o))
	}
	return fmt.Sprintf("%s %s: %d cases: %s (%.1fs)", r.Mode, r.Peer, len(r.Results), strings.Join(parts, ", "), r.Duration.Seconds())
}

// WriteText writes the per-case table: number, outcome, case, rule, what
// the peer answered and why; then the summary line. With all false, PASS
// rows are left out.
func (r Report) WriteText(w io.Writer, all bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tOUTCOME\tCASE\tRULE\tWANT\tGOT\tWHY")
	for _, x := range r.Results {
		if !all && x.Outcome == Pass {
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", x.Number, x.Outcome, x.Name, x.Cited, x.Want, x.Got, oneLine(x.Why))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, r.Summary())
	return err
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// WriteReport writes index.json, index.html and cases.txt into dir,
// creating it.
func (r Report) WriteReport(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "index.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	var txt strings.Builder
	r.WriteText(&txt, true)
	if err := os.WriteFile(filepath.Join(dir, "cases.txt"), []byte(txt.String()), 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "index.html"))
	if err != nil {
		return err
	}
	if err := r.WriteHTML(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteHTML writes a self-contained HTML page: the counts and the peer's
// version, a summary linking every FAIL, then one row per case, anchored
// as #case-N, that opens to show the rule it rests on (text and section)
// and the octets exchanged.
func (r Report) WriteHTML(w io.Writer) error {
	return page.Execute(w, r)
}

// Fails returns the results whose outcome is FAIL, in run order.
func (r Report) Fails() []Result {
	var out []Result
	for _, x := range r.Results {
		if x.Outcome == Fail {
			out = append(out, x)
		}
	}
	return out
}

// ruleOf returns the catalogue's rule for id, or a rule that says there is
// none.
func ruleOf(id rules.ID) rules.Rule {
	if r, ok := rules.Lookup(id); ok {
		return r
	}
	return rules.Rule{ID: id, Text: "(not in the catalogue)"}
}

// quote shows octets as Go-quoted lines, one per line of the message, so
// that CR, LF and control octets are visible.
func quote(b []byte) string {
	if len(b) == 0 {
		return "(nothing)"
	}
	var sb strings.Builder
	for len(b) > 0 {
		i := strings.IndexByte(string(b), '\n')
		if i < 0 || i > 4096 {
			i = min(len(b), 4096) - 1
		}
		sb.WriteString(strconv.Quote(string(b[:i+1])))
		sb.WriteByte('\n')
		b = b[i+1:]
	}
	return sb.String()
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"quote": quote,
	"rule":  ruleOf,
	"lower": strings.ToLower,
	"secs":  func(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) },
	"ms":    func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Switchyard suite: {{.Mode}} {{.Peer}}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em}
table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
.fail{background:#f4c7c3}.non-strict{background:#fce8b2}.informational{background:#d9e6f7}.pass{background:#d7f0db}
pre{background:#f6f6f6;padding:6px;margin:4px 0;white-space:pre-wrap;word-break:break-all}
details summary{cursor:pointer}
</style></head><body>
<h1>Switchyard suite — {{.Mode}} mode</h1>
<p>Peer: <code>{{.Peer}}</code>, version: {{if .Version}}<code>{{.Version}}</code>{{else}}not recorded{{end}}. Started {{.Started.Format "2006-01-02 15:04:05 UTC"}}, took {{secs .Duration}} s.</p>
<p>{{range $o, $n := .Counts}}<span class="{{lower (print $o)}}">&nbsp;{{$o}}: {{$n}}&nbsp;</span> {{end}}</p>
<h2 id="fails">FAILs</h2>
{{with .Fails}}<ol>{{range .}}{{$r := rule .Cited}}<li><a href="#case-{{.Number}}">{{.Name}}</a>: {{.Cited}} ({{$r.Level}}, {{$r.Section}}). {{.Why}}</li>
{{end}}</ol>{{else}}<p>No case FAILs.</p>{{end}}
<p>FAIL: an RFC MUST broken, or a hang or reset. NON-STRICT: only a SHOULD or Switchyard's POLICY objects (never an RFC violation).
INFORMATIONAL: the case allows either answer. Rules: <code>fuzzrun rules RULE-ID</code>.</p>
<h2>Cases</h2>
<table><tr><th>#</th><th>outcome</th><th>case</th><th>rule</th><th>want</th><th>got</th><th>ms</th></tr>
{{range .Results}}{{$r := rule .Cited}}<tr id="case-{{.Number}}" class="{{lower (print .Outcome)}}"><td><a href="#case-{{.Number}}">{{.Number}}</a></td><td>{{.Outcome}}</td>
<td><details><summary>{{.Name}}</summary><p>{{.Why}}</p>
<p><b>{{.Cited}}</b> ({{$r.Level}}, {{$r.Section}}): {{$r.Text}}</p>
{{if and .Rule (ne .Rule .Cited)}}{{$c := rule .Rule}}<p>The case is about <b>{{.Rule}}</b> ({{$c.Level}}, {{$c.Section}}): {{$c.Text}}</p>{{end}}
<b>sent</b><pre>{{quote .Request}}</pre><b>received</b><pre>{{quote .Response}}</pre>
{{range .Extra}}<b>{{.Label}}</b><pre>{{quote .Bytes}}</pre>{{end}}</details></td>
<td>{{.Cited}}</td><td>{{.Want}}</td><td>{{.Got}}</td><td>{{ms .Elapsed}}</td></tr>
{{end}}</table></body></html>
`))
