package outdir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Make creates the folder and the parents it lacks, and returns the folders
// it created, outermost first (none when the folder existed).
func (d Dir) Make() ([]string, error) {
	var made []string
	for p := filepath.Clean(d.Root); ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		made = append(made, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	if err := os.MkdirAll(d.Root, 0o755); err != nil {
		return nil, err
	}
	slices.Reverse(made)
	return made, nil
}

// Unmake undoes Make for a run that failed before it wrote anything, so that
// it leaves no empty folder behind: it removes the folder's bookkeeping (the
// lock file and an empty list of files spravka wrote), then the folders Make
// created, innermost first, each only while it is empty. l is the lock the
// run holds on the folder (nil when it got none); Unmake releases it. A
// folder that existed before Make, or that holds anything else, is left as
// it is; so is the bookkeeping of a shard, whose folder other shards share.
func (d Dir) Unmake(made []string, l *Lock) {
	if len(made) == 0 || made[len(made)-1] != filepath.Clean(d.Root) {
		if l != nil {
			l.Release()
		}
		return
	}
	if l != nil {
		if l.whole && d.onlyBookkeeping() {
			// removed while the lock is held: no other run can be in the folder
			os.Remove(d.Path(ownedPrefix))
			os.Remove(d.Path(lockName))
		}
		l.Release()
	}
	os.Remove(d.Path(StateDir))
	for i := len(made) - 1; i >= 0; i-- {
		if os.Remove(made[i]) != nil {
			return
		}
	}
}

// onlyBookkeeping reports whether the folder holds nothing but an unsharded
// run's lock file and its empty list of files written.
func (d Dir) onlyBookkeeping() bool {
	top, err := os.ReadDir(d.Root)
	if err != nil || len(top) != 1 || top[0].Name() != StateDir || !top[0].IsDir() {
		return false
	}
	state, err := os.ReadDir(d.Path(StateDir))
	if err != nil {
		return false
	}
	for _, e := range state {
		switch fi, err := e.Info(); {
		case err != nil || !fi.Mode().IsRegular():
			return false
		case StateDir+"/"+e.Name() == lockName:
		case StateDir+"/"+e.Name() == ownedPrefix && fi.Size() == 0:
		default:
			return false
		}
	}
	return true
}
