package preprocess

import (
	"fmt"
	"image"
	"math"
	"testing"
)

func TestAffineInvertAndCompose(t *testing.T) {
	rot := rotationBack(1000, 700, 3.7)
	for _, tc := range []struct {
		name string
		m    Affine
	}{
		{"identity", identity},
		{"translation", translation(12.5, -7)},
		{"scaling", scaling(0.5, 0.625)},
		{"rotation", rot},
		{"all", translation(3, 4).after(rot).after(translation(40, 60)).after(scaling(0.6, 0.6))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv, ok := tc.m.Invert()
			if !ok {
				t.Fatal("not invertible")
			}
			for _, p := range [][2]float64{{0, 0}, {1, 0}, {0, 1}, {523.25, 81.5}, {-40, 999}} {
				x, y := tc.m.Apply(p[0], p[1])
				bx, by := inv.Apply(x, y)
				if math.Abs(bx-p[0]) > 1e-9 || math.Abs(by-p[1]) > 1e-9 {
					t.Fatalf("%v → (%g, %g) → (%g, %g)", p, x, y, bx, by)
				}
				// after applies its argument first.
				cx, cy := tc.m.after(translation(5, -2)).Apply(p[0], p[1])
				if wx, wy := tc.m.Apply(p[0]+5, p[1]-2); math.Abs(cx-wx) > 1e-9 || math.Abs(cy-wy) > 1e-9 {
					t.Fatalf("after: (%g, %g), want (%g, %g)", cx, cy, wx, wy)
				}
			}
		})
	}
	if _, ok := (Affine{A: 1, B: 2, D: 2, E: 4}).Invert(); ok {
		t.Fatal("a singular map was inverted")
	}
}

func TestAffineBox(t *testing.T) {
	r := image.Rect(10, 20, 50, 30)
	for _, tc := range []struct {
		name string
		m    Affine
		want image.Rectangle
	}{
		{"identity", identity, r},
		{"translation", translation(-10, 5), image.Rect(0, 25, 40, 35)},
		{"fractional translation rounds outwards", translation(0.5, 0.5), image.Rect(10, 20, 51, 31)},
		{"scaling", scaling(0.5, 2), image.Rect(5, 40, 25, 60)},
		// A quarter turn: (x, y) → (−y, x).
		{"quarter turn", Affine{B: -1, D: 1}, image.Rect(-30, 10, -20, 50)},
		{"empty", identity, image.Rectangle{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := r
			if tc.name == "empty" {
				in = image.Rect(5, 5, 5, 9)
			}
			if got := tc.m.Box(in); got != tc.want {
				t.Fatalf("Box(%v) = %v, want %v", in, got, tc.want)
			}
		})
	}
	// A turned box's bounding box holds all four turned corners.
	m := rotationBack(400, 300, 10)
	b := m.Box(r)
	for _, p := range []image.Point{r.Min, {r.Max.X, r.Min.Y}, {r.Min.X, r.Max.Y}, r.Max} {
		x, y := m.Apply(float64(p.X), float64(p.Y))
		if x < float64(b.Min.X) || x > float64(b.Max.X) || y < float64(b.Min.Y) || y > float64(b.Max.Y) {
			t.Fatalf("corner %v maps to (%.2f, %.2f), outside %v", p, x, y, b)
		}
	}
	if b.Dx() > r.Dx()+int(float64(r.Dy())*math.Sin(10*math.Pi/180))+2 {
		t.Fatalf("turned box %v too large for %v", b, r)
	}
}

func TestModeNoneIsIdentity(t *testing.T) {
	for _, bounds := range []image.Rectangle{image.Rect(0, 0, 300, 200), image.Rect(40, 25, 340, 225)} {
		t.Run(fmt.Sprint(bounds), func(t *testing.T) {
			img := image.NewGray(bounds)
			res, err := Run(img, 300, ModeNone, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Source != bounds {
				t.Fatalf("Source %v, want %v", res.Source, bounds)
			}
			for _, p := range [][2]float64{{0, 0}, {299.5, 0.5}, {17.25, 133}} {
				x, y := res.Transform.Apply(p[0], p[1])
				if x != p[0]+float64(bounds.Min.X) || y != p[1]+float64(bounds.Min.Y) {
					t.Fatalf("Apply%v = (%g, %g)", p, x, y)
				}
			}
			box := image.Rect(3, 4, 90, 60)
			if got := res.Transform.Box(box).Intersect(res.Source); got != box.Add(bounds.Min) {
				t.Fatalf("Box(%v) = %v", box, got)
			}
			// A box reaching past the image is clipped to the source.
			if got := res.Transform.Box(image.Rect(250, 150, 400, 300)).Intersect(res.Source); got != image.Rect(250, 150, 300, 200).Add(bounds.Min) {
				t.Fatalf("Box clipped to %v", got)
			}
		})
	}
}

// markedPage is a page of text lines with an empty line between each two,
// turned counter-clockwise by deg, with solid discs of radius r drawn after
// the turn at places in the gaps between lines. It returns the page and the
// discs' centres in its pixels (continuous coordinates).
func markedPage(w, h, x0, y0, scale int, deg, r float64) (*image.Gray, [][2]float64) {
	var lines []string
	for _, l := range sampleLines[:5] {
		lines = append(lines, l, "")
	}
	page := textPage(w, h, x0, y0, scale, lines[:9])
	if deg != 0 {
		page = rotated(page, deg)
	}
	s := float64(scale)
	lineW := 8 * s * 48 // the shortest sample line has 48 characters
	sin, cos := math.Sincos(deg * math.Pi / 180)
	var centres [][2]float64
	for gap := 0; gap < 4; gap++ {
		// Middle of the gap below text line 2·gap, on the unturned page.
		y := float64(y0) + s*(48*float64(gap)+32)
		for k, f := range []float64{0.08, 0.5, 0.93} {
			x := float64(x0) + f*lineW + float64(gap*7+k*3) + 0.3
			// Turn about the page centre as imaging.Rotate did (y down, so a
			// counter-clockwise turn is x' = x·cos + y·sin, y' = −x·sin + y·cos).
			u, v := x-float64(w)/2, y-float64(h)/2
			cx, cy := float64(w)/2+u*cos+v*sin, float64(h)/2-u*sin+v*cos
			disc(page, cx, cy, r)
			centres = append(centres, [2]float64{cx, cy})
		}
	}
	return page, centres
}

// disc paints black every pixel whose centre lies within r of (cx, cy).
func disc(g *image.Gray, cx, cy, r float64) {
	for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
		for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
			if math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) <= r && image.Pt(x, y).In(g.Rect) {
				g.Pix[y*g.Stride+x] = 0
			}
		}
	}
}

// mark is a round mark found in an image: its ink centroid and its box.
type mark struct {
	x, y float64
	box  image.Rectangle
}

// discCentres finds solid round marks of radius about r in g (components
// that fill most of their square box).
func discCentres(g *image.Gray, r float64) []mark {
	var out []mark
	for _, c := range components(g, 127) {
		w, h := float64(c.w()), float64(c.h())
		if w < 1.6*r || w > 2.4*r || h < 1.6*r || h > 2.4*r || float64(c.Area) < 0.65*w*h {
			continue
		}
		var sx, sy, n float64
		for y := c.Y0; y < c.Y1; y++ {
			for x := c.X0; x < c.X1; x++ {
				if g.Pix[y*g.Stride+x] <= 127 {
					sx += float64(x) + 0.5
					sy += float64(y) + 0.5
					n++
				}
			}
		}
		out = append(out, mark{sx / n, sy / n, image.Rect(c.X0, c.Y0, c.X1, c.Y1)})
	}
	return out
}

func TestTransformFindsMarks(t *testing.T) {
	for _, tc := range []struct {
		name       string
		scale      int     // 2: x-height about 14 px (upscaled), 3: about 21 px
		dpi        float64 // the page's resolution
		deg        float64 // skew
		opt        Options
		wantSteps  []string
		identityOK bool // nothing moves pixels
	}{
		{"deskew crop upscale", 2, 200, 2.6, Options{}, []string{"deskew", "crop", "scale"}, false},
		{"deskew crop", 3, 300, -3.4, Options{}, []string{"deskew", "crop"}, false},
		{"gray page", 3, 300, 1.8, Options{Threshold: ThresholdOptions{Method: "tesseract"}}, []string{"deskew", "crop"}, false},
		{"crop only", 3, 300, 0, Options{Deskew: DeskewOptions{Off: true}}, []string{"crop"}, false},
		{"upscale only", 2, 200, 0, Options{Deskew: DeskewOptions{Off: true}, Crop: CropOptions{Off: true}}, []string{"scale"}, false},
		{"nothing moves", 3, 300, 0, Options{Deskew: DeskewOptions{Off: true}, Crop: CropOptions{Off: true}}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.scale
			r := 7 * float64(s) // wider than any letter
			page, drawn := markedPage(960*s, 640*s, 150*s, 130*s, s, tc.deg, r)
			// Variants: auto first, then best mode's alternatives, each with
			// its own transform.
			vs, err := Variants(page, tc.dpi, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, res := range vs {
				for _, step := range tc.wantSteps {
					if !hasStep(res, step) {
						t.Fatalf("%s: no %s step in %v", res.Variant, step, res.Steps)
					}
				}
				if tc.identityOK && res.Transform != identity {
					t.Fatalf("%s: transform %+v with no step that moves pixels", res.Variant, res.Transform)
				}
				if res.Source != page.Rect {
					t.Fatalf("%s: Source %v, want %v", res.Variant, res.Source, page.Rect)
				}
				// The output's scale: one source pixel is this many output pixels.
				zoom := 1 / math.Sqrt(math.Abs(res.Transform.A*res.Transform.E-res.Transform.B*res.Transform.D))
				found := discCentres(res.Image, r*zoom)
				if len(found) != len(drawn) {
					t.Fatalf("%s: %d marks found in the output, %d drawn", res.Variant, len(found), len(drawn))
				}
				for _, f := range found {
					sx, sy := res.Transform.Apply(f.x, f.y)
					best, near := math.Inf(1), [2]float64{}
					for _, d := range drawn {
						if dist := math.Hypot(sx-d[0], sy-d[1]); dist < best {
							best, near = dist, d
						}
					}
					if best > 1 {
						t.Errorf("%s: mark at (%.1f, %.1f) maps to (%.1f, %.1f), %.2f px from the nearest drawn one",
							res.Variant, f.x, f.y, sx, sy, best)
					}
					// The mark's box maps to a box that holds the drawn disc
					// (give or take a pixel of binarisation) and, turned by
					// the skew, is not much larger.
					box := res.Transform.Box(f.box).Intersect(res.Source)
					want := image.Rect(int(math.Floor(near[0]-r)), int(math.Floor(near[1]-r)), int(math.Ceil(near[0]+r)), int(math.Ceil(near[1]+r)))
					slack := 2 + int(math.Ceil(2*r*math.Abs(math.Sin(tc.deg*math.Pi/180))))
					if !want.Inset(2).In(box) || !box.In(want.Inset(-slack)) {
						t.Errorf("%s: mark box %v maps to %v, drawn disc %v", res.Variant, f.box, box, want)
					}
				}
			}
		})
	}
}
