package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutsideTheClone runs check, diff and suite --client from a
// directory that is not a clone, with an empty cache directory, as an
// installed fuzzrun would: what they need (the corpus, the peer scripts)
// is built in.
func TestOutsideTheClone(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	req := "GET /chat HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if err := os.WriteFile("req.txt", []byte(req), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"check", "req.txt"}, &out, &errb); code != exitOK {
		t.Fatalf("check: exit %d\n%s%s", code, out.String(), errb.String())
	}

	// diff: the embedded corpus adds its captured requests to the cases.
	cases := func(corpus string) int {
		t.Helper()
		out.Reset()
		errb.Reset()
		args := []string{"diff", "--impl", "gorilla", "--cases", "0", "--log", "", "--json", "d.json", "--corpus", corpus}
		if code := run(args, &out, &errb); code != exitOK {
			t.Fatalf("diff --corpus %q: exit %d\n%s", corpus, code, errb.String())
		}
		b, err := os.ReadFile("d.json")
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Cases int `json:"cases"`
		}
		if err := json.Unmarshal(b, &res); err != nil {
			t.Fatal(err)
		}
		return res.Cases
	}
	with, without := cases("embedded"), cases("")
	if with <= without {
		t.Errorf("diff from outside the clone: %d cases with the embedded corpus, %d without", with, without)
	}

	// suite --client: the driver comes from the scripts built in. A real
	// client is needed; Debian's python3-websockets is the quickest.
	if exec.Command("dpkg-query", "-W", "python3-websockets").Run() != nil {
		t.Skip("python3-websockets is not installed: client mode not run")
	}
	out.Reset()
	errb.Reset()
	code := run([]string{"suite", "--client", "py-websockets", "--only", "valid-subprotocol"}, &out, &errb)
	if code == exitError || !strings.Contains(out.String(), "client py-websockets:") {
		t.Fatalf("suite --client py-websockets: exit %d\n%s%s", code, out.String(), errb.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "cache", "switchyard")); err != nil {
		t.Errorf("the peer scripts were not extracted into the cache directory: %v", err)
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"suite", "--client", "go-gorilla"}, &out, &errb); code != exitError || !strings.Contains(errb.String(), "clone") {
		t.Errorf("suite --client go-gorilla outside a clone: exit %d, %q; want 2 saying it needs a clone", code, errb.String())
	}
}
