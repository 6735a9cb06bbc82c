// Package testtools lets tests that need a system tool (Tesseract and its
// language data, Hunspell's Russian dictionary, Chromium) say so: on a
// developer's machine without the tool the test is skipped with the Debian
// package to install; under CI (CI set in the environment) it fails instead,
// because CI must have installed it.
package testtools

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func missing(t testing.TB, what, install string) {
	t.Helper()
	msg := what + " not found: install it with `apt-get install " + install + "` (make deps does)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + " — CI must not skip this test")
	}
	t.Skip(msg)
}

// TessdataDirs are the folders searched for Tesseract language data.
func TessdataDirs() []string {
	dirs := []string{}
	if p := os.Getenv("TESSDATA_PREFIX"); p != "" {
		dirs = append(dirs, p, filepath.Join(p, "tessdata"))
	}
	g, _ := filepath.Glob("/usr/share/tesseract-ocr/*/tessdata")
	return append(dirs, g...)
}

// Tesseract makes sure Tesseract's language data for each language is installed.
func Tesseract(t testing.TB, langs ...string) {
	t.Helper()
	for _, l := range langs {
		found := false
		for _, d := range TessdataDirs() {
			if _, err := os.Stat(filepath.Join(d, l+".traineddata")); err == nil {
				found = true
				break
			}
		}
		if !found {
			missing(t, "Tesseract language data "+l, "tesseract-ocr-"+l)
		}
	}
}

// Hunspell makes sure a Hunspell dictionary for lang (e.g. "ru_RU") is installed.
func Hunspell(t testing.TB, lang string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join("/usr/share/hunspell", lang+".dic")); err != nil {
		missing(t, "Hunspell dictionary "+lang, "hunspell-ru")
	}
}

// Chromium returns the path of a Chromium or Chrome binary.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "Chromium", "chromium")
	return ""
}

// Command returns the path of a command-line tool, installed by the Debian package pkg.
func Command(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, "the command "+name, pkg)
	}
	return p
}

// File makes sure the file at path, which the Debian package pkg installs, is there.
func File(t testing.TB, path, pkg string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		missing(t, "the file "+path, pkg)
	}
}
