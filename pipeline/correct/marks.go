package correct

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// ruleMarks removes punctuation that Russian does not put where it was
// read: specks and broken glyphs read as marks around a word. It is a
// normaliser: the later rules read the words without the marks, and a
// later change of the same word makes one record with it.
var ruleMarks = &Rule{
	Name: "marks", Kind: page.RulePunctuation, normalises: true,
	Doc: "a mark the language does not license where it stands (a full stop before a lower-case word, a mark glued to a word's start, an unpaired quote, a hyphen that breaks no line) is removed",
	run: func(p *pass) {
		toks := p.v.toks
		if p.c.oldPage(p.v) {
			return // old print abbreviates and punctuates otherwise
		}
		for i := range toks {
			t := &toks[i]
			if i > 0 && loneStop(toks[i-1], *t) {
				pr := proposal{toks: toks, first: i, n: 1, cands: []candidate{{texts: []string{""}, group: "marks", rule: page.RulePunctuation,
					desc: "a mark the language does not license: «" + t.raw + "» standing alone after «" + toks[i-1].raw + "»"}}}
				if ch, ok := p.offer(pr); ok && ch.applied {
					t.raw, t.lead, t.trail = "", "", ""
				}
				continue
			}
			lead, trail, why := p.c.strayMarks(toks, i)
			if why == "" {
				continue
			}
			to := lead + t.core + trail
			t.key, t.runes = keyOf(t.core), []rune(keyOf(t.core)) // the letters stay as read (the confidence gate's test); freeze classifies the word again
			pr := proposal{toks: toks, first: i, n: 1, nRunes: utf8.RuneCountInString(t.core), cands: []candidate{{text: t.core, texts: []string{to},
				group: "marks", rule: page.RulePunctuation, desc: "a mark the language does not license: " + why}}}
			if ch, ok := p.offer(pr); ok && ch.applied {
				t.dropEdges(len([]rune(t.lead))-len([]rune(lead)), len([]rune(t.trail))-len([]rune(trail)))
				t.lead, t.trail, t.raw = lead, trail, to
			}
		}
	},
}

// Marks that may stand at a word's edge. leadStray are never glued to the
// start of a Russian word (a full stop, a comma, a colon, a semicolon);
// quoteMarks (apostrophes and guillemets among them) open or close a
// quotation and are stray where nothing pairs them.
const (
	leadStray  = ".,:;"
	quoteMarks = "'‘’`‚„\"“”«»›‹"
	// oneLetterWords are the Russian words of one letter.
	oneLetterWords = "абвжикосуя"
)

// strayMarks returns token i's lead and trail without the marks the
// language does not license there, and why; why is "" when it keeps them
// all. Only the edges are judged, never the letters: a mark that may be a
// broken letter (an engine's alternative listed for it, or a word that is
// no word without it) is kept for the rules that read marks as letters.
func (c *Corrector) strayMarks(toks []token, i int) (lead, trail, why string) {
	t := &toks[i]
	lead, trail = t.lead, t.trail
	if lead == "" && trail == "" {
		return lead, trail, "" // (most words: nothing to judge)
	}
	letters := utf8.RuneCountInString(t.core)
	if r, _ := utf8.DecodeRuneInString(t.core); unicode.IsDigit(r) {
		// an apostrophe glued to a number opens nothing either («'29.»)
		if l, n := utf8.DecodeLastRuneInString(lead); n > 0 && strings.ContainsRune("'‘’`", l) && !closedAfter(toks, i, c.opt.QuoteWindow, l) {
			return lead[:len(lead)-n], trail, "«" + string(l) + "» opens no quotation"
		}
		return lead, trail, ""
	}
	if t.protected || letters == 0 || !isLetterWord(t.core) || c.protected(t.raw, t.core) || !hasCyr([]rune(t.core)) {
		return lead, trail, ""
	}
	known := c.knownCore(t.core)
	var whys []string
	// a mark glued to the start of a word: the last run of lead marks
	// before the letters, one mark (an ellipsis or a dash is punctuation)
	if l, n := utf8.DecodeLastRuneInString(lead); n > 0 {
		before := lead[:len(lead)-n]
		k := utf8.RuneCountInString(lead) - 1
		switch {
		case strings.ContainsRune(leadStray, l) && !strings.HasSuffix(before, ".") && startsLower(t.core) &&
			(letters >= 2 || strings.Contains(oneLetterWords, t.core)) && !c.markIsLetter(t, k):
			lead, whys = before, append(whys, "«"+string(l)+"» glued to the start of a word")
		case strings.ContainsRune(quoteMarks, l) && letters >= 2 && !closedAfter(toks, i, c.opt.QuoteWindow, l) && (known || c.choicesSayMark(t, k)):
			lead, whys = before, append(whys, "«"+string(l)+"» opens no quotation")
		}
	}
	// an apostrophe or a single guillemet after a word that nothing opened
	if r, n := utf8.DecodeRuneInString(trail); n > 0 && strings.ContainsRune("'‘’`›‹", r) && known && letters >= 2 &&
		!c.markIsLetter(t, utf8.RuneCountInString(t.lead)+letters) && !openedBefore(toks, i, c.opt.QuoteWindow, r) {
		trail, whys = trail[n:], append(whys, "«"+string(r)+"» closes no quotation")
	}
	// a hyphen after a word that breaks no line (inside a line, or at a
	// paragraph's end) and hangs over no «и», «или» (северо- и юго-западный)
	if k := utf8.RuneCountInString(t.lead+t.core+t.trail) - 1; strings.HasSuffix(trail, "-") && !strings.HasSuffix(trail, "--") && letters >= 2 && !t.lineEnd &&
		!(i+1 < len(toks) && suspends[keyOf(toks[i+1].core)]) && (known && !c.markIsLetter(t, k) || c.choicesSayMark(t, k)) {
		trail, whys = trail[:len(trail)-1], append(whys, "«-» after a word that breaks no line")
	}
	// a colon or a semicolon between two words of a person's name
	if (trail == ":" || trail == ";") && i+1 < len(toks) && c.nameGoesOn(toks, i) {
		trail, whys = "", append(whys, "«"+trail+"» inside a name")
	}
	// a full stop before another mark after a word that abbreviates
	// nothing: a long word or a name («Ким.,»)
	if r, n := utf8.DecodeRuneInString(trail[min(1, len(trail)):]); strings.HasPrefix(trail, ".") && n > 0 && 1+n == len(trail) && strings.ContainsRune(",:;", r) &&
		(known && letters >= c.opt.PeriodMinRunes && allCyrLetters(t.core) || letters >= 2 && startsUpper(t.core) && c.nameSpelled(keyOf(t.core))) {
		trail, whys = trail[1:], append(whys, "a full stop before «"+string(r)+"» after a word that is no abbreviation")
	}
	// a full stop after a word, before a word in lower case: only an
	// abbreviation stands there, and abbreviations are short or no words
	if trail == "." && i+1 < len(toks) && known && letters >= c.opt.PeriodMinRunes && allCyrLetters(t.core) && c.nextLower(toks[i+1]) {
		trail, whys = "", append(whys, "a full stop before a word in lower case after a word that is no abbreviation")
	}
	// a full stop after a conjunction or a preposition that no sentence
	// ends with and no abbreviation spells, before a word that is no
	// abbreviation itself («и. о.» is one)
	if trail == "." && i+1 < len(toks) && neverLast[t.core] && isLetterWord(toks[i+1].core) && toks[i+1].lead == "" && !strings.HasPrefix(toks[i+1].trail, ".") {
		trail, whys = "", append(whys, "a full stop after «"+t.core+"», which ends no sentence")
	}
	return lead, trail, strings.Join(whys, "; ")
}

// loneStop reports a token of sentence marks only (. , : ;) standing
// alone after a word that already ends with one («ОЧЕРЕДИ. .»): a second
// stop is a speck. (After a word without one it may be that word's stop,
// set apart.)
func loneStop(prev, t token) bool {
	if t.core != "" || t.raw == "" || strings.Trim(t.raw, ".,:;") != "" || strings.Contains(t.raw, "..") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(prev.raw)
	return isLetterWord(prev.core) && strings.ContainsRune(".,:;!?", r) && !strings.HasSuffix(prev.raw, "..")
}

// nameGoesOn reports that token i and the next are two words of a
// person's multi-word name in a row, each with its capital.
func (c *Corrector) nameGoesOn(toks []token, i int) bool {
	t, u := toks[i], toks[i+1]
	if !startsUpper(t.core) || !startsUpper(u.core) || u.lead != "" {
		return false
	}
	for _, comp := range c.lex.Components(keyOf(t.core)) {
		f := comp.Form
		if f.Entry.Kind == lexicon.Person && comp.Pos+1 < len(f.Words) && f.Words[comp.Pos+1] == keyOf(u.core) {
			return true
		}
	}
	return false
}

// suspends are the words a hanging hyphen stands before («северо- и
// юго-западный»).
var suspends = map[string]bool{"и": true, "или": true, "либо": true}

// neverLast are conjunctions and prepositions, in lower case, that end no
// Russian sentence and abbreviate nothing (в., с., о., у. are век, село,
// остров, уезд: not here).
var neverLast = map[string]bool{
	"и": true, "а": true, "но": true, "или": true, "на": true, "по": true, "от": true, "до": true, "за": true,
	"из": true, "об": true, "для": true, "при": true, "не": true, "ни": true,
}

// markIsLetter reports that the engine listed a letter as a close second
// choice for the character at rune position k of the token as read.
func (c *Corrector) markIsLetter(t *token, k int) bool {
	all := t.allAlts()
	return k < len(all) && c.strongLetter(all[k], nil)
}

// choicesSayMark reports that the engine's alternatives for the character
// at rune position k list no letter at all: it saw a mark, not a broken
// letter.
func (c *Corrector) choicesSayMark(t *token, k int) bool {
	all := t.allAlts()
	if all == nil || k >= len(all) || !all[k].known() {
		return false
	}
	for _, a := range all[k].alts {
		if unicode.IsLetter(a.r) {
			return false
		}
	}
	return true
}

// startsLower reports a word whose first letter is a lower-case letter.
func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// nextLower reports a word read right in lower case with no mark before
// it: a word the dictionary or the lexicon knows, or a Russian word of one
// letter. (Damaged letters say nothing of a capital: «Наций. юу» is a
// sentence's end before a broken name.)
func (c *Corrector) nextLower(t token) bool {
	if t.protected || t.lead != "" || !startsLower(t.core) || !allCyrLetters(t.core) {
		return false
	}
	if utf8.RuneCountInString(t.core) == 1 {
		return strings.Contains(oneLetterWords, t.core)
	}
	return c.knownCore(t.core)
}

// quoteFamily returns the quotation marks that pair with q: apostrophes
// with apostrophes, double quotes with double quotes (a typewriter's " for
// both ends, and OCR reads guillemets as them), single guillemets with
// single guillemets.
func quoteFamily(q rune) string {
	for _, f := range []string{"'‘’`‚", "\"„“”«»", "‹›"} {
		if strings.ContainsRune(f, q) {
			return f
		}
	}
	return ""
}

// closedAfter reports a quotation mark of q's family at the end of one of
// the window words from token i on (the word itself included): what q at
// its start would open. Marks standing alone pair nothing (they are as
// likely specks); the token's own end counts, a number's too («'29'»).
func closedAfter(toks []token, i, window int, q rune) bool {
	f := quoteFamily(q)
	for j := i; j < len(toks) && j <= i+window; j++ {
		if (j == i || isLetterWord(toks[j].core)) && strings.ContainsAny(toks[j].trail, f) {
			return true
		}
	}
	return false
}

// openedBefore reports a quotation mark of q's family at the start of one
// of the window words up to token i (the word itself included): what q at
// its end would close.
func openedBefore(toks []token, i, window int, q rune) bool {
	f := quoteFamily(q)
	for j := i; j >= 0 && j >= i-window; j-- {
		if (j == i || isLetterWord(toks[j].core)) && strings.ContainsAny(toks[j].lead, f) {
			return true
		}
	}
	return false
}

// dropEdges takes nLead runes off the start and nTrail off the end of the
// token's reading, with the engine's alternatives for them.
func (t *token) dropEdges(nLead, nTrail int) {
	if t.choices != nil {
		if len(t.choices) == utf8.RuneCountInString(t.ocr) && nLead+nTrail <= len(t.choices) {
			rs := []rune(t.ocr)
			t.ocr = string(rs[nLead : len(rs)-nTrail])
			t.choices = t.choices[nLead : len(t.choices)-nTrail]
		} else {
			t.choices, t.ocr = nil, ""
		}
	}
	t.alts, t.altsDone, t.lc, t.lcDone = nil, false, nil, false
}
