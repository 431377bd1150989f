package adapters

import (
	"context"
	"testing"

	"github.com/switchyard/switchyard/oracle"
)

// http.Transport hands over the connection on a valid 101, and not on a
// 101 that lacks the fields a protocol switch needs, nor on a 200.
func TestNetHTTPTransportClient(t *testing.T) {
	want := map[string]oracle.Fate{
		"response/valid":                 oracle.FateOpen,
		"response/valid-subprotocol":     oracle.FateOpen,
		"response/valid-connection-list": oracle.FateOpen,
		"response/missing-upgrade":       oracle.FateFailed,
		"response/missing-connection":    oracle.FateFailed,
		"response/200-ok":                oracle.FateFailed,
	}
	for _, c := range oracle.ClientCases(1) {
		f, ok := want[c.Name]
		if !ok {
			continue
		}
		delete(want, c.Name)
		o := oracle.ObserveClient(context.Background(), NetHTTPTransportClient, c, testTimeout)
		if o.Fate != f {
			t.Errorf("%s: fate %s (%s), want %s\nrequest:\n%s\nresponse:\n%s", c.Name, o.Fate, o.Detail, f, o.Request, o.Reply)
		}
	}
	for name := range want {
		t.Errorf("no client case %q", name)
	}
}
