package oracle

import (
	"runtime"
	"runtime/debug"
	"sync"
)

var buildDeps = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			v := d.Version
			if d.Replace != nil {
				v = d.Replace.Version
			}
			m[d.Path] = v
		}
	}
	return m
})

// ModuleVersion returns the version of a Go module linked into this
// binary, the Go version for "" (the standard library), or "unknown".
func ModuleVersion(module string) string {
	if module == "" {
		return runtime.Version()
	}
	if v, ok := buildDeps()[module]; ok {
		return v
	}
	return "unknown"
}
