package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spravka/spravka/pipeline/record"
)

// TestCrash kills the real binary with SIGKILL at five moments of a run of
// ten pages, from before the first page to the last, and resumes each time:
// every page file is then byte for byte that of a run that was never
// killed, and every record the killed run left lists only files that exist.
func TestCrash(t *testing.T) {
	needTools(t)
	if testing.Short() {
		t.Skip("five killed runs of ten pages: not in -short")
	}
	in := crashInput(t)
	clean := t.TempDir()
	if code, _, stderr := spravka(t, "", "run", in, "-o", clean, "-j", "2", "--progress", "none"); code != 0 {
		t.Fatalf("clean run: exit %d\n%s", code, stderr)
	}
	want := outputFiles(t, clean)
	if n := countRecords(clean); n != 10 {
		t.Fatalf("the clean run wrote %d page records, want 10", n)
	}
	var cleanSum record.Summary
	readJSON(t, filepath.Join(clean, "summary.json"), &cleanSum)

	for _, records := range []int{0, 1, 3, 6, 9} {
		t.Run(fmt.Sprintf("at %d records", records), func(t *testing.T) {
			out := t.TempDir()
			cmd := exec.Command(binary, "run", in, "-o", out, "-j", "2", "--progress", "none")
			cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			started := time.Now()
			for countRecords(out) < records || records == 0 && time.Since(started) < 300*time.Millisecond {
				if time.Since(started) > 3*time.Minute {
					cmd.Process.Kill()
					t.Fatal("the run wrote no records")
				}
				time.Sleep(5 * time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			left := countRecords(out)
			// what the killed run left is whole: each record's files exist
			for name := range outputFiles(t, out) {
				if !strings.HasSuffix(name, ".json") || name == "summary.json" {
					continue
				}
				var rec record.Page
				readJSON(t, filepath.Join(out, name), &rec)
				for _, o := range rec.Outputs {
					if _, err := os.Stat(filepath.Join(out, o)); err != nil {
						t.Errorf("%s lists %s: %v", name, o, err)
					}
				}
			}
			code, _, stderr := spravka(t, "", "run", in, "-o", out, "-j", "2", "--resume", "--progress", "none")
			if code != 0 {
				t.Fatalf("resume after a kill at %d records: exit %d\n%s", left, code, stderr)
			}
			got := outputFiles(t, out)
			for name, data := range want {
				if name == "summary.json" || name == "index.html" {
					continue // they count the pages a resumed run skipped
				}
				if !bytes.Equal(got[name], data) {
					t.Errorf("%s differs from the clean run's", name)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("%s was not written by the clean run", name)
				}
			}
			var sum record.Summary
			readJSON(t, filepath.Join(out, "summary.json"), &sum)
			if sum.Pages.OK != 10 || sum.Pages.Skipped != left || !reflect.DeepEqual(sum.Corrections, cleanSum.Corrections) || !reflect.DeepEqual(sum.Truth, cleanSum.Truth) {
				t.Errorf("summary after resume: pages %+v (killed with %d records), corrections %+v, want those of the clean run %+v",
					sum.Pages, left, sum.Corrections, cleanSum.Corrections)
			}
			t.Logf("killed with %d page records written; resumed", left)
		})
	}
}

// crashInput makes a folder of ten pages: the sample pages, and four of them
// again in a subfolder.
func crashInput(t *testing.T) string {
	t.Helper()
	in := t.TempDir()
	files, err := filepath.Glob(filepath.Join(scansDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil || strings.HasSuffix(f, ".md") {
			continue
		}
		os.WriteFile(filepath.Join(in, filepath.Base(f)), b, 0o644)
		if !strings.HasSuffix(f, ".tif") && !strings.Contains(f, ".p1.") && !strings.Contains(f, ".p2.") {
			os.MkdirAll(filepath.Join(in, "again"), 0o755)
			os.WriteFile(filepath.Join(in, "again", filepath.Base(f)), b, 0o644)
		}
	}
	return in
}

// outputFiles reads every file under dir but spravka's bookkeeping (.spravka/).
func outputFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".spravka" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)], _ = os.ReadFile(p)
		}
		return nil
	})
	return files
}

// countRecords counts the page records written so far.
func countRecords(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") && d.Name() != "summary.json" && !strings.Contains(p, "/.spravka/") {
			n++
		}
		return nil
	})
	return n
}
