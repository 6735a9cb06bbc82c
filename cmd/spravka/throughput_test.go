package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/record"
)

// BenchmarkRunVsTesseract measures spravka run -j 2 against its baseline,
// the tesseract command run page after page as a user would
// (tesseract IMG out -l rus, OMP_THREAD_LIMIT=1), on the eight clean and
// the twelve degraded pages of testtools.PageSet. Each iteration runs both,
// in alternating order, so that a shared machine's load falls on both alike.
// Per run of the set:
//
//   - tesseract-s, spravka-s: wall seconds; speedup: their ratio (spravka
//     -j 2 should approach 2 on two idle cores);
//
//   - tesseract-cpu-s, spravka-cpu-s: processor seconds of the processes;
//
//   - own-%: spravka's own stages (decode, web copy, preprocess, correct,
//     write) as a share of its OCR stage, in summary.json's stage seconds;
//
//   - peak-MB: spravka's peak resident memory (maxrss);
//
//   - load: the one-minute load average when the benchmark began.
//
//     make bench-throughput   (go test -run '^$' -bench RunVsTesseract -benchtime 3x ./cmd/spravka)
func BenchmarkRunVsTesseract(b *testing.B) {
	testtools.Tesseract(b, "rus")
	testtools.Hunspell(b, "ru_RU")
	tess := testtools.Command(b, "tesseract", "tesseract-ocr")
	for _, set := range []string{"clean", "degraded"} {
		b.Run(set, func(b *testing.B) {
			in, images := testtools.PageSet(b, "../..", set)
			load := loadAverage()
			var base, ours, baseCPU, oursCPU time.Duration
			var own, peak float64
			i := 0
			for b.Loop() {
				for k := range 2 {
					if (k+i)%2 == 0 {
						wall, cpu := tesseractPages(b, tess, images)
						base, baseCPU = base+wall, baseCPU+cpu
						continue
					}
					wall, cpu, share, rss := spravkaRun(b, in)
					ours, oursCPU = ours+wall, oursCPU+cpu
					own += share
					peak = max(peak, rss)
				}
				i++
			}
			n := float64(i)
			b.ReportMetric(base.Seconds()/n, "tesseract-s")
			b.ReportMetric(ours.Seconds()/n, "spravka-s")
			b.ReportMetric(base.Seconds()/ours.Seconds(), "speedup")
			b.ReportMetric(baseCPU.Seconds()/n, "tesseract-cpu-s")
			b.ReportMetric(oursCPU.Seconds()/n, "spravka-cpu-s")
			b.ReportMetric(own/n, "own-%")
			b.ReportMetric(peak, "peak-MB")
			b.ReportMetric(load, "load")
		})
	}
}

// tesseractPages runs the tesseract command on each image in turn and
// returns the wall and processor time of all of them.
func tesseractPages(b *testing.B, tess string, images []string) (wall, cpu time.Duration) {
	out := b.TempDir()
	start := time.Now()
	for i, img := range images {
		cmd := exec.Command(tess, img, filepath.Join(out, strconv.Itoa(i)), "-l", "rus")
		cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("tesseract %s: %v\n%s", img, err, msg)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	return time.Since(start), cpu
}

// spravkaRun runs spravka run -j 2 on in and returns its wall and processor
// time, its own stages' share of the OCR stage (percent, from summary.json)
// and its peak resident memory in MB.
func spravkaRun(b *testing.B, in string) (wall, cpu time.Duration, own, peakMB float64) {
	out := b.TempDir()
	cmd := exec.Command(binary, "run", in, "-o", out, "-j", "2", "--progress", "none", "-q")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	start := time.Now()
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("spravka: %v\n%s", err, msg)
	}
	wall = time.Since(start)
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peakMB = float64(ru.Maxrss) / 1024
	}
	var sum record.Summary
	readJSON(b, filepath.Join(out, "summary.json"), &sum)
	st := sum.Timing.Stages
	if ocr := st["ocr"]; ocr > 0 {
		own = 100 * (st["decode"] + st["web"] + st["preprocess"] + st["correct"] + st["write"]) / ocr
	}
	return wall, cpu, own, peakMB
}

// loadAverage is the one-minute load average (0 when unknown).
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	v, _ := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	return v
}
