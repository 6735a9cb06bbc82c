package preprocess

import "image"

// twoLevels reports whether g holds two grey levels at most, and which: a
// bilevel scan (a 1-bit TIFF or PNG, a fax, a page the scanner thresholded).
// It stops at the third level it meets, which on a grey page is within its
// first few pixels. lo and hi are equal on a page of one level.
func twoLevels(g *image.Gray) (lo, hi uint8, ok bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w == 0 || h == 0 {
		return 0, 0, false
	}
	a := g.Pix[0]
	b := a
	for y := 0; y < h; y++ {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v != a && v != b {
				if a != b {
					return 0, 0, false
				}
				b = v
			}
		}
	}
	return min(a, b), max(a, b), true
}

// lonePixels measures the pixel noise of a bilevel page g whose ink is the
// level ink: the pixels of either level with none of their own level among
// their eight neighbours (specks of one pixel, pinholes), as a share of the
// ink pixels. A clean scan of print has almost none; salt-and-pepper noise
// many. The image's edge counts as paper.
func lonePixels(g *image.Gray, ink uint8) float64 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	at := func(x, y int) bool { // ink?
		if x < 0 || y < 0 || x >= w || y >= h {
			return false
		}
		return g.Pix[y*g.Stride+x] == ink
	}
	inks, lone := 0, 0
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for x, v := range row {
			isInk := v == ink
			if isInk {
				inks++
			}
			// the common case first: a pixel with a like neighbour to its
			// left or right is not alone
			if (x > 0 && (row[x-1] == ink) == isInk) || (x+1 < w && (row[x+1] == ink) == isInk) {
				continue
			}
			alone := true
			for dy := -1; dy <= 1 && alone; dy += 2 {
				for dx := -1; dx <= 1; dx++ {
					if at(x+dx, y+dy) == isInk {
						alone = false
						break
					}
				}
			}
			if alone && (isInk || (x > 0 && y > 0 && x+1 < w && y+1 < h)) {
				lone++
			}
		}
	}
	if inks == 0 {
		return 0
	}
	return float64(lone) / float64(inks)
}
