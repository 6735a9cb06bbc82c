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
	fl := cmd.Flags()
	fl.StringArrayVar(&f.lexicons, "lexicon", nil, "add the lexicon `FILE` (TSV: term, kind, misreadings, forms, note) to the default one; repeatable")
	fl.StringArrayVar(&f.protect, "protect", nil, "never change a word matching the regular expression `REGEX`; repeatable")
	fl.BoolVar(&f.noDictionary, "no-dictionary", false, "do without Hunspell's Russian dictionary: lexicon and homoglyph fixes only")
	defaults := correct.DefaultOptions()
	fl.Float64Var(&f.applyAt, "apply-score", defaults.ApplyScore, "apply a correction scoring at least `S` (0..1); one scoring less is only suggested")
	fl.Float64Var(&f.suggestAt, "suggest-score", defaults.SuggestScore, "suggest a correction scoring at least `S` (0..1)")
	fl.StringVar(&f.orthography, "orthography", string(defaults.Orthography),
		"the pages' `SPELLING`: auto (the pre-1918 spelling found per page), modern, or pre1918 (old spelling is never modernised)")
	group(cmd, "correction", "lexicon", "protect", "no-dictionary", "apply-score", "suggest-score", "orthography")
	completeWords(cmd, "orthography", "auto", "modern", "pre1918")
	completeFiles(cmd, "lexicon", "tsv")
}

// corrector builds the corrector: the embedded lexicon plus the user's, and
// Hunspell's Russian dictionary. It also describes what it built, for the
// page records' fingerprints.
func (f *correctFlags) corrector() (*correct.Corrector, record.CorrectionSettings, func(), error) {
	var (
		made record.CorrectionSettings
		err  error
	)
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
	lex, err := lexicons(f.lexicons)
	if err != nil {
		return nil, made, nil, err
	}
	for _, s := range lex.Sources() {
		made.Lexicons = append(made.Lexicons, record.File{Name: s.Name, SHA256: s.SHA256})
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

// lexicons returns the default lexicon with the files added to it; a file
// that does not exist is a usage error, one that does not load is fatal.
func lexicons(files []string) (*lexicon.Lexicon, error) {
	for _, path := range files {
		if err := needFile(path, "--lexicon"); err != nil {
			return nil, err
		}
	}
	lex, err := lexicon.Default()
	if err != nil {
		return nil, fmt.Errorf("default lexicon: %w", err)
	}
	for _, path := range files {
		if err := lexicon.Load(lex, path); err != nil {
			return nil, err
		}
	}
	return lex, nil
}

// engineFlags are the Tesseract settings shared by run and bench-quality.
type engineFlags struct {
	lang, blacklist string
	psm             int
	choices         bool
}

func (f *engineFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.lang, "lang", "rus", "Tesseract's languages `L`: rus, or rus+eng for pages with English in them")
	fl.IntVar(&f.psm, "psm", 0, "Tesseract's page segmentation mode `N` (1..13). By default (0) spravka chooses: 4, one column of lines, on preprocessed pages (a table reads row by row), and 7, a single line, on a page whose text is one line (a line image); 3, automatic layout, with --preprocess none")
	fl.StringVar(&f.blacklist, "blacklist", tesseract.Blacklist, "`CHARS` Tesseract must never read: marks no typewriter of the period had (\"\" for none)")
	fl.BoolVar(&f.choices, "choices", true, "ask Tesseract for each letter's alternatives (into the hOCR; correction uses them)")
	group(cmd, "recognition", "lang", "psm", "blacklist", "choices")
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

// linePSM is the page segmentation mode for a page whose text preprocessing
// finds to be one line (a line image): 7, a single line, unless --psm chose
// the mode of every page. Pages of mode none are not analysed.
func (f *engineFlags) linePSM(mode preprocess.Mode) int {
	if f.psm != 0 || mode == preprocess.ModeNone {
		return 0
	}
	return 7
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
	output, truth, prep, logFormat, shard          string
	workers, shards, maxPages                      int
	maxPixels                                      int64
	dpi                                            float64
	keepImages, pdf, resume, force, quiet, verbose bool
	progress                                       string
	pageTimeout                                    time.Duration
	correct                                        correctFlags
	engine                                         engineFlags
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run [flags] [INPUT_DIR]",
		Short: "Read the page images of INPUT_DIR into texts, hOCR, ALTO, records and a report",
		Long: `Read every page image under INPUT_DIR (default: scans) — TIFF (every page of a
multi-page TIFF), PNG, JPEG and PDF (every page), in subfolders too — and write,
mirroring the input tree in OUTPUT_DIR (default: output):

  <rel>.txt        corrected text           <rel>.ocr.txt   raw Tesseract text
  <rel>.hocr       Tesseract's hOCR         <rel>.alto.xml  ALTO 4, corrections with OCR alternatives
  <rel>.json       the page record          <rel>.prep.png  preprocessed image (--keep-images)
  <rel>.html       the page's view          <rel>.web.jpg   the scan as the page view shows it
  summary.json     the run's totals         index.html      the run's report
  <rel>.pdf        for an input PDF: the same PDF, searchable (the corrected text, invisible, over its pages);
                   for an image file with --pdf: a searchable PDF of its pages; PDF/A-2b where the input allows

A page k of a multi-page TIFF or PDF is written as <rel>.p<k>. A PDF page that is
a scan is read at the scan's own resolution, pixel for pixel; any other page is
drawn at 300 dpi (--dpi). A sharded run writes no PDF: run spravka pdf after it. When a manual
transcription <stem>.gt.txt lies beside an image (or under --truth DIR), the
record holds the CER/WER of the raw and corrected text against it.

spravka writes only files it owns (listed in OUTPUT_DIR/.spravka/owned): a run
that would overwrite any other file stops before it reads a page and names it.
One run at a time writes OUTPUT_DIR. Files of INPUT_DIR that are not read are
listed in summary.json with the reason. A page that fails (a broken file, a
recognition over --page-timeout) is named and recorded, and the others go on.`,
		Example: `  # read scans/ into output/, then open output/index.html
  spravka run
  # another folder, with English passages, on two workers
  spravka run -o out/fond-5 --lang rus+eng -j 2 archive/fond-5
  # go on after an interruption: the pages done already are skipped
  spravka run --resume -o out/fond-5 archive/fond-5`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			input := "scans"
			if len(args) == 1 {
				input = args[0]
			}
			return runRun(cmd.Context(), input, &f)
		},
		ValidArgsFunction: completeFolders,
		Annotations:       map[string]string{annStops: "yes"},
	}
	describe(cmd, []int{exitOK, exitFatal, exitUsage, exitPagesFailed, exitInterrupted},
		arg{"INPUT_DIR", "the folder of page images, read with its subfolders (default: scans)"})
	fl := cmd.Flags()
	fl.StringVar(&f.truth, "truth", "", "read the manual transcriptions <rel>.gt.txt from `DIR` (default: beside the images)")
	fl.Float64Var(&f.dpi, "dpi", 0, "take every page to have the resolution `DPI`, for files that state a wrong one or none (default: the file's own)")
	fl.StringVar(&f.shard, "shard", "", "read only shard `i/n` of the pages (0 ≤ i < n; by a stable hash of their names); the shards write one OUTPUT_DIR side by side")
	fl.IntVar(&f.shards, "shards", 0, "split the pages into `n` shards and read the one $JOB_COMPLETION_INDEX names (a Kubernetes Indexed Job); default: $SPRAVKA_SHARDS")
	defScan := scan.DefaultOptions()
	fl.Int64Var(&f.maxPixels, "max-pixels", defScan.MaxPixels, "fail a page larger than `N` pixels instead of exhausting memory")
	fl.IntVar(&f.maxPages, "max-pages", defScan.MaxPages, "fail a file (a TIFF or PDF) of more than `N` pages, whole")
	group(cmd, "input", "truth", "dpi", "shard", "shards", "max-pixels", "max-pages")

	fl.IntVarP(&f.workers, "jobs", "j", runtime.NumCPU(), "read `N` pages at a time, each worker with its own single-threaded Tesseract")
	showDefault(cmd, "jobs", "one per CPU")
	fl.StringVar(&f.prep, "preprocess", "auto", "preprocessing `MODE`: auto; none (the page as it is to Tesseract); best (poor pages read two more ways and their words combined; about twice as slow)")
	fl.DurationVar(&f.pageTimeout, "page-timeout", defaultPageTimeout, "give up a page whose recognition (all its readings) takes longer than `D`, e.g. 90s or 5m (0: no limit)")
	showDefault(cmd, "page-timeout", strings.TrimSuffix(defaultPageTimeout.String(), "0s"))
	group(cmd, "recognition", "jobs", "preprocess", "page-timeout")
	completeWords(cmd, "preprocess", "auto", "none", "best")

	fl.StringVarP(&f.output, "output", "o", "output", "write into `DIR` (created if needed)")
	fl.BoolVar(&f.keepImages, "keep-images", false, "also write the preprocessed page Tesseract read, <rel>.prep.png")
	fl.BoolVar(&f.resume, "resume", false, "skip the pages an earlier run left up to date (same input, same settings, software, language data, lexicons and dictionary, every file present) and redo the others, counted by reason in summary.json")
	fl.BoolVar(&f.force, "force", false, "with --resume: redo every page all the same")
	fl.BoolVar(&f.pdf, "pdf", false, "also write a searchable PDF of every image file, <rel>.pdf (a multi-page TIFF: one PDF): its images as they are, the corrected text invisible over them")
	group(cmd, "output", "output", "keep-images", "pdf", "resume", "force")
	completeDirFlag(cmd, "output")

	fl.StringVar(&f.progress, "progress", "auto", "show progress `HOW`: auto (a bar on a terminal, log lines otherwise), bar, log or none")
	fl.StringVar(&f.logFormat, "log-format", "text", "log in the `FORMAT` text or json")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "log only warnings and errors")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "log debugging detail")
	group(cmd, "logging", "progress", "log-format", "quiet", "verbose")
	completeWords(cmd, "progress", "auto", "bar", "log", "none")
	completeWords(cmd, "log-format", "text", "json")

	f.engine.register(cmd)
	f.correct.register(cmd)
	return cmd
}

func runRun(ctx context.Context, input string, f *runFlags) error {
	mode, err := preprocess.ParseMode(f.prep)
	if err != nil {
		return &exitError{exitUsage, fmt.Errorf("--preprocess: %w", err)}
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
	if err := needFolder(input, "input folder"); err != nil {
		return err
	}
	if f.truth != "" {
		if err := needFolder(f.truth, "--truth"); err != nil {
			return err
		}
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
		Preprocess: mode, Prep: preprocess.DefaultOptions(), LinePSM: f.engine.linePSM(mode), Scan: scanOpt,
		KeepImages: f.keepImages, PDF: f.pdf, Resume: f.resume, Force: f.force, Correction: made, Shard: shard,
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
