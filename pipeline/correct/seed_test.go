package correct

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/hunspell"
	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// corpusDir holds copies of the shared seed texts (see testdata/seed/README.md).
const corpusDir = "testdata/seed/"

func readShared(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// defaultCorrector is the corrector spravka runs with: the embedded lexicon
// and the Russian Hunspell dictionary.
func defaultCorrector(t testing.TB) *Corrector {
	t.Helper()
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	d, err := hunspell.OpenDefault("ru_RU")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Russian Hunspell dictionary missing in CI (apt-get install hunspell-ru libhunspell-dev): %v", err)
		}
		t.Skipf("Russian Hunspell dictionary missing (apt-get install hunspell-ru libhunspell-dev): %v", err)
	}
	t.Cleanup(func() { d.Close() })
	c, err := New(lex, d, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSeed: the published text of the 1953 telegram gets all the fixes of
// the ground truth and no other change.
func TestSeed(t *testing.T) {
	ocr := readShared(t, corpusDir+"telegram-1953-03-29.ocr.txt")
	gt := readShared(t, corpusDir+"telegram-1953-03-29.gt.txt")
	c := defaultCorrector(t)
	out, recs := c.Correct(page.FromText(ocr), 1)
	for _, r := range recs {
		t.Logf("line %d word %d: %q → %q applied=%v %s score %.2f: %s", r.Line, r.Word, r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
	}
	got := strings.Split(out.Text(), "\n")
	want := strings.Split(strings.ReplaceAll(gt, "\r\n", "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i := range want {
		gw, ww := strings.Fields(got[i]), strings.Fields(want[i])
		for j := range max(len(gw), len(ww)) {
			var g, w string
			if j < len(gw) {
				g = gw[j]
			}
			if j < len(ww) {
				w = ww[j]
			}
			if g != w {
				t.Errorf("line %d word %d: got %q, want %q", i+1, j, g, w)
			}
		}
	}
}

// TestConcurrent: page workers share one corrector.
func TestConcurrent(t *testing.T) {
	ocr := readShared(t, corpusDir+"telegram-1953-03-29.ocr.txt")
	c := defaultCorrector(t)
	want, _ := c.Correct(page.FromText(ocr), 1)
	done := make(chan string)
	for range 4 {
		go func() {
			out, _ := c.Correct(page.FromText(ocr), 1)
			done <- out.Text()
		}()
	}
	for range 4 {
		if got := <-done; got != want.Text() {
			t.Error("concurrent correction differs")
		}
	}
}

// TestCleanTextUnchanged: correct text (the transcriptions) gets no applied
// change, with the dictionary and without it.
func TestCleanTextUnchanged(t *testing.T) {
	c := defaultCorrector(t)
	noDict, err := New(c.lex, nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/devscans/*.gt.txt")
	prose, _ := filepath.Glob("testdata/prose/prose.p*.gt.txt")
	files = append(append(files, prose...), corpusDir+"telegram-1953-03-29.gt.txt", "testdata/heldout.gt.txt")
	for _, f := range files {
		text := readShared(t, f)
		for name, cc := range map[string]*Corrector{"dictionary": c, "no dictionary": noDict} {
			out, recs := cc.Correct(page.FromText(text), 1)
			for _, r := range recs {
				if r.Applied {
					t.Errorf("%s, %s: line %d applied %q → %q (%s)", filepath.Base(f), name, r.Line, r.From, r.To, r.Reason)
				}
			}
			if out.Text() != page.FromText(text).Text() {
				t.Errorf("%s, %s: text changed", filepath.Base(f), name)
			}
		}
	}
}
