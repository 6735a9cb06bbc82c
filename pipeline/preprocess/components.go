package preprocess

import (
	"encoding/binary"
	"image"
)

// comp is one 8-connected component of dark pixels: its bounding box (X1, Y1
// exclusive) and its pixel count.
type comp struct {
	X0, Y0, X1, Y1 int
	Area           int
}

func (c comp) w() int { return c.X1 - c.X0 }
func (c comp) h() int { return c.Y1 - c.Y0 }

// run is a horizontal stretch of dark pixels [x0, x1) on one row.
type run struct {
	x0, x1 int32
	label  int32
}

// components labels the 8-connected components of pixels of g darker than or
// equal to thr. It works on runs (union-find over run labels), so its cost is
// one pass over the pixels plus a little per run, and it keeps no per-pixel
// label image. Components come out ordered by their first run (top to bottom,
// left to right), which makes every use of them deterministic.
func components(g *image.Gray, thr uint8) []comp {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	var parent []int32
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int32) {
		ra, rb := find(a), find(b)
		switch {
		case ra < rb:
			parent[rb] = ra
		case rb < ra:
			parent[ra] = rb
		}
	}
	var stats []comp // per provisional label
	var prev, cur []run
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		cur = cur[:0]
		for x := 0; x < w; {
			if x = skipLight(row, x, thr); x == w {
				break
			}
			x0 := x
			for x < w && row[x] <= thr {
				x++
			}
			cur = append(cur, run{x0: int32(x0), x1: int32(x), label: -1})
		}
		// Join with the runs of the previous row that touch, diagonals included.
		j := 0
		for i := range cur {
			r := &cur[i]
			for j < len(prev) && prev[j].x1 < r.x0 {
				j++
			}
			for k := j; k < len(prev) && prev[k].x0 <= r.x1; k++ {
				if r.label < 0 {
					r.label = prev[k].label
				} else {
					union(r.label, prev[k].label)
				}
			}
			if r.label < 0 {
				r.label = int32(len(parent))
				parent = append(parent, r.label)
				stats = append(stats, comp{X0: int(r.x0), Y0: y, X1: int(r.x1), Y1: y + 1})
			}
			s := &stats[r.label]
			s.X0 = min(s.X0, int(r.x0))
			s.X1 = max(s.X1, int(r.x1))
			s.Y1 = max(s.Y1, y+1)
			s.Area += int(r.x1 - r.x0)
		}
		prev, cur = cur, prev
	}
	// Merge provisional labels into their roots, keeping first-seen order.
	index := make([]int32, len(parent))
	var out []comp
	for i := range parent {
		root := find(int32(i))
		if root == int32(i) {
			index[i] = int32(len(out))
			out = append(out, stats[i])
			continue
		}
		o := &out[index[root]]
		s := stats[i]
		o.X0, o.Y0 = min(o.X0, s.X0), min(o.Y0, s.Y0)
		o.X1, o.Y1 = max(o.X1, s.X1), max(o.Y1, s.Y1)
		o.Area += s.Area
	}
	return out
}

// skipLight returns the first index from x on of a pixel of row that is
// not lighter than thr (len(row) if none), eight pixels at a time over
// paper.
func skipLight(row []uint8, x int, thr uint8) int {
	for ; x+8 <= len(row); x += 8 {
		if anyAtMost(binary.LittleEndian.Uint64(row[x:]), thr) {
			break
		}
	}
	for x < len(row) && row[x] > thr {
		x++
	}
	return x
}

// anyAtMost reports whether any of the eight bytes of v is at most t, by
// the carry tricks of Mycroft's haszero (Anderson's Bit Twiddling Hacks,
// "hasless" and "hasmore"): a byte b < n ≤ 128 borrows when n is
// subtracted from it and had its top bit clear; for t ≥ 127 the bytes are
// inverted and a byte 255−b > 254−t carries into its top bit.
func anyAtMost(v uint64, t uint8) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	if t < 128 {
		return (v-ones*(uint64(t)+1))&^v&tops != 0
	}
	inv := ^v
	return ((inv+ones*uint64(127-(254-int(t))))|inv)&tops != 0
}
