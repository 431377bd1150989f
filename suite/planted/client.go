package planted

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// ClientDefect selects a planted client's defect.
type ClientDefect uint8

const (
	// StrictClient has no defect: it opens only on a 101 the strict
	// reference accepts for the request it sent.
	StrictClient ClientDefect = iota
	// IgnoreAccept opens whatever Sec-WebSocket-Accept the server sends,
	// or none (RFC 6455 §4.1 requires it to Fail).
	IgnoreAccept
)

// Dial runs a WebSocket opening handshake against rawURL
// ("ws://HOST:PORT/PATH"), offering protocols, and returns nil when the
// client opens the connection, or why it failed. The connection is closed
// either way: the planted client only handshakes.
func Dial(ctx context.Context, rawURL string, protocols []string, defect ClientDefect) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "ws" {
		return fmt.Errorf("planted client: want ws://HOST:PORT/PATH, got %q", rawURL)
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(ioTimeout))
	var nonce [16]byte
	rand.Read(nonce[:])
	key := base64.StdEncoding.EncodeToString(nonce[:])
	req := "GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
	if len(protocols) > 0 {
		req += "Sec-WebSocket-Protocol: " + strings.Join(protocols, ", ") + "\r\n"
	}
	req += "\r\n"
	if _, err := c.Write([]byte(req)); err != nil {
		return err
	}
	head, err := readHead(c)
	if err != nil {
		return fmt.Errorf("no response: %w", err)
	}
	var rp, sp parser.Parser
	r := rp.ParseRequest([]byte(req))
	resp := sp.ParseResponse(head, r)
	if resp.Status != 101 {
		return fmt.Errorf("status %d", resp.Status)
	}
	for _, v := range resp.Violations {
		if v.Role != parser.Recipient || v.Level == rules.Should {
			continue
		}
		if defect == IgnoreAccept && v.Rule == rules.RFC6455_4_1_22 {
			continue // the defect
		}
		return errors.New(v.Error())
	}
	return nil
}
