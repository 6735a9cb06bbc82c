package preprocess

import (
	"image"
	"sync"
)

// closing fills in everything darker and smaller than the window on the
// shrunk page s, text above all: a grey-level closing (max filter, then min
// filter, radius r). Blurred by a box of the same radius, so that it varies
// smoothly, it is the paper's brightness that flatten divides by.
func closing(s *image.Gray, r int) *image.Gray {
	return rankFilter(rankFilter(s, r, true), r, false)
}

// flatten returns g divided by the background bg (estimated on g shrunk by
// f), interpolated bilinearly between block centres, so paper maps to white
// whatever the lighting: v' = 255·v/bg, clipped. Pixels where border is set
// (one flag per bg pixel) become white. It also returns the histogram of
// the result, counted as each row is made.
//
// The interpolation is in fixed point (1/256 of a background pixel) and
// separable: each row of bg is interpolated along x once, to the page's
// width, and each page row between the two such rows around it. The
// division multiplies by the background's reciprocal from a table (exact,
// see reciprocals).
func flatten(g *image.Gray, bg *image.Gray, f int, border []bool) (*image.Gray, [256]int) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	var count levelCount
	bw, bh := bg.Rect.Dx(), bg.Rect.Dy()
	// Position of a pixel centre in background-pixel units, minus the half
	// pixel that puts block centres on integers: the cell at or before it
	// (-1 before the first centre) and its weight towards the next.
	cell := func(i int) (int, int32) {
		fi := ((2*i+1)*256)/(2*f) - 128
		b := fi >> 8
		if fi < 0 {
			b = -1
		}
		return b, int32(fi - b*256)
	}
	// Along x, the pixels fall into stretches between two neighbouring
	// block centres (clamped at the ends): stretch k covers columns
	// [first[k], first[k+1]) and lies between bg columns k-1 and k.
	txs := make([]int32, w)
	first := make([]int, 0, bw+2)
	for x := range w {
		b, t := cell(x) // in stretch b+1
		for len(first) <= b+1 {
			first = append(first, x)
		}
		txs[x] = t
	}
	for len(first) < bw+2 {
		first = append(first, w)
	}
	// along holds two rows of bg interpolated along x (×256): rows by[0]
	// and by[1]. A page row needs the two around it; they change every f
	// rows, and the second becomes the next row's first.
	along := [2][]int32{make([]int32, w), make([]int32, w)}
	by := [2]int{-1, -1}
	alongRow := func(row, keep int) []int32 {
		for k := range by {
			if by[k] == row {
				return along[k]
			}
		}
		k := 0
		if by[0] == keep {
			k = 1
		}
		src := bg.Pix[row*bg.Stride : row*bg.Stride+bw]
		for j := 0; j+1 < len(first); j++ {
			a := max(int32(src[min(max(j-1, 0), bw-1)]), 1)
			b := max(int32(src[min(j, bw-1)]), 1)
			dst, ts := along[k][first[j]:first[j+1]], txs[first[j]:first[j+1]]
			for x, t := range ts {
				dst[x] = a*(256-t) + b*t
			}
		}
		by[k] = row
		return along[k]
	}
	rec := reciprocals()
	for y := 0; y < h; y++ {
		b, ty := cell(y)
		y0, y1 := min(max(b, 0), bh-1), min(b+1, bh-1)
		pix := out.Pix[y*w : (y+1)*w]
		divideRow(pix, g.Pix[y*g.Stride:y*g.Stride+w], alongRow(y0, y1), alongRow(y1, y0), ty, rec)
		if border != nil {
			for bx, b := range border[y/f*bw:][:bw] {
				if b {
					clear255(pix[bx*f : min(bx*f+f, w)])
				}
			}
		}
		count.add(pix)
	}
	return out, count.total()
}

// divideRow divides the pixels of a row, src, by the background between the
// rows top and bot (interpolated along x, ×256) with weight ty towards bot,
// into dst.
func divideRow(dst, src []uint8, top, bot []int32, ty int32, rec []uint64) {
	k := divideVec(dst, src, top, bot, ty)
	dst, src, top, bot = dst[k:], src[k:len(dst)], top[k:len(dst)], bot[k:len(dst)]
	wt := 256 - ty
	for x, v := range src {
		bgx := (top[x]*wt + bot[x]*ty) >> 8 // background ×256, 256..65280
		q := uint64(v) * rec[bgx] >> 40
		dst[x] = uint8(min(q, 255))
	}
}

// reciprocals returns 65280·m[d] with m[d] = ⌊2⁴⁰/d⌋ + 1, for d up to
// 65280, so that ⌊v·65280·m[d] / 2⁴⁰⌋ = ⌊v·65280/d⌋: for n·d < 2⁴⁰,
// ⌊n·m[d] / 2⁴⁰⌋ = ⌊n/d⌋ (Granlund and Montgomery 1994), and flatten's
// n = v·65280 and d = background×256 stay under 2²⁴ and 2¹⁶ (the
// products under 2⁵⁶). A multiplication by a table entry costs a fraction
// of a division, and the background varies slowly, so consecutive pixels
// read nearby entries.
var reciprocals = sync.OnceValue(func() []uint64 {
	m := make([]uint64, 255*256+1)
	for d := 1; d < len(m); d++ {
		m[d] = 255 * 256 * (1<<40/uint64(d) + 1)
	}
	return m
})

// clear255 sets every byte of b to 255.
func clear255(b []uint8) {
	for i := range b {
		b[i] = 255
	}
}

// stretch maps the level ink to inkTo (dark) and paper to white linearly,
// clipping outside, in place.
func stretch(g *image.Gray, ink, paper, inkTo uint8) {
	if paper <= ink+1 {
		return
	}
	var lut [256]uint8
	span := int(paper) - int(ink)
	for v := range lut {
		// 255 - (paper-v)·(255-inkTo)/span, rounded
		d := (int(paper) - v) * (255 - int(inkTo))
		lut[v] = uint8(min(max(255-(d+span/2)/span, 0), 255))
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for x, v := range row {
			row[x] = lut[v]
		}
	}
}
