package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/spravka/spravka/pipeline/page"
)

// Layer is the text of one page of a searchable PDF: the words of Text,
// whose boxes are in pixels of the page as it was read, W×H pixels (the
// page as displayed: its crop box, its rotation applied).
type Layer struct {
	// Page is the page's number in the PDF, from 1.
	Page int
	Text *page.Page
	W, H int
}

// frame is the text page of a PDF page: the page's crop box as displayed
// (what was read), in points, its origin at the bottom left (y up).
type frame struct {
	w, h float64
}

// token is a word of the text layer: its text and its box, in points on the text page.
type token struct {
	text string
	box  page.Box
}

// tokens returns the words of a line as they stand now: a word that a join
// emptied widens the word before it.
func tokens(l *page.Line) []token {
	var out []token
	for _, w := range l.Words {
		switch {
		case w.Text != "":
			out = append(out, token{w.Text, w.Box})
		case len(out) > 0:
			out[len(out)-1].box = out[len(out)-1].box.Union(w.Box)
		}
	}
	return out
}

// content returns the content stream that draws the words of l invisibly on
// a text page of frame f, line by line in reading order. A line's words
// stand on one level baseline: a straight line fitted through their feet,
// taken at the line's middle, so that a line of a skewed scan is not as tall
// as its skew (its box is) and is not drawn sloping either (text turned by
// a degree breaks words and lines apart in pdftotext and other extractors:
// measured on a skewed development page, CER 0.36 turned, 0.00 level). The
// font is as tall as the line's tallest words; each word, with the space
// after it but the last, is stretched to reach the next, so that viewers
// find, select and copy the text in reading order with its spaces.
func content(l Layer, f frame) []byte {
	var b bytes.Buffer
	sx, sy := f.w/float64(l.W), f.h/float64(l.H)
	x := func(px int) float64 { return float64(px) * sx }
	y := func(py float64) float64 { return f.h - py*sy }
	b.WriteString("BT\n3 Tr\n")
	for _, lr := range l.Text.Lines() {
		ts := slices.DeleteFunc(tokens(lr.Line), func(t token) bool { return t.box.Empty() })
		if len(ts) == 0 {
			continue
		}
		size := float64(wordHeight(ts)) * sy
		mid := (ts[0].box.X0 + ts[len(ts)-1].box.X1) / 2
		base := y(feet(ts)(mid)) + float64(-descent)/unitsPerEm*size
		fmt.Fprintf(&b, "/F1 %s Tf\n", num(size))
		for i, t := range ts {
			text, end := t.text, t.box.X1
			if i+1 < len(ts) && ts[i+1].box.X0 > t.box.X0 {
				text, end = text+" ", ts[i+1].box.X0
			}
			glyphs := utf16.Encode([]rune(text))
			width := x(end) - x(t.box.X0)
			natural := float64(len(glyphs)) * advance / unitsPerEm * size
			if width <= 0 || natural <= 0 {
				continue
			}
			fmt.Fprintf(&b, "%s Tz 1 0 0 1 %s %s Tm <", num(100*width/natural), num(x(t.box.X0)), num(base))
			for _, g := range glyphs {
				fmt.Fprintf(&b, "%04X", g)
			}
			b.WriteString("> Tj\n")
		}
	}
	b.WriteString("ET\n")
	return b.Bytes()
}

// wordHeight is the height of a line's tallest words: the largest word
// height, but at most twice the median (a box that swallowed a speck).
func wordHeight(ts []token) int {
	hs := make([]int, len(ts))
	for i, t := range ts {
		hs[i] = t.box.Dy()
	}
	slices.Sort(hs)
	return min(hs[len(hs)-1], 2*hs[len(hs)/2])
}

// feet fits a straight line through the bottoms of a line's words (least
// squares over their centres) and returns its height at x.
func feet(ts []token) func(x int) float64 {
	var n, sx, sy, sxx, sxy float64
	for _, t := range ts {
		cx, by := float64(t.box.X0+t.box.X1)/2, float64(t.box.Y1)
		n, sx, sy, sxx, sxy = n+1, sx+cx, sy+by, sxx+cx*cx, sxy+cx*by
	}
	slope := 0.0
	if d := n*sxx - sx*sx; n > 1 && d > 0 {
		slope = (n*sxy - sx*sy) / d
	}
	mean, meanX := sy/n, sx/n
	return func(x int) float64 { return mean + slope*(float64(x)-meanX) }
}

// num writes a number as PDF content does: at most three decimals, no exponent.
func num(v float64) string {
	s := strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	z, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	z.Write(data)
	z.Close()
	return b.Bytes()
}

// toUnicode is the CMap that reads every two-byte code as the UTF-16 code
// unit it is (ranges within one high byte, as the format wants).
func toUnicode() []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var ranges []string
	for hi := 0; hi < 256; hi++ {
		ranges = append(ranges, fmt.Sprintf("<%02X00> <%02XFF> <%02X00>", hi, hi, hi))
	}
	for len(ranges) > 0 {
		n := min(100, len(ranges))
		fmt.Fprintf(&b, "%d beginbfrange\n%s\nendbfrange\n", n, strings.Join(ranges[:n], "\n"))
		ranges = ranges[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}
