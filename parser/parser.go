package parser

// Parser parses and validates message heads. Its zero value is ready to use
// with the default limits. A Parser reuses its buffers: what one call
// returns stays valid until the next call on the same Parser. A Parser is
// not safe for concurrent use; give each goroutine its own.
type Parser struct {
	// Limits bound each message; zero fields mean the defaults.
	Limits Limits

	limits  Limits
	req     Request
	resp    Response
	scratch []byte // repaired and unescaped values

	protos   []Protocol
	conn     []Token
	subprots []Token
	exts     []Extension
	params   []Param
	spans    []extSpan
	settings []Setting

	// The response side keeps its own lists, so that pairing can read the
	// request's while it parses the response.
	rprotos []Protocol
	rconn   []Token

	// generalOnly turns the fast paths off (fastFields, eachElem's for one
	// element, commonHandshake), so that FuzzFastPath can check that both paths give
	// the same result.
	generalOnly bool
}

// ParseRequest parses and validates one request head. The Request aliases
// b and the Parser's buffers: it is valid until the next call on p and
// while b is unchanged.
func (p *Parser) ParseRequest(b []byte) *Request {
	p.limits = p.Limits.withDefaults()
	r := &p.req
	r.reset()
	if p.parseHead(b, KindRequest, &r.Head, &r.Verdict) && (p.generalOnly || !p.commonHandshake(r)) {
		p.validateRequest(r)
	}
	return r
}

// ParseResponse parses and validates one response head. When req is not
// nil the response is also checked against the request it answers:
// Sec-WebSocket-Accept from the key, the switched protocol, subprotocol and
// extensions among those offered. req must stay valid meanwhile: parse it
// with another Parser, or use it before the next ParseRequest on p.
func (p *Parser) ParseResponse(b []byte, req *Request) *Response {
	p.limits = p.Limits.withDefaults()
	r := &p.resp
	r.reset()
	if p.parseHead(b, KindResponse, &r.Head, &r.Verdict) {
		p.validateResponse(r, req)
	}
	// A response's recipient answers nothing (Violation.Status): the head
	// checks requests and responses share recorded the status a server
	// refuses a request with.
	for i := range r.Violations {
		r.Violations[i].Status = 0
	}
	return r
}

// ParseRequest parses and validates a request head with a new Parser and
// default limits. The result aliases b.
func ParseRequest(b []byte) *Request {
	var p Parser
	return p.ParseRequest(b)
}

// ParseResponse parses and validates a response head, against the request
// it answers when req is not nil, with a new Parser and default limits.
func ParseResponse(b []byte, req *Request) *Response {
	var p Parser
	return p.ParseResponse(b, req)
}
