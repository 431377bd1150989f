package clientmode_test

import (
	"testing"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/clientmode"
)

// curlH2CRequest is the request curl 7.88.1 sends for
// curl --http2 http://127.0.0.1:PORT/sy/1 (captured by the crafted server).
const curlH2CRequest = "GET /sy/1 HTTP/1.1\r\nHost: 127.0.0.1:41000\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n" +
	"Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n"

// Each h2c case, judged for a client that opened and for one that failed:
// what the one judge makes of it. A defect that breaks only a server's
// rule leaves an h2c client free either way (INFORMATIONAL); failing a
// valid 101 is interop (the judge's row C9, NON-STRICT).
func TestH2CCasesJudged(t *testing.T) {
	want := map[string][2]suite.Outcome{ // {opened, failed}
		"h2c/valid":                  {suite.Pass, suite.NonStrict},
		"h2c/valid-case-insensitive": {suite.Pass, suite.NonStrict},
		"h2c/declined-200":           {suite.Fail, suite.Pass},
		"h2c/missing-upgrade":        {suite.Informational, suite.Pass},
		"h2c/missing-connection":     {suite.NonStrict, suite.Pass},
		"h2c/upgrade-h2":             {suite.Informational, suite.Pass},
		"h2c/upgrade-websocket":      {suite.Informational, suite.Pass},
		"h2c/http2-settings-in-101":  {suite.Pass, suite.NonStrict},
		"h2c/content-length":         {suite.Pass, suite.NonStrict},
		"h2c/http-1.0-101":           {suite.NonStrict, suite.Pass},
	}
	var p parser.Parser
	req := p.ParseRequest([]byte(curlH2CRequest))
	cases := clientmode.H2CCases()
	if len(cases) != len(want) {
		t.Errorf("%d h2c cases, %d expected", len(cases), len(want))
	}
	for _, c := range cases {
		if c.Protocol != judge.H2C {
			t.Errorf("%s: protocol %q", c.Name, c.Protocol)
		}
		resp := clientmode.Render(c.Response, req)
		for i, opened := range []bool{true, false} {
			r := clientmode.Judge(c, clientmode.Observation{Request: []byte(curlH2CRequest), HeadFate: judge.Answered,
				Response: resp, Opened: opened, Detail: "test"})
			if w, ok := want[c.Name]; !ok || r.Outcome != w[i] {
				t.Errorf("%s, opened=%v: %s %s (%s); want %v", c.Name, opened, r.Outcome, r.Cited, r.Why, w[i])
			}
		}
	}
}

// The real curl --http2 through scripts/peers/client.sh, when the peers
// are installed (SWITCHYARD_PEERS=1): it opens on the valid 101 and reads
// the declined upgrade's 200 over HTTP/1.1.
func TestCurlH2CClient(t *testing.T) {
	realClientPasses(t, "curl-h2c", clientmode.H2CCases(), "h2c/valid", "h2c/declined-200")
}
