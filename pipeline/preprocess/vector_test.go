package preprocess

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/spravka/spravka/pipeline/scan"
)

// With the vector kernels every image of every mode is the same, pixel for
// pixel, as with the scalar loops, on the sample pages: real pages, where
// millions of pixels come near their thresholds.
func TestVectorSameAsScalar(t *testing.T) {
	if !vector {
		t.Skip("only the scalar loops run: built without GOEXPERIMENT=simd (make test sets it), or the processor has no AVX-512")
	}
	defer func() { vector = true }()
	pages, err := filepath.Glob(filepath.Join("..", "..", "scans", "*.*g")) // .jpg, .png
	if err != nil || len(pages) < 3 {
		t.Fatalf("sample pages: %v %v", pages, err)
	}
	read := func(img *scan.Page, on bool) []*Result {
		vector = on
		res, err := Variants(img.Image, img.DPI, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		auto, err := Run(img.Image, img.DPI, ModeAuto, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		return append(res, auto)
	}
	for _, path := range pages {
		img, err := scan.Decode(path, 1, scan.DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		scalar, vec := read(img, false), read(img, true)
		for i := range scalar {
			s, v := scalar[i], vec[i]
			if s.Variant != v.Variant || s.Skew != v.Skew || !s.Image.Rect.Eq(v.Image.Rect) || !bytes.Equal(s.Image.Pix, v.Image.Pix) {
				t.Errorf("%s, %s: the vector kernels' image differs from the scalar loops'", filepath.Base(path), s.Variant)
			}
		}
	}
}
