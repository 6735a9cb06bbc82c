package combine

import (
	"errors"
	"fmt"
	"image"
	"slices"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

// judge knows the words of dict; a reading's plausibility is its share of
// known words.
type judge struct{}

func (judge) Known(w string) bool { return known(w) }
func (judge) Plausibility(p *page.Page) float64 {
	n, k := 0, 0
	for _, lr := range p.Lines() {
		for _, w := range lr.Line.Words {
			n++
			if known(w.Text) {
				k++
			}
		}
	}
	return float64(k) / float64(max(n, 1))
}

// reading is a one-line page read by variant, with its hOCR.
func reading(variant string, conf float64, words ...string) Reading {
	p := line(conf, words...)
	var b strings.Builder
	b.WriteString("<div class='ocr_page'><span class='ocr_line'>")
	for _, w := range p.Blocks[0].Lines[0].Words {
		fmt.Fprintf(&b, "<span class='ocrx_word' id='%s' title='bbox %d %d %d %d; x_wconf %g'>%s</span> ", w.ID, w.Box.X0, w.Box.Y0, w.Box.X1, w.Box.Y1, conf, w.Text)
	}
	b.WriteString("</span></div>")
	return Reading{Variant: variant, HOCR: b.String(), Page: p}
}

func TestBest(t *testing.T) {
	poor := func() Reading { return reading("auto", 50, "Хим@0", "Ир@50", "Сон@100") }
	others := func() ([]Reading, error) {
		return []Reading{reading("clean", 60, "Ким@0", "Ир@50", "Сон@100"), reading("healed", 70, "Хим@0", "Ир@50", "Сен@100")}, nil
	}
	for _, tc := range []struct {
		name   string
		judge  Judge
		anchor Reading
		read   func() ([]Reading, error)
		reads  int
		text   string
		scored []Scored
		takes  int
		err    string
	}{{
		name:   "a plausible page is read once",
		anchor: reading("auto", 90, "Ким@0", "Ир@50", "Сен@100"),
		read:   others, reads: 0, text: "Ким Ир Сен",
		scored: []Scored{{"auto", 90, 1, 0}},
	}, {
		name:   "a poor page takes the known words of the others, in its page and its hOCR",
		anchor: poor(), read: others, reads: 1, text: "Ким Ир Сен",
		scored: []Scored{{"auto", 50, 0.33, 0}, {"clean", 60, 0.67, 1}, {"healed", 70, 0.67, 1}},
		takes:  2,
	}, {
		name:  "on the threshold as recorded: 0.946 shows as 0.95 and is read once",
		judge: fixedJudge{0.946}, anchor: poor(), read: others, reads: 0, text: "Хим Ир Сон",
		scored: []Scored{{"auto", 50, 0.95, 0}},
	}, {
		name:   "an engine that fails fails the page",
		anchor: poor(), read: func() ([]Reading, error) { return nil, errors.New("engine exploded") }, reads: 1, err: "engine exploded",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			reads := 0
			jd := tc.judge
			if jd == nil {
				jd = judge{}
			}
			res, err := Best(tc.anchor, jd, func(lines []int) ([]Reading, error) {
				if !slices.Equal(lines, []int{1}) {
					t.Errorf("asked to read lines %v, want [1]", lines)
				}
				reads++
				return tc.read()
			})
			if reads != tc.reads {
				t.Errorf("%d reads of the other variants, want %d", reads, tc.reads)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(res.Page.Text()); got != tc.text {
				t.Errorf("text %q, want %q", got, tc.text)
			}
			if fmt.Sprint(res.Read) != fmt.Sprint(tc.scored) {
				t.Errorf("scored %v, want %v", res.Read, tc.scored)
			}
			if len(res.Takes) != tc.takes {
				t.Errorf("takes %+v, want %d", res.Takes, tc.takes)
			}
			for _, tk := range res.Takes {
				if !strings.Contains(res.HOCR, ">"+tk.To+"</span>") || strings.Contains(res.HOCR, ">"+tk.From+"</span>") {
					t.Errorf("hOCR does not carry %s for %s: %s", tk.To, tk.From, res.HOCR)
				}
			}
		})
	}
}

// fixedJudge finds every reading equally plausible and knows the words of dict.
type fixedJudge struct{ p float64 }

func (j fixedJudge) Known(w string) bool               { return known(w) }
func (j fixedJudge) Plausibility(p *page.Page) float64 { return j.p }

// TestLines: the lines read again are those with a word Words may replace.
func TestLines(t *testing.T) {
	p := &page.Page{Blocks: []page.Block{
		{Lines: []page.Line{line(50, "Ким@0", "Ир@50").Blocks[0].Lines[0], line(50, "Хим@0").Blocks[0].Lines[0]}},
		{Lines: []page.Line{line(50, "29.III.53@0", "№@50", "х@100").Blocks[0].Lines[0], line(50, "Сен@0", "Сон@50").Blocks[0].Lines[0]}},
	}}
	// lines 1, 2; a blank line between the blocks; 4, 5
	if got := Lines(p, known); !slices.Equal(got, []int{2, 5}) {
		t.Errorf("lines %v, want [2 5]", got)
	}
	if got := Lines(line(50, "Ким@0"), known); got != nil {
		t.Errorf("a page of known words: lines %v", got)
	}
}

// TestBandsAndMasked: another variant is read on a copy of its image that
// is white but around the lines asked for, the same size as the image.
func TestBandsAndMasked(t *testing.T) {
	p := &page.Page{Blocks: []page.Block{{Lines: []page.Line{
		{Box: page.Box{X0: 20, Y0: 10, X1: 80, Y1: 30}},
		{Box: page.Box{X0: 20, Y0: 50, X1: 80, Y1: 70}},
	}}}}
	bounds := image.Rect(0, 0, 100, 90)
	bands := Bands(p, []int{2}, bounds)
	if len(bands) != 1 || bands[0] != image.Rect(0, 45, 100, 75) {
		t.Fatalf("bands %v, want the second line widened by its height and a quarter of it, within the image", bands)
	}
	img := image.NewGray(bounds)
	for i := range img.Pix {
		img.Pix[i] = uint8(i % 200)
	}
	m := Masked(img, bands)
	if m.Rect != img.Rect {
		t.Fatalf("masked %v, want %v", m.Rect, img.Rect)
	}
	for _, pt := range []image.Point{{50, 20}, {5, 44}, {50, 75}} {
		if v := m.GrayAt(pt.X, pt.Y).Y; v != 255 {
			t.Errorf("outside the band %v: %d, want white", pt, v)
		}
	}
	for _, pt := range []image.Point{{0, 45}, {50, 60}, {99, 74}} {
		if m.GrayAt(pt.X, pt.Y) != img.GrayAt(pt.X, pt.Y) {
			t.Errorf("inside the band %v: %d, want the image's %d", pt, m.GrayAt(pt.X, pt.Y).Y, img.GrayAt(pt.X, pt.Y).Y)
		}
	}
}
