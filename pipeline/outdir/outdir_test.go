package outdir

import (
	"errors"
	"fmt"
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

func TestIsPartial(t *testing.T) {
	for name, want := range map[string]bool{
		".page.txt.123456" + partialSuffix:       true,
		".a.b.c.json.9" + partialSuffix:          true,
		"page.txt.123456" + partialSuffix:        false, // not hidden
		".page.txt" + partialSuffix:              false, // no random part
		".page.txt.12a" + partialSuffix:          false,
		".notes" + partialSuffix:                 false,
		".page.txt.123456" + partialSuffix + "x": false,
	} {
		if got := isPartial(name); got != want {
			t.Errorf("isPartial(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestOwned(t *testing.T) {
	d := Dir{Root: t.TempDir()}
	o, err := d.Owned("")
	if err != nil {
		t.Fatal(err)
	}
	odd := "sub/строка\nс \"кавычками\" \xff.txt" // any byte may be in a name
	if err := o.Claim("a.txt", odd, "a.txt"); err != nil {
		t.Fatal(err)
	}
	o.Close()
	// a shard's list, and half a claim of a killed run at the end of it
	os.MkdirAll(d.Path(StateDir), 0o755)
	os.WriteFile(d.Path(ownedPrefix+".shard-1-of-2"), []byte(`"b.txt"`+"\n"+`"c.t`), 0o644)

	o, err = d.Owned("1-of-2")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"a.txt": true, odd: true, "b.txt": true, "c.t": false, "c.txt": false} {
		if o.Has(name) != want {
			t.Errorf("Has(%q) = %v, want %v", name, !want, want)
		}
	}
	if err := o.Claim("d.txt"); err != nil {
		t.Fatal(err)
	}
	o.Close()
	o, _ = d.Owned("")
	defer o.Close()
	if !o.Has("d.txt") || !o.Has("b.txt") {
		t.Error("a claim after half a line was lost")
	}

	// what is in the way of outputs
	d.Write("a.txt", []byte("spravka's"))
	os.WriteFile(d.Path("mine.txt"), []byte("the user's"), 0o644)
	os.MkdirAll(d.Path("d.txt"), 0o755) // claimed, but a folder is there now
	os.Symlink("a.txt", d.Path("link.txt"))
	got := o.Check(d, []string{"a.txt", "mine.txt", "d.txt", "link.txt", "absent.txt"})
	want := []Clash{{"mine.txt", "file"}, {"d.txt", "folder"}, {"link.txt", "link"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Check = %v, want %v", got, want)
	}
}
