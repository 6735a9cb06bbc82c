package ocr

import (
	"os"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

// parseFile reads an hOCR file of testdata/ into a page.
func parseFile(t *testing.T, path string) *page.Page {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ParseHOCR(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseHOCR(t *testing.T) {
	p := parseFile(t, "testdata/sample.hocr")
	if p.Width != 2549 || p.Height != 3555 {
		t.Errorf("page size %d×%d", p.Width, p.Height)
	}
	if len(p.Blocks) != 2 || len(p.Blocks[0].Lines) != 2 || len(p.Blocks[1].Lines) != 1 {
		t.Fatalf("structure: %+v", p.Blocks)
	}
	want := "СПРАВКА: № 359 \"К&СС<\nРабузов\n\nШифртелеграмма\n"
	if got := p.Text(); got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	if got := p.OCRText(); got != want {
		t.Errorf("OCRText() = %q, want %q", got, want)
	}
	w := p.Blocks[0].Lines[0].Words[3]
	if w.Box != (page.Box{X0: 798, Y0: 288, X1: 871, Y1: 323}) || w.Conf != 12 {
		t.Errorf("word 4 = %+v", w)
	}
	if l := p.Blocks[0].Lines[0]; l.Box != (page.Box{X0: 337, Y0: 279, X1: 2120, Y1: 354}) || len(l.Words) != 4 {
		t.Errorf("line 1 = %+v", l)
	}
	if m, ok := p.MeanConf(); !ok || m < 71.32 || m > 71.34 {
		t.Errorf("mean conf %v %v, want 71.33", m, ok)
	}
}

func TestParseHOCREmptyAndBroken(t *testing.T) {
	p, err := ParseHOCR(strings.NewReader(`<html><body><div class='ocr_page' title='bbox 0 0 10 20'></div></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 10 || p.Height != 20 || len(p.Blocks) != 0 || p.Text() != "" {
		t.Errorf("empty page = %+v", p)
	}
	// a word outside any ocr_par or ocr_line still lands somewhere
	p, err = ParseHOCR(strings.NewReader(`<div class='ocr_page' title='bbox 0 0 10 20'><span class='ocrx_word' title='bbox 1 1 5 5; x_wconf 50'>слово</span></div>`))
	if err != nil || p.Text() != "слово\n" {
		t.Errorf("loose word: %v %q", err, p.Text())
	}
	if _, err := ParseHOCR(strings.NewReader("<div class='ocr_page'>&#xZZ;<")); err == nil {
		t.Error("malformed hOCR must be an error")
	}
}

func TestParseTitle(t *testing.T) {
	tests := []struct {
		title string
		box   page.Box
		conf  float64
	}{
		{"bbox 1 2 3 4; x_wconf 95", page.Box{X0: 1, Y0: 2, X1: 3, Y1: 4}, 95},
		{"image \"x\"; bbox 0 0 2549 3555; ppageno 0", page.Box{X1: 2549, Y1: 3555}, page.NoConf},
		{"bbox 1 2 three 4", page.Box{}, page.NoConf},
		{"", page.Box{}, page.NoConf},
	}
	for _, tt := range tests {
		box, conf := parseTitle(tt.title)
		if box != tt.box || conf != tt.conf {
			t.Errorf("parseTitle(%q) = %v %v, want %v %v", tt.title, box, conf, tt.box, tt.conf)
		}
	}
}

func TestParseHOCRChoices(t *testing.T) {
	p := parseFile(t, "testdata/choices.hocr")
	if got := p.Text(); got != "29 м:рта\n" {
		t.Fatalf("Text() = %q: alternatives leaked into the text", got)
	}
	words := p.Blocks[0].Lines[0].Words
	if len(words[0].Choices) != 0 {
		t.Errorf("a word without alternatives has %v", words[0].Choices)
	}
	w := words[1]
	if w.Conf != 34 || w.Box != (page.Box{X0: 962, Y0: 126, X1: 1092, Y1: 164}) {
		t.Errorf("word %+v", w)
	}
	want := [][]page.Alt{
		{{Text: " ", Conf: 86.917358}},
		{{Text: "м", Conf: 95.185165}, {Text: "и", Conf: 0}},
		{{Text: ":", Conf: 86.218491}, {Text: "е", Conf: 77.256973}, {Text: "а", Conf: 52.022736}},
		{{Text: "р", Conf: 97.1}},
		{{Text: "т", Conf: 96.5}},
		{{Text: "а", Conf: 93}, {Text: "&", Conf: 0}},
	}
	if len(w.Choices) != len(want) {
		t.Fatalf("%d choice sets, want %d: %v", len(w.Choices), len(want), w.Choices)
	}
	for i := range want {
		if len(w.Choices[i]) != len(want[i]) {
			t.Errorf("set %d = %v, want %v", i, w.Choices[i], want[i])
			continue
		}
		for j := range want[i] {
			if w.Choices[i][j] != want[i][j] {
				t.Errorf("set %d choice %d = %v, want %v", i, j, w.Choices[i][j], want[i][j])
			}
		}
	}
}

// TestParseHOCRIDs: lines and words keep their element ids, so that a line
// or a word of the page can be replaced in the hOCR (SpliceWords).
func TestParseHOCRIDs(t *testing.T) {
	h := `<div class='ocr_page' id='page_1' title='bbox 0 0 200 100'><p class='ocr_par' id='par_1_1'>
<span class='ocr_line' id='line_1_1' title='bbox 10 10 190 40'><span class='ocrx_word' id='word_1_1' title='bbox 10 10 60 40; x_wconf 91'>Ким</span> <span class='ocrx_word' id='word_1_2' title='bbox 70 10 100 40; x_wconf 90'>Ир</span></span>
<span class='ocr_line' id='line_1_2' title='bbox 10 50 190 80'><span class='ocrx_word' id='word_1_3' title='bbox 10 50 60 80; x_wconf 89'>Сен</span></span></p></div>`
	p, err := ParseHOCR(strings.NewReader(h))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, lr := range p.Lines() {
		got = append(got, lr.Line.ID)
		for _, w := range lr.Line.Words {
			got = append(got, w.ID)
		}
	}
	if s := strings.Join(got, " "); s != "line_1_1 word_1_1 word_1_2 line_1_2 word_1_3" {
		t.Fatalf("ids %q", s)
	}
	if c := p.Clone(); c.Blocks[0].Lines[1].ID != "line_1_2" {
		t.Fatalf("a clone loses the line's id")
	}
}
