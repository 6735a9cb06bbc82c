package correct

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/page"
)

// The OCR engine's own alternatives (Tesseract's lstm_choices, page.Word.Choices)
// are evidence about each character: a letter the engine listed at a position
// is a likely reading of it, the more so the closer its confidence to the
// letter read; a letter it did not list there or next to it is less likely
// than the confusion table alone says. The costs below take the place of the
// confusion costs at the positions that carry alternatives, so every
// candidate search (lexicon forms, dictionary words, multi-word names, joins)
// weighs them; decide then charges AltMissing for each letter not listed
// (support) and lowers the margin for a reading the engine spelled itself.

// alt is one alternative reading of a character, folded (lower case, ё as е),
// with the engine's confidence 0..100.
type alt struct {
	r    rune
	conf float64
}

// latPos is what the engine offered at one character of a word: the
// confidence of the character read (negative: nothing known) and the other
// characters it listed there, a space among them when the position may be
// nothing.
type latPos struct {
	conf float64
	alts []alt
}

// noPos is a position without alternatives.
var noPos = latPos{conf: -1}

func (p latPos) known() bool { return p.conf >= 0 }

// listed returns the confidence of r among the alternatives.
func (p latPos) listed(r rune) (float64, bool) {
	for _, a := range p.alts {
		if a.r == r {
			return a.conf, true
		}
	}
	return 0, false
}

// charAlts aligns a word's choices with the runes of its text: one set per
// character, after dropping the sets at either end whose first choice is a
// space (the gap before or after the word). It returns nil when the sets do
// not line up with the text or a character read is not in its own set.
func charAlts(text string, sets [][]page.Alt) []latPos {
	n := utf8.RuneCountInString(text)
	if n == 0 || len(sets) < n {
		return nil
	}
	for len(sets) > n && len(sets[0]) > 0 && sets[0][0].Text == " " {
		sets = sets[1:]
	}
	for len(sets) > n && len(sets[len(sets)-1]) > 0 && sets[len(sets)-1][0].Text == " " {
		sets = sets[:len(sets)-1]
	}
	if len(sets) != n {
		return nil
	}
	out := make([]latPos, n)
	i := 0
	for _, r := range text {
		read := foldRune(r)
		p := latPos{conf: -1}
		for _, a := range sets[i] {
			ar, size := utf8.DecodeRuneInString(a.Text)
			if size == 0 || size != len(a.Text) {
				continue
			}
			ar = foldRune(ar)
			if ar == read {
				p.conf = math.Max(p.conf, a.Conf)
				continue
			}
			if k := indexAlt(p.alts, ar); k >= 0 {
				p.alts[k].conf = math.Max(p.alts[k].conf, a.Conf)
				continue
			}
			p.alts = append(p.alts, alt{ar, a.Conf})
		}
		if !p.known() {
			return nil // the sets describe another reading than the text
		}
		out[i] = p
		i++
	}
	return out
}

func indexAlt(as []alt, r rune) int {
	for k, a := range as {
		if a.r == r {
			return k
		}
	}
	return -1
}

func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	if r == 'ё' {
		r = 'е'
	}
	return r
}

// latticeOf returns the alternatives of a token's core (its runes) from the
// alternatives of its whole text, or nil when there are none or they do not
// line up.
func latticeOf(t *token) []latPos {
	if t.allAlts() == nil {
		return nil
	}
	nl := utf8.RuneCountInString(t.lead)
	if nl+len(t.runes) > len(t.alts) || utf8.RuneCountInString(t.core) != len(t.runes) {
		return nil
	}
	return t.alts[nl : nl+len(t.runes)]
}

// strongLetter reports that the engine listed, at position p, a letter
// for which want holds (nil: any letter) as a close second choice
// (strongAlt): a mark read there may be a broken letter.
func (c *Corrector) strongLetter(p latPos, want func(rune) bool) bool {
	if !p.known() {
		return false
	}
	for _, a := range p.alts {
		if unicode.IsLetter(a.r) && (want == nil || want(a.r)) && c.strongAlt(p.conf, a.conf) {
			return true
		}
	}
	return false
}

// allAlts returns the alternatives aligned with the runes of the word as
// read, working them out on first use.
func (t *token) allAlts() []latPos {
	if !t.altsDone {
		t.alts, t.altsDone = charAlts(t.ocr, t.choices), true
	}
	return t.alts
}

// tokenLat returns the encoded lattice of a token's runes, built on first use.
func (c *Corrector) tokenLat(t *token) *latCodes {
	if !t.lcDone {
		if lat := latticeOf(t); lat != nil {
			t.lc = c.encodeLattice(encodeAll(t.runes, nil), lat)
		}
		t.lcDone = true
	}
	return t.lc
}

// altCost is the cost of reading a letter read with confidence readConf where
// an alternative listed with confidence altConf was typed.
func (c *Corrector) altCost(readConf, altConf float64) float64 {
	if altConf <= 0 {
		return c.opt.AltZeroCost
	}
	return c.opt.AltCost + c.opt.AltSpread*math.Max(0, math.Min(readConf-altConf, 100))/100
}

// strongAlt reports an alternative close enough in confidence to the letter
// read to count as the engine's second opinion.
func (c *Corrector) strongAlt(readConf, altConf float64) bool {
	return altConf > 0 && readConf-altConf <= c.opt.AltStrong
}

// nearListed reports whether r is listed at position i or next to it.
func nearListed(lat []latPos, i int, r rune) bool {
	for k := max(0, i-1); k <= min(len(lat)-1, i+1); k++ {
		if _, ok := lat[k].listed(r); ok {
			return true
		}
	}
	return false
}

// subAt is the cost of reading r at position i of lat where t was typed.
func (c *Corrector) subAt(lat []latPos, i int, r, t rune) float64 {
	base := sub(r, t)
	if r == t || lat == nil || !lat[i].known() {
		return base
	}
	if ac, ok := lat[i].listed(t); ok {
		return math.Min(base, c.altCost(lat[i].conf, ac))
	}
	if lat[i].markListed(c.opt.AltStrong) && unicode.IsLetter(t) {
		return math.Min(base, costNoise) // the engine saw a broken glyph: any letter, as for a mark read
	}
	return base
}

// markListed reports a position whose alternatives include a mark as a close
// second choice: the glyph may be a broken letter, whatever letter was read.
func (p latPos) markListed(strong float64) bool {
	for _, a := range p.alts {
		if a.conf > 0 && p.conf-a.conf <= strong && noise(a.r) {
			return true
		}
	}
	return false
}

// delAt is the cost of reading r at position i where nothing was typed: a
// position whose alternatives include a space may be nothing.
func (c *Corrector) delAt(lat []latPos, i int, r rune) float64 {
	base := indel(r)
	if lat == nil || !lat[i].known() {
		return base
	}
	if ac, ok := lat[i].listed(' '); ok && ac > 0 {
		return math.Min(base, c.altCost(lat[i].conf, ac))
	}
	return base
}

// latCodes is a lattice in the encoded form the distance uses: a substitution
// row and a deletion cost per read position, and the codes each position can
// stand for at less than a whole edit (for the lower bound).
type latCodes struct {
	rows [][nCodes]float64
	del  []float64
	// mask: the codes a position stands for at the confusion table's or a
	// listed letter's cost (all of them when it may be nothing); zero: those
	// listed only at confidence 0; broken: any letter at a mark's cost
	mask   []uint64
	zero   []uint64
	broken []bool
	any    uint64  // codes listed anywhere
	minDel float64 // the cheapest deletion of a read position
}

// encodeLattice builds the encoded lattice of read (codes) with alternatives
// lat (same length), or nil when lat carries nothing.
func (c *Corrector) encodeLattice(read []uint8, lat []latPos) *latCodes {
	if lat == nil || len(lat) != len(read) || !c.opt.Choices {
		return nil
	}
	n := len(read)
	lc := &latCodes{rows: make([][nCodes]float64, n), del: make([]float64, n), mask: make([]uint64, n), zero: make([]uint64, n),
		broken: make([]bool, n), minDel: math.Inf(1)}
	for i, ri := range read {
		row := &lc.rows[i]
		*row = subTab[ri]
		lc.del[i] = indelTab[ri]
		lc.mask[i] = partnerMask[ri]
		p := lat[i]
		if p.known() {
			if p.markListed(c.opt.AltStrong) {
				for t := range uint8(33) {
					row[t] = math.Min(row[t], costNoise)
				}
				lc.broken[i] = true
			}
			for _, a := range p.alts {
				cost := c.altCost(p.conf, a.conf)
				if a.r == ' ' {
					if a.conf > 0 {
						lc.del[i] = math.Min(lc.del[i], cost)
					}
					continue
				}
				code := encode(a.r)
				if code == codeOtherLetter || code == codeOther {
					continue
				}
				row[code] = math.Min(row[code], cost)
				if a.conf > 0 {
					lc.mask[i] |= bit(code)
				} else {
					lc.zero[i] |= bit(code)
				}
				lc.any |= bit(code)
			}
			if lc.del[i] < costEdit {
				lc.mask[i] = ^uint64(0)
			}
		}
		lc.minDel = math.Min(lc.minDel, lc.del[i])
	}
	return lc
}

// latLowerBound is lowerBound with the alternatives: a read position that
// stands for none of the typed codes needs a whole edit, or AltZeroCost when
// one is listed there at confidence 0, or a mark's cost at a broken glyph.
func (c *Corrector) latLowerBound(lc *latCodes, readMask uint64, typed []uint8, typedMask uint64) float64 {
	a := 0.0
	letters := false
	for i, m := range lc.mask {
		switch {
		case typedMask&m != 0:
		case lc.broken[i]:
			a += costNoise
			letters = true
		case typedMask&lc.zero[i] != 0:
			a += math.Min(costEdit, c.opt.AltZeroCost)
		default:
			a++
		}
	}
	b := 0.0
	if !letters {
		rm := readMask | lc.any
		for _, t := range typed {
			if rm&partnerMask[t] == 0 {
				b++
			}
		}
	}
	return math.Max(a, b)
}

// latDistance is the distance from read (folded runes) with its encoded
// alternatives lc to typed; lc may be nil.
func (c *Corrector) latDistance(read []rune, lc *latCodes, typed []rune, limit float64, rows *[]float64) float64 {
	var a, b [64]uint8
	return distanceLat(encodeAll(read, a[:0]), lc, encodeAll(typed, b[:0]), limit, costSpace, rows)
}

// joinLattice returns the alternatives of tokens read as one string with a
// space between them (the space itself has none), or nil when no token has any.
func joinLattice(toks []token) []latPos {
	some := false
	for k := range toks {
		some = some || toks[k].choices != nil
	}
	if !some {
		return nil
	}
	var out []latPos
	any := false
	for k := range toks {
		if k > 0 {
			out = append(out, noPos)
		}
		lat := latticeOf(&toks[k])
		if lat == nil {
			for range toks[k].runes {
				out = append(out, noPos)
			}
			continue
		}
		any = true
		out = append(out, lat...)
	}
	if !any {
		return nil
	}
	return out
}

// altSupport is how the alternatives bear on reading read as typed: the
// changed characters that the engine listed (strong: as a close second
// choice), those it listed nowhere near, and a short account for the record.
type altSupport struct {
	listed, strong, missing int
	why                     []string
}

// consistent reports a reading spelled from the engine's alternatives alone.
func (s altSupport) consistent() bool { return s.listed > 0 && s.missing == 0 }

// support aligns read with typed under the alternatives' costs and counts
// the substitutions the alternatives list and those they do not.
func (c *Corrector) support(read []rune, lat []latPos, typed []rune) altSupport {
	var s altSupport
	if lat == nil || len(lat) != len(read) || !c.opt.Choices {
		return s
	}
	n, m := len(read), len(typed)
	w := m + 1
	d := make([]float64, (n+1)*w)
	for j := 1; j <= m; j++ {
		d[j] = d[j-1] + indel(typed[j-1])
	}
	for i := 1; i <= n; i++ {
		d[i*w] = d[(i-1)*w] + c.delAt(lat, i-1, read[i-1])
		for j := 1; j <= m; j++ {
			v := d[(i-1)*w+j-1] + c.subAt(lat, i-1, read[i-1], typed[j-1])
			v = math.Min(v, d[(i-1)*w+j]+c.delAt(lat, i-1, read[i-1]))
			v = math.Min(v, d[i*w+j-1]+indel(typed[j-1]))
			d[i*w+j] = v
		}
	}
	const eps = 1e-9
	for i, j := n, m; i > 0 || j > 0; {
		switch {
		case i > 0 && j > 0 && math.Abs(d[i*w+j]-(d[(i-1)*w+j-1]+c.subAt(lat, i-1, read[i-1], typed[j-1]))) < eps:
			r, t := read[i-1], typed[j-1]
			if r != t && lat[i-1].known() {
				if ac, ok := lat[i-1].listed(t); ok {
					s.listed++
					if c.strongAlt(lat[i-1].conf, ac) {
						s.strong++
					}
					s.why = append(s.why, fmt.Sprintf("%c for %c listed (%.0f against %.0f)", t, r, ac, lat[i-1].conf))
				} else if lat[i-1].markListed(c.opt.AltStrong) {
					s.why = append(s.why, fmt.Sprintf("%c for %c (a mark listed: a broken glyph)", t, r))
				} else if isCyr(t) && !noise(r) && !nearListed(lat, i-1, t) {
					s.missing++
					s.why = append(s.why, fmt.Sprintf("%c for %c not listed", t, r))
				}
			}
			i, j = i-1, j-1
		case i > 0 && math.Abs(d[i*w+j]-(d[(i-1)*w+j]+c.delAt(lat, i-1, read[i-1]))) < eps:
			if p := lat[i-1]; p.known() && !noise(read[i-1]) {
				if ac, ok := p.listed(' '); ok {
					s.listed++
					if c.strongAlt(p.conf, ac) {
						s.strong++
					}
					s.why = append(s.why, fmt.Sprintf("%c may be nothing (space listed)", read[i-1]))
				}
			}
			i--
		default:
			j--
		}
	}
	// the account reads left to right
	for a, b := 0, len(s.why)-1; a < b; a, b = a+1, b-1 {
		s.why[a], s.why[b] = s.why[b], s.why[a]
	}
	return s
}

// describe is the record's account of the alternatives' part in a decision.
func (s altSupport) describe() string {
	if len(s.why) == 0 {
		return ""
	}
	return "OCR alternatives: " + strings.Join(s.why, ", ")
}

// absorbEdges moves marks at the edges of a word into its core when the
// engine listed a letter for them as a close second choice («‹еном» with с
// listed for ‹, «и» with х and м listed for the quotes, «С-:» with е listed
// for the hyphen, the colon after it going with it): they may be broken
// letters. The token then keeps its reading but is no longer a known word,
// so that a name it belongs to can be matched; bare is its key without them.
func (c *Corrector) absorbEdges(t *token) {
	if t.choices == nil || t.protected || !c.opt.Choices {
		return
	}
	mark := func(r rune) bool { return noise(r) || r == '-' }
	if l, _ := utf8.DecodeLastRuneInString(t.lead); !mark(l) || t.lead == "" {
		if r, _ := utf8.DecodeRuneInString(t.trail); !mark(r) || t.trail == "" {
			return // no mark next to the letters
		}
	}
	all := t.allAlts()
	lead, trail := []rune(t.lead), []rune(t.trail)
	nl, nc := len(lead), utf8.RuneCountInString(t.core)
	if all == nil || nl+nc+len(trail) != len(all) {
		return
	}
	broken := func(r rune, p latPos) bool { return mark(r) && c.strongLetter(p, isCyr) }
	l := nl
	for l > 0 && broken(lead[l-1], all[l-1]) {
		l--
	}
	// after a broken letter, a colon or semicolon run goes with it («С-:» for Сен)
	k := 0
	for k < len(trail) && (broken(trail[k], all[nl+nc+k]) || k > 0 && (trail[k] == ':' || trail[k] == ';')) {
		k++
	}
	if l == nl && k == 0 {
		return
	}
	t.bare = keyOf(t.core)
	t.core = string(lead[l:]) + t.core + string(trail[:k])
	t.lead, t.trail = string(lead[:l]), string(trail[k:])
	t.absorbed = true
}

// altReading returns a dictionary word of DictMinRunes letters or more that
// the engine's close second choices spell from the word read, or "" when
// there is none: what the engine itself thought the word might be.
func (c *Corrector) altReading(t *token) string {
	if t.known || len(t.runes) < c.opt.DictMinRunes {
		return ""
	}
	if ws := c.altWords(t.runes, latticeOf(t), patternOf(t.core)); len(ws) > 0 {
		return ws[0].text
	}
	return ""
}

// altWords lists the dictionary words (Spell in the case pattern pat) that
// the engine's close second choices spell from read: one or two letters
// changed, each to a letter listed within AltStrong points of the letter
// read, at most DictSureCost in all, cheapest first; at most 40 look-ups.
func (c *Corrector) altWords(read []rune, lat []latPos, pat casePattern) []dictCand {
	if lat == nil || len(lat) != len(read) || c.dict == nil {
		return nil
	}
	rs := append([]rune(nil), read...)
	calls := 0
	var found []dictCand
	var walk func(k int, cost float64, n int)
	walk = func(k int, cost float64, n int) {
		if calls >= 40 || cost > c.opt.DictSureCost {
			return
		}
		if k == len(rs) {
			if n > 0 && allLetters(rs) && spellable(rs) {
				calls++
				if w := string(rs); c.spell(applyCase(w, pat)) {
					found = append(found, dictCand{w, cost})
				}
			}
			return
		}
		walk(k+1, cost, n)
		if n == 2 {
			return
		}
		orig := rs[k]
		for _, a := range lat[k].alts {
			if isCyr(a.r) && unicode.IsLetter(a.r) && c.strongAlt(lat[k].conf, a.conf) {
				rs[k] = a.r
				walk(k+1, cost+c.altCost(lat[k].conf, a.conf), n+1)
			}
		}
		rs[k] = orig
	}
	walk(0, 0, 0)
	sortDict(found)
	return found
}
