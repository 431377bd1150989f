package bench

import "syscall"

// processCPU returns the CPU time the process has used, user and system,
// in nanoseconds (getrusage RUSAGE_SELF), and true. It counts every
// thread: with -cpu 1 that is the benchmark, its garbage collection and
// the runtime's own upkeep.
func processCPU() (int64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
