package preprocess

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/disintegration/imaging"
)

// testImages returns gray images of awkward sizes and contents: uniform
// noise, mostly paper with dark blots, constant ones, and views into a
// larger image (a stride wider than the image), all deterministic.
func testImages() map[string]*image.Gray {
	rng := rand.New(rand.NewPCG(3, 5))
	out := map[string]*image.Gray{}
	for _, sz := range [][2]int{{1, 1}, {1, 9}, {9, 1}, {2, 2}, {3, 3}, {5, 4}, {17, 13}, {64, 3}, {3, 64}, {131, 77}, {66, 4}, {257, 9}} {
		w, h := sz[0], sz[1]
		noise := image.NewGray(image.Rect(0, 0, w, h))
		for i := range noise.Pix {
			noise.Pix[i] = uint8(rng.IntN(256))
		}
		out[fmt.Sprintf("noise %dx%d", w, h)] = noise
		page := image.NewGray(image.Rect(0, 0, w, h))
		for i := range page.Pix {
			page.Pix[i] = uint8(230 + rng.IntN(26))
		}
		for range w * h / 40 {
			x, y, s := rng.IntN(w), rng.IntN(h), 1+rng.IntN(4)
			fill(page, image.Rect(x, y, x+s, y+s), uint8(rng.IntN(90)))
		}
		out[fmt.Sprintf("page %dx%d", w, h)] = page
		for _, v := range []uint8{0, 255} {
			c := image.NewGray(image.Rect(0, 0, w, h))
			for i := range c.Pix {
				c.Pix[i] = v
			}
			out[fmt.Sprintf("const %d %dx%d", v, w, h)] = c
		}
	}
	big := image.NewGray(image.Rect(0, 0, 160, 120))
	for i := range big.Pix {
		big.Pix[i] = uint8(rng.IntN(256))
	}
	out["view 90x70"] = big.SubImage(image.Rect(33, 21, 123, 91)).(*image.Gray)
	out["view 1x50"] = big.SubImage(image.Rect(7, 3, 8, 53)).(*image.Gray)
	return out
}

// same fails unless got has the size of want and the same pixels.
func same(t *testing.T, what string, got, want *image.Gray) {
	t.Helper()
	if got.Rect != want.Rect {
		t.Fatalf("%s: bounds %v, want %v", what, got.Rect, want.Rect)
	}
	w, h := want.Rect.Dx(), want.Rect.Dy()
	for y := 0; y < h; y++ {
		g, e := got.Pix[y*got.Stride:y*got.Stride+w], want.Pix[y*want.Stride:y*want.Stride+w]
		if !bytes.Equal(g, e) {
			for x := range e {
				if g[x] != e[x] {
					t.Fatalf("%s: pixel (%d, %d) is %d, want %d", what, x, y, g[x], e[x])
				}
			}
		}
	}
}

// The fast filters give exactly what their definitions give (reference_test.go).
func TestFiltersMatchDefinitions(t *testing.T) {
	for name, g := range testImages() {
		for _, f := range []int{1, 2, 3, 4, 5} {
			same(t, fmt.Sprintf("shrink %s by %d", name, f), shrink(g, f), refShrink(g, f))
		}
		for _, r := range []int{0, 1, 2, 3, 9, 40} {
			for _, takeMax := range []bool{true, false} {
				same(t, fmt.Sprintf("rankFilter %s r %d max %v", name, r, takeMax), rankFilter(g, r, takeMax), refRankFilter(g, r, takeMax))
			}
			same(t, fmt.Sprintf("boxBlur %s r %d", name, r), boxBlur(g, r), refBoxBlur(g, r))
		}
		same(t, "median3 "+name, median3(g), refMedian3(g))
		if histogram(g) != refHistogram(g) {
			t.Fatalf("histogram %s differs", name)
		}
		for _, r := range []int{1, 2, 5, 30} {
			for _, k := range []float64{0.2, 0.25, 0, -0.1, 0.999, 1, 1.5} {
				same(t, fmt.Sprintf("sauvola %s r %d k %g", name, r, k), sauvola(g, r, k), refSauvola(g, r, k))
			}
		}
		for _, deg := range []float64{0, 0.07, -0.5, 1.3, -4, 10, 90, 180} {
			same(t, fmt.Sprintf("rotate %s by %g", name, deg), rotate(g, deg, 255), refRotate(g, deg, 255))
		}
	}
}

func TestFlattenMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	for name, g := range testImages() {
		for _, f := range []int{1, 2, 4, 7} {
			bg := shrink(g, f)
			for i := range bg.Pix {
				bg.Pix[i] = uint8(max(int(bg.Pix[i])+rng.IntN(60), 255))
				if rng.IntN(20) == 0 {
					bg.Pix[i] = 0 // a background of 0 counts as 1
				}
			}
			var border []bool
			for _, withBorder := range []bool{false, true} {
				if withBorder {
					border = make([]bool, len(bg.Pix))
					for i := range border {
						border[i] = rng.IntN(5) == 0
					}
				}
				want := cloneGray(g)
				refFlatten(want, bg, f, border)
				got, hist := flatten(g, bg, f, border)
				same(t, fmt.Sprintf("flatten %s by %d border %v", name, f, withBorder), got, want)
				if hist != refHistogram(want) {
					t.Fatalf("flatten %s by %d border %v: histogram differs", name, f, withBorder)
				}
			}
		}
	}
}

// The averager's multiplication gives the rounded mean exactly for every
// count and every sum of that many 8-bit values.
func TestAveragerExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 9))
	for n := uint32(1); n <= 5000; n++ {
		a := newAverager(n)
		if n <= 64 || n%500 == 0 || n >= 4090 && n <= 4100 { // every sum
			for s := uint32(0); s <= 255*n; s++ {
				if got, want := a.mean(s), uint8((s+n/2)/n); got != want {
					t.Fatalf("mean of %d over %d = %d, want %d", s, n, got, want)
				}
			}
			continue
		}
		for _, s := range []uint32{0, 1, n / 2, n/2 + 1, n - 1, n, 255*n - 1, 255 * n, uint32(rng.Int64N(int64(255*n) + 1))} {
			if s > 255*n {
				continue
			}
			if got, want := a.mean(s), uint8((s+n/2)/n); got != want {
				t.Fatalf("mean of %d over %d = %d, want %d", s, n, got, want)
			}
		}
	}
}

func TestKeepLargestMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, sz := range [][2]int{{1, 1}, {1, 7}, {7, 1}, {5, 5}, {40, 30}, {97, 61}} {
		for _, p := range []int{0, 1, 3, 5, 7, 10} { // tenths of pixels marked
			w, h := sz[0], sz[1]
			got := make([]bool, w*h)
			for i := range got {
				got[i] = rng.IntN(10) < p
			}
			want := append([]bool(nil), got...)
			n, m := keepLargest(got, w, h), refKeepLargest(want, w, h)
			if n != m || !slices.Equal(got, want) {
				t.Fatalf("%dx%d, %d0 %% marked: %d marked, want %d (masks equal: %v)", w, h, p, n, m, slices.Equal(got, want))
			}
		}
	}
}

// anyAtMost agrees with a byte-by-byte test for every threshold, on words
// of random bytes and of bytes next to the threshold.
func TestAnyAtMost(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 2))
	for th := range 256 {
		for range 3000 {
			var b [8]uint8
			for i := range b {
				switch rng.IntN(3) {
				case 0:
					b[i] = uint8(rng.IntN(256))
				default:
					b[i] = uint8(min(max(th+rng.IntN(5)-2, 0), 255))
				}
			}
			want := false
			for _, v := range b {
				want = want || v <= uint8(th)
			}
			if got := anyAtMost(binary.LittleEndian.Uint64(b[:]), uint8(th)); got != want {
				t.Fatalf("anyAtMost(%v, %d) = %v", b, th, got)
			}
		}
	}
}

// flatten's table of reciprocals divides exactly for every background and
// every pixel value.
func TestReciprocalsExact(t *testing.T) {
	rec := reciprocals()
	for d := uint64(1); d < uint64(len(rec)); d++ {
		for v := uint64(0); v < 256; v++ {
			if got, want := v*rec[d]>>40, v*255*256/d; got != want {
				t.Fatalf("%d·65280/%d = %d, want %d", v, d, got, want)
			}
		}
	}
}

// resize gives imaging's Catmull-Rom bytes on gray pages, up and down.
func TestResizeMatchesImaging(t *testing.T) {
	for name, g := range testImages() {
		for _, f := range []float64{1, 1.3, 1.857, 2, 3, 0.6} {
			w := max(1, int(math.Round(float64(g.Rect.Dx())*f)))
			h := max(1, int(math.Round(float64(g.Rect.Dy())*f*1.01)))
			same(t, fmt.Sprintf("resize %s to %dx%d", name, w, h), resize(g, w, h), toGray(imaging.Resize(g, w, h, imaging.CatmullRom)))
		}
	}
}

// divideRow gives ⌊255·v/bg⌋, clipped, for every pixel value and every
// background it can meet (×256: 256..65280), whichever loop runs (the
// reciprocal table, or the vector kernel's float32 division).
func TestDivideRowExact(t *testing.T) {
	const w = 256 + 7 // every value, and a part block at the end
	src, dst := make([]uint8, w), make([]uint8, w)
	for x := range src {
		src[x] = uint8(x)
	}
	top, bot := make([]int32, w), make([]int32, w)
	rec := reciprocals()
	for bg := int32(256); bg <= 255*256; bg++ {
		for x := range top {
			top[x], bot[x] = bg, bg
		}
		divideRow(dst, src, top, bot, int32(bg%257), rec)
		for x, v := range src {
			if want := uint8(min(int64(v)*255*256/int64(bg), 255)); dst[x] != want {
				t.Fatalf("%d over background %d/256: %d, want %d (vector kernel: %v)", v, bg, dst[x], want, vector)
			}
		}
	}
}
