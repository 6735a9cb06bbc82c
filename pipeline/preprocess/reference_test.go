package preprocess

import (
	"image"
	"math"
)

// The textbook forms of the pixel loops, kept as the oracles that the fast
// ones must match byte for byte (see filter_test.go): each is the
// definition written out directly, pixel by pixel, with no shortcut.

// refShrink is shrink by definition: each output pixel the rounded mean of
// the f×f block it covers (partial blocks at the edges average what they
// cover).
func refShrink(g *image.Gray, f int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	sw, sh := (w+f-1)/f, (h+f-1)/f
	dst := image.NewGray(image.Rect(0, 0, sw, sh))
	for sy := 0; sy < sh; sy++ {
		for sx := 0; sx < sw; sx++ {
			var sum, n uint32
			for y := sy * f; y < min((sy+1)*f, h); y++ {
				for x := sx * f; x < min((sx+1)*f, w); x++ {
					sum += uint32(g.Pix[y*g.Stride+x])
					n++
				}
			}
			dst.Pix[sy*dst.Stride+sx] = uint8((sum + n/2) / n)
		}
	}
	return dst
}

// refRankFilter is rankFilter by definition: the maximum (or minimum) of the
// (2r+1)² window clipped to the image, taken in a row pass and a column pass.
func refRankFilter(g *image.Gray, r int, takeMax bool) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	better := func(a, b uint8) bool { return a < b }
	if takeMax {
		better = func(a, b uint8) bool { return a > b }
	}
	tmp := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			best := g.Pix[y*g.Stride+x]
			for j := max(0, x-r); j <= min(w-1, x+r); j++ {
				if v := g.Pix[y*g.Stride+j]; better(v, best) {
					best = v
				}
			}
			tmp.Pix[y*w+x] = best
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			best := tmp.Pix[y*w+x]
			for j := max(0, y-r); j <= min(h-1, y+r); j++ {
				if v := tmp.Pix[j*w+x]; better(v, best) {
					best = v
				}
			}
			out.Pix[y*w+x] = best
		}
	}
	return out
}

// refBoxBlur is boxBlur by definition: a rounded mean over 2r+1 pixels with
// the edge pixels repeated, along rows, then along the columns of the result.
func refBoxBlur(g *image.Gray, r int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	n := uint32(2*r + 1)
	tmp := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s uint32
			for j := x - r; j <= x+r; j++ {
				s += uint32(g.Pix[y*g.Stride+min(max(j, 0), w-1)])
			}
			tmp.Pix[y*w+x] = uint8((s + n/2) / n)
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s uint32
			for j := y - r; j <= y+r; j++ {
				s += uint32(tmp.Pix[min(max(j, 0), h-1)*w+x])
			}
			out.Pix[y*w+x] = uint8((s + n/2) / n)
		}
	}
	return out
}

// refMedian3 is median3 by definition: the fifth of the nine values of the
// 3×3 window, edge pixels repeated.
func refMedian3(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if w < 3 || h < 3 {
		for y := 0; y < h; y++ {
			copy(out.Pix[y*w:(y+1)*w], g.Pix[y*g.Stride:])
		}
		return out
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var vs [9]uint8
			k := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					vs[k] = g.Pix[min(max(y+dy, 0), h-1)*g.Stride+min(max(x+dx, 0), w-1)]
					k++
				}
			}
			for i := 1; i < 9; i++ { // insertion sort
				for j := i; j > 0 && vs[j] < vs[j-1]; j-- {
					vs[j], vs[j-1] = vs[j-1], vs[j]
				}
			}
			out.Pix[y*w+x] = vs[4]
		}
	}
	return out
}

// refFlatten is flatten by definition: for each pixel the background
// interpolated bilinearly (in 1/256 of a background pixel) between the four
// nearest block centres, then 255·v/bg clipped; border pixels white.
func refFlatten(g *image.Gray, bg *image.Gray, f int, border []bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	bw, bh := bg.Rect.Dx(), bg.Rect.Dy()
	at := func(bx, by int) int32 {
		bx, by = min(max(bx, 0), bw-1), min(max(by, 0), bh-1)
		return max(int32(bg.Pix[by*bg.Stride+bx]), 1)
	}
	for y := 0; y < h; y++ {
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
			b := (top*(256-ty) + bot*ty) >> 8
			i := y*g.Stride + x
			if border != nil && border[min(y/f, bh-1)*bw+min(x/f, bw-1)] {
				g.Pix[i] = 255
				continue
			}
			g.Pix[i] = uint8(min(int32(g.Pix[i])*255*256/b, 255))
		}
	}
}

// refRotate is rotate by definition: each output pixel's centre mapped back
// by the inverse rotation (fixed point, 16 fractional bits) and the source
// interpolated bilinearly there (fill for pixels outside it), or fill where
// no source pixel is in reach.
func refRotate(g *image.Gray, deg float64, fill uint8) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	nw, nh := rotatedSize(w, h, deg)
	dst := image.NewGray(image.Rect(0, 0, nw, nh))
	const one = 1 << 16
	ic, is := fixedSinCos(deg)
	scx, scy := int64(w)*one/2, int64(h)*one/2
	px := func(x, y int64) int64 {
		if x < 0 || y < 0 || x >= int64(w) || y >= int64(h) {
			return int64(fill)
		}
		return int64(g.Pix[int(y)*g.Stride+int(x)])
	}
	for y := 0; y < nh; y++ {
		v := int64(2*y+1-nh) * one / 2
		u0 := int64(1-nw) * one / 2
		sx := scx + (u0*ic-v*is)>>16 - one/2
		sy := scy + (u0*is+v*ic)>>16 - one/2
		for x := 0; x < nw; x++ {
			ix, iy := sx>>16, sy>>16
			fx, fy := sx&(one-1), sy&(one-1)
			sx += ic
			sy += is
			if ix < -1 || iy < -1 || ix >= int64(w) || iy >= int64(h) {
				dst.Pix[y*nw+x] = fill // no source pixel in reach
				continue
			}
			top := px(ix, iy)*(one-fx) + px(ix+1, iy)*fx
			bot := px(ix, iy+1)*(one-fx) + px(ix+1, iy+1)*fx
			dst.Pix[y*nw+x] = uint8((top*((one-fy)>>8) + bot*(fy>>8) + 1<<23) >> 24)
		}
	}
	return dst
}

// refSauvola is sauvola by definition: for each pixel the mean m and
// standard deviation s of its (2r+1)² window clipped to the image, in
// float64, and ink where v < m·(1 + k·(s/128 − 1)).
func refSauvola(g *image.Gray, r int, k float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s, q uint64
			y0, y1, x0, x1 := max(y-r, 0), min(y+r, h-1), max(x-r, 0), min(x+r, w-1)
			for j := y0; j <= y1; j++ {
				for i := x0; i <= x1; i++ {
					v := uint64(g.Pix[j*g.Stride+i])
					s += v
					q += v * v
				}
			}
			n := float64(uint64(y1-y0+1) * uint64(x1-x0+1))
			m := float64(s) / n
			variance := float64(q)/n - float64(m*m)
			std := math.Sqrt(max(variance, 0))
			t := float64(m * float64(1+float64(k*float64(std/128-1))))
			out.Pix[y*w+x] = inkOr(float64(g.Pix[y*g.Stride+x]) < t)
		}
	}
	return out
}

// refKeepLargest is keepLargest by flood filling: every unmarked pixel,
// in row order, starts a 4-connected region unless already in one; the
// first of the largest regions stays unmarked, the rest is marked.
func refKeepLargest(mask []bool, w, h int) int {
	region := make([]int32, len(mask)) // 0 unvisited, -1 marked, else region id
	for i, m := range mask {
		if m {
			region[i] = -1
		}
	}
	var id, best int32
	bestSize := 0
	for i := range region {
		if region[i] != 0 {
			continue
		}
		id++
		region[i] = id
		size, stack := 1, []int{i}
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := j%w, j/w
			for _, n := range [][3]int{{x - 1, y, j - 1}, {x + 1, y, j + 1}, {x, y - 1, j - w}, {x, y + 1, j + w}} {
				if n[0] >= 0 && n[0] < w && n[1] >= 0 && n[1] < h && region[n[2]] == 0 {
					region[n[2]] = id
					size++
					stack = append(stack, n[2])
				}
			}
		}
		if size > bestSize {
			best, bestSize = id, size
		}
	}
	covered := 0
	for i := range mask {
		mask[i] = region[i] != best
		if mask[i] {
			covered++
		}
	}
	return covered
}

// refHistogram counts the gray levels of g one pixel at a time.
func refHistogram(g *image.Gray) [256]int {
	var hist [256]int
	for y := 0; y < g.Rect.Dy(); y++ {
		for x := 0; x < g.Rect.Dx(); x++ {
			hist[g.Pix[y*g.Stride+x]]++
		}
	}
	return hist
}
