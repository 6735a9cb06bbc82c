package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/spravka/spravka/pipeline"
)

func newReportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report [OUTPUT_DIR]",
		Short: "Rebuild summary.json, index.html and the page views of an output folder",
		Long: `Rebuild the report of OUTPUT_DIR (default: output) from its page records
(<rel>.json): summary.json, index.html and the page view <rel>.html of every
page. Use it after several runs or shards wrote into one folder, or after an
upgrade of spravka changed the report. Nothing else in the folder is touched.`,
		Example: `  spravka report output && xdg-open output/index.html
  # once every shard of a cluster run is done
  spravka report /data/output`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := outputDirArg(args)
			if err != nil {
				return err
			}
			sum, err := pipeline.Report(dir)
			if err != nil {
				return fatal(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%d pages: %d ok, %d failed\nreport: %s\n", sum.Pages.Total, sum.Pages.OK, sum.Pages.Failed, filepath.Join(dir, "index.html"))
			return nil
		},
		ValidArgsFunction: completeFolders,
	}
	describe(cmd, []int{exitOK, exitFatal, exitUsage, exitInterrupted},
		arg{"OUTPUT_DIR", "a folder spravka run wrote (default: output)"})
	return cmd
}
