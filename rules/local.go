package rules

// Local rules: decisions Switchyard needs that the catalogue does not number.
// The LIMIT and PROXY rules are Policy: they go beyond the RFC text, and
// reports say so; the RFC text they rest on is named in each. The others
// are RFC sentences the catalogue left out, at their RFC level, numbered
// after the catalogue's rules of the same section.
const (
	// Resource limits (RFC 9110 §2.3 asks recipients to use bounded buffers;
	// RFC 9110 §5.4 and RFC 6585 §5 give 431 for an oversized header section).
	LIMIT_1 ID = "LIMIT-1" // head larger than the configured maximum
	LIMIT_2 ID = "LIMIT-2" // more field lines than the configured maximum
	LIMIT_3 ID = "LIMIT-3" // more list elements in one field than the configured maximum
	LIMIT_4 ID = "LIMIT-4" // more extension parameters than the configured maximum

	// Intermediary policy for the upgrade (the state machine cites these
	// where RFC 9110 §7.8 and RFC 9112 §6.3 say what a 101 means but not
	// when a proxy may become a tunnel).
	PROXY_1 ID = "PROXY-1" // tunnel only after a 101 that answers the upgrade offered in the request forwarded
	PROXY_2 ID = "PROXY-2" // never tunnel after a final status (426, 2xx, 4xx, ...), nor forward one as a 101
	PROXY_3 ID = "PROXY-3" // never tunnel on a 101 for a protocol the client did not ask for
	PROXY_4 ID = "PROXY-4" // no reuse of a backend connection after a refused upgrade whose request had a body
	PROXY_5 ID = "PROXY-5" // octets received before a refused 101 are never forwarded as HTTP: close
	PROXY_6 ID = "PROXY-6" // octets received before an accepted 101 are tunnelled after it, in order, never dropped

	// RFC 9112 §6.1: a server MUST close the connection after responding
	// to a request with both Transfer-Encoding and Content-Length.
	RFC9112_6_1_5 ID = "RFC9112-6.1-5"
)

// local holds the local rules, in the order listings print them.
var local = [...]Rule{
	{ID: LIMIT_1, Level: Policy, Keyword: "LIMIT", Subject: "recipient", Section: "RFC 9110 §2.3, §5.4", Part: "local",
		Summary: "A message head larger than the configured limit is refused (431 for a request).",
		Text:    "A recipient uses bounded buffers (RFC 9110 §2.3). Switchyard refuses a head of more than Limits.MaxHeadBytes octets, with 431 Request Header Fields Too Large for a request (RFC 9110 §5.4 requires a 4xx)."},
	{ID: LIMIT_2, Level: Policy, Keyword: "LIMIT", Subject: "recipient", Section: "RFC 9110 §2.3, §5.4", Part: "local",
		Summary: "A message head with more field lines than the configured limit is refused (431 for a request).",
		Text:    "Switchyard refuses a head with more than Limits.MaxFields field lines, with 431 for a request."},
	{ID: LIMIT_3, Level: Policy, Keyword: "LIMIT", Subject: "recipient", Section: "RFC 9110 §2.3, §5.6.1.2", Part: "local",
		Summary: "A list field with more elements than the configured limit is refused.",
		Text:    "RFC 9110 §5.6.1.2 asks recipients to accept a reasonable number of empty elements; Switchyard counts all elements, empty or not, and refuses a field with more than Limits.MaxListElements."},
	{ID: LIMIT_4, Level: Policy, Keyword: "LIMIT", Subject: "recipient", Section: "RFC 9110 §2.3", Part: "local",
		Summary: "An extension with more parameters than the configured limit is refused.",
		Text:    "Switchyard refuses a Sec-WebSocket-Extensions element with more than Limits.MaxExtensionParams parameters."},
	{ID: PROXY_1, Level: Policy, Keyword: "PROXY", Subject: "intermediary", Section: "RFC 9110 §7.8, §15.2.2; RFC 9112 §6.3", Part: "local",
		Summary: "An intermediary starts tunnelling only after a valid 101 that answers an upgrade offered in the request it forwarded.",
		Text:    "Switchyard policy: the RFCs say that after a 101 every octet belongs to the new protocol (RFC 9112 §6.3) and that a server switches only to a protocol the request offered (RFC 9110 §7.8), but not when an intermediary may stop parsing HTTP. Switchyard requires a 101 that passes the parser's checks against the request the intermediary forwarded; before it, and without it, the connection is HTTP and every octet is parsed as such."},
	{ID: PROXY_2, Level: Policy, Keyword: "PROXY", Subject: "intermediary", Section: "RFC 9110 §7.8, §15.5.22; RFC 6455 §4.1", Part: "local",
		Summary: "An intermediary never tunnels after a final status (426, 200, 4xx, ...), and never forwards one to the client as a 101.",
		Text:    "Switchyard policy: any status other than 101 leaves the connection in HTTP (RFC 9110 §7.8; RFC 6455 §4.1: the connection is not established). A proxy that tunnels after a 426, 200 or 4xx lets the client smuggle octets to the server that no HTTP parser has seen."},
	{ID: PROXY_3, Level: Policy, Keyword: "PROXY", Subject: "intermediary", Section: "RFC 9110 §7.8", Part: "local",
		Summary: "An intermediary never tunnels on a 101 for a protocol the client's own request did not offer.",
		Text:    "Switchyard policy: a server MUST NOT switch to a protocol the request did not name (RFC 9110 §7.8); when a proxy itself adds or changes the offer it forwards, a 101 answers the proxy, not the client, and the proxy must not turn the client's connection into a tunnel on it."},
	{ID: PROXY_4, Level: Policy, Keyword: "PROXY", Subject: "intermediary", Section: "RFC 9110 §7.8; RFC 9112 §9.3", Part: "local",
		Summary: "An intermediary does not reuse a backend connection after a refused upgrade whose request had a body.",
		Text:    "Switchyard policy: whether a server reads an upgrade request's body as HTTP or as the start of the new protocol is where implementations differ (RFC 9110 §7.8 lets the switch happen only after the complete request); after a refusal the two ends may disagree about where the next request starts, so the backend connection is closed, not reused (RFC 9112 §9.3 lets either side close)."},
	{ID: PROXY_5, Level: Policy, Keyword: "PROXY", Subject: "intermediary", Section: "RFC 6455 §4.1; RFC 9110 §7.8", Part: "local",
		Summary: "Octets a client sends behind an upgrade request before the 101 are held; if the upgrade is refused they are never forwarded as HTTP, and the connection closes.",
		Text:    "Switchyard policy, the intermediary's side of AMB-24: such octets are either premature new-protocol data (a WebSocket client MUST wait, RFC 6455 §4.1) or pipelined HTTP; forwarding them as HTTP after a refusal lets frames be parsed as requests, so the intermediary closes instead."},
	{ID: PROXY_6, Level: Policy, Keyword: "PROXY", Subject: "intermediary", Section: "RFC 6455 §4.1; RFC 9110 §7.8; RFC 9112 §6.3", Part: "local",
		Summary: "Octets a client sends behind an upgrade request before the 101 are, once the 101 is relayed, tunnelled to the server in order; never dropped.",
		Text:    "Switchyard policy, the accepted side of PROXY-5: the client broke its own duty to wait for the 101 (RFC 6455 §4.1), so no RFC says what an intermediary does with such octets; but once it relays a 101 every later octet belongs to the new protocol (RFC 9112 §6.3), and dropping the early ones silently corrupts the new protocol's stream."},
	{ID: RFC9112_6_1_5, Level: Must, Keyword: "MUST", Subject: "server", Section: "RFC 9112 §6.1", Part: "E",
		Summary: "MUST (server): close the connection after responding to a request that has both Transfer-Encoding and Content-Length; so never switch protocols on it.",
		Text:    "RFC 9112 §6.1: \"A server MAY reject a request that contains both Content-Length and Transfer-Encoding or process such a request in accordance with the Transfer-Encoding alone. Regardless, the server MUST close the connection after responding to such a request to avoid the potential attacks.\" A 101 keeps the connection open for the new protocol, so a server that switches on such a request breaks this MUST. The catalogue's RFC9112-6.1-3 states only the MAY."},
}
