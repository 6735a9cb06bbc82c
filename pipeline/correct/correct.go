package correct

import (
	"errors"
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

// Corrector corrects pages against a lexicon and a dictionary. It is safe for
// concurrent use by several page workers.
type Corrector struct {
	lex    *lexicon.Lexicon
	dict   Dictionary
	opt    Options
	spells spellCache
	byLen  map[int][]encForm // single-word lexicon forms by rune count, encoded for distance
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
	c := &Corrector{lex: lex, dict: dict, opt: opt, spells: spellCache{m: map[string]bool{}}, byLen: map[int][]encForm{}}
	for n := 1; n <= lex.MaxRunes(); n++ {
		for _, f := range lex.FormsOfLength(n) {
			codes := encodeAll([]rune(f.Key), nil)
			c.byLen[n] = append(c.byLen[n], encForm{f, codes, maskOf(codes), codesMarked(codes)})
		}
	}
	return c, nil
}

// candidate is one proposed reading of a token or a span of tokens.
type candidate struct {
	text   string // the target as written in the lexicon or the folded dictionary word
	form   *lexicon.Form
	cost   float64 // confusion-weighted edit cost
	rank   float64 // cost adjusted by context, for ordering
	prior  float64 // rank adjustment decided before ranking (name-likeness)
	bonus  float64 // score bonus from context
	group  string  // what it is a reading of: one lexicon term or one dictionary word
	source string
	rule   string
	onPage bool       // the same word is read elsewhere on the page
	sup    altSupport // what the OCR alternatives say about it
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
	reason   string
}

// Correct returns a corrected deep copy of p (p is not modified) and the
// record of every applied or suggested change, in reading order. pageNo is
// the 1-based page number stored in each record.
func (c *Corrector) Correct(p *page.Page, pageNo int) (*page.Page, []page.Correction) {
	out := p.Clone()
	lines := out.Lines()
	toks := c.tokens(lines)
	var changes []change
	used := make([]bool, len(toks))

	// 1. script repair (Roman months in dates, Latin look-alikes, digits inside words)
	changes = append(changes, c.romanDates(toks)...)
	for i := range toks {
		if toks[i].protected {
			continue
		}
		if ch, ok := c.homoglyph(&toks[i], i); ok {
			changes = append(changes, ch)
		}
	}
	for i := range toks {
		c.absorbEdges(&toks[i])
		c.classify(&toks[i])
	}
	ps := &pageState{seen: c.pageWords(toks), wildcards: c.opt.MaxWildcardPage}
	ps.names = c.pageNames(ps.seen)
	// 2. known misreadings from the lexicon, longest first
	for i := range toks {
		if used[i] || toks[i].protected {
			continue
		}
		if ch, ok := c.misreading(toks, i); ok {
			for k := ch.first; k < ch.first+ch.n; k++ {
				used[k] = true
			}
			changes = append(changes, ch)
		}
	}
	// 3. multi-word names and terms as sequences, with the marks at the
	// edge of a name's damaged last or first word as letters where the page
	// has the name in full
	ps.exact, ps.whole = c.readRight(toks)
	before := c.nameEdges(toks, used, ps)
	for _, ch := range c.sequences(toks, used, ps) {
		for k := ch.first; k < ch.first+ch.n; k++ {
			used[k] = true
		}
		changes = append(changes, ch)
	}
	for i, t := range before {
		if !used[i] {
			toks[i] = t // no name took the marks: the word is as read
		}
	}
	// 4. a name read right but in lower case (паньмыньчжоне): capitalised
	for i := range toks {
		if used[i] || toks[i].protected || !toks[i].lexWord {
			continue
		}
		if ch, ok := c.lowerName(toks, i); ok {
			used[i] = true
			changes = append(changes, ch)
		}
	}
	// 4b. a name damaged into another valid word, spelled by the engine's own alternatives
	for i := range toks {
		if used[i] || toks[i].protected {
			continue
		}
		if ch, ok := c.altName(toks, i, ps); ok {
			used[i] = true
			changes = append(changes, ch)
		}
	}
	// 4c. a word split in two by OCR («пис ьмо», «Ше банов»)
	for i := 0; i+1 < len(toks); i++ {
		if used[i] || used[i+1] {
			continue
		}
		if ch, ok := c.join(toks, i, ps); ok {
			used[i], used[i+1] = true, true
			changes = append(changes, ch)
		}
	}
	// 5. single unknown words: lexicon variants and dictionary words
	for i := range toks {
		t := &toks[i]
		if used[i] || t.protected || t.known || len(t.runes) < c.opt.MinRunes || !hasCyr(t.runes) {
			continue
		}
		if strings.HasSuffix(t.trail, "-") || strings.HasPrefix(t.lead, "-") {
			continue // a word broken at the end of a line, or its second half
		}
		if t.absorbed && (c.spell(t.bare) || c.lex.KnownWord(t.bare) || len(c.lex.Exact(t.bare)) > 0) {
			continue // a known word between marks: only a name it belongs to may change it
		}
		if ch, ok := c.word(toks, i, ps); ok {
			used[i] = true
			changes = append(changes, ch)
		}
	}
	// merge a homoglyph repair with a later change of the same word
	changes = mergeChanges(changes)
	sort.SliceStable(changes, func(a, b int) bool { return changes[a].first < changes[b].first })

	var recs []page.Correction
	for _, ch := range changes {
		if ch.applied {
			for k := 0; k < ch.n; k++ {
				t := toks[ch.first+k]
				lines[t.line].Line.Words[t.word].Text = ch.texts[k]
			}
		}
		recs = append(recs, c.record(lines, toks, ch, pageNo))
	}
	return out, recs
}

// pageState is what the correction of one page knows about the whole page.
type pageState struct {
	seen      map[string]bool // words read elsewhere on the page (pageWords)
	wildcards int             // dictionary look-ups left for marks read as letters
	// names are the persons and places of the lexicon read on the page in
	// one of their forms (Москвы for Москва)
	names map[*lexicon.Entry]bool
	// exact marks the tokens of multi-word names and terms read right, and
	// whole holds their entries (readRight)
	exact []bool
	whole map[*lexicon.Entry]bool
}

// readRight marks the tokens of multi-word lexicon forms read right word for
// word (with the capitals the form has), and returns their entries: the
// page's evidence for a damaged reading of the same name elsewhere. Unlike a
// single word (pageWords), a name of several words read word for word is
// evidence whatever the confidence of each: OCR does not make one by chance
// («Ким Ир Сен» with Ир read at 48).
func (c *Corrector) readRight(toks []token) ([]bool, map[*lexicon.Entry]bool) {
	exact := make([]bool, len(toks))
	whole := map[*lexicon.Entry]bool{}
	for i := range toks {
		if !toks[i].lexWord {
			continue
		}
		for _, comp := range c.lex.Components(toks[i].key) {
			f, first := comp.Form, i-comp.Pos
			if first < 0 || first+len(f.Words) > len(toks) {
				continue
			}
			same := true
			for k, w := range f.Words {
				t := toks[first+k]
				if t.key != w || needsCapital(t.core, w, f) {
					same = false
					break
				}
			}
			if !same {
				continue
			}
			for k := range f.Words {
				exact[first+k] = true
			}
			whole[f.Entry] = true
		}
	}
	return exact, whole
}

// pageNames returns the single-word persons and places of the lexicon of
// which some form is among the words read on the page.
func (c *Corrector) pageNames(seen map[string]bool) map[*lexicon.Entry]bool {
	names := map[*lexicon.Entry]bool{}
	for w := range seen {
		for _, f := range c.lex.Exact(w) {
			if len(f.Words) == 1 && (f.Entry.Kind == lexicon.Person || f.Entry.Kind == lexicon.Place) {
				names[f.Entry] = true
			}
		}
	}
	return names
}

// pageWords returns the words of the page that the dictionary or the lexicon
// knows, read with at least LowConf (or without confidences): evidence for a
// near-miss elsewhere on the same page. Only this page counts, so the result
// does not depend on which pages were corrected before.
func (c *Corrector) pageWords(toks []token) map[string]bool {
	seen := map[string]bool{}
	for _, t := range toks {
		if t.known && !t.protected && (t.conf < 0 || t.conf >= c.opt.LowConf) && len(t.runes) >= 2 {
			seen[t.key] = true
		}
	}
	return seen
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

// tokens lists the page's words in reading order.
func (c *Corrector) tokens(lines []page.LineRef) []token {
	var toks []token
	for li, lr := range lines {
		for wi, w := range lr.Line.Words {
			if w.Text == "" {
				continue
			}
			t := token{line: li, word: wi, raw: w.Text, conf: w.Conf}
			t.lead, t.core, t.trail = splitEdges(w.Text)
			if c.opt.Choices && w.Text == w.OCR && len(w.Choices) > 0 {
				t.choices, t.ocr = w.Choices, w.Text
			}
			toks = append(toks, t)
		}
	}
	return toks
}

func (c *Corrector) userProtected(raw, core string) bool {
	for _, re := range c.opt.Protect {
		if re.MatchString(raw) || re.MatchString(core) {
			return true
		}
	}
	return false
}

// homoglyph repairs the script of a token in place and reports the change.
func (c *Corrector) homoglyph(t *token, i int) (change, bool) {
	if t.core == "" || c.userProtected(t.raw, t.core) {
		t.protected = true
		return change{}, false
	}
	fixed := repairScript(t.core)
	if fixed == t.core {
		// a word all in Latin look-alikes is Cyrillic when that reading is a known word
		cyr := latinAsCyrillic(t.core)
		if cyr == "" || !(len(c.lex.Exact(keyOf(cyr))) > 0 || c.spell(cyr)) {
			return change{}, false
		}
		fixed = cyr
	}
	from := t.raw
	if utf8.RuneCountInString(fixed) != utf8.RuneCountInString(t.core) {
		t.choices = nil // the alternatives describe other characters now
	}
	t.core = fixed
	t.raw = t.lead + fixed + t.trail
	return change{first: i, n: 1, texts: []string{t.raw}, to: t.raw, rule: page.RuleHomoglyph, score: 0.99,
		applied: true, reason: "letters of the wrong script or digits inside a word: " + from + " → " + t.raw}, true
}

// classify fills a token's key, protection and whether it is a known word.
func (c *Corrector) classify(t *token) {
	t.key = keyOf(t.core)
	t.runes = []rune(t.key)
	if t.protected || c.protected(t.raw, t.core) {
		t.protected = true
		return
	}
	if t.absorbed {
		// marks that may be letters are part of the reading: not a known word
		t.runes = []rune(lexicon.Fold(t.core))
		t.key = string(t.runes)
		return
	}
	if len(c.lex.Exact(t.key)) > 0 || c.lex.KnownWord(t.key) {
		t.known, t.lexWord = true, true
		return
	}
	if c.spell(t.core) || (strings.ContainsRune(t.core, '.') && c.spell(t.core+t.trail)) {
		t.known = true
	}
}

// misreading applies a known misreading of the lexicon starting at token i.
func (c *Corrector) misreading(toks []token, i int) (change, bool) {
	span := max(1, c.lex.MisreadingSpan(toks[i].key))
	for n := min(span, len(toks)-i); n >= 1; n-- {
		keys := make([]string, n)
		for k := range n {
			if toks[i+k].protected {
				return change{}, false
			}
			keys[k] = toks[i+k].key
		}
		ms := c.lex.Misreadings(strings.Join(keys, " "))
		if len(ms) == 0 {
			continue
		}
		m := ms[0]
		var alts []page.Candidate
		for _, o := range ms[1:] {
			alts = append(alts, page.Candidate{Text: o.To, Score: 1, Source: src(o.Entry)})
		}
		texts := spanTexts(toks[i:i+n], m.To, keepsCapitals(m.Entry.Kind) || sentenceStart(toks, i), c.readCase(m.Entry.Kind))
		ch := change{first: i, n: n, texts: texts, to: strings.Join(nonEmpty(texts), " "), rule: page.RuleLexicon, score: 1,
			alts: alts, applied: len(ms) == 1 || sameTarget(ms), reason: "known misreading of " + m.Entry.Term + " (" + m.Entry.Source + ")"}
		if !ch.applied {
			ch.reason += "; the lexicon lists it for several terms: only suggested"
		}
		return ch, true
	}
	return change{}, false
}

// keepsCapitals reports a kind whose capitals are part of the word (names,
// places, organisations, abbreviations), not of the sentence.
func keepsCapitals(k lexicon.Kind) bool { return k != lexicon.Formula && k != lexicon.Term }

func sameTarget(ms []*lexicon.Misreading) bool {
	for _, m := range ms[1:] {
		if m.To != ms[0].To {
			return false
		}
	}
	return true
}

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

// maxCost is the largest lexicon candidate cost for a match of n runes.
func (c *Corrector) maxCost(n int, kind lexicon.Kind) float64 {
	m := math.Min(c.opt.MaxCostCap, math.Max(1, c.opt.MaxCostBase+c.opt.MaxCostPerRune*float64(n)))
	if kind == lexicon.Abbreviation || kind == lexicon.Formula {
		m = math.Min(m, c.opt.AbbrevMaxCost)
	}
	return m
}

// sequences finds multi-word lexicon forms in the token stream: spans that
// contain at least one exact word of the form, matched word by word or, when
// OCR split or joined words, as one string with cheap spaces.
func (c *Corrector) sequences(toks []token, used []bool, ps *pageState) []change {
	type spanCand struct {
		first, n int
		cands    []candidate
		nRunes   int
	}
	spans := map[[2]int]*spanCand{}
	var keys [][2]int
	scratch := make([]float64, 0, 256)
	// a name read right is left alone: its words are taken first
	exact := ps.exact
	for i := range toks {
		if used[i] || toks[i].protected || !toks[i].lexWord {
			continue
		}
		for _, comp := range c.lex.Components(toks[i].key) {
			f := comp.Form
			nw := len(f.Words)
			for k := nw - 1; k <= nw+1; k++ { // tokens covering the form
				for off := -1; off <= 1; off++ {
					first := i - comp.Pos + off
					if k < 1 || first < 0 || first+k > len(toks) || first > i || first+k <= i {
						continue
					}
					if k != nw && !sameLine(toks[first:first+k]) {
						continue
					}
					open := c.spanOpen(toks[first:first+k], used[first:first+k], exact[first:first+k])
					if !open && (k != nw || !c.spanFree(toks[first:first+k], used[first:first+k], exact[first:first+k])) {
						continue
					}
					if !open && k == nw && anchored(toks[first:first+k], f) {
						open = true // «Ким Из Сен»: two words of the name read right around one valid word
					}
					cost, n := c.spanCost(toks[first:first+k], f, &scratch)
					if cost <= 0 || cost > c.maxCost(n, f.Entry.Kind) || !open && !caseOnly(toks[first:first+k], f, cost) ||
						k > nw && moreCapitals(toks[first:first+k], f.Text) {
						continue
					}
					key := [2]int{first, k}
					sc := spans[key]
					if sc == nil {
						sc = &spanCand{first: first, n: k, nRunes: n}
						spans[key] = sc
						keys = append(keys, key)
					}
					sc.cands = append(sc.cands, candidate{text: f.Text, form: f, cost: cost, group: "lex:" + lexicon.Fold(f.Entry.Term),
						source: src(f.Entry), rule: page.RuleVariant})
				}
			}
		}
	}
	// part of a name of three or more words, when OCR lost the rest («Ир Сегом» for Ким Ир Сеном)
	for i := range toks {
		if used[i] || toks[i].protected || !toks[i].lexWord {
			continue
		}
		for _, comp := range c.lex.Components(toks[i].key) {
			f := comp.Form
			nw := len(f.Words)
			words := strings.Fields(f.Text)
			if nw < 3 || len(words) != nw {
				continue
			}
			for s := 0; s < nw; s++ {
				for e := s + 2; e <= nw; e++ {
					if s == 0 && e == nw || comp.Pos < s || comp.Pos >= e {
						continue
					}
					first, k := i-(comp.Pos-s), e-s
					if first < 0 || first+k > len(toks) || !c.spanOpen(toks[first:first+k], used[first:first+k], exact[first:first+k]) {
						continue
					}
					total, n := 0.0, 0
					for j := 0; j < k && !math.IsInf(total, 1); j++ {
						w := []rune(f.Words[s+j])
						lim := math.Max(1, c.maxCost(len(w), f.Entry.Kind))
						d := c.latDistance(toks[first+j].runes, c.tokenLat(&toks[first+j]), w, lim, &scratch)
						if d > lim {
							total = math.Inf(1)
						}
						total += d
						n += len(w) + 1
					}
					if total <= 0 || total > c.maxCost(n-1, f.Entry.Kind) {
						continue
					}
					key := [2]int{first, k}
					sc := spans[key]
					if sc == nil {
						sc = &spanCand{first: first, n: k, nRunes: n - 1}
						spans[key] = sc
						keys = append(keys, key)
					}
					sc.cands = append(sc.cands, candidate{text: strings.Join(words[s:e], " "), form: f, cost: total,
						group: "lex:" + lexicon.Fold(f.Entry.Term), source: src(f.Entry), rule: page.RuleVariant})
				}
			}
		}
	}
	// best spans first: lowest cost per rune, then longest, then earliest
	sort.Slice(keys, func(a, b int) bool {
		sa, sb := spans[keys[a]], spans[keys[b]]
		ca, cb := minCost(sa.cands)/float64(sa.nRunes), minCost(sb.cands)/float64(sb.nRunes)
		if ca != cb {
			return ca < cb
		}
		if sa.n != sb.n {
			return sa.n > sb.n
		}
		return sa.first < sb.first
	})
	taken := make([]bool, len(toks))
	free := func(sc *spanCand) bool {
		for j := sc.first; j < sc.first+sc.n; j++ {
			if taken[j] {
				return false
			}
		}
		return true
	}
	var out []change
	for _, key := range keys {
		sc := spans[key]
		if !free(sc) {
			continue
		}
		// a wider span of the same name that explains the unknown words
		// around this one at an acceptable cost wins («Ким Ис гезу» is
		// Ким Ир Сену, not Ким Ир and a word left unread)
		var wide *spanCand
		for _, k2 := range keys {
			o := spans[k2]
			if o.n <= sc.n || o.first > sc.first || o.first+o.n < sc.first+sc.n || !free(o) ||
				bestGroup(o.cands) != bestGroup(sc.cands) || (wide != nil && o.n <= wide.n) {
				continue
			}
			extra := false
			for j := o.first; j < o.first+o.n; j++ {
				if (j < sc.first || j >= sc.first+sc.n) && toks[j].known {
					extra = true
				}
			}
			if !extra && minCost(o.cands)-minCost(sc.cands) <= (1-c.opt.ApplyScore)*float64(o.nRunes-sc.nRunes) {
				wide = o
			}
		}
		if wide != nil {
			sc = wide
		}
		ch, ok := c.decide(toks, sc.first, sc.n, sc.cands, sc.nRunes, ps)
		if !ok {
			continue
		}
		for j := sc.first; j < sc.first+sc.n; j++ {
			taken[j] = true
		}
		out = append(out, c.splitPerWord(toks, ch)...)
	}
	return out
}

// nameEdges takes the marks after the last word of a multi-word name, or
// before its first, into that word («Ким Ир С-:»: the core becomes «С-:»)
// when the other words of the name are read right next to it, the page has
// the name in full elsewhere, and the word with the marks is nearer to the
// name's word than without them: the marks are then likely the broken rest
// of the word (Сен), which the sequence search can match. The tokens so
// changed are returned with their state as read, to be put back where no
// name took them.
func (c *Corrector) nameEdges(toks []token, used []bool, ps *pageState) map[int]token {
	before := map[int]token{}
	if len(ps.whole) == 0 {
		return before
	}
	scratch := make([]float64, 0, 64)
	for i := range toks {
		t := toks[i]
		if used[i] || ps.exact[i] || t.protected || t.absorbed || t.core == "" {
			continue
		}
		for _, last := range []bool{true, false} {
			e, ok := withEdgeMarks(t, last)
			if !ok {
				continue
			}
			if c.nameEdge(toks, i, &e, last, used, ps, &scratch) {
				before[i] = t
				toks[i] = e
				break
			}
		}
	}
	return before
}

// nameEdge reports whether e, token i read with its edge marks, is the last
// (or first) word of a multi-word name of the page whose other words are the
// tokens next to it as read, nearer to the name's word than token i itself.
func (c *Corrector) nameEdge(toks []token, i int, e *token, last bool, used []bool, ps *pageState, scratch *[]float64) bool {
	next := i + 1
	if last {
		next = i - 1
	}
	if next < 0 || next >= len(toks) || !toks[next].lexWord {
		return false
	}
	for _, comp := range c.lex.Components(toks[next].key) {
		f := comp.Form
		nw := len(f.Words)
		k, first := 0, i // the word of the form at token i, the form's first token
		if last {
			k, first = nw-1, i-nw+1
		}
		if comp.Pos != k+next-i || !ps.whole[f.Entry] || first < 0 || first+nw > len(toks) ||
			f.Entry.Kind != lexicon.Person && f.Entry.Kind != lexicon.Place && f.Entry.Kind != lexicon.Organisation {
			continue
		}
		same := true
		for j, w := range f.Words {
			if first+j != i && toks[first+j].key != w {
				same = false
			}
		}
		if !same || !c.spanFree(toks[first:first+nw], used[first:first+nw], ps.exact[first:first+nw]) {
			continue
		}
		w := []rune(f.Words[k])
		lim := c.maxCost(len(w), f.Entry.Kind)
		with := c.latDistance(e.runes, c.tokenLat(e), w, lim, scratch)
		without := c.latDistance(toks[i].runes, c.tokenLat(&toks[i]), w, lim, scratch)
		if with <= lim && with < without {
			return true
		}
	}
	return false
}

// withEdgeMarks returns t with the marks after its letters (last) or before
// them taken into its core: an odd mark next to the letters (or a hyphen
// after them), then any run of those, colons and semicolons («С-:», «Се=»,
// «‘им»). Quotes,
// sentence punctuation and a hyphen ending the word (a break at the line
// end) stay outside; ok is false when no mark is taken.
func withEdgeMarks(t token, last bool) (token, bool) {
	first := func(r rune) bool {
		return r == '-' && last || strings.ContainsRune(oddMarks, r) && !strings.ContainsRune("\"“”„", r)
	}
	more := func(r rune) bool { return first(r) || r == ':' || r == ';' || r == '-' }
	rs := []rune(t.trail)
	if !last {
		rs = []rune(t.lead)
		slices.Reverse(rs)
	}
	n := 0
	for n < len(rs) && (n == 0 && first(rs[n]) || n > 0 && more(rs[n])) {
		n++
	}
	if n == 0 || last && strings.HasSuffix(t.trail, "-") {
		return t, false
	}
	marks := rs[:n]
	if last {
		t.core, t.trail = t.core+string(marks), string(rs[n:])
	} else {
		slices.Reverse(marks)
		rest := rs[n:]
		slices.Reverse(rest)
		t.core, t.lead = string(marks)+t.core, string(rest)
	}
	t.bare = t.key
	t.runes = []rune(lexicon.Fold(t.core))
	t.key = string(t.runes)
	t.known, t.lexWord, t.absorbed = false, false, true
	t.lc, t.lcDone = nil, false
	return t, true
}

// lowerName capitalises a word read in lower case that is exactly a
// single-word name of the lexicon (a person or a place) and no word of the
// dictionary in lower case: names are written with a capital.
func (c *Corrector) lowerName(toks []token, i int) (change, bool) {
	t := toks[i]
	if patternOf(t.core) != caseLower || len(t.runes) < c.opt.MinRunes || c.dict == nil || c.spell(t.core) {
		return change{}, false
	}
	var name *lexicon.Form
	for _, f := range c.lex.Exact(t.key) {
		if len(f.Words) != 1 || !startsUpper(f.Text) || f.Entry.Kind != lexicon.Person && f.Entry.Kind != lexicon.Place {
			return change{}, false // also a term or a formula: the lower case may be right
		}
		name = f
	}
	if name == nil {
		return change{}, false
	}
	to := t.lead + name.Text + t.trail
	return change{first: i, n: 1, texts: []string{to}, to: to, rule: page.RuleVariant, score: 0.95, applied: true,
		reason: fmt.Sprintf("%s of %s %s read in lower case", name.Case, name.Entry.Kind, name.Entry.Term)}, true
}

// spanFree reports whether tokens may be rewritten at all (see spanOpen).
func (c *Corrector) spanFree(toks []token, used, exact []bool) bool {
	for k, t := range toks {
		if used[k] || exact[k] || t.protected || k > 0 && t.lead != "" ||
			k < len(toks)-1 && strings.ContainsAny(t.trail, ".,;:!?") && utf8.RuneCountInString(t.core) > 1 {
			return false
		}
	}
	return true
}

// spanOpen reports whether tokens may be rewritten as one multi-word name:
// none protected, taken or part of a name read right, no sentence or list
// punctuation inside (initials excepted), and at least one word that is
// not a known word or a case difference to mend.
func (c *Corrector) spanOpen(toks []token, used, exact []bool) bool {
	if !c.spanFree(toks, used, exact) {
		return false
	}
	unknown := false
	for _, t := range toks {
		if !t.known {
			unknown = true
		}
	}
	return unknown
}

// anchored reports a span read word for word as a name of three or more
// words except for one word: the words read right are overwhelming evidence
// that the odd one, even a valid word, belongs to the name.
func anchored(toks []token, f *lexicon.Form) bool {
	if len(f.Words) < 3 || len(toks) != len(f.Words) {
		return false
	}
	odd := 0
	for k, t := range toks {
		if t.key != f.Words[k] {
			odd++
		}
	}
	return odd == 1
}

// caseOnly reports a person's name read right except for a lower-case
// initial letter (Ким Ир сен): mended, as names are always capitalised.
func caseOnly(toks []token, f *lexicon.Form, cost float64) bool {
	if f.Entry.Kind != lexicon.Person || len(toks) != len(f.Words) || cost > 0.1 {
		return false
	}
	for k, t := range toks {
		if needsCapital(t.core, f.Words[k], f) {
			return true
		}
	}
	return false
}

// moreCapitals reports words that start with more capitals than the form has
// («Ли Кэ Нуна» for «Ли Кэнуна»): another spelling of the name, not a word that
// OCR split (a split does not make a capital).
func moreCapitals(toks []token, form string) bool {
	n := 0
	for _, t := range toks {
		if patternOf(t.core) == caseUpper {
			return false
		}
		if startsUpper(t.core) {
			n++
		}
	}
	m := 0
	for _, r := range form {
		if unicode.IsUpper(r) {
			m++
		}
	}
	return n > m
}

// bestGroup is the group of the cheapest candidate.
func bestGroup(cs []candidate) string {
	g, m := "", math.Inf(1)
	for _, c := range cs {
		if c.cost < m {
			g, m = c.group, c.cost
		}
	}
	return g
}

func minCost(cs []candidate) float64 {
	m := math.Inf(1)
	for _, c := range cs {
		m = math.Min(m, c.cost)
	}
	return m
}

func sameLine(toks []token) bool {
	for _, t := range toks[1:] {
		if t.line != toks[0].line {
			return false
		}
	}
	return true
}

// spanCost is the cost of reading form f as the tokens, and the number of runes matched.
func (c *Corrector) spanCost(toks []token, f *lexicon.Form, scratch *[]float64) (float64, int) {
	if len(toks) == len(f.Words) {
		total, n := 0.0, 0
		for k, t := range toks {
			w := []rune(f.Words[k])
			lim := c.maxCost(len(w), f.Entry.Kind)
			d := c.latDistance(t.runes, c.tokenLat(&toks[k]), w, lim, scratch)
			if d > lim {
				return math.Inf(1), 0
			}
			total += d
			n += len(w) + 1
		}
		// a case difference alone (сен for Сен) is a change worth making in a name
		if total == 0 {
			for k, t := range toks {
				if needsCapital(t.core, f.Words[k], f) {
					total += 0.01
				}
			}
		}
		return total, n - 1
	}
	keys := make([]string, len(toks))
	for k, t := range toks {
		keys[k] = t.key
	}
	read := []rune(strings.Join(keys, " "))
	typed := []rune(f.Key)
	lim := c.maxCost(len(typed), f.Entry.Kind)
	var lc *latCodes
	if lat := joinLattice(toks); lat != nil {
		lc = c.encodeLattice(encodeAll(read, nil), lat)
	}
	d := c.latDistance(read, lc, typed, lim, scratch)
	return d, len(typed)
}

// needsCapital reports a lower-case word that the lexicon writes with a capital.
func needsCapital(core, key string, f *lexicon.Form) bool {
	r, _ := utf8.DecodeRuneInString(core)
	if !unicode.IsLower(r) {
		return false
	}
	for _, w := range strings.Fields(f.Text) {
		if lexicon.Key(w) == key {
			r, _ := utf8.DecodeRuneInString(w)
			return unicode.IsUpper(r)
		}
	}
	return false
}

// splitPerWord turns a word-by-word sequence change into one record per
// changed word; joins and splits stay one record.
func (c *Corrector) splitPerWord(toks []token, ch change) []change {
	if ch.n == 1 || len(nonEmpty(ch.texts)) != ch.n {
		return []change{ch}
	}
	var out []change
	for k := 0; k < ch.n; k++ {
		if ch.texts[k] == toks[ch.first+k].raw {
			continue
		}
		one := ch
		one.first, one.n = ch.first+k, 1
		one.texts = []string{ch.texts[k]}
		one.to = ch.texts[k]
		one.reason = "part of «" + ch.to + "»; " + ch.reason
		out = append(out, one)
	}
	return out
}

// word finds candidates for one unknown word and decides.
func (c *Corrector) word(toks []token, i int, ps *pageState) (change, bool) {
	t := toks[i]
	cands := c.wordCands(&t, ps)
	// marks at the edges of an unknown word may be a broken letter («‘оложения», «москв=»)
	if lead, core, trail, ok := absorbOdd(t.lead, t.core, t.trail); ok {
		e := t
		e.lead, e.core, e.trail = lead, core, trail
		e.key = keyOf(core)
		e.runes = []rune(strings.ToLower(core))
		e.lc, e.lcDone = nil, false
		if ec := c.wordCands(&e, ps); len(ec) > 0 && (len(cands) == 0 || minCost(ec) < minCost(cands)) {
			cands, toks[i] = ec, e
			defer func() { toks[i] = t }()
		}
	}
	if len(cands) == 0 {
		return change{}, false
	}
	return c.decideWord(toks, i, 1, cands, len(toks[i].runes), ps)
}

// oddMarks are characters that stand at a word's edge only when a letter broke.
const oddMarks = "‘’‚“”„‹›`'\"|_=<>~^*®©"

// absorbOdd moves odd marks next to the core into it, and a run of colons or
// semicolons after it («репатриаци::»). ok is false when there are none.
func absorbOdd(lead, core, trail string) (string, string, string, bool) {
	l, t := lead, trail
	for l != "" {
		r, n := utf8.DecodeLastRuneInString(l)
		if !strings.ContainsRune(oddMarks, r) {
			break
		}
		core, l = l[len(l)-n:]+core, l[:len(l)-n]
	}
	k := 0
	for k < len(t) {
		r, n := utf8.DecodeRuneInString(t[k:])
		next, _ := utf8.DecodeRuneInString(t[k+n:])
		if !strings.ContainsRune(oddMarks, r) && !((r == ':' || r == ';') && (next == ':' || next == ';')) {
			break
		}
		k += n
	}
	core, t = core+t[:k], t[k:]
	return l, core, t, l != lead || t != trail
}

// wordCands returns the lexicon and dictionary candidates for an unknown word.
func (c *Corrector) wordCands(t *token, ps *pageState) []candidate {
	n := len(t.runes)
	var cands []candidate
	scratch := make([]float64, 0, 256)
	seen := map[string]bool{}
	read := encodeAll(t.runes, make([]uint8, 0, 32))
	readMarked := codesMarked(read)
	readMask := maskOf(read)
	lat := latticeOf(t)
	lc := c.tokenLat(t)
	// a length difference needs that many insertions or deletions: letters
	// cost 1, marks 0.5
	dl := 2
	if !hasNoise(t.runes) {
		dl = int(c.maxCost(n+1, lexicon.Person))
	}
	for l := n - dl; l <= n+dl; l++ {
		for _, ef := range c.byLen[l] {
			f := ef.form
			lim := c.maxCost(max(n, l), f.Entry.Kind)
			if ps.names[f.Entry] {
				lim += costNoise // a name the page has in another form may be damaged a mark's worth more
			}
			if lc == nil && lowerBound(read, readMask, ef.codes, ef.mask) > lim ||
				lc != nil && c.latLowerBound(lc, readMask, ef.codes, ef.mask) > lim {
				continue
			}
			minIndel := 1.0
			if readMarked || ef.marks {
				minIndel = costSpace
			}
			d := distanceLat(read, lc, ef.codes, lim, minIndel, &scratch)
			if d > lim || d == 0 {
				continue
			}
			seen[f.Key] = true
			cands = append(cands, candidate{text: f.Text, form: f, cost: d, group: "lex:" + lexicon.Fold(f.Entry.Term),
				source: src(f.Entry), rule: page.RuleVariant})
		}
	}
	pat := patternOf(t.core)
	abbrev := (pat == caseUpper && n <= 5) || (strings.HasPrefix(t.trail, ".") && n <= 4)
	if abbrev {
		// the dictionary does not judge abbreviations (КНТР, исл.): lexicon only
		return cands
	}
	for _, dc := range c.dictCandidates(t.runes, lat, pat, &ps.wildcards) {
		if seen[dc.text] {
			continue
		}
		cands = append(cands, candidate{text: dc.text, cost: dc.cost, group: "dict:" + dc.text, source: "hunspell", rule: page.RuleDictionary})
	}
	return cands
}

// decideWord decides for one word read as tokens [i, i+k) (k is 2 for a word
// split by OCR).
func (c *Corrector) decideWord(toks []token, i, k int, cands []candidate, n int, ps *pageState) (change, bool) {
	if len(cands) == 0 {
		return change{}, false
	}
	// a capitalised word inside a sentence is more likely a name than a common word
	if patternOf(toks[i].core) == caseTitle && !sentenceStart(toks, i) {
		for j := range cands {
			if f := cands[j].form; f != nil && (f.Entry.Kind == lexicon.Person || f.Entry.Kind == lexicon.Place || f.Entry.Kind == lexicon.Organisation) {
				cands[j].prior -= 0.3
			} else if f == nil {
				cands[j].prior += 0.5
			}
		}
	}
	return c.decide(toks, i, k, cands, n, ps)
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

// sentenceStart reports a token at the start of the page or after a full
// stop (typewritten lines break anywhere: a line start is not a sentence start).
func sentenceStart(toks []token, i int) bool {
	if i == 0 {
		return true
	}
	p := toks[i-1]
	return strings.ContainsAny(p.trail, ".!?:") && utf8.RuneCountInString(p.core) > 1 || p.core == ""
}

// decide ranks the candidates for tokens [first, first+n) with context and
// confidence and returns the change to apply or suggest.
func (c *Corrector) decide(toks []token, first, n int, cands []candidate, nRunes int, ps *pageState) (change, bool) {
	conf := toks[first].conf
	for k := first; k < first+n; k++ {
		conf = math.Min(conf, toks[k].conf)
	}
	want := expectedCases(toks, first)
	for i := range cands {
		cd := &cands[i]
		cd.rank = cd.cost + cd.prior
		coord := cd.form != nil && coordinated(toks, first, n, cd.group, c.lex)
		// a name read on the page in any of its forms: the page says which
		// name, not which case
		if !coord && (cd.form == nil && ps.seen[cd.text] || cd.form != nil && len(cd.form.Words) == 1 && (ps.seen[cd.form.Key] || ps.names[cd.form.Entry])) {
			cd.rank -= c.opt.PageBonus
			cd.onPage = true
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
	// runner-up: the best candidate for anything else
	margin := math.Inf(1)
	needMargin := c.opt.Margin
	var alts []page.Candidate
	for _, o := range cands[1:] {
		if o.group != best.group && math.IsInf(margin, 1) {
			margin = o.rank - best.rank
			if best.sup.consistent() && o.sup.missing > 0 {
				needMargin = c.opt.AltMargin // the engine spelled the best one, and not the other
			}
		}
		if len(alts) < 4 && o.text != best.text {
			s := math.Max(0, 1-o.cost/float64(max(nRunes, 1))+o.bonus)
			text := o.text
			if o.form == nil && n == 1 {
				text = applyCase(text, patternOf(toks[first].core))
			}
			alts = append(alts, page.Candidate{Text: text, Score: round3(s), Source: o.source})
		}
	}
	if score < c.opt.SuggestScore {
		return change{}, false
	}
	var keepRead func(string) bool
	if best.form != nil {
		keepRead = c.readCase(best.form.Entry.Kind)
	}
	texts := spanTexts(toks[first:first+n], best.text, best.form != nil && (keepsCapitals(best.form.Entry.Kind) || sentenceStart(toks, first)), keepRead)
	ch := change{first: first, n: n, texts: texts, to: strings.Join(nonEmpty(texts), " "), rule: best.rule, score: round3(score), alts: alts}
	if strings.Join(nonEmpty(texts), " ") == spanRaw(toks[first:first+n]) {
		return change{}, false
	}
	var why []string
	apply := c.opt.ApplyScore
	if conf >= c.opt.HighConf {
		apply += 0.1
		why = append(why, fmt.Sprintf("OCR confidence %.0f needs score %.2f", conf, apply))
	}
	ch.applied = score >= apply
	if !ch.applied {
		why = append(why, fmt.Sprintf("score %.2f below %.2f", score, apply))
	}
	if margin < needMargin {
		ch.applied = false
		why = append(why, fmt.Sprintf("margin %.2f to «%s» below %.2f", margin, firstOther(cands, best.group), needMargin))
	}
	// the engine's close second choice at every changed letter
	strong := best.sup.consistent() && best.sup.strong > 0
	// a word is not split into parts of a name with letters the engine did
	// not list when the engine's own second choices spell it as a word
	// («з0ка» is пока, not Хо Ка): no change, the word is left to the
	// single-word search
	if ch.applied && best.sup.missing > 0 && best.form != nil && len(best.form.Words) > n {
		for k := first; k < first+n; k++ {
			if w := c.altReading(&toks[k]); w != "" {
				return change{}, false // left to the single-word search
			}
		}
	}
	if best.rule == page.RuleDictionary || best.form != nil && best.form.Entry.Kind == lexicon.Term && best.cost >= 1 {
		switch {
		case conf < 0:
			ch.applied = false
			why = append(why, "a general-word fix beyond one confusion without OCR confidence is only suggested")
		case conf >= c.opt.DictMaxConf && !c.sureNonWord(toks, first, n, best, nRunes, conf) && !(strong && conf < c.opt.DictSureConf):
			ch.applied = false
			why = append(why, fmt.Sprintf("OCR confidence %.0f ≥ %.0f: a general-word fix is only suggested", conf, c.opt.DictMaxConf))
		case best.rule == page.RuleDictionary && best.cost > math.Max(c.opt.DictApplyCost, c.opt.DictApplyPerRune*float64(nRunes)):
			ch.applied = false
			why = append(why, fmt.Sprintf("cost %.2f above %.2f: a dictionary fix is only suggested", best.cost,
				math.Max(c.opt.DictApplyCost, c.opt.DictApplyPerRune*float64(nRunes))))
		case best.rule == page.RuleDictionary && n == 1 && patternOf(toks[first].core) == caseTitle && !sentenceStart(toks, first) &&
			[]rune(best.text)[0] != toks[first].runes[0]:
			ch.applied = false
			why = append(why, "a capitalised word inside a sentence may be a name the lexicon lacks: its first letter is not changed by the dictionary")
		case best.rule == page.RuleDictionary && nRunes < c.opt.DictMinRunes && !(strong && nRunes >= 3):
			ch.applied = false
			why = append(why, fmt.Sprintf("a word of %d letters is too short for a dictionary fix", nRunes))
		}
	}
	desc := fmt.Sprintf("cost %.2f", best.cost)
	if best.form != nil {
		desc = fmt.Sprintf("%s of %s %s, cost %.2f", best.form.Case, best.form.Entry.Kind, best.form.Entry.Term, best.cost)
	} else {
		desc = "dictionary word, " + desc
	}
	if best.onPage {
		desc += ", read elsewhere on the page"
	}
	if d := best.sup.describe(); d != "" {
		desc += "; " + d
	}
	if c.dict == nil {
		// without a dictionary no common word is known: be stricter
		why = append(why, "no dictionary")
		if best.form != nil && score < apply+0.1 {
			ch.applied = false
			why = append(why, fmt.Sprintf("score %.2f below %.2f without a dictionary", score, apply+0.1))
		}
		if best.form != nil && startsUpper(best.form.Text) && !startsUpper(toks[first].core) {
			ch.applied = false
			why = append(why, "a lower-case word is not made a name without a dictionary")
		}
	}
	if ch.applied {
		ch.reason = desc
		if len(why) > 0 {
			ch.reason += "; " + strings.Join(why, "; ")
		}
	} else {
		ch.reason = desc + "; only suggested: " + strings.Join(why, "; ")
	}
	return ch, true
}

// sureNonWord reports a word (or the two pieces of a split one) read with a
// confidence of DictMaxConf or more that is nevertheless no word: lower case (not a name the lexicon lacks),
// at least DictSureRunes letters, one cheap confusion or mark (cost at most
// DictSureCost) from a dictionary word, and below DictSureConf. Tesseract
// is often sure of a misread letter inside a long word.
func (c *Corrector) sureNonWord(toks []token, first, n int, best candidate, nRunes int, conf float64) bool {
	if n > 2 || best.rule != page.RuleDictionary || conf >= c.opt.DictSureConf || best.cost > c.opt.DictSureCost || nRunes < c.opt.DictSureRunes {
		return false
	}
	pat := patternOf(toks[first].core)
	return pat == caseLower || pat == caseTitle && sentenceStart(toks, first)
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func firstOther(cands []candidate, group string) string {
	for _, c := range cands {
		if c.group != group {
			return c.text
		}
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

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

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

// mergeChanges folds a homoglyph repair into a later change of the same word,
// so that each word has one record from the text as read to the final text.
func mergeChanges(chs []change) []change {
	var out []change
	byFirst := map[int]int{}
	for _, ch := range chs {
		if j, ok := byFirst[ch.first]; ok && out[j].rule == page.RuleHomoglyph && out[j].n == 1 {
			h := out[j]
			if ch.applied {
				ch.reason = "after script repair: " + ch.reason
				out[j] = ch
			} else {
				h.alts = append(h.alts, page.Candidate{Text: ch.to, Score: ch.score, Source: ch.rule})
				out[j] = h
			}
			continue
		}
		byFirst[ch.first] = len(out)
		out = append(out, ch)
	}
	return out
}

// record turns a change into the page record.
func (c *Corrector) record(lines []page.LineRef, toks []token, ch change, pageNo int) page.Correction {
	t0 := toks[ch.first]
	lr := lines[t0.line]
	rec := page.Correction{Page: pageNo, Line: lr.No, Word: t0.word, Words: 0, Rule: ch.rule, Score: ch.score,
		Alternatives: ch.alts, Applied: ch.applied, Reason: ch.reason, To: ch.to}
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
