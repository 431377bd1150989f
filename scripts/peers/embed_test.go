package peers

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtractCarriesEveryScript: every file of the directory but the Go
// ones is extracted, byte for byte, shell scripts executable; a second
// Extract reuses the first.
func TestExtractCarriesEveryScript(t *testing.T) {
	cache := t.TempDir()
	root, err := Extract(cache)
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".go") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		n++
		want, err := os.ReadFile(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(root, "scripts/peers", e.Name())
		got, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: not extracted as it is (%v)", e.Name(), err)
			continue
		}
		if st, _ := os.Stat(p); strings.HasSuffix(e.Name(), ".sh") && st.Mode()&0o100 == 0 {
			t.Errorf("%s: not executable", e.Name())
		}
	}
	if n == 0 {
		t.Fatal("no scripts in the directory")
	}
	if _, err := os.Stat(filepath.Join(root, ClientDriver)); err != nil {
		t.Errorf("no client driver: %v", err)
	}
	again, err := Extract(cache)
	if err != nil || again != root {
		t.Errorf("second Extract: %q, %v; want %q", again, err, root)
	}
}
