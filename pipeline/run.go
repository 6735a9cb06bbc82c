package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"github.com/spravka/spravka/pipeline/combine"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/preprocess"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/scan"
	"github.com/spravka/spravka/pipeline/truth"
)

// ErrPagesFailed is returned (wrapped) by Run when some pages failed and the
// others were written.
var ErrPagesFailed = errors.New("some pages failed")

// Corrector corrects a recognised page; *correct.Corrector is the real one.
// It must be safe for concurrent use and must not modify p.
type Corrector interface {
	Correct(p *page.Page, pageNo int) (*page.Page, []page.Correction)
}

// Progress follows a run; the CLI shows a bar or log lines with it.
type Progress interface {
	Start(total int)
	Done(rec *record.Page)
}

// Config is everything a run needs. Zero values take the documented defaults.
type Config struct {
	// Input is the folder of scans; Output the folder written (created if needed).
	Input, Output string
	// Truth is an optional folder of manual transcriptions <rel>.gt.txt
	// (otherwise <stem>.gt.txt beside each image is used when present).
	Truth string
	// Workers is the number of page workers, each with its own engine (default: CPUs).
	Workers int
	// NewEngine creates one OCR engine; it is called Workers times, one after another,
	// before any page is read. Page records state the settings the engine
	// reports (ocr.Engine.Settings).
	NewEngine func() (ocr.Engine, error)
	// Corrector corrects each recognised page.
	Corrector Corrector
	// Judge tells mode best which readings are poor and which words are
	// known (combine.Best); without one, best reads auto's image only.
	Judge combine.Judge
	// DPI overrides the resolution of every page (0: the file's own).
	DPI float64
	// Preprocess is the preprocessing mode and Prep its options.
	Preprocess preprocess.Mode
	Prep       preprocess.Options
	// LinePSM is the page segmentation mode for a page whose text
	// preprocessing finds to be one line (preprocess.Result.OneLine): set
	// for that page alone, and written in its record. 0 reads every page in
	// the engine's own mode (a mode the user chose).
	LinePSM int
	// Scan bounds decoding.
	Scan scan.Options
	// PageTimeout limits the recognition of one page, all its readings
	// together (0: no limit); a page that runs over fails and the run goes on.
	PageTimeout time.Duration
	// KeepImages writes the image handed to the engine as <rel>.prep.png.
	KeepImages bool
	// PDF writes a searchable PDF of every image file too, <rel>.pdf (every
	// input PDF gets one always).
	PDF bool
	// Resume skips pages an earlier run left up to date: ok, from the same
	// input, with the same fingerprint, every output present (see UpToDate).
	// Force redoes every page, as a run without Resume does.
	Resume, Force bool
	// Correction describes the Corrector for the page records' fingerprints:
	// its options and the lexicon and dictionary files it was built from.
	Correction record.CorrectionSettings
	// Shard, when its N is over 1, restricts the run to one shard's pages
	// (see Shard): shards of one input write one output folder side by side.
	Shard Shard
	// Version is spravka's version, written into records.
	Version string
	// sched is how pages go through the stages (tests and benchmarks).
	sched schedule
	Log   *slog.Logger
	// Progress, if set, is told about every page.
	Progress Progress
}

func (c *Config) defaults() error {
	if c.Input == "" {
		return errors.New("no input folder")
	}
	if c.Output == "" {
		return errors.New("no output folder")
	}
	if c.NewEngine == nil {
		return errors.New("no OCR engine")
	}
	if c.Corrector == nil {
		return errors.New("no corrector")
	}
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.Preprocess == "" {
		c.Preprocess = preprocess.ModeAuto
	}
	if c.Scan == (scan.Options{}) {
		c.Scan = scan.DefaultOptions()
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Truth != "" {
		if fi, err := os.Stat(c.Truth); err != nil || !fi.IsDir() {
			return fmt.Errorf("transcriptions folder %s: not a folder", c.Truth)
		}
	}
	return nil
}

// stage names, in order.
const (
	stDecode     = "decode"
	stWeb        = "web"
	stPreprocess = "preprocess"
	stOCR        = "ocr"
	stCorrect    = "correct"
	stWrite      = "write"
)

var stages = []string{stDecode, stWeb, stPreprocess, stOCR, stCorrect, stWrite}

// job is one page on its way through the stages: the plan of it, its
// record, and what the stages make of it, each let go once it is written or
// no longer needed. A failed job keeps going to the writer with its error,
// so that its record is written; the later stages pass it along untouched.
type job struct {
	planned
	rec   *record.Page
	truth *truth.Transcription
	// skip says that an earlier run left the page up to date (--resume);
	// otherwise redo says why it is read again
	skip bool
	redo string
	// interrupted: stopped by the run's end, neither written nor counted
	interrupted bool
	// holding: the job's images count in runner.held
	holding bool

	web  []byte               // the web copy of the scan (report.WebImage)
	prep []*preprocess.Result // the images for the engine: auto's (the anchor) first
	read combine.Reading      // the raw reading, hOCR and page (combined in mode best)
	// hocrPage is the page read.HOCR reads as (ocr.ParseHOCR), when known
	// without reading it: read.Page, unless mode best spliced words in
	hocrPage *page.Page
	fixed    *page.Page // the corrected page
	timing   map[string]time.Duration
}

func (j *job) failed() bool { return j.rec.Status == record.StatusFailed }

func (j *job) fail(stage string, err error) {
	j.rec.Status = record.StatusFailed
	j.rec.Error = fmt.Sprintf("%s %s: %v", stage, j.rec.Input, err)
	j.prep, j.read, j.fixed, j.hocrPage = nil, combine.Reading{}, nil, nil
}

// do runs one stage of one job, timing it and turning an error or a panic
// into the job's failure (the stack goes to the log, not into the record).
// The stage runs with the pprof label stage=<stage>, which the goroutines it
// starts inherit, so that a CPU profile splits by stage (Tesseract's
// processor time included, as "ocr").
func (j *job) do(log *slog.Logger, stage string, fn func() error) {
	if j.failed() || j.skip {
		return
	}
	start := time.Now()
	defer func() {
		j.timing[stage] += time.Since(start)
		if v := recover(); v != nil {
			log.Error("internal error", "page", j.rec.Name, "stage", stage, "panic", v, "stack", string(debug.Stack()))
			j.fail(stage, fmt.Errorf("internal error: %v", v))
		}
	}()
	var err error
	pprof.Do(context.Background(), pprof.Labels("stage", stage), func(context.Context) { err = fn() })
	if err != nil {
		j.fail(stage, err)
	}
}

// Run processes every page under cfg.Input. It returns the run's summary
// (also written as summary.json) and an error: nil when every page is ok,
// one wrapping ErrPagesFailed when some failed, ctx.Err() when interrupted,
// and any other error when the run could not start or write.
func Run(ctx context.Context, cfg Config) (*record.Summary, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	start := time.Now()
	out := outdir.Dir{Root: cfg.Output, Writer: cfg.Shard.String()}
	made, err := out.Make()
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	lock, err := out.Lock(cfg.Shard.String())
	if err != nil {
		out.Unmake(made, nil)
		return nil, err
	}
	defer lock.Release()
	// a run that fails before its first page (no engine for --lang, nothing
	// to read) leaves no output folder it created behind
	started := false
	defer func() {
		if !started {
			out.Unmake(made, lock)
		}
	}()
	if n, err := out.RemovePartials(); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	} else if n > 0 {
		cfg.Log.Info("removed unfinished files of an interrupted run", "count", n)
	}
	owned, err := out.Owned(cfg.Shard.String())
	if err != nil {
		return nil, err
	}
	defer owned.Close()
	if cfg.Force {
		cfg.Resume = false
	}
	r := &runner{cfg: cfg, out: out, owned: owned, pdfs: map[string]*searchable{}, truth: truth.Lookup{Input: cfg.Input, Dir: cfg.Truth}}

	found, err := scan.Inventory(cfg.Input, scan.Walk{Skip: []string{cfg.Output}, Ignore: r.ownedInput(), MaxPages: cfg.Scan.MaxPages})
	if err != nil {
		return nil, err
	}
	mine, err := r.pages(found)
	if err != nil {
		return nil, err
	}
	total := len(mine)

	workers := min(cfg.Workers, max(total, 1))
	engines := make([]ocr.Engine, 0, workers)
	defer func() {
		for _, e := range engines {
			e.Close()
		}
	}()
	for range workers {
		e, err := cfg.NewEngine()
		if err != nil {
			return nil, err
		}
		engines = append(engines, e)
	}
	e := engines[0].Settings()
	if r.settings, err = r.makeSettings(e); err != nil {
		return nil, err
	}

	sum := &record.Summary{
		Tool: record.Tool{Spravka: cfg.Version, Engine: e.Version, Lang: e.Lang, PSM: e.PSM,
			Preprocess: string(cfg.Preprocess), Workers: workers, Shard: cfg.Shard.String()},
		Failed:  []record.Failure{},
		NotRead: []record.NotRead{},
	}
	for _, n := range found.NotRead {
		sum.NotRead = append(sum.NotRead, record.NotRead(n))
	}
	sum.Pages.NotRead = len(sum.NotRead)
	started = true
	if cfg.Progress != nil {
		cfg.Progress.Start(total)
	}
	stageTime := map[string]time.Duration{}

	var pages []*record.Page
	runErr := r.run(ctx, mine, engines, func(j *job) {
		r.letGo(j)
		if j.interrupted {
			return
		}
		r.write(j)
		r.pageDone(j, sum)
		for st, d := range j.timing {
			stageTime[st] += d
		}
		if j.skip {
			sum.Pages.Skipped++
		} else if j.redo != "" {
			if sum.Redone == nil {
				sum.Redone = map[string]int{}
			}
			sum.Redone[j.redo]++
		}
		sum.Add(j.rec)
		if j.failed() {
			cfg.Log.Error("page failed", "page", j.rec.Name, "error", j.rec.Error)
		} else {
			logPage(cfg.Log, j)
		}
		if cfg.Progress != nil {
			cfg.Progress.Done(j.rec)
		}
		// the index needs the page's numbers only: its files hold the rest
		pages = append(pages, j.rec.Slim())
	})

	sum.Interrupted = ctx.Err() != nil
	if len(pages) < total {
		sum.AddNotFinished(notFinished(mine, pages)...)
	}
	wall := time.Since(start)
	sum.Timing = record.Timing{Wall: seconds(wall), Stages: map[string]float64{}, PagesHeld: int(r.held.most.Load()),
		OCRIdle: seconds(time.Duration(r.idle.Load()))}
	if n := sum.Pages.OK + sum.Pages.Failed - sum.Pages.Skipped; n > 0 {
		sum.Timing.PerPage = seconds(wall / time.Duration(n))
	}
	for _, st := range stages {
		sum.Timing.Stages[st] = seconds(stageTime[st])
	}
	if err := r.writeRunFiles(sum, pages); err != nil {
		return sum, err
	}
	switch {
	case sum.Interrupted:
		return sum, ctx.Err()
	case runErr != nil:
		return sum, runErr
	case sum.Pages.Failed > 0:
		return sum, fmt.Errorf("%d of %d pages: %w", sum.Pages.Failed, sum.Pages.Total, ErrPagesFailed)
	case sum.PDFsFailed() > 0:
		return sum, fmt.Errorf("%d searchable PDFs not written: %w", sum.PDFsFailed(), ErrPagesFailed)
	}
	return sum, nil
}

// notFinished names the pages of the plan that have no record among done.
func notFinished(pages []planned, done []*record.Page) []string {
	seen := map[string]bool{}
	for _, p := range done {
		seen[p.Name] = true
	}
	var out []string
	for _, p := range pages {
		if !seen[p.name] {
			out = append(out, p.name)
		}
	}
	return out
}

func seconds(d time.Duration) float64 { return float64(d.Milliseconds()) / 1000 }

func logPage(log *slog.Logger, j *job) {
	attrs := []any{"page", j.rec.Name}
	if j.skip {
		log.Info("page already done", attrs...)
		return
	}
	if j.redo != "" {
		attrs = append(attrs, "redone", j.redo)
	}
	if o := j.rec.OCR; o != nil {
		attrs = append(attrs, "words", o.Words)
		if o.MeanConf != nil {
			attrs = append(attrs, "mean_conf", *o.MeanConf)
		}
	}
	if c := j.rec.Correction; c != nil {
		attrs = append(attrs, "applied", c.Applied, "suggested", c.Suggested)
	}
	if t := j.rec.Truth; t != nil {
		attrs = append(attrs, "cer_raw", t.Raw.CER, "cer", t.Corrected.CER)
	}
	log.Info("page done", attrs...)
}

// runner holds what the stage functions share; its only mutable state is
// the list of files spravka owns, which only the writer changes.
type runner struct {
	cfg   Config
	out   outdir.Dir
	owned *outdir.Owned
	// truth finds the pages' transcriptions
	truth truth.Lookup
	// settings is the fingerprint every page shares (all but the transcription)
	settings record.Fingerprint
	// names are the batch's pages in input order, every shard's (the report's
	// prev/next links)
	names []string
	// pdfs are the input PDFs whose searchable copies the run writes, by
	// path (only the writer touches them)
	pdfs map[string]*searchable
	// held counts the pages whose images are in memory (see schedule)
	held held
	// idle is the time the recognisers waited for a page, in nanoseconds
	idle atomic.Int64
}

// hold counts the job's images as in memory, letGo as let go.
func (r *runner) hold(j *job) {
	if !j.holding {
		j.holding = true
		r.held.take()
	}
}

func (r *runner) letGo(j *job) {
	if j.holding {
		j.holding = false
		r.held.release()
	}
}

func (r *runner) newJob(p planned) *job {
	input, _ := filepath.Rel(r.cfg.Input, p.src.Path)
	fp := r.settings
	j := &job{planned: p, timing: map[string]time.Duration{}, rec: &record.Page{
		Input:       filepath.ToSlash(input),
		PageNo:      p.k,
		Pages:       p.src.Pages,
		Name:        p.name,
		Status:      record.StatusOK,
		Fingerprint: &fp,
	}}
	if p.conflict != nil {
		j.fail(stWrite, p.conflict)
	} else if p.src.Err != nil {
		j.fail(stDecode, p.src.Err)
	}
	return j
}
