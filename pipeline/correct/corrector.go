package correct

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// Corrector corrects pages against a lexicon and a dictionary. It is safe for
// concurrent use by several page workers.
type Corrector struct {
	lex    *lexicon.Lexicon
	dict   Dictionary
	opt    Options
	spells spellCache
	byLen  map[int][]encForm // single-word lexicon forms by rune count, encoded for distance
	// words returns the common Russian word forms and their character
	// model (lexicon.Common), nil without Options.Language. New starts
	// reading them in the background (a fifth of a second of processor time,
	// mostly the model's training), so that a run's start-up, its engines
	// and first pages, need not wait for them; the first use does.
	words func() *lexicon.Words
}

// encForm is a lexicon form with its key encoded for the distance.
type encForm struct {
	form  *lexicon.Form
	codes []uint8
	mask  uint64
	marks bool // the form has a character other than a letter
}

// codesMarked reports codes with something other than a letter.
func codesMarked(cs []uint8) bool {
	for _, c := range cs {
		if codeNoise[c] || c == 69 || c == 70 {
			return true
		}
	}
	return false
}

// New returns a corrector. lex must not be nil (use lexicon.New() for none);
// dict may be nil: then no word is known to be valid Russian unless the
// lexicon has it, and the records say so.
func New(lex *lexicon.Lexicon, dict Dictionary, opt Options) (*Corrector, error) {
	if lex == nil {
		return nil, errors.New("correct: no lexicon")
	}
	if opt.ApplyScore <= 0 || opt.ApplyScore > 1 || opt.SuggestScore > opt.ApplyScore {
		return nil, fmt.Errorf("correct: bad scores: apply %.2f, suggest %.2f", opt.ApplyScore, opt.SuggestScore)
	}
	c := &Corrector{lex: lex, dict: dict, opt: opt, spells: spellCache{m: map[string]bool{}}, byLen: map[int][]encForm{},
		words: func() *lexicon.Words { return nil }}
	if opt.Language {
		go lexicon.Common()
		c.words = commonWords
	}
	for n := 1; n <= lex.MaxRunes(); n++ {
		for _, f := range lex.FormsOfLength(n) {
			codes := encodeAll([]rune(f.Key), nil)
			c.byLen[n] = append(c.byLen[n], encForm{f, codes, maskOf(codes), codesMarked(codes)})
		}
	}
	return c, nil
}

// commonWords waits for lexicon.Common. It fails only when the list
// embedded in the program is broken (lexicon's tests read it), and then
// panics: the page's stage fails with the error.
func commonWords() *lexicon.Words {
	w, err := lexicon.Common()
	if err != nil {
		panic(err)
	}
	return w
}

// common reports a folded word that is a common Russian word form.
func (c *Corrector) common(folded string) bool {
	w := c.words()
	return w != nil && w.Has(folded)
}

// maxCost is the largest lexicon candidate cost for a match of n runes.
func (c *Corrector) maxCost(n int, kind lexicon.Kind) float64 {
	m := math.Min(c.opt.MaxCostCap, math.Max(1, c.opt.MaxCostBase+c.opt.MaxCostPerRune*float64(n)))
	if kind == lexicon.Abbreviation || kind == lexicon.Formula {
		m = math.Min(m, c.opt.AbbrevMaxCost)
	}
	return m
}

// readCase returns the test of a word of a multi-word form of kind k, read
// with a lower-case first letter where the form has a capital, that says the
// word written in lower case stands.
// The common words of an organisation's or a place's name are typed in
// either case («китайские народные добровольцы», «министерство иностранных
// дел»), so a word of the dictionary in lower case keeps it. The other kinds
// get nil: a person's name takes its capitals (ким → Ким: OCR confuses к/К,
// с/С, о/О, which differ only in size), an abbreviation is all capitals, and
// a term or formula has capitals only at a sentence's start.
func (c *Corrector) readCase(k lexicon.Kind) func(string) bool {
	if k != lexicon.Organisation && k != lexicon.Place {
		return nil
	}
	return c.spell
}

// keepsCapitals reports a kind whose capitals are part of the word (names,
// places, organisations, abbreviations), not of the sentence.
func keepsCapitals(k lexicon.Kind) bool { return k != lexicon.Formula && k != lexicon.Term }

func src(e *lexicon.Entry) string { return "lexicon:" + string(e.Kind) + " " + e.Term }

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// spanTexts spreads target over the tokens it replaces: word by word when
// the counts agree, otherwise all in the first token (a join or a split).
// Each word keeps its token's punctuation and case pattern; the capitals of
// the target stay only when caps is true (a name, not a formula or a general
// word, whose capital belongs to the start of a sentence: «запись беседы»).
// A word of several read in lower case keeps the lower-case first letter it
// was read with where the target has that letter as a capital, when keepRead
// (nil: never) accepts the word so written: «китайским народным
// добровольцаи» becomes «китайским народным добровольцам», not
// «Китайским …», and a word read right records no change.
func spanTexts(toks []token, target string, caps bool, keepRead func(core string) bool) []string {
	words := strings.Fields(target)
	texts := make([]string, len(toks))
	fit := func(w string, pat casePattern) string {
		if !caps && pat == caseLower {
			return strings.ToLower(w)
		}
		return applyCase(w, pat)
	}
	if len(words) == len(toks) {
		for k, t := range toks {
			core := coreOf(words[k], t)
			if len(toks) > 1 && keepRead != nil && lowerFirst(t.core, core) {
				if low := lowerInitial(core); keepRead(low) {
					core = low
				}
			}
			texts[k] = t.lead + fit(core, patternOf(t.core)) + t.trail
		}
		return texts
	}
	first, last := toks[0], toks[len(toks)-1]
	pat := patternOf(first.core)
	var all strings.Builder
	for _, t := range toks {
		all.WriteString(t.core)
	}
	if patternOf(all.String()) == caseUpper {
		pat = caseUpper // pieces in capitals, the first of one letter («Ф2 ЗОРЕНКО»)
	}
	for k := range words {
		switch {
		case pat == caseUpper:
			words[k] = strings.ToUpper(words[k])
		case k == 0:
			words[k] = fit(words[k], pat)
		}
	}
	joined := strings.Join(words, " ")
	_, core, _ := splitEdges(joined)
	texts[0] = first.lead + core + last.trail
	return texts
}

// lowerFirst reports a word read in lower case whose first letter is the
// target word's capital in lower case.
func lowerFirst(read, target string) bool {
	r, _ := utf8.DecodeRuneInString(read)
	w, _ := utf8.DecodeRuneInString(target)
	return patternOf(read) == caseLower && unicode.IsUpper(w) && unicode.ToUpper(r) == w
}

// lowerInitial is s with its first letter in lower case.
func lowerInitial(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// coreOf is the lexicon word without the punctuation the token carries itself
// («исх.» becomes «исх» before the token's own «.» is put back).
func coreOf(word string, t token) string {
	lead, core, trail := splitEdges(word)
	if t.lead == "" {
		core = lead + core
	}
	if t.trail == "" {
		core += trail
	}
	return core
}

func hasNoise(rs []rune) bool {
	for _, r := range rs {
		if noise(r) {
			return true
		}
	}
	return false
}

func hasCyr(rs []rune) bool {
	for _, r := range rs {
		if isCyr(r) {
			return true
		}
	}
	return false
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// record turns a change into the page record.
func (c *Corrector) record(lines []page.LineRef, toks []token, ch change, pageNo int) page.Correction {
	t0 := toks[ch.first]
	lr := lines[t0.line]
	rec := page.Correction{Page: pageNo, Line: lr.No, Word: t0.word, Words: 0, Rule: ch.rule, Score: ch.score,
		Alternatives: ch.alts, Applied: ch.applied, Reason: ch.reason(), To: ch.to}
	var from []string
	var box page.Box
	conf := math.Inf(1)
	for k := 0; k < ch.n; k++ {
		t := toks[ch.first+k]
		w := lines[t.line].Line.Words[t.word]
		from = append(from, w.OCR)
		box = box.Union(w.Box)
		conf = math.Min(conf, w.Conf)
		if t.line == t0.line {
			rec.Words = t.word - t0.word + 1
		}
	}
	rec.From = strings.Join(from, " ")
	if !box.Empty() {
		rec.Box = &box
	}
	rec.Conf = conf
	return rec
}
