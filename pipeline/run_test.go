package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/preprocess"
	"github.com/spravka/spravka/pipeline/record"
)

// fakeEngine "reads" a page by reporting its size, so each page's text says
// which image it came from; it fails on images exactly failWidth wide, and
// reads an image slowWidth wide until ctx is done (calling onSlow first).
type fakeEngine struct {
	calls     *atomic.Int64
	failWidth int
	slowWidth int
	onSlow    func()
	closed    atomic.Int32
}

func (e *fakeEngine) HOCR(ctx context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error) {
	e.calls.Add(1)
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if w == e.failWidth {
		return "", errors.New("engine exploded")
	}
	if w == e.slowWidth {
		if e.onSlow != nil {
			e.onSlow()
		}
		<-ctx.Done()
		return "", context.Cause(ctx)
	}
	if w == 78 {
		panic("index out of range in the engine")
	}
	return fmt.Sprintf(`<div class='ocr_page' title='bbox 0 0 %d %d'><p class='ocr_par' title='bbox 1 1 9 9'>
<span class='ocr_line' title='bbox 1 1 9 9'><span class='ocrx_word' title='bbox 1 1 4 4; x_wconf 90'>страница</span>
<span class='ocrx_word' title='bbox 5 1 9 4; x_wconf 40'>%dx%d</span></span>
<span class='ocr_line' title='bbox 1 5 9 9'><span class='ocrx_word' title='bbox 1 5 9 9; x_wconf 30'>Рабузов</span></span></p></div>`,
		w, h, w, h), nil
}
func (e *fakeEngine) Settings() ocr.Settings {
	return ocr.Settings{Version: "fake 1.0", Lang: "rus", PSM: 3}
}
func (e *fakeEngine) Close() error {
	if e.closed.Add(1) > 1 {
		panic("closed twice")
	}
	return nil
}

// fakeCorrector knows one misreading.
type fakeCorrector struct{}

func (fakeCorrector) Correct(p *page.Page, pageNo int) (*page.Page, []page.Correction) {
	c := p.Clone()
	var out []page.Correction
	for _, lr := range c.Lines() {
		for wi := range lr.Line.Words {
			w := &lr.Line.Words[wi]
			if w.Text == "Рабузов" {
				w.Text = "Разуваев"
				b := w.Box
				out = append(out, page.Correction{Page: pageNo, Line: lr.No, Word: wi, Words: 1, Box: &b,
					From: "Рабузов", To: "Разуваев", Rule: page.RuleLexicon, Score: 1, Conf: w.Conf, Applied: true})
			}
		}
	}
	return c, out
}

func writePNG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	img.Set(w/2, h/2, color.Gray{0})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// testInput builds a folder: three good pages (one in a subfolder, one with a
// transcription), a two-page TIFF, one undecodable "JPEG", and one page the
// engine fails on.
func testInput(t *testing.T) string {
	t.Helper()
	in := t.TempDir()
	writePNG(t, filepath.Join(in, "a.png"), 101, 50)
	writePNG(t, filepath.Join(in, "sub/b.png"), 102, 50)
	writePNG(t, filepath.Join(in, "c.png"), 103, 50)
	os.WriteFile(filepath.Join(in, "c.gt.txt"), []byte("страница 103x50\nРазуваев\n"), 0o644)
	os.WriteFile(filepath.Join(in, "broken.jpg"), []byte("\xff\xd8\xff\xe0 this is not a jpeg"), 0o644)
	writePNG(t, filepath.Join(in, "engine-fails.png"), 77, 50)
	tif, err := os.ReadFile("scan/testdata/multipage.tif")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "book.tif"), tif, 0o644)
	return in
}

func testConfig(t *testing.T, in, out string, calls *atomic.Int64) (Config, *[]*fakeEngine) {
	var mu sync.Mutex
	var engines []*fakeEngine
	return Config{
		Input: in, Output: out, Workers: 3,
		Preprocess: preprocess.ModeNone, Prep: preprocess.DefaultOptions(), DPI: 300,
		NewEngine: func() (ocr.Engine, error) {
			e := &fakeEngine{calls: calls, failWidth: 77}
			mu.Lock()
			engines = append(engines, e)
			mu.Unlock()
			return e, nil
		},
		Corrector: fakeCorrector{}, Version: "test",
	}, &engines
}

func readRecord(t *testing.T, out, name string) record.Page {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var r record.Page
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRunIsolatesFailedPages(t *testing.T) {
	in, out := testInput(t), t.TempDir()
	var calls atomic.Int64
	cfg, engines := testConfig(t, in, out, &calls)
	sum, err := Run(context.Background(), cfg)
	if !errors.Is(err, ErrPagesFailed) {
		t.Fatalf("Run error %v, want ErrPagesFailed", err)
	}
	if sum.Pages.Total != 8 || sum.Pages.OK != 6 || sum.Pages.Failed != 2 {
		t.Fatalf("pages %+v", sum.Pages)
	}
	for _, e := range *engines {
		if e.closed.Load() != 1 {
			t.Errorf("engine closed %d times", e.closed.Load())
		}
	}
	if len(*engines) != 3 {
		t.Errorf("%d engines for 3 workers", len(*engines))
	}

	// every good page has all its files, with its own text
	good := map[string]string{"a": "101x50", "sub/b": "102x50", "c": "103x50", "book.p1": "60x40", "book.p2": "60x40", "book.p3": "60x40"}
	for name, size := range good {
		txt, err := os.ReadFile(filepath.Join(out, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if want := "страница " + size + "\nРазуваев\n"; string(txt) != want {
			t.Errorf("%s.txt = %q, want %q", name, txt, want)
		}
		raw, _ := os.ReadFile(filepath.Join(out, name+".ocr.txt"))
		if want := "страница " + size + "\nРабузов\n"; string(raw) != want {
			t.Errorf("%s.ocr.txt = %q, want %q", name, raw, want)
		}
		for _, ext := range []string{".hocr", ".alto.xml"} {
			if _, err := os.Stat(filepath.Join(out, name+ext)); err != nil {
				t.Error(err)
			}
		}
		rec := readRecord(t, out, name)
		if rec.Status != "ok" || rec.Correction.Applied != 1 || rec.Correction.Corrections[0].To != "Разуваев" {
			t.Errorf("%s record: %+v", name, rec)
		}
		if rec.OCR.Engine != "fake 1.0" || rec.OCR.Words != 3 || *rec.OCR.MeanConf != 53.33 {
			t.Errorf("%s OCR record: %+v", name, rec.OCR)
		}
		want := []string{".txt", ".ocr.txt", ".hocr", ".alto.xml", ".web.jpg", ".html"}
		for i := range want {
			want[i] = name + want[i]
		}
		if !slices.Equal(rec.Outputs, want) {
			t.Errorf("%s outputs %v, want %v", name, rec.Outputs, want)
		}
	}
	if r := readRecord(t, out, "book.p2"); r.PageNo != 2 || r.Pages != 3 || r.Input != "book.tif" {
		t.Errorf("multi-page record %+v", r)
	}

	// failed pages: a record naming the file and the problem, and no other output
	for name, want := range map[string]string{"broken": "decode broken.jpg: reading jpeg header", "engine-fails": "ocr engine-fails.png: engine exploded"} {
		rec := readRecord(t, out, name)
		if rec.Status != "failed" || !strings.Contains(rec.Error, want) {
			t.Errorf("%s: status %s error %q, want %q", name, rec.Status, rec.Error, want)
		}
		if _, err := os.Stat(filepath.Join(out, name+".txt")); err == nil {
			t.Errorf("%s.txt written for a failed page", name)
		}
	}
	if len(sum.Failed) != 2 || sum.Failed[0].Name != "broken" || sum.Failed[1].Name != "engine-fails" {
		t.Errorf("summary failures %+v", sum.Failed)
	}

	// the transcription beside c.png was found and measured
	c := readRecord(t, out, "c")
	if c.Truth == nil || c.Truth.File != "c.gt.txt" || c.Truth.Corrected.CER != 0 || c.Truth.Raw.Chars.Errors != 4 || c.Truth.Words.Fixed != 1 {
		t.Errorf("truth %+v", c.Truth)
	}
	if sum.Truth == nil || sum.Truth.Pages != 1 {
		t.Errorf("summary truth %+v", sum.Truth)
	}

	// summary.json and index.html exist; index lists every page in input order
	if _, err := os.Stat(filepath.Join(out, "summary.json")); err != nil {
		t.Error(err)
	}
	html, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html = html[bytes.Index(html, []byte(`id="pages-data"`)):]
	last := -1
	for _, name := range []string{"a", "book.p1", "book.p3", "broken", "c", "engine-fails", "sub/b"} {
		i := bytes.Index(html, []byte(`"name":"`+name+`"`))
		if i < 0 || i < last {
			t.Errorf("index.html: %s missing or out of order", name)
		}
		last = i
	}
	// no temporary files left
	filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if strings.HasSuffix(p, ".partial") {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}

// pageFiles returns every file under dir except summary.json (which holds
// timings) and spravka's bookkeeping (outdir.StateDir).
func pageFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err == nil && fi.IsDir() && fi.Name() == outdir.StateDir {
			return filepath.SkipDir
		}
		if err != nil || fi.IsDir() || fi.Name() == "summary.json" {
			return err
		}
		b, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = string(b)
		return nil
	})
	return files
}

func TestRunIsDeterministic(t *testing.T) {
	in := testInput(t)
	var calls atomic.Int64
	var runs []map[string]string
	for _, workers := range []int{1, 3} {
		out := t.TempDir()
		cfg, _ := testConfig(t, in, out, &calls)
		cfg.Workers = workers
		Run(context.Background(), cfg)
		runs = append(runs, pageFiles(t, out))
	}
	if len(runs[0]) < 30 {
		t.Fatalf("only %d files", len(runs[0]))
	}
	for name, a := range runs[0] {
		if runs[1][name] != a {
			t.Errorf("%s differs between -j 1 and -j 3:\n%s\n%s", name, a, runs[1][name])
		}
		if strings.Contains(a, in) {
			t.Errorf("%s holds the absolute input path", name)
		}
	}
	if len(runs[0]) != len(runs[1]) {
		t.Errorf("%d files vs %d", len(runs[0]), len(runs[1]))
	}
}

func TestRunResumes(t *testing.T) {
	in, out := testInput(t), t.TempDir()
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	Run(context.Background(), cfg)
	first := calls.Load()
	before := pageFiles(t, out)

	// change one page; delete an output of another
	writePNG(t, filepath.Join(in, "a.png"), 111, 50)
	os.Remove(filepath.Join(out, "c.alto.xml"))
	calls.Store(0)
	cfg.Resume = true
	sum, err := Run(context.Background(), cfg)
	if !errors.Is(err, ErrPagesFailed) {
		t.Fatal(err)
	}
	// redone: a (changed), c (incomplete), and the two failed pages
	if calls.Load() != 3 || sum.Pages.Skipped != 4 || sum.Pages.Total != 8 {
		t.Errorf("engine called %d times, skipped %d of %d; want 3 calls, 4 skipped (first run: %d calls)", calls.Load(), sum.Pages.Skipped, sum.Pages.Total, first)
	}
	after := pageFiles(t, out)
	if !strings.Contains(after["a.txt"], "111x50") {
		t.Errorf("changed page not redone: %q", after["a.txt"])
	}
	for _, name := range []string{"book.p2.txt", "book.p2.json", "c.alto.xml", "c.json"} {
		if after[name] != before[name] {
			t.Errorf("%s changed on resume", name)
		}
	}
}

func TestRunInterrupted(t *testing.T) {
	in, out := testInput(t), t.TempDir()
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	cfg.Workers = 1
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	cfg.Progress = progressFunc(func(*record.Page) {
		if n++; n == 2 {
			cancel()
		}
	})
	sum, err := Run(ctx, cfg)
	if !errors.Is(err, context.Canceled) || !sum.Interrupted {
		t.Fatalf("err %v, interrupted %v", err, sum.Interrupted)
	}
	done := sum.Pages.OK + sum.Pages.Failed
	if sum.Pages.Total != 8 || done >= 8 || sum.Pages.NotFinished != 8-done || len(sum.NotFinished) != 8-done {
		t.Errorf("pages %+v, not finished %v: want all 8 counted, the ones not finished named", sum.Pages, sum.NotFinished)
	}
	// every record written is complete: its outputs exist
	files := pageFiles(t, out)
	recs := 0
	for name := range files {
		if !strings.HasSuffix(name, ".json") {
			continue
		}
		recs++
		r := readRecord(t, out, strings.TrimSuffix(name, ".json"))
		for _, o := range r.Outputs {
			if _, ok := files[o]; !ok {
				t.Errorf("%s lists %s, which is missing", name, o)
			}
		}
	}
	if recs != done {
		t.Errorf("%d records for %d pages done", recs, done)
	}
	for _, name := range sum.NotFinished {
		if _, ok := files[name+".json"]; ok {
			t.Errorf("%s listed as not finished, but has a record", name)
		}
	}
}

// slowInput is a.png, b.png (79 pixels wide: the slow page) and c.png, read
// in that order by one worker.
func slowInput(t *testing.T) (Config, string, *[]*fakeEngine) {
	in, out := t.TempDir(), t.TempDir()
	writePNG(t, filepath.Join(in, "a.png"), 101, 50)
	writePNG(t, filepath.Join(in, "b.png"), 79, 50)
	writePNG(t, filepath.Join(in, "c.png"), 103, 50)
	var calls atomic.Int64
	cfg, engines := testConfig(t, in, out, &calls)
	cfg.Workers = 1
	newEngine := cfg.NewEngine
	cfg.NewEngine = func() (ocr.Engine, error) {
		e, err := newEngine()
		e.(*fakeEngine).slowWidth = 79
		return e, err
	}
	return cfg, out, engines
}

func TestRunPageTimeout(t *testing.T) {
	cfg, out, engines := slowInput(t)
	cfg.PageTimeout = 50 * time.Millisecond
	sum, err := Run(t.Context(), cfg)
	if !errors.Is(err, ErrPagesFailed) || sum.Pages.OK != 2 || sum.Pages.Failed != 1 {
		t.Fatalf("err %v, pages %+v", err, sum.Pages)
	}
	if rec := readRecord(t, out, "b"); rec.Status != "failed" || rec.Error != "ocr b.png: timed out after 50ms" {
		t.Errorf("slow page: status %s, error %q", rec.Status, rec.Error)
	}
	// the page after it, on the same engine, is read
	if len(*engines) != 1 {
		t.Fatalf("%d engines", len(*engines))
	}
	if txt, _ := os.ReadFile(filepath.Join(out, "c.txt")); !strings.Contains(string(txt), "103x50") {
		t.Errorf("c.txt = %q", txt)
	}
}

// TestRunInterruptStopsRecognition interrupts a run, once page a is written,
// while page b, which would never end, is being read: the recognition is
// stopped, Run returns, and the stopped page has no record: the summary
// lists it as not finished (a rerun with resume reads it).
func TestRunInterruptStopsRecognition(t *testing.T) {
	cfg, out, _ := slowInput(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var ready sync.WaitGroup // a written, b being read
	ready.Add(2)
	go func() {
		ready.Wait()
		cancel()
	}()
	newEngine := cfg.NewEngine
	cfg.NewEngine = func() (ocr.Engine, error) {
		e, err := newEngine()
		e.(*fakeEngine).onSlow = ready.Done
		return e, err
	}
	cfg.Progress = progressFunc(func(r *record.Page) {
		if r.Name == "a" {
			ready.Done()
		}
	})
	sum, err := Run(ctx, cfg)
	if !errors.Is(err, context.Canceled) || !sum.Interrupted {
		t.Fatalf("err %v, interrupted %v", err, sum.Interrupted)
	}
	if sum.Pages.OK != 1 || len(sum.Failed) != 0 || !slices.Equal(sum.NotFinished, []string{"b", "c"}) {
		t.Errorf("pages %+v, failed %+v, not finished %v: want a ok, b and c not finished", sum.Pages, sum.Failed, sum.NotFinished)
	}
	files := pageFiles(t, out)
	if _, ok := files["a.json"]; !ok {
		t.Error("the page read before the interrupt has no record")
	}
	if _, ok := files["b.json"]; ok {
		t.Errorf("the stopped page has a record: %s", files["b.json"])
	}
}

// TestRecogniseInterrupted tells a page stopped by the run's end, which is
// not written, from one that ran out of time, which fails.
func TestRecogniseInterrupted(t *testing.T) {
	var calls atomic.Int64
	e := &fakeEngine{calls: &calls, slowWidth: 79}
	for _, tc := range []struct {
		name        string
		timeout     time.Duration
		stop        bool
		interrupted bool
		err         string
	}{
		{"interrupted", 0, true, true, "ocr b.png: context canceled"},
		{"interrupted with a time limit", time.Hour, true, true, "ocr b.png: context canceled"},
		{"timed out", 20 * time.Millisecond, false, false, "ocr b.png: timed out after 20ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &runner{cfg: Config{PageTimeout: tc.timeout, Corrector: fakeCorrector{}}}
			j := &job{rec: &record.Page{Input: "b.png", Status: record.StatusOK}, timing: map[string]time.Duration{},
				prep: []*preprocess.Result{{Image: image.NewGray(image.Rect(0, 0, 79, 50)), DPI: 300}}}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if tc.stop {
				e.onSlow = cancel
			} else {
				e.onSlow = nil
			}
			r.recognise(ctx, e, j)
			if j.interrupted != tc.interrupted || j.rec.Error != tc.err {
				t.Errorf("interrupted %v, error %q; want %v, %q", j.interrupted, j.rec.Error, tc.interrupted, tc.err)
			}
		})
	}
}

type progressFunc func(*record.Page)

func (progressFunc) Start(int)             {}
func (f progressFunc) Done(r *record.Page) { f(r) }

func TestRunFatalErrors(t *testing.T) {
	in := testInput(t)
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, t.TempDir(), &calls)
	cfg.NewEngine = func() (ocr.Engine, error) { return nil, errors.New("no rus data") }
	if _, err := Run(context.Background(), cfg); err == nil || errors.Is(err, ErrPagesFailed) || !strings.Contains(err.Error(), "no rus data") {
		t.Errorf("engine failure: %v", err)
	}
	cfg, _ = testConfig(t, filepath.Join(in, "nope"), t.TempDir(), &calls)
	if _, err := Run(context.Background(), cfg); err == nil || errors.Is(err, ErrPagesFailed) {
		t.Errorf("missing input: %v", err)
	}
}

// TestRunFailingEarlyLeavesNoFolder: a run that fails before its first page
// (no engine for its language, nothing to read) removes the output folder
// it created, and leaves alone one that was there before.
func TestRunFailingEarlyLeavesNoFolder(t *testing.T) {
	noEngine := func() (ocr.Engine, error) { return nil, errors.New("no xxx data") }
	for _, tt := range []struct {
		name     string
		existed  bool // the output folder was there before the run
		empty    bool // the input holds no page image
		noEngine bool
	}{
		{name: "no engine, new folder", noEngine: true},
		{name: "no engine, folder there before", existed: true, noEngine: true},
		{name: "nothing to read, new folder", empty: true},
		{name: "nothing to read, folder there before", existed: true, empty: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int64
			parent := t.TempDir()
			out := filepath.Join(parent, "new", "out")
			if tt.existed {
				if err := os.MkdirAll(out, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			in := testInput(t)
			if tt.empty {
				in = t.TempDir()
			}
			cfg, _ := testConfig(t, in, out, &calls)
			if tt.noEngine {
				cfg.NewEngine = noEngine
			}
			if _, err := Run(context.Background(), cfg); err == nil {
				t.Fatal("the run did not fail")
			}
			_, err := os.Stat(filepath.Join(parent, "new"))
			if tt.existed && err != nil {
				t.Errorf("the folder that was there before was removed: %v", err)
			}
			if !tt.existed && !os.IsNotExist(err) {
				t.Errorf("the folder the run created is left behind (%v)", err)
			}
			if tt.existed {
				// and the next run can take it
				next, _ := testConfig(t, testInput(t), out, &calls)
				if _, err := Run(context.Background(), next); err != nil && !errors.Is(err, ErrPagesFailed) {
					t.Errorf("a run after the failed one: %v", err)
				}
			}
		})
	}
}

// TestRunWithNothingToRead: an input without a page image is an error naming
// what it holds instead, and nothing is written.
func TestRunWithNothingToRead(t *testing.T) {
	var calls atomic.Int64
	withOthers := t.TempDir()
	os.WriteFile(filepath.Join(withOthers, "box 1.djvu"), []byte("AT&T"), 0o644)
	os.WriteFile(filepath.Join(withOthers, "photo.webp"), []byte("RIFF"), 0o644)
	for name, tt := range map[string]struct {
		in   string
		want []string
	}{
		"empty":       {t.TempDir(), []string{"no page images"}},
		"only others": {withOthers, []string{"no page images", "2 file(s) not read", "box 1.djvu: a DjVu image", "photo.webp: a WebP image"}},
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cfg, _ := testConfig(t, tt.in, out, &calls)
			_, err := Run(context.Background(), cfg)
			if !errors.Is(err, errNoPages) {
				t.Fatalf("error %v, want errNoPages", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if f := pageFiles(t, out); len(f) != 0 {
				t.Errorf("wrote %v", f)
			}
		})
	}
}

func TestRunSurvivesAPanickingStage(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writePNG(t, filepath.Join(in, "good.png"), 101, 50)
	writePNG(t, filepath.Join(in, "panics.png"), 78, 50)
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	sum, err := Run(context.Background(), cfg)
	if !errors.Is(err, ErrPagesFailed) || sum.Pages.OK != 1 || sum.Pages.Failed != 1 {
		t.Fatalf("err %v, pages %+v", err, sum.Pages)
	}
	rec := readRecord(t, out, "panics")
	if rec.Error != "ocr panics.png: internal error: index out of range in the engine" {
		t.Errorf("error %q", rec.Error)
	}
}
