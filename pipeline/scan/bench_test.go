package scan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// benchPages are real-size pages of every format spravka reads, from the
// shared development scans and the sample scans in scans/ (beside the
// project and in it).
var benchPages = []struct{ name, path string }{
	{"jpeg-gray-300dpi", filepath.Join("..", "..", "..", "shared", "devscans", "seed-p2__dejavumono__carbon.jpg")},
	{"jpeg-exif-rotated", filepath.Join("..", "..", "scans", "exercise-cipher__liberationmono__carbon-exif6.jpg")},
	{"tiff-lzw-300dpi", filepath.Join("..", "..", "..", "shared", "devscans", "seed-p1__nimbusmono__clean.tif")},
	{"tiff-deflate-2pages", filepath.Join("..", "..", "scans", "exercise-memo__freemono__clean.tif")},
	{"png-gray-300dpi", filepath.Join("..", "..", "scans", "telegram-1953-03-29-a__liberationmono__clean.png")},
}

// BenchmarkDecode times Decode (header, pixels, orientation, SHA-256 of
// the file) on a real page of each format.
func BenchmarkDecode(b *testing.B) {
	opt := DefaultOptions()
	for _, p := range benchPages {
		b.Run(p.name, func(b *testing.B) {
			if _, err := os.Stat(p.path); err != nil {
				b.Skipf("no sample page: %v", err)
			}
			start := testtools.CPUTime()
			for b.Loop() {
				if _, err := Decode(p.path, 1, opt); err != nil {
					b.Fatal(err)
				}
			}
			testtools.ReportCPU(b, start)
		})
	}
}
