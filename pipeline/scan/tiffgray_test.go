package scan

import (
	"bytes"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/tiff"
)

// The gray fast path decodes the layouts it takes exactly as x/image/tiff
// does, page by page, and leaves every other layout to it.
func TestGrayTIFFMatchesXImage(t *testing.T) {
	for _, tc := range []struct {
		file string
		fast bool // the fast path must take it
	}{
		{"gray-lzw-predictor.tif", true},
		{"gray-deflate-white.tif", true},
		{"gray-none-strips.tif", true},
		{"multipage.tif", true},
		{"cm.tif", true},
		{"g4.tif", false}, // 1 bit a pixel
		{filepath.Join("..", "..", "..", "..", "shared", "devscans", "seed-p1__nimbusmono__clean.tif"), true},
		{filepath.Join("..", "..", "..", "scans", "exercise-memo__freemono__clean.tif"), true},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if os.IsNotExist(err) && strings.HasPrefix(tc.file, "..") {
				t.Skipf("no sample page beside the project: %v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			r := bytes.NewReader(data)
			ds, bo, err := readIFDs(r, int64(len(data)), true)
			if err != nil {
				t.Fatal(err)
			}
			for k, d := range ds {
				got, err := decodeGrayTIFF(r, int64(len(data)), bo, d.offset)
				if !tc.fast {
					if err != errNotGray8 {
						t.Fatalf("page %d: the fast path took a layout it does not know (%v)", k+1, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("page %d: %v", k+1, err)
				}
				page, err := newFirstIFDAt(r, bo, d.offset)
				if err != nil {
					t.Fatal(err)
				}
				want, err := tiff.Decode(io.NewSectionReader(page, 0, int64(len(data))))
				if err != nil {
					t.Fatal(err)
				}
				g, ok := want.(*image.Gray)
				if !ok || g.Rect != got.Rect || !bytes.Equal(g.Pix, got.Pix) {
					t.Fatalf("page %d: pixels differ from x/image/tiff's (%T %v, got %v)", k+1, want, want.Bounds(), got.Rect)
				}
			}
		})
	}
}
