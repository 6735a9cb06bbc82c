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
			key := keyOf(core)
			if len(c.lex.Exact(key)) > 0 || c.lex.KnownWord(key) || c.spell(core) {
				known += n
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(known) / float64(all)
}
