package outdir

import (
	"os"
	"path/filepath"
	"testing"
)

// TestUnmake: a run that fails before it writes anything leaves no folder
// it created behind, and never removes a folder that existed before it or
// that holds anything but its own empty bookkeeping.
func TestUnmake(t *testing.T) {
	for _, tt := range []struct {
		name     string
		existing string // the part of the output path that exists before the run
		out      string // the output folder, under the test's folder
		shard    string
		after    func(t *testing.T, d Dir, o *Owned) // what else happens in the folder before Unmake
		gone     string                              // the outermost folder removed ("": none)
		spravka  bool                                // the bookkeeping is still there
	}{
		{name: "new folder and parents", out: "a/b/c", gone: "a"},
		{name: "new folder in an existing one", existing: "a", out: "a/b", gone: "a/b"},
		{name: "folder existed", existing: "a/b", out: "a/b", spravka: true},
		{name: "a file was written", out: "a/b", spravka: true,
			after: func(t *testing.T, d Dir, _ *Owned) { write(t, d.Path("page.txt")) }},
		{name: "a file was claimed", out: "a/b", spravka: true,
			after: func(t *testing.T, _ Dir, o *Owned) {
				if err := o.Claim("page.txt"); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "someone else's file in the bookkeeping", out: "a/b", spravka: true,
			after: func(t *testing.T, d Dir, _ *Owned) { write(t, d.Path(StateDir+"/lock.review")) }},
		{name: "a shard's folder", out: "a/b", shard: "1-of-2", spravka: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			if tt.existing != "" {
				if err := os.MkdirAll(filepath.Join(base, tt.existing), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			d := Dir{Root: filepath.Join(base, tt.out)}
			made, err := d.Make()
			if err != nil {
				t.Fatal(err)
			}
			l, err := d.Lock(tt.shard)
			if err != nil {
				t.Fatal(err)
			}
			o, err := d.Owned(tt.shard)
			if err != nil {
				t.Fatal(err)
			}
			if tt.after != nil {
				tt.after(t, d, o)
			}
			o.Close()
			d.Unmake(made, l)

			if tt.gone == "" {
				if _, err := os.Stat(d.Path(StateDir)); (err == nil) != tt.spravka {
					t.Errorf("bookkeeping there: %v, want %v", err == nil, tt.spravka)
				}
				// and the lock is free for the next run
				l, err := d.Lock(tt.shard)
				if err != nil {
					t.Fatalf("the folder cannot be taken again: %v", err)
				}
				l.Release()
				return
			}
			if _, err := os.Stat(filepath.Join(base, tt.gone)); !os.IsNotExist(err) {
				t.Errorf("%s is still there (%v)", tt.gone, err)
			}
			if _, err := os.Stat(filepath.Dir(filepath.Join(base, tt.gone))); err != nil {
				t.Errorf("the folder that held %s was removed: %v", tt.gone, err)
			}
		})
	}
}

func write(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}
