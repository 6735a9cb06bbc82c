package correct

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/ocr"
)

// TestDevscans measures correction on Tesseract hOCR of the development
// scans. It runs when SPRAVKA_HOCR_DIR names a folder of <stem>.hocr files
// (spravka run output, or `tesseract IMG DIR/STEM -l rus hocr`), with the
// transcriptions in ../shared/devscans (or SPRAVKA_GT_DIR). It fails if
// correction makes any page's CER worse.
func TestDevscans(t *testing.T) {
	dir := os.Getenv("SPRAVKA_HOCR_DIR")
	if dir == "" {
		t.Skip("set SPRAVKA_HOCR_DIR to a folder of <stem>.hocr files of ../shared/devscans to measure")
	}
	gtDir := os.Getenv("SPRAVKA_GT_DIR")
	if gtDir == "" {
		gtDir = "../../../shared/devscans"
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.hocr"))
	if len(files) == 0 {
		t.Fatalf("no .hocr files in %s", dir)
	}
	c := defaultCorrector(t)
	names := nameWords(t, c.lex)
	var rawAll, corAll accuracy.Rate
	var changes accuracy.Changes
	var nameRaw, nameCor, nameTotal int
	applied, suggested := 0, 0
	for _, f := range files {
		stem := strings.TrimSuffix(filepath.Base(f), ".hocr")
		gt, err := os.ReadFile(filepath.Join(gtDir, stem+".gt.txt"))
		if err != nil {
			t.Logf("%s: no transcription, skipped", stem)
			continue
		}
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ocr.ParseHOCR(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out, recs := c.Correct(p, 1)
		raw, cor, ref := p.Text(), out.Text(), string(gt)
		rc, cc := accuracy.CER(raw, ref), accuracy.CER(cor, ref)
		rawAll, corAll = rawAll.Add(rc), corAll.Add(cc)
		ch := accuracy.WordChanges(raw, cor, ref)
		changes = changes.Add(ch)
		isName := func(w string) bool { return names[lexicon.Key(w)] }
		a, n := accuracy.TokenRecall(raw, ref, isName)
		b, _ := accuracy.TokenRecall(cor, ref, isName)
		nameRaw, nameCor, nameTotal = nameRaw+a, nameCor+b, nameTotal+n
		if testing.Verbose() && os.Getenv("SPRAVKA_SHOW") != "" {
			for _, w := range missedNames(cor, ref, isName) {
				t.Logf("  %s name wrong after correction: %s", stem, w)
			}
		}
		for _, rec := range recs {
			if rec.Applied {
				applied++
			} else {
				suggested++
			}
			if testing.Verbose() && os.Getenv("SPRAVKA_SHOW") != "" {
				t.Logf("  %s l%d w%d %q → %q %v %s %.2f conf %.0f: %s", stem, rec.Line, rec.Word, rec.From, rec.To, rec.Applied, rec.Rule, rec.Score, rec.Conf, rec.Reason)
			}
		}
		t.Logf("%-32s CER raw %.4f corrected %.4f  fixed %d broken %d  names %d→%d/%d", stem, rc.Value(), cc.Value(), ch.Fixed, ch.Broken, a, b, n)
		if cc.Errors > rc.Errors {
			t.Errorf("%s: correction made CER worse: %d → %d errors", stem, rc.Errors, cc.Errors)
		}
	}
	t.Logf("TOTAL CER raw %.4f corrected %.4f (ratio %.3f); words fixed %d broken %d; names/orgs right %d→%d of %d; records applied %d suggested %d",
		rawAll.Value(), corAll.Value(), corAll.Value()/rawAll.Value(), changes.Fixed, changes.Broken, nameRaw, nameCor, nameTotal, applied, suggested)
}

// missedNames lists the name words of ref that hyp does not have right, with
// the word of hyp nearest to each.
func missedNames(hyp, ref string, isName func(string) bool) []string {
	bare := func(s string) []string {
		f := strings.Fields(s)
		for i, w := range f {
			f[i] = strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		}
		return f
	}
	h, r := bare(hyp), bare(ref)
	ok := accuracy.Matched(h, r)
	var out []string
	for i, w := range r {
		if ok[i] || w == "" || !isName(w) {
			continue
		}
		ctx := r[max(0, i-2):min(len(r), i+3)]
		out = append(out, w+" (in «"+strings.Join(ctx, " ")+"»)")
	}
	return out
}

// nameWords are the capitalised words of the lexicon's names, places,
// organisations and abbreviations (Ким, Сеном, КНДР, Паньмыньчжоне), not
// the common words inside organisation names (иностранных, дел).
func nameWords(t testing.TB, lex *lexicon.Lexicon) map[string]bool {
	t.Helper()
	m := map[string]bool{}
	for _, e := range lex.Entries() {
		switch e.Kind {
		case lexicon.Person, lexicon.Place, lexicon.Organisation, lexicon.Abbreviation:
			for _, f := range e.Forms {
				for _, w := range strings.Fields(f.Text) {
					r := []rune(w)
					if len(r) > 1 && unicode.IsUpper(r[0]) {
						m[lexicon.Key(w)] = true
					}
				}
			}
		}
	}
	return m
}
