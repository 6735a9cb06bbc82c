package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	diffTruth = "../../pipeline/diff/testdata/fixture/truth"
	diffOCR   = "../../pipeline/diff/testdata/fixture/ocr"
)

func TestDiffExitCodes(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "scan.txt")
	if err := os.WriteFile(bin, []byte("II*\x00\x08\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"one argument", []string{"diff", diffTruth}, exitUsage, "accepts 2 arg(s)"},
		{"three arguments", []string{"diff", diffTruth, diffOCR, diffOCR}, exitUsage, "accepts 2 arg(s)"},
		{"a file against a folder", []string{"diff", diffTruth + "/a.gt.txt", diffOCR}, exitUsage, "compare a file with a file or a folder with a folder"},
		{"a raw folder for two files", []string{"diff", "--ocr", diffOCR, diffTruth + "/a.gt.txt", diffOCR + "/a.txt"}, exitUsage, "is a folder"},
		{"bad colour", []string{"diff", "--color", "sometimes", diffTruth, diffOCR}, exitUsage, `--color "sometimes"`},
		{"missing file", []string{"diff", diffTruth + "/nothing.gt.txt", diffOCR + "/a.txt"}, exitUsage, "TRUTH " + diffTruth + "/nothing.gt.txt: does not exist"},
		{"missing raw OCR", []string{"diff", "--ocr", "/nothing", diffTruth + "/a.gt.txt", diffOCR + "/a.txt"}, exitUsage, "--ocr /nothing: does not exist"},
		{"a folder as the text", []string{"diff", diffTruth + "/a.gt.txt", diffOCR + "/sub"}, exitUsage, "compare a file with a file or a folder with a folder"},
		{"binary text", []string{"diff", diffTruth + "/a.gt.txt", bin}, exitFatal, bin + ": not a text file: binary data"},
		{"two files", []string{"diff", diffTruth + "/a.gt.txt", diffOCR + "/a.txt"}, exitOK, ""},
		{"two folders", []string{"diff", diffTruth, diffOCR}, exitOK, "1 transcriptions in " + diffTruth + " have no text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := spravka(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// TestDiffFolders: one row per page, the worst first, the totals, the pages
// found on one side only; JSON and HTML of the same; a page that is not
// text is named and the others are still compared (exit 3).
func TestDiffFolders(t *testing.T) {
	html := filepath.Join(t.TempDir(), "out", "diff.html")
	code, out, stderr := spravka(t, "", "diff", "--html", html, diffTruth, diffOCR)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(out, "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[1], "sub/b ") || !strings.HasPrefix(lines[2], "a ") || !strings.HasPrefix(lines[3], "total    3.94 %   25.00 %    7.07 %   37.50 %       4       0") {
		t.Errorf("table:\n%s", out)
	}
	for _, want := range []string{"only in " + diffTruth + " (no text): only.gt.txt", "only in " + diffOCR + " (no transcription): extra.txt"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.Contains(stderr, "warning: 1 texts in "+diffOCR+" have no transcription in "+diffTruth+": extra.txt") {
		t.Errorf("stderr %q", stderr)
	}
	page, err := os.ReadFile(html)
	if err != nil || !strings.HasPrefix(string(page), "<!DOCTYPE html>") || !strings.Contains(string(page), `<a href="#p1">sub/b</a>`) {
		t.Errorf("HTML (%v):\n%.300s", err, page)
	}

	code, out, _ = spravka(t, "", "diff", "--json", "--fold-homoglyphs", "--ignore-punct", diffTruth, diffOCR)
	var v struct {
		CER, WER  float64
		Normalize map[string]bool
		Files     []struct {
			Name string
			CER  float64
		}
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != exitOK {
		t.Fatalf("exit %d, JSON %v:\n%s", code, err, out)
	}
	// without the look-alike and the full stops sub/b is right; a keeps its
	// substituted letter and loses its extra stop: 1 error in 97 and 121 characters
	if len(v.Files) != 2 || v.Files[0].Name != "a" || v.Files[1].CER != 0 || v.CER != 0.008264 || !v.Normalize["fold_homoglyphs"] || !v.Normalize["ignore_punct"] {
		t.Errorf("JSON %+v", v)
	}

	// a folder with a page that is not UTF-8
	dir := t.TempDir()
	for name, text := range map[string]string{"truth/ok.gt.txt": "текст", "ocr/ok.txt": "тексг", "truth/bad.gt.txt": "текст", "ocr/bad.txt": "\xf2\xe5\xea\xf1\xf2"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr = spravka(t, "", "diff", filepath.Join(dir, "truth"), filepath.Join(dir, "ocr"))
	if code != exitPagesFailed || !strings.Contains(out, "\nok      20.00 %  100.00 %\n") || !strings.Contains(stderr, filepath.Join(dir, "ocr", "bad.txt")+": not a text file: not UTF-8") || !strings.Contains(stderr, "1 of 2 pages could not be compared") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
}

func TestDiffOneFile(t *testing.T) {
	code, out, _ := spravka(t, "", "diff", "--color", "always", "--context", "3", diffTruth+"/a.gt.txt", diffOCR+"/a.txt")
	for _, want := range []string{"CER\x1b[0m    2.02 %   2 errors in 99 characters", "raw    CER 7.07 %, WER 37.50 %; correction fixed 4 words and broke 0",
		"…9 м\x1b[31m[-а-]\x1b[0m\x1b[32m{+е+}\x1b[0mрта…"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code != exitOK {
		t.Errorf("exit %d", code)
	}
}
