package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/scan"
)

// TestSoakMemory runs spravka -j 2 over 500 pages (the sample pages of
// scans/, copied under other names) and samples the child's resident memory
// every second: it reports the peak (VmHWM) and how resident memory grows
// per page over the second half of the run, and fails when the peak reaches
// 600 MB or memory grows by more than growthLimit a page.
//
//	SOAK=1 go test -run SoakMemory -v -timeout 2h ./cmd/spravka   (make soak)
//
// SOAK_PAGES sets another number of pages; SOAK_BINARY runs another build
// of spravka (a baseline) instead of this one.
func TestSoakMemory(t *testing.T) {
	if os.Getenv("SOAK") == "" {
		t.Skip("a soak run: set SOAK=1 (make soak)")
	}
	needTools(t)
	const (
		peakLimit   = 600 << 20
		growthLimit = 250 << 10
	)
	want := 500
	if n, err := strconv.Atoi(os.Getenv("SOAK_PAGES")); err == nil && n > 0 {
		want = n
	}
	in, out := t.TempDir(), t.TempDir()
	pages := copyScans(t, in, want)

	bin := binary
	if b := os.Getenv("SOAK_BINARY"); b != "" {
		bin = b
	}
	cmd := exec.Command(bin, "run", in, "-o", out, "-j", "2", "--progress", "none", "-q")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var samples []sample
	var err error
	for tick := time.NewTicker(time.Second); ; {
		select {
		case err = <-exited:
			tick.Stop()
		case <-tick.C:
			rss, peak, ok := memory(cmd.Process.Pid)
			if ok {
				samples = append(samples, sample{records(t, out), rss, peak})
			}
			continue
		}
		break
	}
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("spravka: %v\n%s", err, errb.String())
	}
	var sum record.Summary
	readJSON(t, filepath.Join(out, "summary.json"), &sum)
	if sum.Pages.OK != pages {
		t.Fatalf("%d of %d pages ok", sum.Pages.OK, pages)
	}
	if len(samples) < 10 {
		t.Fatalf("only %d samples", len(samples))
	}

	// growth: least squares of resident memory on pages written, over the
	// samples of the second half of the run
	var half []sample
	for _, s := range samples {
		if s.done >= pages/2 && s.done < pages {
			half = append(half, s)
		}
	}
	var n, sx, sy, sxx, sxy float64
	for _, s := range half {
		x, y := float64(s.done), s.rss
		n, sx, sy, sxx, sxy = n+1, sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	peak := samples[len(samples)-1].peak
	mb := func(b float64) string { return fmt.Sprintf("%.0f MB", b/(1<<20)) }
	t.Logf("%d pages, -j 2, %v (%.2f s a page)", pages, wall.Round(time.Second), wall.Seconds()/float64(pages))
	t.Logf("peak resident (VmHWM) %s; resident at a quarter %s, half %s, three quarters %s, end %s",
		mb(peak), mb(at(samples, pages/4)), mb(at(samples, pages/2)), mb(at(samples, 3*pages/4)), mb(at(samples, pages)))
	t.Logf("growth over the second half: %.1f kB a page (%d samples)", slope/1024, len(half))
	if peak >= peakLimit {
		t.Errorf("peak resident memory %s, over %s", mb(peak), mb(peakLimit))
	}
	if slope > growthLimit {
		t.Errorf("resident memory grows %.0f kB a page over the second half, over %d kB", slope/1024, growthLimit>>10)
	}
}

// copyScans copies the sample pages of scans/ (with their transcriptions)
// into dir under numbered names until there are at least n pages; it
// returns the number of pages.
func copyScans(t *testing.T, dir string, n int) int {
	t.Helper()
	srcs, err := scan.Discover(scansDir)
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for copyNo := 1; pages < n; copyNo++ {
		for _, s := range srcs {
			stem := strings.TrimSuffix(s.Path, filepath.Ext(s.Path))
			files, _ := filepath.Glob(stem + ".*gt.txt")
			for _, f := range append(files, s.Path) {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("c%03d-%s", copyNo, filepath.Base(f))), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			pages += s.Pages
		}
	}
	return pages
}

// memory reads the resident memory (VmRSS) and its peak (VmHWM) of a process.
func memory(pid int) (rss, peak float64, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || f[2] != "kB" {
			continue
		}
		v, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			rss = v * 1024
		case "VmHWM:":
			peak = v * 1024
		}
	}
	return rss, peak, rss > 0
}

// records counts the page records written under out.
func records(t *testing.T, out string) int {
	m, err := filepath.Glob(filepath.Join(out, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

// sample is the child's memory (bytes) when done pages had been written.
type sample struct {
	done      int
	rss, peak float64
}

// at returns the resident memory of the first sample with at least done pages written.
func at(samples []sample, done int) float64 {
	for _, s := range samples {
		if s.done >= done {
			return s.rss
		}
	}
	return samples[len(samples)-1].rss
}
