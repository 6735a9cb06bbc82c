package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/spravka/spravka/pipeline/diff"
	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/report"
)

func newDiffCmd() *cobra.Command {
	var (
		opt     diff.Options
		asJSON  bool
		html    string
		color   string
		context int
	)
	cmd := &cobra.Command{
		Use:   "diff [flags] TRUTH OCR",
		Short: "Compare OCR text with its manual transcription: CER, WER and every difference",
		Long: `Compare a text (OCR, or spravka's corrected text) with its manual
transcription, the reference first: two files, or two folders matched by
relative path and stem. In TRUTH a page <rel> is <rel>.gt.txt (or <rel>.txt);
in OCR it is <rel>.txt, and files ending in .ocr.txt (raw OCR) or .final.txt
(reviewed text) are never pages, so a spravka output folder can be given as
it is.

The raw OCR of a text <rel>.txt is <rel>.ocr.txt beside it when that exists
(spravka's output), or --ocr (a file, or a folder holding <rel>.ocr.txt or
<rel>.txt); with it the report adds the raw OCR's CER and WER and the words
the correction fixed and broke. Those words are compared by their letters
and digits: punctuation at a word's edges is stripped and a word of marks
only dropped (a mark counts in the CER, not there).

CER and WER are exact: the Levenshtein distance over characters (a letter
with its combining marks is one) and over words, divided by the
transcription's length. By default texts are compared in NFC with every run
of whitespace as one space, so line breaks and spacing are never errors; the
flags below make the comparison stricter or more lenient.

Prints a summary and every difference in context, the transcription's text
[-missing from the OCR-] and {+extra in the OCR+}; for folders, one row per
page, the worst first, and the totals. A page that cannot be read or is not
UTF-8 text is named, and the others are compared.`,
		Example: `  spravka diff page.gt.txt page.txt
  # every page of a run against the transcriptions beside the scans
  spravka diff scans output
  # ё as е and case folded, as JSON with the alignment
  spravka diff --fold-yo --fold-case --json page.gt.txt page.txt`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needPath(args[0], "TRUTH"); err != nil {
				return err
			}
			if err := needPath(args[1], "OCR"); err != nil {
				return err
			}
			if opt.Raw != "" {
				if err := needPath(opt.Raw, "--ocr"); err != nil {
					return err
				}
			}
			var colored bool
			switch color {
			case "always":
				colored = true
			case "never":
			case "auto":
				colored = cmd.OutOrStdout() == os.Stdout && term.IsTerminal(int(os.Stdout.Fd())) && os.Getenv("NO_COLOR") == ""
			default:
				return &exitError{exitUsage, fmt.Errorf("--color %q: want auto, always or never", color)}
			}
			if context < 0 {
				return &exitError{exitUsage, fmt.Errorf("--context %d: want 0 or more characters", context)}
			}
			res, err := diff.Compare(args[0], args[1], opt)
			var ue *diff.UsageError
			switch {
			case errors.As(err, &ue):
				return &exitError{exitUsage, err}
			case err != nil:
				return fatal(err)
			}
			if !res.Folder && res.Files[0].Err != nil {
				return fatal(res.Files[0].Err)
			}
			warn := func(format string, a ...any) { fmt.Fprintf(cmd.ErrOrStderr(), "spravka: warning: "+format+"\n", a...) }
			if n := len(res.TruthOnly); n > 0 {
				warn("%d transcriptions in %s have no text in %s: %s", n, res.Truth, res.OCR, strings.Join(res.TruthOnly, ", "))
			}
			if n := len(res.OCROnly); n > 0 {
				warn("%d texts in %s have no transcription in %s: %s", n, res.OCR, res.Truth, strings.Join(res.OCROnly, ", "))
			}
			if html != "" {
				page, err := report.Diff(res)
				if err == nil {
					err = outdir.Dir{Root: filepath.Dir(html)}.Write(filepath.Base(html), page)
				}
				if err != nil {
					return fatal(err)
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				b, err := res.JSON()
				if err == nil {
					_, err = out.Write(b)
				}
				if err != nil {
					return fatal(err)
				}
			} else if err := res.WriteText(out, colored, context); err != nil {
				return fatal(err)
			}
			if n := res.Failed(); n > 0 {
				for _, f := range res.Files {
					if f.Err != nil {
						fmt.Fprintln(cmd.ErrOrStderr(), "spravka:", f.Err)
					}
				}
				return &exitError{exitPagesFailed, fmt.Errorf("%d of %d pages could not be compared; the others were", n, len(res.Files))}
			}
			return nil
		},
	}
	describe(cmd, []int{exitOK, exitFatal, exitUsage, exitPagesFailed, exitInterrupted},
		arg{"TRUTH", "the manual transcription: a file, or a folder of <rel>.gt.txt (or <rel>.txt)"},
		arg{"OCR", "the text to measure: a file, or a folder of <rel>.txt (a spravka output folder as it is)"})
	fl := cmd.Flags()
	fl.StringVar(&opt.Raw, "ocr", "", "the raw OCR `RAW` of the texts (a file, or a folder): adds the words correction fixed and broke")
	group(cmd, "input", "ocr")
	fl.BoolVar(&opt.Normalize.KeepLines, "keep-lines", false, "line breaks count: a missing or extra line break is an error")
	fl.BoolVar(&opt.Normalize.FoldCase, "fold-case", false, "compare upper and lower case as equal")
	fl.BoolVar(&opt.Normalize.IgnorePunct, "ignore-punct", false, "drop punctuation and symbols before comparing")
	fl.BoolVar(&opt.Normalize.FoldYo, "fold-yo", false, "read ё as е")
	fl.BoolVar(&opt.Normalize.FoldHomoglyphs, "fold-homoglyphs", false, "read Latin look-alikes (a A B c C e E H K M o O p P T x X y) as Cyrillic")
	group(cmd, "comparison", "keep-lines", "fold-case", "ignore-punct", "fold-yo", "fold-homoglyphs")
	fl.BoolVar(&asJSON, "json", false, "print JSON: cer, wer, counts and the alignment as operations with their offsets")
	fl.StringVar(&html, "html", "", "also write the texts side by side, the differences marked, to the HTML file `FILE`")
	fl.StringVar(&color, "color", "auto", "colour the differences, `WHEN`: auto (on a terminal), always or never")
	fl.IntVar(&context, "context", 12, "show `N` characters around each difference")
	group(cmd, "output", "json", "html", "color", "context")
	completeWords(cmd, "color", "auto", "always", "never")
	completeFiles(cmd, "html", "html")
	return cmd
}
