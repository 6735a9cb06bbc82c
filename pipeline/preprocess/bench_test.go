package preprocess

import (
	"image"
	_ "image/jpeg"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
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
	start := testtools.CPUTime()
	for b.Loop() {
		if _, err := Run(img, 300, ModeAuto, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	testtools.ReportCPU(b, start)
}

// BenchmarkGray times Result.Gray on the development scan: the cost of the
// gray image the pipeline makes of a poorly read page, on top of auto's.
func BenchmarkGray(b *testing.B) {
	res, err := Run(loadDevscan(b), 300, ModeAuto, Options{})
	if err != nil {
		b.Fatal(err)
	}
	start := testtools.CPUTime()
	for b.Loop() {
		if res.Gray() == nil {
			b.Fatal("no gray image")
		}
	}
	testtools.ReportCPU(b, start)
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
	start := testtools.CPUTime()
	for b.Loop() {
		if _, err := Run(page, 300, ModeAuto, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	testtools.ReportCPU(b, start)
}

// BenchmarkVariants times best mode's preprocessing (all variants of a page).
func BenchmarkVariants(b *testing.B) {
	img := loadDevscan(b)
	start := testtools.CPUTime()
	for b.Loop() {
		if _, err := Variants(img, 300, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	testtools.ReportCPU(b, start)
}

// BenchmarkSteps times each full-resolution step of auto mode on its own, on
// the whole development scan: the median, Sauvola and the dust removal see
// the whole turned page here, about twice the pixels of the crop they get in
// a run. Each step's input is made inside its own sub-benchmark, by the
// steps before it only, so that an instruction count of one sub-benchmark
// (valgrind --tool=callgrind, with GODEBUG=asyncpreemptoff=1) counts the
// step's own function once.
func BenchmarkSteps(b *testing.B) {
	opt := DefaultOptions()
	r := int(math.Round(opt.Background.Window * 300 / 4))
	gray := func() *image.Gray { return toGray(loadDevscan(b)) }
	background := func(g *image.Gray) *image.Gray { return boxBlur(closing(shrink(g, 4), r), r) }
	flat := func() *image.Gray {
		g := gray()
		g, hist := flatten(g, background(g), 4, nil)
		ink, paper, _ := inkAndPaper(&hist)
		stretch(g, ink, paper, 40)
		return g
	}
	median := func() *image.Gray { return median3(rotate(flat(), 1.2, 255)) }
	for _, st := range []struct {
		name string
		in   func() *image.Gray
		run  func(*image.Gray)
	}{
		{"gray", func() *image.Gray { return nil }, func(*image.Gray) { gray() }},
		{"shrink4", gray, func(g *image.Gray) { shrink(g, 4) }},
		{"background", func() *image.Gray { return shrink(gray(), 4) }, func(s *image.Gray) { boxBlur(closing(s, r), r) }},
		{"flatten", gray, func(g *image.Gray) { flatten(g, background(g), 4, nil) }},
		{"histogram", flat, func(g *image.Gray) { histogram(g) }},
		{"stretch", flat, func(g *image.Gray) { stretch(g, 30, 220, 40) }},
		{"shrink2", flat, func(g *image.Gray) { shrink(g, 2) }},
		{"components150", func() *image.Gray { return shrink(flat(), 2) }, func(a *image.Gray) { components(a, 128) }},
		{"rotate", flat, func(g *image.Gray) { rotate(g, 1.2, 255) }},
		{"median", func() *image.Gray { return rotate(flat(), 1.2, 255) }, func(g *image.Gray) { median3(g) }},
		{"sauvola", median, func(g *image.Gray) { sauvola(g, 50, 0.2) }},
		{"dust", func() *image.Gray { return sauvola(median(), 50, 0.2) }, func(g *image.Gray) { removeDust(g, 25, 0.18, 0.3) }},
	} {
		b.Run(st.name, func(b *testing.B) {
			in := st.in()
			start := testtools.CPUTime()
			for b.Loop() {
				st.run(in)
			}
			testtools.ReportCPU(b, start)
		})
	}
}
