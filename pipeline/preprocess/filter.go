package preprocess

import (
	"image"
	"sort"
)

// shrink reduces g by an integer factor f, each output pixel the mean of an
// f×f block (partial blocks at the right and bottom edges average what they
// cover). Box averaging also lowers pixel noise by a factor f, which is what
// the analysis steps want.
func shrink(g *image.Gray, f int) *image.Gray {
	if f <= 1 {
		return cloneGray(g)
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	sw, sh := (w+f-1)/f, (h+f-1)/f
	dst := image.NewGray(image.Rect(0, 0, sw, sh))
	sum := make([]uint32, sw)
	cnt := make([]uint32, sw)
	for sy := 0; sy < sh; sy++ {
		clear(sum)
		clear(cnt)
		for y := sy * f; y < min((sy+1)*f, h); y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			for x, v := range row {
				sum[x/f] += uint32(v)
				cnt[x/f]++
			}
		}
		out := dst.Pix[sy*dst.Stride : sy*dst.Stride+sw]
		for i := range out {
			out[i] = uint8((sum[i] + cnt[i]/2) / cnt[i])
		}
	}
	return dst
}

func cloneGray(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	dst := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		copy(dst.Pix[y*w:(y+1)*w], g.Pix[y*g.Stride:y*g.Stride+w])
	}
	return dst
}

// rankFilter applies a separable max (takeMax) or min filter of radius r: a
// square (2r+1)² window, done as a row pass then a column pass.
func rankFilter(g *image.Gray, r int, takeMax bool) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	tmp := image.NewGray(image.Rect(0, 0, w, h))
	better := func(a, b uint8) bool { return a < b }
	if takeMax {
		better = func(a, b uint8) bool { return a > b }
	}
	line := func(get func(int) uint8, set func(int, uint8), n int) {
		for i := 0; i < n; i++ {
			best := get(i)
			for j := max(0, i-r); j <= min(n-1, i+r); j++ {
				if v := get(j); better(v, best) {
					best = v
				}
			}
			set(i, best)
		}
	}
	for y := 0; y < h; y++ {
		src, dst := g.Pix[y*g.Stride:], tmp.Pix[y*tmp.Stride:]
		line(func(i int) uint8 { return src[i] }, func(i int, v uint8) { dst[i] = v }, w)
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		line(func(i int) uint8 { return tmp.Pix[i*tmp.Stride+x] },
			func(i int, v uint8) { out.Pix[i*out.Stride+x] = v }, h)
	}
	return out
}

// boxBlur is a separable mean filter of radius r with edge pixels repeated.
func boxBlur(g *image.Gray, r int) *image.Gray {
	if r <= 0 {
		return cloneGray(g)
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	n := uint32(2*r + 1)
	tmp := image.NewGray(image.Rect(0, 0, w, h))
	pass := func(get func(int) uint8, set func(int, uint8), length int) {
		clampi := func(i int) int { return min(max(i, 0), length-1) }
		var s uint32
		for j := -r; j <= r; j++ {
			s += uint32(get(clampi(j)))
		}
		for i := 0; i < length; i++ {
			set(i, uint8((s+n/2)/n))
			s += uint32(get(clampi(i + r + 1)))
			s -= uint32(get(clampi(i - r)))
		}
	}
	for y := 0; y < h; y++ {
		src, dst := g.Pix[y*g.Stride:], tmp.Pix[y*tmp.Stride:]
		pass(func(i int) uint8 { return src[i] }, func(i int, v uint8) { dst[i] = v }, w)
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		pass(func(i int) uint8 { return tmp.Pix[i*tmp.Stride+x] },
			func(i int, v uint8) { out.Pix[i*out.Stride+x] = v }, h)
	}
	return out
}

// median3 is a 3×3 median filter; border pixels use the nearest inside pixel.
// It removes isolated pixel noise and one-pixel specks while a stroke two or
// more pixels wide keeps its shape.
func median3(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if w < 3 || h < 3 {
		copy(out.Pix, cloneGray(g).Pix)
		return out
	}
	for y := 0; y < h; y++ {
		r0 := g.Pix[max(y-1, 0)*g.Stride:]
		r1 := g.Pix[y*g.Stride:]
		r2 := g.Pix[min(y+1, h-1)*g.Stride:]
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		// Columns sorted once and reused: the median of 9 is the median of
		// (max of column minima, median of column medians, min of column maxima).
		col := func(x int) (lo, mid, hi uint8) {
			x = min(max(x, 0), w-1)
			a, b, c := r0[x], r1[x], r2[x]
			if a > b {
				a, b = b, a
			}
			if b > c {
				b, c = c, b
			}
			if a > b {
				a, b = b, a
			}
			return a, b, c
		}
		l0, m0, h0 := col(-1)
		l1, m1, h1 := col(0)
		for x := 0; x < w; x++ {
			l2, m2, h2 := col(x + 1)
			lo := max(l0, l1, l2)
			hi := min(h0, h1, h2)
			mid := med3(m0, m1, m2)
			dst[x] = med3(lo, mid, hi)
			l0, m0, h0 = l1, m1, h1
			l1, m1, h1 = l2, m2, h2
		}
	}
	return out
}

func med3(a, b, c uint8) uint8 {
	return max(min(a, b), min(max(a, b), c))
}

// histogram counts the gray levels of g.
func histogram(g *image.Gray) [256]int {
	var hist [256]int
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			hist[v]++
		}
	}
	return hist
}

// percentile returns the smallest level at or below which a fraction p of the
// histogram lies.
func percentile(hist *[256]int, p float64) uint8 {
	total := 0
	for _, n := range hist {
		total += n
	}
	want := int(p * float64(total))
	acc := 0
	for v, n := range hist {
		acc += n
		if acc > want {
			return uint8(v)
		}
	}
	return 255
}

// otsu returns the level that best splits the histogram into two classes
// (Otsu 1979): pixels at or below it are the dark class.
func otsu(hist *[256]int) uint8 {
	var total, sum float64
	for v, n := range hist {
		total += float64(n)
		sum += float64(v) * float64(n)
	}
	var wb, sb, best float64
	thr := 127
	for v, n := range hist {
		wb += float64(n)
		if wb == 0 {
			continue
		}
		wf := total - wb
		if wf == 0 {
			break
		}
		sb += float64(v) * float64(n)
		mb, mf := sb/wb, (sum-sb)/wf
		if between := wb * wf * (mb - mf) * (mb - mf); between > best {
			best, thr = between, v
		}
	}
	return uint8(thr)
}

// medianInt returns the median of xs (the upper one for an even count) and
// sorts xs in place; 0 for none.
func medianInt(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	sort.Ints(xs)
	return xs[len(xs)/2]
}

// heal closes the ink of g (dark on light) by a square of radius r: a
// minimum filter spreads the ink, a maximum filter takes it back, and gaps
// up to 2r pixels across in a stroke stay bridged.
func heal(g *image.Gray, r int) *image.Gray {
	return rankFilter(rankFilter(g, r, false), r, true)
}
