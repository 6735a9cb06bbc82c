package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/record"
)

// proseDir holds three pages of modern Russian prose written for this test
// (rare words, names and places, nothing from the seed telegram).
const proseDir = "../../pipeline/correct/testdata/prose"

// proseBroken is what correction is known to break in the prose's page
// records, listed so that main stays green until it is fixed: nothing now
// (pipeline/correct's devBroken says what was).
var proseBroken = map[string]int{}

// TestProseDoesNoHarm typesets the prose with tools/scangen in the clean,
// carbon and poor profiles, reads the nine pages with `spravka run`, and
// checks that correction breaks no word a page was read right in (but the
// known ones of proseBroken, exactly); and that `spravka correct` changes
// nothing in the prose as written.
func TestProseDoesNoHarm(t *testing.T) {
	needTools(t)
	texts, _ := filepath.Glob(filepath.Join(proseDir, "prose.p*.gt.txt"))
	if len(texts) != 3 {
		t.Fatalf("prose pages: %v", texts)
	}
	scangen := filepath.Join(t.TempDir(), "scangen")
	if out, err := exec.Command("go", "build", "-o", scangen, "../../tools/scangen").CombinedOutput(); err != nil {
		t.Fatalf("building scangen: %v\n%s", err, out)
	}
	in, out := t.TempDir(), t.TempDir()
	for _, prof := range []string{"clean", "carbon", "poor"} {
		ext := ".jpg"
		if prof == "clean" {
			ext = ".png"
		}
		for _, text := range texts {
			page := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(text), "prose."), ".gt.txt")
			stem := filepath.Join(in, "prose-"+page+"__gomono__"+prof)
			b, err := os.ReadFile(text)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(stem+".gt.txt", b, 0o644); err != nil {
				t.Fatal(err)
			}
			if o, err := exec.Command(scangen, "-o", stem+ext, "-profile", prof, "-seed", "7", stem+".gt.txt").CombinedOutput(); err != nil {
				t.Fatalf("scangen %s: %v\n%s", stem, err, o)
			}
		}
	}
	if code, _, stderr := spravka(t, "", "run", in, "-o", out, "--progress", "none"); code != 0 {
		t.Fatalf("spravka run: exit %d\n%s", code, stderr)
	}
	recs, _ := filepath.Glob(filepath.Join(out, "prose-*.json"))
	if len(recs) != 9 {
		t.Fatalf("%d page records, want 9", len(recs))
	}
	fixed := 0
	for _, f := range recs {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rec record.Page
		if err := json.Unmarshal(b, &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Truth == nil || rec.Truth.Words.Words == 0 {
			t.Fatalf("%s: no measurement against the transcription", f)
		}
		fixed += rec.Truth.Words.Fixed
		if want := proseBroken[filepath.Base(f)]; rec.Truth.Words.Broken != want {
			t.Errorf("%s: %d words read right were broken, known %d (proseBroken)", filepath.Base(f), rec.Truth.Words.Broken, want)
			for _, c := range rec.Correction.Corrections {
				if c.Applied {
					t.Logf("  %q → %q (%s)", c.From, c.To, c.Reason)
				}
			}
		}
	}
	t.Logf("prose, 9 pages: %d words fixed", fixed)

	// the prose as written: nothing to correct
	code, stdout, stderr := spravka(t, "", append([]string{"correct"}, texts...)...)
	if code != 0 {
		t.Fatalf("spravka correct: exit %d\n%s", code, stderr)
	}
	var want strings.Builder
	for _, text := range texts {
		b, _ := os.ReadFile(text)
		want.Write(b)
	}
	if stdout != want.String() {
		t.Errorf("spravka correct changed the prose:\n%s", stdout)
	}
	code, stdout, _ = spravka(t, "", append([]string{"correct", "--json"}, texts...)...)
	if code != 0 || strings.Contains(stdout, `"applied": true`) {
		t.Errorf("spravka correct --json: exit %d, applied corrections:\n%s", code, stdout)
	}
}
