package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spravka/spravka/pipeline"
	"github.com/spravka/spravka/pipeline/record"
)

// End-to-end tests of what keeps an archive's files safe: spravka writes only
// files it owns, resumes only what was made as asked, lets one run at a time
// write a folder, accounts for every input file and names its build.

// TestRunLeavesTheUsersFiles: outputs written beside the scans, where the
// user keeps a hand transcription as page.txt: the run refuses at once,
// names the file, and writes nothing.
func TestRunLeavesTheUsersFiles(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	page := samplePage(t, dir)
	mine := filepath.Join(dir, page+".txt")
	os.WriteFile(mine, []byte("моя расшифровка\n"), 0o644)
	code, _, stderr := spravka(t, "", "run", dir, "-o", dir, "--progress", "none")
	if code != 1 || !strings.Contains(stderr, page+".txt") || !strings.Contains(stderr, "did not write") {
		t.Errorf("exit %d, want 1 naming %s.txt; stderr:\n%s", code, page, stderr)
	}
	if b, _ := os.ReadFile(mine); string(b) != "моя расшифровка\n" {
		t.Errorf("the user's file now holds %q", b)
	}
	for _, f := range []string{page + ".json", page + ".ocr.txt", "summary.json", "index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s written by a refused run", f)
		}
	}
	// moved away, the run goes ahead, and a rerun into the same folder is no clash
	os.Rename(mine, filepath.Join(dir, "mine.txt.bak"))
	for i := range 2 {
		if code, _, stderr := spravka(t, "", "run", dir, "-o", dir, "--keep-images", "--progress", "none"); code != 0 {
			t.Fatalf("run %d: exit %d\n%s", i+1, code, stderr)
		}
	}
	var sum record.Summary
	readJSON(t, filepath.Join(dir, "summary.json"), &sum)
	if sum.Pages.Total != 1 {
		t.Errorf("the second run read %d pages (its own .prep.png among them?)", sum.Pages.Total)
	}
}

// TestResumeWithOtherSettings: a page read with auto is read again when the
// run resumes with --preprocess none, and the summary says why and names the
// setting the pages were made with.
func TestResumeWithOtherSettings(t *testing.T) {
	needTools(t)
	in, out := t.TempDir(), t.TempDir()
	page := samplePage(t, in)
	if code, _, stderr := spravka(t, "", "run", in, "-o", out, "--progress", "none"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	code, _, stderr := spravka(t, "", "run", in, "-o", out, "--resume", "--preprocess", "none", "--progress", "none")
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s", code, stderr)
	}
	var sum record.Summary
	readJSON(t, filepath.Join(out, "summary.json"), &sum)
	why := pipeline.WhyMode + "; " + pipeline.WhyPSM
	if sum.Pages.Skipped != 0 || sum.Redone[why] != 1 || !strings.Contains(stderr, "read again: 1 "+why) {
		t.Errorf("skipped %d, redone %v; stderr:\n%s", sum.Pages.Skipped, sum.Redone, stderr)
	}
	if len(sum.Settings) != 1 || sum.Settings[0].Preprocess.Mode != "none" || sum.Settings[0].Engine.PSM != 3 {
		t.Errorf("settings %+v", sum.Settings)
	}
	var rec record.Page
	readJSON(t, filepath.Join(out, page+".json"), &rec)
	if rec.Preprocess.Mode != "none" || rec.Fingerprint.Preprocess.Mode != "none" {
		t.Errorf("record made with %q, fingerprint %+v", rec.Preprocess.Mode, rec.Fingerprint.Preprocess)
	}
	// the engine names the language data it read (an engine wrapper must pass DataFiles on)
	if d := rec.Fingerprint.Engine.Data; len(d) != 1 || d[0].Name != "rus.traineddata" || len(d[0].SHA256) != 64 {
		t.Errorf("fingerprint's language data %+v, want rus.traineddata with its SHA-256", d)
	}
	// resumed as made: nothing to do
	if code, _, stderr := spravka(t, "", "run", in, "-o", out, "--resume", "--preprocess", "none", "--progress", "none"); code != 0 || !strings.Contains(stderr, "1 already done") {
		t.Errorf("resume as made: exit %d\n%s", code, stderr)
	}
}

// TestSecondRunRefused: while a run writes a folder, another run into it
// exits 1 naming the first by pid and host; once the first is killed, a run
// goes ahead.
func TestSecondRunRefused(t *testing.T) {
	needTools(t)
	out := t.TempDir()
	first := exec.Command(binary, "run", scansDir, "-o", out, "-j", "1", "--progress", "none")
	first.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	lock := filepath.Join(out, ".spravka", "lock")
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if b, _ := os.ReadFile(lock); len(b) > 0 || time.Now().After(deadline) {
			break
		}
	}
	host, _ := os.Hostname()
	code, _, stderr := spravka(t, "", "run", scansDir, "-o", out, "--progress", "none")
	if want := fmt.Sprintf("pid %d on host %s", first.Process.Pid, host); code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("second run: exit %d, want 1 naming %q; stderr:\n%s", code, want, stderr)
	}
	first.Process.Kill()
	first.Wait()
	if code, _, stderr := spravka(t, "", "run", scansDir, "-o", out, "--resume", "--progress", "none"); code != 0 {
		t.Errorf("after the first run was killed: exit %d\n%s", code, stderr)
	}
}

// TestInputsAccountedFor: a folder of documents spravka does not read is an
// error that says what it holds; beside a page, files not read are listed in
// summary.json.
func TestInputsAccountedFor(t *testing.T) {
	needTools(t)
	docs := t.TempDir()
	for _, f := range []string{"опись 1.docx", "опись 2.djvu"} {
		os.WriteFile(filepath.Join(docs, f), []byte("PK\x03\x04"), 0o644)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := spravka(t, "", "run", docs, "-o", out, "--progress", "none")
	if code != 1 || !strings.Contains(stderr, "no page images") || !strings.Contains(stderr, "опись 1.docx: not a page image") ||
		!strings.Contains(stderr, "опись 2.djvu: a DjVu image") {
		t.Errorf("folder of documents: exit %d, want 1 naming them; stderr:\n%s", code, stderr)
	}

	in := t.TempDir()
	samplePage(t, in)
	os.WriteFile(filepath.Join(in, "scan.webp"), []byte("RIFF....WEBP"), 0o644)
	os.WriteFile(filepath.Join(in, "опись 1.docx"), []byte("PK\x03\x04"), 0o644)
	if code, _, stderr = spravka(t, "", "run", in, "-o", out, "--progress", "none"); code != 0 || !strings.Contains(stderr, "2 file(s) not read") {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var sum record.Summary
	readJSON(t, filepath.Join(out, "summary.json"), &sum)
	if len(sum.NotRead) != 2 || sum.NotRead[0].File != "scan.webp" || !strings.HasPrefix(sum.NotRead[0].Reason, "a WebP image") ||
		sum.NotRead[1].File != "опись 1.docx" || sum.Pages.NotRead != 2 {
		t.Errorf("not read: %+v", sum.NotRead)
	}
}

// TestVersionInOutputs: the version --version prints is the one in the
// summary, the page records and the ALTO files, and a rerun writes the same.
func TestVersionInOutputs(t *testing.T) {
	needTools(t)
	_, stdout, _ := spravka(t, "", "--version")
	v := strings.TrimSpace(strings.TrimPrefix(stdout, "spravka version "))
	if v == "" || v == "dev" || !strings.HasPrefix(v, "devel+") && !strings.HasPrefix(v, "v") {
		t.Fatalf("--version printed %q", stdout)
	}
	in, out := t.TempDir(), t.TempDir()
	page := samplePage(t, in)
	if code, _, stderr := spravka(t, "", "run", in, "-o", out, "--progress", "none"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var sum record.Summary
	var rec record.Page
	readJSON(t, filepath.Join(out, "summary.json"), &sum)
	readJSON(t, filepath.Join(out, page+".json"), &rec)
	alto, _ := os.ReadFile(filepath.Join(out, page+".alto.xml"))
	if sum.Tool.Spravka != v || rec.Fingerprint.Spravka != v || !bytes.Contains(alto, []byte("<softwareVersion>"+v+"</softwareVersion>")) {
		t.Errorf("--version %q; summary %q, record %q, ALTO holds it: %v", v, sum.Tool.Spravka, rec.Fingerprint.Spravka,
			bytes.Contains(alto, []byte(v)))
	}
}

// TestShardsOfAJob runs the three pods of an Indexed Job one after another
// (JOB_COMPLETION_INDEX, --shards 3) on the sample pages, each page read by
// its shard alone; then spravka report: the folder holds exactly the files
// of one run of the whole input, summary.json's timing and workers aside.
func TestShardsOfAJob(t *testing.T) {
	needTools(t)
	whole, out := t.TempDir(), t.TempDir()
	if code, _, stderr := spravka(t, "", "run", scansDir, "-o", whole, "--progress", "none"); code != 0 {
		t.Fatalf("whole input: exit %d\n%s", code, stderr)
	}
	read := map[string]int{} // page → the shard that wrote its record
	for i := range 3 {
		cmd := exec.Command(binary, "run", scansDir, "-o", out, "--shards", "3", "-j", "1", "--progress", "none")
		cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1", fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i))
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("shard %d: %v\n%s", i, err, b)
		}
		var sum record.Summary
		readJSON(t, filepath.Join(out, ".spravka", fmt.Sprintf("summary.shard-%d-of-3.json", i)), &sum)
		n := 0
		for name := range outputFiles(t, out) {
			page, ok := strings.CutSuffix(name, ".json")
			if _, seen := read[page]; !ok || seen || strings.HasPrefix(name, "summary") {
				continue
			}
			read[page], n = i, n+1
			if !(pipeline.Shard{I: i, N: 3}).Has(page) {
				t.Errorf("shard %d read %s, which is not its page", i, page)
			}
		}
		if n != sum.Pages.OK {
			t.Errorf("shard %d wrote %d records, its summary counts %d pages", i, n, sum.Pages.OK)
		}
	}
	if code, _, stderr := spravka(t, "", "report", out); code != 0 {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	want, got := outputFiles(t, whole), outputFiles(t, out)
	want["summary.json"], got["summary.json"] = timeless(t, want["summary.json"]), timeless(t, got["summary.json"])
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs from the run of the whole input", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("the shards wrote %s, the run of the whole input did not", name)
		}
	}
	t.Logf("pages read per shard run: %v", read)
}

// timeless returns a summary.json without what differs between runs of the
// same pages: the timing, and the workers.
func timeless(t *testing.T, b []byte) []byte {
	t.Helper()
	var s record.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	s.Timing, s.Tool.Workers = record.Timing{}, 0
	b, _ = record.Marshal(s)
	return b
}
