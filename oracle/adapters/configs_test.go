package adapters

import (
	"context"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/oracle"
)

// noProtocol is a valid handshake that offers no subprotocol and has no
// Origin.
var noProtocol = oracle.Case{Name: "no-subprotocol", Side: oracle.ServerSide, Message: []byte("GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")}

// Each configuration does what its library documents for it.
func TestServerConfigurations(t *testing.T) {
	tests := []struct {
		name   string
		c      oracle.Case
		status string // the status line's code
	}{
		{"gws", noProtocol, "400"},                        // SubProtocols set: an offer of none fails
		{"gws/no-subprotocols", noProtocol, "101"},        // none set: no negotiation
		{"gws-server", noProtocol, "400"},                 // the same through gws's own server
		{"gws-server/no-subprotocols", noProtocol, "101"}, //
		{"gws-server", validWS, "101"},                    //
		{"x/net/websocket", noProtocol, "101"},            // its Handshake accepts any origin
		{"x/net/websocket/default", noProtocol, "403"},    // the default one wants an Origin
		{"x/net/websocket/default", validWS, "101"},       //
	}
	for _, tt := range tests {
		tgt := oracle.NewInProcess(serverNamed(t, tt.name))
		o := oracle.ObserveServer(context.Background(), tgt, tt.c, testTimeout)
		tgt.Close()
		if got := string(o.Reply); !strings.HasPrefix(got, "HTTP/1.1 "+tt.status+" ") {
			t.Errorf("%s, %s: got %q (fate %s), want %s", tt.name, tt.c.Name, firstLine(got), o.Fate, tt.status)
		}
	}
}

// gws's client reads its subprotocol offer back with Header.Get: offering
// "chat" and "superchat", it fails a 101 that selects another; offering
// none, it does not look.
func TestGWSClientOffer(t *testing.T) {
	var unsolicited oracle.Case
	for _, c := range oracle.ClientCases(1) {
		if c.Name == "response/unsolicited-subprotocol" {
			unsolicited = c
		}
	}
	if o := oracle.ObserveClient(context.Background(), gwsClient, unsolicited, testTimeout); o.Fate != oracle.FateFailed {
		t.Errorf("gws-client: unsolicited subprotocol: fate %s, want failed\nrequest:\n%s", o.Fate, o.Request)
	}
	if o := oracle.ObserveClient(context.Background(), gwsClient, unsolicited, testTimeout); !strings.Contains(string(o.Request), "chat, superchat") {
		t.Errorf("gws-client offered no subprotocols:\n%s", o.Request)
	}
	if o := oracle.ObserveClient(context.Background(), gwsClientPlain, unsolicited, testTimeout); strings.Contains(strings.ToLower(string(o.Request)), "sec-websocket-protocol") {
		t.Errorf("gws-client/plain offered subprotocols:\n%s", o.Request)
	}
}

func firstLine(s string) string {
	if i := strings.Index(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}
