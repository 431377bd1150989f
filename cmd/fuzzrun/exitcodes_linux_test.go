//go:build linux

package main

import (
	"bytes"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

// blackholeAddr returns a loopback address where a connect times out: a
// listener with a backlog of 0 that never accepts, its queue filled, so
// that Linux drops every further SYN.
func blackholeAddr(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Skip("socket:", err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Skip("bind:", err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Skip("listen:", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Skip("getsockname:", err)
	}
	addr := (&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: sa.(*syscall.SockaddrInet4).Port}).String()
	for i := 0; i < 16; i++ {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			return addr // the queue is full: connects time out now
		}
		t.Cleanup(func() { c.Close() })
	}
	t.Skip("the listen queue never filled: connects do not time out here")
	return ""
}

// TestConnectTimeoutExit2: a connect that times out (a full listen
// queue: SYNs dropped) is exit 2 in diff and suite, naming the target
// unreachable.
func TestConnectTimeoutExit2(t *testing.T) {
	target := "tcp://" + blackholeAddr(t) + "/chat"
	for _, args := range [][]string{
		{"diff", "--target", target, "--timeout", "200ms", "--log", "", "--corpus", ""},
		{"suite", "--target", target, "--timeout", "200ms"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitError || !strings.Contains(errb.String(), "unreachable") || !strings.Contains(errb.String(), "timeout") {
			t.Errorf("fuzzrun %s against a connect that times out: exit %d, %q; want %d, unreachable (a timeout)", args[0], code, errb.String(), exitError)
		}
	}
}
