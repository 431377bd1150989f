package statemachine_test

import (
	"fmt"
	"strings"

	"github.com/switchyard/switchyard/statemachine"
)

// Drive a client, a server and a proxy through a WebSocket upgrade, a
// refused upgrade and an h2c upgrade, feeding each the same wire events.
func Example() {
	const (
		wsRequest = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
		ws101     = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
		refusal   = "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n"
		h2cReq    = "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"
		h2c101    = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
		preface   = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00"
		settings  = "\x00\x00\x00\x04\x00\x00\x00\x00\x00"
	)
	exchanges := []struct {
		name   string
		events []statemachine.Event
	}{
		{"websocket", []statemachine.Event{
			statemachine.Request([]byte(wsRequest)),
			statemachine.ResponseHeadEvent([]byte(ws101)),
		}},
		{"refused", []statemachine.Event{
			statemachine.Request([]byte(wsRequest)),
			statemachine.ResponseHeadEvent([]byte(refusal)),
			statemachine.Simple(statemachine.ResponseEnd),
		}},
		{"h2c", []statemachine.Event{
			statemachine.Request([]byte(h2cReq)),
			statemachine.ResponseHeadEvent([]byte(h2c101)),
			statemachine.Data(statemachine.ClientBytes, []byte(preface)),
			statemachine.Data(statemachine.ServerBytes, []byte(settings)),
		}},
	}
	for _, x := range exchanges {
		for _, role := range statemachine.Roles {
			m := statemachine.New(role)
			for _, ev := range x.events {
				if _, err := m.Step(ev); err != nil {
					fmt.Println(err)
				}
			}
			fmt.Println(strings.TrimSpace(fmt.Sprintf("%-9s %-12s %s %s", x.name, role, m.State(), m.Protocol())))
		}
	}
	// A proxy that tunnels after the refusal breaks Switchyard's policy.
	proxy := statemachine.New(statemachine.Intermediary)
	proxy.Step(statemachine.Request([]byte(wsRequest)))
	proxy.Step(statemachine.ResponseHeadEvent([]byte(refusal)))
	_, err := proxy.Step(statemachine.Simple(statemachine.Tunnel))
	fmt.Println(err)
	// Output:
	// websocket client       Switched websocket
	// websocket server       Switched websocket
	// websocket intermediary Switched websocket
	// refused   client       Idle
	// refused   server       Idle
	// refused   intermediary Idle
	// h2c       client       Switched h2c
	// h2c       server       Switched h2c
	// h2c       intermediary Switched h2c
	// PROXY-2 (POLICY): a final status refused the upgrade: the connection stays HTTP, never a tunnel (Switchyard policy)
}
