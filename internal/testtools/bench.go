package testtools

import (
	"os"
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

// OneThread fails a benchmark that runs Tesseract in this process without
// OMP_THREAD_LIMIT=1 (make sets it): OpenMP then spins threads beside every
// recognition, and on two cores its waiting was measured at 15 of 27 s of
// processor time, which makes the OCR stage look half again as long. The
// variable is read when the library loads, so it must be set before the
// test binary starts.
func OneThread(b *testing.B) {
	b.Helper()
	if os.Getenv("OMP_THREAD_LIMIT") != "1" {
		b.Fatal("OMP_THREAD_LIMIT is not 1: run the benchmark as make bench does (OMP_THREAD_LIMIT=1 go test -bench ...)")
	}
}
