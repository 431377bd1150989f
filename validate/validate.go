// Package validate is Switchyard's importable strict validator for the
// HTTP/1.1 upgrade mechanism: a small API over package parser for the places
// a Go program meets a handshake — raw request bytes (proxies, raw-socket
// servers), an *http.Request a server already holds, a response with the
// request it answers (clients), and an http.Handler middleware.
//
// Strict by default: Switchyard's POLICY rules refuse what the RFCs let a
// recipient tolerate. Set Options.Lenient to refuse only what an RFC MUST
// obliges the recipient to refuse.
package validate

import (
	"github.com/switchyard/switchyard/parser"
)

// Options tune validation. The zero value is strict with default limits.
type Options struct {
	// Lenient refuses only MUST-level faults that oblige the recipient to
	// refuse; POLICY faults (obs-fold, bare LF, non-canonical keys, ...)
	// are then reported but tolerated.
	Lenient bool
	// Limits bound each message; zero fields mean parser's defaults.
	Limits parser.Limits
}

// Result is the judgement of one message.
type Result struct {
	// Valid reports whether the recipient may accept the message.
	Valid bool
	// Conforming reports whether its sender broke no MUST-level rule.
	Conforming bool
	// Status is, for an invalid request, the status to refuse it with
	// (400, 426, 431 or 505); 0 otherwise.
	Status int
	// Protocols lists, for a request, the offered protocols a server may
	// switch to; for a response, the protocols it switched to.
	Protocols []string
	// Violations lists every rule broken; Warnings lists notes that break
	// none. Both cite catalogue rule IDs.
	Violations []parser.Violation
	Warnings   []parser.Violation
}

func (o *Options) strict() bool { return o == nil || !o.Lenient }

func (o *Options) parser() *parser.Parser {
	p := &parser.Parser{}
	if o != nil {
		p.Limits = o.Limits
	}
	return p
}

// result copies what a verdict says out of the parser's buffers.
func result(v *parser.Verdict, strict bool, protos []parser.Protocol, isRequest bool) Result {
	res := Result{
		Valid:      v.Valid(strict),
		Conforming: v.Conforming(),
		Violations: append([]parser.Violation(nil), v.Violations...),
		Warnings:   append([]parser.Violation(nil), v.Warnings...),
	}
	if isRequest {
		res.Status = v.RefusalStatus(strict)
	}
	for _, p := range protos {
		res.Protocols = append(res.Protocols, p.String())
	}
	return res
}

// RawRequest validates a request head given as the bytes received, exactly
// as they came (CRLF, bare LF, NUL and obs-fold are judged, not hidden).
func RawRequest(head []byte, opts *Options) Result {
	req := opts.parser().ParseRequest(head)
	return result(&req.Verdict, opts.strict(), req.Switchable, true)
}

// RawResponse validates a response head against the raw request head it
// answers (nil when unknown): the client's side of the handshake.
func RawResponse(head, requestHead []byte, opts *Options) Result {
	var req *parser.Request
	if requestHead != nil {
		req = opts.parser().ParseRequest(requestHead)
	}
	resp := opts.parser().ParseResponse(head, req)
	var protos []parser.Protocol
	if resp.Switched {
		protos = resp.Upgrade
	}
	return result(&resp.Verdict, opts.strict(), protos, false)
}
