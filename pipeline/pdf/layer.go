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

// frame is where a text page lands on its PDF page: its size in points and
// the offset of the crop box (what was read) from its origin, both in the
// page's displayed orientation, y down (qpdf places an overlay on the
// destination's trim box, upright as displayed).
type frame struct {
	w, h   float64 // the trim box as displayed
	dx, dy float64 // the crop box's top left corner, from the trim box's
	cw, ch float64 // the crop box as displayed
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
	sx, sy := f.cw/float64(l.W), f.ch/float64(l.H)
	x := func(px int) float64 { return float64(px)*sx + f.dx }
	y := func(py float64) float64 { return f.h - (py*sy + f.dy) }
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

// layerPDF writes a PDF of one page per layer, each of its frame's size,
// holding only the invisible text: the pages qpdf lays over the input's.
func layerPDF(layers []Layer, frames []frame) []byte {
	w := &writer{}
	font := w.fontObjects()
	pages := w.reserve()
	var kids []string
	for i, l := range layers {
		f := frames[i]
		cs := w.stream("/Length %d /Filter /FlateDecode", deflate(content(l, f)))
		kids = append(kids, w.object(fmt.Sprintf("<< /Type /Page /Parent %s /MediaBox [0 0 %s %s] /Contents %s /Resources << /Font << /F1 %s >> >> >>",
			pages, num(f.w), num(f.h), cs, font)))
	}
	w.set(pages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	root := w.object(fmt.Sprintf("<< /Type /Catalog /Pages %s >>", pages))
	return w.finish(root)
}

// fontObjects writes the glyphless font as a Type 0 font (two-byte codes,
// Identity-H) whose codes are the UTF-16 code units of the text: every code
// shows glyph 1, and the ToUnicode map gives each code back as itself.
func (w *writer) fontObjects() string {
	prog := glyphless()
	file := w.stream(fmt.Sprintf("/Length %%d /Length1 %d /Filter /FlateDecode", len(prog)), deflate(prog))
	desc := w.object(fmt.Sprintf("<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 %d %d %d] /ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %s >>",
		descent, advance, ascent, ascent, descent, ascent, file))
	gids := make([]byte, 2*65536)
	for i := 1; i < len(gids); i += 2 {
		gids[i] = 1
	}
	cidmap := w.stream("/Length %d /Filter /FlateDecode", deflate(gids))
	cid := w.object(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %s /DW %d /CIDToGIDMap %s >>",
		desc, advance, cidmap))
	toUni := w.stream("/Length %d /Filter /FlateDecode", deflate(toUnicode()))
	return w.object(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H /DescendantFonts [%s] /ToUnicode %s >>", cid, toUni))
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

func deflate(data []byte) []byte {
	var b bytes.Buffer
	z, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	z.Write(data)
	z.Close()
	return b.Bytes()
}

// writer writes a small PDF: numbered objects, a cross-reference table
// and a trailer, nothing that depends on the time or the place.
type writer struct {
	objs [][]byte // object n is objs[n-1]
}

func (w *writer) reserve() string {
	w.objs = append(w.objs, nil)
	return fmt.Sprintf("%d 0 R", len(w.objs))
}

func (w *writer) set(ref, body string) {
	n, _ := strconv.Atoi(strings.Fields(ref)[0])
	w.objs[n-1] = []byte(body)
}

func (w *writer) object(body string) string {
	ref := w.reserve()
	w.set(ref, body)
	return ref
}

// stream adds a stream object; dict holds one %d for the length.
func (w *writer) stream(dict string, data []byte) string {
	ref := w.reserve()
	n, _ := strconv.Atoi(strings.Fields(ref)[0])
	body := fmt.Appendf(nil, "<< "+dict+" >>\nstream\n", len(data))
	body = append(body, data...)
	body = append(body, "\nendstream"...)
	w.objs[n-1] = body
	return ref
}

func (w *writer) finish(root string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(w.objs))
	for i, o := range w.objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		b.Write(o)
		b.WriteString("\nendobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(w.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %s >>\nstartxref\n%d\n%%%%EOF\n", len(w.objs)+1, root, xref)
	return b.Bytes()
}
