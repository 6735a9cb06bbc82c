package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/spravka/spravka/pipeline"
	"github.com/spravka/spravka/pipeline/correct"
	"github.com/spravka/spravka/pipeline/hunspell"
	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/preprocess"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/scan"
	"github.com/spravka/spravka/pipeline/tesseract"
)

// correctFlags are the options shared by run and correct.
type correctFlags struct {
	lexicons           []string
	protect            []string
	noDictionary       bool
	applyAt, suggestAt float64
	orthography        string
}

func (f *correctFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.lexicons, "lexicon", nil, "add a lexicon file (TSV: term, kind, misreadings, forms, note); repeatable")
	cmd.Flags().StringArrayVar(&f.protect, "protect", nil, "never change words matching this regular expression; repeatable")
	cmd.Flags().BoolVar(&f.noDictionary, "no-dictionary", false, "do not use the Hunspell Russian dictionary (lexicon and homoglyph fixes only)")
	defaults := correct.DefaultOptions()
	cmd.Flags().Float64Var(&f.applyAt, "apply-score", defaults.ApplyScore, "apply a correction scoring at least this (0..1); lower ones are only suggested")
	cmd.Flags().Float64Var(&f.suggestAt, "suggest-score", defaults.SuggestScore, "suggest a correction scoring at least this (0..1)")
	cmd.Flags().StringVar(&f.orthography, "orthography", string(defaults.Orthography),
		"spelling of the pages: auto (detect the pre-1918 spelling per page), modern, or pre1918 (never modernised)")
}

// corrector builds the corrector: the embedded lexicon plus the user's, and
// Hunspell's Russian dictionary. It also describes what it built, for the
// page records' fingerprints.
func (f *correctFlags) corrector() (*correct.Corrector, record.CorrectionSettings, func(), error) {
	var made record.CorrectionSettings
	lex, err := lexicon.Default()
	if err != nil {
		return nil, made, nil, fmt.Errorf("default lexicon: %w", err)
	}
	for _, path := range f.lexicons {
		if err := lexicon.Load(lex, path); err != nil {
			return nil, made, nil, err
		}
	}
	for _, s := range lex.Sources() {
		made.Lexicons = append(made.Lexicons, record.File{Name: s.Name, SHA256: s.SHA256})
	}
	opt := correct.DefaultOptions()
	if f.applyAt < 0 || f.applyAt > 1 || f.suggestAt < 0 || f.suggestAt > f.applyAt {
		return nil, made, nil, &exitError{exitUsage, fmt.Errorf("want 0 ≤ --suggest-score ≤ --apply-score ≤ 1, got %g and %g", f.suggestAt, f.applyAt)}
	}
	opt.ApplyScore, opt.SuggestScore = f.applyAt, f.suggestAt
	if opt.Orthography, err = correct.ParseOrthography(f.orthography); err != nil {
		return nil, made, nil, &exitError{exitUsage, fmt.Errorf("--orthography: %w", err)}
	}
	for _, p := range f.protect {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, made, nil, &exitError{exitUsage, fmt.Errorf("--protect %q: %w", p, err)}
		}
		opt.Protect = append(opt.Protect, re)
	}
	if made.Options, err = record.HashJSON(opt); err != nil {
		return nil, made, nil, err
	}
	closeDict := func() {}
	var dict correct.Dictionary
	if !f.noDictionary {
		d, err := hunspell.OpenDefault("ru_RU")
		if err != nil {
			return nil, made, nil, fmt.Errorf("%w (or run with --no-dictionary)", err)
		}
		dict, closeDict = d, func() { d.Close() }
		for _, path := range d.Files() {
			h, err := record.HashFile(path)
			if err != nil {
				closeDict()
				return nil, made, nil, fmt.Errorf("dictionary: %w", err)
			}
			made.Dictionary = append(made.Dictionary, h)
		}
	}
	c, err := correct.New(lex, dict, opt)
	if err != nil {
		closeDict()
		return nil, made, nil, err
	}
	return c, made, closeDict, nil
}

// engineFlags are the Tesseract settings shared by run and bench-quality.
type engineFlags struct {
	lang, blacklist string
	psm             int
	choices         bool
}

func (f *engineFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.lang, "lang", "rus", "Tesseract language(s), e.g. rus or rus+eng")
	fl.IntVar(&f.psm, "psm", 0, "Tesseract page segmentation mode (0: 4, one column of lines, on preprocessed pages; 3, fully automatic, with --preprocess none)")
	fl.StringVar(&f.blacklist, "blacklist", tesseract.Blacklist, "characters Tesseract must never read (empty: none)")
	fl.BoolVar(&f.choices, "choices", true, "ask Tesseract for per-character alternatives (in the hOCR; used by correction)")
}

func (f *engineFlags) validate() error {
	if strings.TrimSpace(f.lang) == "" {
		return &exitError{exitUsage, errors.New("--lang must name a language")}
	}
	if f.psm < 0 || f.psm > 13 {
		return &exitError{exitUsage, fmt.Errorf("--psm %d: want 0 (choose) or a Tesseract mode 1..13", f.psm)}
	}
	return nil
}

// engineFor returns how to make an engine for pages preprocessed with mode.
func (f *engineFlags) engineFor(mode preprocess.Mode) func() (ocr.Engine, error) {
	cfg := tesseract.Config{Lang: f.lang, PSM: f.psm, Raw: mode == preprocess.ModeNone, Blacklist: f.blacklist, Choices: f.choices}
	return func() (ocr.Engine, error) { return tesseract.New(cfg) }
}

// defaultPageTimeout is about twenty times the slowest real page we have:
// a colour 18th-century scan (realscans/98a3e20877a4) upscaled to 600 dpi
// takes 7.2 s of recognition with --preprocess best (4.2 s at its own 300
// dpi). A page of pure noise takes 34 s in auto and 125 s in best, and is
// what the limit is for.
const defaultPageTimeout = 2 * time.Minute

type runFlags struct {
	output, truth, prep, logFormat, shard     string
	workers, shards, maxPages                 int
	maxPixels                                 int64
	dpi                                       float64
	keepImages, resume, force, quiet, verbose bool
	progress                                  string
	pageTimeout                               time.Duration
	correct                                   correctFlags
	engine                                    engineFlags
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run [flags] [INPUT_DIR]",
		Short: "Read every page image under INPUT_DIR (default scans) into OUTPUT_DIR",
		Long: `Read every page image under INPUT_DIR (default: scans) — TIFF (every page of a
multi-page TIFF), PNG, JPEG and PDF (every page), in subfolders too — and write,
mirroring the input tree in OUTPUT_DIR (default: output):

  <rel>.txt        corrected text           <rel>.ocr.txt   raw Tesseract text
  <rel>.hocr       Tesseract's hOCR         <rel>.alto.xml  ALTO 4, corrections with OCR alternatives
  <rel>.json       the page record          <rel>.prep.png  preprocessed image (--keep-images)
  summary.json     the run's totals         index.html      the run's report
  <rel>.pdf        for an input PDF: the same PDF, searchable (the corrected text, invisible, over its pages)

A page k of a multi-page TIFF or PDF is written as <rel>.p<k>. A PDF page that is
a scan is read at the scan's own resolution, pixel for pixel; any other page is
drawn at 300 dpi (--dpi). A sharded run writes no PDF: run spravka pdf after it. When a manual
transcription <stem>.gt.txt lies beside an image (or under --truth DIR), the
record holds the CER/WER of the raw and corrected text against it.

spravka writes only files it owns (listed in OUTPUT_DIR/.spravka/owned): a run
that would overwrite any other file stops before it reads a page and names it.
One run at a time writes OUTPUT_DIR. Files of INPUT_DIR that are not read are
listed in summary.json with the reason.

Exit codes: 0 all pages ok, 1 fatal error (also: nothing to read, OUTPUT_DIR in
use, files in the way), 2 usage, 3 some pages failed (the others are written),
130 interrupted.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			input := "scans"
			if len(args) == 1 {
				input = args[0]
			}
			return runRun(cmd.Context(), input, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.output, "output", "o", "output", "output folder")
	fl.IntVarP(&f.workers, "jobs", "j", runtime.NumCPU(), "page workers, each with its own single-threaded Tesseract")
	fl.Float64Var(&f.dpi, "dpi", 0, "resolution of every page, for files that state a wrong one or none (0: the file's)")
	fl.StringVar(&f.prep, "preprocess", "auto", "preprocessing: auto, none (raw page to Tesseract) or best (on poor pages read two more images and take their known words where auto's are unknown; about twice as slow)")
	fl.DurationVar(&f.pageTimeout, "page-timeout", defaultPageTimeout, "give up a page whose recognition (all its readings) takes longer, e.g. 90s or 5m (0: no limit)")
	fl.BoolVar(&f.keepImages, "keep-images", false, "write the preprocessed page as <rel>.prep.png")
	fl.StringVar(&f.truth, "truth", "", "folder of manual transcriptions <rel>.gt.txt (default: beside the images)")
	fl.BoolVar(&f.resume, "resume", false, "skip pages an earlier run left up to date (record ok, same input, same settings, software, language data, lexicons and dictionary, all files present); redo the others")
	fl.BoolVar(&f.force, "force", false, "with --resume: redo every page all the same")
	fl.StringVar(&f.shard, "shard", "", "read only shard i of n (i/n, 0 ≤ i < n) of the pages, by a stable hash of their names; shards write one OUTPUT_DIR side by side")
	fl.IntVar(&f.shards, "shards", 0, "the number of shards, the shard being JOB_COMPLETION_INDEX (a Kubernetes Indexed Job); default: $SPRAVKA_SHARDS")
	defScan := scan.DefaultOptions()
	fl.Int64Var(&f.maxPixels, "max-pixels", defScan.MaxPixels, "the largest page read, in pixels (a larger one fails instead of exhausting memory)")
	fl.IntVar(&f.maxPages, "max-pages", defScan.MaxPages, "the most pages read from one file (a TIFF or PDF with more fails whole)")
	fl.StringVar(&f.progress, "progress", "auto", "progress display: auto (a bar on a terminal, log lines otherwise), bar, log, none")
	fl.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "log only warnings and errors")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "log debugging detail")
	f.correct.register(cmd)
	f.engine.register(cmd)
	return cmd
}

func runRun(ctx context.Context, input string, f *runFlags) error {
	mode, err := preprocess.ParseMode(f.prep)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if f.workers < 1 {
		return &exitError{exitUsage, errors.New("-j must be at least 1")}
	}
	if f.dpi < 0 {
		return &exitError{exitUsage, errors.New("--dpi must not be negative")}
	}
	if f.pageTimeout < 0 {
		return &exitError{exitUsage, errors.New("--page-timeout must not be negative (0: no limit)")}
	}
	if f.maxPixels < 1 || f.maxPages < 1 {
		return &exitError{exitUsage, errors.New("--max-pixels and --max-pages must be at least 1")}
	}
	scanOpt := scan.DefaultOptions()
	scanOpt.MaxPixels, scanOpt.MaxPages = f.maxPixels, f.maxPages
	if err := f.engine.validate(); err != nil {
		return err
	}
	if fi, err := os.Stat(input); err != nil || !fi.IsDir() {
		return &exitError{exitUsage, fmt.Errorf("input folder %s: does not exist or is not a folder", input)}
	}
	shard, err := shardOf(f.shard, f.shards, os.Getenv)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	prog, log, err := newProgress(f.progress, f.logFormat, f.quiet, f.verbose)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	corr, made, closeDict, err := f.correct.corrector()
	if err != nil {
		return fatal(err)
	}
	defer closeDict()

	cfg := pipeline.Config{
		Input: input, Output: f.output, Truth: f.truth, Workers: f.workers, DPI: f.dpi,
		Preprocess: mode, Prep: preprocess.DefaultOptions(), Scan: scanOpt,
		KeepImages: f.keepImages, Resume: f.resume, Force: f.force, Correction: made, Shard: shard,
		PageTimeout: f.pageTimeout,
		NewEngine:   f.engine.engineFor(mode),
		Corrector:   corr,
		Judge:       corr,
		Version:     version(),
		Log:         log,
		Progress:    prog,
	}
	sum, err := pipeline.Run(ctx, cfg)
	prog.Finish()
	if sum != nil {
		printSummary(sum, f.output)
	}
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return &exitError{exitInterrupted, errors.New("interrupted: pages finished so far are written; rerun with --resume to go on")}
	case errors.Is(err, pipeline.ErrPagesFailed):
		return &exitError{exitPagesFailed, err}
	}
	return fatal(err)
}

// shardOf returns the shard a run reads: --shard i/n; or n from --shards
// (default $SPRAVKA_SHARDS) with i from $JOB_COMPLETION_INDEX, which
// Kubernetes sets in each pod of an Indexed Job; or the whole input.
func shardOf(spec string, n int, getenv func(string) string) (pipeline.Shard, error) {
	if spec != "" {
		s, err := pipeline.ParseShard(spec)
		if err == nil && n != 0 && n != s.N {
			err = fmt.Errorf("--shard %s and --shards %d disagree", spec, n)
		}
		return s, err
	}
	if env := getenv("SPRAVKA_SHARDS"); n == 0 && env != "" {
		var err error
		if n, err = strconv.Atoi(env); err != nil {
			return pipeline.Shard{}, fmt.Errorf("SPRAVKA_SHARDS=%q: want a number of shards", env)
		}
	}
	index := getenv("JOB_COMPLETION_INDEX")
	switch {
	case n == 0 && index != "":
		return pipeline.Shard{}, fmt.Errorf("JOB_COMPLETION_INDEX=%s is set but not the number of shards: give --shards N or SPRAVKA_SHARDS", index)
	case n == 0 || n == 1:
		return pipeline.Shard{}, nil
	case index == "":
		return pipeline.Shard{}, fmt.Errorf("--shards %d: which shard? give --shard i/%d or set JOB_COMPLETION_INDEX", n, n)
	}
	i, err := strconv.Atoi(index)
	if err != nil {
		return pipeline.Shard{}, fmt.Errorf("JOB_COMPLETION_INDEX=%q: want a number", index)
	}
	s := pipeline.Shard{I: i, N: n}
	return s, s.Valid()
}

func printSummary(sum *record.Summary, out string) {
	s := fmt.Sprintf("%d pages: %d ok, %d failed", sum.Pages.Total, sum.Pages.OK, sum.Pages.Failed)
	if n := sum.Pages.NotFinished; n > 0 {
		s += fmt.Sprintf(", %d not finished", n)
	}
	if sum.Pages.Skipped > 0 {
		s += fmt.Sprintf(" (%d already done)", sum.Pages.Skipped)
	}
	if len(sum.Redone) > 0 {
		var why []string
		for _, r := range slices.Sorted(maps.Keys(sum.Redone)) {
			why = append(why, fmt.Sprintf("%d %s", sum.Redone[r], r))
		}
		s += "; read again: " + strings.Join(why, ", ")
	}
	s += fmt.Sprintf("; %d corrections applied, %d suggested", sum.Corrections.Applied, sum.Corrections.Suggested)
	if t := sum.Truth; t != nil {
		s += fmt.Sprintf("; against %d transcriptions: CER %.3f raw → %.3f corrected, words fixed %d, broken %d",
			t.Pages, t.Raw.CER, t.Corrected.CER, t.Words.Fixed, t.Words.Broken)
	}
	if n := len(sum.PDFs); n > 0 {
		s += fmt.Sprintf("\n%d searchable PDF(s) written", n-sum.PDFsFailed())
		if f := sum.PDFsFailed(); f > 0 {
			s += fmt.Sprintf(", %d not (see summary.json)", f)
		}
	}
	if n := len(sum.NotRead); n > 0 {
		s += fmt.Sprintf("\n%d file(s) not read (not page images; listed in summary.json)", n)
	}
	fmt.Fprintf(os.Stderr, "%s\nreport: %s\n", s, filepath.Join(out, "index.html"))
}
