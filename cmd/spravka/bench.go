package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/spravka/spravka/pipeline"
	"github.com/spravka/spravka/pipeline/preprocess"
	"github.com/spravka/spravka/pipeline/report"
)

func newBenchCmd() *cobra.Command {
	var (
		modes   string
		workers int
		keep    string
		f       correctFlags
		e       engineFlags
	)
	cmd := &cobra.Command{
		Use:   "bench-quality [flags] DIR",
		Short: "Measure OCR accuracy per preprocessing mode on pages with transcriptions",
		Long: `Run the whole pipeline over DIR once per preprocessing mode and print, for
every page that has a manual transcription (<stem>.gt.txt), the CER and WER of
the raw OCR and of the corrected text for each mode side by side, with the
totals and the seconds spent per page. Works on any folder of scans with
transcriptions; a page that fails is named in the table, and the others are
measured.`,
		Example: `  # the sample pages, in the three modes
  spravka bench-quality scans
  # two modes only, keeping each mode's output in /tmp/bench/<mode>
  spravka bench-quality --modes auto,best --keep /tmp/bench scans`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := e.validate(); err != nil {
				return err
			}
			var ms []preprocess.Mode
			for _, m := range strings.Split(modes, ",") {
				mode, err := preprocess.ParseMode(strings.TrimSpace(m))
				if err != nil {
					return &exitError{exitUsage, fmt.Errorf("--modes: %w", err)}
				}
				ms = append(ms, mode)
			}
			if workers < 1 {
				return &exitError{exitUsage, errors.New("-j must be at least 1")}
			}
			if err := needFolder(args[0], "input folder"); err != nil {
				return err
			}
			corr, made, closeDict, err := f.corrector()
			if err != nil {
				return fatal(err)
			}
			defer closeDict()
			_, log, _ := newProgress("none", "text", true, false)
			var (
				runs   []report.QualityRun
				failed int
			)
			for _, mode := range ms {
				out := keep
				if out == "" {
					if out, err = os.MkdirTemp("", "spravka-bench-"); err != nil {
						return fatal(err)
					}
					defer os.RemoveAll(out)
				} else {
					out = filepath.Join(out, string(mode))
				}
				fmt.Fprintf(os.Stderr, "preprocess %s ...\n", mode)
				sum, err := pipeline.Run(cmd.Context(), pipeline.Config{
					Input: args[0], Output: out, Workers: workers,
					Preprocess: mode, Prep: preprocess.DefaultOptions(), LinePSM: e.linePSM(mode), NewEngine: e.engineFor(mode),
					Corrector: corr, Judge: corr, Correction: made, Version: version(), Log: log,
				})
				if err != nil && !errors.Is(err, pipeline.ErrPagesFailed) {
					if cmd.Context().Err() != nil {
						return &exitError{exitInterrupted, errors.New("interrupted")}
					}
					return fatal(err)
				}
				failed += sum.Pages.Failed
				runs = append(runs, report.QualityRun{Name: string(mode), Summary: sum})
			}
			fmt.Fprint(cmd.OutOrStdout(), report.QualityTable(runs))
			if failed > 0 {
				return &exitError{exitPagesFailed, fmt.Errorf("%d page readings failed (see the table); the others are measured", failed)}
			}
			return nil
		},
		ValidArgsFunction: completeFolders,
		Annotations:       map[string]string{annStops: "yes"},
	}
	describe(cmd, []int{exitOK, exitFatal, exitUsage, exitPagesFailed, exitInterrupted},
		arg{"DIR", "a folder of scans with their transcriptions <stem>.gt.txt beside them (scans/ is one)"})
	fl := cmd.Flags()
	fl.StringVar(&modes, "modes", "none,auto,best", "the preprocessing `MODES` to compare, separated by commas")
	fl.IntVarP(&workers, "jobs", "j", runtime.NumCPU(), "read `N` pages at a time, each worker with its own single-threaded Tesseract")
	showDefault(cmd, "jobs", "one per CPU")
	group(cmd, "recognition", "modes", "jobs")
	fl.StringVar(&keep, "keep", "", "keep each mode's outputs in `DIR`/<mode> (default: a temporary folder, removed)")
	group(cmd, "output", "keep")
	completeDirFlag(cmd, "keep")
	e.register(cmd)
	f.register(cmd)
	return cmd
}
