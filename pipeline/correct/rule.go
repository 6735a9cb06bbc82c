package correct

import (
	"sort"

	"github.com/spravka/spravka/pipeline/page"
)

// A Rule is one kind of correction. It reads the page (pass.view) and
// offers proposals to the one decision (pass.offer): a span of words, the
// candidate readings of it and the evidence for each. It never changes the
// text itself and never decides.
//
// Rules run in the order of Rules. The words of a decided proposal (applied
// or suggested) are closed to the rules after it (pass.free): that, and the
// normalisers' rewriting of the view, is all that one rule sees of another.
type Rule struct {
	// Name is the rule's short name (in the metrics and the tests).
	Name string
	// Kind is the record's rule: page.RuleHomoglyph, RuleLexicon, RuleVariant
	// or RuleDictionary (a rule whose candidates are of several kinds sets
	// it per candidate).
	Kind string
	// Doc says in one line what the rule proposes.
	Doc string
	// normalises: the rule's applied readings rewrite the view the later
	// rules read (script repair), and it closes no words: a later rule may
	// change the same word again, and the record then goes from the word as
	// read to the final one.
	normalises bool
	run        func(p *pass)
}

// Rules are the correction rules in the order they run.
var Rules = []*Rule{
	ruleRomanMonth, ruleScript, ruleMarks, // normalisers, before the view is classified
	ruleMisreading, ruleName, ruleLowerName, ruleAltName, ruleJoin, ruleWord, ruleSplit, ruleRestore, ruleSmall,
}

// pass is one rule's run over one page.
type pass struct {
	c       *Corrector
	v       *view
	rule    *Rule
	claimed []bool    // words closed by an earlier decision
	out     *[]change // every decision of the page so far
}

// free reports whether tokens [first, first+n) are open: no earlier
// decision covers any of them.
func (p *pass) free(first, n int) bool {
	for k := first; k < first+n; k++ {
		if p.claimed[k] {
			return false
		}
	}
	return true
}

// offer hands a proposal to the decision. A decision to apply it or to
// suggest it is kept, and closes its words unless the rule normalises;
// offer reports whether there was one.
func (p *pass) offer(pr proposal) (change, bool) {
	ch, ok := p.c.decide(p.v, pr)
	if !ok || pr.applyOnly && !ch.applied {
		return change{}, false
	}
	ch.by = p.rule
	if !p.rule.normalises {
		for k := ch.first; k < ch.first+ch.n; k++ {
			p.claimed[k] = true
		}
	}
	if pr.perWord {
		*p.out = append(*p.out, splitPerWord(pr.toks, ch)...)
	} else {
		*p.out = append(*p.out, ch)
	}
	return ch, true
}

// Correct returns a corrected deep copy of p (p is not modified) and the
// record of every applied or suggested change, in reading order. pageNo is
// the 1-based page number stored in each record.
func (c *Corrector) Correct(p *page.Page, pageNo int) (*page.Page, []page.Correction) {
	out, changes, lines, toks := c.correct(p)
	var recs []page.Correction
	for _, ch := range changes {
		recs = append(recs, c.record(lines, toks, ch, pageNo))
	}
	return out, recs
}

// correct runs the rules over a copy of p and applies their decisions; it
// returns the changes in reading order with the page's lines and tokens.
func (c *Corrector) correct(p *page.Page) (*page.Page, []change, []page.LineRef, []token) {
	out := p.Clone()
	lines := out.Lines()
	v := &view{toks: c.tokens(lines)}
	var changes []change
	claimed := make([]bool, len(v.toks))
	frozen := false
	for _, r := range Rules {
		if !r.normalises && !frozen {
			c.freeze(v)
			frozen = true
		}
		r.run(&pass{c: c, v: v, rule: r, claimed: claimed, out: &changes})
	}
	if !frozen {
		c.freeze(v)
	}
	// a script repair and a later change of the same word make one record
	changes = mergeChanges(changes)
	sort.SliceStable(changes, func(a, b int) bool { return changes[a].first < changes[b].first })
	for _, ch := range changes {
		if ch.applied {
			for k := 0; k < ch.n; k++ {
				t := v.toks[ch.first+k]
				lines[t.line].Line.Words[t.word].Text = ch.texts[k]
			}
		}
	}
	return out, changes, lines, v.toks
}

// ruleName is the name of the rule that offered a decision.
func (ch change) ruleName() string {
	if ch.by == nil {
		return ""
	}
	return ch.by.Name
}
