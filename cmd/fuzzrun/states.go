package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/switchyard/switchyard/statemachine"
)

func init() {
	register(command{name: "states", summary: "print the upgrade state machine's table (text, mermaid or dot)", run: runStates})
}

// runStates prints the state machine's transition table for one role or
// all of them.
func runStates(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("states", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, mermaid or dot")
	role := fs.String("role", "", "only this role: client, server or intermediary (default all)")
	protocol := fs.String("protocol", "", "diagrams: only the transitions of this upgrade: websocket, h2c or tls (default all)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: fuzzrun states [--format text|mermaid|dot] [--role client|server|intermediary] [--protocol websocket|h2c|tls]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitError
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fuzzrun states: unexpected argument %q\n", fs.Arg(0))
		return exitError
	}
	write := map[string]func(io.Writer, statemachine.Role, string) error{
		"text":    func(w io.Writer, r statemachine.Role, _ string) error { return statemachine.WriteText(w, r) },
		"mermaid": statemachine.WriteMermaidFor, "dot": statemachine.WriteDOTFor,
	}[*format]
	if write == nil {
		fmt.Fprintf(stderr, "fuzzrun states: unknown format %q (text, mermaid, dot)\n", *format)
		return exitError
	}
	if *protocol != "" && (*format == "text" || !slices.Contains(statemachine.DiagramProtocols, *protocol)) {
		fmt.Fprintf(stderr, "fuzzrun states: --protocol %q: want websocket, h2c or tls, with --format mermaid or dot\n", *protocol)
		return exitError
	}
	var roles []statemachine.Role
	for _, r := range statemachine.Roles {
		if *role == "" || *role == r.String() {
			roles = append(roles, r)
		}
	}
	if len(roles) == 0 {
		fmt.Fprintf(stderr, "fuzzrun states: unknown role %q (client, server, intermediary)\n", *role)
		return exitError
	}
	if *format == "mermaid" && len(roles) > 1 {
		// A Mermaid document holds one diagram: three in a row would not
		// render. (DOT takes several graphs in one file.)
		fmt.Fprintln(stderr, "fuzzrun states: --format mermaid draws one diagram: give --role client, server or intermediary")
		return exitError
	}
	for i, r := range roles {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		switch *format {
		case "mermaid":
			fmt.Fprintf(stdout, "%%%% %s\n", strings.TrimSpace(r.String()+" "+*protocol))
		case "dot":
			fmt.Fprintf(stdout, "// %s\n", strings.TrimSpace(r.String()+" "+*protocol))
		}
		if err := write(stdout, r, *protocol); err != nil {
			fmt.Fprintln(stderr, "fuzzrun states:", err)
			return exitError
		}
	}
	return exitOK
}
