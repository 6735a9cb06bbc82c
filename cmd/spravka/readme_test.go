package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/spravka/spravka/internal/testtools"
)

const readmePath = "../../README.md"

// readmeBlocks are the README's sections generated from the command
// definitions, between their two markers.
func readmeBlocks(root *cobra.Command) []struct{ name, text string } {
	return []struct{ name, text string }{
		{"commands", "```text\n" + reference(root) + "```\n"},
		{"exit codes", exitTable(root)},
	}
}

func blockMarkers(name string) (begin, end string) {
	return "<!-- " + name + ": generated from the command definitions by go test ./cmd/spravka -run README -update -->\n",
		"<!-- end of " + name + " -->"
}

// TestREADME: the README's list of commands (every command, argument and
// flag, with what help says of it) and its table of exit codes are what the
// commands define, so the two cannot drift (go test -run README -update
// rewrites them); and every spravka flag and command its prose names exists.
func TestREADME(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	root := newRoot()
	for _, bl := range readmeBlocks(root) {
		begin, end := blockMarkers(bl.name)
		i, j := strings.Index(readme, begin), strings.Index(readme, end)
		if i < 0 || j < i {
			t.Fatalf("README.md has no %q section between\n%s\nand\n%s", bl.name, begin, end)
		}
		if got := readme[i+len(begin) : j]; got != bl.text {
			if testtools.Updating() {
				readme = readme[:i+len(begin)] + bl.text + readme[j:]
				continue
			}
			t.Errorf("README.md's %s section is not what the commands define (run go test ./cmd/spravka -run README -update):\n%s", bl.name, bl.text)
		}
	}
	if testtools.Updating() {
		if err := os.WriteFile(readmePath, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// the prose around the generated sections names only real flags
	flags := map[string]bool{}
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) { flags["--"+f.Name] = true })
		for _, sub := range c.Commands() {
			visit(sub)
		}
	}
	visit(root)
	// flags of other programs the README shows, and the program they are on the line with
	others := map[string]string{"--rm": "docker run", "--for": "kubectl wait", "--timeout": "kubectl wait", "--check": "qpdf", "--overlay": "qpdf"}
	prose := readme
	for _, bl := range readmeBlocks(root) {
		begin, end := blockMarkers(bl.name)
		i, j := strings.Index(prose, begin), strings.Index(prose, end)
		prose = prose[:i] + prose[j:]
	}
	for _, line := range strings.Split(prose, "\n") {
		for _, f := range regexp.MustCompile(`--[a-z][a-z0-9-]*`).FindAllString(line, -1) {
			if tool, ok := others[f]; ok && strings.Contains(line, tool) {
				continue
			}
			if !flags[f] {
				t.Errorf("README.md names %s, which no command has: %q", f, line)
			}
		}
		for _, m := range regexp.MustCompile("(?:`|bin/)spravka ([a-z][a-z-]*)").FindAllStringSubmatch(line, -1) {
			if c, _, err := root.Find([]string{m[1]}); err != nil || c == root {
				t.Errorf("README.md names the command spravka %s, which does not exist: %q", m[1], line)
			}
		}
	}
	// and says how to complete commands in a shell and where the man pages come from
	for _, want := range []string{"spravka completion bash", "spravka man", "make man"} {
		if !strings.Contains(prose, want) {
			t.Errorf("README.md does not say %q", want)
		}
	}
	if !slices.ContainsFunc(strings.Split(prose, "\n"), func(l string) bool { return strings.HasPrefix(l, "make run ") }) {
		t.Errorf("README.md lost its set-up command make run")
	}
}
