package main

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// loadFace opens a TrueType/OpenType font (or the built-in Go Mono) at size points and dpi.
func loadFace(name string, size, dpi float64) (font.Face, error) {
	data := gomono.TTF
	if name != "gomono" {
		var err error
		if data, err = os.ReadFile(name); err != nil {
			return nil, fmt.Errorf("font: %w", err)
		}
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	return face, nil
}

// pageSize returns the page size in pixels.
func pageSize(page string, dpi float64) (int, int, error) {
	var wmm, hmm float64
	switch page {
	case "a4":
		wmm, hmm = 210, 297
	case "a5":
		wmm, hmm = 148, 210
	default:
		return 0, 0, fmt.Errorf("unknown page size %q (want a4|a5)", page)
	}
	return int(math.Round(wmm / 25.4 * dpi)), int(math.Round(hmm / 25.4 * dpi)), nil
}

// typeset strikes every character of text onto a new ink plane (coverage 0..1) the size of the
// page, with the per-character and per-line damage of d. scale converts 300-dpi pixels to
// output pixels.
func typeset(cfg config, face font.Face, text string, w, h int, rng *rand.Rand) (*plane, error) {
	d := cfg.damage
	scale := cfg.dpi / 300
	px := func(mm float64) float64 { return mm / 25.4 * cfg.dpi }
	adv := cfg.dpi / cfg.cpi
	if cfg.cpi == 0 {
		a, ok := face.GlyphAdvance('0')
		if !ok {
			return nil, fmt.Errorf("font has no digit zero")
		}
		adv = float64(a) / 64
	}
	lineH := cfg.spacing * cfg.dpi / 6
	left, top := px(cfg.margins.left), px(cfg.margins.top)
	right, bottom := float64(w)-px(cfg.margins.right), float64(h)-px(cfg.margins.bottom)
	ascent := float64(face.Metrics().Ascent) / 64

	ink := newPlane(w, h)
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), "\n")
	for li, line := range lines {
		baseY := top + ascent + float64(li)*lineH + rng.NormFloat64()*d.LineDrift*scale
		lineX := left + rng.NormFloat64()*d.LineDrift*scale
		if baseY > bottom {
			return nil, fmt.Errorf("line %d does not fit on the page (bottom margin)", li+1)
		}
		col := 0
		if cfg.proportional {
			if err := setLine(ink, face, line, lineX, baseY, right, d, scale, rng); err != nil {
				return nil, fmt.Errorf("line %d: %w", li+1, err)
			}
			continue
		}
		for _, r := range line {
			if r == '\t' {
				col = (col/8 + 1) * 8
				continue
			}
			x := lineX + float64(col)*adv
			col++
			if r == ' ' {
				continue
			}
			if x+adv > right+0.5*adv {
				return nil, fmt.Errorf("line %d is too long for the margins at column %d", li+1, col)
			}
			s := newStrike(x, baseY, d, scale, rng)
			if err := strikeGlyph(ink, face, r, s, d, scale, rng); err != nil {
				return nil, fmt.Errorf("line %d: %w", li+1, err)
			}
		}
	}
	return ink, nil
}

// setLine sets one line as print: each glyph advances by its own width plus
// the kerning with the one before it; a tab advances four spaces.
func setLine(ink *plane, face font.Face, line string, x, baseY, right float64, d Damage, scale float64, rng *rand.Rand) error {
	prev := rune(-1)
	for _, r := range line {
		if r == '\t' {
			r = ' '
			a, _ := face.GlyphAdvance(' ')
			x += 3 * float64(a) / 64
		}
		if prev >= 0 {
			x += float64(face.Kern(prev, r)) / 64
		}
		prev = r
		a, ok := face.GlyphAdvance(r)
		if !ok {
			return fmt.Errorf("font has no glyph for %q (U+%04X)", r, r)
		}
		adv := float64(a) / 64
		if r != ' ' {
			if x+adv > right {
				return fmt.Errorf("too long for the margins at %q", r)
			}
			s := newStrike(x, baseY, d, scale, rng)
			if err := strikeGlyph(ink, face, r, s, d, scale, rng); err != nil {
				return err
			}
		}
		x += adv
	}
	return nil
}

// strike is one key press: where the type lands and how it inks.
type strike struct {
	x, y   float64 // pen position (left of the cell, baseline), output pixels
	ink    float64 // ink amount
	tilt   float64 // ink gradient across the glyph
	tdir   float64 // direction of that gradient, radians
	breaks int     // broken strokes across the glyph
}

// strikeGlyph adds the glyph for r to the ink plane.
func strikeGlyph(ink *plane, face font.Face, r rune, s strike, d Damage, scale float64, rng *rand.Rand) error {
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(s.x * 64)), Y: fixed.Int26_6(math.Round(s.y * 64))}
	dr, mask, mp, _, ok := face.Glyph(dot, r)
	if !ok {
		return fmt.Errorf("font has no glyph for %q (U+%04X)", r, r)
	}
	type band struct{ cx, cy, sin, cos, half float64 }
	var bands []band
	for range s.breaks {
		a := (rng.Float64() - 0.5) * math.Pi / 2.5 // mostly horizontal, as worn type breaks
		bands = append(bands, band{
			cx:   float64(dr.Min.X) + rng.Float64()*float64(dr.Dx()),
			cy:   float64(dr.Min.Y) + (0.2+0.6*rng.Float64())*float64(dr.Dy()),
			sin:  math.Sin(a),
			cos:  math.Cos(a),
			half: (0.5 + 0.8*rng.Float64()) * scale,
		})
	}
	cov := glyphCoverage(dr, mask, mp, d.Bold*scale)
	cx, cy := float64(dr.Min.X+dr.Max.X)/2, float64(dr.Min.Y+dr.Max.Y)/2
	size := math.Max(1, float64(max(dr.Dx(), dr.Dy())))
	gx, gy := math.Cos(s.tdir)*s.tilt/size, math.Sin(s.tdir)*s.tilt/size
	gamma := 1 - d.Spread
	for y := cov.r.Min.Y; y < cov.r.Max.Y; y++ {
		if y < 0 || y >= ink.h {
			continue
		}
		for x := cov.r.Min.X; x < cov.r.Max.X; x++ {
			if x < 0 || x >= ink.w {
				continue
			}
			c := float64(cov.p[(y-cov.r.Min.Y)*cov.w+x-cov.r.Min.X])
			if c == 0 {
				continue
			}
			if gamma != 1 {
				c = math.Pow(c, gamma)
			}
			fx, fy := float64(x)+0.5, float64(y)+0.5
			v := c * s.ink * (1 + gx*(fx-cx) + gy*(fy-cy))
			for _, b := range bands {
				dist := math.Abs((fx-b.cx)*b.sin - (fy-b.cy)*b.cos)
				v *= smoothstep(b.half, b.half+0.8*scale, dist)
			}
			v = clamp(v, 0, 1)
			i := y*ink.w + x
			ink.p[i] = 1 - (1-ink.p[i])*float32(1-v)
		}
	}
	return nil
}

// coverage is a glyph's ink coverage (0..1) over the page rectangle r.
type coverage struct {
	r image.Rectangle
	w int
	p []float32
}

// glyphCoverage copies the glyph mask and, when bold > 0, dilates it by a disc of that radius
// in pixels: typewriter faces strike heavier than most digital monospace fonts.
func glyphCoverage(dr image.Rectangle, mask image.Image, mp image.Point, bold float64) coverage {
	pad := int(math.Ceil(bold))
	r := dr.Inset(-pad)
	c := coverage{r: r, w: r.Dx(), p: make([]float32, r.Dx()*r.Dy())}
	src := make([]float32, len(c.p))
	for y := dr.Min.Y; y < dr.Max.Y; y++ {
		for x := dr.Min.X; x < dr.Max.X; x++ {
			_, _, _, a := mask.At(mp.X+x-dr.Min.X, mp.Y+y-dr.Min.Y).RGBA()
			src[(y-r.Min.Y)*c.w+x-r.Min.X] = float32(a) / 0xFFFF
		}
	}
	if pad == 0 {
		c.p = src
		return c
	}
	type tap struct {
		dx, dy int
		w      float32
	}
	var taps []tap
	for dy := -pad; dy <= pad; dy++ {
		for dx := -pad; dx <= pad; dx++ {
			// Soft disc: full weight inside the radius, fading over the last pixel.
			wt := clamp(bold+0.5-math.Hypot(float64(dx), float64(dy)), 0, 1)
			if wt > 0 {
				taps = append(taps, tap{dx, dy, float32(wt)})
			}
		}
	}
	h := r.Dy()
	for y := 0; y < h; y++ {
		for x := 0; x < c.w; x++ {
			var m float32
			for _, t := range taps {
				xx, yy := x+t.dx, y+t.dy
				if xx >= 0 && xx < c.w && yy >= 0 && yy < h {
					m = max(m, src[yy*c.w+xx]*t.w)
				}
			}
			c.p[y*c.w+x] = m
		}
	}
	return c
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// smoothstep rises from 0 at e0 to 1 at e1.
func smoothstep(e0, e1, x float64) float64 {
	t := clamp((x-e0)/(e1-e0), 0, 1)
	return t * t * (3 - 2*t)
}

// gray converts a plane of gray levels to an image, rounding and clamping.
func gray(p *plane) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, p.w, p.h))
	for i, v := range p.p {
		img.Pix[i] = uint8(clamp(math.Round(float64(v)), 0, 255))
	}
	return img
}

// newStrike draws one key strike at x on the baseline baseY: its jitter,
// ink, tilt, a weak strike and broken strokes, as the damage d says. The
// draws come in a fixed order, so a seed makes the same page.
func newStrike(x, baseY float64, d Damage, scale float64, rng *rand.Rand) strike {
	s := strike{
		x:    x + rng.NormFloat64()*d.Jitter*scale,
		y:    baseY + rng.NormFloat64()*d.Baseline*scale,
		ink:  clamp(1+rng.NormFloat64()*d.Ink, 0.35, 1.3),
		tilt: rng.NormFloat64() * d.Tilt,
		tdir: rng.Float64() * 2 * math.Pi,
	}
	if rng.Float64() < d.Weak {
		s.ink = 0.3 + 0.3*rng.Float64()
	}
	if rng.Float64() < d.Break {
		s.breaks = 1 + rng.IntN(2)
	}
	return s
}
