package oracle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/switchyard/switchyard/rules"
)

// TestReportOpensWithSummary: report.html lists the new findings and the
// violations at the top, each linked to its finding's anchor, and every
// finding shows its rule's section and text.
func TestReportOpensWithSummary(t *testing.T) {
	res := &Result{Cases: 2, Targets: []string{"x"}, Tallies: []*Tally{{Target: "x", Version: "v1.2.3", Cases: 2}},
		Findings: []Finding{
			{Target: "x", Class: Policy, Rule: "AMB-9", Level: "POLICY", Summary: "refused with 400", Reproducer: "GET / HTTP/1.1\r\n\r\n"},
			{Target: "x", Class: Violation, Rule: "RFC9112-3.2-3", Level: "MUST", Summary: "switched without Host", New: true, Reproducer: "GET / HTTP/1.1\r\n\r\n"},
		}}
	dir := t.TempDir()
	if err := WriteReport(dir, res); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if _, err := html.Parse(strings.NewReader(page)); err != nil {
		t.Fatal(err)
	}
	findings := strings.Index(page, "<h2>Findings</h2>")
	if findings < 0 {
		t.Fatal("no Findings section")
	}
	head := page[:findings]
	if strings.Count(head, `href="#f-2"`) != 2 || strings.Contains(head, `href="#f-1"`) {
		t.Errorf("the summary should link the new violation twice (new, violations) and not the known policy finding:\n%s", head)
	}
	for _, want := range []string{`id="f-1"`, `id="f-2"`, "v1.2.3"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	r, _ := rules.Lookup("RFC9112-3.2-3")
	if !strings.Contains(page, r.Section) || !strings.Contains(page, html.EscapeString(r.Text[:40])) {
		t.Errorf("the rule's section and text are not shown")
	}
}
