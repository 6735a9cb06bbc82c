package page

import (
	"strings"
)

// Box is an axis-aligned rectangle in pixels, X0/Y0 inclusive, X1/Y1
// exclusive, as in hOCR's bbox. ocr.ParseHOCR gives boxes in the pixels of
// the image recognised; the pipeline maps them to the scan's (after its
// EXIF orientation), and every box spravka writes (page records, hOCR, ALTO,
// the review) is in the scan's pixels.
type Box struct {
	X0 int `json:"x0"`
	Y0 int `json:"y0"`
	X1 int `json:"x1"`
	Y1 int `json:"y1"`
}

// Empty reports whether b has no area (a word that came from plain text has no box).
func (b Box) Empty() bool { return b.X1 <= b.X0 || b.Y1 <= b.Y0 }

// Union returns the smallest box containing b and o; an empty box is ignored.
func (b Box) Union(o Box) Box {
	switch {
	case b.Empty():
		return o
	case o.Empty():
		return b
	}
	return Box{min(b.X0, o.X0), min(b.Y0, o.Y0), max(b.X1, o.X1), max(b.Y1, o.Y1)}
}

// NoConf is the confidence of a word whose reading carries no confidence
// (plain text handed to `spravka correct`, a manual transcription).
const NoConf = -1

// Word is one whitespace-delimited token of a line, punctuation included
// («Сен,», «(вх.», «№»).
type Word struct {
	// Text is the word as it stands now: the reading, or the correction applied to it.
	Text string `json:"text"`
	// OCR is the reading before correction (equal to Text until a correction is applied).
	// When a correction joins words i..j into one, word i carries the joined Text and
	// words i+1..j keep their OCR with an empty Text; a split leaves a space inside Text.
	OCR string `json:"ocr"`
	// Box is where the word stands on the recognised image; empty for plain text.
	Box Box `json:"box"`
	// Conf is Tesseract's word confidence, 0..100, or NoConf.
	Conf float64 `json:"conf"`
	// Choices are the engine's alternatives for the word, one set per recognised
	// character in reading order, best first (Tesseract's lstm_choices, when asked
	// for); empty when the engine gave none.
	Choices [][]Alt `json:"-"`
	// ID is the word's element id in the engine's hOCR ("word_1_23"), empty
	// for plain text.
	ID string `json:"-"`
	// Space is the whitespace before the word on its line. Recognised pages use
	// a single space (none before the first word); plain text keeps its own spacing
	// (tabs, indentation) so that a corrected text differs from its input only where corrected.
	Space string `json:"-"`
}

// Alt is one alternative reading of a character with the engine's confidence (0..100).
type Alt struct {
	Text string
	Conf float64
}

// Line is a text line: its words in reading order.
type Line struct {
	Box   Box    `json:"box"`
	Words []Word `json:"words"`
	// ID is the line's element id in the engine's hOCR ("line_1_4"), empty
	// for plain text.
	ID string `json:"-"`
	// Trail is whitespace after the last word (kept for plain text only).
	Trail string `json:"-"`
}

// Block is a paragraph of lines (Tesseract's ocr_par); blocks are separated
// by a blank line in text output.
type Block struct {
	Box   Box    `json:"box"`
	Lines []Line `json:"lines"`
}

// Page is one recognised page, or one plain-text document.
type Page struct {
	Width  int     `json:"width"`
	Height int     `json:"height"`
	Blocks []Block `json:"blocks"`
}

// Text renders the page as plain text: words separated by their spacing,
// lines by "\n", blocks by a blank line. The result ends with a newline unless
// the page is empty.
func (p *Page) Text() string { return p.render(func(w *Word) string { return w.Text }) }

// OCRText renders the page as it was read, before any correction.
func (p *Page) OCRText() string { return p.render(func(w *Word) string { return w.OCR }) }

func (p *Page) render(text func(*Word) string) string {
	var b strings.Builder
	for bi := range p.Blocks {
		if bi > 0 {
			b.WriteByte('\n')
		}
		for li := range p.Blocks[bi].Lines {
			l := &p.Blocks[bi].Lines[li]
			for wi := range l.Words {
				w := &l.Words[wi]
				t := text(w)
				if t == "" {
					continue // a word absorbed by a join of its neighbours
				}
				sp := w.Space
				if sp == "" && wi > 0 {
					sp = " "
				}
				b.WriteString(sp)
				b.WriteString(t)
			}
			b.WriteString(l.Trail)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Words returns the number of words on the page.
func (p *Page) Words() int {
	n := 0
	for _, b := range p.Blocks {
		for _, l := range b.Lines {
			n += len(l.Words)
		}
	}
	return n
}

// MeanConf returns the mean word confidence over words that carry one, and
// false when none does.
func (p *Page) MeanConf() (float64, bool) {
	sum, n := 0.0, 0
	for _, b := range p.Blocks {
		for _, l := range b.Lines {
			for _, w := range l.Words {
				if w.Conf >= 0 {
					sum += w.Conf
					n++
				}
			}
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// Clone returns a deep copy of p, so that correction can work on its own copy.
func (p *Page) Clone() *Page {
	c := &Page{Width: p.Width, Height: p.Height, Blocks: make([]Block, len(p.Blocks))}
	for bi, b := range p.Blocks {
		nb := Block{Box: b.Box, Lines: make([]Line, len(b.Lines))}
		for li, l := range b.Lines {
			nb.Lines[li] = Line{Box: l.Box, Trail: l.Trail, ID: l.ID, Words: append([]Word(nil), l.Words...)}
		}
		c.Blocks[bi] = nb
	}
	return c
}

// FromText builds a page from plain text: one block whose lines are the text's
// lines, blank lines included, each word keeping the whitespace before it.
// p.Text() gives the input back byte for byte, except that "\r\n" becomes "\n"
// and a missing final newline is added.
func FromText(s string) *Page {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	p := &Page{}
	if s == "" {
		return p
	}
	var blk Block
	for _, raw := range strings.Split(s, "\n") {
		var l Line
		i := 0
		for i < len(raw) {
			j := i
			for j < len(raw) && isSpace(raw[j]) {
				j++
			}
			if j == len(raw) {
				l.Trail = raw[i:]
				break
			}
			k := j
			for k < len(raw) && !isSpace(raw[k]) {
				k++
			}
			w := raw[j:k]
			l.Words = append(l.Words, Word{Text: w, OCR: w, Conf: NoConf, Space: raw[i:j]})
			i = k
		}
		blk.Lines = append(blk.Lines, l)
	}
	p.Blocks = []Block{blk}
	return p
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' }

// LineRef is a line of the page with its 1-based number in Text().
type LineRef struct {
	No   int
	Line *Line
}

// Lines lists the page's lines in reading order with their numbers in Text(),
// counting the blank line that separates blocks.
func (p *Page) Lines() []LineRef {
	var out []LineRef
	no := 0
	for bi := range p.Blocks {
		if bi > 0 {
			no++
		}
		for li := range p.Blocks[bi].Lines {
			no++
			out = append(out, LineRef{No: no, Line: &p.Blocks[bi].Lines[li]})
		}
	}
	return out
}

// Dx and Dy are the box's width and height.
func (b Box) Dx() int { return b.X1 - b.X0 }
func (b Box) Dy() int { return b.Y1 - b.Y0 }
