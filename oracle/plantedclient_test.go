package oracle

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/rules"
)

// plantedClient is the planted WebSocket client of internal/testpeers
// with one defect (testpeers.Strict: none).
func plantedClient(defect testpeers.Defect) ClientImpl {
	return ClientImpl{Name: "planted-client/" + defect.String(), Handshake: func(ctx context.Context, c net.Conn, target string) error {
		return testpeers.Handshake(ctx, c, target, defect)
	}}
}

func clientRun(t *testing.T, impl ClientImpl) *Result {
	t.Helper()
	res, err := Run(context.Background(), Config{Clients: []ClientImpl{impl}, Timeout: time.Second, NoMinimize: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestPlantedClientCorrect: the strict client diverges on no case.
func TestPlantedClientCorrect(t *testing.T) {
	res := clientRun(t, plantedClient(testpeers.Strict))
	for _, f := range res.Findings {
		t.Errorf("correct client: %s %s: %s\n%s", f.Class, f.Rule, f.Summary, f.Response)
	}
	if res.Cases != len(ClientCases(0)) {
		t.Errorf("%d cases ran, want %d", res.Cases, len(ClientCases(0)))
	}
}

// TestPlantedClientDefects: each planted client defect is found with its
// rule and class.
func TestPlantedClientDefects(t *testing.T) {
	tests := []struct {
		defect testpeers.Defect
		class  Class
		rule   rules.ID
	}{
		{testpeers.IgnoreAccept, Violation, rules.RFC6455_4_1_22},
		{testpeers.IgnoreSubprotocol, Violation, rules.RFC6455_4_1_24},
		{testpeers.IgnoreExtensions, Violation, rules.RFC6455_4_1_23},
		{testpeers.BadRequest, Violation, rules.RFC6455_4_1_14},
		{testpeers.RejectValid, Interop, ""},
		{testpeers.Hang, Robustness, ""},
		{testpeers.Panic, Robustness, ""},
	}
	for _, tt := range tests {
		t.Run(tt.defect.String(), func(t *testing.T) {
			t.Parallel()
			res := clientRun(t, plantedClient(tt.defect))
			if !has(res, tt.class, tt.rule) {
				t.Errorf("defect %s not found as %s %s; findings:", tt.defect, tt.class, tt.rule)
				for _, f := range res.Findings {
					t.Logf("  %s %s: %s", f.Class, f.Rule, f.Summary)
				}
			}
		})
	}
}
