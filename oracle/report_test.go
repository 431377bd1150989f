package oracle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteReport checks that both reports are written and that the
// matrix grid keeps its colours (html/template must not sanitize them).
func TestWriteReport(t *testing.T) {
	m := newMatrix([]string{"a", "b"})
	m.add(caseRow{{Got: Decision{Switched: true}}, {Got: Decision{Switched: false}, Divergences: []Divergence{{Class: Interop}}}})
	res := &Result{Targets: m.Targets, Matrix: m, Tallies: []*Tally{{Target: "a"}, {Target: "b"}},
		Findings: []Finding{{Target: "b", Class: Interop, Rule: "RFC6455-4.2.2-13", Summary: "refused <script>", Reproducer: "GET / HTTP/1.1\r\n\r\n"}}}
	dir := t.TempDir()
	if err := WriteReport(dir, res); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(html), "ZgotmplZ") || !strings.Contains(string(html), "background:hsl(") {
		t.Errorf("matrix colours lost:\n%s", html)
	}
	if strings.Contains(string(html), "<script>") {
		t.Errorf("finding text not escaped")
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "RFC6455-4.2.2-13") || !strings.Contains(string(md), "| a | 100% | 0% | 100% |") {
		t.Errorf("report.md:\n%s", md)
	}
}

// TestWriteReportWithoutMatrix: a result with no agreement matrix and no
// decisions (diff --proxy) renders without that section instead of
// panicking.
func TestWriteReportWithoutMatrix(t *testing.T) {
	res := &Result{Cases: 3, Targets: []string{"proxy 127.0.0.1:1"}, Tallies: []*Tally{{Target: "proxy 127.0.0.1:1", Side: "proxy", Cases: 3}},
		Findings: []Finding{{Target: "proxy 127.0.0.1:1", Side: "proxy", Class: Policy, Rule: "PROXY-2", Summary: "tunnelled after a 426", Reproducer: "GET / HTTP/1.1\r\n\r\n"}}}
	dir := t.TempDir()
	if err := WriteReport(dir, res); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"report.md", "report.html"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "Agreement matrix") || !strings.Contains(string(b), "PROXY-2") {
			t.Errorf("%s: want the findings without a matrix section:\n%s", f, b)
		}
	}
}
