package accuracy

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// oracle is the Levenshtein distance (unit costs) between a and b by the
// textbook dynamic programme, in O(len(a)·len(b)) time: the reference the
// fast alignment is checked against.
func oracle[T comparable](a, b []T) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(c, prev[j], cur[j-1])
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkSteps fails unless steps align all of a with all of b, pair equal
// tokens only as Equal and different ones only as Substitute, and cost want.
func checkSteps(t *testing.T, a, b []int32, steps []OpKind, want int) {
	t.Helper()
	i, j, cost := 0, 0, 0
	for n, s := range steps {
		switch s {
		case Equal, Substitute:
			if i >= len(a) || j >= len(b) {
				t.Fatalf("step %d %v runs past the end (a %d/%d, b %d/%d)", n, s, i, len(a), j, len(b))
			}
			if (a[i] == b[j]) != (s == Equal) {
				t.Fatalf("step %d is %v for tokens %d and %d", n, s, a[i], b[j])
			}
			if s == Substitute {
				cost++
			}
			i, j = i+1, j+1
		case Delete:
			if i >= len(a) {
				t.Fatalf("step %d deletes past the end of a", n)
			}
			i, cost = i+1, cost+1
		case Insert:
			if j >= len(b) {
				t.Fatalf("step %d inserts past the end of b", n)
			}
			j, cost = j+1, cost+1
		}
	}
	if i != len(a) || j != len(b) {
		t.Fatalf("alignment covers a[:%d] of %d and b[:%d] of %d", i, len(a), j, len(b))
	}
	if cost != want {
		t.Fatalf("alignment costs %d, distance is %d", cost, want)
	}
}

// mutate returns a copy of a with about rate·len(a) random edits over an
// alphabet of size sigma.
func mutate(rng *rand.Rand, a []int32, rate float64, sigma int32) []int32 {
	var b []int32
	for i := 0; i <= len(a); i++ {
		for rng.Float64() < rate/3 {
			b = append(b, rng.Int32N(sigma))
		}
		if i == len(a) {
			break
		}
		switch r := rng.Float64(); {
		case r < rate/3: // deleted
		case r < 2*rate/3:
			b = append(b, rng.Int32N(sigma))
		default:
			b = append(b, a[i])
		}
	}
	return b
}

func randomSeq(rng *rand.Rand, n int, sigma int32) []int32 {
	a := make([]int32, n)
	for i := range a {
		a[i] = rng.Int32N(sigma)
	}
	return a
}

// TestAlignAgainstOracle checks the distance and the alignment on random
// pairs against the textbook dynamic programme: as configured, with every
// distance over 1 or 3 meeting in the middle, with the waves' copies thinned
// down to a few hundred cells, and with tokens stored in 16 and 32 bits.
func TestAlignAgainstOracle(t *testing.T) {
	for _, tt := range []struct{ base, kept, bits int }{
		{baseLevels, keptCells, 8}, {1, keptCells, 8}, {3, 300, 8}, {2, keptCells, 16}, {5, 1000, 32},
	} {
		t.Run(fmt.Sprintf("base%d-kept%d-bits%d", tt.base, tt.kept, tt.bits), func(t *testing.T) {
			defer func(b, k, s int) { baseLevels, keptCells, minSymbolBits = b, k, s }(baseLevels, keptCells, minSymbolBits)
			baseLevels, keptCells, minSymbolBits = tt.base, tt.kept, tt.bits
			// distances past the real baseLevels need long sequences; the
			// middle of the others is reached with short ones
			long := 500
			if tt.base == baseLevels {
				long = 1500
			}
			alignRandom(t, rand.New(rand.NewPCG(1, uint64(tt.base))), long)
		})
	}
}

func alignRandom(t *testing.T, rng *rand.Rand, long int) {
	for iter := range 1000 {
		sigma := []int32{2, 4, 30, 1000}[(iter/4)%4]
		var a, b []int32
		switch iter % 4 {
		case 0: // unrelated, short, often empty
			a, b = randomSeq(rng, rng.IntN(12), sigma), randomSeq(rng, rng.IntN(12), sigma)
		case 1: // similar
			a = randomSeq(rng, rng.IntN(300), sigma)
			b = mutate(rng, a, 0.1, sigma)
		case 2: // very different
			a = randomSeq(rng, rng.IntN(600), sigma)
			b = mutate(rng, a, 0.7, sigma)
		default: // similar, with distances past baseLevels
			a = randomSeq(rng, long/5+rng.IntN(long), sigma)
			b = mutate(rng, a, 0.4, sigma)
		}
		want := oracle(a, b)
		if got := distance(a, b); got != want {
			t.Fatalf("distance(%v, %v) = %d, want %d", a, b, got, want)
		}
		d, steps := align(a, b)
		if d != want {
			t.Fatalf("align distance %d, want %d (len %d, %d)", d, want, len(a), len(b))
		}
		checkSteps(t, a, b, steps, want)
	}
}
