package correct

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// fakeDict knows a fixed list of words (in any case).
type fakeDict map[string]bool

func (d fakeDict) Spell(w string) bool { return d[strings.ToLower(w)] }

func newFake(words string) fakeDict {
	d := fakeDict{}
	for _, w := range strings.Fields(words) {
		d[w] = true
	}
	return d
}

const testLexicon = lexicon.Header + `
Разуваев	person	Рабузов
Малик	person	Каллины=Малика
Берия	person		=Берия;Берии;Берию;Берией
Кузнецов	person
Федоренко	person
Хрущев	person		Хрущёв
Булганин	person
Молотов	person
Вышинский	person		adj
Громыко	person
Ким Ир Сен	person
Нам Ир	person
Чжоу Эньлай	person
Пэн Дэхуай	person
Пхеньян	place
Москва	place
КНДР	abbreviation
КНР	abbreviation
КПСС	abbreviation
СССР	abbreviation
вх.	formula
исх.	formula
пхеньянский	term		adj
Президиум	term
военнопленный	term
`

// words the fake dictionary knows: common words of the test sentences
const testWords = `и в с о к по что он был были от до не на из для при после передать сказал дал
указание встреча приезда назначении министром согласен заявил телеграмма вопросу
попрежнему вол див копил пригласительный маликин разумовский опубликование указа
марта предложением правительства заявление документ генерала ему присутствии
переговорах встретиться т тов разослано сообщили заседании поручил доклад`

func newTestCorrector(t testing.TB, opt Options) *Corrector {
	t.Helper()
	return newTestCorrectorLex(t, opt, "")
}

// newTestCorrectorLex is newTestCorrector with extra lexicon rows.
func newTestCorrectorLex(t testing.TB, opt Options, rows string) *Corrector {
	t.Helper()
	lex, err := lexicon.Parse(strings.NewReader(testLexicon+rows), "test.tsv")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(lex, newFake(testWords), opt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// correctorKnowing is the test lexicon's corrector with the default options
// and a dictionary that knows exactly words.
func correctorKnowing(t testing.TB, words string) *Corrector {
	t.Helper()
	c, err := New(newTestCorrector(t, DefaultOptions()).lex, newFake(words), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func correctText(c *Corrector, s string) (string, []page.Correction) {
	out, recs := c.Correct(page.FromText(s), 1)
	return strings.TrimSuffix(out.Text(), "\n"), recs
}

type textCase struct {
	name, in, want string
}

func runText(t *testing.T, c *Corrector, cases []textCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, recs := correctText(c, tc.in)
			if got != tc.want {
				t.Errorf("Correct(%q) = %q, want %q", tc.in, got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
				}
			}
		})
	}
}

func TestHomoglyphs(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		{"latin o and p in cyrillic", "дoкумeнт", "документ"},
		{"latin capitals", "CCCP и KНДP", "СССР и КНДР"},
		{"cyrillic inside latin", "Wilsоn Сenter", "Wilson Center"},
		{"digit zero", "д0кумент", "документ"},
		{"digit three upper", "3АЯВЛЕНИЕ", "ЗАЯВЛЕНИЕ"},
		{"digit six", "6ыли", "были"},
		{"soft sign one", "бь1ли", "были"},
		{"year I9xx", "в I953 г.", "в 1953 г."},
		{"roman numeral date", "29.III.53 и II. раздел", "29.III.53 и II. раздел"},
		{"roman numeral alone", "от 29. III. 53г.", "от 29. III. 53г."},
		{"latin word stays", "Wilson Center", "Wilson Center"},
		{"initial III", "IIIифртелеграмма", "Шифртелеграмма"},
		{"initial II", "IIредложение", "Предложение"},
		{"initial III in capitals", "IIIИФРТЕЛЕГРАММА", "ШИФРТЕЛЕГРАММА"},
	})
}

func TestProtected(t *testing.T) {
	opt := DefaultOptions()
	opt.Protect = []*regexp.Regexp{regexp.MustCompile(`^Берил$`)}
	c := newTestCorrector(t, opt)
	runText(t, c, []textCase{
		{"document numbers", "№ 8297 (вх. № 8265)", "№ 8297 (вх. № 8265)"},
		{"time and date", "20 час 40 мин 29/ III 1953 г.", "20 час 40 мин 29/ III 1953 г."},
		{"cipher groups", "36245 12098 55410", "36245 12098 55410"},
		{"copy numbers", "Экз. № 4-т 1-РАЗМЕТКА", "Экз. № 4-т 1-РАЗМЕТКА"},
		{"year with г", "24. III. 53г. т.", "24. III. 53г. т."},
		{"user pattern", "№ 4-т Берил", "№ 4-т Берил"},
	})
}

func TestLexicon(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		{"known misreading", "т. т. Кузнецов, Рабузов и Федоренко", "т. т. Кузнецов, Разуваев и Федоренко"},
		{"known misreading to a case form", "до приезда Каллины и", "до приезда Малика и"},
		{"misreading keeps capitals", "РАБУЗОВ", "РАЗУВАЕВ"},
		{"confusion variant", "сказал Хрузев", "сказал Хрущев"},
		{"confusion variant in a case form", "с Булгачиным", "с Булганиным"},
		{"name, nominative by default", "№ 4-т Беруя", "№ 4-т Берия"},
		{"adjective term", "готовится ихеньянское заявление", "готовится пхеньянское заявление"},
		{"general term", "указа Презилиума", "указа Президиума"},
		{"abbreviation with a mark", "ЦК К\"СС", "ЦК КПСС"},
		{"formula before №", "(исл. № 6277)", "(исх. № 6277)"},
		{"list does not repeat", "КНДР и КНТР", "КНДР и КНР"},
		{"upper case name", "КУЗНЕЦОВ, ФЕДОРЕНКО", "КУЗНЕЦОВ, ФЕДОРЕНКО"},
		{"upper case variant", "ХРУЗЕВ", "ХРУЩЕВ"},
	})
}

func TestMorphologyMatching(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		{"case forms read right", "Разуваева Разуваеву Разуваевым Разуваеве Малику Маликом", "Разуваева Разуваеву Разуваевым Разуваеве Малику Маликом"},
		{"genitive after a noun", "о назначении Нам Ири министром", "о назначении Нам Ира министром"},
		{"instrumental after с", "с Ким Ир Сенем", "с Ким Ир Сеном"},
		{"instrumental after a passive", "приняты Ким Ир Сенем", "приняты Ким Ир Сеном"},
		{"dative", "передать Ким Ир Сену", "передать Ким Ир Сену"},
		{"Chinese name instrumental", "встреча с Чжоу Эньлаел", "встреча с Чжоу Эньлаем"},
		{"Chinese name genitive", "после Пэн Дэхуоя", "после Пэн Дэхуая"},
		{"indeclinable", "поручил Громыко и Федоренко", "поручил Громыко и Федоренко"},
		{"indeclinable misread", "поручил Грамыко", "поручил Громыко"},
		{"adjectival surname", "передать Вышинскону", "передать Вышинскому"},
		{"feminine form", "с Кузнецовой", "с Кузнецовой"},
		{"lower-case name part", "Ким Ир сен", "Ким Ир Сен"},
		{"split name", "с Ким Ир Се ном", "с Ким Ир Сеном"},
		{"joined name", "с КимИр Сеном", "с Ким Ир Сеном"},
		{"name across lines", "с Ким\nИр Сенем", "с Ким\nИр Сеном"},
		{"upper case sequence", "КИМ ИР СЕНЕМ", "КИМ ИР СЕНОМ"},
		{"valid word inside a name", "сказал Ким Из Сен", "сказал Ким Ир Сен"},
		{"part of a name", "приняты\nИр Сенэм в", "приняты\nИр Сеном в"},
	})
}

// TestDoNoHarm: valid words, near-miss surnames and the seed's uncertain
// oddities stay as they are (at most suggested).
func TestDoNoHarm(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	for _, in := range []string{
		"будет попрежнему Нам Ир",
		"т. Маликин сообщил",
		"т. Разумовский сообщил",
		"» № 7-т Копил",
		"в ЦСР Отдела",
		"№ 8297 вол. 20 час",
		"Див. №.....",
		"был передан пригласительный из Москвы документ",
		"Экз № 1-РАЗМЕТКА",
		"Кузнецову и Малику",
		"в Пхеньяне и Москве",
	} {
		t.Run(in, func(t *testing.T) {
			got, recs := correctText(c, in)
			if got != in {
				t.Errorf("Correct(%q) = %q: changed", in, got)
			}
			for _, r := range recs {
				if r.Applied {
					t.Errorf("applied %q → %q (%s)", r.From, r.To, r.Reason)
				}
			}
		})
	}
}

func TestDecisionGate(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	t.Run("dictionary fix without confidence is only suggested", func(t *testing.T) {
		got, recs := correctText(c, "он заязил")
		if got != "он заязил" {
			t.Errorf("changed to %q", got)
		}
		if len(recs) != 1 || recs[0].Applied || recs[0].To != "заявил" || recs[0].Rule != page.RuleDictionary {
			t.Errorf("records %+v, want one suggestion заявил", recs)
		}
	})
	ocrPage := func(words []string, conf float64) *page.Page {
		var l page.Line
		for i, w := range words {
			l.Words = append(l.Words, page.Word{Text: w, OCR: w, Conf: conf, Box: page.Box{X0: i * 100, Y0: 10, X1: i*100 + 90, Y1: 40}})
		}
		return &page.Page{Width: 1000, Height: 100, Blocks: []page.Block{{Lines: []page.Line{l}}}}
	}
	t.Run("dictionary fix at low confidence is applied", func(t *testing.T) {
		out, recs := c.Correct(ocrPage([]string{"он", "заязил"}, 40), 3)
		if got := out.Text(); got != "он заявил\n" {
			t.Errorf("text %q", got)
		}
		if len(recs) != 1 || !recs[0].Applied || recs[0].Page != 3 || recs[0].Line != 1 || recs[0].Word != 1 || recs[0].Words != 1 ||
			recs[0].Box == nil || recs[0].Box.X0 != 100 || recs[0].Conf != 40 || recs[0].From != "заязил" {
			t.Errorf("records %+v", recs)
		}
		if out.Blocks[0].Lines[0].Words[1].OCR != "заязил" {
			t.Error("the OCR reading was not kept")
		}
	})
	for _, tc := range []struct {
		name  string
		words []string
		conf  float64
		want  string
	}{
		{"sure non-word at high confidence is fixed", []string{"он", "заязил"}, 90, "он заявил\n"},
		{"very high confidence is only suggested", []string{"он", "заязил"}, 96, "он заязил\n"},
		{"short word at high confidence is only suggested", []string{"он", "длл"}, 90, "он длл\n"},
		{"capitalised word inside a sentence at high confidence is only suggested", []string{"он", "Заязил"}, 90, "он Заязил\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := c.Correct(ocrPage(tc.words, tc.conf), 1)
			if got := out.Text(); got != tc.want {
				t.Errorf("text %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("ambiguous dictionary fix is only suggested", func(t *testing.T) {
		c2, _ := New(c.lex, newFake("марта морта"), DefaultOptions())
		out, recs := c2.Correct(ocrPage([]string{"мерта"}, 30), 1)
		if got := out.Text(); got != "мерта\n" || len(recs) != 1 || recs[0].Applied || !strings.Contains(recs[0].Reason, "margin") {
			t.Errorf("text %q, records %+v", got, recs)
		}
	})
	t.Run("no dictionary", func(t *testing.T) {
		// without a dictionary an unrelated letter is only suggested: a
		// rare name (Мадина) is not Малика
		c3, err := New(c.lex, nil, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		got, recs := correctText(c3, "сказал Хрушев")
		if got != "сказал Хрущев" || len(recs) != 1 || !strings.Contains(recs[0].Reason, "no dictionary") {
			t.Errorf("got %q, records %+v", got, recs)
		}
	})
	t.Run("input page is not modified", func(t *testing.T) {
		p := page.FromText("Рабузов")
		c.Correct(p, 1)
		if p.Text() != "Рабузов\n" {
			t.Error("input page modified")
		}
	})
}

func TestRecords(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	_, recs := correctText(c, "Шифртелеграмма\n\nт. т. Кузнецов, Рабузов и\tФедоренко\nс КимИр Сеном")
	if len(recs) != 2 {
		t.Fatalf("records %+v", recs)
	}
	r := recs[0]
	if r.Line != 3 || r.Word != 3 || r.Words != 1 || r.From != "Рабузов" || r.To != "Разуваев" || r.Rule != page.RuleLexicon ||
		!r.Applied || r.Conf != page.NoConf || r.Box != nil || r.Score != 1 {
		t.Errorf("record %+v", r)
	}
	j := recs[1]
	if j.Line != 4 || j.Word != 1 || j.Words != 2 || j.From != "КимИр Сеном" || j.To != "Ким Ир Сеном" || j.Rule != page.RuleVariant {
		t.Errorf("join record %+v", j)
	}
}

func TestDeterministic(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	in := "с Ким Ир Сенем и Нам Ири, Рабузов, КНТР, ихеньянское, мерта заязил"
	a, ra := correctText(c, in)
	for range 5 {
		b, rb := correctText(c, in)
		if a != b || len(ra) != len(rb) {
			t.Fatal("output differs between runs")
		}
		for i := range ra {
			if ra[i].To != rb[i].To || ra[i].Reason != rb[i].Reason || len(ra[i].Alternatives) != len(rb[i].Alternatives) {
				t.Fatalf("record %d differs: %+v vs %+v", i, ra[i], rb[i])
			}
		}
	}
}

func TestDistance(t *testing.T) {
	var scratch []float64
	distance := func(read, typed []rune, limit float64, rows *[]float64) float64 {
		var a, b [64]uint8
		return distanceLat(encodeAll(read, a[:0]), nil, encodeAll(typed, b[:0]), limit, costSpace, rows)
	}
	d := func(a, b string) float64 { return distance([]rune(a), []rune(b), 10, &scratch) }
	for _, tc := range []struct {
		read, typed string
		want        float64
	}{
		{"малик", "малик", 0},
		{"ихеньянское", "пхеньянское", 0.4}, // и/п
		{"презилиума", "президиума", 0.4},   // л/д
		{"хрушев", "хрущев", 0.3},           // ш/щ
		{"6ыли", "были", 0.2},               // б/6
		{"бьiли", "были", 0.9},              // ь/ы 0.6 + i dropped 1 ... at least
		{"бь1ли", "были", 0.2},              // ь1 → ы
		{"к\"сс", "кпсс", 0.5},              // a mark for a letter
		{"рабузов", "разуваев", 4},          // far: only a known misreading reaches it
		{"ким ирсен", "ким ир сен", 0.35},   // a lost space
		{"берил", "берия", 0.7},
		{"абв", "", 3},
	} {
		got := d(tc.read, tc.typed)
		if tc.read == "бьiли" {
			if got > 1.6 {
				t.Errorf("distance(%q, %q) = %.2f, want ≤ 1.6", tc.read, tc.typed, got)
			}
			continue
		}
		if tc.read == "рабузов" {
			if got < 2.5 {
				t.Errorf("distance(%q, %q) = %.2f, want far (≥ 2.5)", tc.read, tc.typed, got)
			}
			continue
		}
		if math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("distance(%q, %q) = %.2f, want %.2f", tc.read, tc.typed, got, tc.want)
		}
	}
	// the early exit reports something above the limit
	if got := distance([]rune("абвгдеж"), []rune("зийклмн"), 1, &scratch); got <= 1 {
		t.Errorf("early exit: %.2f", got)
	}
}

// TestConfidenceGate: a word read with high confidence as a plausible word
// is changed only on evidence against the reading, the same for every
// rule, and the record says which.
func TestConfidenceGate(t *testing.T) {
	c := correctorKnowing(t, "исповедальней количества кисловодск он в и к сказал")
	for _, tc := range []struct {
		name  string
		words []string
		conf  float64
		want  string
		why   string
	}{
		// a rare word read right: the dictionary's neighbour is no common word either
		{"rare word at 91 stays", []string{"Исповедальной", "сказал"}, 91, "Исповедальной сказал", "no evidence against the reading"},
		{"a common word one confusion away", []string{"он", "копичества"}, 91, "он количества", "a common word one confusion from the reading"},
		{"the language alone is not enough at 95", []string{"он", "копичества"}, 96, "он копичества", "no evidence against the reading"},
		// a capital inside a sentence may be a name the language does not know
		{"a capital inside a sentence", []string{"в", "Кисловолск", "и"}, 86, "в Кисловолск и", "no evidence against the reading"},
		{"below the gate the usual gates decide", []string{"он", "копичества"}, 60, "он количества", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, recs := c.Correct(confPage(tc.words, slices.Repeat([]float64{tc.conf}, len(tc.words))), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("text %q, want %q", got, tc.want)
			}
			if tc.why != "" && (len(recs) != 1 || !strings.Contains(recs[0].Reason, tc.why)) {
				t.Errorf("records %+v, want one saying %q", recs, tc.why)
			}
		})
	}
}
