package correct

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// The decision. Every rule offers proposals (a span of words and candidate
// readings of it, each with its evidence); decide ranks the candidates of
// a proposal, scores the best, and passes it through the gates, the same
// for every rule. The record's reason is rendered from the decision.

// candidate is one proposed reading of a token or a span of tokens, with
// its evidence.
type candidate struct {
	text   string // the target as written in the lexicon or the folded dictionary word
	form   *lexicon.Form
	entry  *lexicon.Entry // the lexicon entry of a form or of a listed misreading
	cost   float64        // confusion-weighted edit cost
	rank   float64        // cost adjusted by context, for ordering
	prior  float64        // rank adjustment decided before ranking (name-likeness)
	bonus  float64        // score bonus from context
	group  string         // what it is a reading of: one lexicon term or one dictionary word
	source string
	rule   string // the record's rule (page.Rule*)
	onPage bool   // the same word is read elsewhere on the page
	// stemOnPage: another form of it (the same first stemRunes letters)
	// is read on the page
	stemOnPage bool
	common     bool // a common Russian word form (lexicon.Common)
	// restored: found by the restoring search (restore.go) or the split
	// (split.go), beyond what the confusion model and one edit reach;
	// restoredGate judges it
	restored bool
	// frequent: one of the most frequent Russian word forms (frequentWords)
	frequent bool
	sup      altSupport // what the OCR alternatives say about it
	// listed: a misreading the lexicon lists, applied as listed (score 1)
	listed bool
	// texts, when set, are the new texts of the span's words as the rule
	// wrote them (script repair, a name's capitals); desc then says what
	// the candidate is
	texts []string
	desc  string
}

// proposal is what a rule offers the decision: candidate readings of
// tokens [first, first+n) of toks (the view's tokens, or a rule's reading
// of them, such as marks at a word's edge taken into it).
type proposal struct {
	toks     []token
	first, n int
	nRunes   int // the length in runes of what is matched
	cands    []candidate
	// context is what the rule saw, put before the reason («a word split
	// by OCR: »)
	context string
	// applyOnly: only a decision to apply is kept; a suggestion leaves the
	// words to the rules after (a join leaves the pieces to the word rule)
	applyOnly bool
	// perWord: a word-by-word change of a multi-word name is recorded word by word
	perWord bool
}

// change is a decided correction of tokens [first, first+n) of the page.
type change struct {
	first, n int
	texts    []string // new Text per covered token ("" for absorbed words)
	to       string
	rule     string
	score    float64
	alts     []page.Candidate
	applied  bool
	by       *Rule
	// desc says what the chosen candidate is; why lists the gates'
	// notes (and, for a suggestion, why it was not applied); context is
	// put before them
	desc    string
	why     []string
	context string
}

// reason renders the record's reason from the decision.
func (ch change) reason() string {
	s := ch.desc
	switch {
	case !ch.applied:
		s += "; only suggested: " + strings.Join(ch.why, "; ")
	case len(ch.why) > 0:
		s += "; " + strings.Join(ch.why, "; ")
	}
	return ch.context + s
}

// decide ranks the candidates of a proposal with context and confidence,
// and returns the change to apply or suggest (ok false: none).
func (c *Corrector) decide(v *view, pr proposal) (change, bool) {
	toks, first, n, cands, nRunes := pr.toks, pr.first, pr.n, pr.cands, pr.nRunes
	if len(cands) == 0 {
		return change{}, false
	}
	conf := toks[first].conf
	for k := first; k < first+n; k++ {
		conf = math.Min(conf, toks[k].conf)
	}
	want := expectedCases(toks, first)
	// a capital inside a sentence: likelier a name than a common word
	nameLikely := n == 1 && nameInside(toks, first)
	for i := range cands {
		cd := &cands[i]
		if cd.form != nil {
			cd.entry = cd.form.Entry
		}
		cd.rank = cd.cost + cd.prior
		coord := cd.form != nil && coordinated(toks, first, n, cd.group, c.lex)
		// a name read on the page in any of its forms: the page says which
		// name, not which case
		if cd.texts == nil && !cd.listed && !coord && (cd.form == nil && v.seen[cd.text] ||
			cd.form != nil && len(cd.form.Words) == 1 && (v.seen[cd.form.Key] || v.names[cd.form.Entry])) {
			cd.rank -= c.opt.PageBonus
			cd.onPage = true
		}
		// another form of a word read on the page: a document repeats its
		// words in other cases (предложение, предложением)
		if cd.form == nil && cd.entry == nil && cd.texts == nil && !cd.onPage && c.opt.StemBonus > 0 && v.stems[stemOf(cd.text)] {
			cd.rank -= c.opt.StemBonus
			cd.stemOnPage = true
		}
		if cd.form == nil && cd.entry == nil && cd.texts == nil && !nameLikely && c.common(cd.text) {
			cd.rank -= c.opt.CommonBonus
			cd.common = true
			if frequentWords[cd.text] {
				cd.rank -= c.opt.FrequentBonus
				cd.frequent = true
			}
		}
		if f := cd.form; f != nil {
			switch {
			case want != 0 && f.Case&want != 0:
				cd.rank -= 0.3
			case f.Base:
				cd.rank -= 0.05
			}
			cd.bonus += c.contextBonus(toks, first, n, f)
			if coord {
				cd.rank += 1
				cd.cost += 1
			}
		}
	}
	byRank := func() {
		sort.SliceStable(cands, func(a, b int) bool {
			if cands[a].rank != cands[b].rank {
				return cands[a].rank < cands[b].rank
			}
			return cands[a].text < cands[b].text
		})
	}
	byRank()
	// a letter the engine did not list counts against a candidate; the
	// charge only adds, so candidates already a margin behind the best are
	// left as they are
	if read, lat := spanReading(toks, first, n); lat != nil {
		bestRank := math.Inf(1)
		for i := range cands {
			cd := &cands[i]
			if cd.rank > bestRank+c.opt.Margin {
				break
			}
			if cd.texts != nil || cd.listed {
				continue // evidence of its own, not an edit of the letters read
			}
			cd.sup = c.support(read, lat, []rune(lexicon.Fold(cd.text)))
			cd.cost += c.opt.AltMissing * float64(cd.sup.missing)
			cd.rank += c.opt.AltMissing * float64(cd.sup.missing)
			bestRank = math.Min(bestRank, cd.rank)
		}
		byRank()
	}
	best := cands[0]
	score := 1 - best.cost/float64(max(nRunes, 1)) + best.bonus
	if conf >= 0 && conf < c.opt.LowConf {
		score += 0.05
	}
	score = math.Max(0, math.Min(score, 0.99))
	if best.listed {
		score = 1
	}
	// runner-up: the best candidate for anything else
	margin := math.Inf(1)
	needMargin := c.opt.Margin
	var alts []page.Candidate
	var other string
	for _, o := range cands[1:] {
		if o.group != best.group && math.IsInf(margin, 1) {
			margin, other = o.rank-best.rank, o.text
			if best.sup.consistent() && o.sup.missing > 0 {
				needMargin = c.opt.AltMargin // the engine spelled the best one, and not the other
			}
		}
		if len(alts) < 4 && o.text != best.text {
			s := math.Max(0, 1-o.cost/float64(max(nRunes, 1))+o.bonus)
			if o.listed {
				s = 1
			}
			text := o.text
			if o.form == nil && o.entry == nil && n == 1 {
				text = applyCase(text, patternOf(toks[first].core))
			}
			alts = append(alts, page.Candidate{Text: text, Score: round3(s), Source: o.source})
		}
	}
	if score < c.opt.SuggestScore {
		return change{}, false
	}
	texts := best.texts
	if texts == nil {
		var keepRead func(string) bool
		caps := false
		if e := best.entry; e != nil {
			keepRead = c.readCase(e.Kind)
			caps = keepsCapitals(e.Kind) || sentenceStart(toks, first)
		}
		texts = spanTexts(toks[first:first+n], best.text, caps, keepRead)
	}
	ch := change{first: first, n: n, texts: texts, to: strings.Join(nonEmpty(texts), " "), rule: best.rule, score: round3(score), alts: alts,
		context: pr.context}
	if ch.to == spanRaw(toks[first:first+n]) {
		return change{}, false
	}
	d := &decision{c: c, toks: toks, first: first, n: n, nRunes: nRunes, conf: conf, nameLikely: nameLikely, best: best, score: score,
		margin: margin, needMargin: needMargin, other: other}
	d.language = c.languageEvidence(toks, first, n, best, v.old)
	ch.applied = true
	for _, g := range gates {
		switch verdict, why := g.check(d); verdict {
		case pass_:
		case note:
			ch.why = append(ch.why, why)
		case suggest:
			ch.applied = false
			ch.why = append(ch.why, why)
		case drop:
			return change{}, false
		}
	}
	ch.desc = best.describe()
	return ch, true
}

// describe says what a candidate is, for the record.
func (cd candidate) describe() string {
	desc := cd.desc
	switch {
	case desc != "":
	case cd.form != nil:
		desc = fmt.Sprintf("%s of %s %s, cost %.2f", cd.form.Case, cd.form.Entry.Kind, cd.form.Entry.Term, cd.cost)
	case cd.restored:
		desc = fmt.Sprintf("restored from its letters, cost %.2f", cd.cost)
	default:
		desc = fmt.Sprintf("dictionary word, cost %.2f", cd.cost)
	}
	if cd.common {
		desc += ", a common word"
	}
	if cd.frequent {
		desc += " and one of the most frequent"
	}
	if cd.onPage {
		desc += ", read elsewhere on the page"
	}
	if cd.stemOnPage {
		desc += ", another form of it read on the page"
	}
	if d := cd.sup.describe(); d != "" {
		desc += "; " + d
	}
	return desc
}

// decision is what the gates judge: the best candidate of a proposal and
// what was read.
type decision struct {
	c                *Corrector
	toks             []token
	first, n, nRunes int
	conf             float64 // the lowest OCR confidence of the words, NoConf for plain text
	// nameLikely: one word, capitalised inside a sentence (nameInside): a
	// name the lexicon may lack
	nameLikely         bool
	best               candidate
	score              float64
	margin, needMargin float64
	other              string // the best candidate for something else
	language           string // the language's evidence for the best candidate (languageEvidence)
}

// verdict is a gate's judgement of a decision.
type verdict int

const (
	pass_   verdict = iota // nothing to say
	note                   // applied, with a note in the reason
	suggest                // only suggested, for the reason given
	drop                   // no decision: the words are left to the rules after
)

// gate is one named test every decision passes.
type gate struct {
	name  string
	check func(d *decision) (verdict, string)
}

// gates are the tests of every decision, in order; the reason lists what
// each said.
var gates = []gate{
	{"score", func(d *decision) (verdict, string) {
		apply, o := d.c.opt.ApplyScore, ""
		if d.conf >= d.c.opt.HighConf && !d.best.listed {
			apply += 0.1
			o = fmt.Sprintf("OCR confidence %.0f needs score %.2f", d.conf, apply)
		}
		if d.score < apply {
			if o != "" {
				o += "; "
			}
			return suggest, o + fmt.Sprintf("score %.2f below %.2f", d.score, apply)
		}
		if o != "" {
			return note, o
		}
		return pass_, ""
	}},
	{"margin", func(d *decision) (verdict, string) {
		if d.margin < d.needMargin-costEpsilon {
			if d.c.sameStem(d) {
				return note, fmt.Sprintf("the ending is uncertain: «%s» or «%s»", d.best.text, d.other)
			}
			return suggest, fmt.Sprintf("margin %.2f to «%s» below %.2f", d.margin, d.other, d.needMargin)
		}
		return pass_, ""
	}},
	// a word is not split into parts of a name with letters the engine did
	// not list when the engine's own second choices spell it as a word
	// («з0ка» is пока, not Хо Ка): the word is left to the single-word rule
	{"name split", func(d *decision) (verdict, string) {
		b := d.best
		if b.sup.missing > 0 && b.form != nil && len(b.form.Words) > d.n {
			for k := d.first; k < d.first+d.n; k++ {
				if w := d.c.altReading(&d.toks[k]); w != "" {
					return drop, ""
				}
			}
		}
		return pass_, ""
	}},
	{"confidence", func(d *decision) (verdict, string) { return d.c.trustGate(d) }},
	{"form", func(d *decision) (verdict, string) { return d.c.formGate(d) }},
	{"restored", func(d *decision) (verdict, string) { return d.c.restoredGate(d) }},
	{"general word", func(d *decision) (verdict, string) { return d.c.generalWordGate(d) }},
	{"no dictionary", func(d *decision) (verdict, string) {
		if d.c.dict != nil {
			return pass_, ""
		}
		// without a dictionary no common word is known: be stricter
		b := d.best
		if b.form != nil {
			apply := d.c.opt.ApplyScore
			if d.conf >= d.c.opt.HighConf {
				apply += 0.1
			}
			if d.score < apply+0.1 {
				return suggest, fmt.Sprintf("no dictionary; score %.2f below %.2f without a dictionary", d.score, apply+0.1)
			}
			if startsUpper(b.form.Text) && !startsUpper(d.toks[d.first].core) {
				return suggest, "no dictionary; a lower-case word is not made a name without a dictionary"
			}
			if len(b.form.Words) == 1 && b.cost >= costEdit {
				return suggest, "no dictionary; a word that may be another name is not changed by an unrelated letter without a dictionary"
			}
		}
		return note, "no dictionary"
	}},
}

// generalWordGate judges a fix into a general word (the dictionary's, or a
// term of the lexicon beyond one confusion): the OCR confidence, the cost,
// a capital inside a sentence and the length.
func (c *Corrector) generalWordGate(d *decision) (verdict, string) {
	best, conf, nRunes, toks, first := d.best, d.conf, d.nRunes, d.toks, d.first
	if !(best.rule == page.RuleDictionary || best.form != nil && best.form.Entry.Kind == lexicon.Term && best.cost >= 1) {
		return pass_, ""
	}
	// the engine's close second choice at every changed letter
	strong := best.sup.consistent() && best.sup.strong > 0
	maxCost := math.Max(c.opt.DictApplyCost, c.opt.DictApplyPerRune*float64(nRunes))
	if d.language != "" {
		// the language says the reading is no word, and the candidate is
		// one: up to DictMaxCost for the edit, whether or not the engine
		// listed the letters (its charge, AltMissing, is the decision's)
		maxCost = math.Max(maxCost, c.opt.DictMaxCost+c.opt.AltMissing*float64(best.sup.missing))
	}
	switch {
	case conf < 0:
		return suggest, "a general-word fix beyond one confusion without OCR confidence is only suggested"
	case best.rule == page.RuleDictionary && best.cost > maxCost && !best.restored: // (restoredGate judges those)
		return suggest, fmt.Sprintf("cost %.2f above %.2f: a dictionary fix is only suggested", best.cost, maxCost)
	case best.rule == page.RuleDictionary && d.nameLikely && []rune(best.text)[0] != toks[first].runes[0]:
		return suggest, "a capitalised word inside a sentence may be a name the lexicon lacks: its first letter is not changed by the dictionary"
	case best.rule == page.RuleDictionary && d.nameLikely && toks[first].word > 0 && conf >= c.opt.NameConf && !strong && !best.onPage && !best.stemOnPage && !hasNoise(toks[first].runes):
		// (the language knows few names: its preference is no evidence)
		return suggest, fmt.Sprintf("a capitalised word inside a line and a sentence may be a name the lexicon lacks: read with OCR confidence %.0f ≥ %.0f, the dictionary changes it only on the engine's close second choice, a mark inside or the word read on the page", conf, c.opt.NameConf)
	case best.rule == page.RuleDictionary && nRunes < c.opt.DictMinRunes && !(nRunes >= 3 && (strong || best.common && best.onPage)):
		return suggest, fmt.Sprintf("a word of %d letters is too short for a dictionary fix", nRunes)
	}
	return pass_, ""
}

// sameStem reports a tie between two forms of one word: the best candidate
// and the runner-up are common dictionary words that share all but their
// last one or two letters (at least StemMinRunes), and the word read with
// OCR confidence below TrustConf is no word. Either form restores the
// word; the record says the ending is a guess.
func (c *Corrector) sameStem(d *decision) bool {
	b := d.best
	if d.n != 1 || b.rule != page.RuleDictionary || !b.common || d.conf < 0 || d.conf >= c.opt.TrustConf || c.opt.StemMinRunes <= 0 {
		return false
	}
	x, y := []rune(b.text), []rune(lexicon.Fold(d.other))
	if !c.common(string(y)) || c.common(string(d.toks[d.first].runes)) {
		return false // (a common word as read is a word: «заявлениях»)
	}
	k := 0
	for k < len(x) && k < len(y) && x[k] == y[k] {
		k++
	}
	return k >= c.opt.StemMinRunes && len(x)-k <= 2 && len(y)-k <= 2
}

// restoredGate judges a word the restoring search found: it is applied
// only where the reading is weak evidence of itself (OCR confidence below
// TrustConf), the word is no name (not capitalised inside a sentence), and
// it costs at most RestorePerRune a letter; the margin over the next
// common word is the margin gate's.
func (c *Corrector) restoredGate(d *decision) (verdict, string) {
	b := d.best
	if !b.restored {
		return pass_, ""
	}
	switch {
	case b.cost > c.opt.RestorePerRune*float64(d.nRunes):
		return drop, "" // too far from what was read to be worth a reviewer's look
	case d.conf < 0:
		return suggest, "a restored or split word without OCR confidence is only suggested"
	case d.conf >= c.opt.TrustConf:
		return suggest, fmt.Sprintf("read with OCR confidence %.0f ≥ %.0f: a restored or split word is only suggested", d.conf, c.opt.TrustConf)
	case d.nameLikely:
		return suggest, "a capitalised word inside a sentence may be a name: a restored or split word is only suggested"
	case d.n == 1 && patternOf(d.toks[d.first].core) == caseTitle && []rune(b.text)[0] != d.toks[d.first].runes[0]:
		// (after «тов.» or a full stop a name is as likely: its capital is kept)
		return suggest, "a capitalised word may be a name: a restored or split word keeps its first letter"
	}
	return pass_, ""
}

// trustGate is the one gate for a word read with high confidence (at least
// Options.TrustConf) as a plausible word: whatever the rule, it is changed
// only on evidence against the reading, and the record names it. Evidence
// is a known misreading, letters of two scripts, marks or digits inside the
// word, a multi-word name whose other words stand around it, the engine's
// close second choice at every changed letter, the candidate read elsewhere
// on the page, a name of the domain lexicon, a change of case only, or the
// language (languageEvidence) below Options.SureConf.
func (c *Corrector) trustGate(d *decision) (verdict, string) {
	b := d.best
	if d.conf < c.opt.TrustConf || b.listed || b.rule == page.RuleHomoglyph {
		return pass_, ""
	}
	marks := false
	for k := d.first; k < d.first+d.n; k++ {
		marks = marks || hasNoise(d.toks[k].runes)
	}
	var read strings.Builder
	for k := d.first; k < d.first+d.n; k++ {
		read.WriteString(d.toks[k].key)
	}
	switch {
	case strings.ReplaceAll(lexicon.Fold(b.text), " ", "") == read.String():
		return pass_, "" // the letters stay as read (a name's capital)
	case marks && b.cost <= c.opt.DictSureCost:
		return pass_, "" // a mark inside: no word as read, and one letter for it
	case b.form != nil && len(b.form.Words) > 1:
		return pass_, "" // the other words of the name are read around it
	case b.form != nil && b.form.Entry.Kind != lexicon.Term && b.form.Entry.Kind != lexicon.Formula:
		return pass_, "" // a name of the domain lexicon, and the reading is no word
	case b.sup.consistent() && b.sup.strong > 0:
		return pass_, "" // the record names the alternatives
	case b.onPage:
		return pass_, ""
	case d.language != "" && d.conf < c.opt.SureConf && !d.nameLikely:
		return note, d.language // (a capital inside a sentence may be a name the language does not know)
	}
	return suggest, fmt.Sprintf("read with OCR confidence %.0f ≥ %.0f and no evidence against the reading", d.conf, c.opt.TrustConf)
}

// formGate judges a change of form: a candidate that only adds or deletes
// letters at the end of a word read as letters alone («Лаптева» →
// «Лаптев»). OCR seldom loses or invents a whole letter at a word's end
// while reading the rest with confidence, and the other form is no
// evidence against the reading: it is another word or another person (a
// woman's surname beside her husband's). Such a change is only suggested
// for a word read with at least TrustConf, and for a capitalised word
// inside a sentence (a name the lexicon may lack) read with at least
// LowConf, whatever the language or the page says.
func (c *Corrector) formGate(d *decision) (verdict, string) {
	b := d.best
	if d.n != 1 || d.conf < c.opt.LowConf || b.listed || b.texts != nil {
		return pass_, ""
	}
	t := d.toks[d.first]
	if hasNoise(t.runes) || !formChange(t.runes, []rune(lexicon.Fold(b.text))) {
		return pass_, ""
	}
	switch {
	case d.conf >= c.opt.TrustConf:
		return suggest, fmt.Sprintf("a change of form (letters added or deleted at the end) of a word read with OCR confidence %.0f ≥ %.0f", d.conf, c.opt.TrustConf)
	case d.nameLikely:
		return suggest, fmt.Sprintf("a capitalised word inside a sentence may be a name: its form is not changed at OCR confidence %.0f ≥ %.0f", d.conf, c.opt.LowConf)
	}
	return pass_, ""
}

// formChange reports whether one of read and cand is the other with
// letters added at the end.
func formChange(read, cand []rune) bool {
	a, b := read, cand
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) < len(b) && len(a) > 0 && slices.Equal(a, b[:len(a)])
}

// languageEvidence says why the language takes the candidate over the
// reading, or "": the candidate is a common word form, the reading is not,
// and the character model finds the candidate at least e^LangGap times
// likelier, or it is one confusion (DictSureCost) away.
func (c *Corrector) languageEvidence(toks []token, first, n int, b candidate, old bool) string {
	words := c.words()
	if words == nil || b.texts != nil || b.listed || b.form != nil && len(b.form.Words) > 1 {
		return ""
	}
	cand := strings.ReplaceAll(lexicon.Fold(b.text), " ", "")
	var read strings.Builder
	for k := first; k < first+n; k++ {
		read.WriteString(string(toks[k].runes))
	}
	r := read.String()
	if !words.Has(cand) || words.Has(r) || strings.ContainsFunc(r, noise) || old && dropsFinalSign(r, cand) {
		return "" // (the common words are today's: no evidence against a final ъ of the old spelling)
	}
	gap := words.LogProb(cand) - words.LogProb(r)
	switch {
	case gap >= c.opt.LangGap:
		return fmt.Sprintf("a common word, the reading is not, and its letters are %.0f times likelier", math.Exp(gap))
	case b.cost <= c.opt.DictSureCost:
		return "a common word one confusion from the reading, which is not"
	}
	return ""
}

func spanRaw(toks []token) string {
	var s []string
	for _, t := range toks {
		s = append(s, t.raw)
	}
	return strings.Join(s, " ")
}

// Case government of the word before a name: prepositions, and the
// genitive after a noun («назначении Нам Ира», «приезда Малика»).
var prepCases = map[string][]int{
	"с": {lexicon.Ins, lexicon.Gen}, "со": {lexicon.Ins}, "к": {lexicon.Dat}, "ко": {lexicon.Dat}, "по": {lexicon.Dat},
	"о": {lexicon.Loc}, "об": {lexicon.Loc}, "обо": {lexicon.Loc}, "при": {lexicon.Loc}, "в": {lexicon.Loc, lexicon.Acc},
	"во": {lexicon.Loc, lexicon.Acc}, "на": {lexicon.Loc, lexicon.Acc}, "у": {lexicon.Gen}, "от": {lexicon.Gen},
	"до": {lexicon.Gen}, "из": {lexicon.Gen}, "без": {lexicon.Gen}, "для": {lexicon.Gen}, "после": {lexicon.Gen},
	"около": {lexicon.Gen}, "против": {lexicon.Gen}, "среди": {lexicon.Gen}, "кроме": {lexicon.Gen}, "вместо": {lexicon.Gen},
	"за": {lexicon.Ins, lexicon.Acc}, "под": {lexicon.Ins, lexicon.Acc}, "над": {lexicon.Ins}, "перед": {lexicon.Ins},
	"между": {lexicon.Ins}, "через": {lexicon.Acc}, "про": {lexicon.Acc},
}

// expectedCases guesses from the word before token first which cases a name there takes.
func expectedCases(toks []token, first int) lexicon.Case {
	if first == 0 {
		return 0
	}
	p := toks[first-1]
	if p.trail != "" && strings.ContainsAny(p.trail, ".,;:!?)") {
		return 0
	}
	var want lexicon.Case
	set := func(cs ...int) {
		for _, c := range cs {
			want |= 1<<c | 1<<(c+6) | 1<<(c+12)
		}
	}
	if cs, ok := prepCases[p.key]; ok {
		set(cs...)
		return want
	}
	switch {
	case hasSuffixAny(p.key, "ии", "ие", "ия", "ость", "ости", "ание", "ения", "ания", "ению", "ании", "ении", "ции", "езда", "ства", "ство"):
		set(lexicon.Gen) // a noun: the name after it is a genitive
	case hasSuffixAny(p.key, "ны", "ен", "ан", "ты", "ена", "ана", "ено", "ано"):
		set(lexicon.Ins) // a short passive participle: by whom
	}
	return want
}

func hasSuffixAny(s string, sufs ...string) bool {
	for _, x := range sufs {
		if strings.HasSuffix(s, x) && len(s) > len(x) {
			return true
		}
	}
	return false
}

// titles are words that announce a person's name.
var titles = map[string]bool{"т": true, "тов": true, "товарищ": true, "товарища": true, "товарищу": true, "тт": true, "т.т": true,
	"генерал": true, "генерала": true, "маршал": true, "маршала": true, "посол": true, "посла": true, "министр": true, "министра": true}

func (c *Corrector) contextBonus(toks []token, first, n int, f *lexicon.Form) float64 {
	b := 0.0
	if f.Entry.Kind == lexicon.Person && first > 0 {
		p := toks[first-1]
		initial := utf8.RuneCountInString(p.core) == 1 && unicode.IsUpper([]rune(p.core)[0]) && strings.HasPrefix(p.trail, ".")
		if initial || titles[p.key] {
			b += 0.05
		}
	}
	if (f.Entry.Kind == lexicon.Formula || f.Entry.Kind == lexicon.Abbreviation) && strings.HasSuffix(f.Text, ".") {
		if j := first + n; j < len(toks) && (strings.HasPrefix(toks[j].raw, "№") || strings.HasPrefix(toks[j].raw, "N")) {
			b += 0.1 // вх. №, исх. №
		}
	}
	return b
}

// coordinated reports whether the candidate's term already stands next to the
// span, joined by «и» or a comma («КНДР и КНР»): a list does not name a thing twice.
func coordinated(toks []token, first, n int, group string, lex *lexicon.Lexicon) bool {
	check := func(j int) bool {
		if j < 0 || j >= len(toks) {
			return false
		}
		for _, f := range lex.Exact(toks[j].key) {
			if "lex:"+lexicon.Fold(f.Entry.Term) == group {
				return true
			}
		}
		return false
	}
	if first >= 2 && (toks[first-1].key == "и" || strings.HasSuffix(toks[first-2].raw, ",")) && check(first-2) {
		return true
	}
	if first >= 1 && strings.HasSuffix(toks[first-1].raw, ",") && check(first-1) {
		return true
	}
	last := first + n - 1
	if last+2 < len(toks) && toks[last+1].key == "и" && check(last+2) {
		return true
	}
	return false
}

// normalisedBy names what each normalising rule did, for the record.
var normalisedBy = map[string]string{"roman-month": "script repair", "script": "script repair", "marks": "stray marks removed"}

// mergeChanges folds a normaliser's change (script repair, a Roman month,
// stray marks) into a later change of the same word, so that each word has
// one record from the text as read to the final text.
func mergeChanges(chs []change) []change {
	var out []change
	byFirst := map[int]int{}
	gone := map[int]bool{}
	for _, ch := range chs {
		if j, ok := byFirst[ch.first]; ok && out[j].by != nil && out[j].by.normalises && out[j].n == 1 {
			h := out[j]
			if ch.applied {
				ch.context = "after " + normalisedBy[h.by.Name] + ": " + ch.context
				out[j] = ch
			} else {
				h.alts = append(h.alts, page.Candidate{Text: ch.to, Score: ch.score, Source: ch.rule})
				out[j] = h
			}
			continue
		}
		// a normaliser's change of a later word that an applied change of
		// several words covers (a join) is part of it
		for k := ch.first + 1; ch.applied && k < ch.first+ch.n; k++ {
			if j, ok := byFirst[k]; ok && out[j].by != nil && out[j].by.normalises && out[j].n == 1 {
				gone[j] = true
			}
		}
		byFirst[ch.first] = len(out)
		out = append(out, ch)
	}
	if len(gone) > 0 {
		kept := out[:0]
		for j, ch := range out {
			if !gone[j] {
				kept = append(kept, ch)
			}
		}
		out = kept
	}
	return out
}

// spanReading returns the folded text of tokens [first, first+n), joined by
// spaces, and its OCR alternatives (nil when it has none).
func spanReading(toks []token, first, n int) ([]rune, []latPos) {
	if n == 1 {
		return toks[first].runes, latticeOf(&toks[first])
	}
	var rs []rune
	for k := first; k < first+n; k++ {
		if k > first {
			rs = append(rs, ' ')
		}
		rs = append(rs, toks[k].runes...)
	}
	return rs, joinLattice(toks[first : first+n])
}

// nameInside reports a word capitalised inside a sentence (not at its
// start): likelier a name, which the lexicon may lack, than a common word.
func nameInside(toks []token, i int) bool {
	return patternOf(toks[i].core) == caseTitle && !sentenceStart(toks, i)
}

// sentenceStart reports a token at the start of the page or after a full
// stop (typewritten lines break anywhere: a line start is not a sentence start).
// A dash between words («Секретарь - Лаптева») joins them, and the full
// stop of a title («тов. Лаптева») ends no sentence.
func sentenceStart(toks []token, i int) bool {
	if i == 0 {
		return true
	}
	p := toks[i-1]
	if p.core == "" && strings.Trim(p.raw, "-–—") == "" {
		return sentenceStart(toks, i-1)
	}
	if titles[p.key] {
		return false
	}
	return strings.ContainsAny(p.trail, ".!?:") && utf8.RuneCountInString(p.core) > 1 || p.core == ""
}
