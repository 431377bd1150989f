package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/internal/testpeers"
)

// TestDiffProxy runs fuzzrun diff --proxy against the planted proxies: the
// strict one yields no finding and exit 0; the one that tunnels after a
// refusal yields PROXY-2 as policy (never as a violation), new until the
// baseline covers it, then known.
func TestDiffProxy(t *testing.T) {
	dir := t.TempDir()
	bl := filepath.Join(dir, "baseline.json")
	proxies := map[testpeers.Defect][2]string{}
	run1 := func(defect testpeers.Defect, args ...string) (int, map[string]any, string) {
		t.Helper()
		addrs, ok := proxies[defect]
		if !ok {
			backend := testpeers.FreeAddr(t)
			p, err := testpeers.NewProxy(backend, defect)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(p.Close)
			addrs = [2]string{p.Addr(), backend}
			proxies[defect] = addrs
		}
		proxyAddr, backend := addrs[0], addrs[1]
		js := filepath.Join(dir, "out.json")
		var out, errb bytes.Buffer
		code := run(append([]string{"diff", "--proxy", "tcp://" + proxyAddr, "--backend-listen", backend, "--baseline", bl, "--json", js}, args...), &out, &errb)
		var doc map[string]any
		if data, err := os.ReadFile(js); err == nil {
			json.Unmarshal(data, &doc)
		}
		return code, doc, out.String() + errb.String()
	}
	if err := os.WriteFile(bl, []byte(`{"entries": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, doc, out := run1(testpeers.Strict); code != 0 || len(doc["findings"].([]any)) != 0 {
		t.Fatalf("strict proxy: exit %d\n%s", code, out)
	}
	code, doc, out := run1(testpeers.TunnelAfterRefusal)
	if code != 1 {
		t.Fatalf("tunnelling proxy: exit %d; want 1\n%s", code, out)
	}
	found := false
	for _, f := range doc["findings"].([]any) {
		m := f.(map[string]any)
		if m["rule"] == "PROXY-2" {
			found = true
			if m["class"] != "policy" || m["level"] != "POLICY" || !strings.HasPrefix(m["target"].(string), "proxy ") {
				t.Errorf("PROXY-2 finding: %v", m)
			}
		}
	}
	if !found {
		t.Fatalf("PROXY-2 not found:\n%s", out)
	}
	if code, _, out := run1(testpeers.TunnelAfterRefusal, "--update-baseline"); code != 0 {
		t.Fatalf("--update-baseline: exit %d\n%s", code, out)
	}
	if code, _, out := run1(testpeers.TunnelAfterRefusal); code != 0 || !strings.Contains(out, "known") {
		t.Fatalf("after --update-baseline: exit %d; want 0 with known findings\n%s", code, out)
	}
	// Usage errors never reach the network.
	var o, e bytes.Buffer
	if c := run([]string{"diff", "--proxy", "tcp://127.0.0.1:1", "--impl", "gorilla"}, &o, &e); c != 2 {
		t.Errorf("--proxy with --impl: exit %d", c)
	}
	if c := run([]string{"diff", "--backend-listen", "127.0.0.1:1"}, &o, &e); c != 2 {
		t.Errorf("--backend-listen alone: exit %d", c)
	}
}
