package testpeers

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// plantedClientRequest is the request Handshake sends: the key of RFC 6455
// §1.2, both subprotocols every adapter knows, and a permessage-deflate
// offer.
const plantedClientRequest = "GET /chat HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Key: " + sampleKey + "\r\nSec-WebSocket-Version: 13\r\n" +
	"Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"

// Handshake runs the planted client with defect d over c, which it closes:
// it sends plantedClientRequest (Sec-WebSocket-Version 8 with BadRequest)
// and returns nil when it opens the connection on the answer, or why it
// failed. Its signature is that of an oracle client's Handshake.
func Handshake(ctx context.Context, c net.Conn, _ string, d Defect) error {
	defer c.Close()
	req := plantedClientRequest
	if d == BadRequest {
		req = strings.Replace(req, "Version: 13", "Version: 8", 1)
	}
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	}
	return clientHandshake(c, []byte(req), d)
}

// Dial runs the planted client with defect d against rawURL
// ("ws://HOST:PORT/PATH"), offering protocols with a fresh key, and
// returns nil when it opens the connection, or why it failed. The
// connection is closed either way: the planted client only handshakes.
func Dial(ctx context.Context, rawURL string, protocols []string, d Defect) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "ws" {
		return fmt.Errorf("planted client: want ws://HOST:PORT/PATH, got %q", rawURL)
	}
	var dialer net.Dialer
	c, err := dialer.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(plantedTimeout))
	var nonce [16]byte
	rand.Read(nonce[:])
	key := base64.StdEncoding.EncodeToString(nonce[:])
	req := "GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
	if len(protocols) > 0 {
		req += "Sec-WebSocket-Protocol: " + strings.Join(protocols, ", ") + "\r\n"
	}
	return clientHandshake(c, []byte(req+"\r\n"), d)
}

// clientHandshake sends req on c, reads the answer and decides as the
// planted client with defect d: it opens on a 101 the strict reference
// accepts for req, the fault d overlooks aside.
func clientHandshake(c net.Conn, req []byte, d Defect) error {
	if _, err := c.Write(req); err != nil {
		return err
	}
	r := wire.ReadRequest(c, wire.Limits{Settle: wire.NoSettle})
	if r.Fate != judge.Answered {
		return fmt.Errorf("no response: %s", r.Detail)
	}
	head := r.Head
	switch d {
	case Hang:
		if bytes.Contains(head, []byte("Content-Length")) {
			time.Sleep(5 * time.Second) // past the oracle's timeouts and grace, second look included
			return errors.New("late")
		}
	case Panic:
		if bytes.Contains(head, []byte("Transfer-Encoding")) {
			panic("planted panic")
		}
	case IgnoreSubprotocol:
		head = replaceField(head, "Sec-WebSocket-Protocol", "chat")
	case IgnoreExtensions:
		head = replaceField(head, "Sec-WebSocket-Extensions", "permessage-deflate")
	case RejectValid:
		return errors.New("refused")
	}
	var rp, sp parser.Parser
	resp := sp.ParseResponse(head, rp.ParseRequest(req))
	if resp.Status != 101 {
		return fmt.Errorf("status %d", resp.Status)
	}
	for _, v := range resp.Violations {
		if v.Role != parser.Recipient || v.Level == rules.Should {
			continue
		}
		if d == IgnoreAccept && v.Rule == rules.RFC6455_4_1_22 {
			continue // the defect
		}
		return errors.New(v.Error())
	}
	return nil
}
