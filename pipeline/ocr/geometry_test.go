package ocr

import (
	"image"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

// shift moves boxes 100 right and 10 down, doubled in size.
func shift(r image.Rectangle) image.Rectangle {
	return image.Rect(2*r.Min.X+100, 2*r.Min.Y+10, 2*r.Max.X+100, 2*r.Max.Y+10)
}

func TestMapBoxes(t *testing.T) {
	p := &page.Page{Width: 50, Height: 60, Blocks: []page.Block{{
		Box: page.Box{X0: 1, Y0: 1, X1: 40, Y1: 20},
		Lines: []page.Line{{Box: page.Box{X0: 1, Y0: 1, X1: 40, Y1: 10}, Words: []page.Word{
			{Text: "a", Box: page.Box{X0: 1, Y0: 2, X1: 5, Y1: 9}},
			{Text: "b"}, // no box: stays without one
		}}},
	}}}
	MapBoxes(p, image.Pt(300, 400), shift)
	if p.Width != 300 || p.Height != 400 {
		t.Errorf("size %d×%d", p.Width, p.Height)
	}
	if b := p.Blocks[0].Box; b != (page.Box{X0: 102, Y0: 12, X1: 180, Y1: 50}) {
		t.Errorf("block %v", b)
	}
	w := p.Blocks[0].Lines[0].Words
	if w[0].Box != (page.Box{X0: 102, Y0: 14, X1: 110, Y1: 28}) || !w[1].Box.Empty() {
		t.Errorf("words %v %v", w[0].Box, w[1].Box)
	}
}

func TestMapHOCR(t *testing.T) {
	in := `<div class='ocr_page' id='page_1' title='image "unknown"; bbox 0 0 50 60; ppageno 0'>
<span class='ocr_line' id='line_1_1' title="bbox 1 1 40 10; baseline 0 -2; x_size 9">
<span class='ocrx_word' id='word_1_1' title='bbox 1 2 5 9; x_wconf 90'>а</span></span></div>`
	got := MapHOCR(in, `папка/Дело "7".tif`, image.Pt(300, 400), shift)
	for _, want := range []string{
		`title='image "папка/Дело &#34;7&#34;.tif"; bbox 0 0 300 400; ppageno 0'`,
		`title="bbox 102 12 180 30; baseline 0 -2; x_size 9"`,
		`title='bbox 102 14 110 28; x_wconf 90'`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	p, err := ParseHOCR(strings.NewReader(got))
	if err != nil || p.Width != 300 || p.Blocks[0].Lines[0].Words[0].Box != (page.Box{X0: 102, Y0: 14, X1: 110, Y1: 28}) {
		t.Errorf("mapped hOCR reads back as %+v (%v)", p, err)
	}
}
