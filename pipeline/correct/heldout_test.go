package correct

import (
	"os"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/page"
)

// damage is an OCR-like corruption model written independently of the
// corrector's confusion table: typewriter look-alikes, marks for broken
// letters, Latin homoglyphs, digits, and unrelated letters and dropped
// letters (which the corrector must not "fix" into something else).
var damageOps = []struct{ from, to string }{
	{"и", "н"}, {"н", "и"}, {"п", "и"}, {"л", "д"}, {"д", "л"}, {"ш", "щ"}, {"щ", "ш"}, {"е", "с"}, {"о", "с"},
	{"з", "э"}, {"б", "6"}, {"о", "0"}, {"з", "3"}, {"о", "o"}, {"е", "e"}, {"р", "p"}, {"с", "c"}, {"а", "a"},
	{"е", "о"}, {"в", "з"}, {"г", "т"}, {"ц", "щ"}, {"а", "д"}, {"ы", "ь1"}, {"к", "х"}, {"у", "ч"},
	{"р", ":"}, {"е", "."}, {"о", "’"}, {"т", "г"}, {"м", "п"}, {"я", "а"}, {"ж", "х"},
}

// lcg is a tiny deterministic random source (the damage must not change between runs).
type lcg uint64

func (l *lcg) next(n int) int {
	*l = *l*6364136223846793005 + 1442695040888963407
	return int(uint64(*l>>33) % uint64(n))
}

// damageText corrupts about one word in rate; words with digits and the
// № sign stay as typed (numbers are not what this measures).
func damageText(s string, rate int, seed uint64) string {
	rnd := lcg(seed)
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		words := strings.Split(line, " ")
		for i, w := range words {
			if w == "" || strings.ContainsAny(w, "0123456789№") || rnd.next(rate) != 0 {
				continue
			}
			rs := []rune(w)
			switch k := rnd.next(10); {
			case k < 7: // a look-alike
				for try := 0; try < 8; try++ {
					op := damageOps[rnd.next(len(damageOps))]
					if j := strings.Index(strings.ToLower(w), op.from); j >= 0 && !(j == 0 && strings.ContainsAny(op.to, ":.’")) {
						lw := []rune(strings.ToLower(w))
						pos := len([]rune(strings.ToLower(w)[:j]))
						to := []rune(op.to)
						if len(to) == 1 && rs[pos] != lw[pos] { // keep a capital a capital where the look-alike has one
							to = []rune(strings.ToUpper(op.to))
						}
						rs = append(rs[:pos], append(to, rs[pos+1:]...)...)
						break
					}
				}
			case k < 9: // an unrelated letter
				pos := rnd.next(len(rs))
				if isCyr(rs[pos]) {
					rs[pos] = []rune(cyrLower)[rnd.next(32)]
				}
			default: // a dropped letter
				if len(rs) > 3 {
					pos := 1 + rnd.next(len(rs)-2)
					rs = append(rs[:pos], rs[pos+1:]...)
				}
			}
			words[i] = string(rs)
		}
		lines = append(lines, strings.Join(words, " "))
	}
	return strings.Join(lines, "\n")
}

// TestHeldOut measures correction on a text that is not the seed, with names
// of the period in other case forms, damaged by the model above at several
// seeds. Correction must fix more words than it breaks, break at most one
// word in a hundred, and never make the text worse.
func TestHeldOut(t *testing.T) {
	gt, err := os.ReadFile("testdata/heldout.gt.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := defaultCorrector(t)
	isName := nameWords(t, c.lex)
	for _, withConf := range []bool{false, true} {
		heldOut(t, c, string(gt), withConf, isName)
	}
}

// heldOut corrects eight damaged copies, as plain text or as OCR pages whose
// damaged words have a low confidence and the others a high one (as
// Tesseract's are, mostly), and checks and logs the result.
func heldOut(t *testing.T, c *Corrector, gt string, withConf bool, isName func(string) bool) {
	mode := "plain text, no confidences"
	if withConf {
		mode = "OCR confidences 55 damaged / 92 intact"
	}
	var total accuracy.Changes
	var rawCER, corCER accuracy.Rate
	var nameRaw, nameCor, nameN int
	for seed := uint64(1); seed <= 8; seed++ {
		raw := damageText(gt, 5, seed)
		p := page.FromText(raw)
		if withConf {
			ref := strings.Fields(gt)
			i := 0
			for _, lr := range p.Lines() {
				for wi := range lr.Line.Words {
					w := &lr.Line.Words[wi]
					w.Conf = 92
					if i < len(ref) && w.Text != ref[i] {
						w.Conf = 55
					}
					i++
				}
			}
		}
		out, _ := c.Correct(p, 1)
		cor := out.Text()
		ch := accuracy.WordChanges(raw, cor, gt)
		total = total.Add(ch)
		rc, cc := accuracy.CER(raw, gt), accuracy.CER(cor, gt)
		rawCER, corCER = rawCER.Add(rc), corCER.Add(cc)
		a, n := accuracy.TokenRecall(raw, gt, isName)
		b, _ := accuracy.TokenRecall(cor, gt, isName)
		nameRaw, nameCor, nameN = nameRaw+a, nameCor+b, nameN+n
		if cc.Errors > rc.Errors {
			t.Errorf("%s, seed %d: correction made the text worse (%d → %d character errors)", mode, seed, rc.Errors, cc.Errors)
		}
	}
	t.Logf("held-out, 8 damaged copies (%s): CER %.4f → %.4f (ratio %.2f); words fixed %d, broken %d of %d; names/orgs right %d → %d of %d", mode,
		rawCER.Value(), corCER.Value(), corCER.Value()/rawCER.Value(), total.Fixed, total.Broken, total.Words, nameRaw, nameCor, nameN)
	if total.Fixed <= total.Broken || total.Broken*100 > total.Words {
		t.Errorf("fixed %d, broken %d of %d words", total.Fixed, total.Broken, total.Words)
	}
}
