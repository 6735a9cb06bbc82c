package preprocess

import (
	"image"
	"math"
)

// localStats calls each(y, mean, std) for every row y of g with the mean and
// standard deviation of the (2r+1)² window around each pixel of the row
// (clipped at the image edges). It uses the integral-image identity, built a
// row at a time: running column sums over the window's rows, then prefix sums
// along the row, so each window costs O(1) and the whole pass is linear in
// pixels while holding only a few rows of sums, not a page of them.
func localStats(g *image.Gray, r int, each func(y int, mean, std []float64)) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	colS := make([]uint64, w) // sum of the window's rows, per column
	colQ := make([]uint64, w) // sum of squares
	preS := make([]uint64, w+1)
	preQ := make([]uint64, w+1)
	mean := make([]float64, w)
	std := make([]float64, w)
	add := func(y int, sign int) {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		for x, v := range row {
			s, q := uint64(v), uint64(v)*uint64(v)
			if sign > 0 {
				colS[x] += s
				colQ[x] += q
			} else {
				colS[x] -= s
				colQ[x] -= q
			}
		}
	}
	for y := 0; y < min(r, h); y++ {
		add(y, +1)
	}
	for y := 0; y < h; y++ {
		if y+r < h {
			add(y+r, +1)
		}
		if y-r-1 >= 0 {
			add(y-r-1, -1)
		}
		rows := uint64(min(y+r, h-1) - max(y-r, 0) + 1)
		for x := 0; x < w; x++ {
			preS[x+1] = preS[x] + colS[x]
			preQ[x+1] = preQ[x] + colQ[x]
		}
		for x := 0; x < w; x++ {
			x0, x1 := max(x-r, 0), min(x+r, w-1)+1
			n := float64(rows * uint64(x1-x0))
			m := float64(preS[x1]-preS[x0]) / n
			v := float64(preQ[x1]-preQ[x0])/n - float64(m*m)
			mean[x] = m
			std[x] = math.Sqrt(max(v, 0))
		}
		each(y, mean, std)
	}
}

// sauvola binarises g (Sauvola & Pietikäinen 2000): a pixel is ink when it is
// below m·(1 + k·(s/R − 1)) for the mean m and standard deviation s of its
// window, R = 128. Ink becomes 0, the rest 255.
//
// The window sums are exact integers: running sums down each column, then
// a running sum along the row over columns padded with zeros. With k ≥ 0
// the threshold never exceeds the mean (s ≤ 127.5), so a pixel at or above
// its window's mean — all the paper around text — is decided by comparing
// integers, v·n ≥ sum. Only the pixels below it take the float64 formula,
// computed exactly as written.
func sauvola(g *image.Gray, r int, k float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	// Column sums of the window's rows, at x+r, with r zeros either side.
	cols := make([]windowSums, w+2*r+1)
	row := func(y int) []uint8 {
		if y < 0 || y >= h {
			return nil
		}
		return g.Pix[y*g.Stride : y*g.Stride+w]
	}
	for y := 0; y < min(r, h); y++ {
		slideColumns(cols[r:r+w], row(y), nil)
	}
	for y := 0; y < h; y++ {
		clearUpper() // see vector.go
		slideColumns(cols[r:r+w], row(y+r), row(y-r-1))
		rows := uint64(min(y+r, h-1) - max(y-r, 0) + 1)
		var win windowSums // of x: padded columns [x, x+2r]
		for _, c := range cols[:2*r] {
			win.s += c.s
			win.q += c.q
		}
		src := g.Pix[y*g.Stride : y*g.Stride+w]
		dst := out.Pix[y*w : (y+1)*w]
		in, gone := cols[2*r:2*r+w], cols[:w]
		// The window's width is 2r+1 but near the edges; there the count
		// changes at every pixel.
		lo, hi := min(r, w), max(w-r, min(r, w))
		for x := 0; x < lo; x++ {
			win = sauvolaRun(dst[x:x+1], src[x:x+1], in[x:x+1], gone[x:x+1], win, rows*uint64(min(x+r, w-1)+1), k)
		}
		win = sauvolaRun(dst[lo:hi], src[lo:hi], in[lo:hi], gone[lo:hi], win, rows*uint64(2*r+1), k)
		for x := hi; x < w; x++ {
			win = sauvolaRun(dst[x:x+1], src[x:x+1], in[x:x+1], gone[x:x+1], win, rows*uint64(w-max(x-r, 0)), k)
		}
	}
	return out
}

// slideColumns adds the pixels of the row in to the column sums and takes
// those of the row out away; either may be nil.
func slideColumns(cols []windowSums, in, out []uint8) {
	switch {
	case in != nil && out != nil:
		in, out = in[:len(cols)], out[:len(cols)]
		for x := range cols {
			a, b := uint64(in[x]), uint64(out[x])
			cols[x].s += a - b
			cols[x].q += a*a - b*b
		}
	case in != nil:
		in = in[:len(cols)]
		for x := range cols {
			a := uint64(in[x])
			cols[x].s += a
			cols[x].q += a * a
		}
	case out != nil:
		out = out[:len(cols)]
		for x := range cols {
			b := uint64(out[x])
			cols[x].s -= b
			cols[x].q -= b * b
		}
	}
}

// windowSums is the sum of a window's pixels and of their squares.
type windowSums struct{ s, q uint64 }

// sauvolaRun binarises src into dst, pixels whose windows all hold cnt
// pixels: win holds the window before the first pixel, without its last
// column; each pixel's window adds the column in[x] and then drops gone[x].
// It returns the window after the last pixel.
//
// With k ≥ 0 the threshold lies between m·(1−k) and the mean m (s runs
// from 0 to 127.5), rounding included, so only the pixels between the two
// need the formula: v·n ≥ sum is paper, compared in integers, and
// v·n < sum·(1−k)·(1−10⁻⁹) is ink (the margin is ten million times the
// rounding error of the formula).
func sauvolaRun(dst, src []uint8, in, gone []windowSums, win windowSums, cnt uint64, k float64) windowSums {
	src, in, gone = src[:len(dst)], in[:len(dst)], gone[:len(dst)]
	low := float64(1-k) * (1 - 1e-9)
	n := float64(cnt)
	for x, v := range src {
		win.s += in[x].s
		win.q += in[x].q
		switch {
		case k < 0:
			dst[x] = inkOr(sauvolaInk(v, win.s, win.q, cnt, k))
		case uint64(v)*cnt >= win.s:
			dst[x] = 255 // at or above the mean, so above the threshold
		case float64(v)*n < float64(win.s)*low:
			dst[x] = 0 // below the lowest threshold the window allows
		default:
			dst[x] = inkOr(sauvolaInk(v, win.s, win.q, cnt, k))
		}
		win.s -= gone[x].s
		win.q -= gone[x].q
	}
	return win
}

// sauvolaInk is Sauvola's test for a pixel v whose window of cnt pixels
// sums to sum, its squares to sq.
func sauvolaInk(v uint8, sum, sq, cnt uint64, k float64) bool {
	n := float64(cnt)
	m := float64(sum) / n
	std := math.Sqrt(max(float64(sq)/n-float64(m*m), 0))
	// Explicit conversions round each product, so no machine fuses them
	// differently: the same bytes everywhere.
	t := float64(m * float64(1+float64(k*float64(std/128-1))))
	return float64(v) < t
}

// wolf binarises g (Wolf & Jolion 2004): the threshold is
// (1−k)·m + k·M + k·(s/S)·(m − M), M the darkest level of the image and S the
// largest window deviation, which adapts Sauvola to low-contrast pages.
func wolf(g *image.Gray, r int, k float64) *image.Gray {
	w := g.Rect.Dx()
	hist := histogram(g)
	darkest := 0.0
	for v, n := range hist {
		if n > 0 {
			darkest = float64(v)
			break
		}
	}
	maxStd := 0.0
	localStats(g, r, func(_ int, _, std []float64) {
		for _, s := range std {
			maxStd = max(maxStd, s)
		}
	})
	if maxStd == 0 {
		maxStd = 1
	}
	out := image.NewGray(image.Rect(0, 0, w, g.Rect.Dy()))
	localStats(g, r, func(y int, mean, std []float64) {
		src := g.Pix[y*g.Stride : y*g.Stride+w]
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		for x, v := range src {
			m := mean[x]
			t := float64((1-k)*m) + float64(k*darkest) + float64(float64(k*(std[x]/maxStd))*(m-darkest))
			dst[x] = inkOr(float64(v) < t)
		}
	})
	return out
}

func inkOr(ink bool) uint8 {
	if ink {
		return 0
	}
	return 255
}
