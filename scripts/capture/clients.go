package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// clientJob drives one real client once at the capture server.
type clientJob struct {
	source  string   // corpus source name; also the client.sh KIND and version.sh PEER unless peer is set
	variant string   // corpus variant name
	opts    []string // client.sh options before KIND URL
	notes   string
	// command, when set, replaces client.sh: it gets the capture server's host:port.
	command func(addr string) []string
	peer    string
}

// subproto offers the RFC 6455 example subprotocols. The capture server never
// selects one, so clients that require a selection (browsers do) fail the
// handshake after the request was captured; the index notes record it.
var subproto = []string{"-p", "chat", "-p", "superchat"}

// clientJobs: every real client, with its default configuration and with the
// variants it supports (subprotocols; permessage-deflate on when its default
// is off, off when its default is on).
var clientJobs = func() []clientJob {
	var jobs []clientJob
	add := func(source, variant, notes string, opts ...string) {
		jobs = append(jobs, clientJob{source: source, variant: variant, opts: opts, notes: notes})
	}
	for _, b := range []string{"chromium", "firefox"} {
		add(b, "default", "new WebSocket(url) in a page served from REPORT_ORIGIN (headless, fresh profile); browsers always offer permessage-deflate")
		add(b, "subproto", "new WebSocket(url, [\"chat\", \"superchat\"]) in a page served from REPORT_ORIGIN (headless, fresh profile)", subproto...)
	}
	add("node-ws", "default", "new WebSocket(url) with the library defaults (perMessageDeflate offered)")
	add("node-ws", "subproto", "new WebSocket(url, [\"chat\", \"superchat\"])", subproto...)
	add("node-ws", "nodeflate", "new WebSocket(url, {perMessageDeflate: false})", "-d", "off")
	add("py-websockets", "default", "websockets.connect(url) with the library defaults (permessage-deflate offered)")
	add("py-websockets", "subproto", "websockets.connect(url, subprotocols=[\"chat\", \"superchat\"])", subproto...)
	add("py-websockets", "nodeflate", "websockets.connect(url, compression=None)", "-d", "off")
	add("aiohttp", "default", "ClientSession.ws_connect(url) with the library defaults (compress=0: no extension offered)")
	add("aiohttp", "subproto", "ClientSession.ws_connect(url, protocols=(\"chat\", \"superchat\"))", subproto...)
	add("aiohttp", "deflate", "ClientSession.ws_connect(url, compress=15)", "-d", "on")
	add("curl", "default", "curl --http1.1 with explicit -H Connection/Upgrade/Sec-WebSocket-Version/Sec-WebSocket-Key (Debian's curl 7.88 has no ws:// support)")
	add("curl", "subproto", "as curl-default plus -H 'Sec-WebSocket-Protocol: chat, superchat'", subproto...)
	add("curl", "deflate", "as curl-default plus -H 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits'", "-d", "on")
	goLibs := []struct{ kind, call, deflate string }{
		{"go-gorilla", "websocket.Dialer{}.DialContext", "EnableCompression: true"},
		{"go-coder", "websocket.Dial", "CompressionMode: CompressionContextTakeover"},
		{"go-gobwas", "ws.Dialer{}.Dial", "Extensions: wsflate.DefaultParameters.Option()"},
		{"go-xnet", "websocket.Config.DialContext (origin http://127.0.0.1/)", ""},
		{"go-gws", "gws.NewClient", "PermessageDeflate.Enabled: true"},
	}
	for _, l := range goLibs {
		add(l.kind, "default", l.call+" with the library defaults")
		add(l.kind, "subproto", l.call+" offering subprotocols chat, superchat", subproto...)
		if l.deflate != "" {
			add(l.kind, "deflate", l.call+" with "+l.deflate, "-d", "on")
		}
	}
	jobs = append(jobs, clientJob{
		source: "curl", variant: "h2c",
		notes: "curl --http2 http://... (HTTP/1.1 request with Upgrade: h2c); the capture server declines with 200",
		command: func(addr string) []string {
			return []string{"curl", "--http2", "-sS", "-o", "/dev/null", "--max-time", "5", "http://" + addr + "/"}
		},
	})
	return jobs
}()

func (c *capturer) runClient(j clientJob) {
	name := j.source + "-" + j.variant
	url := "ws://" + c.srv.addr() + "/chat"
	argv := append([]string{filepath.Join(c.peers, "client.sh")}, j.opts...)
	argv = append(argv, j.source, url)
	if j.command != nil {
		argv = j.command(c.srv.addr())
	}
	c.drainHeads()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), clientRunTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), c.reportEnv)
	cmd.Stderr = os.Stderr
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.Output()
	line, _, _ := strings.Cut(string(bytes.TrimSpace(out)), "\n")
	if j.command != nil {
		line = "exit status 0"
		if err != nil {
			line = err.Error()
		}
	} else if err != nil {
		line = fmt.Sprintf("error: client.sh: %v", err)
	}
	heads := c.collectHeads(lateHeadWait)
	log.Printf("%-28s %-40s %.1fs, %d head(s)", name, line, time.Since(start).Seconds(), len(heads))
	if len(heads) == 0 {
		c.failures = append(c.failures, fmt.Sprintf("%s: no request captured (client: %s)", name, line))
		return
	}
	notes := strings.ReplaceAll(j.notes, "REPORT_ORIGIN", "http://127.0.0.1:"+strings.TrimPrefix(c.reportEnv, "REPORT_PORT="))
	notes += "; client outcome: " + line
	if len(heads) > 1 {
		notes += fmt.Sprintf("; %d request heads received, the first is kept", len(heads))
	}
	peer := j.peer
	if peer == "" {
		peer = j.source
	}
	c.write("request", j.source, j.variant, heads[0].raw, entry{
		Version:  c.version(peer),
		Captured: "scripts/capture-corpus.sh: real client driven at the capture server (scripts/capture)",
		Notes:    notes,
	})
}
