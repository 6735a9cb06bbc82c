package correct

import (
	"strconv"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

func TestCharAlts(t *testing.T) {
	set := func(alts ...string) []page.Alt {
		var out []page.Alt
		for _, a := range alts {
			text, conf, _ := strings.Cut(a, "=")
			c, _ := strconv.ParseFloat(conf, 64)
			out = append(out, page.Alt{Text: text, Conf: c})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		text string
		sets [][]page.Alt
		want string // per position: conf of the letter read, then the alternatives; "" for nil
	}{
		{"one set a letter", "да", [][]page.Alt{set("д=90", "л=60"), set("а=95")}, "90 л60|95"},
		{"leading and trailing space sets dropped", "да", [][]page.Alt{set(" =90"), set("д=90"), set("а=95"), set(" =88")}, "90|95"},
		{"case and ё folded, the best confidence kept", "Её", [][]page.Alt{set("Е=90", "е=95", "Ё=20"), set("ё=80", "Е=85")}, "95|85"},
		{"a space inside the word is an alternative", "да", [][]page.Alt{set("д=90"), set(" =96", "а=70")}, "90|70  96"},
		{"too few sets", "дом", [][]page.Alt{set("д=90"), set("о=95")}, ""},
		{"too many sets", "да", [][]page.Alt{set("д=90"), set("а=95"), set("м=95")}, ""},
		{"the letter read is not in its set", "да", [][]page.Alt{set("д=90"), set("о=95")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := charAlts(tc.text, tc.sets)
			var parts []string
			for _, p := range got {
				s := []string{ftoa(p.conf)}
				for _, a := range p.alts {
					s = append(s, string(a.r)+ftoa(a.conf))
				}
				parts = append(parts, strings.Join(s, " "))
			}
			if g := strings.Join(parts, "|"); g != tc.want {
				t.Errorf("charAlts(%q) = %q, want %q", tc.text, g, tc.want)
			}
		})
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ow is a recognised word for altPage: every character read at 95 with
// nothing else listed, except the rune positions in alts, which list other
// readings (the character read then has conf read, 95 when zero).
type ow struct {
	text string
	conf float64
	read float64
	alts map[int][]page.Alt
}

// altPage is an OCR page of one line of words carrying Tesseract-like
// per-character alternatives, with a leading space set as Tesseract writes.
func altPage(words ...ow) *page.Page {
	var l page.Line
	for i, w := range words {
		sets := [][]page.Alt{{{Text: " ", Conf: 95}}}
		for k, r := range []rune(w.text) {
			read := 95.0
			if _, ok := w.alts[k]; ok && w.read > 0 {
				read = w.read
			}
			sets = append(sets, append([]page.Alt{{Text: string(r), Conf: read}}, w.alts[k]...))
		}
		l.Words = append(l.Words, page.Word{Text: w.text, OCR: w.text, Conf: w.conf, Choices: sets,
			Box: page.Box{X0: i * 100, Y0: 10, X1: i*100 + 90, Y1: 40}})
	}
	return &page.Page{Width: 2000, Height: 100, Blocks: []page.Block{{Lines: []page.Line{l}}}}
}

func alts(pos int, as ...page.Alt) map[int][]page.Alt { return map[int][]page.Alt{pos: as} }

func TestAlternatives(t *testing.T) {
	dict := newFake(testWords + " марта морта мирта меры веры кум был")
	c, err := New(newTestCorrector(t, DefaultOptions()).lex, dict, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	off := DefaultOptions()
	off.Choices = false
	cOff, _ := New(c.lex, dict, off)
	for _, tc := range []struct {
		name    string
		words   []ow
		want    string
		wantOff string // with Options.Choices off; "" for the text as read
		reason  string // in the record of the first change, when applied
	}{
		{"a tie between dictionary words is broken by the letter listed",
			[]ow{{"29", 90, 0, nil}, {"мерта", 60, 80, alts(1, page.Alt{Text: "а", Conf: 70})}},
			"29 марта", "", "OCR alternatives: а for е listed"},
		{"a letter listed beats a cheaper confusion not listed",
			[]ow{{"он", 90, 0, nil}, {"зеры", 40, 70, alts(0, page.Alt{Text: "м", Conf: 60})}},
			"он меры", "он веры", "м for з listed"},
		{"a close second choice mends a short word",
			[]ow{{"он", 90, 0, nil}, {"бып", 60, 80, alts(2, page.Alt{Text: "л", Conf: 75})}},
			"он был", "", "л for п listed"},
		{"a mark read with a letter listed close behind",
			[]ow{{"с", 90, 0, nil}, {"Ким", 95, 0, nil}, {"Ир", 95, 0, nil}, {"‹еном", 60, 88, alts(0, page.Alt{Text: "С", Conf: 60})}},
			"с Ким Ир Сеном", "", "с for ‹ listed"},
		{"a name read as another word, the name read on the same page",
			[]ow{{"Ким", 95, 0, nil}, {"сказал", 95, 0, nil}, {"Кум", 60, 80, alts(1, page.Alt{Text: "и", Conf: 70})}},
			"Ким сказал Ким", "", "a name read as another word"},
		{"a word of a three-word name read as a valid word",
			[]ow{{"с", 95, 0, nil}, {"Кум", 60, 80, alts(1, page.Alt{Text: "и", Conf: 70})}, {"Ир", 95, 0, nil}, {"Сеном", 95, 0, nil}},
			"с Ким Ир Сеном", "с Ким Ир Сеном", "и for у listed"},
		{"a name read across a broken letter",
			[]ow{{"приняты", 90, 0, nil}, {"Ким", 95, 0, nil}, {"Ис", 88, 92, alts(1, page.Alt{Text: "р", Conf: 60})}, {"гезу;", 29, 82, alts(0, page.Alt{Text: "С", Conf: 60})}},
			"приняты Ким Ир Сену;", "приняты Ким Ир гезу;", "с for г listed"},
		{"marks after the damaged last word of a name read in full on the page",
			[]ow{{"Ким", 95, 0, nil}, {"Ир", 48, 0, nil}, {"Сен", 93, 0, nil}, {"сказал", 95, 0, nil}, {"Ким", 96, 0, nil}, {"Ир", 91, 0, nil},
				{"С-:", 75, 92, map[int][]page.Alt{1: {{Text: "=", Conf: 47}, {Text: "е", Conf: 22}}, 2: {{Text: ";", Conf: 50}}}}},
			"Ким Ир Сен сказал Ким Ир Сен", "", "part of «Ким Ир Сен»"},
		// must not fire
		{"marks after a name's last word stay without the name in full on the page",
			[]ow{{"сказал", 95, 0, nil}, {"Ким", 96, 0, nil}, {"Ир", 91, 0, nil},
				{"С-:", 75, 92, map[int][]page.Alt{1: {{Text: "=", Conf: 47}, {Text: "е", Conf: 22}}, 2: {{Text: ";", Conf: 50}}}}},
			"сказал Ким Ир С-:", "", ""},
		{"a rare word read confidently stays though a weak alternative spells a common one",
			[]ow{{"он", 95, 0, nil}, {"мирза", 95, 95, alts(1, page.Alt{Text: "а", Conf: 3})}},
			"он мирза", "", ""},
		{"a known word stays though its alternative spells another",
			[]ow{{"он", 95, 0, nil}, {"веры", 60, 70, alts(0, page.Alt{Text: "м", Conf: 65})}},
			"он веры", "", ""},
		{"a name not read elsewhere on the page is not made from a word",
			[]ow{{"сказал", 95, 0, nil}, {"Кум", 60, 80, alts(1, page.Alt{Text: "и", Conf: 70})}},
			"сказал Кум", "", ""},
		{"a weak alternative does not make a name of a word",
			[]ow{{"Ким", 95, 0, nil}, {"сказал", 95, 0, nil}, {"Кум", 60, 95, alts(1, page.Alt{Text: "и", Conf: 0})}},
			"Ким сказал Кум", "", ""},
		{"near-miss surnames stay",
			[]ow{{"т.", 95, 0, nil}, {"Маликин", 60, 80, alts(6, page.Alt{Text: "к", Conf: 40})}, {"и", 95, 0, nil},
				{"Разумовский", 60, 80, alts(3, page.Alt{Text: "в", Conf: 50})}},
			"т. Маликин и Разумовский", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := altPage(tc.words...)
			in := strings.TrimSuffix(p.Text(), "\n")
			out, recs := c.Correct(p, 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("with alternatives: %q → %q, want %q", in, got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
				}
			}
			if tc.reason != "" {
				found := false
				for _, r := range recs {
					if r.Applied && strings.Contains(r.Reason, tc.reason) {
						found = true
					}
				}
				if !found {
					t.Errorf("no applied record says %q: %+v", tc.reason, recs)
				}
			}
			wantOff := tc.wantOff
			if wantOff == "" {
				wantOff = in
			}
			outOff, _ := cOff.Correct(altPage(tc.words...), 1)
			if got := strings.TrimSuffix(outOff.Text(), "\n"); got != wantOff {
				t.Errorf("without alternatives: %q → %q, want %q", in, got, wantOff)
			}
		})
	}
}

// TestNameNotSplitFromAltWord: a word whose second choices spell a word is
// not split into the parts of a name that need letters the engine did not
// list («з0ка И» is «пока и», not the Korean name «Хо Ка И»).
func TestNameNotSplitFromAltWord(t *testing.T) {
	c, err := New(newTestCorrectorLex(t, DefaultOptions(), "Хо Ка И\tperson\n").lex, newFake(testWords+" пока"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	words := []ow{{"которого", 90, 0, nil}, {"зока", 30, 76, alts(0, page.Alt{Text: "п", Conf: 73}, page.Alt{Text: "г", Conf: 66})}, {"И", 80, 0, nil}}
	out, recs := c.Correct(altPage(words...), 1)
	if got := out.Text(); strings.Contains(got, "Хо Ка") {
		t.Errorf("text %q: a word the alternatives spell was split into a name", got)
		for _, r := range recs {
			t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
		}
	}
}
