package correct

import (
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/page"
)

// ruleScript proposes the repair of letters of the wrong script and digits
// inside words; the repaired words are what every later rule reads.
var ruleScript = &Rule{
	Name: "script", Kind: page.RuleHomoglyph, normalises: true,
	Doc: "Latin look-alikes inside Cyrillic words (and the reverse), digits for letters, III/II for Ш/П, I9xx for 19xx, CCCP for СССР",
	run: func(p *pass) {
		toks := p.v.toks
		for i := range toks {
			t := &toks[i]
			if t.protected {
				continue
			}
			fixed, ok := p.c.scriptRepair(t)
			if !ok {
				continue
			}
			to := t.lead + fixed + t.trail
			pr := proposal{toks: toks, first: i, n: 1, nRunes: utf8.RuneCountInString(fixed), cands: []candidate{{text: to, texts: []string{to},
				group: "script", rule: page.RuleHomoglyph,
				desc: "letters of the wrong script or digits inside a word: " + t.raw + " → " + to}}}
			if ch, ok := p.offer(pr); ok && ch.applied {
				if utf8.RuneCountInString(fixed) != utf8.RuneCountInString(t.core) {
					t.choices = nil // the alternatives describe other characters now
				}
				t.core, t.raw = fixed, to
			}
		}
	},
}

// scriptRepair returns the core of a token with its script repaired, or
// false when there is nothing to repair.
func (c *Corrector) scriptRepair(t *token) (string, bool) {
	fixed := repairScript(t.core)
	if fixed == t.core {
		// a word all in Latin look-alikes is Cyrillic when that reading is a known word
		cyr := latinAsCyrillic(t.core)
		if cyr == "" || !(len(c.lex.Exact(keyOf(cyr))) > 0 || c.spell(cyr)) {
			return "", false
		}
		fixed = cyr
	}
	return fixed, true
}
