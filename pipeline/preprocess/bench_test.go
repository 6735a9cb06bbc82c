package preprocess

import (
	"image"
	_ "image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// devscan is a 300-dpi A4 carbon copy from the shared development scans
// (../shared/devscans beside the project).
var devscan = filepath.Join("..", "..", "..", "shared", "devscans", "seed-p2__dejavumono__carbon.jpg")

// loadDevscan decodes the development scan, or skips a benchmark without it.
func loadDevscan(b *testing.B) image.Image {
	f, err := os.Open(devscan)
	if err != nil {
		b.Skipf("no development scan: %v", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		b.Fatal(err)
	}
	return img
}

// BenchmarkRunDevscan times auto mode on a real-size 300-dpi A4 page. The
// budget is one second per page on one core: run with -cpu 1.
func BenchmarkRunDevscan(b *testing.B) {
	img := loadDevscan(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(img, 300, ModeAuto, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunA4 times auto mode on a synthetic 300-dpi A4 page, skewed and
// noisy (always available).
func BenchmarkRunA4(b *testing.B) {
	lines := make([]string, 0, 40)
	for len(lines) < 40 {
		lines = append(lines, sampleLines...)
	}
	page := rotated(textPage(2480, 3508, 300, 350, 3, lines[:40]), 1.5)
	addNoise(page, 20, 1)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(page, 300, ModeAuto, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVariants times best mode's preprocessing (all variants of a page).
func BenchmarkVariants(b *testing.B) {
	img := loadDevscan(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Variants(img, 300, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
