package correct

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// ruleWord proposes, for every other unknown word, the lexicon's forms
// within the cost limit and the dictionary's words the confusion model and
// the engine's alternatives make of it.
var ruleWord = &Rule{
	Name: "word", Kind: page.RuleDictionary,
	Doc: "an unknown word is read as a lexicon form (variant) or a dictionary word (dictionary) near it under the confusion model",
	run: func(p *pass) {
		c := p.c
		for i := range p.v.toks {
			t := &p.v.toks[i]
			if !p.free(i, 1) || t.protected || t.known || len(t.runes) < c.opt.MinRunes || !hasCyr(t.runes) {
				continue
			}
			if t.lineBroken() {
				continue // a word broken at the end of a line, or its second half
			}
			if t.absorbed && (c.spell(t.bare) || c.lex.KnownWord(t.bare) || len(c.lex.Exact(t.bare)) > 0) {
				continue // a known word between marks: only a name it belongs to may change it
			}
			if pr, ok := c.word(p.v, i); ok {
				p.offer(pr)
			}
		}
	},
}

// word proposes candidates for one unknown word.
func (c *Corrector) word(v *view, i int) (proposal, bool) {
	toks := v.toks
	t := toks[i]
	list := inNameList(toks, i)
	cands := c.wordCands(&t, v, list)
	// marks at the edges of an unknown word may be a broken letter («‘оложения», «москв=»)
	if e, ok := withOddMarks(t); ok {
		if ec := c.wordCands(&e, v, list); len(ec) > 0 && (len(cands) == 0 || minCost(ec) < minCost(cands)) {
			cands = ec
			toks = slices.Clone(toks) // the rule's reading of the word, marks and all
			toks[i] = e
		}
	}
	if nameInside(toks, i) {
		cands = append(cands, c.pageNameWords(&toks[i], v)...)
	}
	if len(cands) == 0 {
		return proposal{}, false
	}
	nameLike(toks, i, cands)
	if list {
		for j := range cands {
			if f := cands[j].form; f != nil && f.Entry.Kind == lexicon.Person {
				cands[j].prior -= c.opt.ListPrior
			}
		}
	}
	return proposal{toks: toks, first: i, n: 1, nRunes: len(toks[i].runes), cands: cands}, true
}

// withOddMarks returns the token with the odd marks at its edges taken
// into its core (absorbOdd); ok is false when there are none.
func withOddMarks(t token) (token, bool) {
	lead, core, trail, ok := absorbOdd(t.lead, t.core, t.trail)
	if !ok {
		return t, false
	}
	t.lead, t.core, t.trail = lead, core, trail
	t.key = keyOf(core)
	t.runes = []rune(lexicon.Fold(core))
	t.lc, t.lcDone = nil, false
	return t, true
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

// wordCands returns the lexicon and dictionary candidates for an unknown
// word; list: the word stands in a list of names (inNameList), where a
// person's name may cost ListCost more.
func (c *Corrector) wordCands(t *token, ps *view, list bool) []candidate {
	n := len(t.runes)
	seen := map[string]bool{}
	cands := c.lexCands(t, ps, list, seen)
	pat := patternOf(t.core)
	abbrev := (pat == caseUpper && n <= 5) || (strings.HasPrefix(t.trail, ".") && n <= 4)
	if abbrev {
		// the dictionary does not judge abbreviations (КНТР, исл.): lexicon only
		return cands
	}
	for _, dc := range c.dictCandidates(t.runes, latticeOf(t), pat, ps.old, &ps.wildcards, &ps.edits) {
		if seen[dc.text] {
			continue
		}
		cd := candidate{text: dc.text, cost: dc.cost, group: "dict:" + dc.text, source: "hunspell", rule: page.RuleDictionary}
		if ps.old {
			// one word in two spellings is one candidate, the old one first
			// (Академіи, not Академии: і before a vowel)
			cd.group = "dict:" + modernise(dc.text)
			if modernI(dc.text) {
				cd.prior += 0.01
			}
		}
		cands = append(cands, cd)
	}
	return cands
}

// lexCands returns the lexicon's forms within the cost limit of a reading
// (seen collects their keys); list: the word stands in a list of names,
// where a person's name may cost ListCost more.
func (c *Corrector) lexCands(t *token, ps *view, list bool, seen map[string]bool) []candidate {
	n := len(t.runes)
	var cands []candidate
	scratch := make([]float64, 0, 256)
	read := encodeAll(t.runes, make([]uint8, 0, 32))
	readMarked := codesMarked(read)
	readMask := maskOf(read)
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
			if list && f.Entry.Kind == lexicon.Person {
				lim += c.opt.ListCost
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
	return cands
}

// pageNameWords proposes, for an unknown capitalised word inside a
// sentence, the capitalised words of
// the multi-word persons' names read right on the page (view.whole) that
// stand alone in the text («сказал Ким»): the page says which name its
// damaged words are («Киг.,» → «Ким»), ranked PageBonus ahead as a word
// read elsewhere on the page is.
func (c *Corrector) pageNameWords(t *token, v *view) []candidate {
	if len(v.nameWords) == 0 || len(t.runes) < c.opt.MinRunes {
		return nil
	}
	var out []candidate
	var scratch []float64
	for _, nw := range v.nameWords {
		lim := c.maxCost(max(len(nw.runes), len(t.runes)), lexicon.Person)
		if math.Abs(float64(len(nw.runes)-len(t.runes))) > lim {
			continue
		}
		d := c.latDistance(t.runes, c.tokenLat(t), nw.runes, lim, &scratch)
		if d > lim || d == 0 {
			continue
		}
		e := nw.entry
		out = append(out, candidate{text: nw.text, texts: []string{t.lead + nw.text + t.trail}, cost: d, group: "lex:" + lexicon.Fold(e.Term),
			source: src(e), rule: page.RuleVariant, onPage: true, prior: -c.opt.PageBonus,
			desc: fmt.Sprintf("a word of %s %s, read on the page, standing alone, cost %.2f", e.Kind, e.Term, d)})
	}
	return out
}

// nameWord is a capitalised word of a person's multi-word name.
type nameWord struct {
	text  string
	runes []rune // folded
	entry *lexicon.Entry
}

// nameWordsOf lists, once a page, the capitalised words (MinRunes or more)
// of the persons' names the page reads right in full that it also has as
// words, for pageNameWords.
func (c *Corrector) nameWordsOf(v *view) []nameWord {
	var out []nameWord
	done := map[string]bool{}
	for e := range v.whole {
		if e.Kind != lexicon.Person {
			continue
		}
		for _, f := range e.Forms {
			for _, w := range strings.Fields(f.Text) {
				key := lexicon.Key(w)
				rs := []rune(key)
				if done[key] || !startsUpper(w) || len(rs) < c.opt.MinRunes || !v.seen[key] {
					continue
				}
				done[key] = true
				out = append(out, nameWord{text: w, runes: rs, entry: e})
			}
		}
	}
	// the map's order is random: a fixed order keeps the candidates' order
	sort.Slice(out, func(a, b int) bool { return out[a].text < out[b].text })
	return out
}

// inNameList reports a capitalised word in a list of names announced by a
// title, after at least one other name: back from token i, only
// capitalised words ending in a comma or followed by «и», a dash or «и»
// itself, up to a title («т.», «тов.») within six words before, with no
// sentence's end in between. (The word right after the title alone is not
// a list: contextBonus weighs it, and a name damaged beyond the cost limit
// there needs the page's evidence, view.names.)
func inNameList(toks []token, i int) bool {
	if patternOf(toks[i].core) != caseTitle && patternOf(toks[i].core) != caseUpper {
		return false
	}
	names := 0
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		p := toks[j]
		switch {
		case titles[p.key]:
			return names > 0
		case p.core == "" || p.key == "и":
			continue
		case !startsUpper(p.core) || utf8.RuneCountInString(p.core) < 2 || strings.ContainsAny(p.trail, ".!?:;"):
			return false
		case !strings.HasSuffix(p.trail, ",") && toks[j+1].key != "и":
			return false
		}
		names++
	}
	return false
}

// nameLike weighs the candidates for a capitalised word inside a sentence,
// read as token i: more likely a name than a common word.
func nameLike(toks []token, i int, cands []candidate) {
	if patternOf(toks[i].core) != caseTitle || sentenceStart(toks, i) {
		return
	}
	for j := range cands {
		if f := cands[j].form; f != nil && (f.Entry.Kind == lexicon.Person || f.Entry.Kind == lexicon.Place || f.Entry.Kind == lexicon.Organisation) {
			cands[j].prior -= 0.3
		} else if f == nil {
			cands[j].prior += 0.5
		}
	}
}
