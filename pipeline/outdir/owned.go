package outdir

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ownedPrefix starts the names of the lists of files spravka wrote (one list
// per writer: "owned" for an unsharded run, "owned.shard-2-of-3" for a shard,
// so that shards writing at the same time never share a file).
const ownedPrefix = StateDir + "/owned"

// Owned is the set of files spravka wrote into an output folder: a file not
// in it is someone else's, and spravka neither overwrites nor deletes it.
// Names are claimed, and the claim is on disk, before the files are written,
// so a run killed between the two leaves nothing it wrote unclaimed.
type Owned struct {
	set map[string]bool
	f   *os.File // the list this writer appends to
}

// Owned reads every list of files spravka wrote into the folder and opens
// the list of writer (the shard's name, or "" for an unsharded run) for
// claims. The caller must hold the folder's Lock.
func (d Dir) Owned(writer string) (*Owned, error) {
	o := &Owned{set: map[string]bool{}}
	lists, err := filepath.Glob(d.Path(ownedPrefix) + "*")
	if err != nil {
		return nil, err
	}
	for _, l := range lists {
		if err := o.read(l); err != nil {
			return nil, fmt.Errorf("output folder: reading %s: %w", l, err)
		}
	}
	name := ownedPrefix
	if writer != "" {
		name += ".shard-" + writer
	}
	if err := os.MkdirAll(d.Path(StateDir), 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	o.f, err = os.OpenFile(d.Path(name), os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	// a run killed mid-claim may have left half a line: end it, so that the
	// next claim starts on a line of its own
	if fi, err := o.f.Stat(); err == nil && fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := o.f.ReadAt(last, fi.Size()-1); err == nil && last[0] != '\n' {
			o.f.Write([]byte("\n"))
		}
	}
	return o, nil
}

// read adds the names of one list: one Go-quoted name a line (any byte may
// be in a file name); a line that does not parse is half a claim of a killed
// run, whose files were never written.
func (o *Owned) read(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if name, err := strconv.Unquote(sc.Text()); err == nil {
			o.set[name] = true
		}
	}
	return sc.Err()
}

// Has reports whether spravka wrote name.
func (o *Owned) Has(name string) bool { return o.set[name] }

// Claim records names as spravka's, on disk, before they are written.
func (o *Owned) Claim(names ...string) error {
	var b strings.Builder
	for _, n := range names {
		if !o.set[n] {
			b.WriteString(strconv.Quote(n))
			b.WriteByte('\n')
		}
	}
	if b.Len() == 0 {
		return nil
	}
	if _, err := o.f.WriteString(b.String()); err != nil {
		return fmt.Errorf("recording output names: %w", err)
	}
	if err := o.f.Sync(); err != nil {
		return fmt.Errorf("recording output names: %w", err)
	}
	for _, n := range names {
		o.set[n] = true
	}
	return nil
}

// Close closes the list.
func (o *Owned) Close() error { return o.f.Close() }

// Clash is a file in the way of an output: it exists and spravka did not write it.
type Clash struct {
	Name string
	// Kind says what is there: "file" or "folder" (or another type).
	Kind string
}

// Check returns the names that exist in the folder and are not spravka's.
func (o *Owned) Check(d Dir, names []string) []Clash {
	var out []Clash
	for _, n := range names {
		fi, err := os.Lstat(d.Path(n))
		if err != nil {
			continue
		}
		if fi.Mode().IsRegular() && o.set[n] {
			continue
		}
		kind := "file"
		switch {
		case fi.IsDir():
			kind = "folder"
		case fi.Mode()&fs.ModeSymlink != 0:
			kind = "link"
		case !fi.Mode().IsRegular():
			kind = "special file"
		}
		out = append(out, Clash{Name: n, Kind: kind})
	}
	return out
}
