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
transcriptions.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := e.validate(); err != nil {
				return err
			}
			var ms []preprocess.Mode
			for _, m := range strings.Split(modes, ",") {
				mode, err := preprocess.ParseMode(strings.TrimSpace(m))
				if err != nil {
					return &exitError{exitUsage, err}
				}
				ms = append(ms, mode)
			}
			corr, made, closeDict, err := f.corrector()
			if err != nil {
				return fatal(err)
			}
			defer closeDict()
			_, log, _ := newProgress("none", "text", true, false)
			var runs []report.QualityRun
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
					Preprocess: mode, Prep: preprocess.DefaultOptions(), NewEngine: e.engineFor(mode),
					Corrector: corr, Judge: corr, Correction: made, Version: version(), Log: log,
				})
				if err != nil && !errors.Is(err, pipeline.ErrPagesFailed) {
					if cmd.Context().Err() != nil {
						return &exitError{exitInterrupted, errors.New("interrupted")}
					}
					return fatal(err)
				}
				runs = append(runs, report.QualityRun{Name: string(mode), Summary: sum})
			}
			fmt.Fprint(cmd.OutOrStdout(), report.QualityTable(runs))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&modes, "modes", "none,auto,best", "comma-separated preprocessing modes to compare")
	fl.IntVarP(&workers, "jobs", "j", runtime.NumCPU(), "page workers")
	fl.StringVar(&keep, "keep", "", "keep each mode's outputs under this folder (default: a temporary folder, removed)")
	f.register(cmd)
	e.register(cmd)
	return cmd
}
