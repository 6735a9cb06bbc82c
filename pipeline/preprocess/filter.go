package preprocess

import (
	"encoding/binary"
	"image"
	"sort"
)

// shrink reduces g by an integer factor f, each output pixel the mean of an
// f×f block (partial blocks at the right and bottom edges average what they
// cover). Box averaging also lowers pixel noise by a factor f, which is what
// the analysis steps want. The block sums are taken a row at a time; blocks
// of 2×2, the common case, in one go.
func shrink(g *image.Gray, f int) *image.Gray {
	if f <= 1 {
		return cloneGray(g)
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	sw, sh := (w+f-1)/f, (h+f-1)/f
	dst := image.NewGray(image.Rect(0, 0, sw, sh))
	sum := make([]uint32, sw)
	full := w / f // blocks of f columns; a last partial one when f does not divide w
	for sy := 0; sy < sh; sy++ {
		y0, y1 := sy*f, min((sy+1)*f, h)
		out := dst.Pix[sy*dst.Stride : sy*dst.Stride+sw]
		if f == 2 && y1-y0 == 2 {
			r0 := g.Pix[y0*g.Stride : y0*g.Stride+w]
			r1 := g.Pix[(y0+1)*g.Stride : (y0+1)*g.Stride+w]
			i0 := shrink2Words(out[:full], r0, r1)
			for i := i0; i < full; i++ {
				a, b := r0[2*i:2*i+2:2*i+2], r1[2*i:2*i+2:2*i+2]
				out[i] = uint8((uint32(a[0]) + uint32(a[1]) + uint32(b[0]) + uint32(b[1]) + 2) >> 2)
			}
			if full < sw {
				out[full] = uint8((uint32(r0[w-1]) + uint32(r1[w-1]) + 1) >> 1)
			}
			continue
		}
		if f == 4 && y1-y0 == 4 {
			rs := [4][]uint8{}
			for k := range rs {
				rs[k] = g.Pix[(y0+k)*g.Stride : (y0+k)*g.Stride+w]
			}
			shrink4Words(out[:full], rs)
			if full < sw {
				var s uint32
				for _, r := range rs {
					for _, v := range r[full*4:] {
						s += uint32(v)
					}
				}
				n := 4 * uint32(w-full*4)
				out[full] = uint8((s + n/2) / n)
			}
			continue
		}
		clear(sum)
		for y := y0; y < y1; y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			if f == 4 {
				for i := range sum[:full] {
					b := row[4*i : 4*i+4 : 4*i+4]
					sum[i] += uint32(b[0]) + uint32(b[1]) + uint32(b[2]) + uint32(b[3])
				}
			} else {
				for i := range sum[:full] {
					var s uint32
					for _, v := range row[i*f : i*f+f] {
						s += uint32(v)
					}
					sum[i] += s
				}
			}
			if full < sw {
				var s uint32
				for _, v := range row[full*f:] {
					s += uint32(v)
				}
				sum[full] += s
			}
		}
		rows := uint32(y1 - y0)
		avg := newAverager(rows * uint32(f))
		for i := range out[:full] {
			out[i] = avg.mean(sum[i])
		}
		if full < sw {
			n := rows * uint32(w-full*f)
			out[full] = uint8((sum[full] + n/2) / n)
		}
	}
	return dst
}

// lanes8 picks the even bytes of a word, as four 16-bit lanes.
const lanes8 = 0x00ff00ff00ff00ff

// shrink2Words writes the rounded means of the 2×2 blocks of the rows r0
// and r1 into out, eight source bytes of each row (four blocks) at a time
// in the lanes of a word: a lane's sum of four bytes plus 2 stays under
// 2¹⁰, so no lane spills into the next. It returns how many it wrote, a
// multiple of four; the caller does the rest.
func shrink2Words(out, r0, r1 []uint8) int {
	n := len(out) &^ 3
	r0, r1 = r0[:2*n], r1[:2*n]
	for i := 0; i < n; i += 4 {
		a := binary.LittleEndian.Uint64(r0[2*i:])
		b := binary.LittleEndian.Uint64(r1[2*i:])
		s := a&lanes8 + a>>8&lanes8 + b&lanes8 + b>>8&lanes8 + 0x0002000200020002
		s = s >> 2 & lanes8 // each lane's mean in its low byte
		s |= s >> 8         // lanes 0 and 2 hold two means each
		s &= 0x0000ffff0000ffff
		s |= s >> 16
		binary.LittleEndian.PutUint32(out[i:i+4], uint32(s))
	}
	return n
}

// shrink4Words writes the rounded means of the 4×4 blocks of the four rows
// rs into out (one block for every four bytes of a row), eight bytes of
// each row (two blocks) at a time in the lanes of a word: a 16-bit lane
// sums two bytes of each row, under 2¹¹.
func shrink4Words(out []uint8, rs [4][]uint8) {
	n := len(out) &^ 1
	r0, r1, r2, r3 := rs[0][:4*len(out)], rs[1][:4*len(out)], rs[2][:4*len(out)], rs[3][:4*len(out)]
	for i := 0; i < n; i += 2 {
		a := binary.LittleEndian.Uint64(r0[4*i:])
		b := binary.LittleEndian.Uint64(r1[4*i:])
		c := binary.LittleEndian.Uint64(r2[4*i:])
		d := binary.LittleEndian.Uint64(r3[4*i:])
		s := a&lanes8 + a>>8&lanes8 + b&lanes8 + b>>8&lanes8 + c&lanes8 + c>>8&lanes8 + d&lanes8 + d>>8&lanes8
		s += s >> 16 // lanes 0 and 2 hold the two blocks' sums, under 2¹²
		out[i] = uint8((s&0xffff + 8) >> 4)
		out[i+1] = uint8((s>>32&0xffff + 8) >> 4)
	}
	if n < len(out) {
		var s uint32
		for _, r := range [][]uint8{r0, r1, r2, r3} {
			for _, v := range r[4*n : 4*n+4] {
				s += uint32(v)
			}
		}
		out[n] = uint8((s + 8) >> 4)
	}
}

// averager gives the rounded mean (s + n/2)/n of a sum s of n 8-bit values
// by multiplying with a reciprocal (Granlund and Montgomery 1994): for
// a·n ≤ 2³², ⌊a·m / 2³²⌋ with m = ⌊2³²/n⌋ + 1 is ⌊a/n⌋ exactly, and a
// multiplication costs a fraction of a division. The sum plus n/2 stays
// under 256·n, so that holds up to n = 4096; larger n divide.
type averager struct {
	n uint32
	m uint64 // 0: divide
}

func newAverager(n uint32) averager {
	if n > 4096 {
		return averager{n: n}
	}
	return averager{n: n, m: 1<<32/uint64(n) + 1}
}

func (a averager) mean(s uint32) uint8 {
	s += a.n / 2
	if a.m == 0 {
		return uint8(s / a.n)
	}
	return uint8(uint64(s) * a.m >> 32)
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
// square (2r+1)² window clipped at the image edges, done as a column pass
// then a row pass. Each pass costs three comparisons a pixel whatever r
// (van Herk 1992, Gil and Werman 1993): the line is cut into blocks of 2r+1;
// a window spans the end of one block and the start of the next, so it is
// the better of a running value from the block's end backwards and one from
// the next block's start forwards.
func rankFilter(g *image.Gray, r int, takeMax bool) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if r <= 0 {
		for y := 0; y < h; y++ {
			copy(out.Pix[y*w:(y+1)*w], g.Pix[y*g.Stride:])
		}
		return out
	}
	var pad uint8 // the value outside the image: it never wins
	if !takeMax {
		pad = 255
	}
	pick := func(dst, a, b []uint8) {
		a, b = a[:len(dst)], b[:len(dst)]
		// 32-bit min and max compile to conditional moves, bytes to branches.
		if takeMax {
			for i := range dst {
				dst[i] = uint8(max(uint32(a[i]), uint32(b[i])))
			}
		} else {
			for i := range dst {
				dst[i] = uint8(min(uint32(a[i]), uint32(b[i])))
			}
		}
	}
	k := 2*r + 1
	// Column pass, a whole row of columns at a time. In padded coordinates
	// p = y + r the window of output row y is rows [y, y+2r] = [p-r, p+r].
	constRow := make([]uint8, w)
	for i := range constRow {
		constRow[i] = pad
	}
	src := func(p int) []uint8 {
		if y := p - r; y >= 0 && y < h {
			return g.Pix[y*g.Stride : y*g.Stride+w]
		}
		return constRow
	}
	back := make([]uint8, k*w) // back[j]: rows [start+j, start+k) of the block
	acc := make([]uint8, w)    // rows [start+k, start+k+j) of the next block
	for start := 0; start < h; start += k {
		copy(back[(k-1)*w:], src(start+k-1))
		for j := k - 2; j >= 0; j-- {
			pick(back[j*w:(j+1)*w], back[(j+1)*w:], src(start+j))
		}
		copy(out.Pix[start*w:(start+1)*w], back[:w])
		copy(acc, constRow)
		for j := 1; j < k && start+j < h; j++ {
			pick(acc, acc, src(start+k+j-1))
			pick(out.Pix[(start+j)*w:(start+j+1)*w], back[j*w:], acc)
		}
	}
	// Row pass, in place on out, one row at a time through a padded copy.
	line := make([]uint8, w+2*r)
	for i := range line {
		line[i] = pad
	}
	lback := make([]uint32, k)
	for y := 0; y < h; y++ {
		row := out.Pix[y*w : (y+1)*w]
		copy(line[r:], row)
		for start := 0; start < w; start += k {
			blk := line[start : start+k]
			lback[k-1] = uint32(blk[k-1])
			for j := k - 2; j >= 0; j-- {
				if takeMax {
					lback[j] = max(lback[j+1], uint32(blk[j]))
				} else {
					lback[j] = min(lback[j+1], uint32(blk[j]))
				}
			}
			row[start] = uint8(lback[0])
			a := uint32(pad)
			for j := 1; j < k && start+j < w; j++ {
				v := uint32(line[start+k+j-1])
				if takeMax {
					a = max(a, v)
					row[start+j] = uint8(max(lback[j], a))
				} else {
					a = min(a, v)
					row[start+j] = uint8(min(lback[j], a))
				}
			}
		}
	}
	return out
}

// boxBlur is a separable mean filter of radius r with edge pixels repeated:
// a running sum along each row, rounded to 8 bits, then running sums down
// the columns, a whole row of them at a time.
func boxBlur(g *image.Gray, r int) *image.Gray {
	if r <= 0 {
		return cloneGray(g)
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	n := uint32(2*r + 1)
	mean := newAverager(n).mean
	tmp := image.NewGray(image.Rect(0, 0, w, h))
	line := make([]uint8, w+2*r+1) // a row with r copies of each edge pixel (and one spare)
	for y := 0; y < h; y++ {
		src, dst := g.Pix[y*g.Stride:y*g.Stride+w], tmp.Pix[y*w:(y+1)*w]
		copy(line[r:], src)
		for i := range r {
			line[i], line[r+w+i] = src[0], src[w-1]
		}
		line[w+2*r] = src[w-1]
		var s uint32
		for _, v := range line[:2*r+1] {
			s += uint32(v)
		}
		in, out := line[2*r+1:][:w], line[:w]
		for i := range dst {
			dst[i] = mean(s)
			s += uint32(in[i]) - uint32(out[i])
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	sum := make([]uint32, w)
	row := func(y int) []uint8 { y = min(max(y, 0), h-1); return tmp.Pix[y*w : (y+1)*w] }
	for j := -r; j <= r; j++ {
		for x, v := range row(j) {
			sum[x] += uint32(v)
		}
	}
	for y := 0; y < h; y++ {
		dst := out.Pix[y*w : (y+1)*w]
		for x := range dst {
			dst[x] = mean(sum[x])
		}
		in, gone := row(y+r+1), row(y-r)
		for x := range sum {
			sum[x] += uint32(in[x]) - uint32(gone[x])
		}
	}
	return out
}

// median3 is a 3×3 median filter; border pixels use the nearest inside pixel.
// It removes isolated pixel noise and one-pixel specks while a stroke two or
// more pixels wide keeps its shape. Each column of three is sorted once and
// reused by the three windows that hold it: the median of nine is the median
// of (the largest column minimum, the median of the column medians, the
// smallest column maximum). Every comparison is a min or a max, which the
// compiler makes without branches.
func median3(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if w < 3 || h < 3 {
		copy(out.Pix, cloneGray(g).Pix)
		return out
	}
	// Sorted columns as 32-bit values, the edge ones repeated: column x is at
	// x+1. (min and max of 32-bit integers compile to conditional moves; of
	// bytes, to branches that noise makes unpredictable.)
	lo := make([]int32, w+2)
	mid := make([]int32, w+2)
	hi := make([]int32, w+2)
	for y := 0; y < h; y++ {
		r0 := g.Pix[max(y-1, 0)*g.Stride:][:w]
		r1 := g.Pix[y*g.Stride:][:w]
		r2 := g.Pix[min(y+1, h-1)*g.Stride:][:w]
		if dst := out.Pix[y*w : (y+1)*w]; median3Vec(dst, r0, r1, r2) > 0 {
			dst[0] = median9(r0, r1, r2, 0, 0, 1)
			dst[w-1] = median9(r0, r1, r2, w-2, w-1, w-1)
			continue
		}
		sortColumns(lo[1:w+1], mid[1:w+1], hi[1:w+1], r0, r1, r2)
		lo[0], mid[0], hi[0] = lo[1], mid[1], hi[1]
		lo[w+1], mid[w+1], hi[w+1] = lo[w], mid[w], hi[w]
		median3Row(out.Pix[y*w:(y+1)*w], lo, mid, hi)
	}
	return out
}

// sortColumns sorts each column of three pixels, a[x], b[x], c[x], into
// lo[x] ≤ mid[x] ≤ hi[x].
func sortColumns(lo, mid, hi []int32, a, b, c []uint8) {
	mid, hi, a, b, c = mid[:len(lo)], hi[:len(lo)], a[:len(lo)], b[:len(lo)], c[:len(lo)]
	for x := range lo {
		p, q, r := int32(a[x]), int32(b[x]), int32(c[x])
		p, q = min(p, q), max(p, q)
		lo[x] = min(p, r)
		mid[x] = max(p, min(q, r))
		hi[x] = max(q, r)
	}
}

// median3Row writes the medians of a row from its sorted columns (column x
// at x+1, the edges repeated), two pixels at a time: the windows of x and
// x+1 share columns x and x+1, whose largest minimum, smallest maximum and
// sorted medians are taken once for both.
func median3Row(dst []uint8, lo, mid, hi []int32) {
	lo, mid, hi = lo[:len(dst)+2], mid[:len(dst)+2], hi[:len(dst)+2]
	x := 0
	for ; x+1 < len(dst); x += 2 {
		// Columns x-1 .. x+2 are at x .. x+3.
		l := max(lo[x+1], lo[x+2])
		u := min(hi[x+1], hi[x+2])
		p, q := min(mid[x+1], mid[x+2]), max(mid[x+1], mid[x+2])
		dst[x] = uint8(med3(max(lo[x], l), max(p, min(q, mid[x])), min(hi[x], u)))
		dst[x+1] = uint8(med3(max(l, lo[x+3]), max(p, min(q, mid[x+3])), min(u, hi[x+3])))
	}
	if x < len(dst) {
		dst[x] = uint8(med3(max(lo[x], lo[x+1], lo[x+2]), med3(mid[x], mid[x+1], mid[x+2]), min(hi[x], hi[x+1], hi[x+2])))
	}
}

// median9 is the median of the columns a, b and c of three rows.
func median9(r0, r1, r2 []uint8, a, b, c int) uint8 {
	var lo, mid, hi [3]int32
	for i, x := range [3]int{a, b, c} {
		sortColumns(lo[i:i+1], mid[i:i+1], hi[i:i+1], r0[x:x+1], r1[x:x+1], r2[x:x+1])
	}
	return uint8(med3(max(lo[0], lo[1], lo[2]), med3(mid[0], mid[1], mid[2]), min(hi[0], hi[1], hi[2])))
}

func med3(a, b, c int32) int32 {
	return max(min(a, b), min(max(a, b), c))
}

// histogram counts the gray levels of g.
func histogram(g *image.Gray) [256]int {
	var count levelCount
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		count.add(g.Pix[y*g.Stride : y*g.Stride+w])
	}
	return count.total()
}

// levelCount counts gray levels row by row in four partial counts, so that
// runs of one level (paper) do not wait on the same counter, and flushes
// them before they can overflow.
type levelCount struct {
	part  [4][256]uint32
	hist  [256]int
	added int
}

func (c *levelCount) add(row []uint8) {
	if c.added+len(row) >= 1<<31 {
		c.flush()
	}
	c.added += len(row)
	for len(row) >= 4 {
		c.part[0][row[0]]++
		c.part[1][row[1]]++
		c.part[2][row[2]]++
		c.part[3][row[3]]++
		row = row[4:]
	}
	for _, v := range row {
		c.part[0][v]++
	}
}

func (c *levelCount) flush() {
	for v := range c.hist {
		c.hist[v] += int(c.part[0][v]) + int(c.part[1][v]) + int(c.part[2][v]) + int(c.part[3][v])
	}
	c.part, c.added = [4][256]uint32{}, 0
}

func (c *levelCount) total() [256]int {
	c.flush()
	return c.hist
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
