package catalogmd

import (
	"os"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"`` tchar = \"_\" / \"`\" / \"|\" ``.": `tchar = "_" / "` + "`" + `" / "|".`,
		"a **MUST** *not* `x*y*z`":             "a MUST not x*y*z",
		"`DQUOTE` and `(),/:;<=>?@[\\]{}`":     "DQUOTE and `(),/:;<=>?@[\\]{}`",
		"(`013`, `13, 8`, `abc`)":              "(013, `13, 8`, abc)",
		"an unclosed ` tick":                   "an unclosed ` tick",
		"two  spaces\tand `  padded  ` code":   "two spaces and padded code",
		"``a``b`":                              "ab`",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTableText(t *testing.T) {
	got := tableText([]string{"| Request | Response |", "|---|---|", "| `8` | `426` |", "| missing | `400`, a courtesy |"})
	want := "(Request → Response) 8 → 426; missing → 400, a courtesy."
	if got != want {
		t.Errorf("tableText = %q, want %q", got, want)
	}
}

// TestNoMarkdownLeftInTexts: the texts generated from the real catalogue
// carry no table syntax and keep tchar's backtick.
func TestNoMarkdownLeftInTexts(t *testing.T) {
	md, err := os.ReadFile("../../catalog.md")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := Parse(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Text, "|---") || strings.Contains(e.Text, "| |") {
			t.Errorf("%s: table syntax left in its text: %s", e.ID, e.Text)
		}
		if e.ID == "RFC9110-5.6.2-G2" && !strings.Contains(e.Text, "\"`\"") {
			t.Errorf("%s: tchar lost its backtick: %s", e.ID, e.Text)
		}
		if e.ID == "AMB-9" && !strings.Contains(e.Text, "(013, `13, 8`, abc)") {
			t.Errorf("AMB-9: the value 13, 8 lost its boundaries among the others: %s", e.Text)
		}
		if e.ID == "AMB-9" && !strings.Contains(e.Text, "→ 426 with Upgrade: websocket") {
			t.Errorf("AMB-9: decision table not rendered as rows: %s", e.Text)
		}
	}
}
