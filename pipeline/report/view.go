package report

import (
	"fmt"
	"html/template"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/record"
)

// Output files of a page that the report writes or links, after the page's name.
const (
	ExtView = ".html"    // the page view
	ExtWeb  = ".web.jpg" // the scan as a browser shows it
)

// Assets is the folder of the report's shared style sheet and script,
// relative to the output folder.
const Assets = "_report"

// LowConf is the word confidence under which the page view marks a word as
// read with little certainty: Tesseract's LSTM gives most clean words 85-96
// and most misread ones under 60 on devscans.
const LowConf = 60

// View is everything a page view shows: the page's record, its words with
// their boxes on the scan, its corrections, and its texts with their
// differences marked. Build it with NewView; the review server shows the same
// view with its decisions.
type View struct {
	Rec *record.Page
	// Words are the OCR words in reading order; Corrections the page's
	// corrections, each pointing at the words it covers.
	Words       []Word
	Corrections []Corr
	// OCR, Corrected and Truth are the three texts, split into runs of words
	// and the text between them, with their differences marked.
	OCR, Corrected, Truth []Run
	// Against names what OCR and Corrected are compared with: "transcription",
	// or "corrected" (the OCR column marks what correction changed) when the
	// page has no transcription.
	Against string
	// Problem says why the words could not be shown (no hOCR, a reading
	// that does not match the record), empty when all is well.
	Problem string
	// Width and Height are the scan's size in pixels: the coordinates of every box.
	Width, Height int
	Nav           Nav
}

// Word is one OCR word of the page.
type Word struct {
	I    int
	Box  page.Box
	OCR  string // as read
	Text string // after the run's corrections
	Conf float64
	// Corr is the index of the correction that covers the word, or -1.
	Corr int
	// Choices lists the engine's alternatives, per character: "д 71 / л 12".
	Choices []string
	// Mark is how the word is shown: applied, suggested (its correction's
	// state), low (confidence under LowConf), plain, or reviewed (changed by
	// the archivist's decision); Tip says it in words.
	Mark, Tip string
}

// marks sets each word's Mark from its correction and confidence.
func (v *View) marks() {
	for i := range v.Words {
		w := &v.Words[i]
		conf := "no confidence"
		if w.Conf >= 0 {
			conf = fmt.Sprintf("confidence %.0f", w.Conf)
		}
		switch {
		case w.Corr >= 0 && v.Corrections[w.Corr].Applied:
			w.Mark = "applied"
			w.Tip = fmt.Sprintf("%s → %s (corrected; read at %s)", w.OCR, v.Corrections[w.Corr].To, conf)
		case w.Corr >= 0:
			w.Mark = "suggested"
			w.Tip = fmt.Sprintf("%s (suggested: %s; read at %s)", w.OCR, v.Corrections[w.Corr].To, conf)
		case w.Conf >= 0 && w.Conf < LowConf:
			w.Mark = "low"
			w.Tip = fmt.Sprintf("%s (read at %s, under %d)", w.OCR, conf, LowConf)
		default:
			w.Mark = "plain"
			w.Tip = fmt.Sprintf("%s (%s)", w.OCR, conf)
		}
		if len(w.Choices) > 0 {
			w.Tip += "; letters the engine also saw: " + strings.Join(w.Choices, ", ")
		}
	}
}

// Corr is one correction of the page and the words it covers.
type Corr struct {
	I int
	page.Correction
	Words []int
}

// Run is a stretch of a text: a word (W ≥ 0, its index in View.Words) or the
// text between words (W = -1), cut into segments by the differences.
type Run struct {
	W    int
	Segs []Seg
}

// Seg is a piece of text and how it differs from the text it is compared
// with: "" (the same), "sub", "del" (only in the reference), "ins" (only here).
type Seg struct {
	Text string
	Diff string
}

// Nav holds the links of a page view, relative to the page view itself.
type Nav struct {
	Index, Assets template.URL
	Prev, Next    template.URL // empty at the ends
	// Files are the page's own files, for the link bar.
	Files []FileLink
	// Scan is the web copy of the scan, empty when there is none.
	Scan template.URL
}

// FileLink is a link to one of the page's files.
type FileLink struct {
	Label string
	Href  template.URL
}

// NewView builds the view of one page from its record, its hOCR (as
// written, boxes in scan pixels; empty for a failed page) and its
// transcription (truth; "" when it has none). names lists every page of the
// batch in report order, for the links to the previous and next pages.
func NewView(rec *record.Page, hocr, truth string, names []string) *View {
	if rec.Status != record.StatusOK || hocr == "" {
		return NewViewOf(rec, nil, truth, names)
	}
	raw, err := ocr.ParseHOCR(strings.NewReader(hocr))
	if err != nil {
		v := NewViewOf(rec, nil, truth, names)
		v.Problem = fmt.Sprintf("the hOCR cannot be read: %v", err)
		return v
	}
	return NewViewOf(rec, raw, truth, names)
}

// NewViewOf is NewView for a page whose hOCR is already read: raw is the
// page ocr.ParseHOCR makes of it (nil: the page has none). raw is not
// modified. A run has the page it wrote the hOCR of, and need not read it
// again.
func NewViewOf(rec *record.Page, raw *page.Page, truth string, names []string) *View {
	v := &View{Rec: rec, Nav: nav(rec, names)}
	if rec.Image != nil {
		v.Width, v.Height = rec.Image.Width, rec.Image.Height
	}
	if rec.Status != record.StatusOK {
		return v
	}
	if raw == nil {
		v.Problem = "the page has no hOCR: its words cannot be shown"
		return v
	}
	if v.Width == 0 {
		v.Width, v.Height = raw.Width, raw.Height
	}
	fixed := raw.Clone()
	var cs []page.Correction
	if rec.Correction != nil {
		cs = rec.Correction.Corrections
	}
	for _, c := range cs {
		if c.Applied && !fixed.Apply(c, c.To) {
			v.Problem = fmt.Sprintf("correction %q → %q at line %d, word %d does not fit the hOCR", c.From, c.To, c.Line, c.Word)
		}
	}
	v.build(raw, fixed, cs, truth)
	return v
}

// build fills the words, corrections and texts of a page read as raw and
// corrected as fixed.
func (v *View) build(raw, fixed *page.Page, cs []page.Correction, truth string) {
	// index of each word by (line number, word index)
	type pos struct{ line, word int }
	at := map[pos]int{}
	fixedWords := fixed.Lines()
	for li, lr := range raw.Lines() {
		for wi, w := range lr.Line.Words {
			at[pos{lr.No, wi}] = len(v.Words)
			v.Words = append(v.Words, Word{I: len(v.Words), Box: w.Box, OCR: w.OCR,
				Text: fixedWords[li].Line.Words[wi].Text, Conf: w.Conf, Corr: -1, Choices: choices(w.Choices)})
		}
	}
	for ci, c := range cs {
		vc := Corr{I: ci, Correction: c}
		for k := range max(c.Words, 1) {
			if wi, ok := at[pos{c.Line, c.Word + k}]; ok {
				vc.Words = append(vc.Words, wi)
				if v.Words[wi].Corr < 0 {
					v.Words[wi].Corr = ci
				}
			}
		}
		v.Corrections = append(v.Corrections, vc)
	}
	v.marks()
	v.texts(raw, fixed, truth)
}

// Reviewed shows final, the page as an archivist reviewed it, in place of
// the corrected text (raw is the page as read).
func (v *View) Reviewed(raw, final *page.Page, truth string) {
	i := 0
	for _, lr := range final.Lines() {
		for _, w := range lr.Line.Words {
			if i < len(v.Words) {
				if v.Words[i].Text != w.Text {
					v.Words[i].Mark = "reviewed"
					v.Words[i].Tip += "; reviewed: " + w.Text
				}
				v.Words[i].Text = w.Text
			}
			i++
		}
	}
	v.texts(raw, final, truth)
}

// texts renders the texts of the page read as raw and corrected as fixed,
// with their differences marked.
func (v *View) texts(raw, fixed *page.Page, truth string) {
	ocrText, ocrSpans := spans(raw, func(w *page.Word) string { return w.OCR })
	fixedText, fixedSpans := spans(fixed, func(w *page.Word) string { return w.Text })
	if truth != "" {
		v.Against = "transcription"
		ocrOps, fixedOps := compare(truth, ocrText), compare(truth, fixedText)
		v.OCR = runs(ocrText, ocrSpans, hypSide(ocrOps))
		v.Corrected = runs(fixedText, fixedSpans, hypSide(fixedOps))
		v.Truth = runs(truth, nil, refSide(fixedOps))
		return
	}
	v.Against = "corrected"
	ops := compare(ocrText, fixedText)
	v.OCR = runs(ocrText, ocrSpans, refSide(ops))
	v.Corrected = runs(fixedText, fixedSpans, hypSide(ops))
}

// choices renders a word's per-character alternatives that the engine gave
// some confidence, best first.
func choices(cs [][]page.Alt) []string {
	var out []string
	for _, set := range cs {
		var alts []string
		for _, a := range set {
			if a.Conf > 0 && strings.TrimSpace(a.Text) != "" {
				alts = append(alts, fmt.Sprintf("%s %.0f", a.Text, a.Conf))
			}
		}
		if len(alts) > 1 {
			out = append(out, strings.Join(alts, " / "))
		}
	}
	return out
}

// span is a word's byte range in a rendered text.
type span struct{ start, end, w int }

// spans renders p as page.Text does and returns each non-empty word's range,
// with the word's index in reading order.
func spans(p *page.Page, text func(*page.Word) string) (string, []span) {
	var b strings.Builder
	var out []span
	i := 0
	for bi := range p.Blocks {
		if bi > 0 {
			b.WriteByte('\n')
		}
		for li := range p.Blocks[bi].Lines {
			l := &p.Blocks[bi].Lines[li]
			first := true
			for wi := range l.Words {
				t := text(&l.Words[wi])
				if t != "" {
					if !first {
						b.WriteByte(' ')
					}
					first = false
					out = append(out, span{b.Len(), b.Len() + len(t), i})
					b.WriteString(t)
				}
				i++
			}
			b.WriteByte('\n')
		}
	}
	return b.String(), out
}

// mark is a byte range of a text and its kind of difference.
type mark struct {
	start, end int
	diff       string
}

// runs cuts text into word runs (at spans) and the text between them, and
// each run into segments at the marks.
func runs(text string, words []span, marks []mark) []Run {
	var out []Run
	add := func(start, end, w int) {
		if start >= end {
			return
		}
		r := Run{W: w}
		for p := start; p < end; {
			diff, next := "", end
			for _, m := range marks {
				switch {
				case m.start <= p && p < m.end:
					diff, next = m.diff, min(next, m.end)
				case p < m.start && m.start < next:
					next = m.start
				}
			}
			r.Segs = append(r.Segs, Seg{text[p:next], diff})
			p = next
		}
		out = append(out, r)
	}
	p := 0
	for _, s := range words {
		add(p, s.start, -1)
		add(s.start, s.end, s.w)
		p = s.end
	}
	add(p, len(text), -1)
	return out
}

// nav works out the links of a page view.
func nav(rec *record.Page, names []string) Nav {
	dir := path.Dir(rec.Name)
	n := Nav{Index: relLink(dir, "index.html"), Assets: relLink(dir, Assets) + "/"}
	if i := slices.Index(names, rec.Name); i >= 0 {
		if i > 0 {
			n.Prev = relLink(dir, names[i-1]+ExtView)
		}
		if i+1 < len(names) {
			n.Next = relLink(dir, names[i+1]+ExtView)
		}
	}
	for _, f := range []struct{ ext, label string }{
		{ExtWeb, "scan"}, {".txt", "text"}, {".ocr.txt", "raw OCR"}, {".hocr", "hOCR"},
		{".alto.xml", "ALTO"}, {".prep.png", "preprocessed image"},
	} {
		if slices.Contains(rec.Outputs, rec.Name+f.ext) {
			n.Files = append(n.Files, FileLink{f.label, relLink(dir, rec.Name+f.ext)})
			if f.ext == ExtWeb {
				n.Scan = relLink(dir, rec.Name+f.ext)
			}
		}
	}
	n.Files = append(n.Files, FileLink{"record", relLink(dir, rec.Name+".json")})
	return n
}

// RelLink returns the link from the page view of the page from to the
// file name of the output folder.
func RelLink(from, name string) template.URL { return relLink(path.Dir(from), name) }

// relLink returns the link from a page in folder dir (relative to the
// output folder, "." for the top) to the file name (relative to the output
// folder), escaped as a URL.
func relLink(dir, name string) template.URL {
	up := ""
	if dir != "." && dir != "" {
		up = strings.Repeat("../", strings.Count(dir, "/")+1)
		// keep the part of name below dir without climbing when possible
		if rest, ok := strings.CutPrefix(name, dir+"/"); ok {
			return link(rest)
		}
	}
	u := (&url.URL{Path: up + name}).String()
	if up == "" {
		return link(name)
	}
	return template.URL(u)
}
