package statemachine_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// Heads used across the tests.
const (
	wsGET       = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	ws101       = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
	plainGET    = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
	closeGET    = "GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"
	h2cGET      = "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"
	h2cPOST     = "POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"
	h2c101      = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
	ok200       = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
	refused426  = "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n"
	continue100 = "HTTP/1.1 100 Continue\r\n\r\n"
)

// h2 octets: the client preface with an empty SETTINGS frame, and the
// server's empty SETTINGS frame (RFC 7540 §3.5, §6.5).
var (
	h2ClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + "\x00\x00\x00\x04\x00\x00\x00\x00\x00"
	h2ServerPreface = "\x00\x00\x00\x04\x00\x00\x00\x00\x00"
)

func req(h string) sm.Event                  { return sm.Request([]byte(h)) }
func resp(h string) sm.Event                 { return sm.ResponseHeadEvent([]byte(h)) }
func data(k sm.EventKind, s string) sm.Event { return sm.Data(k, []byte(s)) }
func ev(k sm.EventKind) sm.Event             { return sm.Simple(k) }

// fwd returns a head event as an intermediary forwarded it.
func fwd(e sm.Event, forwarded string) sm.Event {
	e.Forwarded = []byte(forwarded)
	return e
}

// coverage records every (role, state, event, outcome) the tests take.
type hit struct {
	role  sm.Role
	state sm.State
	event sm.EventKind
	out   sm.Outcome
}

var covered = map[hit]bool{}

// newMachine returns a machine whose transitions are recorded for the
// coverage check in TestMain.
func newMachine(r sm.Role) *sm.Machine {
	m := sm.New(r)
	m.Trace = func(t sm.Transition) { covered[hit{t.Role, t.From, t.Event, t.Outcome}] = true }
	return m
}

// run steps through events; every event but the last must succeed. It
// returns the last step's state and error.
func run(t *testing.T, m *sm.Machine, events ...sm.Event) (sm.State, error) {
	t.Helper()
	var s sm.State
	var err error
	for i, e := range events {
		s, err = m.Step(e)
		if err != nil && i < len(events)-1 {
			t.Fatalf("event %d (%s) in %s: %v", i, e.Kind, m.Role(), err)
		}
	}
	return s, err
}

// ruleOf returns the rule an error cites, or "".
func ruleOf(err error) rules.ID {
	var v *parser.Violation
	if errors.As(err, &v) {
		return v.Rule
	}
	return ""
}

// TestMain checks, after a full run, that the tests took every outcome of
// every (role, state, event) entry in the table.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		if missing := uncovered(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: %d table outcomes no test takes:\n", len(missing))
			for _, s := range missing {
				fmt.Fprintln(os.Stderr, "  ", s)
			}
			code = 1
		}
	}
	os.Exit(code)
}

func uncovered() []string {
	var missing []string
	t := sm.Transitions()
	for _, r := range sm.Roles {
		for _, s := range sm.States {
			for _, k := range sm.EventsFor(r) {
				for _, o := range t[r][s][k].Outcomes {
					if !covered[hit{r, s, k, o}] {
						missing = append(missing, fmt.Sprintf("%s %s %s -> %s", r, s, k, o))
					}
				}
			}
		}
	}
	sort.Strings(missing)
	return missing
}

// as11 returns a head event as an HTTP/1.1 intermediary forwards it: with
// its own HTTP-version (RFC 9112 §2.3). Client and server machines ignore
// Forwarded, so scenarios of every role can use it.
func as11(e sm.Event) sm.Event {
	h := string(e.Head)
	i := strings.Index(h, "\r\n")
	line := strings.Replace(h[:i], "HTTP/1.0", "HTTP/1.1", 1)
	e.Forwarded = []byte(line + h[i:])
	return e
}
