package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/preprocess"
)

// seqEngine reads the n-th image it is given as readings[n mod len].
type seqEngine struct {
	readings [][]string
	n        atomic.Int64
}

func (e *seqEngine) HOCR(_ context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error) {
	words := e.readings[int(e.n.Add(1)-1)%len(e.readings)]
	var b strings.Builder
	fmt.Fprintf(&b, "<div class='ocr_page' id='page_1' title='bbox 0 0 %d %d'><p class='ocr_par' id='par_1_1' title='bbox 0 0 90 20'><span class='ocr_line' id='line_1_1' title='bbox 0 0 90 20'>",
		img.Bounds().Dx(), img.Bounds().Dy())
	for i, w := range words {
		fmt.Fprintf(&b, "<span class='ocrx_word' id='word_1_%d' title='bbox %d 2 %d 18; x_wconf 50'>%s<span class='ocrx_cinfo' id='lstm_choices_1_%d_1'></span></span> ", i+1, 30*i, 30*i+25, w, i+1)
	}
	b.WriteString("</span></p></div>")
	return b.String(), nil
}
func (e *seqEngine) Settings() ocr.Settings {
	return ocr.Settings{Version: "seq 1.0", Lang: "rus", PSM: 4}
}
func (e *seqEngine) Close() error { return nil }

// wordJudge corrects nothing and knows a few words.
type wordJudge map[string]bool

func (wordJudge) Correct(p *page.Page, _ int) (*page.Page, []page.Correction) { return p.Clone(), nil }
func (j wordJudge) Known(w string) bool                                       { return j[w] }
func (j wordJudge) Plausibility(p *page.Page) float64 {
	known, all := 0, 0
	for _, lr := range p.Lines() {
		for _, w := range lr.Line.Words {
			all++
			if j[w.Text] {
				known++
			}
		}
	}
	return float64(known) / float64(max(all, 1))
}

// runBest runs mode best on one page, name.png, whose n-th recognition
// reads readings[n], with a judge that knows Ким, Ир and Сен; it returns the
// output folder and the number of recognitions.
func runBest(t *testing.T, name string, readings ...[]string) (string, int64) {
	t.Helper()
	return runBestJudged(t, true, name, readings...)
}

// runBestJudged is runBest with the judge given as Config.Judge or not
// (the corrector is the same judge all the same).
func runBestJudged(t *testing.T, judged bool, name string, readings ...[]string) (string, int64) {
	t.Helper()
	in, out := t.TempDir(), t.TempDir()
	writePNG(t, filepath.Join(in, name+".png"), 120, 40)
	eng := &seqEngine{readings: readings}
	judge := wordJudge{"Ким": true, "Ир": true, "Сен": true}
	cfg := Config{Input: in, Output: out, Workers: 1, DPI: 300,
		Preprocess: preprocess.ModeBest, Prep: preprocess.DefaultOptions(),
		NewEngine: func() (ocr.Engine, error) { return eng, nil },
		Corrector: judge, Judge: judge, Version: "test"}
	if !judged {
		cfg.Judge = nil
	}
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	return out, eng.n.Load()
}

func TestBestCombinesPoorPages(t *testing.T) {
	out, n := runBest(t, "poor",
		[]string{"Хим", "Ир", "Сон"}, // auto: two words unknown
		[]string{"Ким", "Ир", "Сон"}, // clean
		[]string{"Хим", "Ир", "Сен"}, // healed
	)
	if n != 3 {
		t.Fatalf("%d recognitions, want 3 (auto, clean, healed)", n)
	}
	raw, _ := os.ReadFile(filepath.Join(out, "poor.ocr.txt"))
	if got := strings.TrimSpace(string(raw)); got != "Ким Ир Сен" {
		t.Fatalf("combined reading %q, want «Ким Ир Сен»", got)
	}
	rec := readRecord(t, out, "poor")
	vs := rec.Preprocess.Variants
	if len(vs) != 3 || vs[0].Name != "auto" || vs[1].Name != "clean" || vs[2].Name != "healed" || vs[0].Plausibility != 0.33 {
		t.Fatalf("variants %+v", vs)
	}
	c := rec.OCR.Combined
	if len(c) != 2 || c[0].From != "Хим" || c[0].To != "Ким" || c[0].Reading != 1 || c[1].From != "Сон" || c[1].To != "Сен" || c[1].Reading != 2 || c[1].Word != 2 || c[1].Line != 1 {
		t.Fatalf("combined %+v", c)
	}
	hocr, _ := os.ReadFile(filepath.Join(out, "poor.hocr"))
	p, err := ocr.ParseHOCR(strings.NewReader(string(hocr)))
	if err != nil || strings.TrimSpace(p.Text()) != "Ким Ир Сен" {
		t.Fatalf("hOCR reads %q (%v)", p.Text(), err)
	}
	for _, id := range []string{"id='word_1_1'", "id='lstm_choices_1_1_1_clean'", "id='lstm_choices_1_3_1_healed'", "id='lstm_choices_1_2_1'"} {
		if strings.Count(string(hocr), id) != 1 {
			t.Errorf("hOCR has %s %d times, want once", id, strings.Count(string(hocr), id))
		}
	}
	alto, _ := os.ReadFile(filepath.Join(out, "poor.alto.xml"))
	if !strings.Contains(string(alto), `CONTENT="Ким"`) {
		t.Error("ALTO does not carry the combined reading")
	}
}

func TestBestReadsGoodPagesOnce(t *testing.T) {
	out, n := runBest(t, "clean", []string{"Ким", "Ир", "Сен"})
	if n != 1 {
		t.Fatalf("%d recognitions of a page read well, want 1", n)
	}
	rec := readRecord(t, out, "clean")
	if len(rec.Preprocess.Variants) != 1 || rec.OCR.Combined != nil {
		t.Fatalf("variants %+v, combined %+v", rec.Preprocess.Variants, rec.OCR.Combined)
	}
}

// TestBestWithoutJudge: without Config.Judge mode best reads auto's image
// only, whatever the corrector can do.
func TestBestWithoutJudge(t *testing.T) {
	out, n := runBestJudged(t, false, "poor", []string{"Хим", "Ир", "Сон"}, []string{"Ким", "Ир", "Сен"})
	if n != 1 {
		t.Fatalf("%d recognitions without a judge, want 1", n)
	}
	if rec := readRecord(t, out, "poor"); len(rec.Preprocess.Variants) != 0 || rec.OCR.Combined != nil {
		t.Fatalf("variants %+v, combined %+v", rec.Preprocess.Variants, rec.OCR.Combined)
	}
}

// bandEngine reads two lines, the first known, the second with an unknown
// word on the first image and a known one after; it keeps the images.
type bandEngine struct {
	images []*image.Gray
}

func (e *bandEngine) HOCR(_ context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error) {
	e.images = append(e.images, img)
	second := "Сон"
	if len(e.images) > 1 {
		second = "Сен"
	}
	return fmt.Sprintf(`<div class='ocr_page' id='page_1' title='bbox 0 0 %d %d'><p class='ocr_par' id='par_1_1' title='bbox 0 0 200 100'>
<span class='ocr_line' id='line_1_1' title='bbox 10 10 190 30'><span class='ocrx_word' id='word_1_1' title='bbox 10 10 60 30; x_wconf 90'>Ким</span></span>
<span class='ocr_line' id='line_1_2' title='bbox 10 60 190 80'><span class='ocrx_word' id='word_1_2' title='bbox 10 60 60 80; x_wconf 40'>%s</span></span></p></div>`,
		img.Bounds().Dx(), img.Bounds().Dy(), second), nil
}
func (e *bandEngine) Settings() ocr.Settings {
	return ocr.Settings{Version: "band 1.0", Lang: "rus", PSM: 4}
}
func (e *bandEngine) Close() error { return nil }

// TestBestReadsOnlyTheLinesThatNeedIt: the other images are read white but
// around the line with a word that may be replaced, at their full size.
func TestBestReadsOnlyTheLinesThatNeedIt(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	img := image.NewGray(image.Rect(0, 0, 240, 120))
	for i := range img.Pix {
		img.Pix[i] = uint8(255 * (i / 7 % 2)) // stripes of ink everywhere
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	os.WriteFile(filepath.Join(in, "p.png"), b.Bytes(), 0o644)
	eng := &bandEngine{}
	judge := wordJudge{"Ким": true, "Сен": true}
	prep := preprocess.DefaultOptions()
	prep.Crop.Off, prep.Scale.Off, prep.Deskew.Off = true, true, true
	prep.Bilevel.Off = true // black and white stripes: a clean bilevel page would have one variant fewer
	cfg := Config{Input: in, Output: out, Workers: 1, DPI: 300, Preprocess: preprocess.ModeBest, Prep: prep,
		NewEngine: func() (ocr.Engine, error) { return eng, nil }, Corrector: judge, Judge: judge, Version: "test"}
	if _, err := Run(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	if len(eng.images) != 3 {
		t.Fatalf("%d images read, want 3", len(eng.images))
	}
	band := image.Rect(0, 55, 210, 85) // line 2, 20 high: 20 on either side, 5 above and below
	for _, m := range eng.images[1:] {
		if m.Rect != eng.images[0].Rect {
			t.Fatalf("another image is %v, the anchor's %v", m.Rect, eng.images[0].Rect)
		}
		ink := 0
		for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
			for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
				if v := m.GrayAt(x, y).Y; v != 255 {
					if !image.Pt(x, y).In(band) {
						t.Fatalf("ink at %d,%d outside the line read again", x, y)
					}
					ink++
				}
			}
		}
		if ink == 0 {
			t.Error("nothing to read in the line read again")
		}
	}
	rec := readRecord(t, out, "p")
	if vs := rec.Preprocess.Variants; len(vs) != 3 || vs[1].Lines != 1 || vs[2].Lines != 1 {
		t.Errorf("variants %+v, want the others to have read 1 line", vs)
	}
	if c := rec.OCR.Combined; len(c) != 1 || c[0].To != "Сен" {
		t.Errorf("combined %+v", c)
	}
}
