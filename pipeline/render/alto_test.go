package render

import (
	"encoding/xml"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/page"
)

// corrected builds a small corrected page by hand: a plain word, a corrected
// word, a join of two OCR words, a split, and a word without confidence.
func corrected() *page.Page {
	w := func(text, ocr string, x0, x1 int, conf float64) page.Word {
		return page.Word{Text: text, OCR: ocr, Box: page.Box{X0: x0, Y0: 100, X1: x1, Y1: 140}, Conf: conf}
	}
	return &page.Page{Width: 2480, Height: 3508, Blocks: []page.Block{
		{Box: page.Box{X0: 200, Y0: 100, X1: 1800, Y1: 260}, Lines: []page.Line{
			{Box: page.Box{X0: 200, Y0: 100, X1: 1800, Y1: 140}, Words: []page.Word{
				w("т.", "т.", 200, 240, 96),
				w("Разуваев", "Рабузов", 260, 480, 41.5),
				w("и", "и", 500, 520, 93),
			}},
			{Box: page.Box{X0: 200, Y0: 200, X1: 1800, Y1: 260}, Words: []page.Word{
				w("Паньмыньчжоне", "Паньмынь", 200, 500, 30),
				w("", "чжоне", 510, 640, 55),
				w("Ким Ир", "КимИр", 700, 900, 62),
				w("Сеном", "Сеном", 920, 1040, page.NoConf),
			}},
		}},
	}}
}

func TestALTOGolden(t *testing.T) {
	got, err := ALTO(corrected(), ALTOMeta{FileName: "telegram.prep.png", Engine: "tesseract", EngineVersion: "5.3.0", Spravka: "test", PageNo: 1})
	if err != nil {
		t.Fatal(err)
	}
	testtools.Golden(t, "testdata/page.alto.xml", got)
}

func TestALTOStructure(t *testing.T) {
	b, err := ALTO(corrected(), ALTOMeta{PageNo: 1})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Lines []struct {
			Strings []struct {
				Content string `xml:"CONTENT,attr"`
				HPos    int    `xml:"HPOS,attr"`
				Width   int    `xml:"WIDTH,attr"`
				WC      string `xml:"WC,attr"`
				Alt     []struct {
					Purpose string `xml:"PURPOSE,attr"`
					Text    string `xml:",chardata"`
				} `xml:"ALTERNATIVE"`
			} `xml:"String"`
			SP []struct{} `xml:"SP"`
		} `xml:"Layout>Page>PrintSpace>TextBlock>TextLine"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Lines) != 2 {
		t.Fatalf("%d lines", len(doc.Lines))
	}
	l1, l2 := doc.Lines[0], doc.Lines[1]
	if len(l1.Strings) != 3 || len(l1.SP) != 2 {
		t.Fatalf("line 1: %+v", l1)
	}
	if s := l1.Strings[1]; s.Content != "Разуваев" || len(s.Alt) != 1 || s.Alt[0].Text != "Рабузов" || s.Alt[0].Purpose != "OCR" || s.WC != "0.41" {
		t.Errorf("corrected word: %+v", s)
	}
	if len(l1.Strings[0].Alt) != 0 {
		t.Error("an unchanged word carries an alternative")
	}
	var contents []string
	for _, s := range l2.Strings {
		contents = append(contents, s.Content)
	}
	if want := []string{"Паньмыньчжоне", "Ким", "Ир", "Сеном"}; !equal(contents, want) {
		t.Fatalf("line 2 strings %v, want %v", contents, want)
	}
	if j := l2.Strings[0]; j.Alt[0].Text != "Паньмынь чжоне" || j.HPos != 200 || j.Width != 440 {
		t.Errorf("joined word: %+v", j)
	}
	kim, ir := l2.Strings[1], l2.Strings[2]
	if kim.HPos != 700 || ir.HPos+ir.Width != 900 || kim.HPos+kim.Width > ir.HPos {
		t.Errorf("split boxes: %+v %+v", kim, ir)
	}
	if kim.Alt[0].Text != "КимИр" || len(ir.Alt) != 0 {
		t.Errorf("split alternatives: %+v %+v", kim.Alt, ir.Alt)
	}
	if l2.Strings[3].WC != "" {
		t.Error("a word without confidence has WC")
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
