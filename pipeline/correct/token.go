package correct

import (
	"maps"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/homoglyph"
	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// token is one word of a line split into the punctuation around it and its
// core, with what the corrector knows about it.
type token struct {
	line, word int // index into the page's lines and the line's words
	raw        string
	lead, core string
	trail      string
	key        string // lexicon.Key(core)
	runes      []rune // runes of key
	conf       float64
	protected  bool
	// lineEnd: the last word of a line that goes on in the next;
	// lineStart: the first word of a line that goes on from the one before
	lineEnd, lineStart bool
	known              bool // a dictionary word or a word of a lexicon form
	lexWord            bool // a word of a lexicon form
	// choices are the OCR engine's alternatives for the word as read (ocr),
	// one set per character; alts is them aligned with the runes of ocr,
	// worked out on first use (allAlts), and lc the encoded lattice of runes
	// (tokenLat)
	choices  [][]page.Alt
	ocr      string
	alts     []latPos
	altsDone bool
	lc       *latCodes
	lcDone   bool
	// absorbed: marks at the edges that may be broken letters were taken
	// into the core (absorbEdges); bare is the key without them
	absorbed bool
	bare     string
}

// splitEdges separates the punctuation at both ends of a word from its core.
// A dot after letters stays with the trail; the core keeps inner marks.
func splitEdges(w string) (lead, core, trail string) {
	i := 0
	for i < len(w) {
		r, n := utf8.DecodeRuneInString(w[i:])
		if !isEdge(r) {
			break
		}
		i += n
	}
	j := len(w)
	for j > i {
		r, n := utf8.DecodeLastRuneInString(w[i:j])
		if !isEdge(r) {
			break
		}
		j -= n
	}
	return w[:i], w[i:j], w[j:]
}

// lineBroken reports a word broken at the end of a line by a hyphen, or
// the second half of one: a hyphen after the last word of a line that goes
// on, or before the first word of such a line. (A hyphen after a word
// inside a line, or at the end of a paragraph, is a broken letter or a
// speck.)
func (t *token) lineBroken() bool {
	return strings.HasSuffix(t.trail, "-") && t.lineEnd || strings.HasPrefix(t.lead, "-") && t.lineStart
}

func isEdge(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// casePattern is how a word is capitalised.
type casePattern int

const (
	caseLower casePattern = iota
	caseTitle
	caseUpper
	caseMixed
)

func patternOf(s string) casePattern {
	up, low, first := 0, 0, true
	title := false
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		if unicode.IsUpper(r) {
			up++
			if first {
				title = true
			}
		} else if unicode.IsLower(r) {
			low++
		}
		first = false
	}
	switch {
	case up > 1 && low == 0:
		return caseUpper
	case up == 0:
		return caseLower
	case title && up == 1:
		return caseTitle
	}
	return caseMixed
}

// applyCase writes target in the case pattern of the word it replaces. A
// lexicon form written with capitals (a name) keeps them when the text has the
// word in lower or mixed case; a word in capitals stays in capitals.
func applyCase(target string, orig casePattern) string {
	tp := patternOf(target)
	switch orig {
	case caseUpper:
		return strings.ToUpper(target)
	case caseTitle:
		if tp == caseLower {
			r, n := utf8.DecodeRuneInString(target)
			return string(unicode.ToUpper(r)) + target[n:]
		}
		return target
	}
	return target
}

// Script repair tables: the exact Latin/Cyrillic look-alikes of package
// homoglyph and, for OCR, a few near look-alikes (m→м, n→п, r→г, u→и,
// b→ь), and the reverse.
var (
	latinToCyr = withPairs(homoglyph.LatinToCyrillic(), map[rune]rune{'m': 'м', 'n': 'п', 'r': 'г', 'u': 'и', 'b': 'ь'})
	cyrToLatin = withPairs(homoglyph.CyrillicToLatin(), map[rune]rune{'м': 'm', 'п': 'n', 'г': 'r', 'и': 'u', 'і': 'i', 'І': 'I'})
)

func withPairs(m, more map[rune]rune) map[rune]rune {
	maps.Copy(m, more)
	return m
}

// latinAsCyrillic returns the Cyrillic reading of a word written only in
// exact Latin look-alike letters (CCCP → СССР), or "" when it has another
// letter.
func latinAsCyrillic(core string) string {
	if romanRe.MatchString(core) {
		return ""
	}
	out := []rune(core)
	for i, r := range out {
		c, ok := homoglyph.Cyrillic(r)
		if !ok {
			return ""
		}
		out[i] = c
	}
	return string(out)
}

var romanRe = regexp.MustCompile(`^[IVXLC]+$`)

// numberLike matches a word with a number in it (two digits together, or a
// digit before a dot, colon, comma or slash: «30.тТТТ.53», «12:»), whose
// digits are digits, not letters.
var numberLike = regexp.MustCompile(`[0-9][0-9.:,/]`)

// repairScript fixes letters of the wrong script inside a word: Latin
// look-alikes inside a Cyrillic word (and the reverse), digits inside
// Cyrillic words (0→о, 3→з, 6→б, 4→ч), ь1→ы, and I9xx→19xx in years. It
// returns core unchanged when there is nothing to repair or the word is
// ambiguous (a Roman numeral, a Latin word, a number).
func repairScript(core string) string {
	if core == "" {
		return core
	}
	// I9xx, l9xx → 19xx (a year with the digit 1 read as a letter)
	if rs := []rune(core); len(rs) >= 4 && strings.ContainsRune("Il|", rs[0]) && rs[1] == '9' && unicode.IsDigit(rs[2]) && unicode.IsDigit(rs[3]) {
		return "1" + string(rs[1:])
	}
	// word-initial III → Ш, II → П before Cyrillic letters (IIIифртелеграмма)
	for _, p := range []struct{ latin, cyr string }{{"III", "Ш"}, {"ІІІ", "Ш"}, {"II", "П"}, {"ІІ", "П"}} {
		if rest, ok := strings.CutPrefix(core, p.latin); ok && utf8.RuneCountInString(rest) >= 2 && allCyrLetters(rest) {
			c := p.cyr
			if patternOf(rest) != caseUpper {
				c = strings.ToUpper(c)
			}
			return c + rest
		}
	}
	var cyr, lat, dig, other int
	for _, r := range core {
		switch {
		case isCyr(r) && unicode.IsLetter(r):
			cyr++
		case r < 0x250 && unicode.IsLetter(r):
			lat++
		case unicode.IsDigit(r):
			dig++
		case r == '-' || r == '.':
		default:
			other++
		}
	}
	if other > 0 || romanRe.MatchString(core) {
		return core
	}
	out := []rune(core)
	changed := false
	switch {
	case cyr > 0 && lat > 0 && cyr >= lat:
		for i, r := range out {
			if c, ok := latinToCyr[r]; ok {
				out[i], changed = c, true
			} else if r < 0x250 && unicode.IsLetter(r) {
				return core // a Latin letter without a Cyrillic twin: leave the word
			}
		}
	case cyr > 0 && lat > cyr:
		for i, r := range out {
			if c, ok := cyrToLatin[r]; ok {
				out[i], changed = c, true
			} else if isCyr(r) {
				return core
			}
		}
	}
	if rs := []rune(core); len(rs) > 2 && unicode.IsDigit(rs[0]) && patternOf(string(rs[1:])) == caseTitle {
		return core // a digit before a capitalised word is no letter of it (6Благо)
	}
	if cyr >= 2 && dig > 0 && lat == 0 && !numberLike.MatchString(core) {
		// digits inside a Cyrillic word; a digit-hyphen prefix (4-т, 1-РАЗМЕТКА) is a number, not a letter
		if unicode.IsDigit(out[0]) && strings.ContainsRune(string(out), '-') {
			return string(outIf(changed, out, core))
		}
		upper := patternOf(core) == caseUpper
		for i := 0; i < len(out); i++ {
			r := out[i]
			if !unicode.IsDigit(r) {
				continue
			}
			var c rune
			switch r {
			case '0':
				c = 'о'
			case '3':
				c = 'з'
			case '6':
				c = 'б'
			case '4':
				c = 'ч'
			case '1':
				if i > 0 && (out[i-1] == 'ь' || out[i-1] == 'Ь') {
					if out[i-1] == 'Ь' {
						out[i-1] = 'Ы'
					} else {
						out[i-1] = 'ы'
					}
					out = append(out[:i], out[i+1:]...)
					i--
					changed = true
					continue
				}
				return string(outIf(changed, out, core))
			default:
				return string(outIf(changed, out, core))
			}
			if upper || (i == 0 && len(out) > 1 && unicode.IsUpper(out[1])) {
				c = unicode.ToUpper(c)
			}
			out[i], changed = c, true
		}
	}
	if !changed {
		return core
	}
	return string(out)
}

func outIf(changed bool, out []rune, core string) []rune {
	if changed {
		return out
	}
	return []rune(core)
}

// Built-in protected shapes: numbers, dates, times, document and cipher
// numbers, Roman numerals, words with digits (53г., 4-т, 1-РАЗМЕТКА), and a
// person's initials (two or three capitals, each with its full stop:
// «И.Д.», «Л.П»): a Soviet document names people by them, and no
// abbreviation of the lexicon is spelled so.
var protectRes = []*regexp.Regexp{
	regexp.MustCompile(`^[А-ЯЁ]\.[А-ЯЁ](\.[А-ЯЁ])?\.?$`), // initials
	regexp.MustCompile(`^[0-9]`),                         // numbers, dates, times, cipher groups, 4-т
	regexp.MustCompile(`[0-9].*[0-9]`),                   // anything with two digits
	regexp.MustCompile(`^[IVXLCM]+\.?$`),                 // Roman numerals (III., II)
	regexp.MustCompile(`^[IVXLCM]+[./-][0-9IVXLCM]`),     // III.53, II-4
	regexp.MustCompile(`^[№#]`),                          // № 8297, №8297
}

func isLetterWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func (c *Corrector) protected(raw, core string) bool {
	if !isLetterWord(core) {
		return true
	}
	for _, re := range protectRes {
		if re.MatchString(core) || re.MatchString(raw) {
			return true
		}
	}
	for _, re := range c.opt.Protect {
		if re.MatchString(raw) || re.MatchString(core) {
			return true
		}
	}
	return false
}

func keyOf(s string) string { return lexicon.Key(s) }

func allCyrLetters(s string) bool {
	for _, r := range s {
		if !isCyr(r) || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
