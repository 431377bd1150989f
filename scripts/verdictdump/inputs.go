//go:build !verdictdump_dumponly

// The inputs step writes, as JSON lines on stdout, the inputs
// scripts/verdict-diff.sh feeds to verdictdump at two revisions: every
// request and response of corpus/ (a response with the request that
// index.json pairs it with), a fixed-seed set of generated handshakes and
// one-rule mutants (package properties), and every reproducer of
// oracle/baseline.json. It runs in the working tree only, so that both
// revisions judge the very same bytes even when the generators differ.
//
// Every request is judged with the replies it has (the corpus's, the
// generated case's) and those made here: the strict 101 for its key
// (parser.AppendSwitchingProtocols), a 101 to each other protocol it offers
// (h2c, TLS/1.0, ...) and a 400 (parser.AppendRefusal), so that the
// judge's reading of a server that switched, to any protocol, and of one
// that refused is compared on every request. A request with a reply of its
// own is also judged as a client's exchange, one that opened and one that
// failed; so is a client reproducer of the baseline (a response template),
// rendered for oracle.ReferenceRequest.

package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties"
)

var answered = []string{string(judge.Answered)}

func init() { inputsCmd = inputs }

func inputs(args []string) error {
	fs := flag.NewFlagSet("inputs", flag.ContinueOnError)
	root := fs.String("root", ".", "the repository whose corpus/ and oracle/baseline.json to read")
	seed := fs.Int64("seed", 1, "seed of the generated cases")
	n := fs.Int("n", 2000, "generated request cases; half as many response cases and targeted cases")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return writeInputs(*root, *seed, *n)
}

func writeInputs(root string, seed int64, n int) error {
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	emit := func(in Input) error { return enc.Encode(in) }

	if err := corpusInputs(root, emit); err != nil {
		return err
	}
	for _, c := range properties.Cases(seed, n) {
		if err := emitAll(emit, exchange("gen/"+c.Name, string(c.Rule), c.Request, c.Response, "case")); err != nil {
			return err
		}
	}
	for _, c := range properties.ResponseCases(seed, n/2) {
		if err := emitAll(emit, exchange("genresp/"+c.Name, string(c.Rule), c.Request, c.Response, "case")); err != nil {
			return err
		}
	}
	for _, c := range properties.TargetCases(seed, n/2) {
		if err := emitAll(emit, exchange("target/"+c.Name, string(c.Rule), c.Request, c.Response, "case")); err != nil {
			return err
		}
	}
	if err := baselineInputs(root, emit); err != nil {
		return err
	}
	for i, u := range wsURIs(seed, n) {
		if err := emit(Input{Name: fmt.Sprintf("uri/%04d", i), WSURI: true, URI: u}); err != nil {
			return err
		}
	}
	return out.Flush()
}

// corpusInputs emits every request of corpus/requests, then every response
// of corpus/responses with the request index.json pairs it with.
func corpusInputs(root string, emit func(Input) error) error {
	reqs, err := filepath.Glob(filepath.Join(root, "corpus", "requests", "*.http"))
	if err != nil {
		return err
	}
	sort.Strings(reqs)
	for _, path := range reqs {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := emitAll(emit, exchange("corpus/requests/"+filepath.Base(path), "", b, nil, "")); err != nil {
			return err
		}
	}
	raw, err := os.ReadFile(filepath.Join(root, "corpus", "index.json"))
	if err != nil {
		return err
	}
	var index []struct {
		File    string `json:"file"`
		Kind    string `json:"kind"`
		Request string `json:"request"`
	}
	if err := json.Unmarshal(raw, &index); err != nil {
		return fmt.Errorf("corpus/index.json: %w", err)
	}
	sort.Slice(index, func(i, j int) bool { return index[i].File < index[j].File })
	for _, e := range index {
		if e.Kind != "response" {
			continue
		}
		resp, err := os.ReadFile(filepath.Join(root, e.File))
		if err != nil {
			return err
		}
		var req []byte
		if e.Request != "" {
			if req, err = os.ReadFile(filepath.Join(root, e.Request)); err != nil {
				return err
			}
		}
		if err := emitAll(emit, exchange(e.File, "", req, resp, "corpus")); err != nil {
			return err
		}
	}
	return nil
}

// baselineInputs emits every reproducer of oracle/baseline.json: a server's
// or proxy's request, a client's response template rendered for the
// reference request.
func baselineInputs(root string, emit func(Input) error) error {
	bl, err := oracle.LoadBaseline(filepath.Join(root, "oracle", "baseline.json"))
	if err != nil {
		return err
	}
	refReq := []byte(oracle.ReferenceRequest)
	for i, e := range bl.Entries {
		name := fmt.Sprintf("baseline/%04d/%s/%s/%s", i, e.Target, e.Side, e.Rule)
		in := server(name, string(e.Rule), []byte(e.Reproducer), nil, "")
		if e.Side == judge.Client {
			resp := oracle.Render([]byte(e.Reproducer), parser.ParseRequest(refReq))
			in = Input{Name: name, Side: string(judge.Client), Protocol: judge.WebSocket, Rule: string(e.Rule), Request: refReq,
				Replies: []Reply{{Label: "template", Bytes: resp, Fates: []string{string(judge.Open), string(judge.Failed)}}}}
		}
		if err := emit(in); err != nil {
			return err
		}
	}
	return nil
}

// exchange makes the inputs of a request and the reply it got, if any,
// labelled label: the request sent to a server (server), and, with a
// reply, the same exchange seen as a client that sent the request and
// opened, or failed, on the reply.
func exchange(name, rule string, req, reply []byte, label string) []Input {
	ins := []Input{server(name, rule, req, reply, label)}
	if reply != nil && req != nil {
		ins = append(ins, Input{Name: name + "#client", Side: string(judge.Client), Protocol: ins[0].Protocol, Rule: rule, Request: req,
			Replies: []Reply{{Label: label, Bytes: reply, Fates: []string{string(judge.Open), string(judge.Failed)}}}})
	}
	return ins
}

func emitAll(emit func(Input) error, ins []Input) error {
	for _, in := range ins {
		if err := emit(in); err != nil {
			return err
		}
	}
	return nil
}

// server makes the input of a request sent to a server: the reply given,
// if any, labelled label; then replies made here: the strict 101 for its
// key, a 101 to each other protocol it offers (up to two), and a 400.
func server(name, rule string, req, reply []byte, label string) Input {
	r := parser.ParseRequest(req)
	in := Input{Name: name, Side: string(judge.Server), Protocol: protocolOf(r), Rule: rule, Request: req}
	if reply != nil {
		in.Replies = append(in.Replies, Reply{Label: label, Bytes: reply, Fates: answered})
	}
	if len(req) == 0 {
		return in
	}
	var sel parser.Selection
	if len(r.WebSocket.Protocols) > 0 {
		sel.Subprotocol = r.WebSocket.Protocols[0].Value
	}
	in.Replies = append(in.Replies,
		Reply{Label: "strict-101", Bytes: parser.AppendSwitchingProtocols(nil, r.WebSocket.Key, sel), Fates: answered})
	others := 0
	for _, p := range r.Upgrade {
		if others == 2 || strings.EqualFold(string(p.Name), judge.WebSocket) {
			continue
		}
		upgrade := p.String()
		if strings.EqualFold(string(p.Name), judge.TLS) {
			upgrade += ", HTTP/1.1" // RFC 2817 §3.3: the stack bottom-up
		}
		others++
		in.Replies = append(in.Replies, Reply{Label: "101-" + p.String(),
			Bytes: []byte("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: " + upgrade + "\r\n\r\n"), Fates: answered})
	}
	in.Replies = append(in.Replies,
		Reply{Label: "400", Bytes: parser.AppendRefusal(nil, 400, "refused"), Fates: answered})
	return in
}

// wsURIs returns n ws URIs for ParseWebSocketURI, deterministic from
// seed: well-formed ones with IP literals, ports, paths and queries, and
// mutants of them with the octets the grammar treats apart put in, taken
// out or cut off.
func wsURIs(seed int64, n int) []string {
	base := []string{"ws://example.com/chat", "wss://[::1]:8443/a/b?x=y&z=%41", "ws://h:80", "WSS://HOST:65535/?",
		"ws://[v1.fe]:1/", "ws://127.0.0.1:8080/chat?room=1", "ws://h/p%20q"}
	special := []byte(":/?#[]@%!$&'()*+,;= \x00\x7fAz09-._~v")
	r := rand.New(rand.NewSource(seed))
	out := append([]string(nil), base...)
	for len(out) < n {
		b := []byte(base[r.Intn(len(base))])
		for k := 1 + r.Intn(3); k > 0 && len(b) > 0; k-- {
			at := r.Intn(len(b))
			switch r.Intn(3) {
			case 0:
				b[at] = special[r.Intn(len(special))]
			case 1:
				b = b[:at]
			default:
				b = append(b[:at], append([]byte{special[r.Intn(len(special))]}, b[at:]...)...)
			}
		}
		out = append(out, string(b))
	}
	return out
}

// protocolOf names the upgrade a request is about, as the oracle's cases
// do: WebSocket unless the request offers only h2c or TLS/1.0.
func protocolOf(r *parser.Request) string {
	switch {
	case r.WebSocket.Offered:
		return judge.WebSocket
	case r.H2C.Offered:
		return judge.H2C
	case r.TLS:
		return judge.TLS
	}
	for _, p := range r.Upgrade {
		switch strings.ToLower(string(p.Name)) {
		case judge.H2C, judge.TLS:
			return strings.ToLower(string(p.Name))
		}
	}
	return judge.WebSocket
}
