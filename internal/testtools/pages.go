package testtools

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Page sets of the throughput benchmarks: files of scans/ and of
// ../shared/devscans and ../shared/devscans-hard beside the repository, with
// their transcriptions.
var pageSets = map[string][]string{
	// eight clean pages: the five of scans/ and devscans (the memo is a
	// two-page TIFF), three of them twice
	"clean": {
		"scans/telegram-1953-03-29-a__liberationmono__clean.png",
		"scans/exercise-memo__freemono__clean.tif",
		"../shared/devscans/seed-p1__nimbusmono__clean.tif",
		"../shared/devscans/seed-p2__notomono__clean.tif",
		"again/scans/telegram-1953-03-29-a__liberationmono__clean.png",
		"again/../shared/devscans/seed-p1__nimbusmono__clean.tif",
		"again/../shared/devscans/seed-p2__notomono__clean.tif",
	},
	// twelve degraded pages: carbons, poor, faint and battered pages (the
	// EXIF-turned cipher page is left out: the tesseract command does not
	// turn it)
	"degraded": {
		"scans/telegram-1953-03-29-b__freemono__carbon.jpg",
		"scans/exercise-spravka__ptmono__poor.jpg",
		"../shared/devscans/seed-p1__dejavumono__poor.jpg",
		"../shared/devscans/seed-p2__dejavumono__carbon.jpg",
		"../shared/devscans/seed-p3__nimbusmono__carbon.jpg",
		"../shared/devscans/seed-p3__notomono__poor.jpg",
		"../shared/devscans-hard/seed-p1__gomono__faint.jpg",
		"../shared/devscans-hard/seed-p1__jbmonolight__faint.jpg",
		"../shared/devscans-hard/seed-p2__anonpro__battered.jpg",
		"../shared/devscans-hard/seed-p2__gomono__battered.jpg",
		"../shared/devscans-hard/seed-p3__anonpro__faint.jpg",
		"../shared/devscans-hard/seed-p3__jbmonolight__faint.jpg",
	},
}

// PageSet makes a folder holding the page set name ("clean": 8 pages,
// "degraded": 12), linked from the repository at root (its path from the
// test's folder), and returns it with the images' paths in it. It skips the
// benchmark when ../shared is not beside the repository.
func PageSet(tb testing.TB, root, name string) (string, []string) {
	tb.Helper()
	files, ok := pageSets[name]
	if !ok {
		tb.Fatalf("no page set %q", name)
	}
	dir := tb.TempDir()
	var images []string
	for _, f := range files {
		prefix := ""
		if rest, ok := strings.CutPrefix(f, "again/"); ok {
			f, prefix = rest, "again-"
		}
		src, err := filepath.Abs(filepath.Join(root, f))
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := os.Stat(src); err != nil {
			tb.Skipf("page set %s: %v (the development pages are in ../shared beside the repository)", name, err)
		}
		stem := strings.TrimSuffix(src, filepath.Ext(src))
		gts, _ := filepath.Glob(stem + ".*gt.txt") // <stem>.gt.txt, <stem>.p<k>.gt.txt
		for _, p := range append(gts, src) {
			if err := os.Symlink(p, filepath.Join(dir, prefix+filepath.Base(p))); err != nil {
				tb.Fatal(err)
			}
		}
		images = append(images, filepath.Join(dir, prefix+filepath.Base(src)))
	}
	return dir, images
}
