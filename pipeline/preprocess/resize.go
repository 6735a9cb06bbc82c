package preprocess

import (
	"image"
	"math"

	"github.com/disintegration/imaging"
)

// resize scales g to w×h with imaging's Catmull-Rom filter and gives the
// same bytes as toGray(imaging.Resize(g, w, h, imaging.CatmullRom)), which
// is how pages were scaled before: a row pass, then a column pass over its
// 8-bit result, each output the float64 sum of the taps weighted as
// imaging weighs them (its 255 alpha included), rounded and clipped. On one
// gray channel, in one goroutine, it does a quarter of imaging's work.
func resize(g *image.Gray, w, h int) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	if w == sw && h == sh {
		return cloneGray(g)
	}
	src := g
	if w != sw {
		tmp := image.NewGray(image.Rect(0, 0, w, sh))
		taps := resizeTaps(w, sw, imaging.CatmullRom)
		for y := range sh {
			resizeLine(tmp.Pix[y*w:(y+1)*w], g.Pix[y*g.Stride:y*g.Stride+sw], taps)
		}
		src = tmp
	}
	if h == sh {
		return src
	}
	// Down the columns a whole row at a time: each output row sums its
	// source rows tap by tap, which adds each pixel's terms in the same
	// order as imaging's column scan.
	out := image.NewGray(image.Rect(0, 0, w, h))
	sum := make([]float64, w)
	for y, ts := range resizeTaps(h, sh, imaging.CatmullRom) {
		clear(sum)
		var a float64
		for _, t := range ts {
			aw := 255 * t.weight
			for x, v := range src.Pix[t.index*src.Stride : t.index*src.Stride+w] {
				sum[x] += float64(v) * aw
			}
			a += aw
		}
		dst := out.Pix[y*w : (y+1)*w]
		if a == 0 {
			clear255(dst)
			continue
		}
		for x, r := range sum {
			dst[x] = clampRound(r * (1 / a))
		}
	}
	return out
}

// tap is one source sample of an output sample and its weight.
type tap struct {
	index  int
	weight float64
}

// resizeTaps is imaging's precomputeWeights: for each of n outputs from
// srcN inputs, the inputs under the filter and their normalised weights.
func resizeTaps(n, srcN int, filter imaging.ResampleFilter) [][]tap {
	du := float64(srcN) / float64(n)
	scale := max(du, 1)
	ru := math.Ceil(scale * filter.Support)
	out := make([][]tap, n)
	for v := range n {
		fu := (float64(v)+0.5)*du - 0.5
		begin := max(int(math.Ceil(fu-ru)), 0)
		end := min(int(math.Floor(fu+ru)), srcN-1)
		var sum float64
		var ts []tap
		for u := begin; u <= end; u++ {
			if w := filter.Kernel((float64(u) - fu) / scale); w != 0 {
				sum += w
				ts = append(ts, tap{u, w})
			}
		}
		if sum != 0 {
			for i := range ts {
				ts[i].weight /= sum
			}
		}
		out[v] = ts
	}
	return out
}

// resizeLine computes each dst[i] from the samples of src under taps[i],
// as imaging does for an opaque pixel: the weights times 255 (its alpha)
// summed, and the sum of value times that divided by it, rounded and
// clipped. An output whose weights sum to zero would be transparent in
// imaging, which the gray conversion makes white.
func resizeLine(dst, src []uint8, taps [][]tap) {
	for i, ts := range taps {
		var r, a float64
		for _, t := range ts {
			aw := 255 * t.weight
			r += float64(src[t.index]) * aw
			a += aw
		}
		if a == 0 {
			dst[i] = 255
			continue
		}
		dst[i] = clampRound(r * (1 / a))
	}
}

// clampRound is imaging's clamp: x rounded half up, into 0..255.
func clampRound(x float64) uint8 {
	v := int64(x + 0.5)
	if v > 255 {
		return 255
	}
	if v > 0 {
		return uint8(v)
	}
	return 0
}
