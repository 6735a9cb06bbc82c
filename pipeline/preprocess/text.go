package preprocess

import (
	"image"
	"math"
)

// xHeight estimates the height of a lowercase letter from the components of
// a page: the median height of the character-like ones. Most Cyrillic (and
// Latin) lowercase letters have no ascender or descender, so the median sits
// on the x-height; broken strokes pull it down a little, capitals up. It is
// 0 when the page shows fewer than 20 character-like components.
func xHeight(comps []comp) float64 {
	var hs []int
	for _, c := range comps {
		// At least 4 pixels tall, not much wider than tall (not a rule or a
		// smear), not a sliver.
		if c.h() >= 4 && c.w() <= 3*c.h() && c.w() >= 2 && c.Area*5 >= c.w()*c.h() {
			hs = append(hs, c.h())
		}
	}
	if len(hs) < 20 {
		return 0
	}
	m := medianInt(hs)
	// Second pass: only components of plausible letter size around that first
	// estimate, which drops specks, dots and big marks.
	var hs2 []int
	for _, h := range hs {
		if 2*h >= m && h <= 3*m {
			hs2 = append(hs2, h)
		}
	}
	if len(hs2) < 20 {
		return float64(m)
	}
	return float64(medianInt(hs2))
}

// isChar reports whether c has the size of a character for x-height xh.
func isChar(c comp, xh float64) bool {
	h, w := float64(c.h()), float64(c.w())
	return h >= 0.5*xh && h <= 3*xh && w <= 4*xh && w >= 0.1*xh
}

// baselinePoints returns the bottom middle of every character-sized
// component: on a text line these sit on the baseline (descenders aside).
func baselinePoints(comps []comp, xh float64) []point {
	var pts []point
	for _, c := range comps {
		if isChar(c, xh) {
			pts = append(pts, point{x: float64(c.X0+c.X1) / 2, y: float64(c.Y1)})
		}
	}
	return pts
}

// grid buckets component indices by cell for neighbourhood queries.
type grid struct {
	cell  float64
	w, h  int
	cells [][]int32
}

func newGrid(bounds image.Rectangle, cell float64) *grid {
	cell = math.Max(cell, 1)
	w := int(float64(bounds.Max.X)/cell) + 1
	h := int(float64(bounds.Max.Y)/cell) + 1
	return &grid{cell: cell, w: w, h: h, cells: make([][]int32, w*h)}
}

func (g *grid) index(x, y float64) (int, int) {
	cx := min(max(int(x/g.cell), 0), g.w-1)
	cy := min(max(int(y/g.cell), 0), g.h-1)
	return cx, cy
}

// add files i under every cell the rectangle touches.
func (g *grid) add(i int, x0, y0, x1, y1 float64) {
	ax, ay := g.index(x0, y0)
	bx, by := g.index(x1, y1)
	for y := ay; y <= by; y++ {
		for x := ax; x <= bx; x++ {
			g.cells[y*g.w+x] = append(g.cells[y*g.w+x], int32(i))
		}
	}
}

func (g *grid) at(x, y float64) []int32 {
	cx, cy := g.index(x, y)
	return g.cells[cy*g.w+cx]
}

// findSpecks returns the small components (a bounding box no larger than
// maxSize x-heights either way) that stand alone: no larger mark within reach
// x-heights across or a third of that (at least 0.4) up or down, which keeps
// full stops, commas, the dots of ё and й and the ring of №, and fewer than
// two other small marks within 0.6 x-heights, which keeps the fragments of a
// broken letter. Dots inside a line are left alone: telling a misplaced dot
// from a fragment of a faded letter broke more letters than it saved.
//
// Punctuation gets more room: a small mark on the baseline of a letter that
// ends up to punct x-heights before it (a full stop or comma after a narrow
// letter or a bracket sits that far away in a monospaced face) is kept, and
// so is a small mark right above such a mark (the upper dot of a colon or
// semicolon).
func findSpecks(comps []comp, xh, maxSize, reach, punct float64) []comp {
	lim := maxSize * xh
	small := func(c comp) bool { return float64(max(c.w(), c.h())) <= lim }
	dx, dy := reach*xh, max(reach/3, 0.4)*xh
	bounds := image.Rectangle{}
	for _, c := range comps {
		bounds.Max.X = max(bounds.Max.X, c.X1)
		bounds.Max.Y = max(bounds.Max.Y, c.Y1)
	}
	big := newGrid(bounds, xh)
	tiny := newGrid(bounds, xh)
	for i, c := range comps {
		if small(c) {
			cx, cy := center(c)
			tiny.add(i, cx, cy, cx, cy)
		} else {
			big.add(i, float64(c.X0)-dx, float64(c.Y0)-dy, float64(c.X1)+dx, float64(c.Y1)+dy)
		}
	}
	// Letters filed under their bottom right corner, for punctuation.
	letters := newGrid(bounds, xh)
	for i, c := range comps {
		if !small(c) && isChar(c, xh) {
			letters.add(i, float64(c.X1), float64(c.Y1), float64(c.X1), float64(c.Y1))
		}
	}
	// afterLetter: the mark centred at (cx, cy) sits on the baseline after a
	// letter (its centre from 0.6 x-heights above the letter's bottom, which
	// lets a descender's bottom through, to 0.3 below, for commas).
	afterLetter := func(cx, cy float64) bool {
		ax, ay := letters.index(cx-punct*xh, cy-0.3*xh)
		bx, by := letters.index(cx+punct*xh, cy+0.6*xh)
		for y := ay; y <= by; y++ {
			for x := ax; x <= bx; x++ {
				for _, j := range letters.cells[y*letters.w+x] {
					b := comps[j]
					bx1, by1 := float64(b.X1), float64(b.Y1)
					if cx >= float64(b.X0+b.X1)/2 && cx-bx1 <= punct*xh && cy >= by1-0.6*xh && cy <= by1+0.3*xh {
						return true
					}
				}
			}
		}
		return false
	}
	var out []comp
	var punctMarks []comp // small marks kept as punctuation on a baseline
	for i, c := range comps {
		if !small(c) {
			continue
		}
		cx, cy := center(c)
		near := false
		for _, j := range big.at(cx, cy) {
			b := comps[j]
			if cx >= float64(b.X0)-dx && cx <= float64(b.X1)+dx && cy >= float64(b.Y0)-dy && cy <= float64(b.Y1)+dy {
				near = true
				break
			}
		}
		if near {
			continue
		}
		// Other small marks close by: fragments of one broken letter.
		n := 0
		r := 0.6 * xh
		ax, ay := tiny.index(cx-r, cy-r)
		bx, by := tiny.index(cx+r, cy+r)
		for y := ay; y <= by; y++ {
			for x := ax; x <= bx; x++ {
				for _, j := range tiny.cells[y*tiny.w+x] {
					ox, oy := center(comps[j])
					if int(j) != i && math.Abs(ox-cx) <= r && math.Abs(oy-cy) <= r {
						n++
					}
				}
			}
		}
		if n >= 2 {
			continue
		}
		if punct > 0 && float64(min(c.w(), c.h())) >= 0.2*xh && float64(max(c.w(), c.h())) >= 0.25*xh && afterLetter(cx, cy) {
			punctMarks = append(punctMarks, c)
			continue
		}
		out = append(out, c)
	}
	// The upper dot of a colon or a semicolon: right above a kept mark.
	kept := out[:0]
	for _, c := range out {
		cx, cy := center(c)
		above := false
		for _, p := range punctMarks {
			px, py := center(p)
			if math.Abs(px-cx) <= 0.3*xh && py-cy >= 0.3*xh && py-cy <= 1.2*xh {
				above = true
				break
			}
		}
		if !above {
			kept = append(kept, c)
		}
	}
	return kept
}

func center(c comp) (float64, float64) {
	return float64(c.X0+c.X1) / 2, float64(c.Y0+c.Y1) / 2
}

// textBox returns the bounding box of the page's text. Text is every letter-sized component (0.6 to 2.5
// x-heights tall, at least 0.3 wide) with another one beside it on the same
// line, no more than 1.5 x-heights away: words, numbers and signatures
// count, while specks, rules, frames, stains and the striped edges of other
// pages do not. It returns false when no text is found.
func textBox(comps []comp, xh float64, bounds image.Rectangle) (image.Rectangle, bool) {
	letter := func(c comp) bool {
		h, w := float64(c.h()), float64(c.w())
		return h >= 0.6*xh && h <= 2.5*xh && w >= 0.3*xh && w <= 3*xh
	}
	g := newGrid(bounds, 2*xh)
	for i, c := range comps {
		if letter(c) {
			cx, cy := center(c)
			g.add(i, cx, cy, cx, cy)
		}
	}
	var r image.Rectangle
	found := false
	for i, c := range comps {
		if !letter(c) {
			continue
		}
		_, cy := center(c)
		beside := false
		for _, x := range []float64{float64(c.X0) - xh, float64(c.X1) + xh} {
			for _, j := range g.at(x, cy) {
				o := comps[j]
				if int(j) == i {
					continue
				}
				_, oy := center(o)
				gap := max(o.X0-c.X1, c.X0-o.X1)
				if math.Abs(oy-cy) <= 0.5*xh && float64(gap) <= 1.5*xh {
					beside = true
					break
				}
			}
			if beside {
				break
			}
		}
		if !beside {
			continue
		}
		cr := image.Rect(c.X0, c.Y0, c.X1, c.Y1)
		if !found {
			r, found = cr, true
		} else {
			r = r.Union(cr)
		}
	}
	return r, found
}

// lineBox returns the box of one line of text (box, found by textBox) grown
// to every mark no taller than 2.5 x-heights that reaches into the line's
// height: a word, a bracket or a punctuation mark the letter test left out
// belongs to the line, and a crop must not cut it off.
func lineBox(comps []comp, box image.Rectangle, xh float64) image.Rectangle {
	out := box
	for _, c := range comps {
		if float64(c.h()) <= 2.5*xh && c.Y0 < box.Max.Y && c.Y1 > box.Min.Y {
			out = out.Union(image.Rect(c.X0, c.Y0, c.X1, c.Y1))
		}
	}
	return out
}
