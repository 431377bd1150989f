package campaign

import (
	"os"
	"path/filepath"
	"time"
)

// mergeNew copies the inputs the engine added to the fuzz cache for target
// since since (its new interesting inputs: the cache is
// $GOCACHE/fuzz/<import path>/<Target>/) into the package's
// testdata/fuzz/<Target>/, where plain go test replays them and where they
// can be committed. Files already in testdata are left alone. It returns
// how many it copied.
func mergeNew(cacheDir, pkgDir, target string, since time.Time) (int, error) {
	src := filepath.Join(cacheDir, target)
	entries, err := os.ReadDir(src)
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	dst := filepath.Join(pkgDir, "testdata", "fuzz", target)
	n := 0
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || info.ModTime().Before(since) {
			continue
		}
		to := filepath.Join(dst, e.Name())
		if _, err := os.Stat(to); err == nil {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return n, err
		}
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return n, err
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
