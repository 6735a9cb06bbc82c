package correct

import (
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// ruleJoin proposes the word that two pieces on a line make when OCR split it.
var ruleJoin = &Rule{
	Name: "join", Kind: page.RuleDictionary,
	Doc: "a word split in two by OCR (пис ьмо, Ше банов) is joined when together they make a lexicon form or a dictionary word",
	run: func(p *pass) {
		for i := 0; i+1 < len(p.v.toks); i++ {
			if !p.free(i, 2) {
				continue
			}
			if pr, ok := p.c.join(p.v.toks, i, p.v); ok {
				p.offer(pr)
			}
		}
	},
}

// join mends a word that OCR split in two at a gap between letters: tokens i
// and i+1 on one line, of two letters or more each, at least one of them no
// known word, no punctuation between them, read together as a lexicon form
// or a dictionary word as they are, or as a dictionary word the engine's
// close second choices for their letters spell (altWords). The lost space
// costs costSpace. Only an applied fix is returned: a join that does not
// pass the gates leaves the pieces to the single-word search. (A wider
// search of the joined reading, as for one word, found nothing more on the
// development, sample and held-out pages and cost more than the rest of the
// correction together.)
func (c *Corrector) join(toks []token, i int, ps *view) (proposal, bool) {
	a, b := &toks[i], &toks[i+1]
	if a.protected || b.protected || a.known && b.known || a.absorbed || b.absorbed || a.line != b.line ||
		a.trail != "" || b.lead != "" || len(a.runes) < 2 || len(b.runes) < 2 || !hasCyr(a.runes) || !hasCyr(b.runes) {
		return proposal{}, false
	}
	j := token{line: a.line, word: a.word, lead: a.lead, core: a.core + b.core, trail: b.trail, conf: min(a.conf, b.conf)}
	j.raw = j.lead + j.core + j.trail
	j.key = keyOf(j.core)
	j.runes = []rune(j.key)
	if len(j.runes) != len(a.runes)+len(b.runes) || len(j.runes) < c.opt.DictMinRunes {
		return proposal{}, false
	}
	if la, lb := latticeOf(a), latticeOf(b); la != nil || lb != nil {
		var all []latPos
		for range utf8.RuneCountInString(j.lead) {
			all = append(all, noPos)
		}
		for k, l := range [][]latPos{la, lb} {
			if l == nil {
				l = make([]latPos, len([]*token{a, b}[k].runes))
				for x := range l {
					l[x] = noPos
				}
			}
			all = append(all, l...)
		}
		for range utf8.RuneCountInString(j.trail) {
			all = append(all, noPos)
		}
		j.alts, j.altsDone = all, true
	}
	var cands []candidate
	for _, f := range c.lex.Exact(j.key) {
		cands = append(cands, candidate{text: f.Text, form: f, group: "lex:" + lexicon.Fold(f.Entry.Term), source: src(f.Entry), rule: page.RuleVariant})
	}
	if len(cands) == 0 && spellable(j.runes) && c.spell(j.core) {
		cands = append(cands, candidate{text: j.key, group: "dict:" + j.key, source: "hunspell", rule: page.RuleDictionary})
	}
	// otherwise the letters the engine listed for the pieces may spell it
	if len(cands) == 0 {
		for _, w := range c.altWords(j.runes, latticeOf(&j), patternOf(j.core)) {
			cands = append(cands, candidate{text: w.text, cost: w.cost, group: "dict:" + w.text, source: "hunspell", rule: page.RuleDictionary})
		}
	}
	// a name in capitals (a signature, a heading) split by OCR is no
	// word of the dictionary: the lexicon's names near the joined reading
	// («Ф2 ЗОРЕНКО» for ФЕДОРЕНКО)
	if len(cands) == 0 && patternOf(j.core) == caseUpper {
		for _, cd := range c.lexCands(&j, ps, false, map[string]bool{}) {
			if k := cd.form.Entry.Kind; k == lexicon.Person || k == lexicon.Place || k == lexicon.Organisation {
				cands = append(cands, cd)
			}
		}
	}
	if len(cands) == 0 {
		return proposal{}, false
	}
	for k := range cands {
		cands[k].cost += costSpace
	}
	// a known word and an unknown one: the join competes with a fix of the
	// unknown piece alone, the known word staying as read («крёдставитель
	// на» is представитель на, not представительна)
	if a.known || b.known {
		u := a
		if a.known {
			u = b
		}
		if alone := c.wordCands(u, ps, false); len(alone) > 0 && minCost(alone) <= minCost(cands) {
			return proposal{}, false
		}
	}
	nameLike(toks, i, cands)
	return proposal{toks: toks, first: i, n: 2, nRunes: len(j.runes), cands: cands, context: "a word split by OCR: ", applyOnly: true}, true
}
