// Command verdictdump compares verdicts across revisions for
// scripts/verdict-diff.sh, in two steps:
//
//	verdictdump inputs -root . > inputs.jsonl   # the working tree only
//	verdictdump < inputs.jsonl > verdicts.txt    # at each revision
//
// The second prints, for every input (JSON lines on stdin), one canonical
// line per verdict: the parser's on the request, on each response read
// against it, parser.Endpoint's on both in a few configurations, and the
// judge's on each exchange; for a ws URI, ParseWebSocketURI's result. verdict-diff.sh builds it
// at two revisions and diffs what they print for the same inputs.
//
// This file uses only exported APIs of parser and judge, and is copied
// into the old revision's tree and built there with the tag
// verdictdump_dumponly, which leaves out inputs.go (the inputs step, which
// reads the generators and the baseline of the working tree only): keep
// it to those two packages.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// Input is one line of the inputs file, which the inputs step writes.
type Input struct {
	Name string `json:"name"`
	// WSURI, when set, makes the input a ws URI (URI) instead of an
	// exchange: ParseWebSocketURI's result is printed.
	WSURI    bool    `json:"ws_uri,omitempty"`
	URI      string  `json:"uri,omitempty"`
	Side     string  `json:"side"`     // judge.Server or judge.Client
	Protocol string  `json:"protocol"` // the upgrade the exchange is about
	Rule     string  `json:"rule,omitempty"`
	Request  []byte  `json:"request"`
	Replies  []Reply `json:"replies,omitempty"`
}

// Reply is one response to judge against the input's request.
type Reply struct {
	Label string   `json:"label"` // where the bytes came from: "corpus", "case", "strict-101", ...
	Bytes []byte   `json:"bytes"`
	Fates []string `json:"fates"` // each judged in turn: "answered", or a client's "open" and "failed"
}

// inputsCmd is the inputs step (inputs.go); nil in a dump-only build.
var inputsCmd func(args []string) error

func main() {
	var err error
	if len(os.Args) > 1 && os.Args[1] == "inputs" && inputsCmd != nil {
		err = inputsCmd(os.Args[2:])
	} else if len(os.Args) > 1 {
		err = fmt.Errorf("usage: verdictdump [inputs -root DIR -seed N -n N] (without arguments: inputs on stdin, verdicts on stdout)")
	} else {
		err = run(os.Stdin, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "verdictdump:", err)
		os.Exit(2)
	}
}

func run(r io.Reader, w io.Writer) error {
	dec := json.NewDecoder(bufio.NewReader(r))
	out := bufio.NewWriter(w)
	for {
		var in Input
		if err := dec.Decode(&in); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		dump(out, &in)
	}
	return out.Flush()
}

// endpoints are the configurations whose parser.Endpoint checks are
// printed for every request and reply: none, a browser client of a ws URI
// with every client duty configured, a server with every server choice
// configured, and a client given an invalid URI.
var endpoints = []parser.Endpoint{
	{},
	{URI: "ws://127.0.0.1:8080/chat?room=1", Browser: true, Origin: "http://example.com", DirectToOrigin: true,
		ServerHTTP11Unknown: true, OffersDeflate: true, DeflateReceiveWindowBits: 10},
	{URI: "wss://server.example.com/chat", CleartextUnacceptable: true, Origins: []string{"http://example.com"},
		Resources: []string{"/chat", "/demo"}, MaxFieldLine: 200, MaxFieldSection: 1000, MaxTarget: 40,
		Deflate: &parser.DeflateSupport{ServerNoContextTakeover: true}},
	{URI: "ws://bad host/", Browser: true},
}

// dump writes the lines of one input.
func dump(w io.Writer, in *Input) {
	if in.WSURI {
		u, err := parser.ParseWebSocketURI(in.URI)
		if x, ok := err.(*parser.Violation); ok {
			fmt.Fprintf(w, "%s\turi\t[%s %s %s %d %s@%d+%d]\n", in.Name, x.Rule, x.Level, x.Role, x.Status, x.Field, x.Offset, x.Length)
		} else {
			fmt.Fprintf(w, "%s\turi\t%+v resource=%s err=%v\n", in.Name, u, u.ResourceName(), err)
		}
		return
	}
	var reqParser, respParser parser.Parser
	req := reqParser.ParseRequest(in.Request)
	fmt.Fprintf(w, "%s\treq\t%s switchable=%s\n", in.Name, verdict(&req.Verdict), protocols(req.Switchable))
	for k := range endpoints {
		v := endpoints[k].CheckRequest(req)
		fmt.Fprintf(w, "%s\tendpoint%d\t%s\n", in.Name, k, verdict(&v))
	}
	for _, rep := range in.Replies {
		resp := respParser.ParseResponse(rep.Bytes, req)
		fmt.Fprintf(w, "%s\tresp[%s]\t%s\n", in.Name, rep.Label, verdict(&resp.Verdict))
		for k := range endpoints {
			v := endpoints[k].CheckResponse(req, resp)
			fmt.Fprintf(w, "%s\tendpoint%d[%s]\t%s\n", in.Name, k, rep.Label, verdict(&v))
		}
		for _, fate := range rep.Fates {
			j := judge.Judge(judge.Observation{
				Side: judge.Side(in.Side), Protocol: in.Protocol, Rule: rules.ID(in.Rule),
				Request: in.Request, Reply: rep.Bytes, Fate: judge.Fate(fate),
			})
			fmt.Fprintf(w, "%s\tjudge[%s/%s]\t%s\n", in.Name, rep.Label, fate, judgement(&j))
		}
	}
}

// verdict is the canonical text of a parser verdict: validity, then every
// violation and warning in the order found, without the messages (prose
// may change; what is cited, where and how may not).
func verdict(v *parser.Verdict) string {
	var b strings.Builder
	fmt.Fprintf(&b, "strict=%t lenient=%t conforming=%t status=%d", v.Valid(true), v.Valid(false), v.Conforming(), v.RefusalStatus(true))
	for _, x := range v.Violations {
		fmt.Fprintf(&b, " [%s %s %s %d %s@%d+%d]", x.Rule, x.Level, x.Role, x.Status, x.Field, x.Offset, x.Length)
	}
	for _, x := range v.Warnings {
		fmt.Fprintf(&b, " warn[%s %s %s@%d+%d]", x.Rule, x.Level, x.Field, x.Offset, x.Length)
	}
	return b.String()
}

func protocols(ps []parser.Protocol) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return "[" + strings.Join(names, ",") + "]"
}

// judgement is the canonical text of a judgement: the reference's and
// the implementation's decisions, whether a choice was permitted, and
// every divergence with its cause (the baseline's key includes it).
func judgement(j *judge.Judgement) string {
	var b strings.Builder
	fmt.Fprintf(&b, "want=%s got=%s permitted=%t", decision(j.Want), decision(j.Got), j.Permitted != "")
	for _, d := range j.Divergences {
		fmt.Fprintf(&b, " [%s %s %s %s inmsg=%t %q]", d.Class, d.Rule, d.Level, d.Blamed, d.InMessage, d.Cause)
	}
	return b.String()
}

func decision(d judge.Decision) string {
	return fmt.Sprintf("{%t %d %q %q %q %t %s}", d.Switched, d.StatusClass, d.Protocol, d.Subprotocol, d.Extensions, d.AcceptOK, d.Fate)
}
