package suite

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/switchyard/switchyard/rules"
)

// TestHTMLReportForReaders: the page opens with the peer's version and a
// summary that links every FAIL to its case's anchor, before the table;
// each case shows the text and section of the rule it rests on.
func TestHTMLReportForReaders(t *testing.T) {
	rs := []Result{
		{Number: 1, Name: "valid", Rule: rules.RFC6455_4_2_2_13, Cited: rules.RFC6455_4_2_2_13, Outcome: Pass, Got: "101", Request: []byte("GET / HTTP/1.1\r\n\r\n")},
		{Number: 2, Name: "host/missing", Rule: rules.RFC9112_3_2_3, Cited: rules.RFC9112_3_2_3, Outcome: Fail, Got: "101",
			Why: "switched on a request it must refuse", Request: []byte("GET / HTTP/1.1\r\n\r\n")},
	}
	rep := NewReport("server", "node-ws", time.Now(), rs)
	rep.Version = "ws 8.23.0 (npm)"
	var b strings.Builder
	if err := rep.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if _, err := html.Parse(strings.NewReader(page)); err != nil {
		t.Fatal(err)
	}
	rule, _ := rules.Lookup(rules.RFC9112_3_2_3)
	table := strings.Index(page, "<table")
	for _, want := range []string{"ws 8.23.0 (npm)", `<a href="#case-2">host/missing</a>`} {
		if i := strings.Index(page, want); i < 0 || i > table {
			t.Errorf("%q is not in the page before the table", want)
		}
	}
	for _, want := range []string{`id="case-1"`, `id="case-2"`, rule.Section, html.EscapeString(rule.Text)} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page[:table], `href="#case-1"`) {
		t.Errorf("a PASS is listed among the FAILs")
	}
}
