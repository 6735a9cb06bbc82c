package tesseract

import (
	"image"
	"image/draw"
	"slices"
	"strings"
	"testing"

	"github.com/otiai10/gosseract/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
)

// render draws lines of text in Go Regular at 12 pt on a 300-dpi white page.
func render(t *testing.T, lines ...string) *image.Gray {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 300, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 1800, 150+120*len(lines)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(100, 150+120*i)
		d.DrawString(l)
	}
	return img
}

func TestHOCRReadsRussian(t *testing.T) {
	testtools.Tesseract(t, "rus")
	c, err := New(Config{Lang: "rus", PSM: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !strings.HasPrefix(c.Settings().Version, "5.") && !strings.HasPrefix(c.Settings().Version, "4.") {
		t.Errorf("version %q", c.Settings().Version)
	}
	img := render(t, "Шифртелеграмма из Пхеньяна", "Строго секретно")
	for _, vars := range []map[string]string{nil, {"thresholding_method": "2"}, nil} {
		h, err := c.HOCR(t.Context(), img, 300, vars)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(h, "/tmp") || strings.Contains(h, "/work") {
			t.Errorf("hOCR names a file path: %.300s", h)
		}
		if !strings.HasPrefix(h, "<?xml") || !strings.Contains(h, "<meta name='ocr-system' content='tesseract "+c.Settings().Version) || !strings.HasSuffix(h, "</html>\n") {
			t.Errorf("not a complete hOCR document: %.200s … %s", h, h[max(0, len(h)-50):])
		}
		p, err := ocr.ParseHOCR(strings.NewReader(h))
		if err != nil {
			t.Fatal(err)
		}
		got := p.Text()
		for _, w := range []string{"Шифртелеграмма", "Пхеньяна", "Строго", "секретно"} {
			if !strings.Contains(got, w) {
				t.Errorf("vars %v: %q not read in %q", vars, w, got)
			}
		}
		if m, ok := p.MeanConf(); !ok || m < 60 {
			t.Errorf("mean confidence %v on clean text", m)
		}
	}
}

func TestHOCRRejectsBadInput(t *testing.T) {
	testtools.Tesseract(t, "rus")
	c, err := New(Config{Lang: "rus", PSM: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.HOCR(t.Context(), image.NewGray(image.Rect(0, 0, 0, 0)), 300, nil); err == nil {
		t.Error("empty image accepted")
	}
	if _, err := c.HOCR(t.Context(), image.NewGray(image.Rect(0, 0, 10, 10)), 0, nil); err == nil {
		t.Error("dpi 0 accepted")
	}
	if _, err := c.HOCR(t.Context(), image.NewGray(image.Rect(0, 0, 10, 10)), 300, map[string]string{"tessedit_char_whitelist": "1"}); err == nil {
		t.Error("a per-page variable outside the allowed set was accepted")
	}
}

func TestNewMissingLanguage(t *testing.T) {
	testtools.Tesseract(t, "rus")
	_, err := New(Config{Lang: "rus+xqz", PSM: 3})
	if err == nil || !strings.Contains(err.Error(), "tesseract-ocr-xqz") {
		t.Errorf("error %v, want one naming the package tesseract-ocr-xqz", err)
	}
}

func TestCloseTwice(t *testing.T) {
	testtools.Tesseract(t, "rus")
	c, err := New(Config{Lang: "rus", PSM: 3})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	c.Close() // gosseract v2.4.1 would double-free here
}

func TestPGM(t *testing.T) {
	img := image.NewGray(image.Rect(2, 3, 5, 5))
	img.Pix[img.PixOffset(2, 3)] = 7
	img.Pix[img.PixOffset(4, 4)] = 9
	got := string(pgm(img))
	want := "P5\n3 2\n255\n\x07\x00\x00\x00\x00\x09"
	if got != want {
		t.Errorf("pgm = %q, want %q", got, want)
	}
}

// TestPageSegmentationModeTakesEffect reads two lines of text in automatic
// mode (3) and as one line (7), which must give one line: a mode that did
// not reach the engine would still find two.
func TestPageSegmentationModeTakesEffect(t *testing.T) {
	testtools.Tesseract(t, "rus")
	img := render(t, "Шифртелеграмма из Пхеньяна", "Строго секретно")
	lines := func(psm int) int {
		c, err := New(Config{Lang: "rus", PSM: psm})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if got := c.Settings().PSM; got != psm {
			t.Errorf("psm %d: the engine reports %d", psm, got)
		}
		p, _ := readPage(t, c, img, nil)
		return len(p.Lines())
	}
	if n := lines(3); n != 2 {
		t.Errorf("psm 3 read %d lines, want 2", n)
	}
	if n := lines(7); n != 1 {
		t.Errorf("psm 7 read %d lines: the mode did not reach the engine", n)
	}
}

// TestEngineHandle guards the way spravka reaches the engine behind
// gosseract's client (hocr.go): it fails when a gosseract release no longer
// keeps it where spravka looks for it.
func TestEngineHandle(t *testing.T) {
	testtools.Tesseract(t, "rus")
	g := gosseract.NewClient()
	defer g.Close()
	if _, err := engineOf(g); err != nil {
		t.Fatalf("cannot reach gosseract's engine: %v", err)
	}
	c, err := New(Config{Lang: "rus", PSM: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	img := render(t, "Строго секретно")
	h, err := c.HOCR(t.Context(), img, 300, nil)
	if err != nil || !strings.Contains(h, "секретно") {
		t.Errorf("hOCR through the engine handle: %v %.200s", err, h)
	}
}

// TestPageSegmentationModePerPage: a page may ask for its own mode
// (ocr.PSMVar, as a line image does) and the next page is read in the
// engine's mode again.
func TestPageSegmentationModePerPage(t *testing.T) {
	testtools.Tesseract(t, "rus")
	img := render(t, "Шифртелеграмма из Пхеньяна", "Строго секретно")
	c, err := New(Config{Lang: "rus", PSM: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	lines := func(vars map[string]string) int {
		p, _ := readPage(t, c, img, vars)
		return len(p.Lines())
	}
	if n := lines(nil); n != 2 {
		t.Errorf("psm 4 read %d lines, want 2", n)
	}
	if n := lines(map[string]string{ocr.PSMVar: "7"}); n != 1 {
		t.Errorf("a page asking for psm 7 read %d lines, want 1", n)
	}
	if n := lines(nil); n != 2 {
		t.Errorf("the next page read %d lines, want 2: the page's mode stuck", n)
	}
	if got := c.Settings().PSM; got != 4 {
		t.Errorf("the engine reports psm %d, want its own 4", got)
	}
}

// TestChoicesChangeNoReading: the per-character alternatives
// (lstm_choice_mode 2) add to the hOCR and change nothing of the reading:
// the same words, boxes and confidences with and without them. The
// pipeline relies on it (Config.Choices).
func TestChoicesChangeNoReading(t *testing.T) {
	testtools.Tesseract(t, "rus")
	img := render(t, "Шифртелеграмма из Пхеньяна", "Строго секретно", "Ким Ир Сен вновь заявил,", "что он полностью согласен")
	read := func(choices bool) (*page.Page, string) {
		c, err := New(Config{Lang: "rus", PSM: 4, Choices: choices})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return readPage(t, c, img, nil)
	}
	with, h := read(true)
	without, h0 := read(false)
	if !strings.Contains(h, "lstm_choices_") || strings.Contains(h0, "lstm_choices_") {
		t.Fatalf("alternatives in the hOCR with choices: %v, without: %v", strings.Contains(h, "lstm_choices_"), strings.Contains(h0, "lstm_choices_"))
	}
	type word struct {
		text string
		box  page.Box
		conf float64
	}
	words := func(p *page.Page) []word {
		var out []word
		for _, lr := range p.Lines() {
			for _, w := range lr.Line.Words {
				out = append(out, word{w.Text, w.Box, w.Conf})
			}
		}
		return out
	}
	a, b := words(with), words(without)
	if len(a) < 10 || !slices.Equal(a, b) {
		t.Fatalf("with choices %v\nwithout %v", a, b)
	}
}

// readPage reads img (300 dpi) with c and the page variables vars, and
// returns the page parsed from the hOCR with the hOCR.
func readPage(t *testing.T, c *Client, img *image.Gray, vars map[string]string) (*page.Page, string) {
	t.Helper()
	h, err := c.HOCR(t.Context(), img, 300, vars)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ocr.ParseHOCR(strings.NewReader(h))
	if err != nil {
		t.Fatal(err)
	}
	return p, h
}
