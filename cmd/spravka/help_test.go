package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/spravka/spravka/internal/testtools"
)

// allCommands are every command of spravka but help, the root first.
func allCommands() []*cobra.Command {
	var out []*cobra.Command
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		out = append(out, c)
		for _, sub := range helpCommands(c) {
			visit(sub)
		}
	}
	visit(newRoot())
	return out
}

// commandArgsOf are the words that name c on the command line ("completion bash").
func commandArgsOf(c *cobra.Command) []string {
	return strings.Fields(strings.TrimPrefix(c.CommandPath(), "spravka"))
}

// TestHelpGolden: the help of every command, as the binary prints it for
// --help and for spravka help, is its golden file (testdata/help/, refreshed
// with -update), so a change to any command's help is seen in review.
func TestHelpGolden(t *testing.T) {
	for _, c := range allCommands() {
		name := strings.ReplaceAll(c.CommandPath(), " ", "-")
		t.Run(name, func(t *testing.T) {
			args := commandArgsOf(c)
			code, out, stderr := spravka(t, "", append(args, "--help")...)
			if code != exitOK || stderr != "" {
				t.Fatalf("--help: exit %d, stderr %q", code, stderr)
			}
			testtools.Golden(t, filepath.Join("testdata", "help", name+".txt"), []byte(out))
			code, viaHelp, _ := spravka(t, "", append([]string{"help"}, args...)...)
			if code != exitOK || viaHelp != out {
				t.Errorf("spravka help %s (exit %d) differs from --help:\n%s", strings.Join(args, " "), code, viaHelp)
			}
		})
	}
}

// TestHelpParts: every command's help has its parts: what it does, its
// usage, its arguments, its flags each in a group, two or three examples
// that run spravka, and its exit codes.
func TestHelpParts(t *testing.T) {
	for _, c := range allCommands() {
		t.Run(c.CommandPath(), func(t *testing.T) {
			if c.Short == "" || strings.HasSuffix(c.Short, ".") {
				t.Errorf("one line of purpose, without a full stop: %q", c.Short)
			}
			var examples int
			for _, l := range strings.Split(c.Example, "\n") {
				if l = strings.TrimSpace(l); strings.Contains(l, "spravka ") && !strings.HasPrefix(l, "#") {
					examples++
				}
			}
			if examples < 1 || examples > 3 || c.HasParent() && c.Parent().Name() == "spravka" && examples < 2 {
				t.Errorf("%d examples:\n%s", examples, c.Example)
			}
			if len(commandExits(c)) == 0 || !strings.Contains(c.Annotations[annExits], "0") {
				t.Errorf("exit codes %q", c.Annotations[annExits])
			}
			// every argument in the usage line is described
			for _, a := range regexp.MustCompile(`\b[A-Z][A-Z_]+\b(\.\.\.)?`).FindAllString(c.Use, -1) {
				found := false
				for _, d := range commandArgs(c) {
					found = found || d.name == a
				}
				if !found {
					t.Errorf("argument %s of %q is not described", a, c.Use)
				}
			}
			if strings.Count(c.UseLine(), "[flags]") > 1 {
				t.Errorf("usage %q", c.UseLine())
			}
			if c.Parent() != nil && c.Parent().Name() == "completion" {
				return // cobra's flags
			}
			c.LocalFlags().VisitAll(func(f *pflag.Flag) {
				if f.Name == "help" || f.Name == "version" {
					return
				}
				if flagGroup(f) == "" {
					t.Errorf("--%s is in no group", f.Name)
				}
				if name, _ := pflag.UnquoteUsage(f); f.Value.Type() != "bool" && (name == "" || name == f.Value.Type()) {
					t.Errorf("--%s names no value in its usage (a `WORD` in backquotes): %q", f.Name, f.Usage)
				}
			})
		})
	}
}

// TestShortFlags: a short flag means one thing in every command; -v is
// --verbose and -V --version.
func TestShortFlags(t *testing.T) {
	meaning := map[string]string{}
	for _, c := range allCommands() {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Shorthand == "" {
				return
			}
			if m, ok := meaning[f.Shorthand]; ok && m != f.Name {
				t.Errorf("-%s is --%s in %s and --%s elsewhere", f.Shorthand, f.Name, c.CommandPath(), m)
			}
			meaning[f.Shorthand] = f.Name
		})
	}
	for short, long := range map[string]string{"v": "verbose", "V": "version", "h": "help", "o": "output", "j": "jobs", "q": "quiet"} {
		if meaning[short] != long {
			t.Errorf("-%s is --%s, want --%s", short, meaning[short], long)
		}
	}
	if code, out, _ := spravka(t, "", "-V"); code != exitOK || !strings.HasPrefix(out, "spravka version ") {
		t.Errorf("spravka -V: exit %d, %q", code, out)
	}
	if code, _, stderr := spravka(t, "", "-v"); code != exitUsage || !strings.Contains(stderr, "-V or --version prints the version") {
		t.Errorf("spravka -v: exit %d, %q", code, stderr)
	}
}

// TestManPages: spravka man writes a page per command with its arguments,
// every flag and its exit status, which man renders.
func TestManPages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man1")
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	if code, _, stderr := spravka(t, "", "man", dir); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, c := range allCommands() {
		name := strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("no page for %s: %v", c.CommandPath(), err)
			continue
		}
		page := string(b)
		for _, want := range []string{`.TH "` + strings.ToUpper(strings.ReplaceAll(c.CommandPath(), " ", "-")) + `" "1" "Nov 2023"`, ".SH EXIT STATUS", ".SH EXAMPLE"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if !strings.Contains(page, "--"+f.Name) {
				t.Errorf("%s lacks --%s", name, f.Name)
			}
		})
		for _, a := range commandArgs(c) {
			if !strings.Contains(page, strings.ReplaceAll(a.name, "_", `\_`)) && !strings.Contains(page, a.name) {
				t.Errorf("%s lacks the argument %s", name, a.name)
			}
		}
	}
	// rendered, the run page reads as the help does: <rel> kept, the table of outputs as it is
	if _, err := exec.LookPath("man"); err != nil {
		t.Log("man is not installed (Debian: man-db): pages not rendered")
		return
	}
	out, err := exec.Command("man", "-l", "-P", "cat", filepath.Join(dir, "spravka-run.1")).Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	if !strings.Contains(text, "<rel>.ocr.txt   raw Tesseract text") {
		t.Errorf("rendered page lacks the table of outputs as it is:\n%s", text)
	}
	words := strings.Join(strings.Fields(regexp.MustCompile(`‐\n\s*`).ReplaceAllString(text, "")), " ") // justified, hyphenated
	for _, want := range []string{"INPUT_DIR the folder of page images", "EXIT STATUS", "3 some inputs failed", "--preprocess", "transcriptions <rel>.gt.txt from DIR"} {
		if !strings.Contains(words, want) {
			t.Errorf("rendered page lacks %q:\n%s", want, text)
		}
	}
	// a page that cannot be written is fatal, a file for DIR is usage
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if code, _, stderr := spravka(t, "", "man", filepath.Join(file, "man1")); code != exitFatal || !strings.Contains(stderr, "not a directory") {
		t.Errorf("man into a file's folder: exit %d, %q", code, stderr)
	}
	if code, _, stderr := spravka(t, "", "man", file); code != exitUsage || !strings.Contains(stderr, "is a file, not a folder") {
		t.Errorf("man into a file: exit %d, %q", code, stderr)
	}
}
