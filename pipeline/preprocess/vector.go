//go:build goexperiment.simd && amd64 && !go1.27

package preprocess

import "simd/archsimd"

// The loops that take most of preprocessing's time, 16 or 64 pixels at a
// time with AVX-512 (Go's experimental simd/archsimd, built with
// GOEXPERIMENT=simd; vector_none.go stands in for them otherwise, and with a
// Go after 1.26, whose experimental API may differ, until this file is
// checked against it). Each computes exactly what the scalar loop beside its
// caller computes, so the output is the same byte for byte on any machine
// (filter_test.go compares both against the steps written out directly in
// reference_test.go, vector_test.go the kernels against the scalar loops on
// the sample pages). Each returns how many pixels it wrote: 0 on a machine
// without AVX-512, when the caller's scalar loop does the whole row.

// Each kernel ends by clearing the vector registers' upper halves: the
// scalar floating-point code the compiler makes uses SSE instructions, which
// run slowly while they are set. The runtime sets them too: with
// GOEXPERIMENT=simd, a goroutine preempted asynchronously gets the full
// AVX-512 registers back (runtime/preempt_amd64.s) and nothing clears them,
// so Sauvola, the one floating-point loop here, clears them at every row
// (clearUpper): it took 76 ms on a page instead of 47 without.

// vector reports whether the kernels run: the processor has AVX-512 (the
// tests switch them off to compare, vector_test.go).
var vector = archsimd.X86.AVX512()

// lanes holds 0..15, a lane's offset from the first pixel of a block.
var lanes = [16]uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}

// divideVec is divideRow's loop. Its quotient is taken in float32, which
// gives the same ⌊v·65280/bg⌋ as the reciprocal table: the numerator
// (< 2²⁴) and the background (< 2¹⁶) are exact in float32, the division is
// correctly rounded, and a quotient that is not a whole number lies at
// least 1/bg ≥ 2⁻¹⁶ from one, more than half a unit in the last place of a
// float32 under 256 (2⁻¹⁷); at 256 and above the result clips to 255 either
// way.
func divideVec(dst, src []uint8, top, bot []int32, ty int32) int {
	n := len(dst)
	if !vector || n < 16 {
		return 0
	}
	src, top, bot = src[:n], top[:n], bot[:n]
	wt, t := archsimd.BroadcastInt32x16(256-ty), archsimd.BroadcastInt32x16(ty)
	scale := archsimd.BroadcastFloat32x16(255 * 256)
	white := archsimd.BroadcastUint32x16(255)
	// The last block ends at the row's end, overlapping the one before it
	// (the same pixels come out the same), so there is no tail.
	for x := 0; x < n; x = min(x+16, n-16) {
		bg := archsimd.LoadInt32x16Slice(top[x:]).Mul(wt).Add(archsimd.LoadInt32x16Slice(bot[x:]).Mul(t)).ShiftAllRight(8)
		q := archsimd.LoadUint8x16Slice(src[x:]).ExtendToUint32().ConvertToFloat32().Mul(scale).Div(bg.ConvertToFloat32())
		q.ConvertToUint32().Min(white).TruncateToUint8().StoreSlice(dst[x:])
		if x == n-16 {
			break
		}
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// rotateSeqVec is rotateSeq's loop, bilinear's arithmetic lane by lane in
// uint32 (wrapping as the scalar code does).
func rotateSeqVec(out, a, b []uint8, fx, d, fy, dy int32) int {
	n := len(out)
	if !vector || n < 16 {
		return 0
	}
	a, b = a[:n+1], b[:n+1]
	lane := archsimd.LoadUint32x16(&lanes)
	d16, dy16 := archsimd.BroadcastUint32x16(uint32(d)), archsimd.BroadcastUint32x16(uint32(dy))
	low := archsimd.BroadcastUint32x16(255)
	half := archsimd.BroadcastUint32x16(1 << 23)
	var zero archsimd.Uint32x16
	// As in divideVec, the last block ends at the row's end.
	for x := 0; x < n; x = min(x+16, n-16) {
		at := lane.Add(archsimd.BroadcastUint32x16(uint32(x)))
		f := archsimd.BroadcastUint32x16(uint32(fx)).Sub(at.Mul(d16))
		g := archsimd.BroadcastUint32x16(uint32(fy)).Add(at.Mul(dy16))
		p, q := archsimd.LoadUint8x16Slice(a[x:]).ExtendToUint32(), archsimd.LoadUint8x16Slice(a[x+1:]).ExtendToUint32()
		top := p.ShiftAllLeft(16).Add(q.Sub(p).Mul(f))
		p, q = archsimd.LoadUint8x16Slice(b[x:]).ExtendToUint32(), archsimd.LoadUint8x16Slice(b[x+1:]).ExtendToUint32()
		bot := p.ShiftAllLeft(16).Add(q.Sub(p).Mul(f))
		sum := top.ShiftAllLeft(8).Add(bot.Sub(top).Mul(g.ShiftAllRight(8)))
		sum = sum.Sub(top.And(zero.Sub(g.And(low).Add(low).ShiftAllRight(8))))
		sum.Add(half).ShiftAllRight(24).TruncateToUint8().StoreSlice(out[x:])
		if x == n-16 {
			break
		}
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// median3Vec writes the medians of the pixels 1 .. len(dst)−2 of a row from
// the row above, its own and the one below (r0, r1, r2), 64 at a time, and
// returns how many it wrote; the two edge pixels are the caller's. Each is
// the median of nine by sorted columns, as median3Row takes it.
func median3Vec(dst, r0, r1, r2 []uint8) int {
	w := len(dst)
	if !vector || w < 66 {
		return 0
	}
	r0, r1, r2 = r0[:w], r1[:w], r2[:w]
	column := func(x int) (lo, mid, hi archsimd.Uint8x64) {
		a, b, c := archsimd.LoadUint8x64Slice(r0[x:]), archsimd.LoadUint8x64Slice(r1[x:]), archsimd.LoadUint8x64Slice(r2[x:])
		p, q := a.Min(b), a.Max(b)
		return p.Min(c), p.Max(q.Min(c)), q.Max(c)
	}
	// Blocks of 64 from pixel 1, the last ending at pixel w−2.
	for x := 1; ; x = min(x+64, w-65) {
		l0, m0, h0 := column(x - 1)
		l1, m1, h1 := column(x)
		l2, m2, h2 := column(x + 1)
		lo, hi := l0.Max(l1).Max(l2), h0.Min(h1).Min(h2)
		mid := m0.Min(m1).Max(m0.Max(m1).Min(m2))
		lo.Min(mid).Max(lo.Max(mid).Min(hi)).StoreSlice(dst[x:])
		if x == w-65 {
			break
		}
	}
	archsimd.ClearAVXUpperBits()
	return w - 2
}

// clearUpper clears the vector registers' upper halves (see above); cheap
// (one instruction).
func clearUpper() { archsimd.ClearAVXUpperBits() }
