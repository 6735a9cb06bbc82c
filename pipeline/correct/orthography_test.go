package correct

import (
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

func TestModernise(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"французскаго", "французского"}, {"синяго", "синего"}, {"новыя", "новые"}, {"домъ", "дом"},
		{"вѣра", "вера"}, {"россійскаго", "российского"}, {"ѳедоръ", "федор"},
		// must not change
		{"онаго", "оного"},
		{"объявил", "объявил"}, {"того", "того"}, {"много", "много"},
	} {
		if got := modernise(tc.in); got != tc.want {
			t.Errorf("modernise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOldSpellingDetected(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	old := "Въ домѣ купца стояли новыя книги изъ Парижа, и всякаго рода товары для святаго праздника."
	modern := "В доме купца стояли новые книги из Парижа, и всякого рода товары для праздника. Объявил благо."
	for _, tc := range []struct {
		text string
		want bool
	}{{old, true}, {modern, false}, {"домъ", false}} {
		v := &view{toks: c.tokens(page.FromText(tc.text).Lines())}
		if got := oldSpelling(v.toks); got != tc.want {
			t.Errorf("oldSpelling(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestOldSpellingKept: on a page in the pre-1918 spelling the dictionary
// reads words as today's spelling of them and never modernises them; a
// mark for a broken letter may be і.
func TestOldSpellingKept(t *testing.T) {
	lex := newTestCorrector(t, DefaultOptions()).lex
	words := "в доме купца стояли новые книги из парижа и всякого рода товары для святого праздника академии российского которого числом церковь"
	for _, tc := range []struct {
		name string
		orth Orthography
		in   string
		want string
	}{
		{"auto: kept as written", OrthographyAuto,
			"Въ домѣ купца стояли новыя книги изъ Парижа, и всякаго рода товары для святаго праздника котораго",
			"Въ домѣ купца стояли новыя книги изъ Парижа, и всякаго рода товары для святаго праздника котораго"},
		{"auto: a mark for і", OrthographyAuto,
			"Въ домѣ купца стояли новыя книги Академ!и изъ Парижа, и всякаго рода товары для святаго праздника",
			"Въ домѣ купца стояли новыя книги Академіи изъ Парижа, и всякаго рода товары для святаго праздника"},
		{"pre1918 chosen: one word is enough", OrthographyPre1918, "для святаго праздника", "для святаго праздника"},
		// the common words are today's: a final ъ read as Ь is not dropped,
		// and no letter is added or deleted to make a modern form
		{"a final sign stays", OrthographyPre1918, "купца числомЬ", "купца числомЬ"},
		{"no modern form by an edit", OrthographyPre1918, "купца церьковь", "купца церьковь"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := DefaultOptions()
			opt.Orthography = tc.orth
			c, err := New(lex, newFake(words), opt)
			if err != nil {
				t.Fatal(err)
			}
			p := page.FromText(tc.in)
			for _, lr := range p.Lines() {
				for i := range lr.Line.Words {
					lr.Line.Words[i].Conf = 60
				}
			}
			out, recs := c.Correct(p, 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v: %s", r.From, r.To, r.Applied, r.Reason)
				}
			}
		})
	}
	// a modern page: the same word is a misspelling to mend
	opt := DefaultOptions()
	opt.Orthography = OrthographyModern
	c, _ := New(lex, newFake(words), opt)
	out, _ := c.Correct(confPage([]string{"для", "святаго", "праздника"}, []float64{60, 60, 60}), 1)
	if got := out.Text(); got != "для святого праздника\n" {
		t.Errorf("modern: %q", got)
	}
}
