package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/pprof/profile"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/correct"
	"github.com/spravka/spravka/pipeline/hunspell"
	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/preprocess"
	"github.com/spravka/spravka/pipeline/tesseract"
)

// realConfig is the configuration spravka run makes, reading in into out
// with n workers: Tesseract as run sets it up, the default lexicon and
// Hunspell's Russian dictionary.
func realConfig(b *testing.B, in, out string, n int, mode preprocess.Mode) Config {
	b.Helper()
	testtools.Tesseract(b, "rus")
	testtools.OneThread(b)
	testtools.Hunspell(b, "ru_RU")
	lex, err := lexicon.Default()
	if err != nil {
		b.Fatal(err)
	}
	dict, err := hunspell.OpenDefault("ru_RU")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { dict.Close() })
	corr, err := correct.New(lex, dict, correct.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	tc := tesseract.Config{Lang: "rus", Raw: mode == preprocess.ModeNone, Blacklist: tesseract.Blacklist, Choices: true}
	return Config{Input: in, Output: out, Workers: n, Preprocess: mode, Prep: preprocess.DefaultOptions(),
		NewEngine: func() (ocr.Engine, error) { return tesseract.New(tc) },
		Corrector: corr, Judge: corr, Version: "bench"}
}

// measured is one run's cost.
type measured struct {
	wall, cpu, idle time.Duration
	held            int
	rss             float64 // peak resident memory sampled during the run, MB
}

// runMeasured runs cfg into a fresh output folder and measures it.
func runMeasured(b *testing.B, cfg Config) measured {
	b.Helper()
	cfg.Output = b.TempDir()
	stop := make(chan struct{})
	var peak float64
	var wg sync.WaitGroup
	wg.Go(func() {
		for t := time.NewTicker(20 * time.Millisecond); ; {
			peak = max(peak, residentMB())
			select {
			case <-stop:
				t.Stop()
				return
			case <-t.C:
			}
		}
	})
	cpu, start := testtools.CPUTime(), time.Now()
	sum, err := Run(context.Background(), cfg)
	m := measured{wall: time.Since(start), cpu: testtools.CPUTime() - cpu}
	close(stop)
	wg.Wait()
	if err != nil {
		b.Fatal(err)
	}
	m.idle = time.Duration(sum.Timing.OCRIdle * float64(time.Second))
	m.held, m.rss = sum.Timing.PagesHeld, peak
	return m
}

// residentMB is the process's resident memory in MB.
func residentMB() float64 {
	s, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(s))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.Atoi(f[1])
	return float64(pages*os.Getpagesize()) / (1 << 20)
}

// BenchmarkSchedule compares staged workers (the run's schedule) with N
// page workers that each take a page through every stage, on the twelve
// degraded pages (testtools.PageSet), with real Tesseract and correction, at
// -j 1 and -j 2. Each iteration runs both, in alternating order; the metrics
// are per run of the twelve pages: wall and processor seconds, the seconds
// the recognisers waited for a page (for page workers: the time their
// worker spent preparing and correcting), the most pages holding images at
// once and the peak resident memory.
//
//	go test -run '^$' -bench Schedule -benchtime 3x ./pipeline
func BenchmarkSchedule(b *testing.B) {
	in, _ := testtools.PageSet(b, "..", "degraded")
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("j%d", n), func(b *testing.B) {
			cfg := realConfig(b, in, "", n, preprocess.ModeAuto)
			scheds := []struct {
				name string
				s    schedule
			}{{"staged", schedule{}}, {"pages", schedule{pageWorkers: true}}}
			total := map[string]measured{}
			i := 0
			for b.Loop() {
				for k := range scheds {
					sc := scheds[(k+i)%len(scheds)]
					c := cfg
					c.sched = sc.s
					m := runMeasured(b, c)
					t := total[sc.name]
					t.wall, t.cpu, t.idle = t.wall+m.wall, t.cpu+m.cpu, t.idle+m.idle
					t.held, t.rss = max(t.held, m.held), max(t.rss, m.rss)
					total[sc.name] = t
				}
				i++
			}
			for _, sc := range scheds {
				t := total[sc.name]
				b.ReportMetric(t.wall.Seconds()/float64(i), sc.name+"-s")
				b.ReportMetric(t.cpu.Seconds()/float64(i), sc.name+"-cpu-s")
				b.ReportMetric(t.idle.Seconds()/float64(i), sc.name+"-idle-s")
				b.ReportMetric(float64(t.held), sc.name+"-held")
				b.ReportMetric(t.rss, sc.name+"-peak-MB")
			}
			b.ReportMetric(total["pages"].wall.Seconds()/total["staged"].wall.Seconds(), "staged-speedup")
		})
	}
}

// BenchmarkStageCPU runs the page sets through staged workers at -j 2 under
// the CPU profiler and splits the processor time by the pprof label "stage"
// (Run sets it for every stage; Tesseract's recognition is "ocr"): own-% is
// spravka's own stages (decode, web copy, preprocess, correct, write) as a
// share of the ocr stage's processor time. "other" is what no stage ran
// (the garbage collector's background work, start-up). With STAGECPU_PROFILE=dir each run's profile is kept in
// dir, for go tool pprof (-tagfocus=stage=web, say).
//
//	go test -run '^$' -bench StageCPU ./pipeline
func BenchmarkStageCPU(b *testing.B) {
	for _, set := range []string{"clean", "degraded"} {
		b.Run(set, func(b *testing.B) {
			in, _ := testtools.PageSet(b, "..", set)
			cfg := realConfig(b, in, "", 2, preprocess.ModeAuto)
			byStage := map[string]time.Duration{}
			for b.Loop() {
				var prof bytes.Buffer
				if err := pprof.StartCPUProfile(&prof); err != nil {
					b.Skipf("CPU profile: %v (run without -cpuprofile)", err)
				}
				runMeasured(b, cfg)
				pprof.StopCPUProfile()
				if dir := os.Getenv("STAGECPU_PROFILE"); dir != "" {
					// keep the profile for go tool pprof
					name := filepath.Join(dir, fmt.Sprintf("stagecpu-%s-%d.pprof", set, time.Now().UnixNano()))
					if err := os.MkdirAll(dir, 0o755); err != nil {
						b.Fatal(err)
					}
					if err := os.WriteFile(name, prof.Bytes(), 0o644); err != nil {
						b.Fatal(err)
					}
				}
				p, err := profile.Parse(&prof)
				if err != nil {
					b.Fatal(err)
				}
				for _, s := range p.Sample {
					st := "other"
					if l := s.Label["stage"]; len(l) > 0 {
						st = l[0]
					}
					byStage[st] += time.Duration(s.Value[1]) // cpu nanoseconds
				}
			}
			var own time.Duration
			for st, d := range byStage {
				b.ReportMetric(d.Seconds()/float64(b.N), st+"-cpu-s")
				if st != stOCR && st != "other" {
					own += d
				}
			}
			b.ReportMetric(100*own.Seconds()/byStage[stOCR].Seconds(), "own-%")
		})
	}
}
