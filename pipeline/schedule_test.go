package pipeline

import (
	"bytes"
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/preprocess"
	"github.com/spravka/spravka/pipeline/record"
)

// sleepyEngine is a fakeEngine that takes a while over each page, as a real
// one does, so that the queue before the recognisers fills.
type sleepyEngine struct {
	*fakeEngine
	d time.Duration
}

func (e *sleepyEngine) HOCR(ctx context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error) {
	time.Sleep(e.d)
	return e.fakeEngine.HOCR(ctx, img, dpi, vars)
}

// manyPages writes n small pages.
func manyPages(t *testing.T, n int) string {
	in := t.TempDir()
	for i := range n {
		writePNG(t, filepath.Join(in, "p"+string(rune('a'+i/26))+string(rune('a'+i%26))+".png"), 100+i, 60)
	}
	return in
}

// TestScheduleBoundsMemory runs 40 pages through 3 recognisers slower than
// their helpers: at most N + Q + H pages hold their images at once, and
// more than N (a page waits ready for each recogniser); N page workers hold
// N at most.
func TestScheduleBoundsMemory(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sched   schedule
		workers int
		most    int
		fewest  int
	}{
		{"staged, -j 3", schedule{}, 3, 3 + 2 + 2, 4},
		{"staged, -j 1", schedule{}, 1, 1 + 1 + 1, 2},
		{"page workers, -j 3", schedule{pageWorkers: true}, 3, 3, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, out := manyPages(t, 40), t.TempDir()
			var calls atomic.Int64
			cfg, _ := testConfig(t, in, out, &calls)
			cfg.Workers, cfg.sched = tc.workers, tc.sched
			newEngine := cfg.NewEngine
			cfg.NewEngine = func() (ocr.Engine, error) {
				e, err := newEngine()
				return &sleepyEngine{e.(*fakeEngine), 20 * time.Millisecond}, err
			}
			sum, err := Run(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Pages.OK != 40 || calls.Load() != 40 {
				t.Fatalf("pages %+v, %d recognitions", sum.Pages, calls.Load())
			}
			if h := sum.Timing.PagesHeld; h > tc.most || h < tc.fewest {
				t.Errorf("%d pages held at once, want %d..%d", h, tc.fewest, tc.most)
			}
		})
	}
}

// TestSchedulesAgree: staged workers and page workers write the same files,
// byte for byte, and the summary lists the pages in input order.
func TestSchedulesAgree(t *testing.T) {
	in := testInput(t)
	var sum *record.Summary
	run := func(s schedule) string {
		out := t.TempDir()
		var calls atomic.Int64
		cfg, _ := testConfig(t, in, out, &calls)
		cfg.sched = s
		cfg.Preprocess = preprocess.ModeAuto
		var err error
		if sum, err = Run(t.Context(), cfg); err == nil {
			t.Fatal("want the failed pages of testInput")
		}
		return out
	}
	b, a := run(schedule{pageWorkers: true}), run(schedule{})
	files := 0
	err := filepath.WalkDir(a, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, path)
		if strings.HasPrefix(rel, ".spravka") || rel == "summary.json" || rel == "index.html" {
			return nil
		}
		files++
		x, _ := os.ReadFile(path)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between the schedules (%v)", rel, err)
		}
		return nil
	})
	if err != nil || files < 40 {
		t.Fatalf("%d files compared (%v)", files, err)
	}
	var names []string
	for _, r := range sum.Records {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, " "); got != "a book.p1 book.p2 book.p3 broken c engine-fails sub/b" {
		t.Errorf("summary lists %s", got)
	}
}

// TestInterruptWhilePreparing stops a run while a large page is being
// preprocessed (the engine stops it as it reads the page before): the page
// is not finished, not failed, and has no record.
func TestInterruptWhilePreparing(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writePNG(t, filepath.Join(in, "a.png"), 101, 50)
	writePNG(t, filepath.Join(in, "b.png"), 3000, 4000)
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	cfg.Workers, cfg.Preprocess = 1, preprocess.ModeBest
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	newEngine := cfg.NewEngine
	cfg.NewEngine = func() (ocr.Engine, error) {
		e, err := newEngine()
		return &cancelEngine{e.(*fakeEngine), cancel}, err
	}
	sum, err := Run(ctx, cfg)
	if !errors.Is(err, context.Canceled) || !sum.Interrupted {
		t.Fatalf("err %v, interrupted %v", err, sum.Interrupted)
	}
	if sum.Pages.Failed != 0 || !slices.Contains(sum.NotFinished, "b") {
		t.Errorf("pages %+v, not finished %v: want b not finished, none failed", sum.Pages, sum.NotFinished)
	}
	if _, err := os.Stat(filepath.Join(out, "b.json")); err == nil {
		t.Error("the page stopped has a record")
	}
}

// cancelEngine stops the run as it reads the first page.
type cancelEngine struct {
	*fakeEngine
	cancel func()
}

func (e *cancelEngine) HOCR(ctx context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error) {
	e.cancel()
	return e.fakeEngine.HOCR(ctx, img, dpi, vars)
}
