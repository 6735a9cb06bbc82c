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
	os.WriteFile(d.Path("sub/.keep.txt~1-of-3.123"+partialSuffix), []byte("a killed shard's"), 0o644)
	os.WriteFile(d.Path("sub/.keep.txt~review.123"+partialSuffix), []byte("the review's, writing now"), 0o644)
	os.WriteFile(d.Path("visible.partial"), []byte("not ours"), 0o644)
	n, err := d.RemovePartials()
	if err != nil || n != 2 {
		t.Fatalf("removed %d, %v", n, err)
	}
	assertOnly(t, d.Path("sub"), ".keep.txt~review.123"+partialSuffix, "keep.txt")
	if !d.Exists("visible.partial") {
		t.Error("a file not made by the writer was removed")
	}
	// a shard or the review removes only its own
	os.WriteFile(d.Path("sub/.keep.txt~1-of-3.123"+partialSuffix), []byte("shard 1's"), 0o644)
	os.WriteFile(d.Path("sub/.keep.txt~2-of-3.5"+partialSuffix), []byte("shard 2's, writing now"), 0o644)
	os.WriteFile(d.Path("sub/.keep.txt.77"+partialSuffix), []byte("the whole run's"), 0o644)
	for _, w := range []string{"1-of-3", "review"} {
		if n, err := (Dir{Root: d.Root, Writer: w}).RemovePartials(); err != nil || n != 1 {
			t.Errorf("%s removed %d, %v", w, n, err)
		}
	}
	assertOnly(t, d.Path("sub"), ".keep.txt.77"+partialSuffix, ".keep.txt~2-of-3.5"+partialSuffix, "keep.txt")
}

// TestWritersDoNotRemoveEachOthersFiles: a writer starting while another
// writes (a shard beside a shard, a run beside the review) leaves the
// other's temporary file alone, so the other's rename succeeds.
func TestWritersDoNotRemoveEachOthersFiles(t *testing.T) {
	root := t.TempDir()
	for _, tt := range []struct{ writing, starting string }{{"1-of-3", "2-of-3"}, {"review", ""}, {"", "review"}} {
		w := Dir{Root: root, Writer: tt.writing}
		err := w.WriteFunc("page.txt", func(io.Writer) error {
			_, err := (Dir{Root: root, Writer: tt.starting}).RemovePartials()
			return err
		})
		if err != nil {
			t.Errorf("%q writing while %q starts: %v", tt.writing, tt.starting, err)
		}
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

func TestPartialOf(t *testing.T) {
	for name, want := range map[string]string{
		".page.txt.123456" + partialSuffix:       "",
		".a.b.c.json.9" + partialSuffix:          "",
		".page.txt~1-of-3.9" + partialSuffix:     "1-of-3",
		".page.txt~review.9" + partialSuffix:     "review",
		".a~b.txt.9" + partialSuffix:             "", // a "~" in the output's own name
		".a~b.txt~review.9" + partialSuffix:      "review",
		"page.txt.123456" + partialSuffix:        "-", // not hidden
		".page.txt" + partialSuffix:              "-", // no random part
		".page.txt.12a" + partialSuffix:          "-",
		".notes" + partialSuffix:                 "-",
		".page.txt.123456" + partialSuffix + "x": "-",
	} {
		w, ok := partialOf(name)
		if !ok {
			w = "-"
		}
		if w != want {
			t.Errorf("partialOf(%q) = %q, want %q", name, w, want)
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
