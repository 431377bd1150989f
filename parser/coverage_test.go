package parser_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/rules"
)

// Every MUST-level rule of Parts A-H and I.1 of the catalogue is accounted
// for in exactly one of three ways: a rule case (ruleCases) that breaks it;
// a named test of this package that exercises it (testedBy); or a reason why
// a parser of single messages cannot judge it, naming where it is judged
// instead (notJudged). TestCoverage fails on a rule with none of these, and
// prints the whole table with -v.

// testedBy maps a rule to the test of this package that exercises it.
var testedBy = map[rules.ID]string{
	rules.RFC9112_3_2:        "TestEndpointCheckResponse",
	rules.RFC6455_4_2_2_5:    "TestEndpointCheckResponse",
	rules.RFC6455_4_2_2_3:    "TestEndpointCheckResponse",
	rules.RFC7692_5_2:        "TestEndpointCheckRequest",
	rules.RFC2817_3_2_1:      "TestEndpointCheckRequest",
	rules.RFC9112_3_2_1_1:    "TestEndpointCheckRequest",
	rules.RFC6455_4_1_13:     "TestEndpointCheckRequest",
	rules.RFC6455_4_1_1:      "TestEndpointCheckRequest",
	rules.RFC6455_3_2:        "TestEndpointCheckRequest",
	rules.RFC6455_3_G1:       "TestParseWebSocketURI",
	rules.RFC9110_5_6_2_G1:   "TestByteClasses",
	rules.RFC9110_5_6_2_G2:   "TestByteClasses",
	rules.RFC9110_5_6_3_G1:   "TestFieldValueOWS",
	rules.RFC9110_5_6_4_1:    "TestQuotedString",
	rules.RFC9110_5_5_G1:     "TestByteClasses",
	rules.RFC9112_2_2_1:      "TestByteClasses",
	rules.RFC9110_5_6_1_G1:   "TestLists",
	rules.RFC9110_5_6_1_1_G1: "TestLists",
	rules.RFC9110_5_6_1_2_G1: "TestLists",
	rules.RFC9110_5_6_1_2_1:  "TestLists",
	rules.RFC2616_2_1_G1:     "TestQuotedString",
	rules.RFC9110_7_8_G1:     "TestLists",
	rules.RFC9110_7_8_G2:     "TestLists",
	rules.RFC2817_7_2_1:      "TestLists",
	rules.RFC9112_6_1_G1:     "TestRuleCases",
	rules.RFC9110_2_2_1:      "TestRuleCases",
	rules.RFC9110_5_2_1:      "TestCombinedLines",
	rules.RFC6455_9_1_3:      "TestCombinedLines",
	rules.RFC6455_9_1_6:      "TestCombinedLines",
	rules.RFC6455_11_3_2_1:   "TestCombinedLines",
	rules.RFC9110_5_4_1:      "TestLimits",
	rules.RFC9110_5_5_1:      "TestFieldValueOWS",
	rules.RFC9112_5_1_2:      "TestFieldValueOWS",
	rules.RFC9110_5_5_2:      "TestRepairs",
	rules.RFC9112_5_2_2:      "TestRepairs",
	rules.RFC9112_5_2_3:      "TestRepairs",
	rules.RFC9110_7_2_1:      "TestRuleCases",
	rules.RFC9112_3_2_2:      "TestRuleCases",
	rules.RFC9110_7_6_1_1:    "TestCaseInsensitive",
	rules.RFC9110_16_7_1:     "TestCaseInsensitive",
	rules.RFC6455_4_1_26:     "TestCaseInsensitive",
	rules.RFC6455_11_2_1:     "TestCaseInsensitive",
	rules.RFC6455_4_2_1_4:    "TestCaseInsensitive",
	rules.RFC9110_7_8_4:      "TestRuleCases",
	rules.RFC9110_7_8_11:     "TestRuleCases",
	rules.RFC9110_7_8_13:     "TestHTTP10",
	rules.RFC9112_6_1_2:      "TestRuleCases",
	rules.RFC9112_6_1_3:      "TestRuleCases",
	rules.RFC2817_3_1:        "TestRFC2817Examples",
	rules.RFC9112_6_1_5:      "TestSwitchOnContentLengthAndChunked",
	rules.RFC2817_4_1:        "TestRFC2817Examples",
	rules.RFC2817_4_2_1:      "TestRFC2817Examples",
	rules.RFC6455_3_1:        "TestRuleCases",
	rules.RFC6455_4_1_6:      "TestRuleCases",
	rules.RFC6455_4_1_7:      "TestRuleCases",
	rules.RFC6455_4_1_8:      "TestRuleCases",
	rules.RFC6455_4_1_9:      "TestRuleCases",
	rules.RFC6455_4_1_10:     "TestRuleCases",
	rules.RFC6455_4_1_11:     "TestRuleCases",
	rules.RFC6455_4_1_12:     "TestRuleCases",
	rules.RFC6455_4_1_14:     "TestRuleCases",
	rules.RFC6455_4_1_27:     "TestRFC6455Example",
	rules.RFC6455_4_2_1_1:    "TestRuleCases",
	rules.RFC6455_4_2_1_9:    "TestRFC9110UpgradeExample",
	rules.RFC6455_4_2_2_6:    "TestRuleCases",
	rules.RFC6455_4_2_2_7:    "TestRuleCases",
	rules.RFC6455_4_2_2_8:    "TestBuild101",
	rules.RFC6455_4_2_2_9:    "TestBuild101",
	rules.RFC6455_4_2_2_10:   "TestBuild101",
	rules.RFC6455_4_2_2_11:   "TestAccept",
	rules.RFC6455_9_1:        "TestRuleCases",
	rules.RFC7692_5_1:        "TestRFC6455Example",
	rules.RFC7692_5_3:        "TestRFC6455Example",
	rules.RFC7692_5_6:        "TestRuleCases",
	rules.RFC7692_7_1:        "TestRFC6455Example",
	rules.RFC7692_7_1_1_2_2:  "TestPMDResponses",
	rules.RFC7692_7_1_2_1_2:  "TestRuleCases",
	rules.RFC7540_3_2_1_5:    "TestRFC7540Example",
}

// notJudged maps a rule to why no single-message parser can judge it, and
// where Switchyard judges it instead.
var notJudged = map[rules.ID]string{
	rules.RFC9110_5_6_6_G1:  "RFC 9110 parameters: no upgrade field uses them (extension parameters follow RFC 6455 §9.1, AMB-13)",
	rules.RFC7230_6_7_G1:    "historical grammar, superseded by RFC 9110 #list (AMB-28 decides)",
	rules.RFC9110_2_3_2:     "about the recipient's own sending, not a message",
	rules.RFC9110_5_1_1:     "proxy forwarding: statemachine/ intermediary rules, oracle proxy mode",
	rules.RFC9110_5_3_2:     "proxy forwarding order: oracle proxy mode",
	rules.RFC9110_5_3_4:     "timing of a server's action: statemachine/",
	rules.RFC9110_5_6_3_2:   "no upgrade field's grammar has BWS",
	rules.RFC9110_6_4_1_1:   "message framing after the head: statemachine/ (a 101 ends at its empty line)",
	rules.RFC9110_7_6_1:     "intermediary behaviour: statemachine/ intermediary rules",
	rules.RFC9110_7_6_1_3:   "intermediary behaviour: statemachine/ intermediary rules",
	rules.RFC9110_7_8_10:    "what follows a 101 on the connection: statemachine/",
	rules.RFC9110_7_8_14:    "what the client sends after its request: statemachine/",
	rules.RFC9110_7_8_15:    "the order of 100 and 101 on a connection: statemachine/",
	rules.RFC9110_7_8_16:    "a statement about the mechanism, not checkable in a message",
	rules.RFC9110_15_2_2:    "framing of a 1xx on a connection: statemachine/",
	rules.RFC9110_15_2_3:    "a client's handling of several responses: statemachine/, oracle client mode",
	rules.RFC9110_15_2_4:    "proxy forwarding of 1xx: statemachine/ intermediary rules",
	rules.RFC9112_2_3_1:     "intermediary's own version on forwarded messages: oracle proxy mode",
	rules.RFC9112_3_2_2_1:   "proxy rewriting of Host: oracle proxy mode",
	rules.RFC9112_6_3_1:     "where a message ends on a connection: statemachine/",
	rules.RFC9112_6_3_4:     "where a request ends on a connection: statemachine/ (Request.ContentLength is -1)",
	rules.RFC9112_9_3_1:     "connection persistence: statemachine/",
	rules.RFC9112_9_6_1:     "connection close after the final response: statemachine/",
	rules.RFC2817_3_3_2:     "TLS after a TLS/1.0 101 on the connection: statemachine/ (TLS record headers)",
	rules.RFC2817_4_2_3:     "what a client does after a 426: statemachine/",
	rules.RFC2817_5_1:       "hop-by-hop scope of Upgrade: statemachine/ intermediary rules",
	rules.RFC2817_5_1_1:     "what a client does after a 426 without Upgrade: statemachine/",
	rules.RFC2817_5_3_1:     "CONNECT tunnels, outside the upgrade mechanism",
	rules.RFC6455_2_1:       "a statement about how to read RFC 6455",
	rules.RFC6455_7_1_7_1:   "what an endpoint does after Fail: statemachine/",
	rules.RFC6455_4_1_2:     "connection counting across connections: not a message property",
	rules.RFC6455_4_1_3:     "the client's proxy configuration is not in the message",
	rules.RFC6455_4_1_4:     "connection failure: oracle client mode",
	rules.RFC6455_4_1_5:     "TLS before the handshake on a wss connection: statemachine/ (NewSecure)",
	rules.RFC6455_4_1_18:    "what the client sends after its request: statemachine/ (AMB-24)",
	rules.RFC6455_4_1_19:    "non-101 handling on a connection: statemachine/",
	rules.RFC6455_4_2_2_1:   "TLS before the handshake on an HTTPS port: statemachine/ (NewSecure)",
	rules.RFC6455_4_2_2_13:  "connection state after the 101: statemachine/",
	rules.RFC6455_9_1_4:     "registries cannot be checked at run time (STRICT-8: unknown means unsupported)",
	rules.RFC6455_9_1_5:     "extension use after the handshake: statemachine/ (RSV1 of the client's first frame)",
	rules.RFC7692_5_5:       "no registered extension with those frame properties is known; RSV1 conflicts are RFC7692-5-4",
	rules.RFC7692_5_8:       "compression itself is out of scope",
	rules.RFC7692_5_1_1:     "closing handshake, out of scope",
	rules.RFC7692_7_1_2_2_4: "a statement about window sizes after negotiation",
	rules.RFC7540_3_2_2:     "body and frame order on a connection: statemachine/",
	rules.RFC7540_3_2_4:     "HTTP/2 frames after the 101: statemachine/",
	rules.RFC7540_3_2_5:     "HTTP/2 frames after the 101: statemachine/",
	rules.RFC7540_3_2_6:     "HTTP/2 frames after the 101: statemachine/",
	rules.RFC7540_3_2_7:     "HTTP/2 stream state, out of scope",
	rules.RFC7540_3_3_1:     "TLS ALPN, not HTTP/1.1 messages",
}

func inScope(r rules.Rule) bool {
	if r.Level != rules.Must || r.Part == "" {
		return false
	}
	return strings.IndexByte("ABCDEFGH", r.Part[0]) >= 0 || r.Part == "I.1"
}

// TestCoverage fails when a MUST rule of Parts A-H or I.1 is neither broken
// by a rule case, nor exercised by a named test, nor explained as beyond a
// message parser; with -v it prints the table.
func TestCoverage(t *testing.T) {
	src := testSources(t)
	byCase := map[rules.ID]int{}
	for _, c := range ruleCases {
		byCase[c.rule]++
	}
	var rows []string
	var cased, tested, judged, missing int
	for _, r := range rules.All() {
		if !inScope(r) {
			continue
		}
		where := ""
		switch {
		case byCase[r.ID] > 0:
			cased++
			where = fmt.Sprintf("rule case ×%d", byCase[r.ID])
		case testedBy[r.ID] != "":
			name := testedBy[r.ID]
			if !strings.Contains(src, "func "+name+"(t *testing.T)") {
				t.Errorf("%s: test %s does not exist", r.ID, name)
			}
			tested++
			where = "test " + name
		case notJudged[r.ID] != "":
			judged++
			where = "not a message property: " + notJudged[r.ID]
		default:
			missing++
			where = "MISSING"
			t.Errorf("%s has no test: %s", r.ID, r.Summary)
		}
		rows = append(rows, fmt.Sprintf("%-22s %-8s %s", r.ID, r.Keyword, where))
	}
	for id := range testedBy {
		if r, ok := rules.Lookup(id); !ok || !inScope(r) {
			t.Errorf("testedBy lists %s, which is not a MUST rule of Parts A-H/I.1", id)
		}
	}
	for id := range notJudged {
		if byCase[id] > 0 || testedBy[id] != "" {
			t.Errorf("%s is both tested and listed as not judged", id)
		}
	}
	sort.Strings(rows)
	total := cased + tested + judged + missing
	t.Logf("MUST rules of Parts A-H and I.1: %d", total)
	t.Logf("  broken by a rule case: %d; exercised by a named test: %d; beyond a message parser: %d; missing: %d", cased, tested, judged, missing)
	t.Logf("  parser coverage of the message-judgeable rules: %d/%d", cased+tested, total-judged)
	for _, row := range rows {
		t.Log(row)
	}
}

// testSources returns this package's test files, to check that the tests
// named in testedBy exist.
func testSources(t *testing.T) string {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}
