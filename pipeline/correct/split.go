package correct

import (
	"github.com/spravka/spravka/pipeline/page"
)

// ruleSplit proposes the two common words an unknown word is made of when
// OCR lost the space between them («нафронте», «подохраной»).
var ruleSplit = &Rule{
	Name: "split", Kind: page.RuleDictionary,
	Doc: "an unknown word that is two common word forms run together (нафронте) is split in two",
	run: func(p *pass) {
		c := p.c
		for i := range p.v.toks {
			t := &p.v.toks[i]
			if !p.free(i, 1) || t.protected || t.known || t.absorbed || p.v.old || c.words() == nil || len(t.runes) < 2*c.opt.SplitMinRunes+1 {
				continue
			}
			if t.lineBroken() || !allCyrLetters(string(t.runes)) || patternOf(t.core) == caseMixed {
				continue
			}
			var cands []candidate
			for k := 1; k < len(t.runes); k++ {
				a, b := string(t.runes[:k]), string(t.runes[k:])
				if c.splitPart(a) && c.splitPart(b) {
					cands = append(cands, candidate{text: a + " " + b, cost: costSpace, group: "split:" + a + " " + b, source: "common words",
						rule: page.RuleDictionary, desc: "two common words run together", restored: true})
				}
			}
			if len(cands) > 0 {
				p.offer(proposal{toks: p.v.toks, first: i, n: 1, nRunes: len(t.runes), cands: cands})
			}
		}
	},
}

// shortWords are the Russian words of one or two letters a split may make:
// prepositions, conjunctions, particles and pronouns (a closed class; the
// common-word list also has fragments such as «го»).
var shortWords = map[string]bool{
	"в": true, "с": true, "к": true, "о": true, "у": true, "и": true, "а": true, "я": true,
	"во": true, "со": true, "ко": true, "об": true, "на": true, "не": true, "ни": true, "но": true, "по": true,
	"за": true, "от": true, "до": true, "из": true, "да": true, "же": true, "ли": true, "бы": true, "то": true,
	"он": true, "мы": true, "вы": true, "их": true, "ее": true, "её": true, "уж": true,
}

// splitPart reports a piece a split may make: a short word of the closed
// class, or a common word form of at least three letters that the
// dictionary knows.
func (c *Corrector) splitPart(w string) bool {
	n := len([]rune(w))
	if n < 3 {
		return n >= c.opt.SplitMinRunes && shortWords[w]
	}
	return c.words().Has(w) && c.spell(w)
}

// frequentWords are the most frequent Russian word forms of three letters
// or more, the function words that make up a third of any text
// (pronouns, conjunctions, prepositions, particles and forms of быть): of
// two dictionary words equally near a reading, one of these is the
// likelier (это, not эта; того, not тега; было, not било).
var frequentWords = map[string]bool{
	"что": true, "как": true, "это": true, "так": true, "для": true, "при": true, "его": true, "она": true, "они": true,
	"оно": true, "все": true, "всё": true, "еще": true, "уже": true, "или": true, "был": true, "была": true, "было": true,
	"были": true, "быть": true, "будет": true, "есть": true, "нет": true, "даже": true, "если": true, "когда": true,
	"только": true, "того": true, "этого": true, "этот": true, "эта": true, "эти": true, "этом": true, "этой": true,
	"тем": true, "чем": true, "там": true, "где": true, "кто": true, "вот": true, "мне": true, "меня": true,
	"себя": true, "него": true, "нее": true, "них": true, "который": true, "которые": true, "которая": true,
	"которого": true, "также": true, "после": true, "через": true, "более": true, "под": true, "над": true,
	"без": true, "про": true, "чтобы": true, "потому": true, "однако": true, "тоже": true, "можно": true,
}
