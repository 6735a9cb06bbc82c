package correct

import (
	"slices"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

func TestRomanMonths(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		{"three T", "от 29. ТТТ. 53г.", "от 29. III. 53г."},
		{"П and T", "29. ПТ. 53г. КУЗНЕЦОВ", "29. III. 53г. КУЗНЕЦОВ"},
		{"Ш and T", "от 24. ШТ. 53г.", "от 24. III. 53г."},
		{"Ш alone", "от 12. Ш. 1953 г.", "от 12. III. 1953 г."},
		{"before a time", "Отпеч. 29. ТТТ. 22-15", "Отпеч. 29. III. 22-15"},
		{"one token", "от 12.ХТ.52 г.", "от 12.XI.52 г."},
		{"one token, year apart", "Лебедев 28.УТТ. 52", "Лебедев 28.VII. 52"},
		{"colon for a stroke", "от 25.ТТ:.53", "от 25.III.53"},
		{"lower-case look-alikes", "от 5.т.53", "от 5.I.53"},
		{"strokes around a colon (not the day «1:»)", "от 24. 1:1. 53г. т.", "от 24. III. 53г. т."},
		{"a speck before the day, a slot with no stop", "'29. 1;: 53. КУЗНЕЦОВ", "29. III 53. КУЗНЕЦОВ"}, // (the speck goes too: rule marks)
		{"a day with two stops", "Отпеч. 2.. П!. 22-15", "Отпеч. 2.. III. 22-15"},
		{"the year's г read as a mark", "29. 11:. 53». КУЗНЕЦОВ", "29. III. 53». КУЗНЕЦОВ"},
		// must not fire
		{"already Roman", "от 29. III. 53г.", "от 29. III. 53г."},
		{"Arabic month", "от 23.11.53", "от 23.11.53"},
		{"no month", "от 24.ТТТТТ.53", "от 24.ТТТТТ.53"},
		{"no year after", "п. 5. Т. Иванов", "п. 5. Т. Иванов"},
		{"no day before", "пункт Т. 53", "пункт Т. 53"},
		{"a word between", "29. при 53г.", "29. при 53г."},
		{"digits between, no stop", "от 24. 11 53г.", "от 24. 11 53г."},
		{"a word after the year", "29. ТТ. 53мая", "29. ТТ. 53мая"},
		{"a date with no month to make keeps its digits", "от 30.тТТТ.53 г.", "от 30.тТТТ.53 г."},
	})
}

func TestNameSpellingNotJoined(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		// the lexicon has Чжоу Эньлай; «Чжоу Энь Лай» is another spelling, not a split by OCR
		{"capitalised parts stay", "встреча с Чжоу Энь Лаем", "встреча с Чжоу Энь Лаем"},
		{"a split word is joined", "встреча с Чжоу Энь лаем", "встреча с Чжоу Эньлаем"},
	})
}

// TestNameEdgeMarks: marks at the outer edge of a name's damaged last or
// first word are its broken letters when the page has the name in full.
func TestNameEdgeMarks(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		{"a mark after the last word", "Ким Ир Сен сказал Ким Ир Се=", "Ким Ир Сен сказал Ким Ир Сен"},
		{"sentence punctuation after the mark stays", "Ким Ир Сен сказал Ким Ир Се=, и", "Ким Ир Сен сказал Ким Ир Сен, и"},
		{"a mark before the first word", "Ким Ир Сен сказал ‘им Ир Сен", "Ким Ир Сен сказал Ким Ир Сен"},
		{"a two-word name", "Нам Ир сказал Нам И'", "Нам Ир сказал Нам Ир"},
		// must not take the marks
		{"a hyphen at the line end is a break", "Нам Ир сказал Нам И-\nра", "Нам Ир сказал Нам И-\nра"},
		{"a quote stays a quote", "Ким Ир Сен сказал «Ким Ир Се\"", "Ким Ир Сен сказал «Ким Ир Сен\""},
		{"without the name in full on the page the mark stays", "сказал Ким Ир Се=", "сказал Ким Ир Сен="},
	})
}

func TestFormulaCaseFollowsText(t *testing.T) {
	c := newTestCorrectorLex(t, DefaultOptions(), "Запись беседы\tformula\n")
	runText(t, c, []textCase{
		{"inside a sentence", "запросить запись оеседы с ним", "запросить запись беседы с ним"},
		{"at the start", "Запись оеседы с ним", "Запись беседы с ним"},
	})
}

// confPage is an OCR page of one line whose words have the given confidences.
func confPage(words []string, confs []float64) *page.Page {
	var l page.Line
	for i, w := range words {
		l.Words = append(l.Words, page.Word{Text: w, OCR: w, Conf: confs[i], Box: page.Box{X0: i * 100, Y0: 10, X1: i*100 + 90, Y1: 40}})
	}
	return &page.Page{Width: 1000, Height: 100, Blocks: []page.Block{{Lines: []page.Line{l}}}}
}

// lineCase is a line of words, every one read with confidence conf.
type lineCase struct {
	name, in, want string
	conf           float64
}

// runLine corrects each case's line (confPage) and compares the text.
func runLine(t *testing.T, c *Corrector, cases []lineCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			words := strings.Fields(tc.in)
			out, recs := c.Correct(confPage(words, slices.Repeat([]float64{tc.conf}, len(words))), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("text %q, want %q", got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %.2f: %s", r.From, r.To, r.Applied, r.Score, r.Reason)
				}
			}
		})
	}
}

func TestPageEvidence(t *testing.T) {
	c := correctorKnowing(t, "марта морта 29 и")
	for _, tc := range []struct {
		name  string
		words []string
		confs []float64
		want  string
	}{
		{"a tie is decided by the word read elsewhere on the page", []string{"29", "марта", "и", "мерта"}, []float64{90, 90, 90, 30}, "29 марта и марта\n"},
		{"the other word of the tie", []string{"морта", "и", "мерта"}, []float64{90, 90, 30}, "морта и морта\n"},
		{"a word read with low confidence is no evidence", []string{"марта", "и", "мерта"}, []float64{30, 90, 30}, "марта и мерта\n"},
		{"no evidence: only suggested", []string{"и", "мерта"}, []float64{90, 30}, "и мерта\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, recs := c.Correct(confPage(tc.words, tc.confs), 1)
			if got := out.Text(); got != tc.want {
				t.Errorf("text %q, want %q", got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %.2f: %s", r.From, r.To, r.Applied, r.Score, r.Reason)
				}
			}
		})
	}
}

func TestMarksForLetters(t *testing.T) {
	c := correctorKnowing(t, "окончании предложение по-прежнему материалы северо-восточный и")
	for _, tc := range []struct {
		name, in, want string
		conf           float64
	}{
		{"a run of two marks for one letter", "о:’ончании", "окончании", 30},
		{"two marks apart, one a hyphen", "пред»ож-ние", "предложение", 30},
		{"a real hyphen stays, two marks read", "по-преж:е^у", "по-прежнему", 30},
		{"two letters for two marks in nine: only suggested", "ма:=риалы", "ма:=риалы", 30},
		// must not fire
		{"a hyphenated word is left alone", "северо-восточный", "северо-восточный", 30},
		{"three runs of marks are too many", "п:ед»ож-ни^", "п:ед»ож-ни^", 30},
		{"two marks in a short word only suggested", "и:’и", "и:’и", 30},
		{"high confidence: two marks only suggested", "пред»ож-ние", "пред»ож-ние", 90},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, recs := c.Correct(confPage([]string{tc.in}, []float64{tc.conf}), 1)
			if got := out.Text(); got != tc.want+"\n" {
				t.Errorf("text %q, want %q", got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %.2f: %s", r.From, r.To, r.Applied, r.Score, r.Reason)
				}
			}
		})
	}
}

func TestCapitalisedWordKeepsFirstLetter(t *testing.T) {
	c := correctorKnowing(t, "газета кодон опубликовала присутствии в")
	for _, tc := range []struct{ name, in, want string }{
		{"a name the lexicon lacks is not made a word", "Газета Нодон опубликовала", "Газета Нодон опубликовала"},
		{"a capital read inside a word's letters is fixed", "в Прису.ствии", "в Присутствии"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			words := strings.Fields(tc.in)
			confs := make([]float64, len(words))
			for i := range confs {
				confs[i] = 40
			}
			out, _ := c.Correct(confPage(words, confs), 1)
			if got := out.Text(); got != tc.want+"\n" {
				t.Errorf("text %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSpellable(t *testing.T) {
	for _, tc := range []struct {
		w    string
		want bool
	}{
		{"жизнь", true}, {"объявить", true}, {"брошюра", true}, {"чаща", true}, {"съезд", true},
		{"ьест", false}, {"ыва", false}, {"жызнь", false}, {"чяща", false}, {"щюка", false},
		{"каь", false}, {"объвить", false}, {"сьъезд", false}, {"отъ", false},
		// hyphens: two parts of three letters, a particle, по/во/в/из before a word
		{"военно-морской", true}, {"генерал-майор", true}, {"кто-то", true}, {"ну-ка", true}, {"по-прежнему", true},
		{"из-за", true}, {"в-третьих", true},
		{"ране-их", false}, {"резе-не", false}, {"тонера-а", false}, {"-ых", false}, {"раз-", false},
	} {
		t.Run(tc.w, func(t *testing.T) {
			if got := spellable([]rune(tc.w)); got != tc.want {
				t.Errorf("spellable(%q) = %v, want %v", tc.w, got, tc.want)
			}
		})
	}
}

func TestLowerCaseName(t *testing.T) {
	c := correctorKnowing(t, "встреча в с и малик пхеньянский")
	runText(t, c, []textCase{
		{"a place in lower case", "встреча в пхеньяне", "встреча в Пхеньяне"},
		{"a person in lower case", "встреча с молотовым", "встреча с Молотовым"},
		// must not fire
		{"a dictionary word in lower case", "и малик", "и малик"},
		{"a term is written in lower case", "и пхеньянский", "и пхеньянский"},
		{"a name already capitalised", "встреча в Пхеньяне", "встреча в Пхеньяне"},
	})
}

func TestAngleQuoteForLetter(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		{"‹ for a letter", "из ‹осквы", "из Москвы"},
		{"a guillemet stays a quote", "заявление «Москва»", "заявление «Москва»"},
	})
}

func TestJoinSplitWord(t *testing.T) {
	c, err := New(newTestCorrector(t, DefaultOptions()).lex,
		newFake(testWords+" письмо письме на значении подготовке подготовках приветствие приз"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		words []string
		want  string
	}{
		{"two pieces of a dictionary word", []string{"он", "пис", "ьмо"}, "он письмо"},
		{"two pieces of a name", []string{"тов.", "Бул", "ганину"}, "тов. Булганину"},
		{"a name in capitals split and damaged", []string{"КУЗНЕЦОВ,", "Ф2", "ЗОРЕНКО"}, "КУЗНЕЦОВ, ФЕДОРЕНКО"},
		// must not fire
		{"two valid words", []string{"он", "на", "значении"}, "он на значении"},
		{"a piece of one letter", []string{"в", "подготовке", "х"}, "в подготовке х"},
		{"punctuation between", []string{"он", "пис,", "ьмо"}, "он пис, ьмо"},
		{"a name and a word dropped", []string{"тов.", "Булганину", "вх."}, "тов. Булганину вх."},
		{"a letter to change and no alternatives", []string{"его", "приз", "етствие"}, "его приз етствие"},
		{"pieces in capitals near a common word, no name", []string{"СНЯТИЕ", "КО", "ПИИ"}, "СНЯТИЕ КО ПИИ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			confs := make([]float64, len(tc.words))
			for i := range confs {
				confs[i] = 70
			}
			out, recs := c.Correct(confPage(tc.words, confs), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("%q → %q, want %q", tc.words, got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
				}
			}
			for _, r := range recs {
				if r.Applied && r.Words == 2 && !strings.Contains(r.Reason, "split by OCR") {
					t.Errorf("join record without its reason: %+v", r)
				}
			}
		})
	}
}

// TestJoinWithAlternatives: the pieces of a split word joined as the word
// the engine's close second choice for one of their letters spells.
func TestJoinWithAlternatives(t *testing.T) {
	c, err := New(newTestCorrector(t, DefaultOptions()).lex, newFake(testWords+" приветствие приз"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		words []ow
		want  string
	}{
		{"a letter listed close behind", []ow{{"его", 90, 0, nil}, {"приз", 76, 87, alts(3, page.Alt{Text: "в", Conf: 75})}, {"етствие", 87, 0, nil}},
			"его приветствие"},
		{"a letter listed far behind", []ow{{"его", 90, 0, nil}, {"приз", 76, 87, alts(3, page.Alt{Text: "в", Conf: 5})}, {"етствие", 87, 0, nil}},
			"его приз етствие"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, recs := c.Correct(altPage(tc.words...), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
				}
			}
		})
	}
}

// TestPageNames: a name read on the page in one form is evidence for the
// name, not for that form, and lets another reading of it be damaged a mark's
// worth more.
func TestPageNames(t *testing.T) {
	c, err := New(newTestCorrectorLex(t, DefaultOptions(), "Зорин\tperson\n").lex, newFake(testWords+" документ советует"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	hi := func(w string) ow { return ow{w, 92, 0, nil} }
	words := []ow{hi("из"), hi("Москвы"), hi("документ"), hi("что"),
		{"Москв»", 71, 89, alts(5, page.Alt{Text: "ы", Conf: 42}, page.Alt{Text: "а", Conf: 37})}, hi("советует")}
	out, recs := c.Correct(altPage(words...), 1)
	if got, want := strings.TrimSuffix(out.Text(), "\n"), "из Москвы документ что Москва советует"; got != want {
		t.Errorf("the case the alternatives and the base form prefer, not the page's: got %q, want %q", got, want)
		for _, r := range recs {
			t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
		}
	}
	for _, tc := range []struct {
		name  string
		words []string
		want  string
	}{
		{"a name read on the page may be damaged more", []string{"Зорина", "сообщили:", "тов.", "Зорщи,", "сказал"}, "Зорина сообщили: тов. Зорин, сказал"},
		// must not fire
		{"the same damage without the name on the page", []string{"Петрова", "сообщили:", "тов.", "Зорщи,", "сказал"}, "Петрова сообщили: тов. Зорщи, сказал"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, recs := c.Correct(confPage(tc.words, []float64{92, 92, 92, 60, 92}), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
				}
			}
		})
	}
}

// TestSequenceKeepsReadCase: a word of a multi-word organisation or place
// read with the name's letters but a lower-case first letter, a common word
// in that case, stays as read when another word of the name is mended; a
// person's name is still capitalised (ким → Ким is a case misread).
func TestSequenceKeepsReadCase(t *testing.T) {
	c, err := New(newTestCorrectorLex(t, DefaultOptions(),
		"Китайские народные добровольцы\torganisation\t\t=Китайские народные добровольцы;Китайских народных добровольцев;Китайским народным добровольцам\n"+
			"Народная армия Кореи\torganisation\t\t=Народная армия Кореи;Народной армии Кореи\n").lex,
		newFake(testWords+" приветствие китайским народным бойцы народной армии нам"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	runText(t, c, []textCase{
		{"an organisation's common words keep lower case", "приветствие китайским народным добровольцаи", "приветствие китайским народным добровольцам"},
		{"an organisation read with capitals keeps them", "приветствие Китайским народным добровольцаи", "приветствие Китайским народным добровольцам"},
		{"a common word keeps its case, a proper name's word takes the capital", "бойцы народнои армии кореи", "бойцы народной армии Кореи"},
		{"a person's word takes the capital though a common word", "встреча с нам Ирол", "встреча с Нам Иром"},
		{"a person's word takes the capital", "встреча с ким Ир Сенол", "встреча с Ким Ир Сеном"},
	})
	// no record for a word left as read
	_, recs := correctText(c, "приветствие китайским народным добровольцаи")
	for _, r := range recs {
		if strings.EqualFold(r.From, r.To) {
			t.Errorf("a case-only change recorded: %q → %q (%s)", r.From, r.To, r.Reason)
		}
	}
	if len(recs) != 1 || recs[0].To != "добровольцам" || !strings.Contains(recs[0].Reason, "«китайским народным добровольцам»") {
		t.Errorf("want one record «добровольцаи» → «добровольцам» as part of «китайским народным добровольцам», got %+v", recs)
	}
}

// TestRuleTable: every rule has a unique name, a one-line doc and a record
// kind, and the normalisers come first (the view is classified after them).
func TestRuleTable(t *testing.T) {
	seen := map[string]bool{}
	kinds := map[string]bool{page.RuleHomoglyph: true, page.RuleLexicon: true, page.RuleVariant: true, page.RuleDictionary: true, page.RulePunctuation: true}
	normalising := true
	for _, r := range Rules {
		if r.Name == "" || seen[r.Name] || r.Doc == "" || strings.Contains(r.Doc, "\n") || !kinds[r.Kind] || r.run == nil {
			t.Errorf("rule %+v: want a unique name, a one-line doc, a record kind and a run", *r)
		}
		seen[r.Name] = true
		if r.normalises && normalisedBy[r.Name] == "" {
			t.Errorf("normalising rule %s: say what it did in normalisedBy", r.Name)
		}
		if r.normalises && !normalising {
			t.Errorf("normalising rule %s after a rule that reads the classified view", r.Name)
		}
		normalising = normalising && r.normalises
	}
}

// TestRuleOrder: a word decided by an earlier rule is closed to the later
// ones, so each word gets one record, from the first rule that decides it.
func TestRuleOrder(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	for _, tc := range []struct{ in, rule, want string }{
		{"сказал Рабузов", "misreading", "сказал Разуваев"},     // also a lexicon variant for the word rule
		{"с Ким Ир Сенем", "name", "с Ким Ир Сеном"},            // Сенем alone is also a word-rule candidate
		{"в паньмыньчжоне", "", "в паньмыньчжоне"},              // not in the test lexicon: nothing
		{"сказал ТТТ Москва", "", "сказал ТТТ Москва"},          // no date around: not a month
		{"от 29. ТТТ. 53г.", "roman-month", "от 29. III. 53г."}, // the script rule does not see it again
	} {
		out, changes, _, _ := c.correct(page.FromText(tc.in))
		got := strings.TrimSuffix(out.Text(), "\n")
		if got != tc.want {
			t.Errorf("%q → %q, want %q", tc.in, got, tc.want)
		}
		var rules []string
		for _, ch := range changes {
			rules = append(rules, ch.ruleName())
		}
		if want := []string{tc.rule}; tc.rule == "" && len(rules) != 0 || tc.rule != "" && !slices.Equal(rules, want) {
			t.Errorf("%q: decided by %v, want %v", tc.in, rules, tc.rule)
		}
	}
}

// TestShortWordOnPage: a word of three letters is fixed by the dictionary
// only when the engine spelled the fix, or it is a common word read
// elsewhere on the page.
func TestShortWordOnPage(t *testing.T) {
	c := correctorKnowing(t, "что чем и")
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"что", "и", "чго"}, "что и что\n"},
		{[]string{"чем", "и", "чго"}, "чем и чго\n"}, // что is not on the page
	} {
		out, _ := c.Correct(confPage(tc.words, []float64{90, 90, 30}), 1)
		if got := out.Text(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.words, got, tc.want)
		}
	}
}

// TestCommonEdits: a word the confusion model finds nothing for is tried
// with one letter inserted, deleted or replaced, where that makes a common
// word form.
func TestCommonEdits(t *testing.T) {
	c := correctorKnowing(t, "и")
	for _, tc := range []struct{ in, want string }{
		{"значительыми", "значительными"}, // a letter whose ink is lost
		{"заяхил", "заявил"},              // х for в: not a pair of the confusion table
		// must not fire
		{"кротами", "кротами"},       // too near several words (кратами, ротами, …): only suggested
		{"заявлениях", "заявлениях"}, // a common word as read
		{"мыла", "мыла"},             // short: not tried
	} {
		out, recs := c.Correct(confPage([]string{"и", tc.in}, []float64{90, 50}), 1)
		if got := strings.TrimSuffix(out.Text(), "\n"); got != "и "+tc.want {
			t.Errorf("%q: %q, want %q", tc.in, got, "и "+tc.want)
			for _, r := range recs {
				t.Logf("  %q → %q applied=%v: %s", r.From, r.To, r.Applied, r.Reason)
			}
		}
	}
}

// TestLostLetterNotListed: with the engine's alternatives, a letter it did
// not list costs AltMissing more; a word one unrelated letter from a common
// word form, which the reading is not, is still fixed on the language's
// evidence (the letter's ink is lost, so the engine could not list it).
func TestLostLetterNotListed(t *testing.T) {
	lex := newTestCorrector(t, DefaultOptions()).lex
	dict := newFake("и активные военные")
	c, err := New(lex, dict, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	noLang := DefaultOptions()
	noLang.Language = false
	cNoLang, err := New(lex, dict, noLang)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		c    *Corrector
		word ow
		want string
	}{
		{"a letter not listed", c, ow{"зктивные", 60, 0, nil}, "активные"},
		{"high confidence, the language's evidence", c, ow{"военлые", 91, 0, nil}, "военные"},
		// must not fire
		{"sure confidence", c, ow{"военлые", 96, 0, nil}, "военлые"},
		{"without the language", cNoLang, ow{"зктивные", 60, 0, nil}, "зктивные"},
		{"two unrelated letters", c, ow{"зктивнгые", 60, 0, nil}, "зктивнгые"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, recs := tc.c.Correct(altPage(ow{"и", 95, 0, nil}, tc.word), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != "и "+tc.want {
				t.Errorf("got %q, want %q", got, "и "+tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
				}
			}
		})
	}
}

// TestRestore: an unknown word that nothing else reached is read as the
// common word form nearest to its remaining letters, when that is near
// enough, unique, and the reading is weak evidence of itself.
func TestRestore(t *testing.T) {
	c := correctorKnowing(t, "и")
	for _, tc := range []struct {
		name, in, want string
		conf           float64
	}{
		{"three letters damaged", "зраглтельства", "правительства", 40},
		{"two letters damaged", "ингерзсах", "интересах", 60},
		{"a mark for a letter", "даЛьней:ее", "дальнейшее", 20},
		{"letters lost", "дечокразического", "демократического", 10},
		// must not fire
		{"read with high confidence: only suggested", "зраглтельства", "зраглтельства", 85},
		{"two common words run together", "подохраной", "подохраной", 30},
		{"too far from any word", "зхщзхщзхщ", "зхщзхщзхщ", 10},
		{"short", "згрл", "згрл", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := readsAfterAnd(t, c, tc.in, tc.conf, tc.want)
			if tc.want != tc.in && (len(recs) != 1 || !strings.Contains(recs[0].Reason, "restored from its letters")) {
				t.Errorf("want one record of the restoring search, got %+v", recs)
			}
		})
	}
	// a capitalised word inside a sentence may be a name; plain text has no confidence
	for _, in := range []string{"и Зраглтельства", "и зраглтельства"} {
		var p *page.Page
		if strings.Contains(in, "З") {
			p = confPage(strings.Fields(in), []float64{90, 40})
		} else {
			p = page.FromText(in)
		}
		out, recs := c.Correct(p, 1)
		if got := strings.TrimSuffix(out.Text(), "\n"); got != in {
			t.Errorf("%q → %q, want it unchanged", in, got)
		}
		if len(recs) != 1 || recs[0].Applied || recs[0].To == "" {
			t.Errorf("%q: want one suggestion, got %+v", in, recs)
		}
	}
}

// TestNameCapitals: valid words read with a name's capitals next to a word
// of the name are read as the name's words; without the capitals, or across
// a sentence's end, they stay.
func TestNameCapitals(t *testing.T) {
	c, err := New(newTestCorrector(t, DefaultOptions()).lex, newFake(testWords+" далее км кр сон вновь"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"далее Км Кр Сен сказал", "далее Ким Ир Сен сказал"},
		{"далее К:м Ир Сон вновь", "далее Ким Ир Сен вновь"},
		// must not fire
		{"далее км кр Сен сказал", "далее км кр Сен сказал"},
		{"далее Ким Ир. Сон вновь", "далее Ким Ир. Сон вновь"},
		{"далее К:м Ир сон вновь", "далее Ким Ир сон вновь"},
	} {
		words := strings.Fields(tc.in)
		confs := make([]float64, len(words))
		for i := range confs {
			confs[i] = 60
		}
		out, recs := c.Correct(confPage(words, confs), 1)
		if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
			t.Errorf("%q → %q, want %q", tc.in, got, tc.want)
			for _, r := range recs {
				t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
			}
		}
	}
}

// TestSameStemTie: two forms of one word equally near a reading that is no
// word: either restores the word, and the record says the ending is a guess.
func TestSameStemTie(t *testing.T) {
	c := correctorKnowing(t, "и принимает принимают дома доме")
	off := DefaultOptions()
	off.StemMinRunes = 0
	cOff, err := New(c.lex, newFake("и принимает принимают дома доме"), off)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		c        *Corrector
		in, want string
		conf     float64
	}{
		{"two endings", c, "принимачт", "принимает", 40},
		// must not fire
		{"read with high confidence", c, "принимачт", "принимачт", 85},
		{"a short stem", c, "домо", "домо", 40},
		{"turned off", cOff, "принимачт", "принимачт", 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := readsAfterAnd(t, tc.c, tc.in, tc.conf, tc.want)
			for _, r := range recs {
				if r.Applied && !strings.Contains(r.Reason, "the ending is uncertain: «принимает» or «принимают»") {
					t.Errorf("record without the guess: %s", r.Reason)
				}
			}
		})
	}
}

// TestSplit: an unknown word that is two words run together is split.
func TestSplit(t *testing.T) {
	c := correctorKnowing(t, "и на фронте под охраной кож уме док")
	for _, tc := range []struct {
		name, in, want string
		conf           float64
	}{
		{"a preposition and a word", "нафронте", "на фронте", 30},
		{"two words", "подохраной", "под охраной", 30},
		// must not fire
		{"read with high confidence: only suggested", "нафронте", "нафронте", 85},
		{"a fragment of the word list is no word («го»)", "кожго", "кожго", 30},
		{"a word the dictionary knows", "фронте", "фронте", 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			readsAfterAnd(t, c, tc.in, tc.conf, tc.want)
		})
	}
}

// TestFrequentWord: of two common words equally near a reading, one of the
// most frequent word forms is taken.
func TestFrequentWord(t *testing.T) {
	lex := newTestCorrector(t, DefaultOptions()).lex
	dict := newFake("и того тега было било")
	c, err := New(lex, dict, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	off := DefaultOptions()
	off.FrequentBonus = 0
	cOff, err := New(lex, dict, off)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		c        *Corrector
		in, want string
	}{
		{"того, not тега", c, "тего", "того"},
		// must not fire
		{"without the prior: a tie, only suggested", cOff, "тего", "тего"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, recs := tc.c.Correct(confPage([]string{"и", tc.in}, []float64{90, 60}), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != "и "+tc.want {
				t.Errorf("got %q, want %q", got, "и "+tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
				}
			}
		})
	}
}

// TestInNameList: a capitalised word in a list of names announced by a title.
func TestInNameList(t *testing.T) {
	cases := []struct {
		text string
		want bool // for the last word
	}{
		{"т. Кузнецов, Рззуваел", true},
		{"т. — Кузнецов, Рззуваел", true},
		{"тов. Кузнецов, Разуваев и Зедоре?ке", true},
		{"т. Кузнецов, Разуваев и. Зедоре?ке", true},
		// must not fire
		{"т. Рззуваел", false},                                         // right after the title: not a list
		{"сказал Кузнецов, Рззуваел", false},                           // no title
		{"т. Кузнецов. Рззуваел", false},                               // a sentence ends in between
		{"т. Кузнецов сказал, Рззуваел", false},                        // a lower-case word in between
		{"т. Кузнецов, рззуваел", false},                               // the word itself is in lower case
		{"т. Кузнецов Разуваев Рззуваел", false},                       // no comma or «и» between the names
		{"т. Аров, Бобов, Вотов, Гулов, Дедов, Ежов, Рззуваел", false}, // too far from the title
	}
	for _, tc := range cases {
		var toks []token
		for _, w := range strings.Fields(tc.text) {
			tk := token{raw: w}
			tk.lead, tk.core, tk.trail = splitEdges(w)
			tk.key = keyOf(tk.core)
			toks = append(toks, tk)
		}
		if got := inNameList(toks, len(toks)-1); got != tc.want {
			t.Errorf("inNameList(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestPageNameWords: a capitalised unknown word inside a sentence may be a
// word of a person's multi-word name read right on the page, standing alone.
func TestPageNameWords(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	for _, tc := range []struct {
		name  string
		words []string
		want  string
	}{
		{"the name on the page", []string{"Ким", "Ир", "Сен", "сказал,", "что", "Кпм", "согласен"}, "Ким Ир Сен сказал, что Ким согласен"},
		// must not fire
		{"without the name on the page", []string{"Сен", "сказал,", "что", "Кпм", "согласен"}, "Сен сказал, что Кпм согласен"},
		{"a word in lower case", []string{"Ким", "Ир", "Сен", "сказал,", "что", "кпм", "согласен"}, "Ким Ир Сен сказал, что кпм согласен"},
		{"at a sentence's start", []string{"Ким", "Ир", "Сен", "сказал.", "Кпм", "согласен"}, "Ким Ир Сен сказал. Кпм согласен"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			confs := make([]float64, len(tc.words))
			for k := range confs {
				confs[k] = 92
			}
			confs[len(confs)-2] = 30
			out, recs := c.Correct(confPage(tc.words, confs), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
				}
			}
		})
	}
}

// TestJoinedNameWords: the words of a multi-word name run together by a
// lost space, seen by a capital inside the word.
func TestJoinedNameWords(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		{"two words of a name", "о назначении НамИра министром", "о назначении Нам Ира министром"},
		// must not fire
		{"no capital inside", "о назначении намира министром", "о назначении намира министром"},
		{"the first part is no word of a name", "о назначении ПамИра министром", "о назначении ПамИра министром"},
	})
	for in, want := range map[string]string{"НамИрл": "нам", "КимИр": "ким", "НАМИР": "", "Намир": "", "нам": ""} {
		if got := capitalPrefix(in); got != want {
			t.Errorf("capitalPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

// readsAfterAnd corrects the line «и <in>», «и» read at confidence 90 and in
// at conf, checks that it reads «и <want>» (logging every record when not)
// and returns the records.
func readsAfterAnd(t *testing.T, c *Corrector, in string, conf float64, want string) []page.Correction {
	t.Helper()
	out, recs := c.Correct(confPage([]string{"и", in}, []float64{90, conf}), 1)
	if got := strings.TrimSuffix(out.Text(), "\n"); got != "и "+want {
		t.Errorf("got %q, want %q", got, "и "+want)
		for _, r := range recs {
			t.Logf("  %q → %q applied=%v %s %.2f: %s", r.From, r.To, r.Applied, r.Rule, r.Score, r.Reason)
		}
	}
	return recs
}

// TestMarks: marks the language does not license where they were read are
// removed; real punctuation, abbreviations, quotations and marks that may
// be broken letters stay.
func TestMarks(t *testing.T) {
	c := correctorKnowing(t, "меры по подготовке сказал он что Москва опубликование указа и т стр исх нет сведений в интересах корейской стороны было решено")
	runText(t, c, []textCase{
		{"a full stop between two words in lower case", "меры. по подготовке", "меры по подготовке"},
		{"a mark glued to the start of a word", "в :интересах", "в интересах"},
		{"a full stop glued to a word of one letter", "опубликование .в интересах", "опубликование в интересах"},
		{"an apostrophe that opens nothing", "он 'сказал что", "он сказал что"},
		{"an apostrophe that closes nothing", "указа' корейской стороны", "указа корейской стороны"},
		{"a low quote that opens nothing", "он сказал „что было решено", "он сказал что было решено"},
		{"an apostrophe is not closed by a guillemet", "он 'сказал» что", "он сказал» что"},
		{"a full stop after a conjunction", "раненых и. больных", "раненых и больных"},
		{"a colon inside a person's name", "сказал Ким Ир: Сен", "сказал Ким Ир Сен"},
		{"a full stop before a comma after a name", "сказал Москва Ким., что", "сказал Москва Ким, что"},
		{"a full stop before a comma after a long word", "было решено., что", "было решено, что"},
		{"an apostrophe glued to a number", "Сен. '29. III. 53г.", "Сен. 29. III. 53г."},
		{"a hyphen inside a line", "было решено- Москва", "было решено Москва"},
		{"a hyphen at a paragraph's end", "было решено-\n\nМосква", "было решено\n\nМосква"},
		{"a second stop standing alone", "ВНЕ ОЧЕРЕДИ. .\nК нашему", "ВНЕ ОЧЕРЕДИ.\nК нашему"},
		{"a full stop after a conjunction before a capital", "Кузнецов и. Федоренко", "Кузнецов и Федоренко"},
		// must not fire
		{"a sentence's end", "Было решено. Москва сказал", "Было решено. Москва сказал"},
		{"an abbreviation", "исх. указа и т. п. стр. указа", "исх. указа и т. п. стр. указа"},
		{"a word of fewer than PeriodMinRunes letters", "нет. сведений", "нет. сведений"},
		{"a full stop before a word that is no word", "стороны. юу сказал", "стороны. юу сказал"},
		{"a quotation", "он сказал „было решено“ и", "он сказал „было решено“ и"},
		{"quotes in apostrophes", "он 'сказал' что", "он 'сказал' что"},
		{"a guillemet closed by a typewriter's quote", "он «сказал\" что", "он «сказал\" что"},
		{"an ellipsis", "сказал ...что было", "сказал ...что было"},
		{"the last full stop", "было решено.", "было решено."},
		{"a stop set apart from its word", "было решено . Москва", "было решено . Москва"},
		{"an ellipsis standing alone", "было решено. ... Москва", "было решено. ... Москва"},
		{"an abbreviation of two words", "и. о. министра", "и. о. министра"},
		{"a colon after a name", "сказал Ким: Москва", "сказал Ким: Москва"},
		{"a hyphen at the end of a line that goes on", "было решено-\nМосква", "было решено-\nМосква"},
		{"a hanging hyphen", "было северо- и юго-западный", "было северо- и юго-западный"},
		{"a full stop before a comma after an abbreviation", "и т. д., сказал", "и т. д., сказал"},
		{"a number in apostrophes", "он '29' сказал", "он '29' сказал"},
		{"a preposition that abbreviates", "в 1953 г. в. Москве", "в 1953 г. в. Москве"},
		{"a mark before a capital", "сказал :Москва", "сказал :Москва"},
		{"a mark before a letter that is no word of one letter", "меры :р указа", "меры :р указа"},
	})
	// an apostrophe at the edge of a word that is no word may be a broken letter
	runText(t, c, []textCase{{"a word that is no word keeps its marks for the rules that read them as letters", "он 'орейской", "он 'орейской"}})
	// pages in the old orthography punctuate otherwise
	old := DefaultOptions()
	old.Orthography = OrthographyPre1918
	co, err := New(c.lex, newFake("меры по подготовке"), old)
	if err != nil {
		t.Fatal(err)
	}
	runText(t, co, []textCase{{"old orthography", "меры. по подготовке", "меры. по подготовке"}})
}

// TestNameCase: a word of a multi-word name read in capitals beside a word
// of the same name in title case is written as the lexicon writes it; a
// name in capitals throughout stays.
func TestNameCase(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		{"a word in capitals after the name's first word", "передать Ким ИР Сену, что", "передать Ким Ир Сену, что"},
		{"a word in capitals before the name's last word", "с КИМ Ир Сеном", "с Ким Ир Сеном"},
		// must not fire
		{"a name in capitals throughout", "КИМ ИР СЕН", "КИМ ИР СЕН"},
		{"a word in capitals beside no word of its name", "передать ИР Москве", "передать ИР Москве"},
	})
}

// TestLineBreakHyphen: a word with a hyphen after it is left alone only
// where the hyphen breaks it across lines (its line goes on in the next, in
// the same paragraph); inside a line or at a paragraph's end the hyphen is a
// speck or a broken letter, and the word is read. (Plain text: the fix is
// a suggestion.)
func TestLineBreakHyphen(t *testing.T) {
	c := correctorKnowing(t, "по корейскому вопросу и считает секретно")
	for _, tc := range []struct{ name, in, want string }{
		{"inside a line", "по корейскому вапросу- и считает", "вопросу-"},
		{"at a paragraph's end", "и считает\nсекрегно-\n\nпо корейскому", "секретно-"},
		// must not fire
		{"at the end of a line that goes on", "по корейскому вапро-\nсу и считает", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, recs := correctText(c, tc.in)
			got := ""
			for _, r := range recs {
				got += r.To
			}
			if got != tc.want {
				t.Errorf("%q: proposed %q, want %q (%+v)", tc.in, got, tc.want, recs)
			}
		})
	}
}

// TestStemOnPage: of two candidates equally near a reading, another form
// of a word the page has read wins (a document repeats its words in other
// cases); with no such word it is a tie, only suggested.
func TestStemOnPage(t *testing.T) {
	c := correctorKnowing(t, "и поставки доставки поставка доставка")
	for _, tc := range []struct {
		name  string
		words []string
		want  string
	}{
		{"поставка on the page", []string{"поставка", "и", "хоставки"}, "поставка и поставки\n"},
		{"доставка on the page", []string{"доставка", "и", "хоставки"}, "доставка и доставки\n"},
		// must not fire
		{"neither on the page: a tie", []string{"и", "хоставки"}, "и хоставки\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			confs := make([]float64, len(tc.words))
			for i := range confs {
				confs[i] = 90
			}
			confs[len(confs)-1] = 30
			out, recs := c.Correct(confPage(tc.words, confs), 1)
			if got := out.Text(); got != tc.want {
				t.Errorf("got %q, want %q (%+v)", got, tc.want, recs)
			}
		})
	}
}

// TestSmall: a preposition or a conjunction read with a capital inside a
// sentence and a line is in lower case where its capital has the shape of
// its small letter.
func TestSmall(t *testing.T) {
	c := correctorKnowing(t, "меры по подготовке потом осыпи и на")
	runText(t, c, []textCase{
		{"a preposition", "меры По подготовке", "меры по подготовке"},
		{"another", "потом По осыпи", "потом по осыпи"},
		// must not fire
		{"after a full stop", "меры. По подготовке", "меры. По подготовке"},
		{"after a comma", "меры, По подготовке", "меры, По подготовке"},
		{"at a line's start", "меры\nПо подготовке", "меры\nПо подготовке"},
		{"a word of a name", "сказал Нам Ир", "сказал Нам Ир"},
		{"a capital of another shape", "меры До подготовки", "меры До подготовки"},
		{"a word that is no preposition", "меры Подготовке", "меры Подготовке"},
	})
}

func TestInitialsProtected(t *testing.T) {
	c := newTestCorrectorLex(t, DefaultOptions(), "ижд\tabbreviation\t\t\tinvented: an abbreviation one letter from initials\n")
	runLine(t, c, []lineCase{
		{"two initials after a surname, high confidence", "Лаптеву И.Д.", "Лаптеву И.Д.", 94},
		{"two initials, low confidence", "Лаптеву И.Д.,", "Лаптеву И.Д.,", 40},
		{"three initials before a surname", "т. И.Д.Ж. Лаптев", "т. И.Д.Ж. Лаптев", 60},
		// must fire: the abbreviation itself, misread, is no initials
		{"an abbreviation misread is fixed", "133-й ихд", "133-й ижд", 40},
	})
}

func TestFormChangeGate(t *testing.T) {
	c := correctorKnowing(t, "работников секретарь нет на складе и л")
	for _, tc := range []struct {
		name  string
		words []string
		confs []float64
		want  string
		why   string
	}{
		{"a letter added at the end of a word read weakly goes", []string{"на", "складе", "работниковы", "нет"}, []float64{90, 90, 60, 90}, "на складе работников нет", ""},
		// must not fire
		{"a woman's surname read with confidence", []string{"секретарь", "-", "Работникова"}, []float64{90, 90, 88}, "секретарь - Работникова", "a change of form"},
		{"a woman's surname beside the man's on the page", []string{"Работников", "и", "Работникова"}, []float64{95, 95, 88}, "Работников и Работникова", "a change of form"},
		{"a surname after an initial, middling confidence", []string{"секретарь", "Л.", "Работникова"}, []float64{90, 90, 61}, "секретарь Л. Работникова", "may be a name"},
		{"a word read with confidence loses no letter", []string{"на", "складе", "работниковы", "нет"}, []float64{90, 90, 88, 90}, "на складе работниковы нет", "a change of form"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, recs := c.Correct(confPage(tc.words, tc.confs), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("text %q, want %q", got, tc.want)
			}
			if tc.why != "" && (len(recs) != 1 || !strings.Contains(recs[0].Reason, tc.why)) {
				t.Errorf("records %+v, want one saying %q", recs, tc.why)
			}
		})
	}
}

func TestAbbreviationProtected(t *testing.T) {
	c := correctorKnowing(t, "старший работник сложи дорожи мощи точи отдела и мастерских")
	runLine(t, c, []lineCase{
		{"a cut word with its full stop is an abbreviation", "отдела сложн. мастерских", "отдела сложн. мастерских", 60},
		{"at the end of a sentence too", "работник отдела сложн.", "работник отдела сложн.", 60},
		// must fire
		{"without a full stop it is a misreading", "отдела дорожн мастерских", "отдела дорожи мастерских", 60},
		{"an abbreviation of the lexicon misread is fixed", "(исл. № 6277)", "(исх. № 6277)", 60},
	})
}

func TestNameInsideSentenceGate(t *testing.T) {
	c := correctorKnowing(t, "сомов и просили барин")
	for _, tc := range []struct {
		name  string
		words []string
		confs []float64
		want  string
	}{
		{"a name read with middling confidence is no misread word", []string{"Сомов", "и", "Базин", "просили"}, []float64{90, 90, 70, 90}, "Сомов и Базин просили"},
		// must fire
		{"read with low confidence", []string{"Сомов", "и", "Базин", "просили"}, []float64{90, 90, 55, 90}, "Сомов и Барин просили"},
		{"the word read on the page", []string{"Барин", "и", "Базин", "просили"}, []float64{90, 90, 70, 90}, "Барин и Барин просили"},
		{"in lower case the language decides", []string{"Сомов", "и", "базин", "просили"}, []float64{90, 90, 70, 90}, "Сомов и барин просили"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, recs := c.Correct(confPage(tc.words, tc.confs), 1)
			if got := strings.TrimSuffix(out.Text(), "\n"); got != tc.want {
				t.Errorf("text %q, want %q", got, tc.want)
				for _, r := range recs {
					t.Logf("  %q → %q applied=%v %.2f: %s", r.From, r.To, r.Applied, r.Score, r.Reason)
				}
			}
		})
	}
}

func TestSentenceStart(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	for _, tc := range []struct {
		text string
		want bool // for the last word
	}{
		{"работы закончены. Лаптева", true},
		{"Итоги: Лаптева", true},
		{"Итоги: - Лаптева", true},
		// not a sentence's start
		{"сообщение тов. Лаптева", false},
		{"Секретарь - Лаптева", false},
		{"Секретарь — Лаптева", false},
		{"инженер Л. Лаптева", false},
		{"работы и Лаптева", false},
	} {
		toks := c.tokens(page.FromText(tc.text).Lines())
		for k := range toks {
			toks[k].key = keyOf(toks[k].core)
		}
		if got := sentenceStart(toks, len(toks)-1); got != tc.want {
			t.Errorf("sentenceStart(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
