package correct

import (
	"strings"

	"github.com/spravka/spravka/pipeline/page"
)

// ruleMisreading proposes the readings the lexicon lists as known
// misreadings of its terms, longest first, also across several words and
// also when the misreading is a valid word.
var ruleMisreading = &Rule{
	Name: "misreading", Kind: page.RuleLexicon,
	Doc: "a known misreading listed in the lexicon (Рабузов → Разуваев) is replaced by its term",
	run: func(p *pass) {
		toks := p.v.toks
		for i := range toks {
			if !p.free(i, 1) || toks[i].protected {
				continue
			}
			if pr, ok := p.c.misreading(toks, i); ok && p.free(pr.first, pr.n) {
				p.offer(pr)
			}
		}
	},
}

// misreading proposes the known misreadings of the lexicon starting at token i.
func (c *Corrector) misreading(toks []token, i int) (proposal, bool) {
	span := max(1, c.lex.MisreadingSpan(toks[i].key))
	for n := min(span, len(toks)-i); n >= 1; n-- {
		keys := make([]string, n)
		for k := range n {
			if toks[i+k].protected {
				return proposal{}, false
			}
			keys[k] = toks[i+k].key
		}
		ms := c.lex.Misreadings(strings.Join(keys, " "))
		if len(ms) == 0 {
			continue
		}
		pr := proposal{toks: toks, first: i, n: n, nRunes: len([]rune(strings.Join(keys, " ")))}
		for _, m := range ms {
			pr.cands = append(pr.cands, candidate{text: m.To, entry: m.Entry, listed: true, group: "misreading:" + m.To,
				source: src(m.Entry), rule: page.RuleLexicon, desc: "known misreading of " + m.Entry.Term + " (" + m.Entry.Source + ")"})
		}
		return pr, true
	}
	return proposal{}, false
}
