package outdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// StateDir is the folder, inside the output folder, that holds spravka's own
// bookkeeping: the run locks and the list of files spravka wrote. It is
// hidden, so that an output folder inside the input is never read as input.
const StateDir = ".spravka"

// lockName is the file locked by a run: exclusively by an unsharded run,
// shared by the runs of shards, each of which also locks its own file.
const lockName = StateDir + "/lock"

// Lock holds an output folder (or one shard of it) for one run. The locks
// are flock(2) locks, released by the kernel when the process ends however
// it ends, so a killed run never blocks the next one; the text in the lock
// file (pid, host, start) is only read while the lock is held by someone.
type Lock struct {
	files []*os.File
	// own is the file this run locked exclusively and wrote its name into
	own *os.File
	// whole: the lock is the whole folder's, exclusive (an unsharded run's)
	whole bool
}

// BusyError says that another run holds the output folder.
type BusyError struct {
	Folder string
	// Holders describe the runs holding it ("pid 123 on host h since …"),
	// as far as they could be read.
	Holders []string
}

func (e *BusyError) Error() string {
	who := "another spravka run"
	if len(e.Holders) > 0 {
		who += " (" + strings.Join(e.Holders, "; ") + ")"
	}
	return fmt.Sprintf("output folder %s is in use by %s: wait for it to finish, or choose another output folder", e.Folder, who)
}

// Lock takes the folder for one run: the whole folder when shard is empty,
// otherwise the part of the shard named shard (for example "2-of-3"), which
// other shards may write at the same time while an unsharded run may not.
// A run that finds the folder held gets a *BusyError naming the holders.
func (d Dir) Lock(shard string) (*Lock, error) {
	if err := os.MkdirAll(d.Path(StateDir), 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	l := &Lock{whole: shard == ""}
	how := unix.LOCK_EX
	if shard != "" {
		how = unix.LOCK_SH
	}
	f, err := d.lockFile(lockName, how)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, &BusyError{Folder: d.Root, Holders: d.holders()}
	}
	l.files = append(l.files, f)
	if shard != "" {
		name := lockName + ".shard-" + shard
		f, err := d.lockFile(name, unix.LOCK_EX)
		if err == nil && f == nil {
			err = &BusyError{Folder: d.Root + " (shard " + shard + ")", Holders: holderOf(d.Path(name))}
		}
		if err != nil {
			l.Release()
			return nil, err
		}
		l.files = append(l.files, f)
	}
	// Only the holder of an exclusive lock writes its name into its file, so
	// text in the shared file is left from a killed unsharded run.
	if shard != "" {
		l.files[0].Truncate(0)
	}
	l.own = l.files[len(l.files)-1]
	host, _ := os.Hostname()
	l.own.Truncate(0)
	l.own.WriteAt(fmt.Appendf(nil, "pid %d on host %s since %s\n", os.Getpid(), host, time.Now().Format(time.RFC3339)), 0)
	return l, nil
}

// lockFile opens name and locks it without waiting; it returns nil and no
// error when someone else holds the lock.
func (d Dir) lockFile(name string, how int) (*os.File, error) {
	f, err := os.OpenFile(d.Path(name), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("output folder lock: %w", err)
	}
	for {
		err = unix.Flock(int(f.Fd()), how|unix.LOCK_NB)
		if err != unix.EINTR {
			break
		}
	}
	switch {
	case err == nil:
		return f, nil
	case errors.Is(err, unix.EWOULDBLOCK):
		f.Close()
		return nil, nil
	}
	f.Close()
	return nil, fmt.Errorf("output folder lock %s: %w", name, err)
}

// holders describes the runs that hold the folder: the unsharded run, or
// the shards whose locks are held.
func (d Dir) holders() []string {
	if h := holderOf(d.Path(lockName)); len(h) > 0 {
		return h
	}
	shards, _ := filepath.Glob(d.Path(lockName + ".shard-*"))
	var out []string
	for _, s := range shards {
		if !held(s) {
			continue
		}
		for _, h := range holderOf(s) {
			out = append(out, "shard "+strings.TrimPrefix(filepath.Base(s), "lock.shard-")+": "+h)
		}
	}
	return out
}

// holderOf reads the holder written into a held lock file (none for a file
// whose lock is free: its text is left from a run that was killed).
func holderOf(path string) []string {
	for try := 0; try < 5; try++ {
		if !held(path) {
			return nil
		}
		b, _ := os.ReadFile(path)
		if s := strings.TrimSpace(string(b)); s != "" {
			return []string{s}
		}
		// the holder has just taken the lock and not yet written its name
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

// held reports whether someone holds a lock of any kind on path.
func held(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		return true
	}
	unix.Flock(int(f.Fd()), unix.LOCK_UN)
	return false
}

// Release gives the folder up. The lock files stay (removing one while
// another run waits for it would let two runs in); their holder text is
// cleared.
func (l *Lock) Release() {
	if l.own != nil {
		l.own.Truncate(0)
	}
	for i := len(l.files) - 1; i >= 0; i-- {
		l.files[i].Close()
	}
	l.files, l.own = nil, nil
}

// LockPart takes the part name of the folder (for example "review") for one
// process, without the folder's run lock: a run and the holder of a part may
// work in the folder at once, two holders of the same part may not.
func (d Dir) LockPart(name string) (*Lock, error) {
	if err := os.MkdirAll(d.Path(StateDir), 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	file := lockName + "." + name
	f, err := d.lockFile(file, unix.LOCK_EX)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, &BusyError{Folder: d.Root + " (" + name + ")", Holders: holderOf(d.Path(file))}
	}
	host, _ := os.Hostname()
	f.Truncate(0)
	f.WriteAt(fmt.Appendf(nil, "pid %d on host %s since %s\n", os.Getpid(), host, time.Now().Format(time.RFC3339)), 0)
	return &Lock{files: []*os.File{f}, own: f}, nil
}
