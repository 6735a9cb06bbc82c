package correct

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/page"
)

// Plausibility judges a reading without a transcription: the share of the
// letters of its words (punctuation at their edges aside, words with digits
// skipped) that stand in words the lexicon or the dictionary knows. Two
// readings of the same page can be compared by it: the one with more real
// words is the better one, whatever confidence the engine gave each.
func (c *Corrector) Plausibility(p *page.Page) float64 {
	known, all := 0, 0
	for _, lr := range p.Lines() {
		for _, w := range lr.Line.Words {
			_, core, _ := splitEdges(w.Text)
			if !isLetterWord(core) || strings.ContainsFunc(core, unicode.IsDigit) {
				continue
			}
			n := utf8.RuneCountInString(core)
			all += n
			if c.knownCore(core) {
				known += n
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(known) / float64(all)
}

// Known reports whether a word, punctuation at its edges aside, is a word
// the lexicon (in any of its forms) or the dictionary knows. Words with
// digits or other marks inside are not.
func (c *Corrector) Known(word string) bool {
	_, core, _ := splitEdges(word)
	return isLetterWord(core) && !strings.ContainsFunc(core, unicode.IsDigit) && c.knownCore(core)
}

func (c *Corrector) knownCore(core string) bool {
	key := keyOf(core)
	return len(c.lex.Exact(key)) > 0 || c.lex.KnownWord(key) || c.spell(core)
}
