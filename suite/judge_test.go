package suite

import (
	"testing"

	"github.com/switchyard/switchyard/rules"
)

func caseNamed(t *testing.T, name string) Case {
	t.Helper()
	for _, c := range Cases() {
		if c.Name == name {
			c.Request = Bind(c.Request, "example.com", "/chat")
			return c
		}
	}
	t.Fatalf("no case %q", name)
	return Case{}
}

const (
	good101   = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
	bad101    = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n"
	refuse400 = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
	refuse426 = "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n"
)

func TestJudgeServer(t *testing.T) {
	tests := []struct {
		name, kase string
		fate       Fate
		reply      string
		want       Outcome
		wantRule   rules.ID
	}{
		{"valid switched", "valid/minimal", Answered, good101, Pass, rules.RFC6455_4_2_1_2},
		{"valid, wrong Accept", "valid/minimal", Answered, bad101, Fail, rules.RFC6455_4_2_2_11},
		{"valid refused", "valid/minimal", Answered, refuse400, NonStrict, rules.RFC6455_4_2_2_13},
		{"valid, hung", "valid/minimal", Hung, "", Fail, rules.RFC6455_4_2_2_13},
		{"bad key refused", "key/10-octets", Answered, refuse400, Pass, rules.RFC6455_4_2_1_6},
		{"bad key, closed silently", "key/10-octets", Closed, "", Fail, rules.RFC6455_4_2_1_1},
		{"bad key, reset", "key/10-octets", Reset, "", Fail, rules.RFC6455_4_2_1_6},
		{"version 8 refused with 426", "version/8", Answered, refuse426, Pass, rules.RFC6455_4_2_1_7},
		{"version 8, 400 without the versions", "version/8", Answered, refuse400, Fail, rules.RFC6455_4_2_2_4},
		{"400 case refused with 426", "connection/missing", Answered, refuse426, NonStrict, rules.AMB_9},
		{"426 without Upgrade", "connection/missing", Answered, "HTTP/1.1 426 Upgrade Required\r\nContent-Length: 0\r\n\r\n", Fail, rules.RFC9110_15_5_22_1},
		{"policy-only refusal switched", "framing/content-length-body", Answered, good101, NonStrict, rules.AMB_23},
		{"no upgrade, 200", "upgrade/missing", Answered, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", Pass, rules.RFC6455_4_2_1_4},
		{"another protocol, declined", "other-upgrade/h2c", Answered, refuse400, Pass, rules.RFC7540_3_2_1},
		{"101 to HTTP/1.0", "request-line/http-1.0", Answered, good101, Fail, rules.RFC9110_15_2_1},
		{"garbage", "valid/minimal", Answered, "SSH-2.0-OpenSSH\r\n\r\n", Fail, rules.RFC9112_4_G1},
	}
	for _, tt := range tests {
		c := caseNamed(t, tt.kase)
		r := JudgeServer(c, Observation{Request: c.Request, Reply: []byte(tt.reply), Fate: tt.fate})
		if r.Outcome != tt.want || r.Cited != tt.wantRule {
			t.Errorf("%s: JudgeServer = %s %s (%s); want %s %s", tt.name, r.Outcome, r.Cited, r.Why, tt.want, tt.wantRule)
		}
	}
}
