package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/record"
)

func newCorrectCmd() *cobra.Command {
	var (
		f      correctFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "correct [--lexicon F] [--json] [FILE...]",
		Short: "Correct plain text (from any OCR engine, or a transcription) and print it",
		Long: `Correct plain text files (or standard input when no FILE is given) with the
same rules as run: homoglyphs, the lexicon (names, places, organisations,
formulae, with their case forms and known misreadings) and the Russian
dictionary. Prints the corrected text, spacing and line breaks kept; with
--json prints instead the record of every applied or suggested change.

Plain text carries no OCR confidence, so fixes found only through the
dictionary are suggested, never applied.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			corr, _, closeDict, err := f.corrector()
			if err != nil {
				return fatal(err)
			}
			defer closeDict()
			type fileRecord struct {
				File string `json:"file"`
				*record.Correction
			}
			var records []fileRecord
			applied, suggested := 0, 0
			inputs := args
			if len(inputs) == 0 {
				inputs = []string{"-"}
			}
			out := cmd.OutOrStdout()
			for _, name := range inputs {
				text, err := readInput(name, cmd.InOrStdin())
				if err != nil {
					return fatal(err)
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
			if suggested > 0 && !asJSON && term.IsTerminal(int(os.Stderr.Fd())) {
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
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the record of changes as JSON instead of the text")
	return cmd
}

func readInput(name string, stdin io.Reader) (string, error) {
	var (
		b   []byte
		err error
	)
	if name == "-" {
		b, err = io.ReadAll(stdin)
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	return string(b), nil
}
