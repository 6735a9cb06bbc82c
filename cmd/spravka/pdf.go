package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/spravka/spravka/pipeline"
	"github.com/spravka/spravka/pipeline/record"
)

func newPDFCmd() *cobra.Command {
	input := "scans"
	images := false
	cmd := &cobra.Command{
		Use:   "pdf [flags] [OUTPUT_DIR]",
		Short: "Write the searchable PDFs of an output folder again, with the reviewed text",
		Long: `Write the searchable copy <rel>.pdf of every input PDF of OUTPUT_DIR (default:
output) again, from the files under INPUT_DIR (default: scans) and the page
records: each page with the reviewed text where the archivist decided on it
(what <rel>.final.txt holds), the corrected text elsewhere. The PDFs of image
files that spravka run --pdf wrote are written again too, and with --images
one for every image file. Run it after a review, and after a sharded run
(shards write no PDF: a shard may not hold every page of a file). Each PDF is
PDF/A-2b where its input allows, and says why not in summary.json otherwise.
An input that changed since it was read is refused, and the other PDFs are
written.`,
		Example: `  # after spravka review output
  spravka pdf output
  # after the shards of a cluster run are all done, image files too
  spravka pdf --images --input /data/scans /data/output`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := outputDirArg(args)
			if err != nil {
				return err
			}
			if err := needFolder(input, "input folder"); err != nil {
				return err
			}
			pdfs, err := pipeline.PDFs(input, dir, pipeline.PDFOptions{Images: images, Version: version()})
			switch {
			case errors.Is(err, record.ErrNoRecords):
				return &exitError{exitFatal, err}
			case err != nil:
				return fatal(err)
			}
			failed, reviewed := 0, 0
			for _, p := range pdfs {
				if p.Error != "" {
					failed++
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: not written: %s\n", p.File, p.Error)
					continue
				}
				reviewed += p.Reviewed
				kind := p.PDFA
				if kind == "" {
					kind = "not PDF/A: " + p.NotPDFA
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d pages, %d with text, %d reviewed; %s\n", filepath.Join(dir, p.File), p.Pages, p.Text, p.Reviewed, kind)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%d searchable PDFs written, %d not; %d pages with the reviewed text\n", len(pdfs)-failed, failed, reviewed)
			if failed > 0 {
				return &exitError{exitPagesFailed, fmt.Errorf("%d of %d searchable PDFs not written (named above); the others were", failed, len(pdfs))}
			}
			return nil
		},
	}
	describe(cmd, []int{exitOK, exitFatal, exitUsage, exitPagesFailed, exitInterrupted},
		arg{"OUTPUT_DIR", "a folder spravka run wrote (default: output)"})
	cmd.Flags().StringVar(&input, "input", input, "read the PDFs and images again from `INPUT_DIR`, the folder the run read")
	group(cmd, "input", "input")
	cmd.Flags().BoolVar(&images, "images", false, "also write a searchable PDF of every image file (as spravka run --pdf does)")
	group(cmd, "output", "images")
	completeDirFlag(cmd, "input")
	cmd.ValidArgsFunction = completeFolders
	return cmd
}
