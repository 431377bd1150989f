package probe

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/rules"
)

// settingProbes breaks rules by changing the setting (see KindSetting),
// judged by j.
// Each draws a valid exchange, gives its client or server the
// configuration (a parser.Endpoint) under which the exchange is right,
// checks that the message parses valid and that Endpoint.CheckRequest or
// CheckResponse finds nothing, then breaks the rule — by changing the
// message or the configuration — and checks that the check cites the rule
// as the sender's MUST-level fault. Server probes also check that the
// refusal the rule asks for passes under the breaking configuration.
func settingProbes(j settingJudge) []Probe {
	c := func(f settingCheck) func(*rand.Rand) error { return func(r *rand.Rand) error { return f(j, r) } }
	return []Probe{
		// Client configuration (Endpoint.CheckRequest).
		{Name: "browser-without-origin", Rule: rules.RFC6455_4_1_13, Kind: KindSetting, Check: c(probeBrowserWithoutOrigin)},
		{Name: "direct-absolute-form", Rule: rules.RFC9112_3_2_1_1, Kind: KindSetting, Check: c(probeDirectAbsoluteForm)},
		{Name: "te-to-unknown-server", Rule: rules.RFC9112_6_1_2, Kind: KindSetting, Check: c(probeTEToUnknownServer)},
		{Name: "cleartext-without-options-upgrade", Rule: rules.RFC2817_3_2_1, Kind: KindSetting, Check: c(probeCleartextWithoutOptions)},
		{Name: "handshake-for-invalid-uri", Rule: rules.RFC6455_4_1_1, Kind: KindSetting, Check: c(probeURIBroken(rules.RFC6455_4_1_1, setURIBreakAny))},
		{Name: "uri-fragment", Rule: rules.RFC6455_3_1, Kind: KindSetting, Check: c(probeURIBroken(rules.RFC6455_3_1, setURIBreakFragment))},
		{Name: "uri-grammar", Rule: rules.RFC6455_3_G1, Kind: KindSetting, Check: c(probeURIBroken(rules.RFC6455_3_G1, setURIBreakGrammar))},
		{Name: "uri-query-not-carried", Rule: rules.RFC6455_3_2, Kind: KindSetting, Check: c(probeURIQueryNotCarried)},
		{Name: "uri-target-other-resource", Rule: rules.RFC6455_4_1_8, Kind: KindSetting, Check: c(probeURIOtherResource)},
		{Name: "uri-host-other", Rule: rules.RFC6455_4_1_9, Kind: KindSetting, Check: c(probeURIOtherHost)},
		{Name: "deflate-offer-missing", Rule: rules.RFC7692_5_1, Kind: KindSetting, Check: c(probeDeflateOfferMissing)},
		{Name: "deflate-window-not-told", Rule: rules.RFC7692_5_2, Kind: KindSetting, Check: c(probeDeflateWindowNotTold)},

		// Server configuration (Endpoint.CheckResponse).
		{Name: "origin-not-accepted-101", Rule: rules.RFC6455_4_2_2_3, Kind: KindSetting, Check: c(probeOriginNotAccepted)},
		{Name: "resource-not-served-101", Rule: rules.RFC6455_4_2_2_5, Kind: KindSetting, Check: c(probeResourceNotServed)},
		{Name: "fields-over-limit-101", Rule: rules.RFC9110_5_4_1, Kind: KindSetting, Check: c(probeFieldsOverLimit)},
		{Name: "target-over-limit-101", Rule: rules.RFC9112_3_2, Kind: KindSetting, Check: c(probeTargetOverLimit)},
		{Name: "deflate-element-unsupported", Rule: rules.RFC7692_5_3, Kind: KindSetting, Check: c(probeDeflateElementUnsupported)},
		{Name: "deflate-offers-unsupported", Rule: rules.RFC7692_7_2, Kind: KindSetting, Check: c(probeDeflateOffersUnsupported)},
		{Name: "deflate-window-param-unsupported", Rule: rules.RFC7692_7_1_2_1_2, Kind: KindSetting, Check: c(probeDeflateWindowParamUnsupported)},
	}
}

// settingJudge is what the setting probes judge with: the reference's
// Endpoint checks (referenceJudge), or, in a test that shows each probe
// can fail, a judge that errs.
type settingJudge struct {
	request  func(ep *parser.Endpoint, req *parser.Request) parser.Verdict
	response func(ep *parser.Endpoint, req *parser.Request, resp *parser.Response) parser.Verdict
}

// referenceJudge is the reference's Endpoint checks.
func referenceJudge() settingJudge {
	return settingJudge{request: (*parser.Endpoint).CheckRequest, response: (*parser.Endpoint).CheckResponse}
}

// settingCheck is a setting probe's check, judged by j.
type settingCheck func(j settingJudge, r *rand.Rand) error

// setClient checks a client probe: e's request is valid and not caught
// under ep; after brk, CheckRequest cites rule.
func setClient(j settingJudge, rule rules.ID, e handshake.Exchange, ep parser.Endpoint, brk func(*handshake.Exchange, *parser.Endpoint)) error {
	req := parser.ParseRequest(e.Request.Print())
	if !req.Valid(parser.Strict) || !req.Conforming() {
		return fmt.Errorf("the unbroken request is not valid: %+v\n%s", req.Violations, e.Request)
	}
	if v := j.request(&ep, req); len(v.Violations) > 0 {
		return fmt.Errorf("the unbroken request is caught under %+v: %+v\n%s", ep, v.Violations, e.Request)
	}
	brk(&e, &ep)
	req = parser.ParseRequest(e.Request.Print())
	return setCites(rule, j.request(&ep, req), fmt.Sprintf("under %+v\n%s", ep, e.Request))
}

// setServer checks a server probe: e is a valid exchange not caught under
// ep; after brk, CheckResponse cites rule; and, when refusal is not empty,
// the response with that status-line instead is not caught.
func setServer(j settingJudge, rule rules.ID, e handshake.Exchange, ep parser.Endpoint, brk func(*handshake.Exchange, *parser.Endpoint), refusal string) error {
	var p1, p2 parser.Parser
	req := p1.ParseRequest(e.Request.Print())
	resp := p2.ParseResponse(e.Response.Print(), req)
	if !req.Valid(parser.Strict) || !resp.Valid(parser.Strict) || !resp.Switched {
		return fmt.Errorf("the unbroken exchange is not valid: %+v %+v\n%s", req.Violations, resp.Violations, e)
	}
	if v := j.response(&ep, req, resp); len(v.Violations) > 0 {
		return fmt.Errorf("the unbroken exchange is caught under %+v: %+v\n%s", ep, v.Violations, e)
	}
	brk(&e, &ep)
	req = p1.ParseRequest(e.Request.Print())
	resp = p2.ParseResponse(e.Response.Print(), req)
	if err := setCites(rule, j.response(&ep, req, resp), fmt.Sprintf("under %+v\n%s", ep, e)); err != nil {
		return err
	}
	if refusal != "" {
		m := handshake.Message{Start: refusal, Fields: []handshake.Field{{Name: "Content-Length", Lead: " ", Value: "0"}}}
		resp = p2.ParseResponse(m.Print(), req)
		if v := j.response(&ep, req, resp); len(v.Violations) > 0 {
			return fmt.Errorf("the refusal %q is caught under %+v: %+v", refusal, ep, v.Violations)
		}
	}
	return nil
}

// setCites checks that v cites rule as a MUST-level fault of the sender.
func setCites(rule rules.ID, v parser.Verdict, what string) error {
	for _, x := range v.Violations {
		if x.Rule == rule {
			if x.Level != rules.LevelOf(rule) || x.Role != parser.Sender || x.Field == "" || v.Conforming() {
				return fmt.Errorf("cited %+v, with the wrong level, role or field, %s", x, what)
			}
			return nil
		}
	}
	return fmt.Errorf("not caught citing %s: %+v %s", rule, v.Violations, what)
}

// setTarget returns the request-target of m's request-line.
func setTarget(m handshake.Message) string {
	f := strings.Fields(m.Start)
	if len(f) < 3 {
		return ""
	}
	return f[1]
}

// setWithTarget returns m with its request-target replaced.
func setWithTarget(m handshake.Message, t string) handshake.Message {
	f := strings.Fields(m.Start)
	m.Start = f[0] + " " + t + " " + f[2]
	return m
}

// setHost returns the value of m's Host field.
func setHost(m handshake.Message) string {
	if i := m.Index("Host"); i >= 0 {
		return m.Fields[i].Value
	}
	return ""
}

// setDrawWS draws a WebSocket exchange meeting ok, or the last one drawn.
func setDrawWS(r *rand.Rand, ok func(handshake.Exchange) bool) handshake.Exchange {
	var e handshake.Exchange
	for i := 0; i < 200; i++ {
		if e = handshake.NewExchange(r, handshake.WebSocket); ok == nil || ok(e) {
			break
		}
	}
	return e
}

// setURIOf returns a ws or wss URI for which e's request is the handshake:
// Host's host and port, the request-target's resource name.
func setURIOf(r *rand.Rand, e handshake.Exchange) string {
	return handshake.Pick(r, "ws", "wss", "WSS", "Ws") + "://" + setHost(e.Request) + setTarget(e.Request)
}

// Client probes.

func probeBrowserWithoutOrigin(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, nil)
	origin := handshake.Pick(r, "https://app.example.org", "http://example.com", "null")
	if i := e.Request.Index("Origin"); i >= 0 {
		origin = e.Request.Fields[i].Value
	} else {
		e.Request.Fields = append(e.Request.Fields, handshake.NewField(r, "Origin", origin, false))
	}
	ep := parser.Endpoint{Browser: true}
	if handshake.Chance(r, 2) {
		ep.Origin = origin
	}
	return setClient(j, rules.RFC6455_4_1_13, e, ep, func(e *handshake.Exchange, ep *parser.Endpoint) {
		if ep.Origin != "" && handshake.Chance(r, 2) {
			ep.Origin = "https://other.example" // the script's origin is another
			return
		}
		e.Request.Remove("Origin")
	})
}

func probeDirectAbsoluteForm(j settingJudge, r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.Upgrade(r.Intn(int(handshake.NumUpgrades))))
	if !strings.HasPrefix(setTarget(e.Request), "/") {
		e = setDrawWS(r, nil) // OPTIONS * is right for a direct client too
	}
	return setClient(j, rules.RFC9112_3_2_1_1, e, parser.Endpoint{DirectToOrigin: true}, func(e *handshake.Exchange, _ *parser.Endpoint) {
		e.Request = setWithTarget(e.Request, handshake.Pick(r, "http", "https")+"://"+setHost(e.Request)+setTarget(e.Request))
	})
}

func probeTEToUnknownServer(j settingJudge, r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.Upgrade(r.Intn(int(handshake.NumUpgrades))))
	return setClient(j, rules.RFC9112_6_1_2, e, parser.Endpoint{ServerHTTP11Unknown: true}, func(e *handshake.Exchange, _ *parser.Endpoint) {
		e.Request.Fields = append(e.Request.Fields, handshake.NewField(r, "Transfer-Encoding", handshake.Pick(r, "chunked", "gzip, chunked"), false))
	})
}

func probeCleartextWithoutOptions(j settingJudge, r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.TLS)
	e.Request.Start = "OPTIONS * HTTP/1.1"
	return setClient(j, rules.RFC2817_3_2_1, e, parser.Endpoint{CleartextUnacceptable: true}, func(e *handshake.Exchange, _ *parser.Endpoint) {
		switch r.Intn(3) {
		case 0: // RULES.md's bad example: the sensitive request itself asks to upgrade
			e.Request.Start = handshake.Pick(r, "GET", "POST") + " " + handshake.NewTarget(r) + " HTTP/1.1"
		case 1: // an OPTIONS request that does not ask for TLS
			e.Request.Remove("Upgrade")
			e.Request.Remove("Connection")
		default: // another upgrade altogether
			e.Request = handshake.NewExchange(r, handshake.Upgrade(r.Intn(2))).Request
		}
	})
}

// probeURIBroken checks that a client given a URI broken by brk, which
// parser.ParseWebSocketURI refuses citing rule, breaks rule by sending
// its handshake at all.
func probeURIBroken(rule rules.ID, brk func(r *rand.Rand, uri string) string) settingCheck {
	return func(j settingJudge, r *rand.Rand) error {
		e := setDrawWS(r, nil)
		ep := parser.Endpoint{URI: setURIOf(r, e)}
		return setClient(j, rule, e, ep, func(_ *handshake.Exchange, ep *parser.Endpoint) { ep.URI = brk(r, ep.URI) })
	}
}

func setURIBreakFragment(r *rand.Rand, uri string) string {
	return uri + "#" + handshake.Pick(r, "", "x", "top", "%23")
}

func setURIBreakGrammar(r *rand.Rand, uri string) string {
	scheme, rest, _ := strings.Cut(uri, "://")
	switch r.Intn(5) {
	case 0:
		return handshake.Pick(r, "http", "https", "wws", "ws+tls") + "://" + rest
	case 1:
		return scheme + "://" + handshake.Pick(r, "user@", "user:pw@") + rest
	case 2:
		return scheme + ":/" + rest
	case 3:
		return uri + handshake.Pick(r, " ", "<", "\"", "%G0", "%2", "{}")
	}
	i := strings.IndexAny(rest, "/?")
	return scheme + "://" + rest[:i] + ":8o" + rest[i:] // setHost has no port or a port; either way not *DIGIT after the last ':'
}

func setURIBreakAny(r *rand.Rand, uri string) string {
	switch r.Intn(4) {
	case 0:
		return setURIBreakFragment(r, uri)
	case 1:
		return setURIBreakGrammar(r, uri)
	case 2: // an empty host
		scheme, rest, _ := strings.Cut(uri, "://")
		return scheme + ":///" + strings.TrimLeft(rest[strings.IndexAny(rest, "/?"):], "/")
	}
	scheme, rest, _ := strings.Cut(uri, "://")
	i := strings.IndexAny(rest, "/?")
	host := rest[:i]
	if strings.HasSuffix(host, "]") || !strings.Contains(host, ":") {
		host += ":"
	} else {
		host = host[:strings.LastIndexByte(host, ':')+1]
	}
	return scheme + "://" + host + handshake.Pick(r, "65536", "70000", "123456") + rest[i:]
}

func probeURIQueryNotCarried(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, nil)
	ep := parser.Endpoint{URI: setURIOf(r, e)}
	t := setTarget(e.Request)
	path, query, hasQuery := strings.Cut(t, "?")
	if !hasQuery && handshake.Chance(r, 2) {
		ep.URI += "?" // an empty query: the resource name has no "?" (RFC 6455 §3)
	}
	return setClient(j, rules.RFC6455_3_2, e, ep, func(e *handshake.Exchange, ep *parser.Endpoint) {
		switch {
		case hasQuery && query != "": // the query dropped
			e.Request = setWithTarget(e.Request, path)
		case strings.HasSuffix(ep.URI, "?"): // the empty query's "?" kept
			e.Request = setWithTarget(e.Request, t+"?")
		default: // the URI has a query the request-target lacks
			ep.URI += "?" + handshake.Pick(r, "room=1", "x", "a=b&c=%20")
		}
	})
}

func probeURIOtherResource(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, nil)
	return setClient(j, rules.RFC6455_4_1_8, e, parser.Endpoint{URI: setURIOf(r, e)}, func(e *handshake.Exchange, _ *parser.Endpoint) {
		t := setTarget(e.Request)
		switch r.Intn(3) {
		case 0:
			t = handshake.Pick(r, "/other", "/x") + t
		case 1: // paths are case-sensitive
			if len(t) > 1 && 'a' <= t[1] && t[1] <= 'z' {
				t = "/" + strings.ToUpper(t[1:2]) + t[2:]
			} else {
				t = "/Z" + t
			}
		default: // absolute-form naming another host
			t = "http://other.example" + t
		}
		e.Request = setWithTarget(e.Request, t)
	})
}

func probeURIOtherHost(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, nil)
	return setClient(j, rules.RFC6455_4_1_9, e, parser.Endpoint{URI: setURIOf(r, e)}, func(e *handshake.Exchange, _ *parser.Endpoint) {
		h := setHost(e.Request)
		if handshake.Chance(r, 2) {
			h = handshake.Pick(r, "other.example", "example.net", "10.0.0.1") // another host
		} else if strings.HasSuffix(h, "]") || !strings.Contains(h, ":") {
			h += ":" + strconv.Itoa(1024+r.Intn(60000)) // a port the URI does not have
		} else {
			h = h[:strings.LastIndexByte(h, ':')] // the URI's non-default port left out
		}
		e.Request.Set("Host", h)
	})
}

func probeDeflateOfferMissing(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, func(e handshake.Exchange) bool { return len(e.Deflate) > 0 })
	if len(e.Deflate) == 0 {
		e.Request.Fields = append(e.Request.Fields, handshake.NewField(r, "Sec-WebSocket-Extensions", parser.PermessageDeflate, true))
	}
	return setClient(j, rules.RFC7692_5_1, e, parser.Endpoint{OffersDeflate: true}, func(e *handshake.Exchange, _ *parser.Endpoint) {
		e.Request.Remove("Sec-WebSocket-Extensions")
		if handshake.Chance(r, 2) {
			e.Request.Add("Sec-WebSocket-Extensions", handshake.Pick(r, "x-webkit-deflate-frame", "permessage-bzip2", "deflate-frame"))
		}
	})
}

func probeDeflateWindowNotTold(j settingJudge, r *rand.Rand) error {
	e := setDrawWS(r, func(e handshake.Exchange) bool { return len(e.Deflate) > 0 })
	if len(e.Deflate) == 0 {
		e.Deflate = []handshake.DeflateOffer{{}}
	}
	// The client's window, below 15 so that it has something to say; every
	// offer limits the server's window to it.
	bits := 8 + r.Intn(7)
	var elems []string
	for _, o := range e.Deflate {
		o.Params = setWithWindow(o.Params, bits)
		elems = append(elems, o.Format(r))
	}
	e.Request.Set("Sec-WebSocket-Extensions", strings.Join(elems, ", "))
	e.Response.Remove("Sec-WebSocket-Extensions") // the 101 declines: CheckRequest reads the request alone
	return setClient(j, rules.RFC7692_5_2, e, parser.Endpoint{DeflateReceiveWindowBits: bits}, func(e *handshake.Exchange, ep *parser.Endpoint) {
		if bits > 8 && handshake.Chance(r, 3) {
			ep.DeflateReceiveWindowBits = bits - 1 // a smaller window than the offers say
			return
		}
		i := r.Intn(len(elems))
		o := e.Deflate[i]
		if handshake.Chance(r, 2) {
			o.Params = setWithWindow(o.Params, 0) // the window left out: 15 bits
		} else {
			o.Params = setWithWindow(o.Params, bits+1+r.Intn(15-bits))
		}
		elems[i] = o.Format(r)
		e.Request.Set("Sec-WebSocket-Extensions", strings.Join(elems, ", "))
	})
}

// setWithWindow returns params with server_max_window_bits set to bits,
// or removed when bits is 0.
func setWithWindow(params []string, bits int) []string {
	var out []string
	for _, p := range params {
		if !strings.HasPrefix(p, parser.ServerMaxWindowBits) {
			out = append(out, p)
		}
	}
	if bits > 0 {
		out = append(out, parser.ServerMaxWindowBits+"="+strconv.Itoa(bits))
	}
	return out
}
