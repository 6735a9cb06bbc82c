package preprocess

import (
	"image"
	"math"
)

// removeDust paints white, on the binarised page bin (0 ink), the
// components whose bounding box is no larger than size x-heights either way
// and that stand more than gap x-heights from every larger component, and
// returns how many it removed. xh is the x-height in pixels of bin.
func removeDust(bin *image.Gray, xh, size, gap float64) int {
	comps := components(bin, 0)
	lim := size * xh
	dust := func(c comp) bool { return float64(max(c.w(), c.h())) <= lim }
	d := gap * xh
	// Larger marks filed under every cell their box, grown by d, touches.
	big := newGrid(bin.Rect, xh)
	for i, c := range comps {
		if !dust(c) {
			big.add(i, float64(c.X0)-d, float64(c.Y0)-d, float64(c.X1)+d, float64(c.Y1)+d)
		}
	}
	n := 0
	for _, c := range comps {
		if !dust(c) {
			continue
		}
		cx, cy := center(c)
		near := false
		for _, j := range big.at(cx, cy) {
			b := comps[j]
			dx := math.Max(float64(max(b.X0-c.X1, c.X0-b.X1)), 0)
			dy := math.Max(float64(max(b.Y0-c.Y1, c.Y0-b.Y1)), 0)
			if dx <= d && dy <= d {
				near = true
				break
			}
		}
		if !near {
			fill(bin, image.Rect(c.X0, c.Y0, c.X1, c.Y1), 255)
			n++
		}
	}
	return n
}
