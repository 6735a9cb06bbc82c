package testtools

import (
	"testing"
	"time"
)

// ReportCPU adds to a benchmark's results the processor time per operation
// since start (a CPUTime reading taken before the loop), as cpu-ns/op. On a
// machine shared with other work, wall time per operation grows with the
// load and processor time much less, so ratios against a baseline are best
// taken from it.
func ReportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 && start > 0 {
		b.ReportMetric(float64(CPUTime()-start)/float64(b.N), "cpu-ns/op")
	}
}
