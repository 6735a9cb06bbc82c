package main

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// exitCase is one way to run a command and the exit code and message it
// must end with. {dir} in args and says is a fresh folder of the case's own.
type exitCase struct {
	name  string
	setup func(t *testing.T, dir string) // makes the inputs in dir
	args  []string
	stdin string
	tools bool // needs Tesseract and Hunspell
	// interrupt: send SIGINT once stderr says this ("" with stall: once the
	// command reads its standard input)
	interrupt string
	stall     bool // standard input stays open: the command waits for it
	code      int
	says      string
	check     func(t *testing.T, dir, stdout string)
}

// exitCases are the bad (and good) inputs of every command, by command: the
// one exit-code table of spravka, tested per command.
var exitCases = map[string][]exitCase{
	"run": {
		{name: "a sample page", setup: withSamplePage, args: []string{"run", "-o", "{dir}/out", "--progress", "none", "{dir}/in"}, tools: true, code: exitOK,
			check: wrote("out/summary.json")},
		{name: "no language data, new output folder", setup: withSamplePage, args: []string{"run", "--lang", "xxx", "-o", "{dir}/new/out", "{dir}/in"}, tools: true,
			code: exitFatal, says: "apt-get install tesseract-ocr-xxx", check: gone("new")},
		{name: "no language data, output folder there before", setup: with("out/"), args: []string{"run", "--lang", "xxx", "-o", "{dir}/out", scansDir}, tools: true,
			code: exitFatal, says: "no language data", check: wrote("out")},
		{name: "nothing to read", setup: with("in/notes.txt"), args: []string{"run", "-o", "{dir}/out", "{dir}/in"}, tools: true,
			code: exitFatal, says: "no page images", check: gone("out")},
		{name: "a broken page", setup: with("in/torn.png"), args: []string{"run", "-o", "{dir}/out", "--progress", "none", "{dir}/in"}, tools: true,
			code: exitPagesFailed, says: "torn.png", check: wrote("out/torn.json")},
		{name: "interrupted", args: []string{"run", "-j", "1", "-o", "{dir}/out", "--progress", "log", scansDir}, tools: true, interrupt: "found pages",
			code: exitInterrupted, says: "rerun with --resume"},
		{name: "no such input folder", args: []string{"run", "/no/such/folder"}, code: exitUsage, says: "input folder /no/such/folder: does not exist"},
		{name: "two input folders", args: []string{"run", "a", "b"}, code: exitUsage, says: "accepts at most 1 arg(s)"},
		{name: "unknown flag", args: []string{"run", "--no-such-flag"}, code: exitUsage, says: "Run 'spravka run --help' for usage."},
		{name: "bad mode", args: []string{"run", "--preprocess", "sometimes"}, code: exitUsage, says: `--preprocess: preprocess mode "sometimes": want auto, none or best`},
		{name: "no workers", args: []string{"run", "-j", "0"}, code: exitUsage, says: "-j must be at least 1"},
		{name: "bad psm", args: []string{"run", "--psm", "14"}, code: exitUsage, says: "--psm 14"},
		{name: "negative timeout", args: []string{"run", "--page-timeout", "-1s"}, code: exitUsage, says: "--page-timeout must not be negative"},
		{name: "timeout not a duration", args: []string{"run", "--page-timeout", "soon"}, code: exitUsage, says: `invalid argument "soon"`},
		{name: "no such transcriptions", args: []string{"run", "--truth", "/no/such", scansDir}, code: exitUsage, says: "--truth /no/such: does not exist"},
		{name: "no such lexicon", args: []string{"run", "--lexicon", "/no/such.tsv", scansDir}, code: exitUsage, says: "--lexicon /no/such.tsv: does not exist"},
		{name: "scores the wrong way round", args: []string{"run", "--suggest-score", "0.9", "--apply-score", "0.8", scansDir}, code: exitUsage, says: "want 0 ≤ --suggest-score ≤ --apply-score ≤ 1"},
	},
	"correct": {
		{name: "text", args: []string{"correct"}, stdin: "т. т. Кузнецов, Рабузов и Федоренко\n", tools: true, code: exitOK,
			check: printed("т. т. Кузнецов, Разуваев и Федоренко\n")},
		{name: "a JPEG", setup: with("photo.jpg"), args: []string{"correct", "{dir}/photo.jpg"}, tools: true,
			code: exitFatal, says: "spravka: {dir}/photo.jpg: not a text file: binary data (a NUL byte at offset 4)", check: printed("")},
		{name: "CP1251 text", setup: with("cp1251.txt"), args: []string{"correct", "{dir}/cp1251.txt"}, tools: true,
			code: exitFatal, says: "{dir}/cp1251.txt: not a text file: not UTF-8 (an invalid byte at offset 0); convert it first, e.g. with iconv", check: printed("")},
		{name: "a folder", args: []string{"correct", scansDir}, tools: true, code: exitFatal, says: scansDir + ": not a text file: a folder"},
		{name: "a named pipe", setup: withFIFO("pipe"), args: []string{"correct", "{dir}/pipe"}, tools: true,
			code: exitFatal, says: "{dir}/pipe: not a text file: a named pipe, not a regular file (- reads standard input)"},
		{name: "binary standard input", args: []string{"correct"}, stdin: "GIF89a\x00\x01", tools: true,
			code: exitFatal, says: "standard input: not a text file: binary data"},
		{name: "a text and a JPEG", setup: with("page.txt", "photo.jpg"), args: []string{"correct", "{dir}/photo.jpg", "{dir}/page.txt"}, tools: true,
			code: exitPagesFailed, says: "1 of 2 inputs could not be corrected", check: printed("до приезда Малика\n")},
		{name: "a text and a JPEG, as JSON", setup: with("page.txt", "photo.jpg"), args: []string{"correct", "--json", "{dir}/photo.jpg", "{dir}/page.txt"}, tools: true,
			code: exitPagesFailed, says: "{dir}/photo.jpg: not a text file", check: printedAll(`"file": "{dir}/photo.jpg",`, `"error": "{dir}/photo.jpg: not a text file: binary data`, `"to": "Малика"`)},
		{name: "interrupted", args: []string{"correct"}, stall: true, tools: true, code: exitInterrupted, says: "spravka: interrupted"},
		{name: "no such file", args: []string{"correct", "/no/such/file.txt"}, code: exitUsage, says: "file /no/such/file.txt: does not exist"},
		{name: "score above 1", args: []string{"correct", "--apply-score", "1.5"}, code: exitUsage, says: "--apply-score ≤ 1"},
		{name: "bad expression", args: []string{"correct", "--protect", "(unclosed"}, code: exitUsage, says: `--protect "(unclosed"`},
		{name: "no such lexicon", args: []string{"correct", "--lexicon", "/no/such.tsv"}, code: exitUsage, says: "--lexicon /no/such.tsv: does not exist"},
		{name: "bad orthography", args: []string{"correct", "--orthography", "petrine"}, code: exitUsage, says: "--orthography"},
	},
	"bench-quality": {
		{name: "a sample page", setup: withSamplePage, args: []string{"bench-quality", "--modes", "auto", "{dir}/in"}, tools: true, code: exitOK,
			check: printedAll("auto")},
		{name: "nothing to read", setup: with("in/notes.txt"), args: []string{"bench-quality", "--modes", "none", "{dir}/in"}, tools: true,
			code: exitFatal, says: "no page images"},
		{name: "a broken page", setup: with("in/torn.png"), args: []string{"bench-quality", "--modes", "none", "{dir}/in"}, tools: true,
			code: exitPagesFailed, says: "1 page readings failed"},
		{name: "interrupted", args: []string{"bench-quality", "-j", "1", scansDir}, tools: true, interrupt: "preprocess none", code: exitInterrupted, says: "interrupted"},
		{name: "no such folder", args: []string{"bench-quality", "/nope"}, code: exitUsage, says: "input folder /nope: does not exist or is not a folder"},
		{name: "no folder", args: []string{"bench-quality"}, code: exitUsage, says: "accepts 1 arg(s), received 0"},
		{name: "bad mode", args: []string{"bench-quality", "--modes", "auto,sometimes", scansDir}, code: exitUsage, says: `--modes: preprocess mode "sometimes"`},
	},
	"report": {
		{name: "a page record", setup: withRecord, args: []string{"report", "{dir}"}, code: exitOK, says: "1 pages: 0 ok, 1 failed", check: wrote("index.html")},
		{name: "no page records", args: []string{"report", scansDir}, code: exitFatal, says: "no page records"},
		{name: "no such folder", args: []string{"report", "/nonexistent"}, code: exitUsage, says: "output folder /nonexistent: does not exist"},
		{name: "two folders", args: []string{"report", "a", "b"}, code: exitUsage, says: "accepts at most 1 arg(s)"},
	},
	"review": {
		{name: "the lexicon learned", setup: withRecord, args: []string{"review", "--export-lexicon", "-", "{dir}"}, code: exitOK, says: "0 misreadings learned"},
		{name: "no page records", args: []string{"review", "--addr", "127.0.0.1:0", scansDir}, code: exitFatal, says: "no page records (<name>.json) found"},
		{name: "no such folder", args: []string{"review", "/nonexistent"}, code: exitUsage, says: "does not exist"},
		{name: "an address others reach", setup: withRecord, args: []string{"review", "--addr", "0.0.0.0:0", "{dir}"}, code: exitUsage, says: "add --allow-remote"},
		{name: "no such lexicon", args: []string{"review", "--lexicon", "/no/such.tsv", scansDir}, code: exitUsage, says: "--lexicon /no/such.tsv: does not exist"},
	},
	"diff": {
		{name: "two files", args: []string{"diff", diffTruth + "/a.gt.txt", diffOCR + "/a.txt"}, code: exitOK},
		{name: "a JPEG", setup: with("photo.jpg"), args: []string{"diff", diffTruth + "/a.gt.txt", "{dir}/photo.jpg"}, code: exitFatal, says: "{dir}/photo.jpg: not a text file: binary data"},
		{name: "a page not text", setup: with("truth/ok.gt.txt", "ocr/ok.txt", "truth/cp1251.gt.txt", "ocr/cp1251.txt"), args: []string{"diff", "{dir}/truth", "{dir}/ocr"},
			code: exitPagesFailed, says: "1 of 2 pages could not be compared; the others were"},
		{name: "no such file", args: []string{"diff", diffTruth + "/a.gt.txt", "/no/such.txt"}, code: exitUsage, says: "OCR /no/such.txt: does not exist"},
		{name: "one argument", args: []string{"diff", diffTruth}, code: exitUsage, says: "Run 'spravka diff --help' for usage."},
	},
	"pdf": {
		{name: "a PDF read", setup: withPDFRun(false), args: []string{"pdf", "--input", "{dir}/in", "{dir}/out"}, tools: true, code: exitOK,
			says: "1 searchable PDFs written, 0 not", check: wrote("out/flate.pdf")},
		{name: "a PDF changed since", setup: withPDFRun(true), args: []string{"pdf", "--input", "{dir}/in", "{dir}/out"}, tools: true, code: exitPagesFailed,
			says: "1 of 1 searchable PDFs not written"},
		{name: "no page records", args: []string{"pdf", "--input", scansDir, scansDir}, code: exitFatal, says: "no page records"},
		{name: "no such output folder", args: []string{"pdf", "/nonexistent"}, code: exitUsage, says: "output folder /nonexistent: does not exist"},
		{name: "no such input folder", args: []string{"pdf", "--input", "/nonexistent", scansDir}, code: exitUsage, says: "input folder /nonexistent: does not exist"},
	},
	"man": {
		{name: "pages", args: []string{"man", "{dir}/man1"}, code: exitOK, check: wrote("man1/spravka-run.1")},
		{name: "a file in the way", setup: with("file"), args: []string{"man", "{dir}/file/man1"}, code: exitFatal, says: "not a directory"},
		{name: "a file for the folder", setup: with("file"), args: []string{"man", "{dir}/file"}, code: exitUsage, says: "is a file, not a folder"},
		{name: "no folder", args: []string{"man"}, code: exitUsage, says: "accepts 1 arg(s), received 0"},
	},
	"help": {
		{name: "a command", args: []string{"help", "run"}, code: exitOK, check: printedAll("Usage:\n  spravka run [flags] [INPUT_DIR]")},
		{name: "no such command", args: []string{"help", "nosuch"}, code: exitUsage, says: `no command "nosuch" (spravka help lists them)`},
		{name: "no such subcommand", args: []string{"help", "completion", "tcsh"}, code: exitUsage, says: `no command "completion tcsh"`},
	},
	"completion": {
		{name: "bash", args: []string{"completion", "bash"}, code: exitOK, check: printedAll("bash completion V2 for spravka")},
		{name: "no such shell", args: []string{"completion", "tcsh"}, code: exitUsage, says: `unknown command "tcsh" for "spravka completion"`},
	},
}

// TestExitCodes runs every case of every command with the real binary.
func TestExitCodes(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(exitCases)) {
		for _, tt := range exitCases[name] {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				if tt.tools {
					needTools(t)
				}
				dir := t.TempDir()
				if tt.setup != nil {
					tt.setup(t, dir)
				}
				args := make([]string, len(tt.args))
				for i, a := range tt.args {
					args[i] = strings.ReplaceAll(a, "{dir}", dir)
				}
				var code int
				var stdout, stderr string
				if tt.interrupt != "" || tt.stall {
					code, stdout, stderr = interrupted(t, tt.interrupt, args...)
				} else {
					code, stdout, stderr = spravka(t, tt.stdin, args...)
				}
				says := strings.ReplaceAll(tt.says, "{dir}", dir)
				if code != tt.code || !strings.Contains(stderr, says) {
					t.Errorf("spravka %s: exit %d, stderr:\n%s\nwant exit %d and %q", strings.Join(args, " "), code, stderr, tt.code, says)
				}
				if tt.check != nil {
					tt.check(t, dir, strings.ReplaceAll(stdout, dir, "{dir}"))
				}
			})
		}
	}
}

// TestExitCodesCovered: every exit code a command's help lists is one a
// case above ends with. Ctrl-C ends the commands that do not stop by
// themselves in one place (exitOnInterrupt), tested through one of them.
func TestExitCodesCovered(t *testing.T) {
	shared130 := false
	for _, c := range helpCommands(newRoot()) {
		seen := map[int]bool{}
		for _, tt := range exitCases[c.Name()] {
			seen[tt.code] = true
			shared130 = shared130 || tt.code == exitInterrupted && c.Annotations[annStops] == ""
		}
		for _, code := range commandExits(c) {
			if !seen[code] && !(code == exitInterrupted && c.Annotations[annStops] == "") {
				t.Errorf("spravka %s: no case ends with exit code %d, which its help lists", c.Name(), code)
			}
		}
		for code := range seen {
			if !slices.Contains(commandExits(c), code) {
				t.Errorf("spravka %s ends with exit code %d, which its help does not list", c.Name(), code)
			}
		}
	}
	if !shared130 {
		t.Error("no case interrupts a command that Ctrl-C ends through exitOnInterrupt")
	}
}

// interrupted runs spravka and sends it SIGINT once its stderr says after,
// or (after == "") once it reads its standard input: a megabyte is written
// to it, which a pipe only takes once the command reads, and the pipe is
// left open.
func interrupted(t *testing.T, after string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var out bytes.Buffer
	errs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = &out, errs
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if after == "" {
		if _, err := io.WriteString(stdin, strings.Repeat("слово ", 1<<20/len("слово "))); err != nil {
			t.Fatalf("writing standard input: %v", err)
		}
	}
	for !strings.Contains(errs.String(), after) {
		select {
		case err = <-done: // ended before it could be interrupted
			return exitCode(t, err), out.String(), errs.String()
		case <-time.After(20 * time.Millisecond):
		}
	}
	cmd.Process.Signal(os.Interrupt)
	return exitCode(t, <-done), out.String(), errs.String()
}

// exitCode is the code a process ended with; it must have exited, not been
// killed by a signal.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("killed by %v instead of exiting", ws.Signal())
		}
		return ee.ExitCode()
	}
	t.Fatal(err)
	return 0
}

// syncBuffer is a bytes.Buffer a process writes while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// files the cases make by name: what each holds.
var caseFiles = map[string][]byte{
	"photo.jpg":     []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"),
	"cp1251.txt":    []byte("\xf2\xe5\xea\xf1\xf2\n"),
	"page.txt":      []byte("до приезда Каллины\n"),
	"torn.png":      []byte("\x89PNG\r\n\x1a\nthen nothing useful"),
	"notes.txt":     []byte("not a scan\n"),
	"ok.gt.txt":     []byte("текст"),
	"ok.txt":        []byte("тексг"),
	"cp1251.gt.txt": []byte("текст"),
	"file":          nil,
	"p.json":        []byte(`{"name": "p", "status": "failed", "input": "p.png", "error": "decode p.png: bad"}`),
}

// with makes the named files (with what caseFiles holds for their base
// names) under the case's folder; a name ending in / is an empty folder.
func with(names ...string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		for _, n := range names {
			p := filepath.Join(dir, n)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(n, "/") {
				if err := os.Mkdir(p, 0o755); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := os.WriteFile(p, caseFiles[filepath.Base(n)], 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func withFIFO(name string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func withSamplePage(t *testing.T, dir string) {
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	samplePage(t, in)
}

func withRecord(t *testing.T, dir string) { with("p.json")(t, dir) }

// withPDFRun reads a one-page PDF with spravka run into {dir}/out, and then,
// when changed, puts another PDF in its place in {dir}/in.
func withPDFRun(changed bool) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		needPDFTools(t)
		const pdfs = "../../pipeline/pdf/testdata"
		in := filepath.Join(dir, "in")
		copyFile(t, filepath.Join(pdfs, "flate.pdf"), filepath.Join(in, "flate.pdf"))
		if code, _, stderr := spravka(t, "", "run", "-o", filepath.Join(dir, "out"), "--progress", "none", in); code != exitOK {
			t.Fatalf("spravka run: exit %d\n%s", code, stderr)
		}
		if changed {
			copyFile(t, filepath.Join(pdfs, "turned.pdf"), filepath.Join(in, "flate.pdf"))
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(to), 0o755)
	}
	if err == nil {
		err = os.WriteFile(to, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// wrote checks that the case left name (a file or folder) under its folder.
func wrote(name string) func(t *testing.T, dir, _ string) {
	return func(t *testing.T, dir, _ string) {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s is not there: %v", name, err)
		}
	}
}

// gone checks that the case left nothing under its folder named name.
func gone(name string) func(t *testing.T, dir, _ string) {
	return func(t *testing.T, dir, _ string) {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s is left behind (%v)", name, err)
		}
	}
}

// printed checks what the case printed on stdout.
func printed(want string) func(t *testing.T, _, stdout string) {
	return func(t *testing.T, _, stdout string) {
		if stdout != want {
			t.Errorf("stdout %q, want %q", stdout, want)
		}
	}
}

// printedAll checks that stdout holds every one of wants.
func printedAll(wants ...string) func(t *testing.T, _, stdout string) {
	return func(t *testing.T, _, stdout string) {
		for _, w := range wants {
			if !strings.Contains(stdout, w) {
				t.Errorf("stdout lacks %q:\n%s", w, stdout)
			}
		}
	}
}
