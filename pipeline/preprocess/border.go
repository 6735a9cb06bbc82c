package preprocess

import "image"

// findBorder marks the pixels of the shrunk page s that are not paper: the
// dark scanner bed, a neighbouring page or a binding shadow seen at the edges.
// Pixels darker than black are flooded from the image edge and taken
// whatever they hold. Then pixels darker than thr are flooded the same way,
// one region per seed, and a region that holds text (more than 2 % of its pixels clearly darker
// than their surroundings, bg being s with the text closed away) is a dim part
// of the page, not a border, and is left alone. A true scanner bed or
// binding is featureless, and at this scale a character on the page is a grey
// smudge that no dark path joins to the edge. Then only the largest region
// left is the page, so light islands cut off by a dark frame (the edge of
// the facing page) go too. The mask is grown by grow pixels so that no dark
// fringe survives the block boundary. It returns the mask (one flag per pixel
// of s, nil when nothing was found) and the fraction of the image it covers.
func findBorder(s, bg *image.Gray, black, thr, contrast uint8, grow int) ([]bool, float64) {
	w, h := s.Rect.Dx(), s.Rect.Dy()
	n := w * h
	mask := make([]bool, n)
	seen := make([]bool, n)
	level := black
	dark := func(i int) bool { return s.Pix[i] < level } // shrink's stride is its width
	// The flood keeps each pixel's coordinates beside its index.
	type px struct{ i, x, y int32 }
	var stack []px
	var members []int
	flood := func(each func(i, x, y int)) {
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			i, x, y := int(p.i), int(p.x), int(p.y)
			if x > 0 {
				each(i-1, x-1, y)
			}
			if x < w-1 {
				each(i+1, x+1, y)
			}
			if y > 0 {
				each(i-w, x, y-1)
			}
			if y < h-1 {
				each(i+w, x, y+1)
			}
		}
	}
	visit := func(i, x, y int) {
		if !seen[i] && dark(i) {
			seen[i] = true
			stack = append(stack, px{int32(i), int32(x), int32(y)})
			members = append(members, i)
		}
	}
	seed := func(x, y int) {
		i := y*w + x
		if seen[i] || !dark(i) {
			return
		}
		members = members[:0]
		visit(i, x, y)
		flood(visit)
		inky := 0
		for _, j := range members {
			if level == black {
				break
			}
			if int(s.Pix[j])+int(contrast) < int(bg.Pix[j]) {
				inky++
			}
		}
		if inky*50 > len(members) {
			return // text on a dim page
		}
		for _, j := range members {
			mask[j] = true
		}
	}
	// First what is black whatever it holds, then what is dark and bare.
	for _, level = range []uint8{black, thr} {
		copy(seen, mask)
		for x := 0; x < w; x++ {
			seed(x, 0)
			seed(x, h-1)
		}
		for y := 0; y < h; y++ {
			seed(0, y)
			seed(w-1, y)
		}
	}
	// Keep the largest 4-connected region that is not border; the rest is border.
	covered := keepLargest(mask, w, h)
	if covered == 0 {
		return nil, 0
	}
	// Grow the border into the page a little.
	for k := 0; k < grow; k++ {
		next := append([]bool(nil), mask...)
		for y := range h {
			for x := range w {
				i := y*w + x
				if !mask[i] && ((x > 0 && mask[i-1]) || (x < w-1 && mask[i+1]) || (y > 0 && mask[i-w]) || (y < h-1 && mask[i+w])) {
					next[i] = true
				}
			}
		}
		mask = next
	}
	covered = 0
	for _, b := range mask {
		if b {
			covered++
		}
	}
	return mask, float64(covered) / float64(n)
}

// keepLargest marks in mask (w×h, one flag per pixel) every unmarked pixel
// outside the largest 4-connected region of unmarked pixels (of two as
// large, the one whose first pixel comes first, row by row), and returns
// how many pixels are marked then. It labels runs of unmarked pixels with
// union-find, as components does.
func keepLargest(mask []bool, w, h int) int {
	type span struct {
		y, x0, x1 int32 // [x0, x1) on row y
		label     int32
	}
	var runs []span
	var parent []int32
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	prev := 0 // first run of the previous row
	for y := range h {
		row := mask[y*w : (y+1)*w]
		start := len(runs)
		j := prev
		for x := 0; x < w; {
			if row[x] {
				x++
				continue
			}
			x0 := x
			for x < w && !row[x] {
				x++
			}
			r := span{y: int32(y), x0: int32(x0), x1: int32(x), label: -1}
			// Runs of the row above that share a column (no diagonals).
			for j < start && runs[j].x1 <= r.x0 {
				j++
			}
			for k := j; k < start && runs[k].x0 < r.x1; k++ {
				if r.label < 0 {
					r.label = find(runs[k].label)
					continue
				}
				a, b := find(r.label), find(runs[k].label)
				parent[max(a, b)] = min(a, b)
				r.label = min(a, b)
			}
			if r.label < 0 {
				r.label = int32(len(parent))
				parent = append(parent, r.label)
			}
			runs = append(runs, r)
		}
		prev = start
	}
	size := make([]int, len(parent))
	for _, r := range runs {
		size[find(r.label)] += int(r.x1 - r.x0)
	}
	best := int32(-1)
	for i, n := range size { // roots in order of their first pixel
		if best < 0 || n > size[best] {
			best = int32(i)
		}
	}
	covered := w * h
	for _, r := range runs {
		if find(r.label) == best {
			covered -= int(r.x1 - r.x0)
			continue
		}
		row := mask[int(r.y)*w:]
		for x := r.x0; x < r.x1; x++ {
			row[x] = true
		}
	}
	return covered
}
