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
// A forward wave from the start and a backward wave from the end (the same
// method on the reversed sequences) advance in turn, and first overlap on
// some diagonal k, where L_{e1}[k] reaches the backward wave's nearest point,
// when e1+e2 = D: the cell (L_{e1}[k], L_{e1}[k]−k) then lies on an optimal
// path (D is non-decreasing along a diagonal). That costs about D²/2 steps.
// Each wave keeps a copy of every c-th level; from the meeting cell the path
// is traced back to each end through the levels between two copies,
// recomputed only on the diagonals the path can still reach (a cone of
// about c² cells), so the alignment costs little more than the distance;
// c starts at 32 and doubles whenever the copies would hold more than
// keptCells cells (32 MB). Small distances are traced from the end through a forward
// wave that keeps every level, which takes, among optimal alignments, the one
// spravka always took: from the end, equal tokens first, then a
// substitution, then an insertion, then a deletion.

// baseLevels is the largest distance traced from the end through every
// level (about baseLevels² int32 of memory); larger ones meet in the middle.
// A variable so that tests can send small problems through the middle.
var baseLevels = 400

// keptCells bounds the cells of the copies both waves keep: when they hold
// more, every other copy is dropped (a variable for tests too).
var keptCells = 8 << 20

// minSymbolBits is the smallest token type the waves use, in bits (8, 16 or
// 32; a variable so that tests can run every type on small alphabets).
var minSymbolBits = 8

// neg marks a diagonal that a level does not reach.
const neg = -1 << 30

// symbol is the type a sequence's tokens are stored in for the waves: the
// smallest that numbers its distinct tokens and two end markers, so that
// more of the texts stays in the cache.
type symbol interface{ ~uint8 | ~uint16 | ~int32 }

// align returns the Levenshtein distance between a and b and the steps of an
// optimal alignment, one per token pair or unpaired token, in order.
func align(a, b []int32) (int, []OpKind) {
	return solve(a, b, make([]OpKind, 0, max(len(a), len(b))))
}

// distance returns the Levenshtein distance between a and b.
func distance(a, b []int32) int {
	d, _ := solve(a, b, nil)
	return d
}

// solve returns the distance between a and b and, when steps is not nil,
// appends the steps of an optimal alignment to it.
func solve(a, b []int32, steps []OpKind) (int, []OpKind) {
	emit := func(k OpKind, n int) {
		for range n {
			steps = append(steps, k)
		}
	}
	p := commonPrefix(a, b)
	s := commonSuffix(a[p:], b[p:])
	a, b = a[p:len(a)-s], b[p:len(b)-s]
	if steps != nil {
		emit(Equal, p)
	}
	var d int
	a, b, ids := dense(a, b)
	switch {
	case len(a) == 0 || len(b) == 0:
		d = len(a) + len(b)
		if steps != nil {
			emit(Delete, len(a))
			emit(Insert, len(b))
		}
	case ids+2 <= 1<<8 && minSymbolBits <= 8:
		d, steps = newAligner[uint8](a, b, ids, steps).run()
	case ids+2 <= 1<<16 && minSymbolBits <= 16:
		d, steps = newAligner[uint16](a, b, ids, steps).run()
	default:
		d, steps = newAligner[int32](a, b, ids, steps).run()
	}
	if steps != nil {
		emit(Equal, s)
	}
	return d, steps
}

// dense returns a and b with their tokens numbered from 0 on, and how many
// distinct tokens they hold.
func dense(a, b []int32) (da, db []int32, n int) {
	ids := map[int32]int32{}
	renumber := func(seq []int32) []int32 {
		out := make([]int32, len(seq))
		for i, t := range seq {
			id, ok := ids[t]
			if !ok {
				id = int32(len(ids))
				ids[t] = id
			}
			out[i] = id
		}
		return out
	}
	da, db = renumber(a), renumber(b)
	return da, db, len(ids)
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

// aligner holds the sequences (a and b, and their reversals ra and rb, each
// followed by an end marker that equals nothing in the other) and the
// memory of one alignment.
type aligner[T symbol] struct {
	a, b, ra, rb []T
	fw, bw       wave[T]
	cone         []level // levels recomputed between two copies of a trail
	buf          []int32
	steps        []OpKind
	align        bool // steps are wanted, not only the distance
}

// newAligner prepares the alignment of a and b (non-empty, with no common
// prefix or suffix, tokens numbered below ids).
func newAligner[T symbol](a, b []int32, ids int, steps []OpKind) *aligner[T] {
	seq := func(s []int32, end int, reverse bool) []T {
		out := make([]T, len(s)+1)
		for i, t := range s {
			if reverse {
				i = len(s) - 1 - i
			}
			out[i] = T(t)
		}
		out[len(s)] = T(end)
		return out
	}
	return &aligner[T]{
		a: seq(a, ids, false), b: seq(b, ids+1, false),
		ra: seq(a, ids, true), rb: seq(b, ids+1, true),
		steps: steps, align: steps != nil,
	}
}

// run returns the distance and, when steps are wanted, appends them.
func (al *aligner[T]) run() (int, []OpKind) {
	if !al.align {
		d, _ := al.meet(0)
		return d, nil
	}
	if d := al.fromEnd(); d >= 0 {
		return d, al.steps
	}
	return al.middle(), al.steps
}

// advance computes a level of the furthest-reaching method over a and b
// (each followed by its end marker) on diagonals lo, lo+1, … into c, from the
// previous level p on diagonals lo−1 … lo+len(c), whose largest x is at most
// top, and returns the level's largest x. Every diagonal of c must be
// reachable from p.
func advance[T symbol](a, b []T, p, c []int32, lo int, top int32) int32 {
	step(p, c)
	// a step past the end of a (n) or of b (m+k) is cut back to it: D
	// changes by at most one per cell, so that cell is within the level too
	if n, m := int32(len(a)-1), int32(len(b)-1); top+1 > min(n, m+int32(lo)) {
		for i, x := range c {
			c[i] = min(x, n, m+int32(lo+i))
		}
	}
	return extend(a, b, c, lo)
}

// step sets c[i] to the furthest x on diagonal k = lo+i after one edit from
// p: a deletion from diagonal k−1 (p[i]), a substitution along k (p[i+1]) or
// an insertion from k+1 (p[i+2]). In its own function, with no branches, so
// that its loop stays in registers.
func step(p, c []int32) {
	p = p[:len(c)+2]
	del, sub := p[0], p[1]
	for i := range c {
		ins := p[i+2]
		x := del
		if sub > x {
			x = sub
		}
		x++
		if ins > x {
			x = ins
		}
		c[i] = x
		del, sub = sub, ins
	}
}

// extend moves c[i], on diagonal lo+i, along its diagonal over equal tokens
// of a and b (the end markers stop it) and returns the largest x.
func extend[T symbol](a, b []T, c []int32, lo int) int32 {
	best := int32(neg)
	y0 := int32(-lo)
	for i, x := range c {
		y := x + y0 - int32(i)
		if a[x] == b[y] {
			x, y = x+1, y+1
			for a[x] == b[y] {
				x, y = x+1, y+1
			}
			c[i] = x
		}
		if x > best {
			best = x
		}
	}
	return best
}

// wave is the frontier of the furthest-reaching method over a and b: at
// level e, x[k+off] is the furthest x on diagonal k (k in [lo, hi]) with
// D(x, x−k) ≤ e. Its trail keeps copies of some levels.
type wave[T symbol] struct {
	a, b    []T // each followed by its end marker
	x, prev []int32
	off     int
	e       int
	lo, hi  int
	best    int32 // the largest x of the level
	trail   []level
	every   int // the trail keeps the levels that are multiples of every (none when 0)
	kept    int // cells in the trail
}

// level is a copy of a wave's level e on diagonals lo … lo+len(x)−1.
type level struct {
	e, lo int
	x     []int32
}

// at returns the level's x on diagonal k, or neg when it does not reach it.
func (l *level) at(k int) int {
	if i := k - l.lo; i >= 0 && i < len(l.x) {
		return int(l.x[i])
	}
	return neg
}

// start sets the wave at level 0 over a and b, keeping every every-th level.
func (w *wave[T]) start(a, b []T, every int) {
	w.a, w.b = a, b
	need := len(a) + len(b) + 3
	if cap(w.x) < need {
		w.x, w.prev = make([]int32, need), make([]int32, need)
	}
	w.x, w.prev = w.x[:need], w.prev[:need]
	w.off = len(b) + 1
	w.e, w.lo, w.hi = 0, 0, 0
	x := 0
	for a[x] == b[x] {
		x++
	}
	w.x[w.off], w.best = int32(x), int32(x)
	w.x[w.off-2], w.x[w.off-1], w.x[w.off+1], w.x[w.off+2] = neg, neg, neg, neg
	w.trail, w.every, w.kept = w.trail[:0], every, 0
	w.keep()
}

// next advances the wave by one level.
func (w *wave[T]) next() {
	w.prev, w.x = w.x, w.prev
	w.e++
	w.lo, w.hi = max(-w.e, -(len(w.b)-1)), min(w.e, len(w.a)-1)
	lo, hi, off := w.lo, w.hi, w.off
	w.best = advance(w.a, w.b, w.prev[lo+off-1:hi+off+2], w.x[lo+off:hi+off+1], lo, w.best)
	// the next level reads two diagonals beyond this one's on each side
	w.x[lo+off-1], w.x[lo+off-2] = neg, neg
	w.x[hi+off+1], w.x[hi+off+2] = neg, neg
	w.keep()
}

func (w *wave[T]) keep() {
	if w.every > 0 && w.e%w.every == 0 {
		w.trail = append(w.trail, level{w.e, w.lo, slices.Clone(w.x[w.lo+w.off : w.hi+w.off+1])})
		w.kept += w.hi - w.lo + 1
	}
}

// thin drops every other copy of the trail.
func (w *wave[T]) thin() {
	w.every *= 2
	w.trail = slices.DeleteFunc(w.trail, func(l level) bool { return l.e%w.every != 0 })
	w.kept = 0
	for _, l := range w.trail {
		w.kept += len(l.x)
	}
}

// at returns the wave's x on diagonal k, or neg when the level does not reach it.
func (w *wave[T]) at(k int) int {
	if k < w.lo || k > w.hi {
		return neg
	}
	return int(w.x[k+w.off])
}

// overlap returns a diagonal where the forward wave fw reaches the backward
// wave bw, which runs over the reversals of fw's sequences: the backward
// diagonal of k is n−m−k and its x counts from the end.
func overlap[T symbol](fw, bw *wave[T]) (int, bool) {
	n, m := len(fw.a)-1, len(fw.b)-1
	if int(fw.best)+int(bw.best) < n {
		return 0, false
	}
	delta := n - m
	lo, hi := max(fw.lo, delta-bw.hi), min(fw.hi, delta-bw.lo)
	if lo > hi {
		return 0, false
	}
	f := fw.x[lo+fw.off : hi+fw.off+1]
	g := bw.x[delta-hi+bw.off : delta-lo+bw.off+1]
	last := len(g) - 1
	for i, x := range f {
		if int(x)+int(g[last-i]) >= n {
			return lo + i, true
		}
	}
	return 0, false
}

// fromEnd aligns a and b when their distance is at most baseLevels, by a
// forward wave that keeps every level and a trace from the end, and returns
// the distance; it returns −1, having appended nothing, when the distance is
// larger.
func (al *aligner[T]) fromEnd() int {
	w := &al.fw
	w.start(al.a, al.b, 1)
	n, m := len(al.a)-1, len(al.b)-1
	for w.at(n-m) < n {
		if w.e == baseLevels {
			return -1
		}
		w.next()
	}
	mark := len(al.steps)
	al.trace(w, n, m, w.e)
	slices.Reverse(al.steps[mark:])
	return w.e
}

// meet runs a forward wave over a and b and a backward wave over their
// reversals in turn until they first overlap, keeping every every-th level
// (none when 0), and returns the distance and the diagonal where they meet.
func (al *aligner[T]) meet(every int) (int, int) {
	al.fw.start(al.a, al.b, every)
	al.bw.start(al.ra, al.rb, every)
	delta := len(al.a) - len(al.b)
	for {
		var k int
		var ok bool
		if al.fw.e <= al.bw.e {
			al.fw.next()
			k, ok = overlap(&al.fw, &al.bw)
		} else {
			al.bw.next()
			k, ok = overlap(&al.bw, &al.fw)
			k = delta - k
		}
		if ok {
			return al.fw.e + al.bw.e, k
		}
		if every > 0 && al.fw.kept+al.bw.kept > keptCells {
			al.fw.thin()
			al.bw.thin()
		}
	}
}

// middle aligns a and b through the cell where a forward and a backward wave
// meet, and returns the distance.
func (al *aligner[T]) middle() int {
	d, k := al.meet(32)
	x := al.fw.at(k)
	y := x - k
	mark := len(al.steps)
	al.trace(&al.fw, x, y, al.fw.e)
	slices.Reverse(al.steps[mark:])
	// the backward wave's path from the cell, traced in the reversed
	// sequences, comes out in the forward order
	al.trace(&al.bw, len(al.a)-1-x, len(al.b)-1-y, al.bw.e)
	return d
}

// trace appends the steps of an optimal path of w's sequences from the cell
// (x, y), whose distance from the start is e, back to the start, last step
// first. The levels it needs come from w's trail, recomputed between two
// copies on the diagonals the path can reach.
func (al *aligner[T]) trace(w *wave[T], x, y, e int) {
	a, b := w.a, w.b
	var c []level                       // c[i] is level c[0].e+i
	reaches := func(e, k, x int) bool { // D(x, x−k) ≤ e
		return e >= 0 && c[e-c[0].e].at(k) >= x
	}
	for ; ; e-- {
		for x > 0 && y > 0 && a[x-1] == b[y-1] {
			al.steps = append(al.steps, Equal)
			x, y = x-1, y-1
		}
		if x == 0 && y == 0 {
			return
		}
		if len(c) == 0 || e-1 < c[0].e {
			c = al.recompute(w, e-1, x-y)
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
}

// recompute returns the levels of w from its last copy at or below level top
// up to top, on the diagonals from which a path can reach diagonal k±1 at
// level top: a cone narrowing by one diagonal on each side per level.
func (al *aligner[T]) recompute(w *wave[T], top, k int) []level {
	i, _ := slices.BinarySearchFunc(w.trail, top+1, func(l level, e int) int { return l.e - e })
	base := &w.trail[i-1]
	if base.e == top {
		return w.trail[i-1 : i]
	}
	n, m := len(w.a)-1, len(w.b)-1
	c := append(al.cone[:0], *base)
	for e := base.e + 1; e <= top; e++ {
		half := top - e + 1
		lo, hi := k-half, k+half
		prev := &c[len(c)-1]
		var x []int32
		if len(c) < cap(c) && cap(c[len(c) : len(c)+1][0].x) >= hi-lo+1 {
			x = c[len(c) : len(c)+1][0].x[:hi-lo+1]
		} else {
			x = make([]int32, hi-lo+1)
		}
		for j := range x {
			x[j] = neg
		}
		// the diagonals the level reaches: |k'| ≤ e and within a and b
		if vlo, vhi := max(lo, -e, -m), min(hi, e, n); vlo <= vhi {
			p := slices.Grow(al.buf[:0], vhi-vlo+3)[:vhi-vlo+3]
			al.buf = p
			for j := range p {
				p[j] = int32(prev.at(vlo - 1 + j))
			}
			advance(w.a, w.b, p, x[vlo-lo:vhi-lo+1], vlo, int32(len(w.a)))
		}
		c = append(c, level{e, lo, x})
	}
	al.cone = c
	return c
}
