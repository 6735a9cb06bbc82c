package pipeline

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/spravka/spravka/pipeline/outdir"
)

// Shard is one of N parts of an input, I from 0: a page belongs to the
// shard its name's FNV-1a hash falls in, so every machine that sees the same
// input assigns every page to the same shard, whatever order it finds them
// in. The zero Shard (N 0 or 1) is the whole input.
//
// Shards of one input write one output folder side by side: each holds the
// folder's lock shared and its own shard's lock exclusively (outdir.Lock),
// keeps its own list of the files it wrote, and writes its summary as
// .spravka/summary.shard-<i>-of-<n>.json instead of summary.json and
// index.html, which are made from every page record once all shards are done.
type Shard struct {
	I, N int
}

// ParseShard reads "i/n" (0 ≤ i < n).
func ParseShard(spec string) (Shard, error) {
	is, ns, ok := strings.Cut(spec, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want i/n, e.g. 0/3 for the first of three", spec)
	}
	s := Shard{I: i, N: n}
	return s, s.Valid()
}

// Valid checks that the shard is one of N parts.
func (s Shard) Valid() error {
	if s.N < 1 || s.I < 0 || s.I >= s.N {
		return errors.New("shard " + strconv.Itoa(s.I) + "/" + strconv.Itoa(s.N) + ": want 0 ≤ i < n")
	}
	return nil
}

// String names the shard in file names ("1-of-3"), "" for the whole input.
func (s Shard) String() string {
	if s.N <= 1 {
		return ""
	}
	return fmt.Sprintf("%d-of-%d", s.I, s.N)
}

// Has reports whether the page named name belongs to the shard.
func (s Shard) Has(name string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()%uint64(s.N) == uint64(s.I)
}

// shardSummary is where a shard writes its summary.
func (r *runner) shardSummary() string {
	return outdir.StateDir + "/summary.shard-" + r.cfg.Shard.String() + ".json"
}
