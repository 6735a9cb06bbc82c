package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/plaintext"
	"github.com/spravka/spravka/pipeline/record"
)

func newCorrectCmd() *cobra.Command {
	var (
		f      correctFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "correct [flags] [FILE...]",
		Short: "Correct plain text (from any OCR engine, or a transcription) and print it",
		Long: `Correct plain text files (or standard input when no FILE is given) with the
same rules as run: homoglyphs, the lexicon (names, places, organisations,
formulae, with their case forms and known misreadings) and the Russian
dictionary. Prints the corrected text, spacing and line breaks kept; with
--json prints instead the record of every applied or suggested change.

Plain text carries no OCR confidence, so fixes found only through the
dictionary are suggested, never applied; on a terminal spravka says how many
suggestions there are (--json lists them). A FILE that is not UTF-8 text (an
image, a PDF, text in another encoding, a folder or a pipe) is named with the
reason, and the other files are corrected all the same.`,
		Example: `  spravka correct page.txt > page.fixed.txt
  # every change made and suggested, with its rule, score and reason
  spravka correct --json page.txt
  # the text of another OCR engine, with a lexicon of your own
  tesseract page.png stdout -l rus | spravka correct --lexicon names.tsv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			inputs := args
			if len(inputs) == 0 {
				inputs = []string{"-"}
			}
			for _, name := range inputs {
				if name != "-" {
					if err := needPath(name, "file"); err != nil {
						return err
					}
				}
			}
			corr, _, closeDict, err := f.corrector()
			if err != nil {
				return fatal(err)
			}
			defer closeDict()
			type fileRecord struct {
				File  string `json:"file"`
				Error string `json:"error,omitempty"`
				*record.Correction
			}
			var (
				records            []fileRecord
				applied, suggested int
				failed             []error
				out                = cmd.OutOrStdout()
				stdin              = cmd.InOrStdin()
				stdinIsTerminal    = stdin == os.Stdin && term.IsTerminal(int(os.Stdin.Fd()))
				stderrIsTerminal   = term.IsTerminal(int(os.Stderr.Fd()))
			)
			for _, name := range inputs {
				var text string
				if name == "-" {
					if stdinIsTerminal {
						fmt.Fprintln(os.Stderr, "spravka: reading the text to correct from the terminal; end it with Ctrl-D")
					}
					text, err = plaintext.ReadFrom("standard input", stdin)
				} else {
					text, err = plaintext.Read(name)
				}
				if err != nil {
					failed = append(failed, err)
					if len(inputs) > 1 {
						fmt.Fprintln(cmd.ErrOrStderr(), "spravka:", err)
					}
					records = append(records, fileRecord{File: name, Error: err.Error()})
					continue
				}
				fixed, corrections := corr.Correct(page.FromText(text), 1)
				rc := record.NewCorrection(corrections)
				applied, suggested = applied+rc.Applied, suggested+rc.Suggested
				if !asJSON {
					if _, err := io.WriteString(out, fixed.Text()); err != nil {
						return fatal(err)
					}
					continue
				}
				records = append(records, fileRecord{File: name, Correction: rc})
			}
			if suggested > 0 && !asJSON && stderrIsTerminal {
				fmt.Fprintf(os.Stderr, "spravka: %d corrections applied, %d more only suggested (not applied): see them with --json\n", applied, suggested)
			}
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(records); err != nil {
					return fatal(err)
				}
			}
			switch {
			case len(failed) == 0:
				return nil
			case len(inputs) == 1:
				return &exitError{exitFatal, failed[0]}
			case len(failed) == len(inputs):
				return &exitError{exitFatal, errors.New("no input could be corrected")}
			}
			return &exitError{exitPagesFailed, fmt.Errorf("%d of %d inputs could not be corrected; the others were", len(failed), len(inputs))}
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"txt"}, cobra.ShellCompDirectiveFilterFileExt
		},
	}
	describe(cmd, []int{exitOK, exitFatal, exitUsage, exitPagesFailed, exitInterrupted},
		arg{"FILE...", "UTF-8 text files, corrected one after another (default, or -: standard input)"})
	f.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print, instead of the text, the record of every change made or suggested in each file, as JSON")
	group(cmd, "output", "json")
	return cmd
}
