//go:build unix

package preprocess

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the processor time the process has used so far (user and
// system, every thread: the garbage collector's work counts too).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the processor time per operation since start to a
// benchmark's results: on a machine shared with other work, wall time per
// operation grows with the load, processor time much less.
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}
