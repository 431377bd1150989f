package properties_test

import (
	"fmt"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/commands"
	"github.com/leanovate/gopter/gen"
	sm "github.com/switchyard/switchyard/statemachine"
)

// A stateful property test of the upgrade state machine: gopter generates
// sequences of wire events from a fixed alphabet, runs them through a
// statemachine.Machine, and compares every step with smModel, a small
// independent model of what the table should do with that alphabet.

// smSeed fixes the random sequence so that runs are reproducible; a
// failure prints it.
const smSeed int64 = 20261121

// The alphabet: heads and octets with a known meaning.
const (
	smPlainGET = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
	smCloseGET = "GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"
	smWSGET    = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	smH2CPOST  = "POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"
	smWS101    = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
	smH2C101   = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"
	sm100      = "HTTP/1.1 100 Continue\r\n\r\n"
	sm200      = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
	sm426      = "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n"
	smPreface  = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00"
	smSettings = "\x00\x00\x00\x04\x00\x00\x00\x00\x00"
	// smHeaders is a whole HEADERS frame header: not the SETTINGS an h2c
	// server must send first (RFC 7540 §3.2), whole so that it is judged
	// at once.
	smHeaders = "\x00\x00\x05\x01\x04\x00\x00\x00\x01"
)

// smReq says which request of the alphabet an exchange carries.
type smReq uint8

const (
	smNone smReq = iota
	smPlain
	smClose
	smWS
	smH2C
)

// smModel is the expected state of one connection.
type smModel struct {
	role       sm.Role
	phase      sm.State
	req        smReq
	reqOpen    bool // the h2c request's body is unfinished
	early      bool // client octets behind the upgrade request before its answer
	refused    bool
	proto      string
	cliOK      bool // after an h2c switch: the client preface was seen
	srvOK      bool // after an h2c switch: the server's SETTINGS was seen
	closeAfter bool
}

func (m smModel) String() string {
	return fmt.Sprintf("%s in %s (req %d, open %t, early %t)", m.role, m.phase, m.req, m.reqOpen, m.early)
}

// smStep is the model's transition for one command.
func smStep(m smModel, c *smCommand) smModel {
	if c.ev.Kind == sm.Close {
		m.phase = sm.Closed
		return m
	}
	if m.phase == sm.Error || m.phase == sm.Closed {
		m.phase = sm.Error
		return m
	}
	offer := m.req == smWS || m.req == smH2C
	stay, fail := m, m
	fail.phase = sm.Error
	// octets from the client behind an upgrade request, before its answer
	early := func() smModel {
		switch {
		case m.role == sm.Server, m.role == sm.Client && m.req == smWS:
			return fail
		}
		m.early = true
		return m
	}
	switch c.ev.Kind {
	case sm.RequestHead, sm.RequestData, sm.RequestEnd, sm.ClientBytes:
		switch m.phase {
		case sm.Idle:
			if c.ev.Kind != sm.RequestHead {
				return fail
			}
			n := smModel{role: m.role, req: c.req}
			switch c.req {
			case smH2C:
				n.phase, n.reqOpen = sm.SendBody, true
			case smWS:
				n.phase = sm.MightSwitch
			default:
				n.phase, n.closeAfter = sm.AwaitResponse, c.req == smClose
			}
			return n
		case sm.SendBody:
			switch c.ev.Kind {
			case sm.RequestData:
				return stay
			case sm.RequestEnd:
				m.reqOpen, m.phase = false, sm.MightSwitch
				return m
			}
			return fail
		case sm.AwaitResponse:
			return stay
		case sm.MightSwitch:
			return early()
		case sm.Response, sm.Refused:
			if !m.reqOpen {
				return stay
			}
			switch c.ev.Kind {
			case sm.RequestData:
				return stay
			case sm.RequestEnd:
				m.reqOpen = false
				return m
			}
			return fail
		case sm.Switched:
			if c.ev.Kind != sm.ClientBytes {
				return fail
			}
			if m.proto == "h2c" && !m.cliOK {
				if string(c.ev.Data) != smPreface {
					return fail
				}
				m.cliOK = true
			}
			return m
		case sm.MustClose:
			if m.reqOpen && (c.ev.Kind == sm.RequestData || c.ev.Kind == sm.RequestEnd) {
				m.reqOpen = c.ev.Kind == sm.RequestData
				return m
			}
			return fail
		}
	case sm.InterimHead:
		switch m.phase {
		case sm.SendBody, sm.AwaitResponse, sm.MightSwitch:
			return stay
		}
		return fail
	case sm.SwitchHead:
		if m.phase == sm.MightSwitch && (c.proto == "websocket") == (m.req == smWS) {
			m.phase, m.proto = sm.Switched, c.proto
			return m
		}
		return fail
	case sm.FinalHead:
		switch m.phase {
		case sm.SendBody, sm.AwaitResponse, sm.MightSwitch:
			m.phase, m.refused = sm.Response, offer
			if offer {
				m.phase = sm.Refused
			}
			return m
		}
		return fail
	case sm.ResponseData:
		if m.phase == sm.Response || m.phase == sm.Refused {
			return stay
		}
		return fail
	case sm.ResponseEnd:
		if m.phase != sm.Response && m.phase != sm.Refused {
			return fail
		}
		mustClose := m.closeAfter || m.reqOpen || (m.early && m.refused) ||
			(m.role == sm.Intermediary && m.req == smH2C && m.refused)
		if mustClose {
			m.phase = sm.MustClose
		} else {
			m = smModel{role: m.role}
		}
		return m
	case sm.ServerBytes:
		if m.phase != sm.Switched {
			return fail
		}
		if m.proto == "h2c" && !m.srvOK {
			if string(c.ev.Data) != smSettings {
				return fail
			}
			m.srvOK = true
		}
		return m
	case sm.Tunnel:
		if m.phase == sm.Switched {
			return stay
		}
		return fail
	}
	panic("smStep: unhandled " + c.ev.Kind.String() + " in " + m.phase.String())
}

// smCommand is one wire event of the alphabet.
type smCommand struct {
	name  string
	ev    sm.Event
	req   smReq  // for RequestHead
	proto string // for SwitchHead
}

func (c *smCommand) String() string { return c.name }

// smResult is what one step of the machine returned.
type smResult struct {
	state    sm.State
	err      error
	protocol string
	errSet   bool
}

func (c *smCommand) Run(sut commands.SystemUnderTest) commands.Result {
	m := sut.(*sm.Machine)
	s, err := m.Step(c.ev)
	return smResult{state: s, err: err, protocol: m.Protocol(), errSet: m.Err() != nil}
}

func (c *smCommand) NextState(st commands.State) commands.State {
	return smStep(st.(smModel), c)
}

func (c *smCommand) PreCondition(commands.State) bool { return true }

// PostCondition sees the model after NextState: the machine must be in the
// model's state, fail exactly when the model says Error, and report the
// protocol switched to.
func (c *smCommand) PostCondition(st commands.State, res commands.Result) *gopter.PropResult {
	want, got := st.(smModel), res.(smResult)
	switch {
	case got.state != want.phase:
		return &gopter.PropResult{Status: gopter.PropFalse, Error: fmt.Errorf("%s: machine in %s (%v), model in %s", c.name, got.state, got.err, want)}
	case (got.err != nil) != (want.phase == sm.Error) || got.errSet != (want.phase == sm.Error || (want.phase == sm.Closed && got.errSet)):
		return &gopter.PropResult{Status: gopter.PropFalse, Error: fmt.Errorf("%s: error %v in %s", c.name, got.err, want.phase)}
	case want.phase == sm.Switched && got.protocol != want.proto:
		return &gopter.PropResult{Status: gopter.PropFalse, Error: fmt.Errorf("%s: protocol %q, model %q", c.name, got.protocol, want.proto)}
	}
	return &gopter.PropResult{Status: gopter.PropTrue}
}

func smAlphabet(r sm.Role) []any {
	b := func(s string) []byte { return []byte(s) }
	cs := []any{
		&smCommand{name: "plain GET", ev: sm.Request(b(smPlainGET)), req: smPlain},
		&smCommand{name: "GET close", ev: sm.Request(b(smCloseGET)), req: smClose},
		&smCommand{name: "websocket GET", ev: sm.Request(b(smWSGET)), req: smWS},
		&smCommand{name: "h2c POST", ev: sm.Request(b(smH2CPOST)), req: smH2C},
		&smCommand{name: "request data", ev: sm.Data(sm.RequestData, b("hello"))},
		&smCommand{name: "request end", ev: sm.Simple(sm.RequestEnd)},
		&smCommand{name: "client x", ev: sm.Data(sm.ClientBytes, b("x"))},
		&smCommand{name: "client preface", ev: sm.Data(sm.ClientBytes, b(smPreface))},
		&smCommand{name: "100", ev: sm.ResponseHeadEvent(b(sm100))},
		&smCommand{name: "websocket 101", ev: sm.ResponseHeadEvent(b(smWS101)), proto: "websocket"},
		&smCommand{name: "h2c 101", ev: sm.ResponseHeadEvent(b(smH2C101)), proto: "h2c"},
		&smCommand{name: "200", ev: sm.ResponseHeadEvent(b(sm200))},
		&smCommand{name: "426", ev: sm.ResponseHeadEvent(b(sm426))},
		&smCommand{name: "response data", ev: sm.Data(sm.ResponseData, b("ok"))},
		&smCommand{name: "response end", ev: sm.Simple(sm.ResponseEnd)},
		&smCommand{name: "server headers", ev: sm.Data(sm.ServerBytes, b(smHeaders))},
		&smCommand{name: "server settings", ev: sm.Data(sm.ServerBytes, b(smSettings))},
		&smCommand{name: "close", ev: sm.Simple(sm.Close)},
	}
	if r == sm.Intermediary {
		cs = append(cs, &smCommand{name: "tunnel", ev: sm.Simple(sm.Tunnel)})
	}
	return cs
}

// smGenCommand mostly picks a command the model accepts in this state, so
// that sequences get deep (refusals, switches, reuse), and sometimes any
// command, errors and Close included.
func smGenCommand(m smModel, alphabet []any) gopter.Gen {
	var ok []any
	for _, c := range alphabet {
		cmd := c.(*smCommand)
		if cmd.ev.Kind != sm.Close && smStep(m, cmd).phase != sm.Error {
			ok = append(ok, c)
		}
	}
	if len(ok) == 0 {
		return gen.OneConstOf(alphabet...)
	}
	return gen.Frequency(map[int]gopter.Gen{9: gen.OneConstOf(ok...), 1: gen.OneConstOf(alphabet...)})
}

// TestStateMachineModel runs the machine against smModel for every role.
func TestStateMachineModel(t *testing.T) {
	for _, r := range sm.Roles {
		t.Run(r.String(), func(t *testing.T) {
			alphabet := smAlphabet(r)
			cmds := &commands.ProtoCommands{
				NewSystemUnderTestFunc: func(commands.State) commands.SystemUnderTest { return sm.New(r) },
				InitialStateGen:        gen.Const(smModel{role: r}),
				GenCommandFunc: func(st commands.State) gopter.Gen {
					return smGenCommand(st.(smModel), alphabet)
				},
			}
			params := gopter.DefaultTestParametersWithSeed(smSeed)
			params.MinSuccessfulTests = 2000
			props := gopter.NewProperties(params)
			props.Property("machine agrees with the model", commands.Prop(cmds))
			props.TestingRun(t)
			if t.Failed() {
				t.Logf("gopter seed %d", smSeed)
			}
		})
	}
}
