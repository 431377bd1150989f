package upgradecases

import (
	"strings"
	"testing"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/rules"
)

func TestCasesNamedRuledAndOffering(t *testing.T) {
	for _, proto := range []string{judge.H2C, judge.TLS} {
		seen := map[string]bool{}
		for _, c := range For(proto) {
			if !strings.HasPrefix(c.Name, proto+"/") || seen[c.Name] {
				t.Errorf("%s: name %q not unique or not under %s/", proto, c.Name, proto)
			}
			seen[c.Name] = true
			if _, ok := rules.Lookup(c.Rule); !ok {
				t.Errorf("%s: unknown rule %q", c.Name, c.Rule)
			}
			if !Offers([]byte(c.Request), proto) {
				t.Errorf("%s: does not offer %s", c.Name, proto)
			}
			if !strings.Contains(c.Request, Host) {
				t.Errorf("%s: no Host placeholder", c.Name)
			}
		}
		if len(seen) < 10 {
			t.Errorf("%s: only %d cases", proto, len(seen))
		}
	}
	if For(judge.WebSocket) != nil {
		t.Error("websocket has hand-written cases here; they are the suite's table")
	}
}

func TestOffers(t *testing.T) {
	for _, tt := range []struct {
		head, proto string
		want        bool
	}{
		{"GET / HTTP/1.1\r\nUpgrade: h2c\r\n\r\n", judge.H2C, true},
		{"GET / HTTP/1.1\r\nupgrade : H2C, foo\r\n\r\n", judge.H2C, true},
		{"GET / HTTP/1.1\r\nUpgrade: h2\r\n\r\n", judge.H2C, true},
		{"GET / HTTP/1.1\r\nUpgrade: h2cx\r\n\r\n", judge.H2C, false},
		{"GET / HTTP/1.1\r\nX-Upgrade: h2c\r\n\r\n", judge.H2C, false},
		{"GET /h2c HTTP/1.1\r\nHost: h2c\r\n\r\n", judge.H2C, false},
		{"OPTIONS * HTTP/1.1\r\nUpgrade: TLS/1.0\r\n\r\n", judge.TLS, true},
		{"OPTIONS * HTTP/1.1\r\nUpgrade: websocket, tls/1.3\r\n\r\n", judge.TLS, true},
		{"GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", judge.TLS, false},
		{"GET / HTTP/1.1\r\n\r\n", judge.WebSocket, true},
		{"GET / HTTP/1.1\r\nUpgrade: h2c\r\n\r\n", "spdy", false},
	} {
		if got := Offers([]byte(tt.head), tt.proto); got != tt.want {
			t.Errorf("Offers(%q, %s) = %v", tt.head, tt.proto, got)
		}
	}
}
