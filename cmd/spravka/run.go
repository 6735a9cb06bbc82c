package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/spravka/spravka/pipeline"
	"github.com/spravka/spravka/pipeline/correct"
	"github.com/spravka/spravka/pipeline/hunspell"
	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/preprocess"
	"github.com/spravka/spravka/pipeline/record"
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
// Hunspell's Russian dictionary.
func (f *correctFlags) corrector() (*correct.Corrector, func(), error) {
	lex, err := lexicon.Default()
	if err != nil {
		return nil, nil, fmt.Errorf("default lexicon: %w", err)
	}
	for _, path := range f.lexicons {
		if err := lexicon.Load(lex, path); err != nil {
			return nil, nil, err
		}
	}
	opt := correct.DefaultOptions()
	if f.applyAt < 0 || f.applyAt > 1 || f.suggestAt < 0 || f.suggestAt > f.applyAt {
		return nil, nil, &exitError{exitUsage, fmt.Errorf("want 0 ≤ --suggest-score ≤ --apply-score ≤ 1, got %g and %g", f.suggestAt, f.applyAt)}
	}
	opt.ApplyScore, opt.SuggestScore = f.applyAt, f.suggestAt
	if opt.Orthography, err = correct.ParseOrthography(f.orthography); err != nil {
		return nil, nil, &exitError{exitUsage, fmt.Errorf("--orthography: %w", err)}
	}
	for _, p := range f.protect {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, nil, &exitError{exitUsage, fmt.Errorf("--protect %q: %w", p, err)}
		}
		opt.Protect = append(opt.Protect, re)
	}
	closeDict := func() {}
	var dict correct.Dictionary
	if !f.noDictionary {
		d, err := hunspell.OpenDefault("ru_RU")
		if err != nil {
			return nil, nil, fmt.Errorf("%w (or run with --no-dictionary)", err)
		}
		dict, closeDict = d, func() { d.Close() }
	}
	c, err := correct.New(lex, dict, opt)
	if err != nil {
		closeDict()
		return nil, nil, err
	}
	return c, closeDict, nil
}

// engineFlags are the Tesseract settings shared by run and bench-quality.
type engineFlags struct {
	lang, blacklist string
	psm             int
	choices         bool
}

// junk are characters a Russian typewriter of the period could not type;
// forbidding them makes Tesseract read the letter a damaged glyph most likely
// is instead of a stray mark (measured on devscans: CER 0.0661 → 0.0630).
const junk = "‘’“”`®©‚|#^~_{}[]<>@$&£€°¬•"

func (f *engineFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.lang, "lang", "rus", "Tesseract language(s), e.g. rus or rus+eng")
	fl.IntVar(&f.psm, "psm", 0, "Tesseract page segmentation mode (0: 4, one column of lines, on preprocessed pages; 3, fully automatic, with --preprocess none)")
	fl.StringVar(&f.blacklist, "blacklist", junk, "characters Tesseract must never read (empty: none)")
	fl.BoolVar(&f.choices, "choices", true, "ask Tesseract for per-character alternatives (in the hOCR; used by correction)")
}

// vars are the Tesseract variables set for every page.
func (f *engineFlags) vars() map[string]string {
	v := map[string]string{}
	if f.blacklist != "" {
		v["tessedit_char_blacklist"] = f.blacklist
	}
	if f.choices {
		v["lstm_choice_mode"] = "2"
	}
	return v
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

// psmFor is the page segmentation mode for pages preprocessed with mode.
// A deskewed page is read as one column of lines (4): a distribution list or a
// table then reads row by row, as typed, where automatic layout (3) splits it
// into columns (a held-out table page: CER 0.53 with 3, 0.04 with 4; no
// other page changed). A raw, possibly skewed page keeps automatic layout.
func (f *engineFlags) psmFor(mode preprocess.Mode) int {
	switch {
	case f.psm != 0:
		return f.psm
	case mode == preprocess.ModeNone:
		return 3
	}
	return 4
}

// engineFor returns how to make an engine for pages preprocessed with mode.
func (f *engineFlags) engineFor(mode preprocess.Mode) func() (ocr.Engine, error) {
	cfg := tesseract.Config{Lang: f.lang, PSM: f.psmFor(mode), Vars: f.vars()}
	return func() (ocr.Engine, error) { return tesseract.New(cfg) }
}

type runFlags struct {
	output, truth, prep, logFormat     string
	workers                            int
	dpi                                float64
	keepImages, resume, quiet, verbose bool
	progress                           string
	correct                            correctFlags
	engine                             engineFlags
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run [flags] [INPUT_DIR]",
		Short: "Read every page image under INPUT_DIR (default scans) into OUTPUT_DIR",
		Long: `Read every page image under INPUT_DIR (default: scans) — TIFF (every page of a
multi-page TIFF), PNG and JPEG, in subfolders too — and write, mirroring the
input tree in OUTPUT_DIR (default: output):

  <rel>.txt        corrected text           <rel>.ocr.txt   raw Tesseract text
  <rel>.hocr       Tesseract's hOCR         <rel>.alto.xml  ALTO 4, corrections with OCR alternatives
  <rel>.json       the page record          <rel>.prep.png  preprocessed image (--keep-images)
  summary.json     the run's totals         index.html      the run's report

A page k of a multi-page TIFF is written as <rel>.p<k>. When a manual
transcription <stem>.gt.txt lies beside an image (or under --truth DIR), the
record holds the CER/WER of the raw and corrected text against it.

Exit codes: 0 all pages ok, 1 fatal error, 2 usage, 3 some pages failed (the
others are written), 130 interrupted.`,
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
	fl.BoolVar(&f.keepImages, "keep-images", false, "write the preprocessed page as <rel>.prep.png")
	fl.StringVar(&f.truth, "truth", "", "folder of manual transcriptions <rel>.gt.txt (default: beside the images)")
	fl.BoolVar(&f.resume, "resume", false, "skip pages already done by an earlier run (record ok, same input, all files present)")
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
	if err := f.engine.validate(); err != nil {
		return err
	}
	if fi, err := os.Stat(input); err != nil || !fi.IsDir() {
		return &exitError{exitUsage, fmt.Errorf("input folder %s: does not exist or is not a folder", input)}
	}
	prog, log, err := newProgress(f.progress, f.logFormat, f.quiet, f.verbose)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	corr, closeDict, err := f.correct.corrector()
	if err != nil {
		return fatal(err)
	}
	defer closeDict()

	cfg := pipeline.Config{
		Input: input, Output: f.output, Truth: f.truth, Workers: f.workers,
		Lang: f.engine.lang, PSM: f.engine.psmFor(mode), EngineVars: f.engine.vars(), DPI: f.dpi,
		Preprocess: mode, Prep: preprocess.DefaultOptions(),
		KeepImages: f.keepImages, Resume: f.resume,
		NewEngine: f.engine.engineFor(mode),
		Corrector: corr,
		Version:   version(),
		Log:       log,
		Progress:  prog,
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

func printSummary(sum *record.Summary, out string) {
	s := fmt.Sprintf("%d pages: %d ok, %d failed", sum.Pages.Total, sum.Pages.OK, sum.Pages.Failed)
	if sum.Pages.Skipped > 0 {
		s += fmt.Sprintf(" (%d already done)", sum.Pages.Skipped)
	}
	s += fmt.Sprintf("; %d corrections applied, %d suggested", sum.Corrections.Applied, sum.Corrections.Suggested)
	if t := sum.Truth; t != nil {
		s += fmt.Sprintf("; against %d transcriptions: CER %.3f raw → %.3f corrected, words fixed %d, broken %d",
			t.Pages, t.Raw.CER, t.Corrected.CER, t.Words.Fixed, t.Words.Broken)
	}
	fmt.Fprintf(os.Stderr, "%s\nreport: %s\n", s, filepath.Join(out, "index.html"))
}
