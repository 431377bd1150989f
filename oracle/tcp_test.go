package oracle

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
)

// serveTCP runs handle for every connection to a loopback listener and
// returns it as a target.
func serveTCP(t *testing.T, handle func(net.Conn)) string {
	return "tcp://" + testpeers.Serve(t, handle) + "/chat"
}

// TestTCPTargetsNeverStall: targets that hang or answer garbage cost at
// most the timeout per case, and are reported.
func TestTCPTargetsNeverStall(t *testing.T) {
	hang := serveTCP(t, func(c net.Conn) {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, c)
	})
	garbage := serveTCP(t, func(c net.Conn) {
		c.Read(make([]byte, 1024))
		c.Write([]byte("SSH-2.0-OpenSSH\r\n\r\n"))
	})
	var targets []ServerTarget
	for _, s := range []string{hang, garbage} {
		tt, err := ParseTCPTarget(s)
		if err != nil {
			t.Fatal(err)
		}
		targets = append(targets, tt)
	}
	start := time.Now()
	res, err := Run(context.Background(), Config{Servers: targets, Seed: 1, Cases: 20, Timeout: 200 * time.Millisecond, NoMinimize: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("run took %v", d)
	}
	classes := map[string]map[Class]bool{}
	for _, f := range res.Findings {
		if classes[f.Target] == nil {
			classes[f.Target] = map[Class]bool{}
		}
		classes[f.Target][f.Class] = true
	}
	if !classes[hang][Robustness] {
		t.Errorf("hanging target: no robustness finding: %v", classes[hang])
	}
	if !classes[garbage][Violation] {
		t.Errorf("garbage target: an answer that is not HTTP not reported as a violation (RFC 9112 §4): %v", classes[garbage])
	}
}

func TestParseTCPTarget(t *testing.T) {
	for _, s := range []string{"tcp://127.0.0.1:80", "tcp://localhost:8080/ws"} {
		if _, err := ParseTCPTarget(s); err != nil {
			t.Errorf("ParseTCPTarget(%q): %v", s, err)
		}
	}
	for _, s := range []string{"http://127.0.0.1:80", "tcp://127.0.0.1", "127.0.0.1:80"} {
		if _, err := ParseTCPTarget(s); err == nil {
			t.Errorf("ParseTCPTarget(%q): no error", s)
		}
	}
	tt, _ := ParseTCPTarget("tcp://127.0.0.1:9/ws")
	c := tt.Rewrite(Case{Message: []byte("GET /chat HTTP/1.1\r\nHost: example.com\r\n\r\n")})
	if got, want := string(c.Message), "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n"; got != want {
		t.Errorf("Rewrite = %q, want %q", got, want)
	}
}
