package report

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/record"
)

// fixWord is a word of a fixture page: its text and box in scan pixels.
type fixWord struct {
	text           string
	x0, y0, x1, y1 int
	conf           int
}

// hocrOf writes the hOCR of a page of w×h pixels with the given lines, the
// way Tesseract does (one paragraph, a line element per line).
func hocrOf(w, h int, lines [][]fixWord) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<div class='ocr_page' id='page_1' title='image "x"; bbox 0 0 %d %d'>
<p class='ocr_par' id='par_1_1' title="bbox 0 0 %d %d">
`, w, h, w, h)
	n := 0
	for li, l := range lines {
		fmt.Fprintf(&b, "<span class='ocr_line' id='line_1_%d' title=\"bbox 0 0 1 1\">\n", li+1)
		for _, wd := range l {
			n++
			fmt.Fprintf(&b, "<span class='ocrx_word' id='word_1_%d' title='bbox %d %d %d %d; x_wconf %d'>%s</span>\n",
				n, wd.x0, wd.y0, wd.x1, wd.y1, wd.conf, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(wd.text))
		}
		b.WriteString("</span>\n")
	}
	b.WriteString("</p></div></body></html>\n")
	return b.String()
}

// fixture is a small batch as a run leaves it: two pages read, one of them
// with a transcription, whose words include markup that must stay text, and
// a page that failed. The scan is 1000×600 pixels.
type fixture struct {
	pages []*record.Page
	hocr  map[string]string
}

const (
	fixW, fixH = 1000, 600
	// a page name that is also an attempt at markup, in a folder whose name needs escaping in URLs
	fixEvil = `опись 3/"><img src=x onerror=alert(1)>`
)

func newFixture() *fixture {
	f := &fixture{hocr: map[string]string{}}
	lines := [][]fixWord{
		{{"Шифртелеграмма", 100, 50, 400, 90, 93}, {"№", 420, 50, 450, 90, 90}, {"8265", 460, 50, 560, 90, 88}},
		{{"т.", 100, 120, 130, 160, 91}, {"т.", 140, 120, 170, 160, 90}, {"Рабузов", 180, 120, 350, 160, 41}, {"и", 360, 120, 380, 160, 95}, {"Федоренко", 390, 120, 600, 160, 55}},
		{{"<script>alert(1)</script>", 100, 200, 500, 240, 30}, {"сообщили,", 520, 200, 700, 240, 89}},
	}
	truth := "Шифртелеграмма № 8265\nт. т. Разуваев и Федоренко\nсообщили,\n"
	corr := []page.Correction{
		{Page: 1, Line: 2, Word: 2, Words: 1, Box: &page.Box{X0: 180, Y0: 120, X1: 350, Y1: 160}, From: "Рабузов", To: "Разуваев",
			Rule: page.RuleLexicon, Score: 1, Conf: 41, Applied: true, Reason: "known misreading of Разуваев",
			Alternatives: []page.Candidate{{Text: "Разуваев", Score: 1, Source: "lexicon:person Разуваев"}}},
		{Page: 1, Line: 2, Word: 4, Words: 1, Box: &page.Box{X0: 390, Y0: 120, X1: 600, Y1: 160}, From: "Федоренко", To: "Федоренку",
			Rule: page.RuleDictionary, Score: 0.6, Conf: 55, Applied: false, Reason: "only suggested: <b>margin</b> small"},
	}
	raw, fixed := "Шифртелеграмма № 8265\nт. т. Рабузов и Федоренко\n<script>alert(1)</script> сообщили,\n", ""
	fixed = strings.Replace(raw, "Рабузов", "Разуваев", 1)
	conf := 75.2
	ok := func(name string, withTruth bool) *record.Page {
		p := &record.Page{Input: name + ".tif", PageNo: 1, Pages: 1, Name: name, Status: record.StatusOK,
			Image:      &record.Image{Format: "tiff", Width: fixW, Height: fixH, SHA256: "00", DPI: 300, DPISource: "file"},
			OCR:        &record.OCR{Engine: "5.3.0", Lang: "rus", PSM: 4, Words: 10, MeanConf: &conf},
			Correction: record.NewCorrection(corr),
			Outputs:    []string{name + ".txt", name + ".ocr.txt", name + ".hocr", name + ".alto.xml", name + ExtWeb},
		}
		if withTruth {
			p.Truth = &record.Truth{File: name + ".gt.txt", From: "input", Raw: record.NewRates(raw, truth),
				Corrected: record.NewRates(fixed, truth), Words: accuracy.WordChanges(raw, fixed, truth), Text: truth}
		}
		f.hocr[name] = hocrOf(fixW, fixH, lines)
		return p
	}
	f.pages = []*record.Page{
		ok("a/лист 1", true),
		{Input: "a/лист 2.jpg", PageNo: 1, Pages: 1, Name: "a/лист 2", Status: record.StatusFailed,
			Error: "decode a/лист 2.jpg: invalid JPEG format: missing SOI marker"},
		ok(fixEvil, false),
	}
	return f
}

// write writes the fixture's output folder: the page files the report links
// (each holding its name), a web copy of the scan with the words drawn as
// dark boxes, and the report itself.
func (f *fixture) write(t *testing.T, dir string) *record.Summary {
	t.Helper()
	out := outdir.Dir{Root: dir}
	scan := image.NewGray(image.Rect(0, 0, fixW, fixH))
	for i := range scan.Pix {
		scan.Pix[i] = 240
	}
	for _, p := range f.pages {
		for _, o := range p.Outputs {
			data := []byte("содержимое " + o + "\n")
			if strings.HasSuffix(o, ".hocr") {
				continue
			}
			if strings.HasSuffix(o, ExtWeb) {
				pg := mustParse(t, f.hocr[p.Name])
				img := image.NewGray(scan.Rect)
				copy(img.Pix, scan.Pix)
				for _, lr := range pg.Lines() {
					for _, w := range lr.Line.Words {
						for y := w.Box.Y0; y < w.Box.Y1; y++ {
							for x := w.Box.X0; x < w.Box.X1; x++ {
								img.SetGray(x, y, color.Gray{40})
							}
						}
					}
				}
				var err error
				if data, err = WebImage(img); err != nil {
					t.Fatal(err)
				}
			}
			if err := out.Write(o, data); err != nil {
				t.Fatal(err)
			}
		}
		if h, ok := f.hocr[p.Name]; ok {
			if err := out.Write(p.Name+".hocr", []byte(h)); err != nil {
				t.Fatal(err)
			}
		}
		data, err := record.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := out.Write(p.Name+".json", data); err != nil {
			t.Fatal(err)
		}
	}
	sum := &record.Summary{Tool: record.Tool{Engine: "5.3.0", Lang: "rus", Preprocess: "auto"}}
	for _, p := range f.pages {
		sum.Add(p)
	}
	data, err := record.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Write(record.SummaryFile, data); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, sum, f.pages, func(p *record.Page) string { return f.hocr[p.Name] }); err != nil {
		t.Fatal(err)
	}
	return sum
}

func mustParse(t *testing.T, hocr string) *page.Page {
	t.Helper()
	p, err := ocr.ParseHOCR(strings.NewReader(hocr))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
