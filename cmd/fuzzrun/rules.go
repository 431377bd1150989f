package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/switchyard/switchyard/parser/rules"
)

func init() {
	register(command{name: "rules", summary: "print the rule catalogue as the code holds it", run: runRules})
}

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print a JSON array of rules")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: fuzzrun rules [--json]\n\nPrints every rule: ID, level (MUST, SHOULD, MAY, POLICY), catalogue keyword, section, summary.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitError
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return exitError
	}
	all := rules.All()
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
