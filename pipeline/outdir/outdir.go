package outdir

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// partialSuffix marks temporary files; a file with it is never a finished output.
const partialSuffix = ".partial"

// Dir is an output folder. Names given to it are slash-separated paths relative to it.
type Dir struct {
	Root string
	// Writer names who writes through this Dir when several may write into
	// the folder at once (a shard "1-of-3", the review "review"; "" for a
	// run of the whole input): each removes only its own unfinished files.
	Writer string
}

// Path returns the file path of name inside the folder.
func (d Dir) Path(name string) string { return filepath.Join(d.Root, filepath.FromSlash(name)) }

// Write stores data as name atomically.
func (d Dir) Write(name string, data []byte) error {
	return d.WriteFunc(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFunc stores what write produces as name atomically: nothing is visible
// under name until write has succeeded and the data is on disk; on any error
// the temporary file is removed and an earlier file under name is left as it was.
func (d Dir) WriteFunc(name string, write func(io.Writer) error) (err error) {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains("/"+name+"/", "/../") {
		return fmt.Errorf("output name %q escapes the output folder", name)
	}
	path := d.Path(name)
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+writerMark(d.Writer)+".*"+partialSuffix)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("writing %s: %w", name, err)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable: until the folder itself is synced,
// a crash can lose the new name even though the file's data is on disk.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Read returns the contents of name, or an error wrapping fs.ErrNotExist.
func (d Dir) Read(name string) ([]byte, error) { return os.ReadFile(d.Path(name)) }

// Exists reports whether name is a regular file.
func (d Dir) Exists(name string) bool {
	fi, err := os.Stat(d.Path(name))
	return err == nil && fi.Mode().IsRegular()
}

// Same reports whether name already holds exactly data (so a rerun can tell
// that it reproduced a file byte for byte).
func (d Dir) Same(name string, data []byte) bool {
	old, err := d.Read(name)
	return err == nil && bytes.Equal(old, data)
}

// writerMark is how a temporary file names its writer: "~" and the writer,
// nothing for a run of the whole input.
func writerMark(writer string) string {
	if writer == "" {
		return ""
	}
	return "~" + writer
}

// partialOf reports whether a file name is one WriteFunc gives its temporary
// files ("." + the output's name + the writer's mark + "." + random digits +
// partialSuffix) and names its writer.
func partialOf(name string) (writer string, ok bool) {
	stem, ok := strings.CutSuffix(name, partialSuffix)
	if !ok || !strings.HasPrefix(stem, ".") {
		return "", false
	}
	i := strings.LastIndexByte(stem, '.')
	digits := stem[i+1:]
	if i <= 1 || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", false
	}
	base := stem[:i]
	if j := strings.LastIndexByte(base, '~'); j > 0 && validWriter(base[j+1:]) {
		return base[j+1:], true
	}
	return "", true
}

// validWriter reports whether w can be a writer's mark: letters, digits
// and dashes (a "~" in an output's own name is followed by a dot or more).
func validWriter(w string) bool {
	return w != "" && strings.Trim(w, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
}

// RemovePartials deletes the temporary files this Dir's writer left when it
// was killed mid-write, and returns how many it removed. Other writers'
// temporary files are left: they may be writing them now. A writer of the
// whole input (Writer "", which holds the folder alone) also removes what
// killed shards left; never the review's.
func (d Dir) RemovePartials() (int, error) {
	n := 0
	err := filepath.WalkDir(d.Root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if e.IsDir() {
			return nil
		}
		w, ok := partialOf(e.Name())
		if !ok || !(w == d.Writer || d.Writer == "" && strings.Contains(w, "-of-")) {
			return nil
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		n++
		return nil
	})
	return n, err
}
