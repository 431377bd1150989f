package oracle

import (
	"bytes"
	"encoding/base64"
	"io/fs"
	"iter"
	"math/rand/v2"
	"os"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/switchyard/switchyard/corpus"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties"
	"github.com/switchyard/switchyard/rules"
)

// edit is one named change to a WebSocket handshake request: a valid
// variant (its rule is the one that makes it legal) or a mutant that breaks
// exactly one rule.
type edit struct {
	name  string
	rule  rules.ID
	apply func(d *draft, r *rand.Rand)
}

// variants are legal variations of the handshake (RFC 6455 §4.1, RFC 9110
// §5): a server must accept each of them.
var variants = []edit{
	{"lower-names", rules.RFC6455_4_1_26, func(d *draft, _ *rand.Rand) {
		for i := range d.fields {
			d.fields[i][0] = strings.ToLower(d.fields[i][0])
		}
	}},
	{"upper-names", rules.RFC6455_4_1_26, func(d *draft, _ *rand.Rand) {
		for i := range d.fields {
			d.fields[i][0] = strings.ToUpper(d.fields[i][0])
		}
	}},
	{"upgrade-case", rules.RFC6455_4_2_1_4, func(d *draft, _ *rand.Rand) { d.set("Upgrade", "WebSocket") }},
	{"connection-keep-alive", rules.RFC6455_4_2_1_5, func(d *draft, _ *rand.Rand) { d.set("Connection", "keep-alive, Upgrade") }},
	{"connection-lower", rules.RFC6455_4_2_1_5, func(d *draft, _ *rand.Rand) { d.set("Connection", "upgrade") }},
	{"connection-split-lines", rules.RFC9110_5_2_1, func(d *draft, _ *rand.Rand) {
		d.set("Connection", "keep-alive")
		d.add("Connection", "Upgrade")
	}},
	{"ows", rules.RFC9110_5_5_1, addOWS},
	{"empty-list-elements", rules.RFC9110_5_6_1_2_1, func(d *draft, _ *rand.Rand) { d.set("Connection", "keep-alive, , Upgrade") }},
	{"shuffled", rules.RFC9110_5_3_1, shuffleFields},
	{"subprotocols", rules.RFC6455_4_1_15, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Protocol", "chat, superchat") }},
	{"subprotocol-other", rules.RFC6455_4_1_15, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Protocol", "mqtt") }},
	{"subprotocol-split-lines", rules.RFC9110_5_2_1, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Protocol", "superchat")
		d.add("Sec-WebSocket-Protocol", "chat")
	}},
	{"deflate", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
	}},
	{"deflate-server-window", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=10")
	}},
	{"deflate-no-takeover", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
	}},
	{"deflate-two-offers", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=10, permessage-deflate")
	}},
	{"unknown-extension", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Extensions", "x-foo; bar=\"baz\"") }},
	{"origin", rules.RFC6455_4_1_13, func(d *draft, _ *rand.Rand) { d.set("Origin", "http://example.com") }},
	{"extra-fields", rules.RFC6455_4_1_17, func(d *draft, _ *rand.Rand) {
		d.add("User-Agent", "switchyard")
		d.add("Cookie", "a=b")
	}},
	{"absolute-form", rules.RFC6455_4_2_1_2, func(d *draft, _ *rand.Rand) { d.line = "GET http://example.com/chat HTTP/1.1" }},
	{"query", rules.RFC6455_4_2_1_2, func(d *draft, _ *rand.Rand) { d.line = "GET /chat?room=1 HTTP/1.1" }},
	{"upgrade-two-protocols", rules.RFC9110_7_8_1, func(d *draft, _ *rand.Rand) { d.set("Upgrade", "foo/2, websocket") }},
}

// extraMutants break rules that properties' mutators do not reach.
var extraMutants = []edit{
	{"upgrade-h2", rules.RFC7540_3_2_3, func(d *draft, _ *rand.Rand) { d.set("Upgrade", "h2") }},
	{"expect-continue", rules.AMB_35, func(d *draft, _ *rand.Rand) { d.set("Expect", "100-continue") }},
}

// baseRequest is the plain WebSocket handshake of RFC 6455 §1.3 with a
// fresh key.
func baseRequest(r *rand.Rand) *draft {
	var nonce [16]byte
	for i := range nonce {
		nonce[i] = byte(r.Uint32())
	}
	return &draft{line: "GET /chat HTTP/1.1", fields: [][2]string{
		{"Host", "example.com"},
		{"Upgrade", "websocket"},
		{"Connection", "Upgrade"},
		{"Sec-WebSocket-Key", base64.StdEncoding.EncodeToString(nonce[:])},
		{"Sec-WebSocket-Version", "13"},
	}}
}

// CorpusCases reads the captured handshakes in dir (corpus/requests/*.http):
// real requests from real clients and proxies. A missing directory yields
// none.
func CorpusCases(dir string) []Case {
	return corpusCases(os.DirFS(dir), ".")
}

// EmbeddedCorpusCases returns the captured requests embedded in this
// binary (package corpus), the ones corpus/requests holds in the
// repository: fuzzrun finds them from any directory.
func EmbeddedCorpusCases() []Case {
	return corpusCases(corpus.FS, "requests")
}

// corpusCases reads the *.http files of dir in fsys, in name order.
func corpusCases(fsys fs.FS, dir string) []Case {
	files, _ := fs.Glob(fsys, path.Join(dir, "*.http"))
	sort.Strings(files)
	var out []Case
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil || len(b) == 0 {
			continue
		}
		out = append(out, Case{Name: "corpus/" + strings.TrimSuffix(path.Base(f), ".http"), Side: ServerSide, Message: b})
	}
	return out
}

// PlainCase names the first server case: the plain, valid handshake every
// other case varies.
const PlainCase = "valid/plain"

// ServerCases returns the server cases, deterministic from seed: each
// labelled valid variant and extra mutant of this package, the corpus,
// then n generated cases from properties.Cases — valid WebSocket, h2c and
// TLS/1.0 upgrades in their legal variety interleaved with one-rule
// mutants, the generators the property tests share — and, last, targeted
// ones (targetShare) from properties.TargetCases: each legal variation of
// each list field, near names and HTTP/1.0 applied to a plain valid
// handshake, labelled as the reference judges it. The targeted cases come
// on top of the n, so that adding them hides none of the generated ones.
func ServerCases(seed int64, n int, corpus []Case) []Case {
	return slices.Collect(ServerCaseSeq(seed, n, corpus))
}

// ServerCaseSeq yields the cases of ServerCases in the same order, each
// generated only when the caller asks for it: a run of a million cases
// holds only those under way. It yields ServerCaseCount(n, corpus) cases
// unless the caller stops first.
func ServerCaseSeq(seed int64, n int, corpus []Case) iter.Seq[Case] {
	return func(yield func(Case) bool) {
		r := rand.New(rand.NewPCG(uint64(seed), 0x5317c4))
		if !yield(Case{Name: PlainCase, Side: ServerSide, Message: baseRequest(r).Bytes()}) {
			return
		}
		one := func(kind string, e edit) Case {
			d := baseRequest(r)
			e.apply(d, r)
			return Case{Name: kind + "/" + e.name, Side: ServerSide, Message: d.Bytes(), Rule: e.rule, Level: rules.LevelOf(e.rule)}
		}
		for _, e := range variants {
			if !yield(one("valid", e)) {
				return
			}
		}
		for _, e := range extraMutants {
			if !yield(one("mutant", e)) {
				return
			}
		}
		for _, c := range corpus {
			if !yield(c) {
				return
			}
		}
		generated := func(src iter.Seq[properties.Case], count int) bool {
			if count <= 0 {
				return true
			}
			i := 0
			for c := range src {
				if !yield(Case{Name: "properties/" + c.Name, Side: ServerSide, Message: withBody(c.Request), Rule: c.Rule, Level: c.Level}) {
					return false
				}
				if i++; i == count {
					break
				}
			}
			return true
		}
		if generated(properties.CaseSeq(seed), n) {
			generated(properties.TargetCaseSeq(seed), targetShare(n))
		}
	}
}

// ServerCaseCount is how many cases ServerCaseSeq yields with n generated
// cases and the corpus: len(ServerCases(seed, n, corpus)) for any seed,
// without generating them.
func ServerCaseCount(n int, corpus []Case) int {
	return 1 + len(variants) + len(extraMutants) + len(corpus) + max(n, 0) + max(targetShare(n), 0)
}

// targetShare is how many targeted variations (properties.TargetCases) go
// with n generated server cases: one round of the request targets per 400
// cases, so that the default run reaches each of them, and never more
// than half as many as n.
func targetShare(n int) int {
	per := 0
	for _, t := range properties.Targets() {
		if !t.Response {
			per++
		}
	}
	return min(per*max(1, n/400), n/2)
}

// maxBody caps the body withBody adds.
const maxBody = 64 << 10

// withBody completes a request head with the body its framing declares,
// as a real client would send it (RFC 9112 §6.3): the last chunk when
// Transfer-Encoding is present, else Content-Length octets. Without it a
// server rightly waits for the body.
func withBody(head []byte) []byte {
	var p parser.Parser
	req := p.ParseRequest(head)
	var body []byte
	if req.TransferEncoding {
		body = []byte("0\r\n\r\n")
	}
	if n := req.ContentLength; n > int64(len(body)) && n <= maxBody {
		body = append(body, bytes.Repeat([]byte("x"), int(n)-len(body))...)
	}
	if len(body) == 0 {
		return head
	}
	return append(append([]byte{}, head...), body...)
}

// addOWS surrounds every field value with OWS, which recipients strip
// (RFC 9110 §5.5); shared by the request and the response variations.
func addOWS(d *draft, _ *rand.Rand) {
	for i := range d.fields {
		d.fields[i][1] = " \t" + d.fields[i][1] + " "
	}
}

// shuffleFields puts the field lines in another order, which does not
// matter to a recipient (RFC 9110 §5.3, RFC 6455 §4.2.1).
func shuffleFields(d *draft, r *rand.Rand) {
	r.Shuffle(len(d.fields), func(i, j int) { d.fields[i], d.fields[j] = d.fields[j], d.fields[i] })
}
