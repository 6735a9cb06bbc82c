package preprocess

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// TestGolden runs every mode, and auto's gray image, on a small degraded page (testdata/golden.in.png:
// skewed text, noise, specks, a dark border; made once by this test when
// missing) and compares the images and page records byte for byte with the
// files beside it (page records with a SHA-256 of the pixels and the map
// back to the input, and auto's image as PNG). Any change to a step's output shows here; refresh with
// go test -run TestGolden -update after checking the new images by eye.
func TestGolden(t *testing.T) {
	in := filepath.Join("testdata", "golden.in.png")
	if _, err := os.Stat(in); os.IsNotExist(err) {
		writePNG(t, in, goldenInput())
	}
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	runs := map[string][]*Result{}
	for _, m := range []Mode{ModeNone, ModeAuto} {
		r, err := Run(img, 300, m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		runs[string(m)] = []*Result{r}
		if g := r.Gray(); g != nil {
			runs[string(m)] = append(runs[string(m)], g)
		}
	}
	vs, err := Variants(img, 300, Options{})
	if err != nil {
		t.Fatal(err)
	}
	runs["best"] = vs
	for name, rs := range runs {
		for _, r := range rs {
			base := filepath.Join("testdata", "golden."+name+"."+r.Variant)
			sum := sha256.Sum256(r.Image.Pix)
			rec, err := json.MarshalIndent(struct {
				Width  int               `json:"width"`
				Height int               `json:"height"`
				SHA256 string            `json:"sha256"`
				DPI    int               `json:"dpi"`
				Skew   float64           `json:"skew"`
				Steps  []Step            `json:"steps"`
				Vars   map[string]string `json:"vars,omitempty"`
				// Where the image's points come from in the input.
				Source    image.Rectangle `json:"source"`
				Transform Affine          `json:"transform"`
			}{r.Image.Rect.Dx(), r.Image.Rect.Dy(), hex.EncodeToString(sum[:]), r.DPI, r.Skew, r.Steps, r.Vars, r.Source, r.Transform}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			testtools.Golden(t, base+".json", append(rec, '\n'))
			if name == "auto" { // the picture, to look at when it changes
				var pix bytes.Buffer
				if err := png.Encode(&pix, r.Image); err != nil {
					t.Fatal(err)
				}
				testtools.Golden(t, base+".png", pix.Bytes())
			}
		}
	}
}

// goldenInput is a 900×600 page: six lines of text skewed by 2.3°, noise,
// specks, lying on a dark bed.
func goldenInput() *image.Gray {
	page := rotated(textPage(820, 520, 60, 90, 2, sampleLines), 2.3)
	addSpecks(page, 25, 5, image.Rect(50, 70, 780, 430), 9)
	addNoise(page, 18, 9)
	img := image.NewGray(image.Rect(0, 0, 900, 600))
	for i := range img.Pix {
		img.Pix[i] = 30
	}
	for y := 0; y < 520; y++ {
		copy(img.Pix[(y+50)*img.Stride+55:], page.Pix[y*page.Stride:y*page.Stride+820])
	}
	return img
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
