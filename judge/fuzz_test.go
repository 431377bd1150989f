package judge

import (
	"bytes"
	"testing"
)

// FuzzJudge judges arbitrary exchanges: the judge never panics, every
// violation cites a rule of the blamed side's own role, and the suite's
// outcome follows from the divergences.
func FuzzJudge(f *testing.F) {
	f.Add([]byte(crlf(wsReq+"|")), []byte(crlf(ws101+"|")), byte(0))
	f.Add([]byte(crlf(wsReq+"Sec-WebSocket-Protocol: chat, chat||")), []byte("HTTP/1.1 400 Bad Request\r\n\r\n"), byte(1))
	f.Add([]byte(crlf(h2cReq+"|")), []byte(crlf(h2c101)), byte(2))
	f.Add([]byte(crlf(wsReq+"Expect: 100-continue||")), []byte(crlf(ws101+"|")), byte(3))
	sides := [...]Side{Server, Client, Proxy}
	fates := [...]Fate{Answered, Closed, Hung, Reset, Oversized, Panicked, Open, Failed, NoRequest}
	protocols := [...]string{WebSocket, H2C, TLS}
	f.Fuzz(func(t *testing.T, req, reply []byte, sel byte) {
		o := Observation{
			Side:     sides[int(sel)%len(sides)],
			Protocol: protocols[int(sel>>2)%len(protocols)],
			Fate:     fates[int(sel>>4)%len(fates)],
			Request:  req,
			Reply:    reply,
		}
		if i := bytes.Index(reply, []byte("\r\n\r\n")); i >= 0 && sel&1 == 1 {
			o.Interim = [][]byte{reply[:i+4]} // the first head, seen as an interim one too
		}
		if o.Side == Proxy {
			o.Proxy = &ProxyWire{Forwarded: req, Backend: reply, Tunnel: sel&2 == 2}
		}
		j := Judge(o)
		for _, d := range j.Divergences {
			if d.Class == Violation && !Binds(d.Rule, d.Blamed) {
				t.Errorf("violation of %s, which does not bind a %s: %s", d.Rule, d.Blamed, d.Summary)
			}
			if d.Rule == "" {
				t.Errorf("%s divergence cites no rule: %s", d.Class, d.Summary)
			}
		}
		out, _, _ := j.Outcome("")
		if w := j.Worst(); (w == nil) != (out == Pass || out == Informational) {
			t.Errorf("outcome %s with worst divergence %v", out, w)
		}
	})
}
