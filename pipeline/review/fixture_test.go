package review

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/report"
)

// word of a fixture page, with its box
type fw struct {
	text           string
	x0, y0, x1, y1 int
	conf           int
}

const fixW, fixH = 1000, 600

// The fixture's pages: both read «Рабузов» (a known misreading, applied) and
// «Кисловолск,»/«Кисловолск.» (unknown to everyone: only an archivist can
// fix it); the first has a suggestion and a word of markup.
var fixLines = map[string][][]fw{
	"дело 1/лист 1": {
		{{"Шифртелеграмма", 100, 50, 400, 90, 93}, {"из", 420, 50, 470, 90, 95}, {"Кисловолск,", 480, 50, 700, 90, 86}},
		{{"т.", 100, 120, 130, 160, 91}, {"Рабузов", 180, 120, 350, 160, 41}, {"и", 360, 120, 380, 160, 95}, {"Федоренко", 390, 120, 600, 160, 55}},
		{{"<script>alert(1)</script>", 100, 200, 500, 240, 30}},
	},
	"дело 1/лист 2": {
		{{"Рабузов", 100, 50, 270, 90, 45}, {"прибыл", 280, 50, 420, 90, 90}, {"в", 430, 50, 450, 90, 96}, {"Кисловолск.", 460, 50, 680, 90, 84}},
	},
}

var fixCorrections = map[string][]page.Correction{
	"дело 1/лист 1": {
		{Page: 1, Line: 2, Word: 1, Words: 1, Box: &page.Box{X0: 180, Y0: 120, X1: 350, Y1: 160}, From: "Рабузов", To: "Разуваев",
			Rule: page.RuleLexicon, Score: 1, Conf: 41, Applied: true, Reason: "known misreading of Разуваев"},
		{Page: 1, Line: 2, Word: 3, Words: 1, Box: &page.Box{X0: 390, Y0: 120, X1: 600, Y1: 160}, From: "Федоренко", To: "Федоренку",
			Rule: page.RuleDictionary, Score: 0.6, Conf: 55, Reason: "only suggested"},
	},
	"дело 1/лист 2": {
		{Page: 1, Line: 1, Word: 0, Words: 1, Box: &page.Box{X0: 100, Y0: 50, X1: 270, Y1: 90}, From: "Рабузов", To: "Разуваев",
			Rule: page.RuleLexicon, Score: 1, Conf: 45, Applied: true, Reason: "known misreading of Разуваев"},
	},
}

func hocrOf(lines [][]fw) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<html><body><div class='ocr_page' id='page_1' title='image \"x\"; bbox 0 0 %d %d'>\n<p class='ocr_par' title=\"bbox 0 0 %d %d\">\n", fixW, fixH, fixW, fixH)
	n := 0
	for li, l := range lines {
		fmt.Fprintf(&b, "<span class='ocr_line' id='line_1_%d' title=\"bbox 0 0 1 1\">", li+1)
		for _, w := range l {
			n++
			fmt.Fprintf(&b, "<span class='ocrx_word' id='word_1_%d' title='bbox %d %d %d %d; x_wconf %d'>%s</span> ", n, w.x0, w.y0, w.x1, w.y1, w.conf,
				strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(w.text))
		}
		b.WriteString("</span>\n")
	}
	b.WriteString("</p></div></body></html>\n")
	return b.String()
}

// textOf is the page's text with the applied corrections.
func textOf(name string, corrected bool) string {
	var lines []string
	for li, l := range fixLines[name] {
		var ws []string
		for wi, w := range l {
			t := w.text
			for _, c := range fixCorrections[name] {
				if corrected && c.Applied && c.Line == li+1 && c.Word == wi {
					t = c.To
				}
			}
			ws = append(ws, t)
		}
		lines = append(lines, strings.Join(ws, " "))
	}
	return strings.Join(lines, "\n") + "\n"
}

// writeFixture writes an output folder as spravka run leaves it for the
// fixture's two pages and a failed third, and returns its path.
func writeFixture(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	out := outdir.Dir{Root: dir}
	var pages []*record.Page
	names := []string{"дело 1/лист 1", "дело 1/лист 2"}
	for _, name := range names {
		conf := 80.0
		p := &record.Page{Input: name + ".tif", PageNo: 1, Pages: 1, Name: name, Status: record.StatusOK,
			Image:      &record.Image{Format: "tiff", Width: fixW, Height: fixH, SHA256: "00", DPI: 300, DPISource: "file"},
			OCR:        &record.OCR{Engine: "5.3.0", Lang: "rus", PSM: 4, Words: 8, MeanConf: &conf},
			Correction: record.NewCorrection(fixCorrections[name]),
		}
		scan := image.NewGray(image.Rect(0, 0, fixW, fixH))
		for i := range scan.Pix {
			scan.Pix[i] = 235
		}
		for _, l := range fixLines[name] {
			for _, w := range l {
				for y := w.y0 + 8; y < w.y1-8; y++ {
					for x := w.x0 + 2; x < w.x1-2; x++ {
						scan.SetGray(x, y, color.Gray{30})
					}
				}
			}
		}
		web, err := report.WebImage(scan)
		if err != nil {
			t.Fatal(err)
		}
		for ext, data := range map[string][]byte{".txt": []byte(textOf(name, true)), ".ocr.txt": []byte(textOf(name, false)),
			".hocr": []byte(hocrOf(fixLines[name])), report.ExtWeb: web} {
			if err := out.Write(name+ext, data); err != nil {
				t.Fatal(err)
			}
		}
		p.Outputs = []string{name + ".txt", name + ".ocr.txt", name + ".hocr", name + report.ExtWeb}
		pages = append(pages, p)
	}
	pages = append(pages, &record.Page{Input: "дело 1/лист 3.jpg", PageNo: 1, Pages: 1, Name: "дело 1/лист 3", Status: record.StatusFailed,
		Error: "decode дело 1/лист 3.jpg: invalid JPEG format"})
	for _, p := range pages {
		data, err := record.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := out.Write(p.Name+".json", data); err != nil {
			t.Fatal(err)
		}
	}
	sum := record.Summarize(record.Tool{Spravka: "test", Engine: "5.3.0", Lang: "rus", Preprocess: "auto"}, pages)
	data, _ := record.Marshal(sum)
	if err := out.Write(record.SummaryFile, data); err != nil {
		t.Fatal(err)
	}
	hocr := func(p *record.Page) string { b, _ := out.Read(p.Name + ".hocr"); return string(b) }
	if err := report.Write(out, sum, pages, hocr); err != nil {
		t.Fatal(err)
	}
	return dir
}

func read(t testing.TB, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func exists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
	return err == nil
}

func ptr(i int) *int { return &i }
