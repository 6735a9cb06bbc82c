package correct

import (
	"fmt"
	"strings"
	"unicode"
)

// Orthography is the spelling a page is written in.
type Orthography string

// The orthographies: Auto detects it per page (oldSpelling), Modern is
// today's, Pre1918 the spelling before the reform of 1917-1918 (ѣ, і, ѳ, ѵ,
// ъ after a final consonant, -аго/-яго, -ыя), which the dictionary must not
// modernise: «французскаго» stays.
const (
	OrthographyAuto    Orthography = "auto"
	OrthographyModern  Orthography = "modern"
	OrthographyPre1918 Orthography = "pre1918"
)

// ParseOrthography reads an --orthography value.
func ParseOrthography(s string) (Orthography, error) {
	switch o := Orthography(s); o {
	case OrthographyAuto, OrthographyModern, OrthographyPre1918:
		return o, nil
	case "":
		return OrthographyAuto, nil
	}
	return "", fmt.Errorf("orthography %q: want auto, modern or pre1918", s)
}

// oldLetters are the letters the reform removed.
const oldLetters = "ѣіѳѵ"

// oldSpelling reports a page in pre-1918 spelling: at least three of its
// words, and one in fifty, show it (a letter the reform removed, ъ after a
// final consonant, an adjective ending -аго/-яго). Modern text has none of
// these: not one in the development, sample and held-out pages.
func oldSpelling(toks []token) bool {
	words, marks := 0, 0
	for _, t := range toks {
		w := []rune(strings.ToLower(t.core))
		if len(w) < 2 || !allCyrLetters(string(w)) {
			continue
		}
		words++
		if oldWord(w) {
			marks++
		}
	}
	return marks >= 3 && marks*50 >= words
}

// oldWord reports a lower-case word with a mark of the old spelling.
func oldWord(w []rune) bool {
	n := len(w)
	switch {
	case strings.ContainsAny(string(w), oldLetters):
		return true
	case n >= 2 && w[n-1] == 'ъ' && consonant(w[n-2]):
		return true
	case n >= 6 && (strings.HasSuffix(string(w), "аго") || strings.HasSuffix(string(w), "яго")):
		return true
	}
	return false
}

func consonant(r rune) bool {
	return unicode.Is(unicode.Cyrillic, r) && !strings.ContainsRune(vowels+"ьъй", r)
}

// modernise spells a folded word of the old orthography as today, for the
// dictionary's look-up only: the text keeps its spelling.
func modernise(w string) string {
	if !strings.ContainsAny(w, oldLetters+"ъ") && !strings.HasSuffix(w, "го") && !strings.HasSuffix(w, "ыя") {
		return w
	}
	rs := []rune(w)
	for i, r := range rs {
		switch r {
		case 'ѣ':
			rs[i] = 'е'
		case 'і', 'ѵ':
			rs[i] = 'и'
		case 'ѳ':
			rs[i] = 'ф'
		}
	}
	n := len(rs)
	if n >= 2 && rs[n-1] == 'ъ' && consonant(rs[n-2]) {
		rs, n = rs[:n-1], n-1
	}
	s := string(rs)
	switch {
	case n >= 5 && strings.HasSuffix(s, "аго"):
		s = strings.TrimSuffix(s, "аго") + "ого"
	case n >= 5 && strings.HasSuffix(s, "яго"):
		s = strings.TrimSuffix(s, "яго") + "его"
	case n >= 4 && strings.HasSuffix(s, "ыя"):
		s = strings.TrimSuffix(s, "ыя") + "ые"
	}
	return s
}

// spellAs checks a folded candidate with the dictionary in the case pattern
// pat; on a page of the old orthography, also as today's spelling of it.
func (c *Corrector) spellAs(folded string, pat casePattern, old bool) bool {
	if c.spell(applyCase(folded, pat)) {
		return true
	}
	if m := modernise(folded); old && m != folded {
		return c.spell(applyCase(m, pat))
	}
	return false
}

// modernI reports и before a vowel, which the old orthography writes і.
func modernI(w string) bool {
	rs := []rune(w)
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == 'и' && strings.ContainsRune(vowels+"й", rs[i+1]) {
			return true
		}
	}
	return false
}

// dropsFinalSign reports a candidate without the final ъ or ь the reading
// ends in: today's spelling of a word of the old one (числомъ, read
// числомЬ, is not числом).
func dropsFinalSign(read, cand string) bool {
	sign := func(s string) bool { return strings.HasSuffix(s, "ъ") || strings.HasSuffix(s, "ь") }
	return sign(read) && !sign(cand)
}
