package validate_test

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/validate"
)

// maxHead bounds the head a server reads before it judges it.
const maxHead = 64 << 10

// readHead reads one request head from conn, through its empty line (a
// bare LF counts as a line end, so that the validator judges it), at most
// maxHead octets.
func readHead(conn net.Conn) ([]byte, error) {
	buf := make([]byte, 0, 1024)
	chunk := make([]byte, 1024)
	for {
		if n := parser.HeadEnd(buf); n >= 0 {
			return buf[:n], nil
		}
		if len(buf) >= maxHead {
			return nil, errors.New("head too large")
		}
		n, err := conn.Read(chunk[:min(len(chunk), maxHead-len(buf))])
		buf = append(buf, chunk[:n]...)
		if err != nil {
			return nil, err
		}
	}
}

// The strict view of a request is its bytes as they came off the
// connection: net/http would have joined the folded Connection line below
// and handed Middleware a valid request. A server that wants the strict
// view reads the head from a net.Listener itself and validates it with
// RawRequest, before anything repairs it.
func Example_rawConnection() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.SetDeadline(time.Now().Add(5 * time.Second))
			head, err := readHead(conn)
			if err != nil {
				conn.Close()
				continue
			}
			res := validate.RawRequest(head, nil)
			if !res.Valid {
				v := res.Violations[0]
				fmt.Println("refused:", res.Status, v.Rule, v.Message)
				conn.Write(parser.AppendRefusal(nil, res.Status, v.Message))
				conn.Close()
				continue
			}
			// Valid: answer with parser.AppendSwitchingProtocols and
			// hand the connection to the WebSocket code.
			conn.Close()
		}
	}()

	folded := "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection:\r\n Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	c.Write([]byte(folded))
	status, err := bufio.NewReader(c).ReadString('\n')
	fmt.Printf("%q %v\n", status, err)
	// Output:
	// refused: 400 RFC9112-5.2-1 obs-fold: field value continued on a whitespace-led line
	// "HTTP/1.1 400 Bad Request\r\n" <nil>
}
