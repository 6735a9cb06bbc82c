package tesseract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// TestDataFiles: the engine names the language data it loaded, from the
// folder TESSDATA_PREFIX points to when it is set.
func TestDataFiles(t *testing.T) {
	testtools.Tesseract(t, "rus", "eng")
	files := func(t *testing.T) []string {
		c, err := New(Config{Lang: "rus+eng", PSM: 3})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		f, err := c.DataFiles()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	def := files(t)
	if len(def) != 2 || filepath.Base(def[0]) != "rus.traineddata" || filepath.Base(def[1]) != "eng.traineddata" {
		t.Fatalf("data files %v", def)
	}
	// the same data, seen through another folder
	dir := t.TempDir()
	for _, f := range def {
		if err := os.Symlink(f, filepath.Join(dir, filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TESSDATA_PREFIX", dir)
	got := files(t)
	if len(got) != 2 || filepath.Dir(got[0]) != dir {
		t.Errorf("with TESSDATA_PREFIX=%s: data files %v", dir, got)
	}
}
