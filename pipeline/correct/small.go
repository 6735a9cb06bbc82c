package correct

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/page"
)

// ruleSmall proposes the small first letter of a preposition or a
// conjunction read with a capital inside a sentence.
var ruleSmall = &Rule{
	Name: "small", Kind: page.RuleHomoglyph,
	Doc: "a preposition or conjunction read with a capital inside a line and a sentence, its capital of its small letter's shape, is in lower case (меры По подготовке)",
	run: func(p *pass) {
		toks := p.v.toks
		for i := 1; i < len(toks); i++ {
			t := &toks[i]
			if !p.free(i, 1) || t.protected || t.word == 0 || t.lead != "" || patternOf(t.core) != caseTitle {
				continue
			}
			small := strings.ToLower(t.core)
			r, _ := utf8.DecodeRuneInString(small)
			if !neverLast[small] || utf8.RuneCountInString(small) < 2 || !strings.ContainsRune(sameShape, r) || p.c.nameSpelled(t.key) {
				continue
			}
			// inside a sentence: after a word in lower case with no mark after it
			prev := toks[i-1]
			if prev.line != t.line || prev.trail != "" || patternOf(prev.core) != caseLower || !isLetterWord(prev.core) {
				continue
			}
			p.offer(proposal{toks: toks, first: i, n: 1, nRunes: len(t.runes), cands: []candidate{{text: small, texts: []string{small + t.trail},
				group: "small", rule: page.RuleHomoglyph,
				desc: "«" + t.core + "» inside a sentence is a preposition or a conjunction, and «" + string(unicode.ToUpper(r)) + "» has the shape of «" + string(r) + "»: its size was misread"}}})
		}
	},
}

// sameShape are the Cyrillic small letters that are their capitals made
// smaller (on a typewriter the size alone tells them apart); а, б, д, е,
// р, у, ф are shaped otherwise.
const sameShape = "вгжзийклмнопстхцчшщъыьэюя"

// nameSpelled reports a word the lexicon writes with a capital (a name's
// word: Ли, Нам).
func (c *Corrector) nameSpelled(key string) bool {
	for _, f := range c.lex.Exact(key) {
		if startsUpper(f.Text) {
			return true
		}
	}
	for _, comp := range c.lex.Components(key) {
		if w := strings.Fields(comp.Form.Text); comp.Pos < len(w) && startsUpper(w[comp.Pos]) {
			return true
		}
	}
	return false
}
