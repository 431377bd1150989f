// Command capture builds the handshake corpus under corpus/ from real peers.
//
//	go run ./scripts/capture [flags]
//
// It is normally run by scripts/capture-corpus.sh, which installs and starts
// the peers first. It does three things:
//
//  1. Client requests: starts a capture server on -addr (127.0.0.1 only) that
//     saves every raw request head byte for byte and answers a WebSocket
//     upgrade with a correct 101 (no subprotocol, no extension) and a polite
//     close; then drives each real client (scripts/peers/client.sh) at it, one
//     at a time, and writes corpus/requests/<source>-<variant>.http.
//  2. Server responses: sends fixed handshakes (corpus/requests/switchyard-fixed-*.http)
//     to each real server or proxy in -servers and writes the raw response
//     heads to corpus/responses/<source>-<variant>.http. Proxies in
//     -forwarders have the capture server as their backend: the request head
//     they forward is saved as a request, and the 101 they relay as a response.
//  3. RFC examples typed from the RFC texts (rfc.go).
//
// Everything is indexed in corpus/index.json (see docs/peers.md for the format).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Bounds on waiting for peers.
const (
	clientRunTimeout = 90 * time.Second // one client.sh run (browsers included)
	lateHeadWait     = 3 * time.Second  // for a head to show up after the client exited
	exchangeTimeout  = 8 * time.Second  // one request/response exchange with a server
)

// entry is one record of corpus/index.json.
type entry struct {
	File     string `json:"file"`
	Kind     string `json:"kind"` // "request" or "response"
	Source   string `json:"source"`
	Version  string `json:"version"`
	Captured string `json:"captured"`
	Notes    string `json:"notes"`
	Request  string `json:"request,omitempty"` // responses: the request file it answers
	Backend  string `json:"backend,omitempty"` // proxies: what was behind the proxy
}

type capturer struct {
	out       string // corpus directory, as given (relative paths are kept in the index)
	peers     string // scripts/peers directory
	srv       *captureServer
	entries   []entry
	versions  map[string]string
	failures  []string
	reportEnv string
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("capture: ")
	out := flag.String("out", "corpus", "corpus directory (index paths are relative to the working directory)")
	peers := flag.String("peers", "scripts/peers", "directory of the peer scripts")
	addr := flag.String("addr", "127.0.0.1:47100", "capture server address (127.0.0.1 only; port 0 = any)")
	reportPort := flag.Int("report-port", 47101, "port for the browsers' report listener (0 = any)")
	servers := flag.String("servers", "", "servers to capture responses from: name=port or name=port/backend, comma-separated")
	forwarders := flag.String("forwarders", "", "proxies whose backend is the capture server: name=port, comma-separated")
	only := flag.String("only", "", "regexp: only (re)capture sources matching it; other index entries are kept")
	noClients := flag.Bool("no-clients", false, "skip driving clients")
	flag.Parse()

	host, _, err := net.SplitHostPort(*addr)
	if err != nil || host != "127.0.0.1" {
		log.Fatalf("-addr must be 127.0.0.1:PORT, got %q", *addr)
	}
	var onlyRE *regexp.Regexp
	if *only != "" {
		onlyRE = regexp.MustCompile(*only)
	}
	selected := func(source string) bool { return onlyRE == nil || onlyRE.MatchString(source) }

	c := &capturer{out: *out, peers: *peers, versions: map[string]string{},
		reportEnv: fmt.Sprintf("REPORT_PORT=%d", *reportPort)}
	for _, d := range []string{"requests", "responses"} {
		if err := os.MkdirAll(filepath.Join(*out, d), 0o755); err != nil {
			log.Fatal(err)
		}
	}
	old := c.loadOldIndex(selected)

	c.srv, err = startCaptureServer(*addr)
	if err != nil {
		log.Fatalf("capture server: %v", err)
	}
	defer c.srv.close()
	log.Printf("capture server on %s", c.srv.addr())

	// Fixed handshakes for the servers; written first so that responses can point at them.
	for _, f := range fixedRequests {
		c.write("request", "switchyard-fixed", f.variant, f.bytes(), entry{
			Version:  "scripts/capture fixed handshake",
			Captured: "constructed by scripts/capture (scripts/capture-corpus.sh); sent verbatim to each server",
			Notes:    f.notes,
		})
	}

	if !*noClients {
		for _, j := range clientJobs {
			if selected(j.source) {
				c.runClient(j)
			}
		}
	}
	for _, s := range splitList(*servers) {
		name, port, backend := parseTarget(s)
		if selected(name) {
			c.captureResponses(name, port, backend)
		}
	}
	for _, s := range splitList(*forwarders) {
		name, port, _ := parseTarget(s)
		if selected(name) {
			c.captureForwarded(name, port)
		}
	}
	for _, e := range rfcExamples {
		x := entry{Version: e.version, Captured: "typed from RFC text", Notes: e.notes}
		if e.answers != "" {
			x.Request = c.rel("requests", e.answers)
		}
		c.write(e.kind, e.source, e.variant, e.bytes(), x)
	}

	c.entries = append(c.entries, old...)
	c.writeIndex()
	nreq, nresp := 0, 0
	for _, e := range c.entries {
		if e.Kind == "request" {
			nreq++
		} else {
			nresp++
		}
	}
	log.Printf("wrote %d requests, %d responses to %s", nreq, nresp, filepath.Join(*out, "index.json"))
	if len(c.failures) > 0 {
		log.Printf("%d capture(s) failed:", len(c.failures))
		for _, f := range c.failures {
			log.Printf("  %s", f)
		}
		os.Exit(1) // the index is written; the exit status tells that it is incomplete
	}
}

func splitList(s string) []string {
	var r []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			r = append(r, x)
		}
	}
	return r
}

// parseTarget splits "name=port" or "name=port/backend".
func parseTarget(s string) (name, port, backend string) {
	name, rest, ok := strings.Cut(s, "=")
	if !ok {
		log.Fatalf("bad target %q: want name=port[/backend]", s)
	}
	port, backend, _ = strings.Cut(rest, "/")
	return name, port, backend
}

// rel names a corpus file as it appears in the index.
func (c *capturer) rel(dir, name string) string {
	return filepath.ToSlash(filepath.Join(c.out, dir, name+".http"))
}

// write saves raw bytes as <dir>/<source>-<variant>.http and records the entry.
func (c *capturer) write(kind, source, variant string, raw []byte, e entry) {
	dir := "requests"
	if kind == "response" {
		dir = "responses"
	}
	e.File = c.rel(dir, source+"-"+variant)
	e.Kind = kind
	e.Source = source
	if err := os.WriteFile(e.File, raw, 0o644); err != nil {
		log.Fatal(err)
	}
	c.entries = append(c.entries, e)
}

// loadOldIndex removes the files of the previous index that this run
// regenerates and returns the entries it keeps (those not selected by -only).
func (c *capturer) loadOldIndex(selected func(string) bool) []entry {
	data, err := os.ReadFile(filepath.Join(c.out, "index.json"))
	if err != nil {
		return nil
	}
	var old []entry
	if err := json.Unmarshal(data, &old); err != nil {
		log.Fatalf("%s/index.json: %v", c.out, err)
	}
	var keep []entry
	for _, e := range old {
		if selected(e.Source) || e.Source == "switchyard-fixed" || strings.HasPrefix(e.Source, "rfc") {
			_ = os.Remove(e.File)
			continue
		}
		keep = append(keep, e)
	}
	return keep
}

func (c *capturer) writeIndex() {
	sort.Slice(c.entries, func(i, j int) bool { return c.entries[i].File < c.entries[j].File })
	data, err := json.MarshalIndent(c.entries, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.out, "index.json"), append(data, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

// version returns the peer's version string from scripts/peers/version.sh (cached).
func (c *capturer) version(peer string) string {
	if v, ok := c.versions[peer]; ok {
		return v
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, filepath.Join(c.peers, "version.sh"), peer).Output()
	v := strings.TrimSpace(string(out))
	if err != nil || v == "" {
		v = "unknown"
		c.failures = append(c.failures, fmt.Sprintf("version of %s: %v", peer, err))
	}
	c.versions[peer] = v
	return v
}

// drainHeads forgets heads left over from earlier exchanges.
func (c *capturer) drainHeads() {
	for {
		select {
		case <-c.srv.heads:
		default:
			return
		}
	}
}

// collectHeads returns the heads received so far, waiting up to wait for the first.
func (c *capturer) collectHeads(wait time.Duration) []capturedHead {
	var got []capturedHead
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case h := <-c.srv.heads:
		got = append(got, h)
	case <-timer.C:
		return nil
	}
	for {
		select {
		case h := <-c.srv.heads:
			got = append(got, h)
		default:
			return got
		}
	}
}
