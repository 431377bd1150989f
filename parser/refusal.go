package parser

import "github.com/switchyard/switchyard/rules"

// refusalStatus is the status a server answers a request with when it
// refuses it for a rule (Verdict.refuse). A row without a comment is plain
// 400: RFC 9110 §15.5.1 "the server cannot or will not process the request
// due to something that is perceived to be a client error"; for the
// WebSocket handshake RFC 6455 §4.2.1 "return an HTTP response with an
// appropriate error code (such as 400 Bad Request)". A row of another
// status cites the sentence that picks it. TestRefusalStatusTable checks
// that every rule passed to refuse has a row and every row is used.
var refusalStatus = map[rules.ID]int{
	// The head and its lines (RFC 9112 §2-§5, STRICT-2, STRICT-3, AMB-31).
	rules.RFC9112_2_1_G1: 400,
	rules.RFC9112_2_2_3:  400,
	rules.RFC9112_2_3_G1: 400,
	rules.RFC9112_3_G1:   400,
	rules.RFC9112_3_2_G1: 400,
	rules.RFC9112_3_2_1:  400,
	rules.RFC9112_3_2_3:  400,
	rules.RFC9112_5_G1:   400,
	rules.RFC9112_5_1_1:  400,
	rules.RFC9112_5_2_G1: 400,
	rules.RFC9110_5_1_G1: 400,
	rules.STRICT_2:       400,
	rules.STRICT_3:       400,
	rules.AMB_31:         400,
	// AMB-8: RFC 9110 §15.6.6 "The 505 (HTTP Version Not Supported)
	// status code indicates that the server does not support, or refuses
	// to support, the major version of HTTP that was used in the request
	// message."
	rules.AMB_8: 505,

	// Limits: RFC 9110 §5.4 "A server that receives a request header field
	// line, field value, or set of fields larger than it wishes to process
	// MUST respond with an appropriate 4xx (Client Error) status code";
	// RFC 6585 §5 names that 4xx: 431 (Request Header Fields Too Large).
	rules.LIMIT_1: 431,
	rules.LIMIT_2: 431,
	rules.LIMIT_3: 431,

	// Framing (RFC 9112 §6, STRICT-6).
	rules.RFC9112_6_1_G1: 400,
	rules.RFC9112_6_3_2:  400,
	rules.STRICT_6:       400,

	// Upgrade and Connection (AMB-28).
	rules.AMB_28: 400,

	// The WebSocket handshake (RFC 6455 §4.2.1, §4.3; AMB-n; STRICT-G1).
	rules.RFC9112_3_1_1:   400,
	rules.RFC6455_4_2_1_2: 400,
	rules.RFC6455_4_2_1_3: 400,
	rules.RFC6455_4_2_1_4: 400,
	rules.RFC6455_4_2_1_5: 400,
	rules.RFC6455_4_2_1_6: 400,
	// RFC 6455 §4.2.2 /version/ "If this version does not match a version
	// understood by the server, the server MUST abort the WebSocket
	// handshake described in this section and instead send an appropriate
	// HTTP error code (such as 426 Upgrade Required)"; AMB-9 picks 426
	// for a well-formed unsupported version, 400 for a missing one.
	rules.RFC6455_4_2_1_7: 426,
	rules.RFC6455_4_3_G7:  400,
	rules.RFC6455_4_3_G9:  400,
	rules.RFC6455_4_3_G12: 400,
	rules.AMB_3:           400,
	rules.AMB_7:           400,
	rules.AMB_10:          400,
	rules.AMB_12:          400,
	rules.AMB_23:          400,
	rules.AMB_27:          400,
	rules.AMB_35:          400,
	rules.STRICT_G1:       400,
}
