// Command spravka reads folders of scanned Russian typewritten documents:
// it preprocesses each page, recognises it with Tesseract, corrects the text
// with a domain lexicon and a Russian dictionary, and writes the text, the
// raw OCR, hOCR, ALTO, a record of every correction and an HTML report.
//
//	spravka run [flags] [INPUT_DIR]      (default scans, into output/)
//	spravka correct [--lexicon F] [--json] [FILE...]
//	spravka bench-quality [flags] DIR
//	spravka diff [flags] TRUTH OCR
//	spravka pdf [--input DIR] [OUTPUT_DIR]
//
// Exit codes: 0 all pages ok, 1 fatal error, 2 usage, 3 some pages failed,
// 130 interrupted.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/spravka/spravka/pipeline/record"
)

// Exit codes.
const (
	exitOK          = 0
	exitFatal       = 1
	exitUsage       = 2
	exitPagesFailed = 3
	exitInterrupted = 130
)

// exitError carries the exit code chosen for an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// fatal marks err as fatal (exit 1), unless it already carries an exit code.
func fatal(err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	return &exitError{exitFatal, err}
}

func main() {
	ensureSingleThreadedOCR()
	os.Exit(execute(os.Args[1:]))
}

func execute(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRoot()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(os.Stderr, "spravka:", ee.err)
		}
		return ee.code
	}
	// errors that cobra returns itself: unknown commands and flags, bad arguments
	fmt.Fprintf(os.Stderr, "spravka: %v\nRun 'spravka --help' for usage.\n", err)
	return exitUsage
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "spravka",
		Short: "OCR and post-correction for archival scans of Russian typewritten documents",
		Long: `spravka reads a folder of scanned pages (TIFF, PNG, JPEG, PDF), cleans each page,
recognises it with Tesseract, corrects the text with a lexicon of the period's
names, places and organisations and a Russian dictionary, and writes the
corrected text beside the raw OCR, hOCR, ALTO, a JSON record of every change,
an HTML report and, for every PDF, a searchable copy.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newRunCmd(), newCorrectCmd(), newBenchCmd(), newReportCmd(), newReviewCmd())
	root.AddCommand(newDiffCmd(), newPDFCmd())
	return root
}

// version names this build of spravka in --version and in every output: the
// module version and the VCS revision (see versionOf). It is computed once.
var version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return versionOf(bi, executableSHA256)
})

// versionOf names a build from its build information:
//
//   - a release or a build in a git checkout: the module version Go stamps,
//     "v1.2.0", or "v0.0.0-20261126081554-b3fe15efc478" with "+dirty" when
//     the checkout had changes; the revision is added when the version does
//     not hold it already;
//   - a build without version control information (-buildvcs=false, a git
//     worktree, a copy of the sources): "devel+build.<12 hex digits of the
//     executable's SHA-256>", so that two different builds never share a name.
//
// The same build always gets the same name, so outputs stay byte-identical.
func versionOf(bi *debug.BuildInfo, exeHash func() string) string {
	v, rev, dirty := "devel", "", false
	if bi != nil {
		if mv := bi.Main.Version; mv != "" && mv != "(devel)" {
			v = mv
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	switch {
	case rev != "" && !strings.Contains(v, rev):
		v += "+" + rev
	case rev == "" && v == "devel":
		if h := exeHash(); h != "" {
			v += "+build." + h[:12]
		}
	}
	if dirty && !strings.Contains(v, "+dirty") {
		v += "+dirty"
	}
	return v
}

// executableSHA256 returns the hex SHA-256 of the running executable, "" when
// it cannot be read.
func executableSHA256() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := record.HashFile(exe)
	if err != nil {
		return ""
	}
	return f.SHA256
}

// ensureSingleThreadedOCR makes sure Tesseract runs one thread per worker:
// OpenMP reads OMP_THREAD_LIMIT when the library is loaded, before main, so
// when it is unset spravka starts itself again with OMP_THREAD_LIMIT=1 (and
// warns when it cannot); when it is set to anything but 1 it warns.
func ensureSingleThreadedOCR() {
	v, set := os.LookupEnv("OMP_THREAD_LIMIT")
	switch {
	case set && v == "1":
		return
	case set:
		slog.Warn("OMP_THREAD_LIMIT is not 1: each worker's Tesseract may start several threads and the run can be many times slower; set OMP_THREAD_LIMIT=1", "OMP_THREAD_LIMIT", v)
		return
	}
	exe, err := os.Executable()
	if err == nil {
		err = syscall.Exec(exe, os.Args, append(os.Environ(), "OMP_THREAD_LIMIT=1"))
	}
	slog.Warn("OMP_THREAD_LIMIT is not set and spravka could not restart itself with it: set OMP_THREAD_LIMIT=1 before starting spravka, or Tesseract's threads will fight each other", "error", err)
}
