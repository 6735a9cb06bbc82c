package report

import (
	"bytes"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// shrinkGrayDivide is shrinkGray as it was first written, dividing for
// every target pixel: the reference the faster one must match pixel for
// pixel, so that web copies stay byte-identical.
func shrinkGrayDivide(g *image.Gray, w, h int) *image.Gray {
	b := g.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewGray(image.Rect(0, 0, w, h))
	col := make([]uint32, sw)
	for y := range h {
		y0, y1 := y*sh/h, max((y+1)*sh/h, y*sh/h+1)
		clear(col)
		for sy := y0; sy < y1; sy++ {
			o := g.PixOffset(b.Min.X, b.Min.Y+sy)
			for x, v := range g.Pix[o : o+sw] {
				col[x] += uint32(v)
			}
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x := range w {
			x0, x1 := x*sw/w, max((x+1)*sw/w, x*sw/w+1)
			var sum uint32
			for _, v := range col[x0:x1] {
				sum += v
			}
			n := uint32((x1 - x0) * (y1 - y0))
			out[x] = uint8((sum + n/2) / n)
		}
	}
	return dst
}

func TestShrinkGrayMatchesDivision(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ sw, sh, w, h int }{
		{2480, 3508, 1131, 1600}, // A4 at 300 dpi
		{3508, 2480, 1600, 1131},
		{1700, 2200, 1236, 1600},
		{5000, 7000, 1142, 1600}, // boxes of 4 and 5
		{997, 13, 3, 1},          // boxes of hundreds of pixels: n past maxRecip
		{40, 30, 40, 30},         // the same size
		{7, 5, 9, 8},             // larger (shrinkGray's caller never asks)
	} {
		g := image.NewGray(image.Rect(3, 5, 3+tc.sw, 5+tc.sh))
		for i := range g.Pix {
			switch rng.IntN(3) {
			case 0:
				g.Pix[i] = 255 // runs of white and black test the rounding at the ends
			case 1:
				g.Pix[i] = 0
			default:
				g.Pix[i] = uint8(rng.IntN(256))
			}
		}
		got, want := shrinkGray(g, tc.w, tc.h), shrinkGrayDivide(g, tc.w, tc.h)
		if !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("%d×%d → %d×%d: pixels differ from the division", tc.sw, tc.sh, tc.w, tc.h)
		}
	}
}

// TestReciprocalsExact checks (v·m)>>32 against v/n for every divisor
// reciprocals gives, where the quotient steps up (v = k·n and the number
// before it, for the sums of n values of 0..255 rounded: v < 256·n): the
// product being monotonic in v, it is right in between too.
func TestReciprocalsExact(t *testing.T) {
	r := reciprocals(maxRecip + 3)
	if len(r) != maxRecip+1 {
		t.Fatalf("%d reciprocals, want up to %d", len(r)-1, maxRecip)
	}
	for n := uint64(1); n <= maxRecip; n++ {
		for k := uint64(1); k <= 256; k++ {
			for _, v := range []uint64{k*n - 1, k * n} {
				if v >= 256*n {
					continue
				}
				if got, want := v*r[n]>>32, v/n; got != want {
					t.Fatalf("%d/%d: %d, want %d", v, n, got, want)
				}
			}
		}
	}
}

func BenchmarkShrinkGray(b *testing.B) {
	g := image.NewGray(image.Rect(0, 0, 2480, 3508))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	for _, s := range []struct {
		name string
		fn   func(*image.Gray, int, int) *image.Gray
	}{{"reciprocal", shrinkGray}, {"divide", shrinkGrayDivide}} {
		b.Run(s.name, func(b *testing.B) {
			start := testtools.CPUTime()
			for b.Loop() {
				s.fn(g, 1131, 1600)
			}
			testtools.ReportCPU(b, start)
		})
	}
}

// BenchmarkWebImage makes the web copy of a clean page of scans/ (a
// 300-dpi A4 gray PNG).
func BenchmarkWebImage(b *testing.B) {
	f, err := os.Open("../../scans/telegram-1953-03-29-a__liberationmono__clean.png")
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		b.Fatal(err)
	}
	start := testtools.CPUTime()
	for b.Loop() {
		if _, err := WebImage(img); err != nil {
			b.Fatal(err)
		}
	}
	testtools.ReportCPU(b, start)
}
