package accuracy

import "slices"

// OpKind is what an alignment does with a stretch of the reference and of
// the hypothesis.
type OpKind uint8

const (
	Equal      OpKind = iota // the same tokens in both (after normalisation)
	Substitute               // as many tokens in both, each different
	Delete                   // reference tokens missing from the hypothesis
	Insert                   // hypothesis tokens that are not in the reference
)

var opNames = [...]string{"equal", "substitute", "delete", "insert"}

func (k OpKind) String() string { return opNames[k] }

// The alignment of two token sequences a (the reference) and b (the
// hypothesis) under unit-cost Levenshtein distance is computed exactly with
// the diagonal "furthest reaching" method of Ukkonen and of Landau and
// Vishkin: L_e[k], the furthest x on diagonal k = x−y with D(x, y) ≤ e, grows
// from L_{e−1} by one edit and then slides over equal tokens. After the
// common prefix and suffix are stripped, a distance D costs about D² cheap
// steps, whatever the lengths: fast on similar texts.
//
// The alignment itself is found in linear memory by divide and conquer. A
// forward wave from the start and a backward wave from the end meet on some
// diagonal k when L_{e1}[k] reaches past the backward wave's nearest point
// R_{e2}[k] with e1+e2 = D; the cell (L_{e1}[k], L_{e1}[k]−k) then lies on
// an optimal path (D is non-decreasing along a diagonal), and both halves are
// solved the same way with distances e1 and e2. Small distances are traced
// back from a table of all their levels.

// baseLevels is the largest distance solved from a table of every level
// (about baseLevels² int32 of memory) instead of by divide and conquer; at
// least 1. A variable so that tests can divide small problems.
var baseLevels = 400

// neg marks a diagonal that a level does not reach.
const neg = -1 << 30

// wave is the frontier of the furthest-reaching method over a and b: at
// level e, x[k+off] is the furthest x on diagonal k (k in [lo, hi]) with
// D(x, x−k) ≤ e.
type wave struct {
	x, prev []int32
	off     int
	e       int
	lo, hi  int
}

// start sets the wave at level 0 over a and b.
func (w *wave) start(a, b []int32) {
	need := len(a) + len(b) + 5
	if cap(w.x) < need {
		w.x, w.prev = make([]int32, need), make([]int32, need)
	}
	w.x, w.prev = w.x[:need], w.prev[:need]
	w.off = len(b) + 2
	w.e, w.lo, w.hi = 0, 0, 0
	w.x[w.off] = int32(commonPrefix(a, b))
	w.x[w.off-2], w.x[w.off-1], w.x[w.off+1], w.x[w.off+2] = neg, neg, neg, neg
}

// next advances the wave by one level. With meet set (the other wave running
// backwards over the reversals of a and b), it reports a diagonal where this
// level reaches that wave, as overlap does.
func (w *wave) next(a, b []int32, meet *wave) (int, bool) {
	n, m := len(a), len(b)
	w.prev, w.x = w.x, w.prev
	w.e++
	w.lo, w.hi = max(-w.e, -m), min(w.e, n)
	lo, off := w.lo, w.off
	c := w.x[lo+off : w.hi+off+1]
	p := w.prev[lo+off-1:]
	p = p[:len(c)+2]
	// a deletion from diagonal k−1 (del), a substitution along k (sub), an
	// insertion from k+1 (ins); a step past the end of a or b is cut back to
	// it (D changes by at most one per cell, so that cell is within e too)
	del, sub := p[0], p[1]
	for i := range c {
		ins := p[i+2]
		k := lo + i
		x := int(min(max(del+1, sub+1, ins), int32(n), int32(m+k)))
		y := x - k
		for uint(x) < uint(len(a)) && uint(y) < uint(len(b)) && a[x] == b[y] {
			x++
			y++
		}
		c[i] = int32(x)
		del, sub = sub, ins
	}
	// the next level reads two diagonals beyond this one's on each side
	w.x[lo+off-1], w.x[lo+off-2] = neg, neg
	w.x[w.hi+off+1], w.x[w.hi+off+2] = neg, neg
	if meet == nil {
		return 0, false
	}
	return overlap(w, meet, n, m)
}

// at returns the wave's x on diagonal k, or neg when the level does not reach it.
func (w *wave) at(k int) int {
	if k < w.lo || k > w.hi {
		return neg
	}
	return int(w.x[k+w.off])
}

// aligner holds the sequences, their reversals and the reusable memory of
// one alignment.
type aligner struct {
	a, b, ra, rb []int32
	fw, bw       wave
	tab          []int32 // base case: the levels one after the other
	levels       []level
	steps        []OpKind
}

// level is where one level of the base case's table starts and its diagonals.
type level struct{ start, lo, hi int }

func newAligner(a, b []int32) *aligner {
	al := &aligner{a: a, b: b, ra: slices.Clone(a), rb: slices.Clone(b)}
	slices.Reverse(al.ra)
	slices.Reverse(al.rb)
	return al
}

// align returns the Levenshtein distance between a and b and the steps of an
// optimal alignment, one per token pair or unpaired token, in order.
func align(a, b []int32) (int, []OpKind) {
	al := newAligner(a, b)
	al.steps = make([]OpKind, 0, max(len(a), len(b)))
	d := al.solve(0, len(a), 0, len(b), -1)
	return d, al.steps
}

// distance returns the Levenshtein distance between a and b.
func distance(a, b []int32) int {
	p := commonPrefix(a, b)
	a, b = a[p:], b[p:]
	s := commonSuffix(a, b)
	a, b = a[:len(a)-s], b[:len(b)-s]
	if len(a) == 0 || len(b) == 0 {
		return len(a) + len(b)
	}
	d, _, _ := newAligner(a, b).meet(0, len(a), 0, len(b), -1)
	return d
}

func commonPrefix(a, b []int32) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func commonSuffix(a, b []int32) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

func (al *aligner) emit(k OpKind, n int) {
	for range n {
		al.steps = append(al.steps, k)
	}
}

// solve appends the steps aligning a[x0:x1] with b[y0:y1], whose distance is
// d (or unknown when d < 0), and returns the distance.
func (al *aligner) solve(x0, x1, y0, y1, d int) int {
	p := commonPrefix(al.a[x0:x1], al.b[y0:y1])
	al.emit(Equal, p)
	x0, y0 = x0+p, y0+p
	s := commonSuffix(al.a[x0:x1], al.b[y0:y1])
	x1, y1 = x1-s, y1-s
	switch {
	case x0 == x1:
		al.emit(Insert, y1-y0)
		d = y1 - y0
	case y0 == y1:
		al.emit(Delete, x1-x0)
		d = x1 - x0
	case d >= 0 && d <= baseLevels:
		if _, ok := al.base(x0, x1, y0, y1, d); !ok {
			panic("accuracy: alignment distance inconsistent")
		}
	default:
		if d < 0 {
			if dd, ok := al.base(x0, x1, y0, y1, baseLevels); ok {
				d = dd
				break
			}
		}
		var x, y int
		d, x, y = al.meet(x0, x1, y0, y1, d)
		e1 := al.fw.e
		al.solve(x0, x, y0, y, e1)
		al.solve(x, x1, y, y1, d-e1)
	}
	al.emit(Equal, s)
	return d
}

// base appends the steps aligning a[x0:x1] with b[y0:y1] (both non-empty)
// when their distance is at most limit, from a table of every level of the
// forward wave, and returns the distance; it reports false, having appended
// nothing, when the distance is larger. Among optimal alignments it takes,
// from the end, equal tokens first, then a substitution, then an insertion,
// then a deletion.
func (al *aligner) base(x0, x1, y0, y1, limit int) (int, bool) {
	a, b := al.a[x0:x1], al.b[y0:y1]
	n, m := len(a), len(b)
	w := &al.fw
	w.start(a, b)
	al.tab, al.levels = al.tab[:0], al.levels[:0]
	for {
		al.levels = append(al.levels, level{len(al.tab), w.lo, w.hi})
		al.tab = append(al.tab, w.x[w.lo+w.off:w.hi+w.off+1]...)
		if w.at(n-m) == n {
			break
		}
		if w.e == limit {
			return 0, false
		}
		w.next(a, b, nil)
	}
	d := w.e
	// reaches(e, k, x): D(x, x−k) ≤ e
	reaches := func(e, k, x int) bool {
		if e < 0 {
			return false
		}
		l := al.levels[e]
		return k >= l.lo && k <= l.hi && int(al.tab[l.start+k-l.lo]) >= x
	}
	mark := len(al.steps)
	for x, y, e := n, m, d; ; e-- {
		for x > 0 && y > 0 && a[x-1] == b[y-1] {
			al.steps = append(al.steps, Equal)
			x, y = x-1, y-1
		}
		if x == 0 && y == 0 {
			break
		}
		k := x - y
		switch {
		case x > 0 && y > 0 && reaches(e-1, k, x-1):
			al.steps = append(al.steps, Substitute)
			x, y = x-1, y-1
		case y > 0 && reaches(e-1, k+1, x):
			al.steps = append(al.steps, Insert)
			y--
		default:
			al.steps = append(al.steps, Delete)
			x--
		}
	}
	slices.Reverse(al.steps[mark:])
	return d, true
}

// meet finds a cell on an optimal path through a[x0:x1] × b[y0:y1] (both
// non-empty, with no common prefix or suffix) by running a forward and a
// backward wave until they overlap. With d ≥ 0 known, the forward wave goes
// ⌈d/2⌉ levels and the backward one the rest; otherwise they take turns
// until they first overlap, which happens when their levels add up to the
// distance. It returns the distance and the cell (absolute coordinates);
// al.fw.e is the distance from the start to the cell.
func (al *aligner) meet(x0, x1, y0, y1, d int) (dist, x, y int) {
	a, b := al.a[x0:x1], al.b[y0:y1]
	ra, rb := al.ra[len(al.a)-x1:len(al.a)-x0], al.rb[len(al.b)-y1:len(al.b)-y0]
	n, m := len(a), len(b)
	al.fw.start(a, b)
	al.bw.start(ra, rb)
	if d >= 0 {
		for al.fw.e < (d+1)/2 {
			al.fw.next(a, b, nil)
		}
		for al.bw.e < d-(d+1)/2 {
			al.bw.next(ra, rb, nil)
		}
		k, ok := overlap(&al.fw, &al.bw, n, m)
		if !ok {
			panic("accuracy: alignment waves do not meet")
		}
		x = al.fw.at(k)
		return d, x0 + x, y0 + x - k
	}
	for {
		var k int
		var ok bool
		if al.fw.e <= al.bw.e {
			k, ok = al.fw.next(a, b, &al.bw)
		} else {
			k, ok = al.bw.next(ra, rb, &al.fw)
			k = n - m - k
		}
		if ok {
			x = al.fw.at(k)
			return al.fw.e + al.bw.e, x0 + x, y0 + x - k
		}
	}
}

// overlap returns a diagonal where the forward wave fw over a and b (lengths
// n and m) reaches the backward wave bw, which runs over the reversals: the
// backward diagonal of k is n−m−k and its x counts from the end.
func overlap(fw, bw *wave, n, m int) (int, bool) {
	delta := n - m
	for k := max(fw.lo, delta-bw.hi); k <= min(fw.hi, delta-bw.lo); k++ {
		if fw.at(k)+bw.at(delta-k) >= n {
			return k, true
		}
	}
	return 0, false
}
