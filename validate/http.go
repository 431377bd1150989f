package validate

import (
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// HTTPRequest validates a request a Go server already holds. net/http has
// parsed it already, and before any handler runs it repairs some faults,
// which are then not visible here:
//
//   - it joins an obs-fold continuation line to the value before it
//     (RFC9112-5.2-1, AMB-31);
//   - it accepts a bare LF as a line end (STRICT-2);
//   - it drops Content-Length when Transfer-Encoding is present
//     (RFC9112-6.2-1; the body itself stays visible, AMB-23);
//   - it keeps neither the case nor the order of field names.
//
// Others it refuses itself with its own 400, before any handler (so
// without a rule): a NUL or a bare CR, whitespace between a field name and
// its colon, a missing or repeated Host, an empty line before the
// request-line. TestWhatNetHTTPRepairs checks both lists against the Go
// the package is built with. Where the strict view matters, read the head
// from the connection and use RawRequest (Example_rawConnection).
//
// The head is rebuilt from r: the request-line from Method, RequestURI and
// Proto, Host from r.Host, then every header field, names sorted, one line
// per value.
func HTTPRequest(r *http.Request, opts *Options) Result {
	return RawRequest(rebuildHead(r), opts)
}

func rebuildHead(r *http.Request) []byte {
	var b strings.Builder
	uri := r.RequestURI
	if uri == "" && r.URL != nil {
		uri = r.URL.RequestURI()
	}
	proto := r.Proto
	if proto == "" {
		proto = "HTTP/" + strconv.Itoa(r.ProtoMajor) + "." + strconv.Itoa(r.ProtoMinor)
	}
	b.WriteString(r.Method + " " + uri + " " + proto + "\r\n")
	if r.Host != "" || r.ProtoAtLeast(1, 1) {
		b.WriteString("Host: " + r.Host + "\r\n")
	}
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range r.Header[name] {
			b.WriteString(name + ": " + v + "\r\n")
		}
	}
	if r.ContentLength > 0 && r.Header.Get("Content-Length") == "" {
		b.WriteString("Content-Length: " + strconv.FormatInt(r.ContentLength, 10) + "\r\n")
	}
	for _, te := range r.TransferEncoding {
		b.WriteString("Transfer-Encoding: " + te + "\r\n")
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// overLimit returns why a strict validator refuses r for its size alone,
// counting the field lines and octets of the head HTTPRequest would
// rebuild without building it: more field lines than the limit (LIMIT-2)
// or more octets (LIMIT-1), both refused with 431 (RFC 9110 §5.4). It
// returns "" when r is within both, or the options are lenient (LIMIT-n
// are POLICY rules).
func overLimit(r *http.Request, opts *Options) string {
	if !opts.strict() {
		return ""
	}
	maxFields, maxBytes := parser.DefaultMaxFields, parser.DefaultMaxHeadBytes
	if opts != nil && opts.Limits.MaxFields > 0 {
		maxFields = opts.Limits.MaxFields
	}
	if opts != nil && opts.Limits.MaxHeadBytes > 0 {
		maxBytes = opts.Limits.MaxHeadBytes
	}
	uri := r.RequestURI
	if uri == "" && r.URL != nil {
		uri = r.URL.RequestURI()
	}
	fields, size := 0, len(r.Method)+len(uri)+len(r.Proto)+4
	if r.Host != "" || r.ProtoAtLeast(1, 1) {
		fields, size = 1, size+len("Host: \r\n")+len(r.Host)
	}
	for name, vs := range r.Header {
		fields += len(vs)
		for _, v := range vs {
			size += len(name) + len(v) + 4
		}
	}
	fields += len(r.TransferEncoding)
	if r.ContentLength > 0 && r.Header.Get("Content-Length") == "" {
		fields++
	}
	switch {
	case fields > maxFields:
		return string(rules.LIMIT_2) + " (POLICY): more than " + strconv.Itoa(maxFields) + " field lines"
	case size > maxBytes:
		return string(rules.LIMIT_1) + " (POLICY): head is larger than the limit of " + strconv.Itoa(maxBytes) + " octets"
	}
	return ""
}

// MiddlewareOptions tune Middleware.
type MiddlewareOptions struct {
	Options
	// WebSocketOnly answers requests that offer no WebSocket upgrade with
	// 426 Upgrade Required, as a WebSocket-only resource does (AMB-9).
	WebSocketOnly bool
	// Origins lists the origins the resource accepts WebSocket handshakes
	// from, as serialized origins ("https://app.example"), compared
	// exactly but for ASCII case; OriginPatterns lists host patterns
	// (path.Match syntax, e.g. "*.example.com") matched against the
	// origin's host. When either is set, a handshake whose Origin matches
	// neither is refused with 403 (RFC 6455 §4.2.2 step 4, §10.2: the
	// server's defence against pages of other origins). A handshake
	// without Origin, from a client that is not a browser, is accepted.
	Origins        []string
	OriginPatterns []string
	// Logger, when set, is told of every refused handshake, at Info
	// level, with its status and the rule it broke.
	Logger *slog.Logger
}

// Middleware returns a handler that refuses invalid upgrade requests with
// the status the RFCs call for, and passes every other request to next
// untouched. A request is an upgrade request when it carries Upgrade or
// Sec-WebSocket-Key. A refusal is 400; or 426 with Upgrade: websocket,
// Connection: Upgrade and Sec-WebSocket-Version: 13 for an unsupported
// WebSocket version (RFC 6455 §4.2.2, RFC 9110 §15.5.22); or 431 / 505 for
// the limits and the HTTP version. The body names the first rule broken.
//
// A strict middleware counts the field lines and octets of an upgrade
// request first, and refuses one over Options.Limits (431, LIMIT-2 or
// LIMIT-1) without rebuilding and parsing its head. The server in front of
// it bounds the rest: set http.Server's ReadHeaderTimeout (a client that
// never ends its head holds a connection until then) and MaxHeaderBytes.
//
// It judges the request net/http hands it, after the repairs HTTPRequest
// lists: an obs-fold or bare-LF handshake passes here. For the strict
// view, validate the raw head with RawRequest (Example_rawConnection).
func Middleware(next http.Handler, opts *MiddlewareOptions) http.Handler {
	if opts == nil {
		opts = &MiddlewareOptions{}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		upgrade := r.Header.Get("Upgrade") != "" || r.Header.Get("Sec-WebSocket-Key") != ""
		if !upgrade {
			if opts.WebSocketOnly {
				opts.refuse(w, r, 426, "this resource speaks WebSocket only (AMB-9)")
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		if reason := overLimit(r, &opts.Options); reason != "" {
			// Refused on the count alone: the head is never rebuilt.
			opts.refuse(w, r, http.StatusRequestHeaderFieldsTooLarge, reason)
			return
		}
		res := HTTPRequest(r, &opts.Options)
		if !res.Valid {
			first := firstRefusal(res)
			opts.refuse(w, r, res.Status, string(first.Rule)+" ("+first.Level.String()+"): "+first.Message)
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !opts.originAccepted(origin) {
			opts.refuse(w, r, http.StatusForbidden, string(rules.RFC6455_4_2_2_3)+" (MUST): origin "+strconv.Quote(origin)+" is not accepted")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// firstRefusal is the violation that decided the refusal.
func firstRefusal(res Result) *parser.Violation {
	for i := range res.Violations {
		v := &res.Violations[i]
		if v.Status == res.Status && v.Status != 0 {
			return v
		}
	}
	return &res.Violations[0]
}

// originAccepted reports whether a handshake from origin is accepted: no
// origins configured, or a match (RFC 6454 serialized origins; ASCII case
// folded, RFC 6455 §4.2.2).
func (o *MiddlewareOptions) originAccepted(origin string) bool {
	if o.Origins == nil && o.OriginPatterns == nil {
		return true
	}
	for _, a := range o.Origins {
		if strings.EqualFold(a, origin) {
			return true
		}
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	for _, pat := range o.OriginPatterns {
		if ok, _ := path.Match(strings.ToLower(pat), strings.ToLower(u.Hostname())); ok {
			return true
		}
	}
	return false
}

// refuse answers a refused handshake and tells the logger, if any.
func (o *MiddlewareOptions) refuse(w http.ResponseWriter, r *http.Request, status int, reason string) {
	if o.Logger != nil {
		o.Logger.Info("websocket handshake refused", "status", status, "reason", reason, "remote", r.RemoteAddr, "target", r.RequestURI)
	}
	refuse(w, status, reason)
}

func refuse(w http.ResponseWriter, status int, reason string) {
	h := w.Header()
	if status == 0 {
		status = http.StatusBadRequest
	}
	if status == http.StatusUpgradeRequired {
		h.Set("Upgrade", "websocket")
		h.Set("Connection", "Upgrade")
	} else {
		h.Set("Connection", "close")
	}
	if status == http.StatusUpgradeRequired || status == http.StatusBadRequest {
		h.Set("Sec-WebSocket-Version", "13")
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write([]byte(reason + "\n"))
}
