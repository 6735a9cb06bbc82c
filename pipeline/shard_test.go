package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/record"
)

func TestParseShard(t *testing.T) {
	for spec, want := range map[string]Shard{"0/3": {0, 3}, "2/3": {2, 3}, "0/1": {0, 1}} {
		if got, err := ParseShard(spec); err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", spec, got, err, want)
		}
	}
	for _, spec := range []string{"3/3", "-1/3", "1/0", "1", "a/b", "1/3/4", ""} {
		if _, err := ParseShard(spec); err == nil {
			t.Errorf("ParseShard(%q) accepted", spec)
		}
	}
}

// TestShardHas: every page is in exactly one shard, the shards are about
// even, and the assignment never changes (shards of one job may run
// different builds).
func TestShardHas(t *testing.T) {
	const n = 3
	counts := make([]int, n)
	for i := range 3000 {
		name := fmt.Sprintf("box%d/telegram-%04d.p%d", i%7, i, i%3+1)
		in := 0
		for s := range n {
			if (Shard{s, n}).Has(name) {
				in++
				counts[s]++
			}
		}
		if in != 1 {
			t.Fatalf("%s is in %d shards", name, in)
		}
	}
	for s, c := range counts {
		if c < 900 || c > 1100 {
			t.Errorf("shard %d has %d of 3000 pages", s, c)
		}
	}
	for name, want := range map[string]int{"a": 1, "sub/b": 0, "book.p2": 1, "book.p3": 2, "Опись 1/лист 3": 1} {
		if !(Shard{want, 3}).Has(name) {
			t.Errorf("%s is no longer in shard %d of 3", name, want)
		}
	}
	if !(Shard{}).Has("anything") {
		t.Error("the whole input lacks a page")
	}
}

// TestRunShards runs three shards of one input into one folder, one after
// another and then all at once: their summaries account for every page
// once, and with the report made (Report) the folder holds exactly the files
// of one run of the whole input, summary.json's timing aside.
func TestRunShards(t *testing.T) {
	in := testInput(t)
	var calls atomic.Int64
	whole := t.TempDir()
	cfg, _ := testConfig(t, in, whole, &calls)
	Run(context.Background(), cfg)
	want := pageFiles(t, whole)
	want["summary.json"] = timeless(t, whole)

	for _, together := range []bool{false, true} {
		t.Run(fmt.Sprintf("at once %v", together), func(t *testing.T) {
			out := t.TempDir()
			sums := make([]*record.Summary, 3)
			errs := make([]error, 3)
			var wg sync.WaitGroup
			for i := range 3 {
				c, _ := testConfig(t, in, out, &calls)
				c.Shard = Shard{i, 3}
				c.Workers = 1
				run := func() { sums[i], errs[i] = Run(context.Background(), c) }
				if together {
					wg.Go(run)
				} else {
					run()
				}
			}
			wg.Wait()
			var names []string
			total := 0
			for i, s := range sums {
				if errs[i] != nil && !errors.Is(errs[i], ErrPagesFailed) {
					t.Fatalf("shard %d: %v", i, errs[i])
				}
				total += s.Pages.Total
				for _, r := range s.Records {
					names = append(names, r.Name)
				}
				if s.Tool.Shard != fmt.Sprintf("%d-of-3", i) {
					t.Errorf("shard %d's summary says %q", i, s.Tool.Shard)
				}
				if _, err := os.Stat(filepath.Join(out, outdir.StateDir, "summary.shard-"+s.Tool.Shard+".json")); err != nil {
					t.Error(err)
				}
			}
			slices.Sort(names)
			if total != 8 || len(names) != 8 || len(slices.Compact(names)) != 8 {
				t.Errorf("shards read %d pages: %v", total, names)
			}
			if _, err := Report(out); err != nil {
				t.Fatal(err)
			}
			got := pageFiles(t, out)
			got["summary.json"] = timeless(t, out)
			for name, data := range want {
				if got[name] != data {
					t.Errorf("%s differs from the run of the whole input", name)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("shards wrote %s, the whole run did not", name)
				}
			}
			// a shard again, resumed: nothing to do, no clash with the other shards' files
			c, _ := testConfig(t, in, out, &calls)
			c.Shard, c.Resume = Shard{1, 3}, true
			if s, err := Run(context.Background(), c); (err != nil && !errors.Is(err, ErrPagesFailed)) || s.Pages.Skipped+s.Pages.Failed != s.Pages.Total {
				t.Errorf("shard 1 resumed: %v, pages %+v", err, s.Pages)
			}
		})
	}
}

// timeless returns the folder's summary.json without what differs from run
// to run: the timing, and the workers (one a shard here, three in the run
// of the whole input).
func timeless(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s record.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	s.Timing, s.Tool.Workers = record.Timing{}, 0
	b, _ = record.Marshal(s)
	return string(b)
}
