package main

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/internal/upgradecases"
	"github.com/switchyard/switchyard/judge"
)

// freePort returns a free port on 127.0.0.1 for a peer to listen on
// (testpeers.FreeAddr: below the kernel's ephemeral range).
func freePort(t *testing.T) string {
	t.Helper()
	_, port, err := net.SplitHostPort(testpeers.FreeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// startPeer starts a real peer with scripts/peers/start.sh under its own
// instance name, and stops it by its PID (scripts/peers/stop.sh) when the
// test ends. It skips the test when bin is not installed: installing is
// scripts/peers/install.sh's job, never a test's.
func startPeer(t *testing.T, bin, peer string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath(bin); err != nil {
		t.Skipf("%s is not installed (scripts/peers/install.sh %s): %v", bin, strings.SplitN(peer, "@", 2)[0], err)
	}
	scripts := filepath.Join("..", "..", "scripts", "peers")
	out, err := exec.Command(filepath.Join(scripts, "start.sh"), append([]string{peer}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("start.sh %s %v: %v\n%s", peer, args, err, out)
	}
	t.Cleanup(func() { exec.Command(filepath.Join(scripts, "stop.sh"), peer).Run() })
}

// runCLI runs fuzzrun with args and returns its exit status and output.
func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

var serverRow = regexp.MustCompile(`(?m)^(\S+)\s+server\s+(\d+)\s`)

// checkH2C runs fuzzrun suite --protocol h2c and fuzzrun diff --protocol
// h2c --cases 50 against a real h2c server: the preflight passes (no exit
// 2) and cases are judged.
func checkH2C(t *testing.T, name, target string) {
	t.Helper()
	code, out, errs := runCLI("suite", "--target", target, "--protocol", "h2c", "--name", name)
	if code == exitError || !strings.Contains(out, "server "+name+": ") {
		t.Fatalf("suite --protocol h2c against %s: exit %d\n%s%s", name, code, out, errs)
	}
	if !regexp.MustCompile(`: (\d\d+) cases: `).MatchString(out) {
		t.Errorf("suite against %s judged too few cases:\n%s", name, out)
	}
	t.Logf("suite against %s:\n%s", name, out)
	code, out, errs = runCLI("diff", "--target", target, "--protocol", "h2c", "--name", name, "--cases", "50",
		"--log", "", "--no-minimize", "--baseline", filepath.Join(t.TempDir(), "none.json"), "--update-baseline")
	if code == exitError {
		t.Fatalf("diff --protocol h2c against %s: exit %d\n%s%s", name, code, out, errs)
	}
	if m := serverRow.FindStringSubmatch(out); m == nil || m[1] != name || atoi(m[2]) < 20 {
		t.Errorf("diff against %s judged too few cases:\n%s", name, out)
	}
	t.Logf("diff against %s:\n%s", name, out)
}

// Apache httpd with mod_http2 (Protocols h2c http/1.1) upgrades to h2c.
func TestRealH2CApache(t *testing.T) {
	port := freePort(t)
	startPeer(t, "apache2", "apache2-h2c@gotest", port)
	checkH2C(t, "apache2-h2c", "tcp://127.0.0.1:"+port+"/")
}

// nghttpx with a no-tls frontend upgrades to h2c; its backend here is a
// plain net/http server.
func TestRealH2CNghttpx(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }))
	defer backend.Close()
	port := freePort(t)
	startPeer(t, "nghttpx", "nghttpx@gotest", port, strconv.Itoa(backend.Listener.Addr().(*net.TCPAddr).Port))
	checkH2C(t, "nghttpx", "tcp://127.0.0.1:"+port+"/")
}

// nghttpd speaks HTTP/2 from the first octet and has no HTTP/1.1 Upgrade:
// the h2c preflight fails, with a message that says so, and nothing runs.
func TestNghttpdHasNoH2CUpgrade(t *testing.T) {
	port := freePort(t)
	startPeer(t, "nghttpd", "nghttpd@gotest", port)
	target := "tcp://127.0.0.1:" + port + "/"
	for _, args := range [][]string{
		{"suite", "--target", target, "--protocol", "h2c", "--name", "nghttpd"},
		{"diff", "--target", target, "--protocol", "h2c", "--name", "nghttpd", "--log", ""},
	} {
		code, out, errs := runCLI(args...)
		if mode := args[0]; code != exitError || !strings.Contains(errs, "h2c upgrade (RFC 7540 §3.2)") {
			t.Errorf("%s against nghttpd: exit %d; want 2 with the h2c preflight's error\n%s%s", mode, code, out, errs)
		}
	}
}

// The TLS/1.0 path, end to end, against a test fixture
// (upgradecases.TestPeer, built on the parser; no Debian server implements
// RFC 2817 except cupsd, see docs/peers.md).
func TestProtocolTLSFixture(t *testing.T) {
	p, err := upgradecases.NewTestPeer(judge.TLS, upgradecases.NoDefect)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	target := "tcp://" + p.Addr() + "/"
	if code, out, errs := runCLI("suite", "--target", target, "--protocol", "tls", "--name", "fixture"); code != exitOK {
		t.Errorf("suite --protocol tls: exit %d; want 0\n%s%s", code, out, errs)
	}
	code, out, errs := runCLI("diff", "--target", target, "--protocol", "tls", "--name", "fixture", "--cases", "50", "--log", "",
		"--baseline", filepath.Join(t.TempDir(), "none.json"), "--update-baseline")
	if m := serverRow.FindStringSubmatch(out); code == exitError || m == nil || m[1] != "fixture" {
		t.Fatalf("diff --protocol tls: exit %d\n%s%s", code, out, errs)
	}
	// A websocket preflight against a TLS server fails: the protocol
	// decides the preflight.
	if code, _, errs := runCLI("suite", "--target", target); code != exitError || !strings.Contains(errs, "RFC 6455") {
		t.Errorf("websocket suite against a TLS server: exit %d, %s", code, errs)
	}
	if code, _, _ := runCLI("diff", "--protocol", "h2c", "--log", ""); code != exitError {
		t.Errorf("--protocol without --target: exit %d; want 2", code)
	}
	if code, _, _ := runCLI("diff", "--target", target, "--protocol", "spdy", "--log", ""); code != exitError {
		t.Errorf("--protocol spdy: exit %d; want 2", code)
	}
}

// cupsd answers RFC 2817's Upgrade: TLS/1.0 with a 101: the TLS preflight
// passes and the TLS cases are judged.
func TestRealTLSCups(t *testing.T) {
	port := freePort(t)
	startPeer(t, "cupsd", "cups-tls@gotest", port)
	target := "tcp://127.0.0.1:" + port + "/"
	code, out, errs := runCLI("suite", "--target", target, "--protocol", "tls", "--name", "cups-tls")
	if code == exitError || !regexp.MustCompile(`server cups-tls: (\d\d+) cases: `).MatchString(out) {
		t.Fatalf("suite --protocol tls against cupsd: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("suite against cupsd:\n%s", out)
	code, out, errs = runCLI("diff", "--target", target, "--protocol", "tls", "--name", "cups-tls", "--cases", "50",
		"--log", "", "--no-minimize", "--baseline", filepath.Join(t.TempDir(), "none.json"), "--update-baseline")
	if m := serverRow.FindStringSubmatch(out); code == exitError || m == nil || atoi(m[2]) < 10 {
		t.Fatalf("diff --protocol tls against cupsd: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("diff against cupsd:\n%s", out)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
