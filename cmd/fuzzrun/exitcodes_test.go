package main

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
)

// TestResettingPeerExit2: against a server that resets every connection
// at once, diff --target and suite --target fail their preflight and exit
// 2 saying what happened, every time (20 runs each): whether the RST
// comes before the request is written, while it is read or after, the
// connect succeeded and nothing answered.
func TestResettingPeerExit2(t *testing.T) {
	target := "tcp://" + testpeers.ResettingServer(t) + "/chat"
	start := time.Now()
	for _, args := range [][]string{
		{"diff", "--target", target, "--timeout", "200ms", "--log", "", "--corpus", ""},
		{"suite", "--target", target, "--timeout", "200ms"},
	} {
		codes, says := map[int]int{}, map[string]int{}
		for i := 0; i < 20; i++ {
			var out, errb bytes.Buffer
			code := run(args, &out, &errb)
			codes[code]++
			msg := errb.String()
			for _, s := range []string{"no response head: reset", "no response head: closed", "connection reset by peer"} {
				if strings.Contains(msg, s) {
					says[s]++
				}
			}
			if code != exitError || !strings.Contains(msg, "preflight") || !saysReset(msg) {
				t.Errorf("fuzzrun %s (run %d): exit %d, stderr %q; want %d and a failed preflight saying what happened",
					args[0], i+1, code, msg, exitError)
			}
			if out.Len() > 0 {
				t.Errorf("fuzzrun %s (run %d): printed %q", args[0], i+1, out.String())
			}
		}
		t.Logf("fuzzrun %s against a resetting server, 20 runs: exit codes %v; stderr said %v", args[0], codes, says)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("40 runs took %v", took)
	}
}

// TestUnreachableExit2: nothing listening (a refused connect) is exit 2
// in diff and suite, every time, naming the target unreachable.
func TestUnreachableExit2(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback TCP:", err)
	}
	refused := "tcp://" + ln.Addr().String() + "/chat"
	ln.Close()
	for _, args := range [][]string{
		{"diff", "--target", refused, "--timeout", "200ms", "--log", "", "--corpus", ""},
		{"suite", "--target", refused, "--timeout", "200ms"},
	} {
		for i := 0; i < 5; i++ {
			var out, errb bytes.Buffer
			if code := run(args, &out, &errb); code != exitError || !strings.Contains(errb.String(), "unreachable") {
				t.Errorf("fuzzrun %s against a closed port (run %d): exit %d, %q; want %d, unreachable", args[0], i+1, code, errb.String(), exitError)
			}
		}
	}
}

// saysReset reports whether a failed preflight's message says what the
// resetting server did: the request got no response head (reset, or
// closed when the RST raced the read), or the connect itself was reset
// (the RST arrived before connect returned).
func saysReset(msg string) bool {
	return strings.Contains(msg, "got no response head: reset") || strings.Contains(msg, "got no response head: closed") ||
		strings.Contains(msg, "connection reset by peer")
}
