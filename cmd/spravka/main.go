// Command spravka reads folders of scanned Russian typewritten documents:
// it preprocesses each page, recognises it with Tesseract, corrects the text
// with a domain lexicon and a Russian dictionary, and writes the text, the
// raw OCR, hOCR, ALTO, a record of every correction and an HTML report.
//
// Its commands (run, review, report, pdf, correct, diff, bench-quality, man,
// completion) are cobra commands, one file each; help.go renders the help of
// every one in the same parts (arguments, flags by group, examples, exit
// codes: 0 ok, 1 fatal, 2 usage, 3 some inputs failed, 130 interrupted),
// and the README's list of commands is the same text (readme_test.go).
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
	"github.com/spf13/pflag"

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
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	code := exitUsage // errors cobra returns itself: unknown commands and flags, bad arguments
	var ee *exitError
	if errors.As(err, &ee) {
		code, err = ee.code, ee.err
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "spravka:", err)
	}
	if code == exitUsage {
		fmt.Fprintf(os.Stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

// Commands that stop on Ctrl-C themselves (they watch their context) say so
// with this annotation; any other command is ended by the first Ctrl-C or
// SIGTERM with exit code 130.
const annStops = "spravka_stops"

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "spravka",
		Short: "OCR and post-correction for archival scans of Russian typewritten documents",
		Long: `spravka reads folders of scanned pages of Russian typewritten documents (TIFF,
PNG, JPEG, PDF): it cleans each page, recognises it with Tesseract, corrects
the text with a lexicon of the period's names, places and organisations and a
Russian dictionary, and writes the corrected text beside the raw OCR, hOCR,
ALTO, a JSON record of every change, an HTML report and, for every PDF, a
searchable copy. An archivist then decides every correction in the browser
(spravka review).`,
		Example: `  # read the sample pages in scans/ into output/, then open output/index.html
  spravka run
  # decide the corrections of output/ in the browser
  spravka review output
  # correct a text another OCR engine made
  tesseract page.png stdout -l rus | spravka correct`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			if cmd.Annotations[annStops] == "" {
				exitOnInterrupt(cmd.Context())
			}
		},
	}
	root.Flags().BoolP("version", "V", false, "print spravka's version and exit")
	root.SetHelpFunc(func(cmd *cobra.Command, _ []string) { writeHelp(cmd.OutOrStdout(), cmd) })
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		if c == root && strings.Contains(err.Error(), "'v' in -v") {
			return fmt.Errorf("%w (-V or --version prints the version)", err)
		}
		return err
	})
	cobra.EnableCommandSorting = false // the commands in the order of the work
	root.AddCommand(newRunCmd(), newReviewCmd(), newReportCmd(), newPDFCmd(), newCorrectCmd(), newDiffCmd(), newBenchCmd(), newManCmd())
	root.InitDefaultCompletionCmd()
	root.SetHelpCommand(newHelpCmd(root))
	root.InitDefaultHelpCmd()
	describeCompletion(root)
	describe(root, []int{exitOK, exitFatal, exitUsage, exitPagesFailed, exitInterrupted})
	var everyCommand func(c *cobra.Command)
	everyCommand = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		c.Flags().Lookup("help").Usage = "show this help"
		c.Flags().SortFlags = false // in the order they are defined
		if onlyHelp(c) {
			c.DisableFlagsInUseLine = true // "[flags]" for -h alone says nothing
		}
		for _, sub := range c.Commands() {
			everyCommand(sub)
		}
	}
	everyCommand(root)
	return root
}

// newHelpCmd is spravka help [COMMAND]: cobra's, but an unknown command is
// a usage error (cobra's prints its usage and exits 0).
func newHelpCmd(root *cobra.Command) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "help [COMMAND]",
		Short:   "Show the help of spravka or of one of its commands",
		Example: "  spravka help run\n  spravka help completion bash",
		RunE: func(_ *cobra.Command, args []string) error {
			c, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 || c == root && len(args) > 0 {
				return &exitError{exitUsage, fmt.Errorf("no command %q (spravka help lists them)", strings.Join(args, " "))}
			}
			return c.Help()
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			var names []string
			if len(args) == 0 {
				for _, c := range helpCommands(root) {
					names = append(names, c.Name())
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	}
	describe(cmd, []int{exitOK, exitUsage}, arg{"COMMAND", "a command, or a command and its subcommand (default: spravka itself)"})
	return cmd
}

// onlyHelp reports whether -h is a command's only flag.
func onlyHelp(c *cobra.Command) bool {
	n := 0
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" {
			n++
		}
	})
	return n == 0
}

// exitOnInterrupt makes Ctrl-C or SIGTERM end spravka with exit code 130,
// for the commands that do not stop by themselves; ctx is done when one came
// before.
func exitOnInterrupt(ctx context.Context) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	interrupted := func() {
		fmt.Fprintln(os.Stderr, "spravka: interrupted")
		os.Exit(exitInterrupted)
	}
	if ctx.Err() != nil {
		interrupted()
	}
	go func() {
		<-sig
		interrupted()
	}()
}

// describeCompletion documents cobra's completion command and its shells
// as spravka's own commands are.
func describeCompletion(root *cobra.Command) {
	comp, _, err := root.Find([]string{"completion"})
	if err != nil || comp.Name() != "completion" {
		panic("no completion command")
	}
	comp.Short = "Write the shell completion script for bash, zsh, fish or powershell"
	comp.Example = `  # bash, in this shell: then spravka run --pre<Tab> completes to --preprocess
  source <(spravka completion bash)
  # bash, in every new shell
  spravka completion bash | sudo tee /etc/bash_completion.d/spravka >/dev/null
  # zsh, in every new shell (with compinit in ~/.zshrc)
  spravka completion zsh > "${fpath[1]}/_spravka"`
	describe(comp, []int{exitOK, exitUsage})
	// runnable, so that an unknown shell is a usage error (cobra's NoArgs)
	// and not its help with exit code 0
	comp.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	examples := map[string]string{
		"bash":       "  source <(spravka completion bash)\n  spravka completion bash | sudo tee /etc/bash_completion.d/spravka >/dev/null",
		"zsh":        "  source <(spravka completion zsh)\n  spravka completion zsh > \"${fpath[1]}/_spravka\"",
		"fish":       "  spravka completion fish | source\n  spravka completion fish > ~/.config/fish/completions/spravka.fish",
		"powershell": "  spravka completion powershell | Out-String | Invoke-Expression",
	}
	for _, sh := range comp.Commands() {
		describe(sh, []int{exitOK, exitUsage})
		sh.Example = examples[sh.Name()]
	}
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
