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
	if t.alts == nil {
		return nil
	}
	nl := utf8.RuneCountInString(t.lead)
	if nl+len(t.runes) > len(t.alts) || utf8.RuneCountInString(t.core) != len(t.runes) {
		return nil
	}
	return t.alts[nl : nl+len(t.runes)]
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
	return base
}

// delAt is the cost of reading r at position i where nothing was typed: a
// position whose alternatives include a space may be nothing.
func (c *Corrector) delAt(lat []latPos, i int, r rune) float64 {
	base := indel(r)
	if lat == nil || !lat[i].known() {
		return base
	}
	if ac, ok := lat[i].listed(' '); ok {
		return math.Min(base, c.altCost(lat[i].conf, ac))
	}
	return base
}

// latCodes is a lattice in the encoded form the distance uses: a substitution
// row and a deletion cost per read position, and the codes each position can
// stand for at less than a whole edit (for the lower bound).
type latCodes struct {
	rows   [][nCodes]float64
	del    []float64
	mask   []uint64
	any    uint64  // codes listed anywhere
	minDel float64 // the cheapest deletion of a read position
}

// encodeLattice builds the encoded lattice of read (codes) with alternatives
// lat (same length), or nil when lat carries nothing.
func (c *Corrector) encodeLattice(read []uint8, lat []latPos) *latCodes {
	if lat == nil || len(lat) != len(read) || !c.opt.Choices {
		return nil
	}
	lc := &latCodes{rows: make([][nCodes]float64, len(read)), del: make([]float64, len(read)), mask: make([]uint64, len(read)), minDel: math.Inf(1)}
	for i, ri := range read {
		row := &lc.rows[i]
		*row = subTab[ri]
		lc.del[i] = indelTab[ri]
		lc.mask[i] = partnerMask[ri]
		p := lat[i]
		if p.known() {
			for _, a := range p.alts {
				cost := c.altCost(p.conf, a.conf)
				if a.r == ' ' {
					lc.del[i] = math.Min(lc.del[i], cost)
					continue
				}
				code := encode(a.r)
				if code == codeOtherLetter || code == codeOther {
					continue
				}
				row[code] = math.Min(row[code], cost)
				lc.mask[i] |= bit(code)
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
// lists a typed letter, or may be nothing, needs no whole edit.
func latLowerBound(lc *latCodes, readMask uint64, typed []uint8, typedMask uint64) float64 {
	a, b := 0, 0
	for _, m := range lc.mask {
		if typedMask&m == 0 {
			a++
		}
	}
	rm := readMask | lc.any
	for _, t := range typed {
		if rm&partnerMask[t] == 0 {
			b++
		}
	}
	return float64(max(a, b))
}

// latDistance is the distance from read (folded runes) with alternatives lat
// to typed; lat may be nil.
func (c *Corrector) latDistance(read []rune, lat []latPos, typed []rune, limit float64, rows *[]float64) float64 {
	var a, b [64]uint8
	rc, tc := encodeAll(read, a[:0]), encodeAll(typed, b[:0])
	return distanceLat(rc, c.encodeLattice(rc, lat), tc, limit, costSpace, rows)
}

// joinLattice returns the alternatives of tokens read as one string with a
// space between them (the space itself has none), or nil when no token has any.
func joinLattice(toks []token) []latPos {
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
