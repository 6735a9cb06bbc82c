package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/record"
)

// TestRebuildGivesTheSameReport: the report rebuilt from the folder's page
// records is the report written with the batch, byte for byte, and a user's
// own JSON file in the folder is not taken for a page.
func TestRebuildGivesTheSameReport(t *testing.T) {
	dir := t.TempDir()
	f := newFixture()
	f.write(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "notes.json"), []byte(`{"status": "mine"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, p := range f.pages {
		before[p.Name+ExtView] = readFile(t, dir, p.Name+ExtView)
		os.Remove(filepath.Join(dir, filepath.FromSlash(p.Name+ExtView)))
	}
	before["index.html"] = readFile(t, dir, "index.html")
	os.Remove(filepath.Join(dir, "index.html"))
	sum, err := Rebuild(outdir.Dir{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pages.Total != 3 || sum.Pages.Failed != 1 || sum.Corrections.Applied != 2 {
		t.Errorf("summary %+v", sum.Pages)
	}
	for name, want := range before {
		if got := readFile(t, dir, name); got != want {
			t.Errorf("%s rebuilt differs from the one written with the batch", name)
		}
	}
	if !strings.Contains(readFile(t, dir, record.SummaryFile), `"failed": 1`) {
		t.Error("summary.json not rebuilt")
	}
}

func TestRebuildOfAFolderWithoutRecords(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "page.json"), []byte(`{"name": "other", "status": "ok"}`), 0o644)
	if _, err := Rebuild(outdir.Dir{Root: dir}); !errors.Is(err, record.ErrNoRecords) {
		t.Errorf("error %v, want ErrNoRecords", err)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "p.json"), []byte(`{"name": "p", "status": "ok", "page": "one"}`), 0o644)
	if _, err := Rebuild(outdir.Dir{Root: bad}); err == nil || !strings.Contains(err.Error(), "p.json") {
		t.Errorf("a broken record gives %v, want an error naming it", err)
	}
}
