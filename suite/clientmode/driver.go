package clientmode

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
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

// The caps and waits of a driver run.
const (
	// MaxDriverLine caps what is read of a driver's output: its one line,
	// "open" or "error: <reason>", is a few dozen octets; a reason quoting
	// a client's error message, a few hundred. A driver that prints this
	// much without a newline is flooding: the rest is never read, and
	// the driver fails its case (ErrNoVerdict).
	MaxDriverLine = 4 << 10

	// DriverGrace is how long a driver may run past its Timeout before
	// its whole process group is killed: the script's own timeout kills
	// the client 3 s after CLIENT_TIMEOUT (timeout -k 3), and the script's
	// setup (install.sh's checks, a cached go build) takes a few seconds.
	DriverGrace = 10 * time.Second

	// DriverWaitDelay bounds the wait for a driver's process to be reaped
	// once its group has been killed (exec.Cmd.WaitDelay).
	DriverWaitDelay = 2 * time.Second

	// MaxQuote caps the octets of a peer's output quoted in a message (a
	// driver's unexpected line, a client's error): enough to recognise
	// it, never the whole of a flood.
	MaxQuote = 256
)

// ErrNoVerdict is the error of a driver run that gave no verdict: a
// driver killed at its limit, or one whose output ran past MaxDriverLine
// without a newline. It fails the case, never the run.
var ErrNoVerdict = errors.New("the client driver gave no verdict")

// Script drives a real client with scripts/peers/client.sh, which prints
// one line, "open" or "error: <reason>".
//
// The driver runs in its own process group, killed whole once its line is
// read or its limit (Timeout + Grace) passes, so that no client it
// started outlives its case; at most MaxDriverLine octets of its output
// are read.
type Script struct {
	Path string // the driver script, e.g. scripts/peers/client.sh
	Kind string // chromium, firefox, node-ws, py-websockets, aiohttp, go-gorilla, ...
	// Timeout bounds one run (CLIENT_TIMEOUT of the script): 20 s for
	// browsers and 4 s for others when zero (a driver that has reported
	// is killed with its children; its report is kept).
	Timeout time.Duration
	// Grace is how long the driver may run past Timeout before it is
	// killed: DriverGrace when zero.
	Grace time.Duration
}

// Name returns the client kind.
func (s Script) Name() string { return s.Kind }

// Open runs the script once. A driver that cannot be started is an
// error; one killed at its limit, or flooding its output, gives an error
// wrapping ErrNoVerdict; one that prints anything but its one line, an
// error quoting (at most MaxQuote octets of) what it printed.
func (s Script) Open(ctx context.Context, url string, protocols []string) (bool, string, error) {
	t := s.Timeout
	if t <= 0 {
		t = 4 * time.Second
		if Browser(s.Kind) {
			t = 20 * time.Second
		}
	}
	grace := s.Grace
	if grace <= 0 {
		grace = DriverGrace
	}
	args := []string{s.Path}
	for _, p := range protocols {
		args = append(args, "-p", p)
	}
	args = append(args, s.Kind, url)
	limit := t + grace
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", args...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("CLIENT_TIMEOUT=%d", max(1, int(t.Seconds()))))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return killGroup(cmd) }
	cmd.WaitDelay = DriverWaitDelay
	// The driver writes into a pipe of our own (an *os.File, so that Wait
	// never waits for it): whatever still holds it open once the group
	// is dead cannot hold up the case.
	pr, pw, err := os.Pipe()
	if err != nil {
		return false, "", err
	}
	defer pr.Close()
	cmd.Stdout = pw
	err = cmd.Start()
	pw.Close()
	if err != nil {
		return false, "", fmt.Errorf("%s: %w", s.Path, err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	read := make(chan driverLine, 1)
	go func() { read <- readLine(pr, MaxDriverLine) }()

	var out driverLine
	killed := false
	select {
	case out = <-read:
	case <-ctx.Done():
		killed = true
	}
	// The report is in, or the limit has passed: nothing of the group is
	// needed any more.
	killGroup(cmd)
	pr.Close()
	if killed {
		out = <-read
	}
	var werr error
	select {
	case werr = <-waited:
	case <-time.After(DriverWaitDelay):
		werr = fmt.Errorf("not reaped within %v of the kill", DriverWaitDelay)
	}

	line := strings.TrimSpace(string(out.line))
	switch {
	case out.complete && line == "open":
		return true, "", nil
	case out.complete && strings.HasPrefix(line, "error:"):
		return false, strings.TrimSpace(strings.TrimPrefix(line, "error:")), nil
	case out.over:
		return false, "", fmt.Errorf("%s %s: %w: %d octets of output without a newline (%s...)",
			s.Path, s.Kind, ErrNoVerdict, len(out.line), Quote(out.line, MaxQuote))
	case killed && parent.Err() != nil:
		return false, "", fmt.Errorf("%s %s: %w", s.Path, s.Kind, parent.Err())
	case killed:
		return false, "", fmt.Errorf("%s %s: %w: killed after %v, its limit", s.Path, s.Kind, ErrNoVerdict, limit)
	case len(line) == 0 && werr != nil:
		return false, "", fmt.Errorf("%s: %w", s.Path, werr)
	}
	return false, "", fmt.Errorf("%s %s: unexpected output %s", s.Path, s.Kind, Quote(out.line, MaxQuote))
}

// killGroup kills the driver's whole process group: the shell and every
// client it started, which may hold its output open.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}

// driverLine is what was read of a driver's output.
type driverLine struct {
	line     []byte // the first line, without its newline; at most the cap
	complete bool   // its newline arrived (or the output ended after it)
	over     bool   // the cap was reached without a newline
}

// readLine reads r up to the first newline, at most max octets.
func readLine(r io.Reader, max int) driverLine {
	buf := make([]byte, 0, 512)
	var chunk [512]byte
	for {
		n, err := r.Read(chunk[:min(len(chunk), max+1-len(buf))])
		if i := bytes.IndexByte(chunk[:n], '\n'); i >= 0 {
			return driverLine{line: append(buf, chunk[:i]...), complete: true}
		}
		buf = append(buf, chunk[:n]...)
		if len(buf) > max {
			return driverLine{line: buf[:max], over: true}
		}
		if err != nil {
			// The output ended without a newline: what came is the line.
			return driverLine{line: buf, complete: len(buf) > 0}
		}
	}
}

// Quote quotes at most max octets of b, saying how many more there were.
func Quote(b []byte, max int) string {
	if len(b) <= max {
		return strconv.Quote(string(b))
	}
	return fmt.Sprintf("%s (and %d more octets)", strconv.Quote(string(b[:max])), len(b)-max)
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
