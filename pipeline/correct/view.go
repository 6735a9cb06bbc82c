package correct

import (
	"strings"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// view is what the rules read of one page: its words in reading order
// (toks), each split into punctuation and core and classified, and what the
// page as a whole says (the words and names it has read right). The
// normalising rules rewrite toks before freeze classifies them; after that
// the rules only read it (the tokens cache what they work out on first
// use). Only the page itself counts, so the result does not depend on the
// order in which pages are corrected.
type view struct {
	toks      []token
	seen      map[string]bool // words read elsewhere on the page (pageWords)
	stems     map[string]bool // their stems (pageStems)
	wildcards int             // dictionary look-ups left for marks read as letters
	edits     int             // common-word look-ups left for one-letter edits (commonEdits)
	restores  int             // restoring searches left (restoreCands)
	restore   restoreScratch
	// names are the persons and places of the lexicon read on the page in
	// one of their forms (Москвы for Москва)
	names map[*lexicon.Entry]bool
	// exact marks the tokens of multi-word names and terms read right, and
	// whole holds their entries (readRight)
	exact []bool
	whole map[*lexicon.Entry]bool
	// nameWords are the capitalised words of the persons' names in whole
	// that the page also has as words (pageNameWords)
	nameWords []nameWord
	// old: the page is in the pre-1918 orthography (Options.Orthography);
	// oldDone: that was worked out (oldPage)
	old, oldDone bool
}

// freeze classifies the tokens after the normalising rules and gathers the
// page's evidence.
func (c *Corrector) freeze(v *view) {
	v.old = c.oldPage(v)
	for i := range v.toks {
		c.absorbEdges(&v.toks[i])
		c.classify(&v.toks[i], v.old)
	}
	v.seen = c.pageWords(v.toks)
	v.stems = c.pageStems(v.seen)
	v.names = c.pageNames(v.seen)
	v.wildcards = c.opt.MaxWildcardPage
	v.edits = c.opt.MaxEditPage
	v.restores = c.opt.MaxRestorePage
	v.exact, v.whole = c.readRight(v.toks)
	v.nameWords = c.nameWordsOf(v)
}

// readRight marks the tokens of multi-word lexicon forms read right word for
// word (with the capitals the form has), and returns their entries: the
// page's evidence for a damaged reading of the same name elsewhere. Unlike a
// single word (pageWords), a name of several words read word for word is
// evidence whatever the confidence of each: OCR does not make one by chance
// («Ким Ир Сен» with Ир read at 48).
func (c *Corrector) readRight(toks []token) ([]bool, map[*lexicon.Entry]bool) {
	exact := make([]bool, len(toks))
	whole := map[*lexicon.Entry]bool{}
	for i := range toks {
		if !toks[i].lexWord {
			continue
		}
		for _, comp := range c.lex.Components(toks[i].key) {
			f, first := comp.Form, i-comp.Pos
			if first < 0 || first+len(f.Words) > len(toks) {
				continue
			}
			same := true
			for k, w := range f.Words {
				t := toks[first+k]
				if t.key != w || needsCapital(t.core, w, f) {
					same = false
					break
				}
			}
			if !same {
				continue
			}
			for k := range f.Words {
				exact[first+k] = true
			}
			whole[f.Entry] = true
		}
	}
	return exact, whole
}

// pageNames returns the single-word persons and places of the lexicon of
// which some form is among the words read on the page.
func (c *Corrector) pageNames(seen map[string]bool) map[*lexicon.Entry]bool {
	names := map[*lexicon.Entry]bool{}
	for w := range seen {
		for _, f := range c.lex.Exact(w) {
			if len(f.Words) == 1 && (f.Entry.Kind == lexicon.Person || f.Entry.Kind == lexicon.Place) {
				names[f.Entry] = true
			}
		}
	}
	return names
}

// pageWords returns the words of the page that the dictionary or the lexicon
// knows, read with at least LowConf (or without confidences): evidence for a
// near-miss elsewhere on the same page. Only this page counts, so the result
// does not depend on which pages were corrected before.
func (c *Corrector) pageWords(toks []token) map[string]bool {
	seen := map[string]bool{}
	for _, t := range toks {
		if t.known && !t.protected && (t.conf < 0 || t.conf >= c.opt.LowConf) && len(t.runes) >= 2 {
			seen[t.key] = true
		}
	}
	return seen
}

// tokens lists the page's words in reading order.
func (c *Corrector) tokens(lines []page.LineRef) []token {
	var toks []token
	for li, lr := range lines {
		for wi, w := range lr.Line.Words {
			if w.Text == "" {
				continue
			}
			t := token{line: li, word: wi, raw: w.Text, conf: w.Conf}
			// a line goes on in the next one when that is of the same block
			// (no blank line between) and has words
			t.lineEnd = wi == len(lr.Line.Words)-1 && li+1 < len(lines) && lines[li+1].No-lr.No == 1 && len(lines[li+1].Line.Words) > 0
			t.lineStart = wi == 0 && li > 0 && lr.No-lines[li-1].No == 1 && len(lines[li-1].Line.Words) > 0
			t.lead, t.core, t.trail = splitEdges(w.Text)
			t.protected = t.core == "" || c.userProtected(t.raw, t.core)
			if c.opt.Choices && w.Text == w.OCR && len(w.Choices) > 0 {
				t.choices, t.ocr = w.Choices, w.Text
			}
			toks = append(toks, t)
		}
	}
	return toks
}

func (c *Corrector) userProtected(raw, core string) bool {
	for _, re := range c.opt.Protect {
		if re.MatchString(raw) || re.MatchString(core) {
			return true
		}
	}
	return false
}

// classify fills a token's key, protection and whether it is a known word;
// old: the page is in the pre-1918 orthography.
func (c *Corrector) classify(t *token, old bool) {
	t.key = keyOf(t.core)
	t.runes = []rune(t.key)
	if t.protected || c.protected(t.raw, t.core) {
		t.protected = true
		return
	}
	if t.absorbed {
		// marks that may be letters are part of the reading: not a known word
		t.runes = []rune(lexicon.Fold(t.core))
		t.key = string(t.runes)
		return
	}
	if len(c.lex.Exact(t.key)) > 0 || c.lex.KnownWord(t.key) {
		t.known, t.lexWord = true, true
		return
	}
	if c.spell(t.core) || (strings.ContainsRune(t.core, '.') && c.spell(t.core+t.trail)) ||
		old && c.spellAs(t.key, patternOf(t.core), true) || c.dict == nil && c.common(t.key) {
		// (in the old orthography: a word the dictionary knows in today's;
		// without a dictionary, a common word form; with one, the
		// dictionary judges the letter case: «ном» is not Ном)
		t.known = true
		return
	}
	if c.abbreviation(t) {
		t.protected = true
	}
}

// abbreviation reports a word no dictionary knows, of at least three
// letters, that ends in a consonant before a full stop and begins a longer
// common word: a Russian abbreviation is cut so («научн.» for научный,
// «иностр.», «исслед.»), and its full stop says the rest is missing, not
// misread. It is protected like a number.
func (c *Corrector) abbreviation(t *token) bool {
	words := c.words()
	if words == nil || !strings.HasPrefix(t.trail, ".") || len(t.runes) < 3 || !allCyrLetters(t.core) ||
		!strings.ContainsRune(consonants, t.runes[len(t.runes)-1]) || patternOf(t.core) == caseUpper {
		return false
	}
	if !words.Begins(string(t.runes)) {
		return false
	}
	// an abbreviation of the lexicon read with one letter wrong («исл.» for
	// исх.) is left to the rules
	for _, n := range []int{len(t.runes), len(t.runes) + 1} {
		for _, f := range c.lex.FormsOfLength(n) {
			if k := f.Entry.Kind; k != lexicon.Abbreviation && k != lexicon.Formula {
				continue
			}
			if a := []rune(lexicon.Fold(strings.TrimSuffix(f.Text, "."))); len(a) == len(t.runes) && hamming(a, t.runes) <= 1 {
				return false
			}
		}
	}
	return true
}

// hamming counts the positions where a and b (of one length) differ.
func hamming(a, b []rune) int {
	d := 0
	for i := range a {
		if a[i] != b[i] {
			d++
		}
	}
	return d
}

// consonants are the Russian consonant letters (folded: no ё).
const consonants = "бвгджзйклмнпрстфхцчшщ"

// pageStems returns the stems (stemOf) of the page's words of more letters
// than a stem: another form of one of them is likelier than a word the page
// does not have.
func (c *Corrector) pageStems(seen map[string]bool) map[string]bool {
	stems := map[string]bool{}
	for w := range seen {
		if st := stemOf(w); st != "" {
			stems[st] = true
		}
	}
	return stems
}

// stemRunes is the length of the stem that two forms of a word share:
// Russian endings are of up to three letters, and few words of six or more
// share their first five letters with a word of another lemma.
const stemRunes = 5

// stemOf returns the first stemRunes letters of a word that has more, or "".
func stemOf(w string) string {
	n := 0
	for i := range w {
		if n == stemRunes {
			return w[:i]
		}
		n++
	}
	return ""
}

// oldPage reports a page in the pre-1918 orthography (Options.Orthography),
// worked out once a page, by the first rule that asks (marks, after the
// script repair): removing marks changes no word's letters.
func (c *Corrector) oldPage(v *view) bool {
	if !v.oldDone {
		switch c.opt.Orthography {
		case OrthographyPre1918:
			v.old = true
		case OrthographyAuto, "":
			v.old = oldSpelling(v.toks)
		}
		v.oldDone = true
	}
	return v.old
}
