package campaign

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestInputLen(t *testing.T) {
	for _, tc := range []struct {
		file string
		want int
	}{
		{"go test fuzz v1\n[]byte(\"BUG!\")\n", 4},
		{"go test fuzz v1\n[]byte(\"\\x00\\r\\n\")\nstring(\"ab\")\nint(7)\n", 5},
		{"go test fuzz v1\n", 0},
	} {
		if got := inputLen([]byte(tc.file)); got != tc.want {
			t.Errorf("inputLen(%q) = %d; want %d", tc.file, got, tc.want)
		}
	}
}

func TestMergeNew(t *testing.T) {
	cache, pkg := t.TempDir(), t.TempDir()
	write := func(path, body string, mtime time.Time) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	since := time.Now().Add(-time.Minute)
	write(filepath.Join(cache, "FuzzX", "old"), "old", since.Add(-time.Hour))
	write(filepath.Join(cache, "FuzzX", "new"), "new", since.Add(time.Second))
	write(filepath.Join(cache, "FuzzX", "kept"), "from cache", since.Add(time.Second))
	write(filepath.Join(pkg, "testdata", "fuzz", "FuzzX", "kept"), "committed", since)

	n, err := mergeNew(cache, pkg, "FuzzX", since)
	if err != nil || n != 1 {
		t.Fatalf("mergeNew = %d, %v; want 1 file merged", n, err)
	}
	dst := filepath.Join(pkg, "testdata", "fuzz", "FuzzX")
	for name, want := range map[string]string{"new": "new", "kept": "committed", "old": ""} {
		b, err := os.ReadFile(filepath.Join(dst, name))
		if got := string(b); got != want || (want == "" && err == nil) {
			t.Errorf("testdata %s = %q, %v; want %q", name, got, err, want)
		}
	}
	if n, err := mergeNew(cache, pkg, "FuzzNone", since); n != 0 || err != nil {
		t.Errorf("mergeNew of a target with no cache = %d, %v; want 0, nil", n, err)
	}
}
