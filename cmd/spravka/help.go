package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The help of every command has the same parts, in this order: what it does
// (Long), its usage line, its arguments, its flags in groups, two or three
// examples, and the exit codes it can end with. The README's list of
// commands is the same text (see reference), so the two cannot drift.

// helpWidth is the width help is wrapped to, on a terminal or not, so that
// the help, the README and the golden files are the same text.
const helpWidth = 100

// flagGroups are the groups flags are shown in, in this order; a command
// shows the groups it has flags in.
var flagGroups = []struct{ key, title string }{
	{"input", "Input"},
	{"recognition", "Recognition"},
	{"correction", "Correction"},
	{"comparison", "Comparison"},
	{"output", "Output"},
	{"server", "Review server"},
	{"logging", "Logging"},
}

// Annotations spravka keeps on its commands and flags.
const (
	annGroup   = "spravka_group"   // a flag's group (flagGroups' key)
	annDefault = "spravka_default" // a flag's default as help shows it, when its value would mislead
	annArgs    = "spravka_args"    // a command's arguments: "NAME\twhat it is" lines
	annExits   = "spravka_exits"   // a command's exit codes: "0 1 2"
)

// exitCodes is the one table of exit codes of every spravka command; each
// command's help lists the ones it can end with.
var exitCodes = []struct {
	code    int
	meaning string
}{
	{exitOK, "ok: everything asked was done"},
	{exitFatal, "fatal: the work could not be done: a tool or its data missing (the message says what to install), a file that cannot be read or is not what it should be, the output folder in use or files in its way"},
	{exitUsage, "usage: a wrong command line (an unknown command or flag, a bad value, a wrong number of arguments, a path that does not exist); nothing was done"},
	{exitPagesFailed, "some inputs failed: each is named with its reason (on stderr, and in its record); every other one was done"},
	{exitInterrupted, "interrupted (Ctrl-C or SIGTERM): what was finished is kept (spravka run --resume goes on)"},
}

// arg is one positional argument of a command, for its help.
type arg struct{ name, what string }

// describe records a command's arguments and the exit codes it can end with.
func describe(cmd *cobra.Command, exits []int, args ...arg) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	var a []string
	for _, x := range args {
		a = append(a, x.name+"\t"+x.what)
	}
	cmd.Annotations[annArgs] = strings.Join(a, "\n")
	var e []string
	for _, c := range exits {
		e = append(e, strconv.Itoa(c))
	}
	cmd.Annotations[annExits] = strings.Join(e, " ")
}

// group puts the named flags of cmd into a group of its help.
func group(cmd *cobra.Command, key string, names ...string) {
	if !slices.ContainsFunc(flagGroups, func(g struct{ key, title string }) bool { return g.key == key }) {
		panic("no flag group " + key)
	}
	for _, n := range names {
		if err := cmd.Flags().SetAnnotation(n, annGroup, []string{key}); err != nil {
			panic(fmt.Sprintf("%s: %v", cmd.Name(), err))
		}
	}
}

// showDefault sets the default help shows for a flag whose real default
// depends on the machine (the number of CPUs).
func showDefault(cmd *cobra.Command, name, shown string) {
	if err := cmd.Flags().SetAnnotation(name, annDefault, []string{shown}); err != nil {
		panic(err)
	}
}

// commandArgs returns a command's arguments as recorded by describe.
func commandArgs(cmd *cobra.Command) []arg {
	var out []arg
	for _, l := range strings.Split(cmd.Annotations[annArgs], "\n") {
		if name, what, ok := strings.Cut(l, "\t"); ok {
			out = append(out, arg{name, what})
		}
	}
	return out
}

// commandExits returns the exit codes a command can end with.
func commandExits(cmd *cobra.Command) []int {
	var out []int
	for _, f := range strings.Fields(cmd.Annotations[annExits]) {
		c, _ := strconv.Atoi(f)
		out = append(out, c)
	}
	return out
}

// flagGroup returns the group of a flag, "" for none (-h and cobra's own flags).
func flagGroup(f *pflag.Flag) string {
	if g := f.Annotations[annGroup]; len(g) == 1 {
		return g[0]
	}
	return ""
}

// helpCommands are the commands shown in the help and the README: all
// available ones but help itself.
func helpCommands(cmd *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() && c.Name() != "help" {
			out = append(out, c)
		}
	}
	return out
}

// writeHelp writes the help of cmd.
func writeHelp(w io.Writer, cmd *cobra.Command) {
	var b strings.Builder
	about := cmd.Long
	if about == "" {
		about = cmd.Short
	}
	b.WriteString(strings.TrimSpace(about) + "\n\n")
	writeSynopsis(&b, cmd, true)
	if ex := strings.TrimRight(cmd.Example, "\n "); ex != "" {
		b.WriteString("\nExamples:\n" + ex + "\n")
	}
	if exits := commandExits(cmd); len(exits) > 0 {
		b.WriteString("\nExit codes:\n")
		writeExits(&b, exits)
	}
	if cmd.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\nRun '%s help COMMAND' (or '%[1]s COMMAND --help') for a command's arguments, flags and examples.\n", cmd.CommandPath())
	}
	io.WriteString(w, b.String())
}

// writeSynopsis writes a command's usage line, its subcommands, its
// arguments and its flags by group; with help, -h/--help too.
func writeSynopsis(b *strings.Builder, cmd *cobra.Command, help bool) {
	b.WriteString("Usage:\n")
	if cmd.Runnable() && !cmd.HasAvailableSubCommands() {
		b.WriteString("  " + cmd.UseLine() + "\n")
	}
	if cmd.HasAvailableSubCommands() {
		b.WriteString("  " + cmd.CommandPath() + " COMMAND\n")
		b.WriteString("\nCommands:\n")
		var rows [][2]string
		for _, c := range helpCommands(cmd) {
			rows = append(rows, [2]string{c.Name(), c.Short})
		}
		writeColumns(b, rows)
	}
	if args := commandArgs(cmd); len(args) > 0 {
		b.WriteString("\nArguments:\n")
		var rows [][2]string
		for _, a := range args {
			rows = append(rows, [2]string{a.name, a.what})
		}
		writeColumns(b, rows)
	}
	groups := map[string][][2]string{}
	var all [][2]string
	cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden || (!help && f.Name == "help") {
			return
		}
		row := flagRow(f)
		groups[flagGroup(f)] = append(groups[flagGroup(f)], row)
		all = append(all, row)
	})
	width := columnWidth(all)
	for _, g := range flagGroups {
		if rows := groups[g.key]; len(rows) > 0 {
			b.WriteString("\n" + g.title + " flags:\n")
			writeRows(b, rows, width)
		}
	}
	if rows := groups[""]; len(rows) > 0 {
		title := "Other flags:"
		if len(groups) == 1 {
			title = "Flags:"
		}
		b.WriteString("\n" + title + "\n")
		writeRows(b, rows, width)
	}
}

// writeExits writes the rows of the exit-code table for codes.
func writeExits(b *strings.Builder, codes []int) {
	var rows [][2]string
	for _, e := range exitCodes {
		if slices.Contains(codes, e.code) {
			rows = append(rows, [2]string{strconv.Itoa(e.code), e.meaning})
		}
	}
	writeColumns(b, rows)
}

// flagRow is a flag's two columns: "-o, --output DIR" and what it does, with
// its default.
func flagRow(f *pflag.Flag) [2]string {
	name, usage := pflag.UnquoteUsage(f)
	left := "    --" + f.Name
	if f.Shorthand != "" {
		left = "-" + f.Shorthand + ", --" + f.Name
	}
	if name != "" {
		left += " " + name
	}
	def := f.DefValue
	if d := f.Annotations[annDefault]; len(d) == 1 {
		def = d[0]
	}
	switch {
	case def == "" || def == "0" || def == "false" || def == "[]" || def == "0s":
	case f.Value.Type() == "string":
		usage += fmt.Sprintf(" (default %q)", def)
	default:
		usage += " (default " + def + ")"
	}
	return [2]string{left, usage}
}

// maxName is the widest name the columns of names are made wide enough for;
// a longer name has its text on the next line.
const maxName = 28

// writeColumns writes rows of a name and a text, the texts aligned in one
// column and wrapped to helpWidth.
func writeColumns(b *strings.Builder, rows [][2]string) {
	writeRows(b, rows, columnWidth(rows))
}

// columnWidth is the width of the column of names of rows.
func columnWidth(rows [][2]string) int {
	width := 0
	for _, r := range rows {
		if n := utf8.RuneCountInString(r[0]); n <= maxName {
			width = max(width, n)
		}
	}
	return width
}

// writeRows writes rows with their names in a column width wide, indented
// by two, and their texts after it.
func writeRows(b *strings.Builder, rows [][2]string, width int) {
	col := 2 + width + 3
	for _, r := range rows {
		b.WriteString("  " + r[0])
		if n := utf8.RuneCountInString(r[0]); n > maxName {
			b.WriteString("\n" + strings.Repeat(" ", col))
		} else {
			b.WriteString(strings.Repeat(" ", width-n+3))
		}
		b.WriteString(wrapText(r[1], col, helpWidth) + "\n")
	}
}

// wrapText wraps text to width columns, the first line starting at column
// col (already written) and the others indented to it. Line breaks in text
// are kept.
func wrapText(text string, col, width int) string {
	var b strings.Builder
	indent := strings.Repeat(" ", col)
	for i, para := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("\n" + indent)
		}
		at := col
		for j, word := range strings.Fields(para) {
			n := utf8.RuneCountInString(word)
			if j > 0 {
				if at+1+n > width {
					b.WriteString("\n" + indent)
					at = col
				} else {
					b.WriteByte(' ')
					at++
				}
			}
			b.WriteString(word)
			at += n
		}
	}
	return b.String()
}

// reference is the list of commands in the README: spravka's usage, its
// commands and global flags, then for every command its usage line, what it
// does in one line, its arguments and its flags by group, as its help shows
// them (-h/--help, which every command has, left out).
func reference(root *cobra.Command) string {
	var b strings.Builder
	writeSynopsis(&b, root, false)
	for _, c := range helpCommands(root) {
		b.WriteString("\n" + strings.Repeat("─", 3) + " " + c.CommandPath() + ": " + c.Short + "\n\n")
		writeSynopsis(&b, c, false)
	}
	return b.String()
}

// exitTable is the README's table of exit codes: each code, its meaning and
// the commands that can end with it.
func exitTable(root *cobra.Command) string {
	var b strings.Builder
	b.WriteString("| code | meaning | commands |\n|---|---|---|\n")
	for _, e := range exitCodes {
		var cmds []string
		for _, c := range helpCommands(root) {
			if slices.Contains(commandExits(c), e.code) {
				cmds = append(cmds, c.Name())
			}
		}
		fmt.Fprintf(&b, "| `%d` | %s | %s |\n", e.code, e.meaning, strings.Join(cmds, ", "))
	}
	return b.String()
}
