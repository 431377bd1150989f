package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/switchyard/switchyard/rules"
)

func init() {
	register(command{name: "rules", summary: "print the rule catalogue as the code holds it", run: runRules})
}

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print a JSON array of rules")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: fuzzrun rules [--json] [RULE-ID]\n\nPrints every rule: ID, level (MUST, SHOULD, MAY, POLICY), catalogue keyword, section, summary;\nwith RULE-ID, that rule with its whole text (the catalogue's source is rules/catalog.md).\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitError
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return exitError
	}
	all := rules.All()
	if fs.NArg() == 1 {
		r, ok := rules.Lookup(rules.ID(fs.Arg(0)))
		if !ok {
			fmt.Fprintf(stderr, "fuzzrun rules: no rule %q (fuzzrun rules lists them)\n", fs.Arg(0))
			return exitError
		}
		all = []rules.Rule{r}
		if !*asJSON {
			fmt.Fprintf(stdout, "%s  %s (%s)  %s\nbinds: %s\n\n%s\n", r.ID, r.Level, r.Keyword, r.Section, subjectOf(r), r.Text)
			return exitOK
		}
	}
	if *asJSON {
		type out struct {
			ID      rules.ID    `json:"id"`
			Level   rules.Level `json:"level"`
			Keyword string      `json:"keyword"`
			Subject string      `json:"subject"`
			Section string      `json:"section"`
			Part    string      `json:"part"`
			Summary string      `json:"summary"`
			Text    string      `json:"text"`
		}
		list := make([]out, 0, len(all))
		for _, r := range all {
			list = append(list, out{r.ID, r.Level, r.Keyword, r.Subject, r.Section, r.Part, r.Summary, r.Text})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(list); err != nil {
			fmt.Fprintf(stderr, "fuzzrun rules: %v\n", err)
			return exitError
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tKEYWORD\tSECTION\tSUMMARY")
	for _, r := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Level, r.Keyword, r.Section, r.Summary)
	}
	if err := tw.Flush(); err != nil {
		return exitError
	}
	return exitOK
}

// subjectOf names whom a rule binds, "-" when the catalogue says no one in
// particular (a grammar production, a definition, a policy decision).
func subjectOf(r rules.Rule) string {
	if r.Subject == "" {
		return "-"
	}
	return r.Subject
}
