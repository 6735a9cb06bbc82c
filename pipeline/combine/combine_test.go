package combine

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

// line builds a one-line page from words "text@x0" 40 pixels wide and 30
// high on the baseline band y 100..130, each with confidence conf.
func line(conf float64, words ...string) *page.Page {
	l := page.Line{}
	for i, s := range words {
		text, at, _ := strings.Cut(s, "@")
		x := 0
		for _, c := range at {
			x = x*10 + int(c-'0')
		}
		w := page.Word{Text: text, OCR: text, Conf: conf, Box: page.Box{X0: x, Y0: 100, X1: x + 40, Y1: 130}, ID: "w" + at}
		if i > 0 {
			w.Space = " "
		}
		l.Words = append(l.Words, w)
	}
	return &page.Page{Blocks: []page.Block{{Lines: []page.Line{l}}}}
}

var dict = map[string]bool{"ким": true, "ир": true, "сен": true, "заявил": true, "и": true, "в": true, "москва": true, "москве": true}

func known(w string) bool {
	return dict[strings.ToLower(strings.Trim(w, ".,;:!?«»()"))]
}

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		name   string
		anchor *page.Page
		others []*page.Page
		want   string
		takes  []Take
	}{{
		name:   "an unknown word takes a known reading in the same place",
		anchor: line(50, "Хим@0", "Ир@50", "Сен@100", "заяв:л,@150"),
		others: []*page.Page{line(60, "Ким@1", "Ир@50", "Сон@100", "заявил,@152")},
		want:   "Ким Ир Сен заявил,",
		takes: []Take{
			{Line: 1, Word: 0, From: "Хим", To: "Ким", Reading: 1, Votes: 1, Conf: 60, ID: "w0", TakenID: "w1"},
			{Line: 1, Word: 3, From: "заяв:л,", To: "заявил,", Reading: 1, Votes: 1, Conf: 60, ID: "w150", TakenID: "w152"},
		},
	}, {
		name:   "a known word is kept even when others read another known word",
		anchor: line(50, "Москве@0"),
		others: []*page.Page{line(90, "Москва@0"), line(90, "Москва@0")},
		want:   "Москве",
	}, {
		name:   "numbers, №, single letters and marks are the engine's own",
		anchor: line(50, "2S@0", "№@50", "х@100", "»@150"),
		others: []*page.Page{line(90, "Ир@0", "Ир@50", "и@100", "в@150")},
		want:   "2S № х »",
	}, {
		name:   "a known word with a digit is not taken",
		anchor: line(50, "Хим@0"),
		others: []*page.Page{line(90, "К1м@0")},
		want:   "Хим",
	}, {
		name:   "a word elsewhere is not the same word",
		anchor: line(50, "Хим@0"),
		others: []*page.Page{line(90, "Ким@25")},
		want:   "Хим",
	}, {
		name:   "the reading most variants agree on wins, then confidence",
		anchor: line(50, "Мосхва@0"),
		others: []*page.Page{line(95, "Москве@0"), line(60, "Москва@0"), line(70, "Москва@0")},
		want:   "Москва",
		takes:  []Take{{Line: 1, Word: 0, From: "Мосхва", To: "Москва", Reading: 3, Votes: 2, Conf: 70, ID: "w0", TakenID: "w0"}},
	}, {
		name:   "no other reading, no change",
		anchor: line(50, "Хим@0"),
		want:   "Хим",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.anchor.Text()
			takes := Words(tc.anchor, tc.others, known)
			if got := strings.TrimSpace(tc.anchor.Text()); got != tc.want {
				t.Fatalf("text %q, want %q (was %q)", got, tc.want, before)
			}
			if tc.takes != nil && !reflect.DeepEqual(takes, tc.takes) {
				t.Fatalf("takes\n%+v\nwant\n%+v", takes, tc.takes)
			}
			if tc.takes == nil && len(takes) != 0 && tc.want == strings.TrimSpace(before) {
				t.Fatalf("takes %+v for an unchanged page", takes)
			}
			if len(takes) != strings.Count(tc.want, " ")+1-countSame(before, tc.want) {
				t.Fatalf("%d takes for %q → %q", len(takes), before, tc.want)
			}
		})
	}
}

// countSame counts the words two texts share at the same position.
func countSame(a, b string) int {
	fa, fb := strings.Fields(a), strings.Fields(b)
	n := 0
	for i := range min(len(fa), len(fb)) {
		if fa[i] == fb[i] {
			n++
		}
	}
	return n
}

func TestTakenWordCarriesReadingAndBox(t *testing.T) {
	anchor := line(20, "Хим@0")
	other := line(80, "Ким@2")
	other.Blocks[0].Lines[0].Words[0].Choices = [][]page.Alt{{{Text: "К", Conf: 80}}, {{Text: "и", Conf: 90}}, {{Text: "м", Conf: 99}}}
	Words(anchor, []*page.Page{other}, known)
	w := anchor.Blocks[0].Lines[0].Words[0]
	if w.Text != "Ким" || w.OCR != "Ким" || w.Conf != 80 || len(w.Choices) != 3 {
		t.Fatalf("taken word %+v: want the other reading's text, OCR, confidence and choices", w)
	}
	// the box where the taken text was read (the spliced hOCR has it too),
	// the anchor's id
	if w.Box != (page.Box{X0: 2, Y0: 100, X1: 42, Y1: 130}) || w.ID != "w0" {
		t.Fatalf("taken word: box %+v id %q, want the other reading's box and the anchor's id", w.Box, w.ID)
	}
}

func TestIoU(t *testing.T) {
	a := page.Box{X0: 0, Y0: 0, X1: 10, Y1: 10}
	for _, tc := range []struct {
		b    page.Box
		want float64
	}{
		{a, 1},
		{page.Box{X0: 5, Y0: 0, X1: 15, Y1: 10}, 50.0 / 150},
		{page.Box{X0: 10, Y0: 0, X1: 20, Y1: 10}, 0},
		{page.Box{X0: 2, Y0: 2, X1: 8, Y1: 8}, 0.36},
	} {
		if got := iou(a, tc.b); got != tc.want {
			t.Errorf("iou(%v, %v) = %v, want %v", a, tc.b, got, tc.want)
		}
	}
}
