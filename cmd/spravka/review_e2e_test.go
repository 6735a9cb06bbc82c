package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spravka/spravka/pipeline/record"
)

// startReview starts `spravka review` on a free loopback port and returns
// its base URL and the process (stopped with SIGINT by the caller).
func startReview(t *testing.T, dir string) (string, *exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binary, "review", "--addr", "127.0.0.1:0", dir)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stderr)
	var said bytes.Buffer
	re := regexp.MustCompile(`open (http://localhost:\d+)/`)
	for lines.Scan() {
		said.WriteString(lines.Text() + "\n")
		if m := re.FindStringSubmatch(lines.Text()); m != nil {
			go func() {
				for lines.Scan() {
					said.WriteString(lines.Text() + "\n")
				}
			}()
			return m[1], cmd, &said
		}
	}
	t.Fatalf("spravka review printed no address:\n%s", said.String())
	return "", nil, nil
}

// TestReviewTeachesTheNextRun is the archivist's loop with the real binary:
// run on a poor page, accept a suggestion in the review server, export the
// learned lexicon, run again with it, and see the fix applied without
// review; the review files survive the second run into the same folder.
func TestReviewTeachesTheNextRun(t *testing.T) {
	needTools(t)
	in := t.TempDir()
	const stem = "exercise-spravka__ptmono__poor"
	for _, ext := range []string{".jpg", ".gt.txt"} {
		data, err := os.ReadFile(filepath.Join(scansDir, stem+ext))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, stem+ext), data, 0o644)
	}
	out := t.TempDir()
	if code, _, stderr := spravka(t, "", "run", in, "-o", out, "--progress", "none"); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	var rec record.Page
	readJSON(t, filepath.Join(out, stem+".json"), &rec)
	pick := -1
	for i, c := range rec.Correction.Corrections {
		if !c.Applied && (pick < 0 || len([]rune(c.From)) > len([]rune(rec.Correction.Corrections[pick].From))) {
			pick = i
		}
	}
	if pick < 0 {
		t.Fatal("the poor sample page has no suggestion to review")
	}
	want := rec.Correction.Corrections[pick]

	base, cmd, said := startReview(t, out)
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(base + "/o/" + url.PathEscape(stem+".html"))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	tok := regexp.MustCompile(`<meta name="spravka-token" content="([0-9a-f]+)">`).FindSubmatch(page)
	if resp.StatusCode != 200 || tok == nil {
		t.Fatalf("review page: %d, token %q", resp.StatusCode, tok)
	}
	body, _ := json.Marshal(map[string]any{"items": []map[string]any{{"page": stem, "correction": pick, "action": "accept"}}})
	req, _ := http.NewRequest("POST", base+"/api/decide", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Spravka-Token", string(tok[1]))
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("decision: %d", resp.StatusCode)
	}
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil {
		t.Errorf("review after Ctrl-C: %v, want exit 0\n%s", err, said)
	}
	final, err := os.ReadFile(filepath.Join(out, stem+".final.txt"))
	if err != nil || !strings.Contains(string(final), strings.Trim(want.To, ".,:;")) {
		t.Fatalf("reviewed text lacks the accepted %q: %v\n%s", want.To, err, final)
	}

	lexFile := filepath.Join(t.TempDir(), "learned.tsv")
	if code, _, stderr := spravka(t, "", "review", "--export-lexicon", lexFile, out); code != 0 || !strings.Contains(stderr, "1 misreadings learned") {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	// the second run, into the same folder, with the learned lexicon
	if code, _, stderr := spravka(t, "", "run", in, "-o", out, "--progress", "none", "--lexicon", lexFile); code != 0 {
		t.Fatalf("run with the learned lexicon: exit %d\n%s", code, stderr)
	}
	var again record.Page
	readJSON(t, filepath.Join(out, stem+".json"), &again)
	found := false
	for _, c := range again.Correction.Corrections {
		if c.From == want.From {
			found = true
			if !c.Applied || c.To != want.To || c.Rule != "lexicon" {
				t.Errorf("with the learned lexicon %q → %q is %+v, want applied by the lexicon", want.From, want.To, c)
			}
		}
	}
	if !found {
		t.Errorf("with the learned lexicon %q is not corrected at all", want.From)
	}
	// the review's files are the archivist's: the run left them as they were
	if f2, err := os.ReadFile(filepath.Join(out, stem+".final.txt")); err != nil || !bytes.Equal(f2, final) {
		t.Errorf("the second run changed or removed the reviewed text: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, stem+".review.json")); err != nil {
		t.Errorf("the second run removed the decisions: %v", err)
	}
}

func TestReviewUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"review", "/nonexistent"}, 2, "does not exist"},
		{[]string{"review", "--addr", "0.0.0.0:0", "."}, 1, "no page records"},
		{[]string{"review", "--addr", "192.0.2.1:0", scansDir}, 1, "no page records"},
		{[]string{"report", "/nonexistent"}, 2, "does not exist"},
		{[]string{"report", scansDir}, 1, "no page records"},
	} {
		code, _, stderr := spravka(t, "", tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.says) {
			t.Errorf("spravka %s: exit %d, %q; want %d and %q", strings.Join(tt.args, " "), code, stderr, tt.code, tt.says)
		}
	}
	// a non-loopback address is refused before anything is served
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "p.json"), []byte(`{"name": "p", "status": "failed", "input": "p.png", "error": "decode p.png: bad"}`), 0o644)
	if code, _, stderr := spravka(t, "", "review", "--addr", "0.0.0.0:0", out); code != 2 || !strings.Contains(stderr, "--allow-remote") {
		t.Errorf("review on 0.0.0.0: exit %d, %q", code, stderr)
	}
}
