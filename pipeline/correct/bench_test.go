package correct

import (
	"os"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

// benchPage builds a realistic page of about 2,000 words: the held-out text
// damaged at one word in five, repeated with different damage, as an OCR page
// whose damaged words have low confidence.
func benchPage(tb testing.TB, seed uint64) *page.Page {
	tb.Helper()
	gt, err := os.ReadFile("testdata/heldout.gt.txt")
	if err != nil {
		tb.Fatal(err)
	}
	var text []string
	words := 0
	for k := uint64(0); words < 2000; k++ {
		d := damageText(string(gt), 5, seed*100+k)
		text = append(text, d)
		words += len(strings.Fields(d))
	}
	ref := strings.Fields(strings.Repeat(string(gt)+"\n", len(text)))
	p := page.FromText(strings.Join(text, "\n"))
	i := 0
	for _, lr := range p.Lines() {
		for wi := range lr.Line.Words {
			w := &lr.Line.Words[wi]
			w.Conf = 91
			if i < len(ref) && w.Text != ref[i] {
				w.Conf = 45
			}
			w.Box = page.Box{X0: wi * 60, Y0: lr.No * 40, X1: wi*60 + 50, Y1: lr.No*40 + 30}
			i++
		}
	}
	return p
}

// BenchmarkCorrect2000Words corrects 2,000-word pages with a warm corrector
// (as in a run: the Spell cache is shared across pages), rotating over eight
// differently damaged pages.
func BenchmarkCorrect2000Words(b *testing.B) {
	c := defaultCorrector(b)
	var pages []*page.Page
	for s := uint64(1); s <= 8; s++ {
		pages = append(pages, benchPage(b, s))
	}
	c.Correct(pages[0], 1)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c.Correct(pages[i%len(pages)], 1)
	}
}

// BenchmarkCorrect2000WordsCold is the first page of a run: an empty Spell cache.
func BenchmarkCorrect2000WordsCold(b *testing.B) {
	c := defaultCorrector(b)
	p := benchPage(b, 1)
	for b.Loop() {
		b.StopTimer()
		c.spells = spellCache{m: map[string]bool{}}
		b.StartTimer()
		c.Correct(p, 1)
	}
}
