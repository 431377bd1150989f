package parser_test

import (
	"errors"
	"testing"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

func TestParseWebSocketURI(t *testing.T) {
	valid := []struct {
		in              string
		secure          bool
		host            string
		port            int
		resource, host2 string
	}{
		// RFC 6455 §4.1's example, and the §3 construction of the resource name.
		{"ws://example.com/chat", false, "example.com", 80, "/chat", "example.com"},
		{"ws://example.com", false, "example.com", 80, "/", "example.com"},
		{"ws://example.com?x=1", false, "example.com", 80, "/?x=1", "example.com"},
		{"ws://example.com/chat?", false, "example.com", 80, "/chat", "example.com"},
		{"ws://example.com/a/b?x=1&y=%20/?", false, "example.com", 80, "/a/b?x=1&y=%20/?", "example.com"},
		{"wss://example.com/", true, "example.com", 443, "/", "example.com"},
		{"WSS://Example.COM:443/x", true, "Example.COM", 443, "/x", "Example.COM"},
		{"Ws://h:8080/", false, "h", 8080, "/", "h:8080"},
		{"wss://h:80/", true, "h", 80, "/", "h:80"},
		{"ws://h:/", false, "h", 80, "/", "h"}, // port = *DIGIT may be empty
		{"ws://127.0.0.1:9000/s", false, "127.0.0.1", 9000, "/s", "127.0.0.1:9000"},
		{"ws://[::1]/", false, "[::1]", 80, "/", "[::1]"},
		{"wss://[2001:db8::7]:8443/", true, "[2001:db8::7]", 8443, "/", "[2001:db8::7]:8443"},
		{"ws://a%41b.example/%7Euser/", false, "a%41b.example", 80, "/%7Euser/", "a%41b.example"},
		{"ws://h/p:@!$&'()*+,;=", false, "h", 80, "/p:@!$&'()*+,;=", "h"},
	}
	for _, c := range valid {
		u, err := parser.ParseWebSocketURI(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if u.Secure != c.secure || u.Host != c.host || u.Port != c.port || u.ResourceName() != c.resource || u.HostValue() != c.host2 {
			t.Errorf("%q: got secure=%v host=%q port=%d resource=%q Host=%q", c.in, u.Secure, u.Host, u.Port, u.ResourceName(), u.HostValue())
		}
		// The rebuilt URI parses to the same components (RFC 6455 §4.1
		// step 3 builds a URI from them).
		if w, err := parser.ParseWebSocketURI(u.String()); err != nil || w != u {
			t.Errorf("%q: rebuilt as %q: %+v, %v", c.in, u.String(), w, err)
		}
	}

	invalid := []struct {
		in   string
		rule rules.ID
		off  int
	}{
		{"ws://example.com/chat#x", rules.RFC6455_3_1, 21},
		{"ws://example.com/#", rules.RFC6455_3_1, 17},
		{"ws://example.com/a#b#c", rules.RFC6455_3_1, 18},
		{"http://example.com/", rules.RFC6455_3_G1, 0},
		{"wss:example.com/", rules.RFC6455_3_G1, 4},
		{"ws:/example.com/", rules.RFC6455_3_G1, 3},
		{"example.com/chat", rules.RFC6455_3_G1, 0},
		{"ws://user@example.com/", rules.RFC6455_3_G1, 9},
		{"ws://example.com:8o/", rules.RFC6455_3_G1, 18},
		{"ws://exa mple.com/", rules.RFC6455_3_G1, 8},
		{"ws://a:b:1/", rules.RFC6455_3_G1, 6},
		{"ws://[::1/", rules.RFC6455_3_G1, 5},
		{"ws://[::1]x/", rules.RFC6455_3_G1, 10},
		{"ws://[fe80::1%25eth0]/", rules.RFC6455_3_G1, 5},
		{"ws://h/a b", rules.RFC6455_3_G1, 8},
		{"ws://h/a?b=<", rules.RFC6455_3_G1, 11},
		{"ws://h/%zz", rules.RFC6455_3_G1, 7},
		{"ws://h/a%2", rules.RFC6455_3_G1, 8},
		{"ws://h/a?%", rules.RFC6455_3_G1, 9},
		{"ws:///chat", rules.RFC6455_4_1_1, 5},
		{"ws://:80/chat", rules.RFC6455_4_1_1, 5},
		{"ws://h:65536/", rules.RFC6455_4_1_1, 7},
		{"ws://h:99999999999999999999/", rules.RFC6455_4_1_1, 7},
	}
	for _, c := range invalid {
		_, err := parser.ParseWebSocketURI(c.in)
		var x *parser.Violation
		if !errors.As(err, &x) {
			t.Errorf("%q: want a violation of %s, got %v", c.in, c.rule, err)
			continue
		}
		if x.Rule != c.rule || x.Offset != c.off || x.Role != parser.Sender || x.Field != "ws-URI" || x.Level != rules.LevelOf(c.rule) || x.Message == "" {
			t.Errorf("%q: got %+v, want %s at %d", c.in, *x, c.rule, c.off)
		}
	}
}
