// Command fuzzrun is Switchyard's command line: it checks handshakes against
// the strict reference, prints the rule catalogue and the state machine, and
// runs the differential oracle, the conformance suite and fuzz campaigns.
//
// Each subcommand lives in its own file and registers itself in init, so
// adding one touches nothing else. Exit codes are the same everywhere:
// 0 success (valid, no new finding), 1 a negative result (invalid, new
// findings, failed cases), 2 a usage, input or run error.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// Exit codes shared by every subcommand.
const (
	exitOK    = 0
	exitFound = 1
	exitError = 2
)

// command is one subcommand.
type command struct {
	name    string
	summary string // one line for the command list
	// run executes the subcommand with its arguments (after the name) and
	// returns the exit code. It writes results to stdout and diagnostics
	// to stderr.
	run func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

// register adds a subcommand; called from init in each subcommand's file.
func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("fuzzrun: subcommand registered twice: " + c.name)
	}
	commands[c.name] = c
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run([]string{"--help"}, stdout, stderr)
			}
		}
		usage(stdout)
		if len(args) == 0 {
			return exitError
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "fuzzrun: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitError
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "fuzzrun — strict reference and differential harness for the HTTP/1.1 Upgrade mechanism")
	fmt.Fprintln(w, "\nUsage: fuzzrun <command> [flags] [args]   (flags may also follow the args; -- ends them)\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'fuzzrun <command> --help' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 invalid input or new findings, 2 usage or run error.")
}
