package pdf

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/page"
)

// The corpus in testdata/ is written by tools/pdfcorpus (see its doc): one
// 600×800 synthetic scan (scan.png) stored and placed every way.

func needTools(t *testing.T) {
	t.Helper()
	testtools.Command(t, "mutool", "mupdf-tools")
	testtools.Command(t, "qpdf", "qpdf")
}

func loadScan(t *testing.T) *image.Gray {
	t.Helper()
	f, err := os.Open("testdata/scan.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img.(*image.Gray)
}

// expected draws what page p shows at w×h pixels of its scan src (white
// where the scan is not): each pixel's centre taken back through the
// image's matrix to the scan's pixel it falls in.
func expected(p *Page, im Image, src image.Image, w, h int) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, w, h))
	a, b, c, d, e, f := im.matrix[0], im.matrix[1], im.matrix[2], im.matrix[3], im.matrix[4], im.matrix[5]
	det := a*d - b*c
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	for y := range h {
		for x := range w {
			px, py := (float64(x)+0.5)*p.Width/float64(w)-e, (float64(y)+0.5)*p.Height/float64(h)-f
			u, v := (d*px-c*py)/det, (a*py-b*px)/det
			g := uint8(255)
			if u >= 0 && u < 1 && v >= 0 && v < 1 {
				g = color.GrayModel.Convert(src.At(int(u*float64(sw)), int(v*float64(sh)))).(color.Gray).Y
			}
			out.Pix[y*out.Stride+x] = g
		}
	}
	return out
}

// differ returns the largest and the mean difference of two grey images.
func differ(a, b *image.Gray) (maxd int, mean float64) {
	sum := 0
	for i := range a.Pix {
		d := int(a.Pix[i]) - int(b.Pix[i])
		if d < 0 {
			d = -d
		}
		maxd, sum = max(maxd, d), sum+d
	}
	return maxd, float64(sum) / float64(len(a.Pix))
}

func threshold(img *image.Gray) *image.Gray {
	out := image.NewGray(img.Rect)
	for i, v := range img.Pix {
		if v >= 128 {
			out.Pix[i] = 255
		}
	}
	return out
}

// TestReadCorpus: every way of storing and placing a scan is read at the
// scan's own resolution with the scan's pixels, as the page shows them.
func TestReadCorpus(t *testing.T) {
	needTools(t)
	src := loadScan(t)
	var jpg bytes.Buffer
	jpeg.Encode(&jpg, src, &jpeg.Options{Quality: 85}) // as tools/pdfcorpus stores it
	jdec, _ := jpeg.Decode(&jpg)
	tests := []struct {
		file    string
		w, h    int
		dpi     float64
		src     image.Image
		maxDiff int     // largest difference from the expected pixels
		mean    float64 // largest mean difference
	}{
		{"flate.pdf", 600, 800, 300, src, 0, 0},
		{"ccitt.pdf", 600, 800, 300, threshold(src), 0, 0},
		{"jbig2.pdf", 600, 800, 300, threshold(src), 0, 0},
		{"jpeg.pdf", 600, 800, 300, jdec, 8, 0.5}, // two JPEG decoders: rounding
		{"jpx.pdf", 600, 800, 300, src, 255, 6},   // lossy at quality 40
		{"rotated.pdf", 800, 600, 300, src, 0, 0},
		{"turned.pdf", 800, 600, 300, src, 0, 0},
		{"cropped.pdf", 480, 640, 300, src, 0, 0},
		{"margins.pdf", 714, 952, 300, src, 0, 0},
		{"encrypted-open.pdf", 0, 0, 0, nil, 0, 0}, // refused: see TestBadFiles
	}
	for _, tt := range tests {
		if tt.src == nil {
			continue
		}
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			if n, err := Count(path); err != nil || n != 1 {
				t.Fatalf("Count = %d, %v", n, err)
			}
			p, err := Layout(path, 1)
			if err != nil {
				t.Fatal(err)
			}
			im, ok := p.Scan()
			if !ok {
				t.Fatalf("no scan found on %+v", p)
			}
			w, h, dx, dy := p.Pixels(im)
			if w != tt.w || h != tt.h || math.Abs(dx-tt.dpi) > 0.01 || math.Abs(dy-tt.dpi) > 0.01 {
				t.Fatalf("read at %d×%d, %.2f×%.2f dpi; want %d×%d at %v", w, h, dx, dy, tt.w, tt.h, tt.dpi)
			}
			img, err := Render(path, 1, w, h, im.Gray)
			if err != nil {
				t.Fatal(err)
			}
			got := img.(*image.Gray)
			want := expected(p, im, tt.src, w, h)
			if m, mean := differ(got, want); m > tt.maxDiff || mean > tt.mean {
				t.Errorf("pixels differ from the scan's: largest %d, mean %.3f (allowed %d, %.3f)", m, mean, tt.maxDiff, tt.mean)
			}
		})
	}
}

// TestReadVectorPage: a page with no scan has none; drawn, it shows its text.
func TestReadVectorPage(t *testing.T) {
	needTools(t)
	p, err := Layout("testdata/vector.pdf", 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Scan(); ok || p.Text < 1 || p.Vector != 1 || p.Width != 612 || p.Height != 792 {
		t.Fatalf("layout %+v", p)
	}
	img, err := Render("testdata/vector.pdf", 1, 2550, 3300, false)
	if err != nil {
		t.Fatal(err)
	}
	dark := 0
	b := img.Bounds()
	// the first line of text: 72 pt from the left, baseline 142 pt from the top
	for y := 142*300/72 - 60; y < 142*300/72; y++ {
		for x := 300; x < 300+1200; x++ {
			if c := color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray); c.Y < 100 {
				dark++
			}
		}
	}
	if dark < 5000 {
		t.Errorf("the text line is not drawn: %d dark pixels", dark)
	}
}

// TestBadFiles: each fails with a message that says what is wrong.
func TestBadFiles(t *testing.T) {
	needTools(t)
	for file, want := range map[string]string{
		"empty.pdf":          "not a PDF",
		"notapdf.pdf":        "not a PDF",
		"truncated.pdf":      "broken or truncated PDF",
		"encrypted.pdf":      "encrypted PDF that needs a password",
		"encrypted-open.pdf": "encrypted PDF: spravka reads no encrypted PDF",
	} {
		t.Run(file, func(t *testing.T) {
			_, err := Count(filepath.Join("testdata", file))
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v, want %q", err, want)
			}
		})
	}
	if _, err := Layout("testdata/flate.pdf", 2); err == nil {
		t.Error("page 2 of a one-page PDF was read")
	}
}

func TestParseTrace(t *testing.T) {
	trace := `<document filename="x.pdf">
<page number="1" mediabox="0 0 200 100">
<fill_image alpha="1" colorspace="DeviceRGB" transform="0 100 -200 -0 200 0" width="50" height="100"/>
<fill_image alpha="1" colorspace="ICCBased(Gray)" transform="10 0 0 10 5 5" width="8" height="8"/>
<fill_text colorspace="DeviceGray" color="0" transform="1 0 0 -1 0 792"><span font="Courier"><g unicode="&lt;" glyph="less" x="72" y="650"/></span></fill_text>
<ignore_text transform="1 0 0 -1 0 792"><span><g unicode="a"/></span></ignore_text>
<fill_path winding="nonzero" transform="1 0 0 1 0 0"><moveto x="1" y="1"/></fill_path>
<fill_image alpha="1" colorspace="DeviceGray" transform="10 3 0 10 0 0" width="8" height="8"/>
</page>
</document>`
	p, err := parseTrace([]byte(trace))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 200 || p.Height != 100 || len(p.Images) != 3 || p.Text != 1 || p.Hidden != 1 || p.Vector != 1 {
		t.Fatalf("page %+v", p)
	}
	im, ok := p.Scan()
	if !ok || !im.Turned || im.Gray || im.Rect != (Rect{0, 0, 200, 100}) {
		t.Fatalf("scan %+v %v", im, ok)
	}
	if w, h, _, _ := p.Pixels(im); w != 100 || h != 50 {
		t.Errorf("pixels %d×%d, want 100×50 (the turned scan's own)", w, h)
	}
	if !p.Images[1].Gray || p.Images[2].Upright {
		t.Errorf("images %+v", p.Images)
	}
	if _, err := parseTrace([]byte(`<document><page number="1"></page></document>`)); err == nil {
		t.Error("a page without a size was read")
	}
}

func TestFrame(t *testing.T) {
	// a point of the text page (the crop box as displayed, y up) goes where
	// MuPDF showed it: checked against the matrix mutool trace gives for a
	// page with a crop box in its media box, turned 270°
	b := box{media: Rect{0, 0, 600, 800}, crop: Rect{50, 100, 450, 700}, rotate: 270}
	f, m := b.frame()
	if f.w != 600 || f.h != 400 {
		t.Errorf("frame %+v", f)
	}
	// mutool trace: user space (x, y) shows at (700-y, 450-x), y down
	for _, pt := range [][2]float64{{50, 100}, {450, 700}, {100, 650}} {
		dx, dy := 700-pt[1], 450-pt[0]
		tx, ty := dx, f.h-dy
		ux, uy := m[0]*tx+m[2]*ty+m[4], m[1]*tx+m[3]*ty+m[5]
		if math.Abs(ux-pt[0]) > 1e-9 || math.Abs(uy-pt[1]) > 1e-9 {
			t.Errorf("text page (%g, %g) lands at (%g, %g), want %v", tx, ty, ux, uy, pt)
		}
	}
	for _, r := range []int{0, 90, 180} {
		b := box{media: Rect{0, 0, 600, 800}, crop: Rect{50, 100, 450, 700}, rotate: r}
		f, m := b.frame()
		// the text page's corners land on the crop box's
		x0, y0 := m[4], m[5]
		x1, y1 := m[0]*f.w+m[2]*f.h+m[4], m[1]*f.w+m[3]*f.h+m[5]
		if min(x0, x1) != 50 || max(x0, x1) != 450 || min(y0, y1) != 100 || max(y0, y1) != 700 {
			t.Errorf("rotate %d: corners (%g,%g) (%g,%g)", r, x0, y0, x1, y1)
		}
	}
}

func TestGlyphlessFont(t *testing.T) {
	font := glyphless()
	if checksum(font) != 0xB1B0AFBA {
		t.Errorf("font checksum %08X, want B1B0AFBA", checksum(font))
	}
	if len(font) > 1024 {
		t.Errorf("the glyphless font takes %d bytes", len(font))
	}
}

// pageWords is a page of the scan's text: the words of tools/pdfcorpus's
// first two rows of bars, named so that their order shows.
func pageWords() *page.Page {
	words := func(y int, texts ...string) page.Line {
		l := page.Line{Box: page.Box{X0: 60, Y0: y, X1: 540, Y1: y + 22}}
		x := 60
		for _, s := range texts {
			w := 11 * len([]rune(s))
			l.Words = append(l.Words, page.Word{Text: s, OCR: s, Box: page.Box{X0: x, Y0: y, X1: x + w, Y1: y + 22}})
			x += w + 12
		}
		return l
	}
	return &page.Page{Width: 600, Height: 800, Blocks: []page.Block{
		{Lines: []page.Line{words(180, "Шифртелеграмма", "строго", "секретно"), words(224, "Разуваев", "Ким", "Ир", "Сен")}},
	}}
}

// TestSearchable: the copy passes qpdf --check, has the input's pages and
// sizes, shows the same pixels, keeps every image stream byte for byte,
// and gives the text back in reading order where the words stand.
func TestSearchable(t *testing.T) {
	needTools(t)
	testtools.Command(t, "pdftotext", "poppler-utils")
	for _, tt := range []struct {
		file string
		page int
		w, h int
	}{
		{"flate.pdf", 1, 600, 800},
		{"jbig2.pdf", 1, 600, 800},
		{"jpx.pdf", 1, 600, 800},
		{"rotated.pdf", 1, 800, 600},
		{"turned.pdf", 1, 800, 600},
		{"cropped.pdf", 1, 480, 640},
		{"margins.pdf", 1, 714, 952},
		{"two.pdf", 2, 600, 800},
	} {
		t.Run(tt.file, func(t *testing.T) {
			in := filepath.Join("testdata", tt.file)
			text := pageWords()
			if tt.w == 800 { // a turned page: the words across its width
				text.Width, text.Height = 800, 600
			}
			var out bytes.Buffer
			if _, err := Searchable(in, []Layer{{Page: tt.page, Text: text, W: tt.w, H: tt.h}}, Options{}, &out); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "out.pdf")
			os.WriteFile(path, out.Bytes(), 0o644)
			if b, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
				t.Fatalf("qpdf --check: %v\n%s", err, b)
			}
			if a, b := boxesOf(t, in), boxesOf(t, path); a != b {
				t.Errorf("pages and boxes changed:\n%s\n%s", a, b)
			}
			if a, b := imageStreams(t, in), imageStreams(t, path); len(a) == 0 || strings.Join(a, "|") != strings.Join(b, "|") {
				t.Errorf("image streams changed: %d in, %d out", len(a), len(b))
			}
			for k := 1; k <= tt.page; k++ {
				if a, b := draw(t, in, k), draw(t, path, k); !bytes.Equal(a, b) {
					t.Errorf("page %d does not look the same", k)
				}
			}
			got, err := exec.Command("pdftotext", "-f", strconv.Itoa(tt.page), "-l", strconv.Itoa(tt.page), path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if want := "Шифртелеграмма строго секретно\nРазуваев Ким Ир Сен\n"; strings.TrimSpace(string(got)) != strings.TrimSpace(want) {
				t.Errorf("pdftotext: %q, want %q", got, want)
			}
			if tt.w < tt.h { // pdftotext -bbox measures a turned page unturned
				checkWordPlace(t, path, tt.page, tt.w)
			}
			if out, err := exec.Command("mutool", "draw", "-q", "-F", "txt", "-o", "-", path, strconv.Itoa(tt.page)).Output(); err != nil || !strings.Contains(string(out), "Разуваев Ким Ир Сен") {
				t.Errorf("MuPDF reads %q, %v", out, err)
			}
			var again bytes.Buffer
			Searchable(in, []Layer{{Page: tt.page, Text: text, W: tt.w, H: tt.h}}, Options{}, &again)
			if !bytes.Equal(out.Bytes(), again.Bytes()) {
				t.Error("a second copy differs from the first")
			}
		})
	}
}

// checkWordPlace: the word «Разуваев» starts where its box does, on its
// line (x 60, y 224–246 of the w pixels wide page as read, the crop box).
func checkWordPlace(t *testing.T, path string, k, w int) {
	t.Helper()
	layout, err := Layout(path, k)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", "-f", strconv.Itoa(k), "-l", strconv.Itoa(k), path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	wordRe := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">Разуваев</word>`)
	wm := wordRe.FindStringSubmatch(string(out))
	if wm == nil {
		t.Fatalf("no word in %s", out)
	}
	f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
	s := layout.Width / float64(w) // points per pixel
	x0, y0, y1 := f(wm[1])/s, f(wm[2])/s, f(wm[4])/s
	if math.Abs(x0-60) > 1 || y0 > 246 || y1 < 224 {
		t.Errorf("«Разуваев» at x %.1f, y %.1f–%.1f pixels; its box is x 60, y 224–246", x0, y0, y1)
	}
}

func boxesOf(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("mutool", "pages", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(out), "\n") // the file name
	return rest
}

// imageStreams returns the raw (encoded) data of every image of the PDF, in page order.
func imageStreams(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("qpdf", "--json=2", "--json-key=pages", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Pages []struct {
			Images []struct{ Object string } `json:"images"`
		} `json:"pages"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var streams []string
	for _, p := range doc.Pages {
		for _, im := range p.Images {
			n := strings.Fields(im.Object)[0]
			data, err := exec.Command("qpdf", "--show-object="+n, "--raw-stream-data", path).Output()
			if err != nil {
				t.Fatal(err)
			}
			streams = append(streams, string(data))
		}
	}
	return streams
}

func draw(t *testing.T, path string, k int) []byte {
	t.Helper()
	out, err := exec.Command("mutool", "draw", "-q", "-F", "pnm", "-o", "-", "-r", "100", path, strconv.Itoa(k)).Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}
