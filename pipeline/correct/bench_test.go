package correct

import (
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/ocr"
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

// choicesPage builds a page of about 2,000 words that carries Tesseract's
// per-character alternatives: the blocks of two real hOCR pages of the
// committed sample scans (scans/, read by spravka run with --choices, a
// poor and a carbon copy), repeated.
func choicesPage(tb testing.TB) *page.Page {
	tb.Helper()
	var src []*page.Page
	for _, name := range []string{"exercise-spravka__ptmono__poor", "telegram-1953-03-29-b__freemono__carbon"} {
		f, err := os.Open("testdata/" + name + ".hocr.gz")
		if err != nil {
			tb.Fatal(err)
		}
		z, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		p, err := ocr.ParseHOCR(z)
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		src = append(src, p)
	}
	out := &page.Page{Width: src[0].Width, Height: src[0].Height}
	for k := 0; out.Words() < 2000; k++ {
		out.Blocks = append(out.Blocks, src[k%len(src)].Clone().Blocks...)
	}
	return out
}

// BenchmarkCorrect2000WordsChoices corrects a 2,000-word page with the
// engine's alternatives (warm Spell cache).
func BenchmarkCorrect2000WordsChoices(b *testing.B) {
	c := defaultCorrector(b)
	p := choicesPage(b)
	c.Correct(p, 1)
	for b.Loop() {
		c.Correct(p, 1)
	}
}

// BenchmarkCorrect2000WordsChoicesCold is the same page with an empty Spell cache.
func BenchmarkCorrect2000WordsChoicesCold(b *testing.B) {
	c := defaultCorrector(b)
	p := choicesPage(b)
	for b.Loop() {
		b.StopTimer()
		c.spells = spellCache{m: map[string]bool{}}
		b.StartTimer()
		c.Correct(p, 1)
	}
}
