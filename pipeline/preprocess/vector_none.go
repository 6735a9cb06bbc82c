//go:build !(goexperiment.simd && amd64 && !go1.27)

package preprocess

// Without GOEXPERIMENT=simd on amd64 (Go 1.26) the vector kernels
// (vector.go) write nothing and their callers' scalar loops do the whole
// row.

// vector is a variable, as in vector.go.
var vector = false

func divideVec(dst, src []uint8, top, bot []int32, ty int32) int { return 0 }

func rotateSeqVec(out, a, b []uint8, fx, d, fy, dy int32) int { return 0 }

func median3Vec(dst, r0, r1, r2 []uint8) int { return 0 }

func clearUpper() {}
