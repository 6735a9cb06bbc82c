package preprocess

import "image"

// findBorder marks the pixels of the shrunk page s that are not paper: the
// dark scanner bed, a neighbouring page or a binding shadow seen at the edges.
// Pixels darker than thr are flooded from the image edge (text is left alone
// because at this scale a character is a grey smudge that no dark path joins
// to the edge); then only the largest region left is the page, so light
// islands cut off by a dark frame (the edge of the facing page) go too. The
// mask is grown by grow pixels so that no dark fringe survives the block
// boundary. It returns the mask (one flag per pixel of s, nil when nothing
// was found) and the fraction of the page it covers.
func findBorder(s *image.Gray, thr uint8, grow int) ([]bool, float64) {
	w, h := s.Rect.Dx(), s.Rect.Dy()
	n := w * h
	mask := make([]bool, n)
	dark := func(i int) bool { return s.Pix[(i/w)*s.Stride+i%w] < thr }
	var stack []int
	push := func(i int) {
		if !mask[i] && dark(i) {
			mask[i] = true
			stack = append(stack, i)
		}
	}
	for x := 0; x < w; x++ {
		push(x)
		push((h-1)*w + x)
	}
	for y := 0; y < h; y++ {
		push(y * w)
		push(y*w + w - 1)
	}
	flood := func(each func(i int)) {
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			if x > 0 {
				each(i - 1)
			}
			if x < w-1 {
				each(i + 1)
			}
			if y > 0 {
				each(i - w)
			}
			if y < h-1 {
				each(i + w)
			}
		}
	}
	flood(push)
	// Keep the largest 4-connected region that is not border; the rest is border.
	region := make([]int32, n) // 0 unvisited, -1 border, else region id
	bestID, bestSize := int32(0), 0
	var id int32
	for i := range mask {
		if mask[i] {
			region[i] = -1
		}
	}
	for i := 0; i < n; i++ {
		if region[i] != 0 {
			continue
		}
		id++
		size := 0
		region[i] = id
		stack = append(stack[:0], i)
		flood(func(j int) {
			if region[j] == 0 {
				region[j] = id
				size++
				stack = append(stack, j)
			}
		})
		size++
		if size > bestSize {
			bestID, bestSize = id, size
		}
	}
	covered := 0
	for i := range mask {
		mask[i] = region[i] != bestID
		if mask[i] {
			covered++
		}
	}
	if covered == 0 {
		return nil, 0
	}
	// Grow the border into the page a little.
	for k := 0; k < grow; k++ {
		next := append([]bool(nil), mask...)
		for i := range mask {
			if mask[i] {
				continue
			}
			x, y := i%w, i/w
			if (x > 0 && mask[i-1]) || (x < w-1 && mask[i+1]) || (y > 0 && mask[i-w]) || (y < h-1 && mask[i+w]) {
				next[i] = true
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
