package preprocess

import (
	"image"
	"math"
)

// Affine is an affine map of the plane:
//
//	(x, y) → (A·x + B·y + C, D·x + E·y + F)
//
// It works in continuous pixel coordinates: pixel (i, j) covers the square
// [i, i+1) × [j, j+1), so its centre is (i+0.5, j+0.5) and a box's right
// and bottom edges are its exclusive ends (x1, y1), as in hOCR and ALTO
// (where x1 = HPOS + WIDTH).
type Affine struct {
	A float64 `json:"a"`
	B float64 `json:"b"`
	C float64 `json:"c"`
	D float64 `json:"d"`
	E float64 `json:"e"`
	F float64 `json:"f"`
}

// identity maps every point to itself.
var identity = Affine{A: 1, E: 1}

// Apply maps the point (x, y).
func (m Affine) Apply(x, y float64) (float64, float64) {
	return m.A*x + m.B*y + m.C, m.D*x + m.E*y + m.F
}

// Invert returns the map that undoes m, and false when m is singular.
func (m Affine) Invert() (Affine, bool) {
	det := m.A*m.E - m.B*m.D
	if det == 0 || math.IsNaN(det) || math.IsInf(det, 0) {
		return Affine{}, false
	}
	a, b, d, e := m.E/det, -m.B/det, -m.D/det, m.A/det
	return Affine{A: a, B: b, C: -(a*m.C + b*m.F), D: d, E: e, F: -(d*m.C + e*m.F)}, true
}

// after returns m ∘ n: the map that applies n, then m.
func (m Affine) after(n Affine) Affine {
	return Affine{
		A: m.A*n.A + m.B*n.D, B: m.A*n.B + m.B*n.E, C: m.A*n.C + m.B*n.F + m.C,
		D: m.D*n.A + m.E*n.D, E: m.D*n.B + m.E*n.E, F: m.D*n.C + m.E*n.F + m.F,
	}
}

// Box maps the four corners of the box r and returns the smallest box of
// whole pixels holding them (edges rounded outwards; a corner within 10⁻⁶
// of a pixel edge counts as on it, so the identity returns r unchanged).
// An empty r gives an empty box.
func (m Affine) Box(r image.Rectangle) image.Rectangle {
	if r.Empty() {
		return image.Rectangle{}
	}
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, p := range [4][2]float64{
		{float64(r.Min.X), float64(r.Min.Y)}, {float64(r.Max.X), float64(r.Min.Y)},
		{float64(r.Min.X), float64(r.Max.Y)}, {float64(r.Max.X), float64(r.Max.Y)},
	} {
		x, y := m.Apply(p[0], p[1])
		x0, y0 = math.Min(x0, x), math.Min(y0, y)
		x1, y1 = math.Max(x1, x), math.Max(y1, y)
	}
	const eps = 1e-6
	return image.Rect(int(math.Floor(x0+eps)), int(math.Floor(y0+eps)), int(math.Ceil(x1-eps)), int(math.Ceil(y1-eps)))
}

// translation maps (x, y) to (x+dx, y+dy).
func translation(dx, dy float64) Affine { return Affine{A: 1, C: dx, E: 1, F: dy} }

// scaling maps (x, y) to (sx·x, sy·y).
func scaling(sx, sy float64) Affine { return Affine{A: sx, E: sy} }

// rotationBack maps a point of rotate(g, deg, ·)'s output, for g of w×h,
// to the point of g it was sampled from, with the same fixed-point sine and
// cosine and the same canvas as rotate.
func rotationBack(w, h int, deg float64) Affine {
	nw, nh := rotatedSize(w, h, deg)
	ic, is := fixedSinCos(deg)
	c, s := float64(ic)/(1<<16), float64(is)/(1<<16)
	// rotate: source = centre + R·(destination − destination centre).
	return Affine{
		A: c, B: -s, C: float64(w)/2 - float64(nw)/2*c + float64(nh)/2*s,
		D: s, E: c, F: float64(h)/2 - float64(nw)/2*s - float64(nh)/2*c,
	}
}
