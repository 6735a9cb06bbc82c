// Package combine merges several recognitions of one page, word by word.
//
// Tesseract's reading of a damaged page changes with small changes to the
// binarisation: a letter lost in one image survives in another, and each
// reading gets different words wrong. Combine keeps one reading, the anchor
// (the page as auto preprocessing gave it), and replaces only those of its
// words that neither the lexicon nor the dictionary knows by a word another
// reading found in the same place that they do know. Known words, numbers,
// dates, cipher groups, punctuation and single letters are never replaced,
// and every replacement is returned so it can be recorded.
//
// On 21 pages (the development scans, scans/ and nine held-out pages), two
// extra readings (Sauvola k 0.25 and a closing of broken strokes beside
// auto's image) took the raw character error rate from 0.0453 to 0.0399 and
// the corrected one from 0.0327 to 0.0298, with 58 words fixed and none
// broken against the transcriptions; Sauvola k 0.15 and 0.25 gave 0.0406.
// Choosing a whole page by mean word confidence or by its share of known
// words did no better than auto alone.
//
// Best is mode best's policy: when to read the other variants (Below), and
// where: only the lines that hold a word Words may replace (Lines), on a
// copy of the other image white elsewhere (Bands, Masked). Against reading
// the whole other images, that took a fifth of the processor time off
// scans/ and twelve held-out pages, a few percent off the development pages
// (whose every line needs it), for ±2 characters of corrected text on
// about 5,000 each.
//
// Gray is the policy for the gray image of a page read poorly: a page read
// very poorly (GrayBelow) has its poorly read lines (GrayLines) read again
// from it, with the same Bands and Masked, and its reading of each taken
// line by line (TakeLines); a page read poorly (GrayWholeBelow) is read
// again whole and the more confident reading kept.
package combine

import (
	"strings"
	"unicode"

	"github.com/spravka/spravka/pipeline/page"
)

// MinOverlap is the least intersection over union of two word boxes for them
// to be readings of the same word. Words that a reading split or joined
// differently overlap less and are left alone.
const MinOverlap = 0.6

// Take is one word of the anchor replaced by another reading's.
type Take struct {
	// Line is the line's number in the page text, from 1 (page.Page.Lines,
	// as in corrections), Word the word's index in that line.
	Line int
	Word int
	// From is the anchor's reading, To the one taken.
	From string
	To   string
	// Reading is the index of the reading taken from (1 is the first of
	// others); Votes is how many readings, the anchor included, read To there.
	Reading int
	Votes   int
	// Conf is the taken word's confidence in its reading.
	Conf float64
	// ID and TakenID are the hOCR ids of the anchor's word and of the word
	// taken (see ocr.SpliceWords).
	ID      string
	TakenID string
}

// Known tells whether a word (with any punctuation at its edges) is in the
// lexicon or the dictionary.
type Known func(word string) bool

// Words replaces, in place, each anchor word that known rejects by the word
// at the same place (box overlap MinOverlap) in one of others that known
// accepts. When several readings offer known words, the one read most often
// wins, then the one with the higher confidence, then the earlier reading.
// Boxes of all pages must be in the same coordinates. A replaced word takes
// the other reading's text, confidence, character alternatives and box (the
// hOCR gets that reading's word element, box included: ocr.SpliceWords, so
// the record, ALTO and hOCR agree), and keeps its ID and spacing. Words returns the replacements in page order.
func Words(anchor *page.Page, others []*page.Page, known Known) []Take {
	if len(others) == 0 {
		return nil
	}
	idx := make([]*grid, len(others))
	for i, o := range others {
		idx[i] = newGrid(o)
	}
	var takes []Take
	for _, lr := range anchor.Lines() {
		for wi := range lr.Line.Words {
			w := &lr.Line.Words[wi]
			if w.Box.Empty() || !eligible(w.Text) || known(w.Text) {
				continue
			}
			type cand struct {
				w       *page.Word
				reading int
			}
			var cands []cand
			votes := map[string]int{w.Text: 1}
			for i, g := range idx {
				o := g.match(w.Box)
				if o == nil {
					continue
				}
				votes[o.Text]++
				if o.Text != w.Text && eligible(o.Text) && known(o.Text) {
					cands = append(cands, cand{o, i + 1})
				}
			}
			if len(cands) == 0 {
				continue
			}
			best := cands[0]
			for _, c := range cands[1:] {
				if v, bv := votes[c.w.Text], votes[best.w.Text]; v > bv || v == bv && c.w.Conf > best.w.Conf {
					best = c
				}
			}
			takes = append(takes, Take{Line: lr.No, Word: wi, From: w.Text, To: best.w.Text,
				Reading: best.reading, Votes: votes[best.w.Text], Conf: best.w.Conf, ID: w.ID, TakenID: best.w.ID})
			w.Text, w.OCR, w.Conf, w.Choices, w.Box = best.w.Text, best.w.OCR, best.w.Conf, best.w.Choices, best.w.Box
		}
	}
	return takes
}

// eligible reports whether a word may be replaced or taken: it has at least
// two letters and no digit (numbers, dates and cipher groups are the
// engine's alone, and a lone letter is too often a real word).
func eligible(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 2 && !strings.ContainsRune(s, '№')
}

// iou is the intersection over union of two boxes.
func iou(a, b page.Box) float64 {
	x0, y0, x1, y1 := max(a.X0, b.X0), max(a.Y0, b.Y0), min(a.X1, b.X1), min(a.Y1, b.Y1)
	if x1 <= x0 || y1 <= y0 {
		return 0
	}
	in := float64(x1-x0) * float64(y1-y0)
	area := func(b page.Box) float64 { return float64(b.X1-b.X0) * float64(b.Y1-b.Y0) }
	return in / (area(a) + area(b) - in)
}

// grid finds a page's words by position: words are filed by the rows of
// cells their box covers, so a match looks at one line's worth of words.
type grid struct {
	cell int
	rows map[int][]*page.Word
}

func newGrid(p *page.Page) *grid {
	g := &grid{cell: 32, rows: map[int][]*page.Word{}}
	for _, lr := range p.Lines() {
		for i := range lr.Line.Words {
			w := &lr.Line.Words[i]
			if w.Box.Empty() {
				continue
			}
			for r := w.Box.Y0 / g.cell; r <= (w.Box.Y1-1)/g.cell; r++ {
				g.rows[r] = append(g.rows[r], w)
			}
		}
	}
	return g
}

// match returns the word that overlaps b best, if that is at least MinOverlap.
func (g *grid) match(b page.Box) *page.Word {
	var best *page.Word
	bv := MinOverlap
	for _, w := range g.rows[(b.Y0+b.Y1)/2/g.cell] {
		if v := iou(b, w.Box); v >= bv {
			best, bv = w, v
		}
	}
	return best
}
