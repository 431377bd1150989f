package adapters

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/oracle"
)

const testTimeout = 2 * time.Second

var (
	// It offers a subprotocol: gws, configured with subprotocols, refuses a
	// handshake that offers none. It has an Origin: x/net/websocket's
	// default handshake refuses one without.
	validWS = oracle.Case{Name: "valid", Side: oracle.ServerSide, Message: []byte("GET /chat HTTP/1.1\r\nHost: example.com\r\nOrigin: http://example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: chat\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")}
	// Sec-WebSocket-Version: 8 is refused by every implementation (RFC 6455 §4.2.1 step 6).
	invalidWS  = oracle.Case{Name: "version-8", Side: oracle.ServerSide, Message: []byte("GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")}
	validH2C   = oracle.Case{Name: "h2c", Side: oracle.ServerSide, Message: []byte("GET / HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n")}
	invalidH2C = oracle.Case{Name: "h2c-no-settings", Side: oracle.ServerSide, Message: []byte("GET / HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")}
)

// TestServers drives every server through a valid and an invalid handshake
// of its protocol and checks both the observation and the judgement.
func TestServers(t *testing.T) {
	for _, impl := range Servers {
		t.Run(impl.Name, func(t *testing.T) {
			tgt := oracle.NewInProcess(impl)
			defer tgt.Close()
			valid, invalid := validWS, invalidWS
			if impl.Protocol == "h2c" {
				valid, invalid = validH2C, invalidH2C
			}
			o := oracle.ObserveServer(context.Background(), tgt, valid, testTimeout)
			j := oracle.Judge(impl.Protocol, valid, o)
			if !j.Got.Switched || len(j.Divergences) != 0 {
				t.Errorf("valid handshake: got %+v, divergences %v\nreply:\n%s", j.Got, j.Divergences, o.Reply)
			}
			o = oracle.ObserveServer(context.Background(), tgt, invalid, testTimeout)
			j = oracle.Judge(impl.Protocol, invalid, o)
			if j.Got.Switched {
				t.Errorf("invalid handshake: switched\nreply:\n%s", o.Reply)
			}
		})
	}
}

// TestClients hands every client a valid 101 and one with a wrong
// Sec-WebSocket-Accept. A client that offers subprotocols gets a 101 that
// selects one: gws's client, offering some, refuses a 101 that selects
// none.
func TestClients(t *testing.T) {
	var plain, withProto, wrong oracle.Case
	for _, c := range oracle.ClientCases(1) {
		switch c.Name {
		case "response/valid":
			plain = c
		case "response/valid-subprotocol":
			withProto = c
		case "response/wrong-accept":
			wrong = c
		}
	}
	for _, impl := range Clients {
		t.Run(impl.Name, func(t *testing.T) {
			valid := withProto
			if strings.HasSuffix(impl.Name, "/plain") {
				valid = plain
			}
			o := oracle.ObserveClient(context.Background(), impl, valid, testTimeout)
			if o.Fate != oracle.FateOpen {
				t.Errorf("valid 101: fate %s (%s)\nrequest:\n%s\nresponse:\n%s", o.Fate, o.Detail, o.Request, o.Reply)
			}
			o = oracle.ObserveClient(context.Background(), impl, wrong, testTimeout)
			if o.Fate != oracle.FateFailed {
				t.Errorf("wrong Accept: fate %s (%s), want failed", o.Fate, o.Detail)
			}
			if j := oracle.Judge("", wrong, o); len(j.Divergences) != 0 {
				t.Errorf("wrong Accept judged as %v", j.Divergences)
			}
		})
	}
}
