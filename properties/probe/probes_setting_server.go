package probe

import (
	"math/rand"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/rules"
)

// The server probes of settingProbes (probes_setting.go): a 101 judged by
// Endpoint.CheckResponse under what the server serves and supports.

func probeOriginNotAccepted(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, nil)
	origin := "https://app.example.org"
	if i := e.Request.Index("Origin"); i >= 0 {
		origin = e.Request.Fields[i].Value
	} else {
		e.Request.Fields = append(e.Request.Fields, handshake.NewField(r, "Origin", origin, true))
	}
	ep := parser.Endpoint{Origins: []string{"https://trusted.example", handshake.Casing(r, origin)}}
	return setServer(j, rules.RFC6455_4_2_2_3, e, ep, func(_ *handshake.Exchange, ep *parser.Endpoint) {
		ep.Origins = ep.Origins[:1]
	}, "HTTP/1.1 403 Forbidden")
}

func probeResourceNotServed(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, nil)
	path, _, _ := strings.Cut(setTarget(e.Request), "?")
	ep := parser.Endpoint{Resources: []string{"/elsewhere", path}}
	return setServer(j, rules.RFC6455_4_2_2_5, e, ep, func(e *handshake.Exchange, ep *parser.Endpoint) {
		if handshake.Chance(r, 2) {
			ep.Resources = ep.Resources[:1]
		} else {
			e.Request = setWithTarget(e.Request, "/not-served"+setTarget(e.Request))
		}
	}, "HTTP/1.1 404 Not Found")
}

func probeFieldsOverLimit(j settingJudge, r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.Upgrade(r.Intn(int(handshake.NumUpgrades))))
	req := parser.ParseRequest(e.Request.Print())
	line, fs := 0, req.Fields
	for i := range fs {
		line = max(line, fs[i].End-fs[i].Offset)
	}
	section := fs[len(fs)-1].End - fs[0].Offset
	ep := parser.Endpoint{MaxFieldLine: line, MaxFieldSection: section}
	return setServer(j, rules.RFC9110_5_4_1, e, ep, func(e *handshake.Exchange, ep *parser.Endpoint) {
		switch r.Intn(3) {
		case 0:
			ep.MaxFieldLine--
		case 1:
			ep.MaxFieldSection--
		default: // a field line longer than the server processes
			e.Request.Fields = append(e.Request.Fields, handshake.NewField(r, "Cookie", "c="+strings.Repeat("x", ep.MaxFieldLine), true))
		}
	}, "HTTP/1.1 "+handshake.Pick(r, "431 Request Header Fields Too Large", "400 Bad Request"))
}

func probeTargetOverLimit(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, nil)
	ep := parser.Endpoint{MaxTarget: len(setTarget(e.Request)) + r.Intn(3)}
	return setServer(j, rules.RFC9112_3_2, e, ep, func(e *handshake.Exchange, ep *parser.Endpoint) {
		if t := setTarget(e.Request); len(t) > 1 && handshake.Chance(r, 2) {
			ep.MaxTarget = len(t) - 1
		} else {
			e.Request = setWithTarget(e.Request, setTarget(e.Request)+"?pad="+strings.Repeat("a", ep.MaxTarget))
		}
	}, "HTTP/1.1 414 URI Too Long")
}

// setDeflateExchange draws a WebSocket exchange whose 101 accepts
// permessage-deflate, and returns its parsed offers and accepted element.
func setDeflateExchange(r *rand.Rand) (handshake.Exchange, []parser.Extension, parser.Extension) {
	for try := 0; ; try++ {
		e := setDrawWS(r, func(e handshake.Exchange) bool { return e.Response.Index("Sec-WebSocket-Extensions") >= 0 })
		var p1, p2 parser.Parser
		req := p1.ParseRequest(e.Request.Print())
		resp := p2.ParseResponse(e.Response.Print(), req)
		var offers []parser.Extension
		for _, x := range req.WebSocket.Extensions {
			if string(x.Name) == parser.PermessageDeflate {
				offers = append(offers, setCloneExt(x))
			}
		}
		if len(resp.Extensions) == 1 && len(offers) > 0 {
			return e, offers, setCloneExt(resp.Extensions[0])
		}
		if try == 100 { // not expected: the generator accepts an offer one time in three
			e.Request.Set("Sec-WebSocket-Extensions", parser.PermessageDeflate)
			e.Response.Set("Sec-WebSocket-Extensions", parser.PermessageDeflate)
		}
	}
}

// setCloneExt copies x out of the parser's buffers.
func setCloneExt(x parser.Extension) parser.Extension {
	x.Name = append([]byte(nil), x.Name...)
	ps := make([]parser.Param, len(x.Params))
	for i, p := range x.Params {
		p.Name = append([]byte(nil), p.Name...)
		p.Value = append([]byte(nil), p.Value...)
		ps[i] = p
	}
	x.Params = ps
	return x
}

// setWindowBits returns the value of x's parameter name, or 0.
func setWindowBits(x *parser.Extension, name string) int {
	if p := x.Param(name); p != nil {
		n, _ := strconv.Atoi(string(p.Value))
		return n
	}
	return 0
}

// setSupportFor returns a DeflateSupport under which the accepted element
// is supported — and so is the offer it accepts: an offer's
// server_no_context_takeover must be echoed (RFC 7692 §7.1.1.1), its
// server_max_window_bits echoed with the same or a smaller value (§7.1.2.1).
func setSupportFor(r *rand.Rand, acc *parser.Extension) *parser.DeflateSupport {
	s := &parser.DeflateSupport{ServerNoContextTakeover: acc.Param(parser.ServerNoContextTakeover) != nil || handshake.Chance(r, 2)}
	if m := setWindowBits(acc, parser.ServerMaxWindowBits); m > 0 {
		s.MinServerWindowBits = 8 + r.Intn(m-7)
	} else if handshake.Chance(r, 2) {
		s.MinServerWindowBits = 8 + r.Intn(8)
	}
	return s
}

func probeDeflateElementUnsupported(j settingJudge, r *rand.Rand) error {
	e, _, acc := setDeflateExchange(r)
	return setServer(j, rules.RFC7692_5_3, e, parser.Endpoint{Deflate: setSupportFor(r, &acc)}, func(_ *handshake.Exchange, ep *parser.Endpoint) {
		s := *ep.Deflate
		switch m := setWindowBits(&acc, parser.ServerMaxWindowBits); {
		case acc.Param(parser.ServerNoContextTakeover) != nil && handshake.Chance(r, 2):
			s.ServerNoContextTakeover = false
		case m > 0 && m < 15 && handshake.Chance(r, 2):
			s.MinServerWindowBits = m + 1
		case m > 0:
			s.MinServerWindowBits = 0
		default:
			s.Disabled = true
		}
		ep.Deflate = &s
	}, "")
}

func probeDeflateOffersUnsupported(j settingJudge, r *rand.Rand) error {
	e, offers, acc := setDeflateExchange(r)
	return setServer(j, rules.RFC7692_7_2, e, parser.Endpoint{Deflate: setSupportFor(r, &acc)}, func(_ *handshake.Exchange, ep *parser.Endpoint) {
		s := *ep.Deflate
		allNoCtx, allWindow, maxWindow := true, true, 0
		for i := range offers {
			allNoCtx = allNoCtx && offers[i].Param(parser.ServerNoContextTakeover) != nil
			w := setWindowBits(&offers[i], parser.ServerMaxWindowBits)
			allWindow = allWindow && w > 0
			maxWindow = max(maxWindow, w)
		}
		switch {
		case allNoCtx && handshake.Chance(r, 2):
			s.ServerNoContextTakeover = false
		case allWindow && maxWindow < 15 && handshake.Chance(r, 2):
			s.MinServerWindowBits = maxWindow + 1 // smaller windows than the server supports
		case allWindow && handshake.Chance(r, 2):
			s.MinServerWindowBits = 0 // the parameter is not supported
		default:
			s.Disabled = true
		}
		ep.Deflate = &s
	}, "")
}

func probeDeflateWindowParamUnsupported(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, nil)
	n := 8 + r.Intn(8)
	m := 8 + r.Intn(n-7)
	offer := parser.PermessageDeflate + "; " + parser.ServerMaxWindowBits + "=" + strconv.Itoa(n)
	if handshake.Chance(r, 2) {
		offer += "; " + parser.ClientMaxWindowBits
	}
	e.Request.Set("Sec-WebSocket-Extensions", offer)
	e.Response.Set("Sec-WebSocket-Extensions", parser.PermessageDeflate+"; "+parser.ServerMaxWindowBits+"="+strconv.Itoa(m))
	ep := parser.Endpoint{Deflate: &parser.DeflateSupport{MinServerWindowBits: 8 + r.Intn(m-7)}}
	return setServer(j, rules.RFC7692_7_1_2_1_2, e, ep, func(_ *handshake.Exchange, ep *parser.Endpoint) {
		ep.Deflate = &parser.DeflateSupport{ServerNoContextTakeover: handshake.Chance(r, 2)}
	}, "")
}
