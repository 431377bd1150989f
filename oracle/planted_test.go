package oracle

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/rules"
)

// plantedServer is the planted WebSocket server of internal/testpeers
// with one defect (testpeers.Strict: none), served in process.
type plantedServer struct{ defect testpeers.Defect }

func (s plantedServer) Close() {}

func (s plantedServer) Serve(c *PeerConn) { testpeers.ServePlanted(c, s.defect) }

// plantedRun runs the oracle over one planted server.
func plantedRun(t *testing.T, target ServerTarget, minimize bool) *Result {
	t.Helper()
	res, err := Run(context.Background(), Config{
		Servers: []ServerTarget{target}, Seed: 7, Cases: 200,
		Timeout: time.Second, NoMinimize: !minimize,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func plantedTarget(defect testpeers.Defect) ServerTarget {
	return NewInProcess(ServerImpl{Name: "planted/" + defect.String(), Protocol: "websocket",
		Start: func() Server { return plantedServer{defect} }})
}

func has(res *Result, class Class, rule rules.ID) bool {
	for _, f := range res.Findings {
		if f.Class == class && (rule == "" || f.Rule == rule) {
			return true
		}
	}
	return false
}

// TestPlantedCorrect: the strict server built on the reference diverges
// on no case at all.
func TestPlantedCorrect(t *testing.T) {
	res := plantedRun(t, plantedTarget(testpeers.Strict), false)
	for _, f := range res.Findings {
		t.Errorf("correct server: %s %s: %s\n%s", f.Class, f.Rule, f.Summary, f.Request)
	}
	if res.Cases < 200 {
		t.Errorf("only %d cases ran", res.Cases)
	}
}

// TestPlantedDefects: each planted defect is found with its rule and class.
func TestPlantedDefects(t *testing.T) {
	tests := []struct {
		defect testpeers.Defect
		class  Class
		rule   rules.ID // "" for any rule
	}{
		{testpeers.AcceptBadKey, Violation, rules.RFC6455_4_2_1_6},
		{testpeers.WrongAccept, Violation, rules.RFC6455_4_2_2_11},
		{testpeers.NoUpgrade, Violation, rules.RFC9110_7_8_4},
		{testpeers.NoConnection, Violation, rules.RFC9110_7_8_12},
		{testpeers.ContentLength101, Violation, rules.RFC9110_8_6_1},
		{testpeers.UnofferedSubprotocol, Violation, rules.RFC6455_4_2_2_6},
		{testpeers.UnofferedExtension, Violation, rules.RFC6455_4_2_2_7},
		{testpeers.HTTP10, Violation, rules.RFC9110_15_2_1},
		{testpeers.SwitchToH2, Violation, rules.RFC7540_3_2_3},
		{testpeers.RefusalWithoutVersion, Violation, rules.RFC6455_4_2_2_4},
		{testpeers.NoAnswer, Violation, rules.RFC6455_4_2_1_1},
		{testpeers.RefuseValid, Interop, ""},
		{testpeers.Lenient, Policy, ""},
		{testpeers.Panic, Robustness, ""},
		{testpeers.Hang, Robustness, ""},
	}
	for _, tt := range tests {
		t.Run(tt.defect.String(), func(t *testing.T) {
			t.Parallel()
			res := plantedRun(t, plantedTarget(tt.defect), false)
			if !has(res, tt.class, tt.rule) {
				t.Errorf("defect %s not found as %s %s; findings:", tt.defect, tt.class, tt.rule)
				for _, f := range res.Findings {
					t.Logf("  %s %s: %s", f.Class, f.Rule, f.Summary)
				}
			}
			for _, f := range res.Findings {
				if f.Class == Violation && rules.LevelOf(f.Rule) != rules.Must {
					t.Errorf("violation citing a %s rule: %s", rules.LevelOf(f.Rule), f.Rule)
				}
			}
			if tt.defect == testpeers.Lenient && has(res, Violation, "") {
				for _, f := range res.Findings {
					if f.Class == Violation {
						t.Errorf("a server lenient only where the RFC allows got a violation: %s: %s\n%s\n%s", f.Rule, f.Summary, f.Request, f.Response)
					}
				}
			}
		})
	}
}

// TestPlantedReset: a TCP server that resets every connection is a
// robustness finding, and never stalls the run.
func TestPlantedReset(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback TCP:", err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				c.Read(make([]byte, 64))
				c.(*net.TCPConn).SetLinger(0) // close with RST
				c.Close()
			}()
		}
	}()
	target, err := ParseTCPTarget("tcp://" + ln.Addr().String() + "/chat")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := Run(context.Background(), Config{Servers: []ServerTarget{target}, Seed: 1, Cases: 20, Timeout: time.Second, NoMinimize: true})
	if err != nil {
		t.Fatal(err)
	}
	if !has(res, Robustness, "") {
		t.Errorf("reset not found; findings: %v", res.Findings)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("run took %v", d)
	}
}
