package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/scan"
)

// TestRunWritesOnlyItsOwnFiles puts files that spravka did not write where
// a run would write, in turn: the run refuses before any work, naming every
// one, and leaves them, and everything else, as they were.
func TestRunWritesOnlyItsOwnFiles(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, in, out string) // out holds a finished run unless fresh
		fresh bool
		clash []string // the files named; none: the run goes ahead
	}{
		{name: "a transcription saved as the page's text", fresh: true,
			setup: func(t *testing.T, in, out string) {
				os.WriteFile(filepath.Join(out, "a.txt"), []byte("мой текст"), 0o644)
			},
			clash: []string{"a.txt"}},
		{name: "the user's own files beside a finished run",
			setup: func(t *testing.T, in, out string) {
				writePNG(t, filepath.Join(in, "sub/new.png"), 104, 50)
				os.WriteFile(filepath.Join(out, "sub/new.hocr"), []byte("mine"), 0o644)
				os.Remove(filepath.Join(out, "c.alto.xml"))
				os.MkdirAll(filepath.Join(out, "c.alto.xml"), 0o755)
				os.WriteFile(filepath.Join(out, "book.p9.txt"), []byte("not a page of this run"), 0o644)
			},
			clash: []string{"c.alto.xml", "sub/new.hocr"}},
		{name: "a summary.json that is not spravka's", fresh: true,
			setup: func(t *testing.T, in, out string) {
				os.WriteFile(filepath.Join(out, "summary.json"), []byte("{}"), 0o644)
			},
			clash: []string{"summary.json"}},
		{name: "a folder written before spravka kept its list",
			setup: func(t *testing.T, in, out string) { os.RemoveAll(filepath.Join(out, outdir.StateDir)) }},
		{name: "a run killed after a page's files, before its record",
			setup: func(t *testing.T, in, out string) { os.Remove(filepath.Join(out, "a.json")) }},
		{name: "review files",
			setup: func(t *testing.T, in, out string) {
				for _, f := range []string{"a.review.json", "a.final.txt", "a.final.alto.xml"} {
					os.WriteFile(filepath.Join(out, f), []byte("reviewed"), 0o644)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, out := testInput(t), t.TempDir()
			var calls atomic.Int64
			cfg, _ := testConfig(t, in, out, &calls)
			if !tt.fresh {
				Run(context.Background(), cfg)
			}
			tt.setup(t, in, out)
			before := pageFiles(t, out)
			calls.Store(0)
			_, err := Run(context.Background(), cfg)
			var ce *ClashError
			if len(tt.clash) == 0 {
				if !errors.Is(err, ErrPagesFailed) {
					t.Fatalf("run: %v", err)
				}
				for name, data := range before {
					if strings.Contains(name, ".review.") || strings.Contains(name, ".final.") {
						if after := pageFiles(t, out)[name]; after != data {
							t.Errorf("%s changed: %q", name, after)
						}
					}
				}
				return
			}
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a clash", err)
			}
			var names []string
			for _, c := range ce.Clashes {
				names = append(names, c.Name)
			}
			slices.Sort(names)
			if !slices.Equal(names, tt.clash) {
				t.Errorf("clashes %v, want %v", names, tt.clash)
			}
			for _, n := range tt.clash {
				if !strings.Contains(err.Error(), n) {
					t.Errorf("message does not name %s:\n%s", n, err)
				}
			}
			if calls.Load() != 0 {
				t.Errorf("%d pages recognised before the clash was reported", calls.Load())
			}
			after := pageFiles(t, out)
			if len(after) != len(before) {
				t.Errorf("%d files before, %d after", len(before), len(after))
			}
			for name, data := range before {
				if after[name] != data {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}

// TestRunIntoItsInputFolder writes the outputs beside the scans, twice, with
// the preprocessed images kept: the second run reads the same pages, not
// spravka's own images, and reports the same pages.
func TestRunIntoItsInputFolder(t *testing.T) {
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "a.png"), 101, 50)
	writePNG(t, filepath.Join(dir, "sub/b.png"), 102, 50)
	os.WriteFile(filepath.Join(dir, "notes.odt"), []byte("PK"), 0o644)
	var calls atomic.Int64
	cfg, _ := testConfig(t, dir, dir, &calls)
	cfg.KeepImages = true
	for run := 1; run <= 2; run++ {
		sum, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if sum.Pages.Total != 2 || len(sum.NotRead) != 1 || sum.NotRead[0].File != "notes.odt" {
			t.Errorf("run %d: pages %+v, not read %+v", run, sum.Pages, sum.NotRead)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a.prep.png")); err != nil {
		t.Fatal(err)
	}
	// a page image spravka wrote, moved to another input folder, is still not a scan
	found, err := scan.Inventory(dir, scan.Walk{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range found.Sources {
		if strings.Contains(s.Rel, ".prep") {
			t.Errorf("%s read as a scan", s.Path)
		}
	}
}

// TestRunNamesTakenTwice: a.ocr.png writes a.ocr.txt, which would also be
// the raw text of a.png. The page that comes second in input order fails
// with a clear error and writes nothing; the first is whole.
func TestRunNamesTakenTwice(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writePNG(t, filepath.Join(in, "a.png"), 101, 50)
	writePNG(t, filepath.Join(in, "a.ocr.png"), 102, 50)
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	sum, err := Run(context.Background(), cfg)
	if !errors.Is(err, ErrPagesFailed) || sum.Pages.OK != 1 || len(sum.Failed) != 1 {
		t.Fatalf("err %v, pages %+v", err, sum.Pages)
	}
	if f := sum.Failed[0]; f.Name != "a" || !strings.Contains(f.Error, "a.png: its output a.ocr.txt is also the output of page a.ocr") {
		t.Errorf("failure %+v", f)
	}
	files := pageFiles(t, out)
	if files["a.ocr.txt"] != "страница 102x50\nРазуваев\n" {
		t.Errorf("a.ocr.txt = %q, want a.ocr.png's corrected text", files["a.ocr.txt"])
	}
	if _, ok := files["a.json"]; ok {
		t.Error("the page whose names were taken wrote a record")
	}
}

// TestRunOneAtATime: a run finds the output folder held and says by whom.
func TestRunOneAtATime(t *testing.T) {
	in, out := testInput(t), t.TempDir()
	l, err := outdir.Dir{Root: out}.Lock("")
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	_, err = Run(context.Background(), cfg)
	var be *outdir.BusyError
	if !errors.As(err, &be) || len(be.Holders) != 1 || !strings.Contains(be.Holders[0], "pid ") {
		t.Errorf("error %v, want the folder busy, naming its holder", err)
	}
	if calls.Load() != 0 || len(pageFiles(t, out)) != 0 {
		t.Error("a refused run read or wrote pages")
	}
	l.Release()
	if _, err := Run(context.Background(), cfg); !errors.Is(err, ErrPagesFailed) {
		t.Errorf("after release: %v", err)
	}
}

// TestOutputImagesAreNotScans: every image a run writes is one scan refuses
// as input (the lists live in two packages).
func TestOutputImagesAreNotScans(t *testing.T) {
	r := &runner{cfg: Config{KeepImages: true}}
	for _, o := range r.outputs(nil) {
		if f := "page" + o.ext; strings.HasSuffix(f, ".png") || strings.HasSuffix(f, ".jpg") {
			if scan.IsImage(f) {
				t.Errorf("%s would be read as a scan", f)
			}
		}
	}
}

// TestReportWritesOnlyItsOwnFiles: the report is rebuilt under the folder's
// lock and refuses to overwrite an index.html that is not spravka's.
func TestReportWritesOnlyItsOwnFiles(t *testing.T) {
	in, out := testInput(t), t.TempDir()
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	Run(context.Background(), cfg)
	if _, err := Report(out); err != nil {
		t.Fatalf("report of a run's folder: %v", err)
	}
	l, _ := outdir.Dir{Root: out}.Lock("")
	var be *outdir.BusyError
	if _, err := Report(out); !errors.As(err, &be) {
		t.Errorf("report while a run holds the folder: %v", err)
	}
	l.Release()

	// a folder of records whose index.html is someone else's
	os.RemoveAll(filepath.Join(out, outdir.StateDir))
	os.Remove(filepath.Join(out, "summary.json"))
	os.WriteFile(filepath.Join(out, "index.html"), []byte("<p>our archive's own index</p>"), 0o644)
	var ce *ClashError
	// (its _report/ is nobody's either, without the summary.json that would
	// make the run files spravka's)
	if _, err := Report(out); !errors.As(err, &ce) || len(ce.Clashes) != len(runFiles)-1 || ce.Clashes[0].Name != "index.html" {
		t.Errorf("error %v, want a clash on index.html and the report's assets", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "<p>our archive's own index</p>" {
		t.Error("the user's index.html was overwritten")
	}
}

// TestReportOfAFolderWithoutRecords leaves the folder as it was.
func TestReportOfAFolderWithoutRecords(t *testing.T) {
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "a.png"), 101, 50)
	if _, err := Report(dir); !errors.Is(err, record.ErrNoRecords) {
		t.Errorf("error %v, want ErrNoRecords", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("the folder now holds %d entries", len(es))
	}
}
