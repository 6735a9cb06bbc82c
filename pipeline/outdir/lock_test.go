package outdir

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestLock(t *testing.T) {
	host, _ := os.Hostname()
	me := fmt.Sprintf("pid %d on host %s", os.Getpid(), host)
	type step struct {
		shard   string
		busy    bool   // the lock must be refused
		naming  string // ... naming this holder
		release bool   // release the lock taken just before
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"one run, then a second", []step{{shard: ""}, {shard: "", busy: true, naming: me}}},
		{"released, taken again", []step{{shard: ""}, {release: true}, {shard: ""}}},
		{"shards side by side", []step{{shard: "1-of-3"}, {shard: "2-of-3"}, {shard: "3-of-3"}}},
		{"the same shard twice", []step{{shard: "1-of-3"}, {shard: "1-of-3", busy: true, naming: me}}},
		{"a run while a shard writes", []step{{shard: "2-of-3"}, {shard: "", busy: true, naming: "shard 2-of-3: " + me}}},
		{"a shard while a run writes", []step{{shard: ""}, {shard: "2-of-3", busy: true, naming: me}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Dir{Root: t.TempDir()}
			var held []*Lock
			defer func() {
				for _, l := range held {
					l.Release()
				}
			}()
			for i, s := range tt.steps {
				if s.release {
					held[len(held)-1].Release()
					held = held[:len(held)-1]
					continue
				}
				l, err := d.Lock(s.shard)
				var be *BusyError
				switch {
				case s.busy && !errors.As(err, &be):
					t.Fatalf("step %d: lock %q taken (%v), want it refused", i, s.shard, err)
				case s.busy && !strings.Contains(err.Error(), s.naming) || s.busy && !strings.Contains(err.Error(), d.Root):
					t.Errorf("step %d: %q does not name the folder and %q", i, err, s.naming)
				case !s.busy && err != nil:
					t.Fatalf("step %d: %v", i, err)
				case !s.busy:
					held = append(held, l)
				}
			}
		})
	}
}

// TestLockOfAKilledRun kills a process holding the lock: the next run takes
// it, and a refusal while it is held names that process, not an earlier one.
func TestLockOfAKilledRun(t *testing.T) {
	if dir := os.Getenv("OUTDIR_HOLD"); dir != "" {
		if _, err := (Dir{Root: dir}).Lock(""); err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println("held")
		time.Sleep(time.Minute)
		return
	}
	d := Dir{Root: t.TempDir()}
	// text left by some earlier run that was killed
	os.MkdirAll(d.Path(StateDir), 0o755)
	os.WriteFile(d.Path(lockName), []byte("pid 1 on host elsewhere since 1999-01-01T00:00:00Z\n"), 0o644)

	cmd := exec.Command(os.Args[0], "-test.run", "^TestLockOfAKilledRun$")
	cmd.Env = append(os.Environ(), "OUTDIR_HOLD="+d.Root)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	if n, _ := out.Read(buf); !strings.Contains(string(buf[:n]), "held") {
		t.Fatalf("helper: %q", buf[:n])
	}
	_, err := d.Lock("")
	if want := fmt.Sprintf("pid %d on host", cmd.Process.Pid); err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "pid 1 ") {
		t.Errorf("while held: %v, want it to name %q only", err, want)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	l, err := d.Lock("")
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	l.Release()
}
