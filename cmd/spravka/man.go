package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"
)

func newManCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "man DIR",
		Short: "Write spravka's manual pages, one per command, into DIR",
		Long: `Write the manual pages of spravka and of each of its commands (spravka.1,
spravka-run.1, ...) into DIR, created if needed; they hold what the commands'
help holds. Their date is $SOURCE_DATE_EPOCH when it is set (make man sets it
to the last commit's), else today.`,
		Example: `  spravka man man && man -l man/spravka-run.1
  sudo spravka man /usr/local/share/man/man1 && man spravka-run`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if fi, err := os.Stat(args[0]); err == nil && !fi.IsDir() {
				return &exitError{exitUsage, fmt.Errorf("%s is a file, not a folder", args[0])}
			}
			if err := writeManPages(args[0]); err != nil {
				return fatal(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "manual pages written to %s\n", args[0])
			return nil
		},
		ValidArgsFunction: completeFolders,
	}
	describe(cmd, []int{exitOK, exitFatal, exitUsage, exitInterrupted},
		arg{"DIR", "the folder to write the pages into (a man1 folder, or any other)"})
	return cmd
}

// writeManPages writes a manual page per command with cobra's generator:
// the description, the arguments and the exit codes (from the command
// definitions, as the help shows them), the options and the examples.
func writeManPages(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root := newRoot()
	var prepare func(c *cobra.Command)
	prepare = func(c *cobra.Command) {
		c.DisableAutoGenTag = true
		c.Long = manDescription(c)
		c.Flags().VisitAll(func(f *pflag.Flag) {
			// cobra writes flags' usages into the Markdown as they are; the
			// `WORD` pflag takes for the value's name stays code
			f.Usage = strings.ReplaceAll(markdownText(f.Usage), "\\`", "`")
		})
		for _, sub := range c.Commands() {
			prepare(sub)
		}
	}
	prepare(root)
	header := &doc.GenManHeader{Section: "1", Source: "spravka " + version(), Manual: "spravka manual"}
	return doc.GenManTree(root, header, filepath.Clean(dir))
}

// manDescription is the Markdown cobra's generator turns into a page's
// DESCRIPTION: the command's Long as it reads in the help (indented lines as
// they are), then ARGUMENTS and EXIT STATUS as sections of their own.
func manDescription(c *cobra.Command) string {
	about := c.Long
	if about == "" {
		about = c.Short
	}
	var b strings.Builder
	code := false
	for _, line := range strings.Split(strings.TrimSpace(about), "\n") {
		indented := strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "\t")
		if indented != code {
			b.WriteString("```\n")
			code = indented
		}
		if code {
			b.WriteString(line + "\n")
		} else {
			b.WriteString(markdownText(line) + "\n")
		}
	}
	if code {
		b.WriteString("```\n")
	}
	if args := commandArgs(c); len(args) > 0 {
		b.WriteString("\n# ARGUMENTS\n")
		for _, a := range args {
			fmt.Fprintf(&b, "**%s**\n\t%s\n\n", markdownText(a.name), markdownText(a.what))
		}
	}
	if exits := commandExits(c); len(exits) > 0 {
		b.WriteString("\n# EXIT STATUS\n")
		for _, e := range exitCodes {
			for _, code := range exits {
				if code == e.code {
					fmt.Fprintf(&b, "**%d**\n\t%s\n\n", e.code, markdownText(e.meaning))
				}
			}
		}
	}
	return b.String()
}

// markdownText escapes what Markdown would take for markup in plain text
// (<rel> would be read as an HTML tag, *, _ and ` as emphasis and code).
func markdownText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>#|", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
