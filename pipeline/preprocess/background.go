package preprocess

import "image"

// estimateBackground returns the paper brightness of the shrunk page s: a
// grey-level closing (max filter, then min filter, radius r) that fills in
// everything darker and smaller than the window (text), then a box blur of
// the same radius so the estimate varies smoothly.
func estimateBackground(s *image.Gray, r int) *image.Gray {
	return boxBlur(rankFilter(rankFilter(s, r, true), r, false), r)
}

// flatten divides g in place by the background bg (estimated on g shrunk by
// f), interpolated bilinearly between block centres, so paper maps to white
// whatever the lighting: v' = 255·v/bg, clipped. Pixels where border is set
// (one flag per bg pixel) become white.
func flatten(g *image.Gray, bg *image.Gray, f int, border []bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	bw, bh := bg.Rect.Dx(), bg.Rect.Dy()
	// Fixed point: coordinates in 1/256 of a background pixel.
	at := func(bx, by int) int32 {
		bx, by = min(max(bx, 0), bw-1), min(max(by, 0), bh-1)
		return max(int32(bg.Pix[by*bg.Stride+bx]), 1)
	}
	row := make([]int32, w) // background for this row, ×256
	for y := 0; y < h; y++ {
		// Position of the pixel centre in background-pixel units, minus the
		// half pixel that puts block centres on integers.
		fy := ((2*y+1)*256)/(2*f) - 128
		by := fy >> 8
		if fy < 0 {
			by = -1
		}
		ty := int32(fy - by*256)
		for x := 0; x < w; x++ {
			fx := ((2*x+1)*256)/(2*f) - 128
			bx := fx >> 8
			if fx < 0 {
				bx = -1
			}
			tx := int32(fx - bx*256)
			top := at(bx, by)*(256-tx) + at(bx+1, by)*tx
			bot := at(bx, by+1)*(256-tx) + at(bx+1, by+1)*tx
			row[x] = (top*(256-ty) + bot*ty) >> 8 // background ×256
		}
		pix := g.Pix[y*g.Stride : y*g.Stride+w]
		var brow []bool
		if border != nil {
			brow = border[min(y/f, bh-1)*bw:]
		}
		for x, v := range pix {
			if brow != nil && brow[min(x/f, bw-1)] {
				pix[x] = 255
				continue
			}
			q := int32(v) * 255 * 256 / row[x]
			pix[x] = uint8(min(q, 255))
		}
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
