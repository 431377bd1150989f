package suite

import (
	"bytes"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties"
	"github.com/switchyard/switchyard/properties/mutate"
	"github.com/switchyard/switchyard/rules"
)

// MutantSeed fixes the properties mutants the suite adds to its table:
// the same seed always gives the same cases.
const MutantSeed = 6

// MutantRounds is how many times each request mutator appears, each time
// on another generated valid handshake.
const MutantRounds = 2

// Cases returns the whole suite, deterministic: the hand-written table,
// then MutantRounds rounds of properties.Cases(MutantSeed): valid
// WebSocket, h2c and TLS/1.0 upgrades in their legal variety interleaved
// with one-rule mutants. Each case's want is the strict reference's
// decision on its request.
func Cases() []Case {
	n := MutantRounds * (3 + requestMutators()) // a round: a valid websocket, h2c and tls upgrade, then each mutator
	out := make([]Case, 0, len(table)+n)
	for _, r := range table {
		req, body := r.request()
		c := Case{Name: r.group + "/" + r.name, Group: r.group, Rule: r.rule, Request: req, Body: body}
		derive(&c)
		out = append(out, c)
	}
	for _, m := range properties.Cases(MutantSeed, n) {
		group, _, _ := strings.Cut(m.Name, "/")
		if m.Rule == "" {
			group = "valid-generated"
		}
		c := Case{Name: "generated/" + m.Name, Group: group, Rule: m.Rule, Request: m.Request}
		c.Body = bodyFor(m.Request)
		derive(&c)
		out = append(out, c)
	}
	return out
}

// request builds the row's raw head and body.
func (r row) request() (head, body []byte) {
	if r.raw != "" {
		return []byte(r.raw), []byte(r.body)
	}
	lines := append([]string(nil), baseRequest...)
	if r.start != "" {
		lines[0] = r.start
	}
	for _, name := range r.del {
		kept := lines[:1]
		for _, l := range lines[1:] {
			if n, _, _ := strings.Cut(l, ":"); !strings.EqualFold(n, name) {
				kept = append(kept, l)
			}
		}
		lines = kept
	}
	for _, s := range r.set {
		name, _, _ := strings.Cut(s, ":")
		i := 1
		for ; i < len(lines); i++ {
			if n, _, _ := strings.Cut(lines[i], ":"); strings.EqualFold(n, name) {
				lines[i] = s
				break
			}
		}
		if i == len(lines) {
			lines = append(lines, s)
		}
	}
	lines = append(lines, r.add...)
	return []byte(strings.Join(lines, "\r\n") + "\r\n\r\n"), []byte(r.body)
}

// bodyFor returns a body matching what a generated head announces, so
// that a server waiting for the body is not taken for one that hangs: a
// Content-Length's worth of octets, or an empty chunked body.
func bodyFor(head []byte) []byte {
	r := parser.ParseRequest(head)
	switch {
	case r.TransferEncoding:
		return []byte("0\r\n\r\n")
	case r.ContentLength > 0 && r.ContentLength <= 1<<16:
		return bytes.Repeat([]byte("x"), int(r.ContentLength))
	}
	return nil
}

// derive sets the case's want from the strict reference's reading of its
// request (with the placeholders filled in), and the rule's level.
func derive(c *Case) {
	c.Level = rules.LevelOf(c.Rule)
	r := parser.ParseRequest(Bind(c.Request, "example.com", "/chat"))
	c.Status = r.RefusalStatus(parser.Strict)
	if x := r.Verdict.First(parser.Strict); x != nil {
		c.Because = x.Rule
	}
	switch {
	case r.WebSocket.Offered && switchable(r, "websocket") && r.Verdict.Conforming():
		c.Want = Switch
	case r.WebSocket.Offered && switchable(r, "websocket"):
		// The client broke a MUST that the recipient tolerates: the
		// reference switches, but refusing is permitted.
		c.Want = Either
	case r.WebSocket.Offered:
		c.Want = Refuse
		c.Strict = r.Verdict.Valid(parser.Lenient)
	case len(r.Switchable) > 0 && r.Verdict.Valid(parser.Strict):
		c.Want = Either
	default:
		c.Want = NoSwitch
		c.Strict = r.Verdict.Valid(parser.Lenient) && !r.Verdict.Valid(parser.Strict)
	}
	if c.Rule == "" {
		// A generated valid handshake is about the server's duty to
		// accept it.
		c.Rule, c.Level = rules.RFC6455_4_2_1_2, rules.LevelOf(rules.RFC6455_4_2_1_2)
		if !r.WebSocket.Offered {
			c.Rule, c.Level = rules.RFC9110_7_8_6, rules.LevelOf(rules.RFC9110_7_8_6)
		}
	}
}

func switchable(r *parser.Request, name string) bool {
	for _, p := range r.Switchable {
		if strings.EqualFold(string(p.Name), name) {
			return true
		}
	}
	return false
}

// Bind fills a request's placeholders in: HostPlaceholder with host
// ("HOST:PORT") and PathPlaceholder with path ("/" when empty).
func Bind(req []byte, host, path string) []byte {
	if path == "" {
		path = "/"
	}
	out := bytes.ReplaceAll(req, []byte(HostPlaceholder), []byte(host))
	return bytes.ReplaceAll(out, []byte(PathPlaceholder), []byte(path))
}

func requestMutators() int {
	n := 0
	for _, m := range mutate.Mutators() {
		if !m.Response {
			n++
		}
	}
	return n
}
