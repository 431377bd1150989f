package clientmode

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Driver runs the client under test once against a URL, offering the
// given subprotocols, and reports whether it opened the connection.
type Driver interface {
	// Name identifies the client in reports.
	Name() string
	// Open runs one handshake. opened is the client's verdict; detail
	// its error when it did not open. err is a failure to run the
	// client at all.
	Open(ctx context.Context, url string, protocols []string) (opened bool, detail string, err error)
}

// Browser reports whether a client kind is a browser (about a second a
// case; run the short list, BrowserCases).
func Browser(kind string) bool { return kind == "chromium" || kind == "firefox" }

// Script drives a real client with scripts/peers/client.sh, which prints
// one line, "open" or "error: <reason>".
type Script struct {
	Path string // the driver script, e.g. scripts/peers/client.sh
	Kind string // chromium, firefox, node-ws, py-websockets, aiohttp, go-gorilla, ...
	// Timeout bounds one run (CLIENT_TIMEOUT of the script): 20 s for
	// browsers and 4 s for others when zero (a driver that has reported
	// may linger until its timeout; its report is kept).
	Timeout time.Duration
}

// Name returns the client kind.
func (s Script) Name() string { return s.Kind }

// Open runs the script once.
func (s Script) Open(ctx context.Context, url string, protocols []string) (bool, string, error) {
	t := s.Timeout
	if t <= 0 {
		t = 4 * time.Second
		if Browser(s.Kind) {
			t = 20 * time.Second
		}
	}
	args := []string{s.Path}
	for _, p := range protocols {
		args = append(args, "-p", p)
	}
	args = append(args, s.Kind, url)
	ctx, cancel := context.WithTimeout(ctx, t+10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", args...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("CLIENT_TIMEOUT=%d", int(t.Seconds())))
	out, err := cmd.Output()
	line := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	switch {
	case line == "open":
		return true, "", nil
	case strings.HasPrefix(line, "error:"):
		return false, strings.TrimSpace(strings.TrimPrefix(line, "error:")), nil
	case err != nil:
		return false, "", fmt.Errorf("%s: %w", s.Path, err)
	}
	return false, "", fmt.Errorf("%s %s: unexpected output %q", s.Path, s.Kind, line)
}

// Func is an in-process client as a Driver.
type Func struct {
	ClientName string
	Dial       func(ctx context.Context, url string, protocols []string) error
}

// Name returns the client's name.
func (f Func) Name() string { return f.ClientName }

// Open calls Dial: a nil error means the client opened.
func (f Func) Open(ctx context.Context, url string, protocols []string) (bool, string, error) {
	if err := f.Dial(ctx, url, protocols); err != nil {
		return false, err.Error(), nil
	}
	return true, "", nil
}
