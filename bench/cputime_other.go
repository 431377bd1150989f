//go:build !linux

package bench

// processCPU reports false: the process's CPU time is read on Linux only.
func processCPU() (int64, bool) { return 0, false }
