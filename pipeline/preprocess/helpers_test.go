package preprocess

import (
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"

	"github.com/disintegration/imaging"
	"golang.org/x/image/font"
	"golang.org/x/image/font/inconsolata"
	"golang.org/x/image/math/fixed"
)

// sampleLines is plain ASCII: the test font has no Cyrillic, and the steps
// under test do not read letters.
var sampleLines = []string{
	"The quick brown fox jumps over the lazy dog, 1953.",
	"Pack my box with five dozen liquor jugs; and so on.",
	"Sphinx of black quartz, judge my vow: 29 March.",
	"How vexingly quick daft zebras jump! No. 359 (in).",
	"The five boxing wizards jump quickly over 300 km.",
	"Jackdaws love my big sphinx of quartz, said Kim.",
}

// textPage draws lines of 8x16 monospaced text enlarged scale times (scale 3
// gives an x-height of about 21 pixels, typewriter size at 300 dpi) on a
// white page of w×h with the text starting at (x, y).
func textPage(w, h, x, y, scale int, lines []string) *image.Gray {
	face := inconsolata.Regular8x16
	small := image.NewGray(image.Rect(0, 0, w/scale+1, h/scale+1))
	draw.Draw(small, small.Rect, image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: small, Src: image.Black, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(x/scale, y/scale+12+i*24) // double spacing
		d.DrawString(l)
	}
	page := image.NewGray(image.Rect(0, 0, w, h))
	for py := 0; py < h; py++ {
		for px := 0; px < w; px++ {
			page.Pix[py*page.Stride+px] = small.Pix[(py/scale)*small.Stride+px/scale]
		}
	}
	return page
}

// rotated turns g counter-clockwise by deg with imaging (an implementation
// independent of ours), keeping the size, corners filled white.
func rotated(g *image.Gray, deg float64) *image.Gray {
	r := imaging.Rotate(g, deg, color.White)
	return toGray(imaging.CropCenter(r, g.Rect.Dx(), g.Rect.Dy()))
}

// addNoise adds uniform noise of ±amp levels, deterministically.
func addNoise(g *image.Gray, amp int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	for i, v := range g.Pix {
		g.Pix[i] = uint8(min(max(int(v)+rng.IntN(2*amp+1)-amp, 0), 255))
	}
}

// addSpecks draws n black square specks of side 2..maxSide at random places
// that avoid the rectangle keep, and returns their rectangles.
func addSpecks(g *image.Gray, n, maxSide int, keep image.Rectangle, seed uint64) []image.Rectangle {
	rng := rand.New(rand.NewPCG(seed, 11))
	var out []image.Rectangle
	for len(out) < n {
		s := 2 + rng.IntN(maxSide-1)
		x, y := rng.IntN(g.Rect.Dx()-s), rng.IntN(g.Rect.Dy()-s)
		r := image.Rect(x, y, x+s, y+s)
		if r.Overlaps(keep) {
			continue
		}
		fill(g, r, 0)
		out = append(out, r)
	}
	return out
}

// inkIn counts pixels darker than 128 inside r.
func inkIn(g *image.Gray, r image.Rectangle) int {
	r = r.Intersect(g.Rect)
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.Pix[y*g.Stride+x] < 128 {
				n++
			}
		}
	}
	return n
}

// inkBox is the bounding box of pixels darker than 128, empty for none.
func inkBox(g *image.Gray) image.Rectangle {
	var r image.Rectangle
	for y := 0; y < g.Rect.Dy(); y++ {
		for x := 0; x < g.Rect.Dx(); x++ {
			if g.Pix[y*g.Stride+x] < 128 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}
