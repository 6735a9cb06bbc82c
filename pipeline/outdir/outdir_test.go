package outdir

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteCreatesFoldersAndReplacesAtomically(t *testing.T) {
	d := Dir{Root: t.TempDir()}
	if err := d.Write("a/b/page.txt", []byte("первый")); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Read("a/b/page.txt"); string(got) != "первый" {
		t.Errorf("got %q", got)
	}
	if err := d.Write("a/b/page.txt", []byte("второй")); err != nil {
		t.Fatal(err)
	}
	if !d.Same("a/b/page.txt", []byte("второй")) || d.Same("a/b/page.txt", []byte("первый")) {
		t.Error("Same does not compare contents")
	}
	fi, err := os.Stat(d.Path("a/b/page.txt"))
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v %v", fi.Mode(), err)
	}
	assertOnly(t, filepath.Join(d.Root, "a/b"), "page.txt")
}

func TestFailedWriteKeepsTheOldFile(t *testing.T) {
	d := Dir{Root: t.TempDir()}
	if err := d.Write("page.json", []byte(`{"old":true}`)); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk on fire")
	err := d.WriteFunc("page.json", func(w io.Writer) error {
		w.Write([]byte(`{"new":`)) // half a file, then failure
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v", err)
	}
	if got, _ := d.Read("page.json"); string(got) != `{"old":true}` {
		t.Errorf("old file changed to %q", got)
	}
	assertOnly(t, d.Root, "page.json")
}

func TestNamesMustStayInside(t *testing.T) {
	d := Dir{Root: t.TempDir()}
	for _, name := range []string{"../x.txt", "/etc/x", "a/../../x", ""} {
		if err := d.Write(name, nil); err == nil {
			t.Errorf("%q accepted", name)
		}
	}
}

func TestRemovePartials(t *testing.T) {
	d := Dir{Root: t.TempDir()}
	d.Write("sub/keep.txt", []byte("x"))
	os.WriteFile(d.Path("sub/.keep.txt.123"+partialSuffix), []byte("half"), 0o644)
	os.WriteFile(d.Path("visible.partial"), []byte("not ours"), 0o644)
	n, err := d.RemovePartials()
	if err != nil || n != 1 {
		t.Fatalf("removed %d, %v", n, err)
	}
	assertOnly(t, d.Path("sub"), "keep.txt")
	if !d.Exists("visible.partial") {
		t.Error("a file not made by the writer was removed")
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != len(names) {
		var got []string
		for _, e := range es {
			got = append(got, e.Name())
		}
		t.Fatalf("folder holds %v, want %v", got, names)
	}
}
