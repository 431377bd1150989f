package clientmode_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/clientmode"
)

func plantedDriver(defect testpeers.Defect) clientmode.Driver {
	return clientmode.Func{ClientName: "planted", Dial: func(ctx context.Context, url string, protocols []string) error {
		return testpeers.Dial(ctx, url, protocols, defect)
	}}
}

func run(t *testing.T, d clientmode.Driver, cases []clientmode.Case) map[string]suite.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rs, err := clientmode.Run(ctx, d, "127.0.0.1:0", cases)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]suite.Result{}
	for _, r := range rs {
		out[r.Name] = r
	}
	return out
}

// A strict client passes every case.
func TestStrictClientPasses(t *testing.T) {
	for name, r := range run(t, plantedDriver(testpeers.Strict), clientmode.Cases()) {
		if r.Outcome != suite.Pass {
			t.Errorf("%s: %s %s: %s", name, r.Outcome, r.Cited, r.Why)
		}
	}
}

// A client that ignores Sec-WebSocket-Accept fails the Accept cases, citing
// RFC 6455 §4.1, and only those.
func TestIgnoreAcceptDetected(t *testing.T) {
	for name, r := range run(t, plantedDriver(testpeers.IgnoreAccept), clientmode.Cases()) {
		accept := name == "wrong-accept" || name == "no-accept" || name == "accept-of-rfc-example"
		switch {
		case accept && (r.Outcome != suite.Fail || r.Cited != rules.RFC6455_4_1_22):
			t.Errorf("%s: %s %s (%s); want FAIL %s", name, r.Outcome, r.Cited, r.Why, rules.RFC6455_4_1_22)
		case !accept && r.Outcome != suite.Pass:
			t.Errorf("%s: %s %s (%s); want PASS", name, r.Outcome, r.Cited, r.Why)
		}
	}
}

// The real Node ws client through scripts/peers/client.sh, when the peers
// are installed (SWITCHYARD_PEERS=1): the wrong Accept is refused.
func TestNodeWSClient(t *testing.T) {
	realClientPasses(t, "node-ws", clientmode.Cases(), "valid", "wrong-accept")
}

// realClientPasses runs the named cases of all against the client kind
// through scripts/peers/client.sh, when the peers are installed
// (SWITCHYARD_PEERS=1), and wants every one to PASS.
func realClientPasses(t *testing.T, kind string, all []clientmode.Case, names ...string) {
	t.Helper()
	if os.Getenv("SWITCHYARD_PEERS") == "" {
		t.Skip("set SWITCHYARD_PEERS=1 to drive the real " + kind + " client")
	}
	var cs []clientmode.Case
	for _, c := range all {
		if slices.Contains(names, c.Name) {
			cs = append(cs, c)
		}
	}
	d := clientmode.Script{Path: "../../scripts/peers/client.sh", Kind: kind}
	for name, r := range run(t, d, cs) {
		if r.Outcome != suite.Pass {
			t.Errorf("%s: %s %s: %s", name, r.Outcome, r.Cited, r.Why)
		}
	}
}
