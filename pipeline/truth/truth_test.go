package truth

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFind(t *testing.T) {
	in, dir := t.TempDir(), t.TempDir()
	write := func(path, text string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(in, "box/a.gt.txt"), "beside a")
	write(filepath.Join(in, "box/book.p2.gt.txt"), "beside book p2")
	write(filepath.Join(in, "box/c.gt.txt"), "beside c")
	write(filepath.Join(dir, "box/c.gt.txt"), "c under --truth")
	write(filepath.Join(dir, "d.gt.txt"), "d by base name")
	for _, tc := range []struct {
		name       string
		l          Lookup
		path       string
		pages, k   int
		page       string
		text, file string
		from       string
		none       bool
	}{
		{"beside the image", Lookup{Input: in}, "box/a.png", 1, 1, "box/a", "beside a", "box/a.gt.txt", "input", false},
		{"page k of a multi-page file", Lookup{Input: in}, "box/book.tif", 3, 2, "box/book.p2", "beside book p2", "box/book.p2.gt.txt", "input", false},
		{"another page of it has none", Lookup{Input: in}, "box/book.tif", 3, 1, "box/book.p1", "", "", "", true},
		{"under --truth first", Lookup{Input: in, Dir: dir}, "box/c.png", 1, 1, "box/c", "c under --truth", "box/c.gt.txt", "truth", false},
		{"under --truth by base name", Lookup{Input: in, Dir: dir}, "box/d.png", 1, 1, "box/d", "d by base name", "d.gt.txt", "truth", false},
		{"beside the image when --truth has none", Lookup{Input: in, Dir: dir}, "box/a.png", 1, 1, "box/a", "beside a", "box/a.gt.txt", "input", false},
		{"none", Lookup{Input: in}, "e.png", 1, 1, "e", "", "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.l.Find(filepath.Join(in, tc.path), tc.pages, tc.k, tc.page)
			if tc.none {
				if got != nil {
					t.Fatalf("found %+v, want none", got)
				}
				return
			}
			if got == nil || got.Text != tc.text || got.File != tc.file || got.From != tc.from {
				t.Fatalf("found %+v, want %q from %s/%s", got, tc.text, tc.from, tc.file)
			}
		})
	}
}
