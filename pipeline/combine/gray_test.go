package combine

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

// linesPage builds a page of one block whose lines are given as
// "conf:word word": line i stands at y 100·i..100·i+30, words 40 pixels
// wide from x 0, with hOCR ids line_i and word_i_k.
func linesPage(lines ...string) *page.Page {
	var b page.Block
	for i, s := range lines {
		c, words, _ := strings.Cut(s, ":")
		var conf float64
		fmt.Sscan(c, &conf)
		y := 100 * i
		l := page.Line{ID: fmt.Sprintf("line_%d", i), Box: page.Box{X0: 0, Y0: y, X1: 40 * len(strings.Fields(words)), Y1: y + 30}}
		for k, w := range strings.Fields(words) {
			l.Words = append(l.Words, page.Word{Text: w, OCR: w, Conf: conf, ID: fmt.Sprintf("word_%d_%d", i, k),
				Box: page.Box{X0: 40 * k, Y0: y, X1: 40*k + 36, Y1: y + 30}})
		}
		b.Lines = append(b.Lines, l)
	}
	return &page.Page{Blocks: []page.Block{b}}
}

// hocrOf writes p as hOCR, as Tesseract nests it.
func hocrOf(p *page.Page) string {
	var b strings.Builder
	b.WriteString("<div class='ocr_page' id='page_1'><p class='ocr_par' id='par_1'>")
	for _, lr := range p.Lines() {
		l := lr.Line
		fmt.Fprintf(&b, "<span class='ocr_line' id='%s' title='bbox %d %d %d %d'>", l.ID, l.Box.X0, l.Box.Y0, l.Box.X1, l.Box.Y1)
		for _, w := range l.Words {
			fmt.Fprintf(&b, "<span class='ocrx_word' id='%s' title='bbox %d %d %d %d; x_wconf %g'>%s</span> ", w.ID, w.Box.X0, w.Box.Y0, w.Box.X1, w.Box.Y1, w.Conf, w.Text)
		}
		b.WriteString("</span>")
	}
	b.WriteString("</p></div>")
	return b.String()
}

func readingOf(variant string, lines ...string) Reading {
	p := linesPage(lines...)
	return Reading{Variant: variant, HOCR: hocrOf(p), Page: p}
}

// shifted moves every line of r down by dy pixels (another image's
// reading of the same lines is never exactly where the first one is).
func shifted(r Reading, dy int) Reading {
	for _, lr := range r.Page.Lines() {
		lr.Line.Box.Y0 += dy
		lr.Line.Box.Y1 += dy
		for i := range lr.Line.Words {
			lr.Line.Words[i].Box.Y0 += dy
			lr.Line.Words[i].Box.Y1 += dy
		}
	}
	r.HOCR = hocrOf(r.Page)
	return r
}

func TestGrayLines(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []string
		want  []int
	}{
		{"a page read well enough is read line by line nowhere", []string{"55:Хим Ир", "90:Сен заявил", "70:и"}, nil},
		{"a poor page: its lines under GrayLineBelow", []string{"30:Хим Ир", "90:Сен", "79:и"}, []int{1, 3}},
		{"a line without a confidence is read again", []string{"20:Хим", "-1:Ир", "95:Сен"}, []int{1, 2}},
		{"a page without any confidence: every line", []string{"-1:Хим", "-1:Ир"}, []int{1, 2}},
		{"on the page gate: read once", []string{fmt.Sprintf("%d:Хим", GrayBelow)}, nil},
		{"just under it", []string{fmt.Sprintf("%g:Хим", GrayBelow-0.01)}, []int{1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := GrayLines(linesPage(c.lines...)); !slices.Equal(got, c.want) {
				t.Errorf("lines %v, want %v", got, c.want)
			}
		})
	}
}

func TestTakeLines(t *testing.T) {
	anchor := readingOf("auto", "40:Хим Ир", "90:Сен заявил", "50:в Мосхве")
	// the gray image's reading of lines 1 and 3: read a few pixels lower,
	// line 3 as three words
	gray := shifted(readingOf("gray", "30:Ким Ир", "10:", "45:в Мос кве"), 3)
	gray.Page.Blocks[0].Lines = slices.Delete(gray.Page.Blocks[0].Lines, 1, 2)
	gray.HOCR = hocrOf(gray.Page)
	got, taken, err := TakeLines(anchor, gray, []int{1, 3})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(taken, []int{1, 3}) {
		t.Fatalf("taken %v, want [1 3]", taken)
	}
	if txt := got.Page.Text(); txt != "Ким Ир\nСен заявил\nв Мос кве\n" {
		t.Fatalf("text %q", txt)
	}
	l := got.Page.Blocks[0].Lines[2]
	if l.ID != "line_2" || l.Box.Y0 != 203 || l.Words[0].Conf != 45 || l.Words[0].ID != "word_2_0_gray" {
		t.Fatalf("line taken %+v: want the anchor's line id, the gray reading's box, words and confidences, its word ids tagged", l)
	}
	// the hOCR says the same: the gray line under the anchor line's id,
	// the words of the page found in it by their ids
	for _, lr := range got.Page.Lines() {
		for _, w := range lr.Line.Words {
			if !strings.Contains(got.HOCR, "id='"+w.ID+"'") || !strings.Contains(got.HOCR, ">"+w.Text+"</span>") {
				t.Errorf("hOCR has no word %s %q: %s", w.ID, w.Text, got.HOCR)
			}
		}
	}
	if strings.Contains(got.HOCR, "Хим") || strings.Contains(got.HOCR, "Мосхве") || strings.Count(got.HOCR, "id='line_2'") != 1 {
		t.Fatalf("hOCR keeps the anchor's lines taken: %s", got.HOCR)
	}
}

func TestTakeLinesLeavesLinesNotReadInOnePiece(t *testing.T) {
	box := func(r Reading, line int, b page.Box) Reading {
		r.Page.Blocks[0].Lines[line].Box = b
		r.HOCR = hocrOf(r.Page)
		return r
	}
	for _, c := range []struct {
		name         string
		anchor, gray Reading
	}{
		{"nothing read there", readingOf("auto", "40:Хим Ир", "50:Сен"), readingOf("gray", "30:Ким")},
		{"read beside it", readingOf("auto", "40:Хим Ир", "50:Сен"),
			box(readingOf("gray", "30:Ким", "30:Сон"), 1, page.Box{X0: 500, Y0: 100, X1: 540, Y1: 130})},
		// lines set close: the gray line overlaps the second more than the first
		{"a line that stands more where another stands",
			box(box(readingOf("auto", "40:Хим Ир", "50:Сен"), 0, page.Box{X0: 0, Y0: 20, X1: 80, Y1: 60}), 1, page.Box{X0: 0, Y0: 40, X1: 40, Y1: 80}),
			box(readingOf("gray", "30:Ким"), 0, page.Box{X0: 0, Y0: 35, X1: 40, Y1: 70})},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := 2
			if strings.HasPrefix(c.name, "a line that") {
				want = 1
			}
			before := c.anchor.Page.Text()
			got, taken, err := TakeLines(c.anchor, c.gray, []int{want})
			if err != nil {
				t.Fatal(err)
			}
			if len(taken) != 0 || got.Page.Text() != before {
				t.Fatalf("taken %v, text %q, want %q unchanged", taken, got.Page.Text(), before)
			}
		})
	}
}

func TestGray(t *testing.T) {
	for _, c := range []struct {
		name   string
		anchor Reading
		read   func(lines []int) (Reading, error)
		asked  []int
		whole  bool // read asked for the whole page (no lines)
		text   string
		taken  []int
		scored Scored
		err    string
	}{{
		name:   "a page read well enough: the gray image is not read",
		anchor: readingOf("auto", "85:Хим Ир", "78:Сен"),
		text:   "Хим Ир\nСен\n",
	}, {
		name:   "a page read between the gates: the gray image read whole, and its more confident reading kept",
		anchor: readingOf("auto", "70:Хим Ир", "50:Сен"),
		read:   func([]int) (Reading, error) { return readingOf("gray", "80:Ким Ир", "60:Сен"), nil },
		whole:  true, text: "Ким Ир\nСен\n", taken: []int{1, 2},
		scored: Scored{Variant: "gray", MeanConf: 73.33},
	}, {
		name:   "a page read between the gates: a gray reading no more confident is not kept",
		anchor: readingOf("auto", "70:Хим Ир", "50:Сен"),
		read:   func([]int) (Reading, error) { return readingOf("gray", "70:Ким Ир", "50:Сен"), nil },
		whole:  true, text: "Хим Ир\nСен\n", taken: []int{},
		scored: Scored{Variant: "gray", MeanConf: 63.33},
	}, {
		name:   "a poor page: its poor lines read from gray, and taken",
		anchor: readingOf("auto", "30:Хим Ир", "95:Сен заявил", "35:в Мосхве"),
		read: func([]int) (Reading, error) {
			// the gray reading is no more confident: taken all the same
			return readingOf("gray", "35:Ким Ир", "-1:", "35:в Москве"), nil
		},
		asked: []int{1, 3}, text: "Ким Ир\nСен заявил\nв Москве\n", taken: []int{1, 3},
		scored: Scored{Variant: "gray", MeanConf: 35, Lines: 2},
	}, {
		name:   "a poor page without a gray image",
		anchor: readingOf("auto", "40:Хим"),
		read:   func([]int) (Reading, error) { return Reading{}, nil },
		asked:  []int{1}, text: "Хим\n",
	}, {
		name:   "a page where nothing was read: the gray image read whole, its reading taken",
		anchor: Reading{Variant: "auto", Page: &page.Page{}},
		read:   func([]int) (Reading, error) { return readingOf("gray", "45:Ким Ир", "50:Сен"), nil },
		asked:  nil, whole: true, text: "Ким Ир\nСен\n", taken: []int{1, 2},
		scored: Scored{Variant: "gray", MeanConf: 46.67},
	}, {
		name:   "a page where neither image has anything",
		anchor: Reading{Variant: "auto", Page: &page.Page{}},
		read:   func([]int) (Reading, error) { return Reading{Variant: "gray", Page: &page.Page{}}, nil },
		whole:  true, text: "", taken: []int{},
	}, {
		name:   "an engine that fails fails the page",
		anchor: readingOf("auto", "40:Хим"),
		read:   func([]int) (Reading, error) { return Reading{}, errors.New("engine exploded") },
		asked:  []int{1}, err: "engine exploded",
	}} {
		t.Run(c.name, func(t *testing.T) {
			var asked []int
			called := false
			got, g, err := Gray(c.anchor, func(lines []int) (Reading, error) {
				asked, called = lines, true
				return c.read(lines)
			})
			if !slices.Equal(asked, c.asked) || called != (c.asked != nil || c.whole) {
				t.Fatalf("asked for lines %v (called %v), want %v (whole page %v)", asked, called, c.asked, c.whole)
			}
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if txt := got.Page.Text(); txt != c.text {
				t.Fatalf("text %q, want %q", txt, c.text)
			}
			if c.taken == nil {
				if g != nil {
					t.Fatalf("gray read %+v of a page read well enough", g)
				}
				return
			}
			if len(g.Taken) != len(c.taken) || !slices.Equal(g.Taken, c.taken) && len(c.taken) > 0 || c.scored.Variant != "" && g.Read != c.scored {
				t.Fatalf("gray read %+v, want taken %v scored %+v", g, c.taken, c.scored)
			}
		})
	}
}
