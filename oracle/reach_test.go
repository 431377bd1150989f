package oracle

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/properties"
)

// refusedTarget reports whether the reference refuses every case of
// target t, so that a floor of valid cases cannot hold for it: in a
// request, Sec-WebSocket-Version is one value on one line (RFC 6455 §4.3,
// §11.3.5) and a WebSocket handshake is HTTP/1.1 (RFC 6455 §4.2.1); in a
// 101, Sec-WebSocket-Protocol is one token on one line that the client
// offered, byte for byte (RFC 6455 §4.3, §11.3.4, RFC 7936 §2), and an
// extension name is the offered one, byte for byte (AMB-18, RFC 6455
// §4.1).
func refusedTarget(t properties.Target) bool {
	switch {
	case !t.Response && t.Field == "Sec-WebSocket-Version":
		return t.Kind != properties.KindCase
	case !t.Response && t.Kind == properties.KindHTTP10:
		return t.Upgrade == properties.WebSocket
	case t.Response && t.Field == "Sec-WebSocket-Protocol":
		return true
	case t.Response && t.Field == "Sec-WebSocket-Extensions":
		return t.Kind == properties.KindCase || t.Kind == properties.KindNearName
	}
	return false
}

// TestReachFloor holds the floor of fuzzrun diff's default run (seed 1,
// 400 generated cases, the corpus): every target is reached by a case of
// its side, and by a valid one wherever the reference accepts it. A
// variation that stops being generated fails it.
func TestReachFloor(t *testing.T) {
	cases := append(ClientCases(1), ServerCases(1, 400, CorpusCases("../corpus/requests"))...)
	reach := Reach(cases)
	for _, tg := range properties.Targets() {
		n := reach[tg]
		switch {
		case n.Valid+n.Refused == 0:
			t.Errorf("%s: reached by no case", tg)
		case n.Valid == 0 && !refusedTarget(tg):
			t.Errorf("%s: reached only by %d refused cases, no valid one", tg, n.Refused)
		case n.Valid > 0 && refusedTarget(tg):
			t.Errorf("%s: %d valid cases, where the reference refuses the variation", tg, n.Valid)
		}
	}
}

// TestReachDetects checks what Reach reads in a few messages.
func TestReachDetects(t *testing.T) {
	const key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
	tests := []struct {
		side  Side
		msg   string
		want  []string // targets (Target.String) reached
		valid bool
	}{
		{ServerSide, "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: keep-alive ,\tUpgrade\r\n" + key + "Sec-WebSocket-Version: 13\r\n\r\n",
			[]string{"request Connection ows-commas", "request Connection htab-commas"}, true},
		{ServerSide, "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + key + "sec-websocket-version: 13\r\nSec-WebSocket-Protocol: chat, , Chat, chat2\r\nSec-WebSocket-Protocol: soap\r\n\r\n",
			[]string{"request Sec-WebSocket-Version case", "request Sec-WebSocket-Protocol empty-elements", "request Sec-WebSocket-Protocol case",
				"request Sec-WebSocket-Protocol near-name", "request Sec-WebSocket-Protocol split-lines"}, true},
		{ServerSide, "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + key + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage_deflate, Permessage-Deflate, x-webkit-deflate-frame\r\n\r\n",
			[]string{"request Sec-WebSocket-Extensions near-name", "request Sec-WebSocket-Extensions case"}, true},
		{ServerSide, "OPTIONS * HTTP/1.0\r\nHost: a\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n",
			[]string{"request request-line http10 tls"}, true},
		{ServerSide, "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade, , keep-alive\r\n" + key + "Sec-WebSocket-Version: 13, 13\r\n\r\n",
			[]string{"request Connection empty-elements"}, false},
		{ClientSide, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nUPGRADE: \r\nConnection: Upgrade\r\nSec-WebSocket-Accept: $ACCEPT\r\n\r\n",
			[]string{"response Upgrade split-lines"}, true},
		{ClientSide, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: $ACCEPT\r\nSec-WebSocket-Protocol: $PROTO,\t\r\n\r\n",
			[]string{"response Sec-WebSocket-Protocol empty-elements"}, false}, // the tab is OWS at the end of the value, not around the comma
	}
	for _, tc := range tests {
		reach := Reach([]Case{{Name: "t", Side: tc.side, Message: []byte(tc.msg)}})
		var got []string
		for _, tg := range properties.Targets() {
			n := reach[tg]
			if n.Valid+n.Refused == 0 {
				continue
			}
			got = append(got, tg.String())
			if (n.Valid > 0) != tc.valid {
				t.Errorf("%q: %s counted valid=%d refused=%d, want valid %v", tc.msg, tg, n.Valid, n.Refused, tc.valid)
			}
		}
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q reaches\n  %v\nwant\n  %v", tc.msg, got, tc.want)
		}
	}
}

// TestResponseTargetsLabelled checks the client cases built from the
// response targets: one labelled with its target's rule opens for the
// reference client, the others cite their rule.
func TestResponseTargetsLabelled(t *testing.T) {
	var n int
	for _, c := range ClientCases(1) {
		if !strings.Contains(c.Name, "vary") {
			continue
		}
		n++
		x := judgeTemplate(c.Message)
		switch {
		case strings.HasPrefix(c.Name, "response/vary/") && x != nil:
			t.Errorf("%s: labelled valid, the reference Fails: %s", c.Name, x.Rule)
		case !strings.HasPrefix(c.Name, "response/vary/") && (x == nil || x.Rule != c.Rule):
			t.Errorf("%s: labelled %s, the reference cites %v", c.Name, c.Rule, x)
		}
	}
	if n == 0 {
		t.Fatal("no client case from the response targets")
	}
}

// TestWriteReach checks the table's header, one row per target and the
// closing line.
func TestWriteReach(t *testing.T) {
	var b bytes.Buffer
	WriteReach(&b, ClientCases(1))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if !strings.HasPrefix(lines[0], "SIDE") || len(lines) != len(properties.Targets())+3 {
		t.Fatalf("table has %d lines, want a header, %d rows and a summary:\n%s", len(lines), len(properties.Targets()), b.String())
	}
	if !strings.Contains(lines[len(lines)-1], "0 server cases") {
		t.Errorf("summary %q", lines[len(lines)-1])
	}
}

// TestEmbeddedCorpus: the corpus built into the binary is the
// repository's corpus/requests, case for case.
func TestEmbeddedCorpus(t *testing.T) {
	emb, dir := EmbeddedCorpusCases(), CorpusCases("../corpus/requests")
	if len(emb) == 0 || len(emb) != len(dir) {
		t.Fatalf("embedded %d cases, corpus/requests %d", len(emb), len(dir))
	}
	for i := range emb {
		if emb[i].Name != dir[i].Name || string(emb[i].Message) != string(dir[i].Message) {
			t.Errorf("case %d: embedded %s differs from %s", i, emb[i].Name, dir[i].Name)
		}
	}
}
