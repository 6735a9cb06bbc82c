package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/inconsolata"
	"golang.org/x/image/math/fixed"

	"github.com/spravka/spravka/pipeline/combine"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/preprocess"
)

// grayEngine reads a binarised image as bilevel with confidence bilevel and
// a gray one (Tesseract's Sauvola asked for) as gray with confidence gray.
type grayEngine struct {
	bilevel, gray int
	reads         []string
}

func (e *grayEngine) HOCR(_ context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error) {
	word, conf := "bilevel", e.bilevel
	if vars["thresholding_method"] == "2" {
		word, conf = "gray", e.gray
	}
	e.reads = append(e.reads, word)
	if conf < 0 { // nothing found
		return fmt.Sprintf(`<div class='ocr_page' id='page_1' title='bbox 0 0 %d %d'></div>`, img.Bounds().Dx(), img.Bounds().Dy()), nil
	}
	return fmt.Sprintf(`<div class='ocr_page' id='page_1' title='bbox 0 0 %d %d'><p class='ocr_par' id='par_1_1' title='bbox 0 0 90 20'><span class='ocr_line' id='line_1_1' title='bbox 0 0 90 20'><span class='ocrx_word' id='word_1_1' title='bbox 2 2 80 18; x_wconf %d'>%s</span></span></p></div>`,
		img.Bounds().Dx(), img.Bounds().Dy(), conf, word), nil
}
func (e *grayEngine) Settings() ocr.Settings {
	return ocr.Settings{Version: "gray 1.0", Lang: "rus", PSM: 4}
}
func (e *grayEngine) Close() error { return nil }

// writeTextPNG writes a page of a few lines of text, typewriter size at
// 300 dpi.
func writeTextPNG(t *testing.T, path string) {
	t.Helper()
	small := image.NewGray(image.Rect(0, 0, 300, 150))
	draw.Draw(small, small.Rect, image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: small, Src: image.Black, Face: inconsolata.Regular8x16}
	for i, l := range []string{"The quick brown fox jumps", "over the lazy dog, 1953.", "Pack my box with five dozen"} {
		d.Dot = fixed.P(20, 30+i*24)
		d.DrawString(l)
	}
	page := image.NewGray(image.Rect(0, 0, 900, 450)) // enlarged 3 times
	for y := range 450 {
		for x := range 900 {
			page.Pix[y*900+x] = small.Pix[(y/3)*small.Stride+x/3]
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, page); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGrayReadOfPoorPages: a page whose auto image reads under GrayBelow
// has its poor lines read from its gray image too, and the gray reading of
// them taken, the gray image listed after auto's in the record with the
// lines it read and those taken; a page read well enough is read once. The
// page's image (written with --keep-images) and its engine variables stay
// auto's.
func TestGrayReadOfPoorPages(t *testing.T) {
	for _, c := range []struct {
		name          string
		bilevel, gray int
		reads, text   string
		variants      string
		taken         string // the lines taken from the gray reading
	}{
		{"gray taken", 50, 70, "bilevel gray", "gray", "auto gray", "[1]"},
		{"gray taken, however confident", 55, 30, "bilevel gray", "gray", "auto gray", "[1]"},
		{"between the gates: read whole, the more confident gray kept", 65, 75, "bilevel gray", "gray", "auto gray", "[1]"},
		{"between the gates: read whole, the bilevel reading kept", 70, 65, "bilevel gray", "bilevel", "auto gray", "[]"},
		{"read well enough", 85, 95, "bilevel", "bilevel", "", ""},
		{"nothing read: the gray image read whole", -1, 70, "bilevel gray", "gray", "auto gray", "[1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, out := t.TempDir(), t.TempDir()
			writeTextPNG(t, filepath.Join(in, "p.png"))
			eng := &grayEngine{bilevel: c.bilevel, gray: c.gray}
			cfg := Config{Input: in, Output: out, Workers: 1, DPI: 300, KeepImages: true,
				Preprocess: preprocess.ModeAuto, Prep: preprocess.DefaultOptions(),
				NewEngine: func() (ocr.Engine, error) { return eng, nil }, Corrector: wordJudge{}, Version: "test"}
			if _, err := Run(context.Background(), cfg); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(eng.reads, " "); got != c.reads {
				t.Fatalf("read %q, want %q", got, c.reads)
			}
			raw, _ := os.ReadFile(filepath.Join(out, "p.ocr.txt"))
			if got := strings.TrimSpace(string(raw)); got != c.text {
				t.Fatalf("reading %q, want %q", got, c.text)
			}
			hocr, _ := os.ReadFile(filepath.Join(out, "p.hocr"))
			if !strings.Contains(string(hocr), ">"+c.text+"</span>") || strings.Count(string(hocr), "ocrx_word") != 1 {
				t.Fatalf("hOCR does not hold the one word %q: %s", c.text, hocr)
			}
			rec := readRecord(t, out, "p")
			var names []string
			for _, v := range rec.Preprocess.Variants {
				names = append(names, v.Name)
			}
			if got := strings.Join(names, " "); got != c.variants {
				t.Fatalf("variants %q, want %q", got, c.variants)
			}
			if len(names) == 2 {
				g := rec.Preprocess.Variants[1]
				lines := 1 // read line by line; 0: the whole page
				if c.bilevel < 0 || c.bilevel >= combine.GrayBelow {
					lines = 0
				}
				if g.MeanConf != float64(c.gray) || g.Lines != lines || fmt.Sprint(g.Taken) != c.taken {
					t.Fatalf("gray variant %+v: want its confidence, %d lines read (0: all) and lines %s taken", g, lines, c.taken)
				}
				if a := rec.Preprocess.Variants[0]; a.MeanConf != float64(max(c.bilevel, 0)) {
					t.Fatalf("auto variant %+v: want its own reading's confidence %d", a, c.bilevel)
				}
			}
			steps := rec.Preprocess.Steps
			if last := steps[len(steps)-1].Name; last != "dust" {
				t.Fatalf("last step %q, want auto's", last)
			}
			if rec.OCR.Vars["thresholding_method"] == "2" {
				t.Fatalf("engine variables %v: want auto's", rec.OCR.Vars)
			}
			// the image written is auto's, bilevel
			f, err := os.Open(filepath.Join(out, "p.prep.png"))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range img.(*image.Gray).Pix {
				if v != 0 && v != 255 {
					t.Fatalf("written image has grey level %d: want auto's bilevel page", v)
				}
			}
		})
	}
}

// movedEngine reads two lines. Auto's image reads its second line poorly
// at y 60-80 (mean confidence 65: the page is read again whole from its
// gray image); the gray image (Tesseract's Sauvola asked for) reads the
// same words more confidently, its second line at y 90-110. It keeps the
// images it is given and whether each was read as gray.
type movedEngine struct {
	images []*image.Gray
	gray   []bool
}

func (e *movedEngine) HOCR(_ context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error) {
	gray := vars["thresholding_method"] == "2"
	e.images, e.gray = append(e.images, img), append(e.gray, gray)
	c1, c2, y := 90, 40, 60
	if gray {
		c1, c2, y = 95, 60, 90
	}
	return fmt.Sprintf(`<div class='ocr_page' id='page_1' title='bbox 0 0 %d %d'><p class='ocr_par' id='par_1_1' title='bbox 0 0 200 120'>
<span class='ocr_line' id='line_1_1' title='bbox 10 10 190 30'><span class='ocrx_word' id='word_1_1' title='bbox 10 10 60 30; x_wconf %d'>Ким</span></span>
<span class='ocr_line' id='line_1_2' title='bbox 10 %d 190 %d'><span class='ocrx_word' id='word_1_2' title='bbox 10 %d 60 %d; x_wconf %d'>Сон</span></span></p></div>`,
		img.Bounds().Dx(), img.Bounds().Dy(), c1, y, y+20, y, y+20, c2), nil
}
func (e *movedEngine) Settings() ocr.Settings {
	return ocr.Settings{Version: "moved 1.0", Lang: "rus", PSM: 4}
}
func (e *movedEngine) Close() error { return nil }

// TestBestAfterWholeGrayReading: in mode best, when a page's whole gray
// reading is kept, the other images are read around the lines of that
// reading, not of auto's.
func TestBestAfterWholeGrayReading(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeTextPNG(t, filepath.Join(in, "p.png"))
	eng := &movedEngine{}
	judge := wordJudge{"Ким": true, "Сен": true}
	cfg := Config{Input: in, Output: out, Workers: 1, DPI: 300, Preprocess: preprocess.ModeBest, Prep: preprocess.DefaultOptions(),
		NewEngine: func() (ocr.Engine, error) { return eng, nil }, Corrector: judge, Judge: judge, Version: "test"}
	if _, err := Run(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(eng.gray) != "[false true false false]" {
		t.Fatalf("readings gray %v: want auto's, the gray one, then the two others", eng.gray)
	}
	rec := readRecord(t, out, "p")
	if vs := rec.Preprocess.Variants; len(vs) == 0 || fmt.Sprint(vs[len(vs)-1].Taken) != "[1 2]" {
		t.Fatalf("variants %+v: want the gray reading taken whole", vs)
	}
	band := image.Rect(0, 85, 210, 115) // the gray reading's line 2, 20 high: 20 on either side, 5 above and below
	for _, m := range eng.images[2:] {
		ink := 0
		for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
			for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
				if m.GrayAt(x, y).Y != 255 {
					if !image.Pt(x, y).In(band) {
						t.Fatalf("ink at %d,%d outside the gray reading's line read again", x, y)
					}
					ink++
				}
			}
		}
		if ink == 0 {
			t.Error("nothing to read in the line read again")
		}
	}
}
