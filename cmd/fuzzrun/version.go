package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/oracle/adapters"
)

func init() {
	register(command{name: "version", summary: "print fuzzrun's version, its Go version and the versions of the implementations it tests", run: runVersion})
}

const versionUsage = `Usage: fuzzrun version

Prints the module version of this fuzzrun (a pseudo-version or "(devel)"
when built from a checkout), the Go version it was built with, and the
version of every in-process implementation diff and replay test (the
pinned module versions in go.mod).
`

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, versionUsage) }
	if err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitError
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return exitError
	}
	self := "(unknown)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		self = bi.Main.Version
	}
	fmt.Fprintf(stdout, "fuzzrun %s (github.com/switchyard/switchyard), %s %s/%s\n", self, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	seen := map[string]bool{}
	line := func(module string) {
		if module == "" || seen[module] {
			return
		}
		seen[module] = true
		fmt.Fprintf(stdout, "  %-45s %s\n", module, oracle.ModuleVersion(module))
	}
	for _, s := range adapters.Servers {
		line(s.Module)
	}
	for _, c := range adapters.Clients {
		line(c.Module)
	}
	return exitOK
}
