package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

func init() {
	register(command{name: "check", summary: "judge one raw HTTP/1.1 head (request, or response with --request)", run: runCheck})
}

const checkUsage = `Usage: fuzzrun check [--json] [--strict] [--request REQFILE] FILE|-

Reads one raw HTTP/1.1 message head from FILE (or standard input for -),
exactly as given: CRLF, bare LF, NUL and obs-fold are judged, not hidden.
A request or a response is told by the first line. A response is checked
against the request it answers when --request names that request's file.

At most 64 KiB of each file are read (four times the reference's 16 KiB
head limit, so that an oversized head is still judged as what it is): a
longer input is judged on its first 64 KiB, and a note on standard error
says that the rest was not read.

Exit status: 0 valid, 1 invalid, 2 usage or I/O error. Valid means no
MUST-level violation obliges the recipient to refuse the message; --strict
also counts Switchyard's POLICY rules. An input cut at 64 KiB is judged
on what was read: a head that does not end within it is invalid (exit 1).

Flags:
`

// MaxCheckBytes caps what check reads of a file or of standard input:
// four times parser.DefaultMaxHeadBytes, so that a head the reference
// refuses as too large (LIMIT-1) is read far enough to be judged as such,
// while /dev/zero or an endless pipe costs no more than this. The rest is
// not read (checkUsage says so).
const MaxCheckBytes = 4 * parser.DefaultMaxHeadBytes

// MaxEchoColumns caps the offending line printed under a violation: a
// window of the line around the caret, "..." marking what was cut.
const MaxEchoColumns = 120

// checkReport is the --json output; the field names are a fixed contract.
type checkReport struct {
	Kind       string           `json:"kind"`
	Valid      bool             `json:"valid"`
	Conforming bool             `json:"conforming"`
	Protocols  []string         `json:"protocols"`
	Violations []checkViolation `json:"violations"`
	Warnings   []checkViolation `json:"warnings"`
}

type checkViolation struct {
	Rule    rules.ID    `json:"rule"`
	Level   rules.Level `json:"level"`
	Role    parser.Role `json:"role"`
	Field   string      `json:"field"`
	Offset  int         `json:"offset"`
	Message string      `json:"message"`
	length  int         // octets to underline in text output
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	strict := fs.Bool("strict", false, "count POLICY violations as invalid too")
	reqFile := fs.String("request", "", "for a response: `REQFILE` holding the request it answers")
	fs.Usage = func() { fmt.Fprint(stderr, checkUsage); fs.PrintDefaults() }
	if err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitError
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "fuzzrun check: want exactly one FILE (or - for standard input)")
		fs.Usage()
		return exitError
	}
	in, err := readInput(fs.Arg(0), stderr)
	if err != nil {
		fmt.Fprintf(stderr, "fuzzrun check: %v\n", err)
		return exitError
	}
	var rp, qp parser.Parser
	var report checkReport
	var verdict *parser.Verdict
	if isResponse(in) {
		var req *parser.Request
		if *reqFile != "" {
			raw, err := readInput(*reqFile, stderr)
			if err != nil {
				fmt.Fprintf(stderr, "fuzzrun check: --request: %v\n", err)
				return exitError
			}
			if isResponse(raw) {
				fmt.Fprintf(stderr, "fuzzrun check: --request %s holds a response, not a request\n", *reqFile)
				return exitError
			}
			req = qp.ParseRequest(raw)
		}
		if req == nil {
			// Without the request, nothing that pairs the two is checked:
			// Sec-WebSocket-Accept against the key, the offers the 101
			// selects from, the protocol it switches to.
			fmt.Fprintln(stderr, "fuzzrun check: warning: no --request: the response is checked alone; Accept, the selected subprotocol and extensions, and the protocol switched to are not checked against an offer")
		}
		resp := rp.ParseResponse(in, req)
		verdict, report.Kind = &resp.Verdict, "response"
		if resp.Switched {
			report.Protocols = protocolNames(resp.Upgrade)
		}
	} else {
		if *reqFile != "" {
			fmt.Fprintln(stderr, "fuzzrun check: --request applies to a response; FILE holds a request")
			return exitError
		}
		req := rp.ParseRequest(in)
		verdict, report.Kind = &req.Verdict, "request"
		report.Protocols = protocolNames(req.Switchable)
	}
	report.Valid = verdict.Valid(*strict)
	report.Conforming = verdict.Conforming()
	report.Violations = convert(verdict.Violations)
	report.Warnings = convert(verdict.Warnings)

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			fmt.Fprintf(stderr, "fuzzrun check: %v\n", err)
			return exitError
		}
	} else {
		printCheck(stdout, in, &report)
	}
	if report.Valid {
		return exitOK
	}
	return exitFound
}

// readInput reads at most MaxCheckBytes of the file name ("-" for
// standard input). A longer input gives its first MaxCheckBytes and a note
// on stderr that the rest was not read.
func readInput(name string, stderr io.Writer) ([]byte, error) {
	b, err := readCapped(name, MaxCheckBytes)
	var long *tooLongError
	if errors.As(err, &long) {
		if name == "-" {
			name = "standard input"
		}
		fmt.Fprintf(stderr, "fuzzrun check: %s is longer than %d octets: judged on its first %d; the rest was not read\n", name, MaxCheckBytes, MaxCheckBytes)
		return b, nil
	}
	return b, err
}

// isResponse tells a response by its first line: a status-line starts with
// the HTTP-version; a request-line with a method (after any empty lines).
func isResponse(b []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(b, "\r\n"), []byte("HTTP/"))
}

func protocolNames(ps []parser.Protocol) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func convert(vs []parser.Violation) []checkViolation {
	out := []checkViolation{}
	for _, v := range vs {
		out = append(out, checkViolation{Rule: v.Rule, Level: v.Level, Role: v.Role, Field: v.Field, Offset: v.Offset, Message: v.Message, length: v.Length})
	}
	return out
}

// printCheck writes one line per violation and, under it, the offending
// line with a caret under the offending octets.
func printCheck(w io.Writer, in []byte, r *checkReport) {
	state := "valid"
	if !r.Valid {
		state = "invalid"
	}
	conf := "conforming"
	if !r.Conforming {
		conf = "not conforming"
	}
	fmt.Fprintf(w, "%s: %s, %s", r.Kind, state, conf)
	if len(r.Protocols) > 0 {
		fmt.Fprintf(w, "; protocols: %s", strings.Join(r.Protocols, ", "))
	}
	fmt.Fprintln(w)
	for _, group := range []struct {
		label string
		vs    []checkViolation
	}{{"", r.Violations}, {"warning: ", r.Warnings}} {
		for _, v := range group.vs {
			fmt.Fprintf(w, "%s%s %s %s %s @%d: %s\n", group.label, v.Rule, v.Level, v.Role, v.Field, v.Offset, v.Message)
			if line, col, ok := lineAt(in, v); ok {
				n := max(1, min(v.length, len(strings.TrimSuffix(line, "..."))-col))
				fmt.Fprintf(w, "    %s\n    %s%s\n", line, strings.Repeat(" ", col), strings.Repeat("^", n))
			}
		}
	}
}

// lineAt returns the printable form of the input line holding the
// violation's offset and the caret's column. A violation about a missing
// field points nowhere.
func lineAt(in []byte, v checkViolation) (string, int, bool) {
	if v.Offset < 0 || v.Offset > len(in) || (v.Offset == 0 && v.Field != "request-line" && v.Field != "status-line" && v.Field != "head") {
		return "", 0, false
	}
	start := bytes.LastIndexByte(in[:v.Offset], '\n') + 1
	end := len(in)
	if j := bytes.IndexByte(in[v.Offset:], '\n'); j >= 0 {
		end = v.Offset + j
	}
	// A window of at most MaxEchoColumns around the caret: a third
	// before it, the rest after.
	col := v.Offset - start
	from, to := start, end
	if end-start > MaxEchoColumns {
		from = max(start, v.Offset-MaxEchoColumns/3)
		to = min(end, from+MaxEchoColumns)
	}
	line := make([]byte, 0, to-from+6)
	if from > start {
		line = append(line, "..."...)
		col = v.Offset - from + 3
	}
	for _, c := range in[from:to] {
		if c < 0x20 || c >= 0x7f {
			c = '.' // one column per octet keeps the caret aligned
		}
		line = append(line, c)
	}
	out := strings.TrimRight(string(line), ".")
	if to < end {
		out = string(line) + "..."
	}
	return out, col, true
}
