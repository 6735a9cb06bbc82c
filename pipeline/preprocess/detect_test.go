package preprocess

import (
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// saltAndPepper flips n random pixels of a bilevel page to the other level.
func saltAndPepper(g *image.Gray, n int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	for range n {
		i := rng.IntN(len(g.Pix))
		g.Pix[i] = 255 - g.Pix[i]
	}
}

// bilevelPage thresholds g (whose letters have grey edges) at 128 into a
// black-and-white page, in place, and returns it.
func bilevelPage(g *image.Gray) *image.Gray {
	for i, v := range g.Pix {
		if v < 128 {
			g.Pix[i] = 0
		} else {
			g.Pix[i] = 255
		}
	}
	return g
}

// stepParams returns the params of res's step name, and whether it ran.
func stepParams(res *Result, name string) (map[string]float64, bool) {
	for _, s := range res.Steps {
		if s.Name == name {
			return s.Params, true
		}
	}
	return nil, false
}

// TestDetectors: which pages are found to be clean bilevel scans (not
// flattened, filtered or binarised again) and which to be one line of text
// (read in a single-line mode).
func TestDetectors(t *testing.T) {
	line := bilevelPage(textPage(1300, 110, 20, 20, 3, sampleLines[:1])) // a line image, cut close
	two := bilevelPage(textPage(1300, 180, 20, 20, 3, sampleLines[:2]))  // two lines (double spacing)
	solid := image.NewGray(image.Rect(0, 0, 1300, 150))                  // two lines set solid
	copy(solid.Pix, bilevelPage(textPage(1300, 150, 20, 20, 3, sampleLines[:1])).Pix)
	second := bilevelPage(textPage(1300, 150, 20, 20, 3, sampleLines[1:2]))
	for y := 66; y < 150; y++ { // the second line 48 pixels (16 × 3) under the first
		copy(solid.Pix[y*1300:(y+1)*1300], second.Pix[(y-48)*1300:(y-47)*1300])
	}
	page := bilevelPage(textPage(1600, 1100, 200, 250, 3, sampleLines))
	gray := textPage(1600, 1100, 200, 250, 3, sampleLines)
	addNoise(gray, 12, 1)
	grayLine := textPage(1300, 110, 20, 20, 3, sampleLines[:1])
	addNoise(grayLine, 12, 2)
	noisy := bilevelPage(textPage(1600, 1100, 200, 250, 3, sampleLines))
	saltAndPepper(noisy, 20000, 3)
	faint := bilevelPage(textPage(1600, 1100, 200, 250, 3, sampleLines)) // two grey levels, close together
	for i, v := range faint.Pix {
		faint.Pix[i] = 140 + v/4
	}
	blank := image.NewGray(image.Rect(0, 0, 600, 400))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}

	for _, tc := range []struct {
		name             string
		img              *image.Gray
		bilevel, oneLine bool
	}{
		{"one-line image", line, true, true},
		{"one grey line", grayLine, false, true},
		{"two lines", two, true, false},
		{"two lines set solid", solid, true, false},
		{"bilevel page", page, true, false},
		{"grey page", gray, false, false},
		{"noisy bilevel page", noisy, false, false},
		{"faint two-level page", faint, false, false},
		{"blank page", blank, false, false}, // one level: nothing to clean or to keep
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(tc.img, 300, ModeAuto, Options{})
			if err != nil {
				t.Fatal(err)
			}
			p, found := stepParams(res, "bilevel")
			if clean := found && p["clean"] == 1; clean != tc.bilevel {
				t.Errorf("clean bilevel %v (step %v), want %v", clean, p, tc.bilevel)
			}
			if tc.bilevel {
				for _, s := range []string{"flatten", "median", "sauvola", "dust", "scale"} {
					if _, ran := stepParams(res, s); ran {
						t.Errorf("a clean bilevel page went through %s: %v", s, res.Steps)
					}
				}
			} else if _, ran := stepParams(res, "sauvola"); !ran {
				t.Errorf("a page that is not clean bilevel was not binarised: %v", res.Steps)
			}
			lp, one := stepParams(res, "oneline")
			if one != tc.oneLine || res.OneLine != tc.oneLine {
				t.Errorf("one line: step %v (%v), Result.OneLine %v; want %v", one, lp, res.OneLine, tc.oneLine)
			}
		})
	}
	t.Run("noise is measured", func(t *testing.T) {
		res, err := Run(noisy, 300, ModeAuto, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := stepParams(res, "bilevel"); !ok || p["noise"] <= DefaultOptions().Bilevel.MaxNoise || p["clean"] != 0 {
			t.Errorf("noisy bilevel page: step bilevel %v (ran %v), want its noise over %v and clean 0", p, ok, DefaultOptions().Bilevel.MaxNoise)
		}
	})
	t.Run("off", func(t *testing.T) {
		res, err := Run(line, 300, ModeAuto, Options{Bilevel: BilevelOptions{Off: true}, OneLine: OneLineOptions{Off: true}})
		if err != nil {
			t.Fatal(err)
		}
		_, bl := stepParams(res, "bilevel")
		_, ol := stepParams(res, "oneline")
		if bl || ol || res.OneLine {
			t.Errorf("detectors switched off ran: %v", res.Steps)
		}
	})
}

// TestPrintSet: the committed line images and pages of printed text
// (testdata/print) are found to be clean bilevel scans, the line images
// single lines and the pages not, and the crop of a line image cuts off
// nothing.
func TestPrintSet(t *testing.T) {
	for _, set := range []struct {
		glob    string
		oneLine bool
	}{
		{"../../testdata/print/lines*/*.png", true},
		{"../../testdata/print/pages*/*.png", false},
	} {
		files, err := filepath.Glob(set.glob)
		if err != nil || len(files) == 0 {
			t.Fatalf("no images %s: %v", set.glob, err)
		}
		for _, f := range files {
			t.Run(filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), func(t *testing.T) {
				fh, err := os.Open(f)
				if err != nil {
					t.Fatal(err)
				}
				defer fh.Close()
				img, err := png.Decode(fh)
				if err != nil {
					t.Fatal(err)
				}
				res, err := Run(img, 300, ModeAuto, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if p, _ := stepParams(res, "bilevel"); p["clean"] != 1 {
					t.Errorf("not a clean bilevel page: %v", res.Steps)
				}
				if res.OneLine != set.oneLine {
					t.Errorf("one line %v, want %v: %v", res.OneLine, set.oneLine, res.Steps)
				}
				if set.oneLine {
					// the crop keeps all of the line (despeckle, which may
					// take a fragment of a broken letter, is off here)
					res, err := Run(img, 300, ModeAuto, Options{Despeckle: DespeckleOptions{Off: true}})
					if err != nil {
						t.Fatal(err)
					}
					src := toGray(img)
					if got, want := inkIn(res.Image, res.Image.Rect), inkIn(src, src.Rect); got != want {
						t.Errorf("the crop cut the line: %d ink pixels of %d kept (steps %v)", got, want, res.Steps)
					}
				}
			})
		}
	}
}

// TestBilevelVariants: best mode's "clean" variant is only another threshold,
// which a clean bilevel page does not get, so it is not made; "healed" is,
// at auto's size.
func TestBilevelVariants(t *testing.T) {
	page := bilevelPage(textPage(1600, 1100, 200, 250, 3, sampleLines))
	vs, err := Variants(page, 300, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(vs); len(got) != 2 || got[0] != "auto" || got[1] != "healed" {
		t.Fatalf("variants %v, want auto and healed", got)
	}
	if vs[1].Image.Rect != vs[0].Image.Rect {
		t.Errorf("healed is %v, auto %v: the variants of a page must be the same size", vs[1].Image.Rect, vs[0].Image.Rect)
	}
}
