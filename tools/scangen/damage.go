package main

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"

	"golang.org/x/image/font"
)

// plane is a float image: ink coverage (0..1) or gray levels (0..255).
type plane struct {
	w, h int
	p    []float32
}

func newPlane(w, h int) *plane { return &plane{w: w, h: h, p: make([]float32, w*h)} }

// renderPage typesets text and degrades it into a finished gray page.
func renderPage(cfg config, face font.Face, text string, seed uint64) (*image.Gray, error) {
	w, h, err := pageSize(cfg.page, cfg.dpi)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x5CA9))
	d := cfg.damage
	scale := cfg.dpi / 300

	ink, err := typeset(cfg, face, text, w, h, rng)
	if err != nil {
		return nil, err
	}
	textBox := inkBox(ink)
	inkDamage(ink, d, scale, rng)

	pg := paper(w, h, d, scale, rng)
	for i, c := range ink.p {
		pg.p[i] -= c * (pg.p[i] - float32(d.InkTone))
	}
	specks(pg, d, scale, rng)
	bindingShadow(pg, d, scale)
	out := place(pg, d, cfg.skew, cfg.dpi, rng)
	lighting(out, d, rng)
	scratches(out, d, scale, rng)
	blur(out, d.Blur*scale)
	finish(out, d, rng)
	img := gray(out)
	if cfg.fit > 0 {
		if d.Border > 0 {
			return nil, fmt.Errorf("-fit crops to the text: it cannot show a scanner border")
		}
		m := int(math.Round(cfg.fit / 25.4 * cfg.dpi))
		r := rotatedBox(textBox, cfg.skew, w, h).Inset(-m).Intersect(img.Rect)
		img = cropGray(img, r)
	}
	if cfg.bilevel > 0 {
		for i, v := range img.Pix {
			if float64(v) < cfg.bilevel {
				img.Pix[i] = 0
			} else {
				img.Pix[i] = 255
			}
		}
	}
	return img, nil
}

// inkBox returns the bounding box of the ink on the plane (empty when none).
func inkBox(ink *plane) image.Rectangle {
	var r image.Rectangle
	for y := 0; y < ink.h; y++ {
		row := ink.p[y*ink.w : (y+1)*ink.w]
		for x, c := range row {
			if c > 0.05 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// rotatedBox returns the bounding box of r on a w×h page after place turned
// the page by skew degrees about its centre.
func rotatedBox(r image.Rectangle, skew float64, w, h int) image.Rectangle {
	if skew == 0 || r.Empty() {
		return r
	}
	sin, cos := math.Sincos(skew * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range []image.Point{r.Min, {r.Max.X, r.Min.Y}, {r.Min.X, r.Max.Y}, r.Max} {
		// the inverse of place's map from the output to the page
		dx, dy := float64(p.X)-cx, float64(p.Y)-cy
		x, y := cos*dx+sin*dy+cx, -sin*dx+cos*dy+cy
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	return image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
}

// cropGray copies r of g into a new image with its origin at (0, 0).
func cropGray(g *image.Gray, r image.Rectangle) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		copy(out.Pix[y*out.Stride:], g.Pix[(r.Min.Y+y)*g.Stride+r.Min.X:(r.Min.Y+y)*g.Stride+r.Max.X])
	}
	return out
}

// inkDamage varies the ink along strokes, fades the ribbon, punches salt holes, adds grain and
// softens the ink as carbon copies are soft.
func inkDamage(ink *plane, d Damage, scale float64, rng *rand.Rand) {
	w, h := ink.w, ink.h
	stroke := valueNoise(rng, w, h, 3*scale)
	worn := valueNoise(rng, w, h, 1.6*scale)
	fade := valueNoise(rng, w, h, 350*scale)
	fade2 := valueNoise(rng, w, h, 90*scale)
	for i, c := range ink.p {
		if c == 0 {
			continue
		}
		f := 1 - d.Stroke*float64(stroke.p[i])
		// Worn type: small gaps where the fine noise peaks, more where the ink is already thin.
		if float64(worn.p[i]) > 1-0.12*d.Stroke {
			f *= 0.35
		}
		f *= 1 - d.Fade*(0.65*float64(fade.p[i])+0.35*float64(fade2.p[i]))
		ink.p[i] = c * float32(f)
	}
	// Salt: small white holes inside strokes.
	n := int(d.Salt * float64(w*h) / 1e6)
	for range n {
		x, y := rng.Float64()*float64(w), rng.Float64()*float64(h)
		r := (0.6 + 1.2*rng.Float64()) * scale
		dab(ink, x, y, r, func(v float32, a float64) float32 { return v * float32(1-a) })
	}
	if d.Grain > 0 {
		for i, c := range ink.p {
			if c > 0 {
				ink.p[i] = c * float32(1-d.Grain*rng.Float64())
			}
		}
	}
	blur(ink, d.Carbon*scale)
	if d.Grain > 0 && d.Carbon > 0 {
		// Carbon lays pigment thicker than the blur alone suggests: restore the core density.
		for i, c := range ink.p {
			ink.p[i] = float32(math.Min(1, float64(c)*(1+0.6*d.Grain)))
		}
	}
}

// paper returns the paper plane: a base level, slow mottling and fine fibre texture.
func paper(w, h int, d Damage, scale float64, rng *rand.Rand) *plane {
	pg := newPlane(w, h)
	m1 := valueNoise(rng, w, h, 500*scale)
	m2 := valueNoise(rng, w, h, 120*scale)
	fibre := valueNoise(rng, w, h, 1.5*scale)
	streak := valueNoise(rng, w, h, 6*scale)
	for i := range pg.p {
		v := d.Paper + d.Mottle*(0.7*(float64(m1.p[i])-0.5)+0.3*(float64(m2.p[i])-0.5))*2
		v += d.Fibre * ((float64(fibre.p[i]) - 0.5) + 0.5*(float64(streak.p[i])-0.5)) * 2
		pg.p[i] = float32(v)
	}
	return pg
}

// specks adds dark dirt: mostly small dots, a few larger blots.
func specks(pg *plane, d Damage, scale float64, rng *rand.Rand) {
	n := int(d.Speckle * float64(pg.w*pg.h) / 1e6)
	for range n {
		x, y := rng.Float64()*float64(pg.w), rng.Float64()*float64(pg.h)
		r := (0.5 + 1.5*rng.Float64()*rng.Float64()) * scale
		if rng.Float64() < 0.03 {
			r *= 2.5
		}
		tone := float32(20 + 90*rng.Float64())
		dab(pg, x, y, r, func(v float32, a float64) float32 { return v + (tone-v)*float32(a) })
	}
}

// dab applies f with a soft round footprint of radius r at (x, y).
func dab(p *plane, x, y, r float64, f func(v float32, a float64) float32) {
	x0, x1 := int(math.Floor(x-r-1)), int(math.Ceil(x+r+1))
	y0, y1 := int(math.Floor(y-r-1)), int(math.Ceil(y+r+1))
	for yy := max(0, y0); yy <= min(p.h-1, y1); yy++ {
		for xx := max(0, x0); xx <= min(p.w-1, x1); xx++ {
			dist := math.Hypot(float64(xx)+0.5-x, float64(yy)+0.5-y)
			a := 1 - smoothstep(r-0.5, r+0.5, dist)
			if a > 0 {
				i := yy*p.w + xx
				p.p[i] = f(p.p[i], a)
			}
		}
	}
}

// place lays the page on the scanner glass: rotated by skew degrees about its centre and, with
// a border, shrunk and shifted so that the dark lid shows along the edges. Pixels outside the
// page take the lid's tone (with a border) or the paper's (without).
func place(pg *plane, d Damage, skew, dpi float64, rng *rand.Rand) *plane {
	w, h := pg.w, pg.h
	out := newPlane(w, h)
	bpx := d.Border / 25.4 * dpi
	s := 1.0
	var ox, oy float64
	fill := float32(d.Paper)
	if bpx > 0 {
		s = 1 - 2*bpx/float64(w)
		// The page sits off-centre: the border is wider on two sides.
		ox = (rng.Float64() - 0.3) * bpx
		oy = (rng.Float64() - 0.3) * bpx
		fill = 25
	}
	if skew == 0 && bpx == 0 {
		copy(out.p, pg.p)
		return out
	}
	sin, cos := math.Sincos(skew * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// Inverse map: output pixel → page pixel. Positive skew turns the page
			// counter-clockwise as seen on screen (y grows downwards).
			dx, dy := (float64(x)+0.5-cx-ox)/s, (float64(y)+0.5-cy-oy)/s
			sx := cos*dx - sin*dy + cx - 0.5
			sy := sin*dx + cos*dy + cy - 0.5
			v, inside := bilinear(pg, sx, sy)
			if !inside {
				v = fill
			}
			out.p[y*w+x] = v
		}
	}
	if bpx > 0 {
		for i := range out.p {
			if out.p[i] == fill {
				out.p[i] += float32(rng.NormFloat64() * 4)
			}
		}
	}
	return out
}

// bilinear samples p at (x, y) in pixel-centre coordinates; inside is false off the plane.
func bilinear(p *plane, x, y float64) (float32, bool) {
	if x < -0.5 || y < -0.5 || x > float64(p.w)-0.5 || y > float64(p.h)-0.5 {
		return 0, false
	}
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := float32(x-float64(x0)), float32(y-float64(y0))
	at := func(xx, yy int) float32 {
		xx = min(max(xx, 0), p.w-1)
		yy = min(max(yy, 0), p.h-1)
		return p.p[yy*p.w+xx]
	}
	top := at(x0, y0)*(1-fx) + at(x0+1, y0)*fx
	bot := at(x0, y0+1)*(1-fx) + at(x0+1, y0+1)*fx
	return top*(1-fy) + bot*fy, true
}

// bindingShadow darkens the page along its left (bound) edge, where the page curves away from
// the glass.
func bindingShadow(p *plane, d Damage, scale float64) {
	if d.Shadow == 0 {
		return
	}
	sw := 110 * scale // shadow width
	for y := 0; y < p.h; y++ {
		// The gutter is deepest mid-page.
		depth := d.Shadow * (0.75 + 0.25*math.Sin(float64(y)/float64(p.h)*math.Pi))
		for x := 0; x < min(p.w, int(6*sw)); x++ {
			i := y*p.w + x
			p.p[i] = float32(float64(p.p[i]) - depth*math.Exp(-float64(x)/sw))
		}
	}
}

// lighting darkens towards one corner of the scanner glass (uneven illumination).
func lighting(p *plane, d Damage, rng *rand.Rand) {
	if d.Illum == 0 && d.Shadow == 0 {
		return
	}
	ax, ay := rng.Float64(), rng.Float64() // the brightest point
	diag := math.Hypot(float64(p.w), float64(p.h))
	for y := 0; y < p.h; y++ {
		for x := 0; x < p.w; x++ {
			i := y*p.w + x
			dist := math.Hypot(float64(x)-ax*float64(p.w), float64(y)-ay*float64(p.h)) / diag
			p.p[i] = float32(float64(p.p[i]) * (1 - d.Illum*dist*dist*1.6))
		}
	}
}

// scratches draws thin vertical light and dark lines, as on worn microfilm.
func scratches(p *plane, d Damage, scale float64, rng *rand.Rand) {
	for range int(d.Scratches) {
		x := rng.Float64() * float64(p.w)
		y0 := rng.Float64() * float64(p.h) * 0.5
		y1 := y0 + (0.3+0.7*rng.Float64())*float64(p.h)
		delta := float32(30 + 50*rng.Float64())
		if rng.IntN(2) == 0 {
			delta = -delta
		}
		drift := (rng.Float64() - 0.5) * 8 * scale / float64(p.h)
		for y := int(y0); y < min(p.h, int(y1)); y++ {
			xx := x + drift*float64(y)
			for xi := int(xx - scale); xi <= int(xx+scale); xi++ {
				if xi >= 0 && xi < p.w {
					a := 1 - math.Min(1, math.Abs(float64(xi)+0.5-xx)/(scale+0.3))
					p.p[y*p.w+xi] += delta * float32(a)
				}
			}
		}
	}
}

// finish stretches contrast around the paper level and adds sensor noise.
func finish(p *plane, d Damage, rng *rand.Rand) {
	for i, v := range p.p {
		f := float64(v)
		if d.Contrast != 1 {
			f = d.Paper + (f-d.Paper)*d.Contrast
		}
		if d.Noise > 0 {
			f += rng.NormFloat64() * d.Noise
		}
		p.p[i] = float32(f)
	}
}

// valueNoise returns a field in [0,1] that interpolates random values on a grid of the given
// cell size with smoothstep weights.
func valueNoise(rng *rand.Rand, w, h int, cell float64) *plane {
	cell = math.Max(cell, 1)
	gw, gh := int(float64(w)/cell)+2, int(float64(h)/cell)+2
	g := make([]float32, gw*gh)
	for i := range g {
		g[i] = rng.Float32()
	}
	out := newPlane(w, h)
	xs := make([]int, w)
	ws := make([]float32, w)
	for x := range w {
		fx := float64(x) / cell
		xs[x] = int(fx)
		t := fx - float64(xs[x])
		ws[x] = float32(t * t * (3 - 2*t))
	}
	for y := range h {
		fy := float64(y) / cell
		gy := int(fy)
		t := fy - float64(gy)
		wy := float32(t * t * (3 - 2*t))
		r0, r1 := g[gy*gw:], g[(gy+1)*gw:]
		row := out.p[y*w : (y+1)*w]
		for x := range w {
			gx, wx := xs[x], ws[x]
			top := r0[gx] + (r0[gx+1]-r0[gx])*wx
			bot := r1[gx] + (r1[gx+1]-r1[gx])*wx
			row[x] = top + (bot-top)*wy
		}
	}
	return out
}

// blur applies a separable Gaussian blur of the given σ in place.
func blur(p *plane, sigma float64) {
	if sigma < 0.2 {
		return
	}
	r := int(math.Ceil(3 * sigma))
	k := make([]float32, 2*r+1)
	var sum float32
	for i := range k {
		x := float64(i - r)
		k[i] = float32(math.Exp(-x * x / (2 * sigma * sigma)))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	tmp := make([]float32, len(p.p))
	for y := 0; y < p.h; y++ {
		row := p.p[y*p.w : (y+1)*p.w]
		for x := 0; x < p.w; x++ {
			var s float32
			for j, kv := range k {
				xx := min(max(x+j-r, 0), p.w-1)
				s += row[xx] * kv
			}
			tmp[y*p.w+x] = s
		}
	}
	for y := 0; y < p.h; y++ {
		for x := 0; x < p.w; x++ {
			var s float32
			for j, kv := range k {
				yy := min(max(y+j-r, 0), p.h-1)
				s += tmp[yy*p.w+x] * kv
			}
			p.p[y*p.w+x] = s
		}
	}
}
