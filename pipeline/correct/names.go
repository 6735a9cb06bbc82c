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

// ruleName proposes the multi-word names and terms of the lexicon read
// around a word that is exactly one of their words; where the page has the
// name in full, marks at the outer edge of another reading of it are tried
// as its broken letters.
var ruleName = &Rule{
	Name: "name", Kind: page.RuleVariant,
	Doc: "a multi-word name or term read with damaged, split or joined words (Ким Ир Сенем → Ким Ир Сеном)",
	run: func(p *pass) {
		toks := p.v.toks
		if len(p.v.whole) > 0 {
			// the rule's own reading: marks at a name's edge taken into its word
			toks = slices.Clone(toks)
			p.c.nameEdges(toks, p.claimed, p.v)
		}
		p.c.sequences(p, toks)
	},
}

// ruleLowerName proposes the capital of a single-word name read in lower case.
var ruleLowerName = &Rule{
	Name: "lower-name", Kind: page.RuleVariant,
	Doc: "a person's or place's name of the lexicon read in lower case (паньмыньчжоне) is capitalised, a word of a multi-word name read in capitals beside its other words is not (Ким ИР)",
	run: func(p *pass) {
		for i, t := range p.v.toks {
			if !p.free(i, 1) || t.protected || !t.lexWord {
				continue
			}
			if pr, ok := p.c.lowerName(p.v.toks, i); ok {
				p.offer(pr)
			} else if pr, ok := p.c.nameCase(p.v.toks, i); ok {
				p.offer(pr)
			}
		}
	},
}

// ruleAltName proposes a name of the page for a valid word that the
// engine's close second choices spell as that name.
var ruleAltName = &Rule{
	Name: "alt-name", Kind: page.RuleVariant,
	Doc: "a capitalised valid word the engine's second choices spell as a name read elsewhere on the page (Хим → Ким)",
	run: func(p *pass) {
		for i, t := range p.v.toks {
			if !p.free(i, 1) || t.protected {
				continue
			}
			if pr, ok := p.c.altName(p.v.toks, i, p.v); ok {
				p.offer(pr)
			}
		}
	},
}

// sequences finds multi-word lexicon forms in the token stream: spans that
// contain at least one exact word of the form, matched word by word or, when
// OCR split or joined words, as one string with cheap spaces.
func (c *Corrector) sequences(p *pass, toks []token) {
	used, ps := p.claimed, p.v
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
		if used[i] || toks[i].protected {
			continue
		}
		key := toks[i].key
		if !toks[i].lexWord {
			// words run together by a lost space, seen by a capital inside
			// («НамИрл» for Нам Ира): the first is a word of a name
			if key = capitalPrefix(toks[i].core); key == "" {
				continue
			}
		}
		for _, comp := range c.lex.Components(key) {
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
					if !open && k == nw && (anchored(toks[first:first+k], f) || capitalsAgree(toks[first:first+k], f)) {
						// «Ким Из Сен»: two words of the name read right around one valid
						// word; «Км Кр Сен»: valid words with the name's capitals around one
						open = true
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
	free := func(sc *spanCand) bool { return p.free(sc.first, sc.n) }
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
			if extra && capitalsAgree(toks[o.first:o.first+o.n], bestForm(o.cands)) {
				extra = false // a valid word with the name's capital inside the name («Ким Ир Сон»)
			}
			if !extra && minCost(o.cands)-minCost(sc.cands) <= (1-c.opt.ApplyScore)*float64(o.nRunes-sc.nRunes) {
				wide = o
			}
		}
		if wide != nil {
			sc = wide
		}
		p.offer(proposal{toks: toks, first: sc.first, n: sc.n, nRunes: sc.nRunes, cands: sc.cands, perWord: true})
	}
}

// nameEdges takes the marks after the last word of a multi-word name, or
// before its first, into that word («Ким Ир С-:»: the core becomes «С-:»)
// when the other words of the name are read right next to it, the page has
// the name in full elsewhere, and the word with the marks is nearer to the
// name's word than without them: the marks are then likely the broken rest
// of the word (Сен), which the sequence search can match. toks is the name
// rule's own copy of the view's tokens.
func (c *Corrector) nameEdges(toks []token, used []bool, ps *view) {
	if len(ps.whole) == 0 {
		return
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
				toks[i] = e
				break
			}
		}
	}
}

// nameEdge reports whether e, token i read with its edge marks, is the last
// (or first) word of a multi-word name of the page whose other words are the
// tokens next to it as read, nearer to the name's word than token i itself.
func (c *Corrector) nameEdge(toks []token, i int, e *token, last bool, used []bool, ps *view, scratch *[]float64) bool {
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

// capitalsAgree reports a span of two or more words read with the capitals
// of the name word for word (a capitalised word of the name read
// capitalised, a lower-case one in lower case): inside a sentence (no
// sentence punctuation is inside a span) a capitalised valid word next to a
// word of the name is likelier the name's word than the valid word. Every
// word has two letters or more, and none is broken at a line's end.
func capitalsAgree(toks []token, f *lexicon.Form) bool {
	if f == nil || len(toks) < 2 {
		return false
	}
	words := strings.Fields(f.Text)
	if len(words) != len(toks) {
		return false
	}
	for k, t := range toks {
		// (a capital alone may be an initial or «И»; a hyphen at the end is
		// a word broken at the line's end)
		if startsUpper(words[k]) != startsUpper(t.core) || len(t.runes) < 2 || strings.HasSuffix(t.trail, "-") {
			return false
		}
	}
	return true
}

// bestForm is the form of the cheapest candidate (nil for none).
func bestForm(cs []candidate) *lexicon.Form {
	var f *lexicon.Form
	m := math.Inf(1)
	for _, c := range cs {
		if c.cost < m {
			f, m = c.form, c.cost
		}
	}
	return f
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
func splitPerWord(toks []token, ch change) []change {
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
		one.context = "part of «" + ch.to + "»; " + ch.context
		out = append(out, one)
	}
	return out
}

// lowerName capitalises a word read in lower case that is exactly a
// single-word name of the lexicon (a person or a place) and no word of the
// dictionary in lower case: names are written with a capital.
func (c *Corrector) lowerName(toks []token, i int) (proposal, bool) {
	t := toks[i]
	if patternOf(t.core) != caseLower || len(t.runes) < c.opt.MinRunes || c.dict == nil || c.spell(t.core) {
		return proposal{}, false
	}
	var name *lexicon.Form
	for _, f := range c.lex.Exact(t.key) {
		if len(f.Words) != 1 || !startsUpper(f.Text) || f.Entry.Kind != lexicon.Person && f.Entry.Kind != lexicon.Place {
			return proposal{}, false // also a term or a formula: the lower case may be right
		}
		name = f
	}
	if name == nil {
		return proposal{}, false
	}
	to := t.lead + name.Text + t.trail
	return proposal{toks: toks, first: i, n: 1, nRunes: len(t.runes), cands: []candidate{{text: name.Text, texts: []string{to},
		group: "lex:" + lexicon.Fold(name.Entry.Term), source: src(name.Entry), rule: page.RuleVariant,
		desc: fmt.Sprintf("%s of %s %s read in lower case", name.Case, name.Entry.Kind, name.Entry.Term)}}}, true
}

// nameCase writes a word of a multi-word name read in capitals as the
// lexicon does when a word of the same name next to it is read with a
// capital and small letters («Ким ИР» → «Ким Ир»): a name is written in one
// style. A name in capitals throughout (a signature, a heading) stays.
func (c *Corrector) nameCase(toks []token, i int) (proposal, bool) {
	t := toks[i]
	if patternOf(t.core) != caseUpper || len(t.runes) < 2 {
		return proposal{}, false
	}
	for _, comp := range c.lex.Components(t.key) {
		f := comp.Form
		words := strings.Fields(f.Text)
		if len(words) != len(f.Words) || patternOf(words[comp.Pos]) != caseTitle ||
			f.Entry.Kind != lexicon.Person && f.Entry.Kind != lexicon.Place && f.Entry.Kind != lexicon.Organisation {
			continue
		}
		for _, d := range []int{-1, 1} {
			j, k := i+d, comp.Pos+d
			if j < 0 || j >= len(toks) || k < 0 || k >= len(f.Words) || toks[j].key != f.Words[k] || patternOf(toks[j].core) != caseTitle {
				continue
			}
			to := t.lead + words[comp.Pos] + t.trail
			return proposal{toks: toks, first: i, n: 1, nRunes: len(t.runes), cands: []candidate{{text: words[comp.Pos], texts: []string{to},
				group: "lex:" + lexicon.Fold(f.Entry.Term), source: src(f.Entry), rule: page.RuleVariant,
				desc: fmt.Sprintf("a word of %s %s read in capitals beside «%s»", f.Entry.Kind, f.Entry.Term, toks[j].core)}}}, true
		}
	}
	return proposal{}, false
}

// altName mends a capitalised valid word inside a sentence that the engine's
// own close second choices spell as a person's or a place's name of the
// lexicon, one read elsewhere on the same page («Хим» with К listed for Х,
// where Ким is read on the page): a name damaged into another word. At most
// two letters change, each a strong alternative.
func (c *Corrector) altName(toks []token, i int, ps *view) (proposal, bool) {
	t := &toks[i]
	lat := latticeOf(t)
	if lat == nil || !t.known || t.lexWord || t.absorbed || patternOf(t.core) != caseTitle || sentenceStart(toks, i) || len(t.runes) < c.opt.MinRunes {
		return proposal{}, false
	}
	type reading struct {
		rs   []rune
		cost float64
		n    int
	}
	var found []reading
	var walk func(k int, rs []rune, cost float64, n int)
	walk = func(k int, rs []rune, cost float64, n int) {
		if k == len(rs) {
			if n > 0 {
				found = append(found, reading{append([]rune(nil), rs...), cost, n})
			}
			return
		}
		walk(k+1, rs, cost, n)
		if n == 2 {
			return
		}
		orig := rs[k]
		for _, a := range lat[k].alts {
			if !isCyr(a.r) || !unicode.IsLetter(a.r) || !c.strongAlt(lat[k].conf, a.conf) {
				continue
			}
			rs[k] = a.r
			walk(k+1, rs, cost+c.altCost(lat[k].conf, a.conf), n+1)
		}
		rs[k] = orig
	}
	walk(0, append([]rune(nil), t.runes...), 0, 0)
	var best *reading
	var name string
	var form string
	for k := range found {
		r := &found[k]
		key := string(r.rs)
		if !ps.seen[key] || r.cost > c.opt.DictSureCost {
			continue
		}
		w, f := c.nameWord(key)
		if w == "" || best != nil && r.cost >= best.cost {
			continue
		}
		best, name, form = r, w, f
	}
	if best == nil {
		return proposal{}, false
	}
	sup := c.support(t.runes, lat, best.rs)
	to := t.lead + name + t.trail
	return proposal{toks: toks, first: i, n: 1, nRunes: len(t.runes), cands: []candidate{{text: name, texts: []string{to}, cost: best.cost,
		group: "name:" + name, rule: page.RuleVariant,
		desc: fmt.Sprintf("a name read as another word: %s of %s, read elsewhere on the page; %s", name, form, sup.describe())}}}, true
}

// nameWord returns how the lexicon writes the folded word key when it is a
// capitalised word of a person's or a place's name, and that name.
func (c *Corrector) nameWord(key string) (string, string) {
	for _, f := range c.lex.Exact(key) {
		if f.Entry.Kind == lexicon.Person || f.Entry.Kind == lexicon.Place {
			if startsUpper(f.Text) {
				return f.Text, string(f.Entry.Kind) + " " + f.Entry.Term
			}
		}
	}
	for _, comp := range c.lex.Components(key) {
		f := comp.Form
		if f.Entry.Kind != lexicon.Person && f.Entry.Kind != lexicon.Place {
			continue
		}
		for _, w := range strings.Fields(f.Text) {
			if lexicon.Key(w) == key && startsUpper(w) {
				return w, string(f.Entry.Kind) + " " + f.Entry.Term
			}
		}
	}
	return "", ""
}

// capitalPrefix returns the folded letters of core before a capital inside
// it that follows a lower-case letter («НамИрл»: «нам»), or "" for none.
func capitalPrefix(core string) string {
	rs := []rune(core)
	for k := 1; k < len(rs); k++ {
		if unicode.IsUpper(rs[k]) && unicode.IsLower(rs[k-1]) {
			return lexicon.Key(string(rs[:k]))
		}
	}
	return ""
}
