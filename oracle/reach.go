package oracle

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties"
)

// ReachCount is how many cases reach one target (a legal variation of
// properties.Targets): Valid counts those the reference accepts, Refused
// the others.
type ReachCount struct {
	Valid, Refused int
}

// Reach reads every case and counts, for each target of
// properties.Targets, the cases whose message shows that variation: a
// request (server case) for a request target, a 101 (client case,
// rendered for ReferenceRequest) for a response target. It looks at the
// octets, not at the case's name or label, so it counts a variation
// wherever it occurs: in the hand-written variants, the corpus, the
// generated cases. A case is Valid when the reference accepts it — a
// server case it does not refuse (an HTTP/1.0 request for h2c or TLS/1.0
// is valid and not switched), a client case it opens on. Every target is
// in the map, with zero counts when no case reaches it.
func Reach(cases []Case) map[properties.Target]ReachCount {
	out := map[properties.Target]ReachCount{}
	index := map[string]properties.Target{}
	for _, t := range properties.Targets() {
		out[t] = ReachCount{}
		index[reachKey(t.Response, t.Field, t.Kind, t.Upgrade)] = t
	}
	var refReq *parser.Request
	for _, c := range cases {
		msg, resp := c.Message, c.Side == ClientSide
		var valid bool
		if resp {
			if refReq == nil {
				refReq = parser.ParseRequest([]byte(ReferenceRequest))
			}
			msg = Render(msg, refReq)
			valid = parser.ParseResponse(msg, refReq).Valid(parser.Strict)
		} else {
			if n := parser.HeadEnd(msg); n >= 0 {
				msg = msg[:n]
			}
			valid = parser.ParseRequest(msg).Valid(parser.Strict)
		}
		for _, key := range reachedBy(msg, resp) {
			t, ok := index[key]
			if !ok {
				continue
			}
			n := out[t]
			if valid {
				n.Valid++
			} else {
				n.Refused++
			}
			out[t] = n
		}
	}
	return out
}

func reachKey(resp bool, field, kind string, u properties.Upgrade) string {
	if kind != properties.KindHTTP10 {
		u = properties.WebSocket
	}
	return fmt.Sprint(resp, "|", strings.ToLower(field), "|", kind, "|", u)
}

// headLine is one field line: its name as sent and its value without
// the OWS around it.
type headLine struct{ name, value string }

// splitHead returns the start-line and the field lines of a head, CRLF
// or bare LF; continuation lines and lines without a colon are skipped.
func splitHead(msg []byte) (start string, lines []headLine) {
	for i, l := range bytes.Split(msg, []byte("\n")) {
		s := strings.TrimSuffix(string(l), "\r")
		if i == 0 {
			start = s
			continue
		}
		if s == "" {
			break
		}
		name, value, ok := strings.Cut(s, ":")
		if !ok || s[0] == ' ' || s[0] == '\t' {
			continue
		}
		lines = append(lines, headLine{name, strings.Trim(value, " \t")})
	}
	return start, lines
}

// reachedBy returns the keys (reachKey) of the variations msg shows.
func reachedBy(msg []byte, resp bool) []string {
	start, lines := splitHead(msg)
	var keys []string
	add := func(field, kind string, u properties.Upgrade) {
		keys = append(keys, reachKey(resp, field, kind, u))
	}
	byName := map[string][]headLine{}
	for _, l := range lines {
		n := strings.ToLower(strings.TrimRight(l.name, " \t"))
		byName[n] = append(byName[n], l)
	}
	for _, field := range []string{"connection", "upgrade", "sec-websocket-protocol", "sec-websocket-extensions", "sec-websocket-version"} {
		ls := byName[field]
		if len(ls) == 0 {
			continue
		}
		if len(ls) > 1 {
			add(field, properties.KindSplitLines, 0)
		}
		var ows, htab, empty, cased, near bool
		for _, l := range ls {
			o, h := commaSpace(l.value)
			ows, htab = ows || o, htab || h
			els := strings.Split(l.value, ",")
			for _, el := range els {
				el = strings.Trim(el, " \t")
				empty = empty || el == "" && len(els) > 1
				c, n := caseAndNear(field, el)
				cased, near = cased || c, near || n
			}
			cased = cased || field == "sec-websocket-version" && l.name != "Sec-WebSocket-Version"
		}
		for kind, ok := range map[string]bool{properties.KindOWSCommas: ows, properties.KindHTABCommas: htab,
			properties.KindEmptyElements: empty, properties.KindCase: cased, properties.KindNearName: near} {
			if ok {
				add(field, kind, 0)
			}
		}
	}
	if !resp && strings.HasSuffix(start, " HTTP/1.0") {
		for _, l := range byName["upgrade"] {
			for _, el := range strings.Split(l.value, ",") {
				switch strings.ToLower(strings.Trim(el, " \t")) {
				case "websocket":
					add(properties.RequestLine, properties.KindHTTP10, properties.WebSocket)
				case "h2c":
					add(properties.RequestLine, properties.KindHTTP10, properties.H2C)
				case "tls/1.0":
					add(properties.RequestLine, properties.KindHTTP10, properties.TLS)
				}
			}
		}
	}
	return keys
}

// commaSpace reports whether whitespace next to a comma of v departs from
// the plain ", " or ",": spaces before a comma that follows an element,
// or more than one after it (ows), or a tab on either side (htab).
// Whitespace between two commas, around an empty element, counts only
// when it holds a tab or more than one space.
func commaSpace(v string) (ows, htab bool) {
	for i := 0; i < len(v); {
		if v[i] != ' ' && v[i] != '\t' {
			i++
			continue
		}
		j := i
		for j < len(v) && (v[j] == ' ' || v[j] == '\t') {
			j++
		}
		run := v[i:j]
		afterComma := i > 0 && v[i-1] == ','
		beforeComma := j < len(v) && v[j] == ','
		if afterComma || beforeComma {
			switch {
			case strings.Contains(run, "\t"):
				htab = true
			case len(run) > 1 || beforeComma && !afterComma:
				ows = true
			}
		}
		i = j
	}
	return ows, htab
}

// Known spellings: the case variations and near names are departures
// from them.
var (
	knownConnection = map[string]string{"upgrade": "Upgrade", "keep-alive": "keep-alive", "close": "close", "http2-settings": "HTTP2-Settings"}
	knownUpgrade    = map[string]string{"websocket": "websocket", "h2c": "h2c", "tls/1.0": "TLS/1.0", "http/1.1": "HTTP/1.1"}
	knownDeflate    = []string{parser.PermessageDeflate, parser.ServerNoContextTakeover, parser.ClientNoContextTakeover,
		parser.ServerMaxWindowBits, parser.ClientMaxWindowBits}
)

// caseAndNear reports whether the list element el of field is a known
// token in another case, and whether it is a name near a known one but
// not it: a subprotocol near chat or superchat, an extension near
// permessage-deflate.
func caseAndNear(field, el string) (cased, near bool) {
	lower := strings.ToLower(el)
	switch field {
	case "connection":
		c, ok := knownConnection[lower]
		return ok && c != el, false
	case "upgrade":
		c, ok := knownUpgrade[lower]
		return ok && c != el, false
	case "sec-websocket-protocol":
		for _, k := range []string{"chat", "superchat"} {
			if lower == k {
				return el != k, false
			}
		}
		return false, lower != "chat" && lower != "superchat" &&
			(editDistance(lower, "chat") <= 2 || editDistance(lower, "superchat") <= 2 || strings.Contains(lower, "chat"))
	case "sec-websocket-extensions":
		parts := strings.Split(el, ";")
		for _, p := range parts {
			n, _, _ := strings.Cut(p, "=")
			n = strings.Trim(n, " \t")
			for _, k := range knownDeflate {
				cased = cased || strings.EqualFold(n, k) && n != k
			}
		}
		name := strings.ToLower(strings.Trim(parts[0], " \t"))
		near = name != parser.PermessageDeflate && (editDistance(name, parser.PermessageDeflate) <= 3 || strings.Contains(name, "permessage"))
		return cased, near
	}
	return false, false
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// WriteReach prints the reach table of cases (Reach): one row per target,
// in properties.Targets order, with the rule the variation exercises and
// how many valid and refused cases reach it, then a line with the case
// counts and how many targets no case reaches.
func WriteReach(w io.Writer, cases []Case) {
	reach := Reach(cases)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SIDE\tFIELD\tVARIATION\tRULE\tVALID\tREFUSED")
	unreached := 0
	for _, t := range properties.Targets() {
		side, kind := "request", t.Kind
		if t.Response {
			side = "response"
		}
		if t.Kind == properties.KindHTTP10 {
			kind += " " + t.Upgrade.String()
		}
		n := reach[t]
		if n.Valid+n.Refused == 0 {
			unreached++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\n", side, t.Field, kind, t.Rule, n.Valid, n.Refused)
	}
	tw.Flush()
	var server, client int
	for _, c := range cases {
		if c.Side == ClientSide {
			client++
		} else {
			server++
		}
	}
	fmt.Fprintf(w, "\n%d server cases, %d client cases; %d of %d targets reached by no case\n", server, client, unreached, len(reach))
}
