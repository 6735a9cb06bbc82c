package report

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
)

func textOf(rs []Run) string {
	var b strings.Builder
	for _, r := range rs {
		for _, s := range r.Segs {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// diffsOf lists the marked segments of a text as "diff:text".
func diffsOf(rs []Run) []string {
	var out []string
	for _, r := range rs {
		for _, s := range r.Segs {
			if s.Diff != "" {
				out = append(out, s.Diff+":"+s.Text)
			}
		}
	}
	return out
}

func TestViewOfAPage(t *testing.T) {
	f := newFixture()
	p := f.pages[0]
	v := NewView(p, f.hocr[p.Name], p.Truth.Text, Names(f.pages))
	if v.Problem != "" {
		t.Fatal(v.Problem)
	}
	if len(v.Words) != 10 || v.Width != fixW || v.Height != fixH {
		t.Fatalf("%d words on %d×%d", len(v.Words), v.Width, v.Height)
	}
	byOCR := map[string]Word{}
	for _, w := range v.Words {
		byOCR[w.OCR] = w
	}
	for _, tt := range []struct {
		ocr, text, mark string
		corr            int
	}{
		{"Рабузов", "Разуваев", "applied", 0},
		{"Федоренко", "Федоренко", "suggested", 1}, // a suggestion changes nothing
		{"<script>alert(1)</script>", "<script>alert(1)</script>", "low", -1},
		{"Шифртелеграмма", "Шифртелеграмма", "plain", -1},
	} {
		w := byOCR[tt.ocr]
		if w.Text != tt.text || w.Mark != tt.mark || w.Corr != tt.corr {
			t.Errorf("%s: text %q mark %s correction %d, want %q %s %d", tt.ocr, w.Text, w.Mark, w.Corr, tt.text, tt.mark, tt.corr)
		}
	}
	if c := v.Corrections[0]; len(c.Words) != 1 || v.Words[c.Words[0]].OCR != "Рабузов" {
		t.Errorf("correction 0 covers %v", c.Words)
	}
	if got, want := textOf(v.OCR), "Шифртелеграмма № 8265\nт. т. Рабузов и Федоренко\n<script>alert(1)</script> сообщили,\n"; got != want {
		t.Errorf("OCR text %q", got)
	}
	if got := textOf(v.Corrected); !strings.Contains(got, "т. т. Разуваев и Федоренко\n") {
		t.Errorf("corrected text %q", got)
	}
	if got := textOf(v.Truth); got != p.Truth.Text {
		t.Errorf("transcription %q", got)
	}
	// against the transcription: the misreading and the stray markup are
	// marked in the OCR, only the markup in the corrected text, and the
	// transcription marks nothing missing from the corrected text
	ocrDiffs := strings.Join(diffsOf(v.OCR), "|")
	if !strings.Contains(ocrDiffs, "ins:<script>alert(1)</script>") || !strings.Contains(ocrDiffs, "sub:") {
		t.Errorf("OCR differences %s", ocrDiffs)
	}
	for _, d := range diffsOf(v.Corrected) {
		if strings.ContainsAny(d, "Разуваев") && !strings.Contains(d, "script") {
			t.Errorf("the corrected word is marked as a difference: %s", d)
		}
	}
	if d := diffsOf(v.Truth); len(d) != 0 {
		t.Errorf("transcription differences %q, want none (all of it is in the corrected text)", d)
	}
	// each word of the texts is a run of its own, with its index
	for _, r := range v.OCR {
		if r.W >= 0 && textOf([]Run{r}) != v.Words[r.W].OCR {
			t.Errorf("run of word %d is %q, want %q", r.W, textOf([]Run{r}), v.Words[r.W].OCR)
		}
	}
}

func TestViewWithoutTranscriptionMarksTheCorrections(t *testing.T) {
	f := newFixture()
	p := f.pages[2]
	v := NewView(p, f.hocr[p.Name], "", Names(f.pages))
	if v.Against != "corrected" || v.Truth != nil {
		t.Fatalf("compared with %q", v.Against)
	}
	if got := strings.Join(diffsOf(v.Corrected), "|"); got == "" || !strings.Contains("Разуваев", strings.TrimPrefix(strings.Split(got, "|")[0], "sub:")) {
		t.Errorf("corrected text differences %q, want the letters correction changed", got)
	}
}

func TestViewOfAFailedPage(t *testing.T) {
	f := newFixture()
	v := NewView(f.pages[1], "", "", Names(f.pages))
	if len(v.Words) != 0 || v.Problem != "" {
		t.Errorf("failed page: %d words, problem %q", len(v.Words), v.Problem)
	}
	html, err := Page(v, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "The image file could not be read: a/лист 2.jpg: invalid JPEG format") {
		t.Errorf("the page view does not say what went wrong:\n%s", html)
	}
}

func TestViewOfARecordThatDoesNotFitItsHOCR(t *testing.T) {
	f := newFixture()
	p := *f.pages[0]
	c := *p.Correction
	c.Corrections = append(c.Corrections[:0:0], c.Corrections...)
	c.Corrections[0].Line = 9
	p.Correction = &c
	v := NewView(&p, f.hocr[p.Name], "", nil)
	if !strings.Contains(v.Problem, "does not fit the hOCR") {
		t.Errorf("problem %q", v.Problem)
	}
}

func TestNavLinks(t *testing.T) {
	f := newFixture()
	names := Names(f.pages)
	for _, tt := range []struct {
		page                          int
		index, assets, prev, next, sc string
	}{
		{0, "index.html", "_report/", "", "a/лист 2.html", "a/лист 1.web.jpg"},
		{2, "index.html", "_report/", "a/лист 2.html", "", fixEvil + ".web.jpg"},
	} {
		p := f.pages[tt.page]
		n := NewView(p, f.hocr[p.Name], "", names).Nav
		base := &url.URL{Scheme: "file", Path: "/out/" + p.Name}
		resolve := func(href string) string {
			if href == "" {
				return ""
			}
			u, err := url.Parse(href)
			if err != nil {
				t.Fatalf("link %q: %v", href, err)
			}
			if u.RawQuery != "" || u.Fragment != "" {
				t.Errorf("link %q has a query or fragment", href)
			}
			return strings.TrimPrefix(base.ResolveReference(u).Path, "/out/")
		}
		for _, l := range []struct{ name, got, want string }{
			{"index", string(n.Index), tt.index}, {"assets", string(n.Assets), tt.assets},
			{"prev", string(n.Prev), tt.prev}, {"next", string(n.Next), tt.next}, {"scan", string(n.Scan), tt.sc},
		} {
			if got := resolve(l.got); got != l.want {
				t.Errorf("%s: %s link %q leads to %q, want %q", p.Name, l.name, l.got, got, l.want)
			}
		}
	}
}

func TestPageViewEscapesEverything(t *testing.T) {
	f := newFixture()
	p := f.pages[2]
	html, err := Page(NewView(p, f.hocr[p.Name], "", Names(f.pages)), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>margin"} {
		if bytes.Contains(html, []byte(bad)) {
			t.Errorf("page view holds %q unescaped", bad)
		}
	}
	if !bytes.Contains(html, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("the OCR word with markup is not shown as text")
	}
}

func TestPageViewGolden(t *testing.T) {
	f := newFixture()
	p := f.pages[0]
	html, err := Page(NewView(p, f.hocr[p.Name], p.Truth.Text, Names(f.pages)), nil)
	if err != nil {
		t.Fatal(err)
	}
	testtools.Golden(t, "testdata/page.html", html)
}

// TestPageFileOf: the page view of a page whose hOCR the caller has read
// is the one PageFile makes reading it, for every page of the fixture
// (failed, without hOCR, with corrections, with markup).
func TestPageFileOf(t *testing.T) {
	f := newFixture()
	names := Names(f.pages)
	for _, p := range f.pages {
		want, err := PageFile(p, f.hocr[p.Name], names)
		if err != nil {
			t.Fatal(err)
		}
		var raw *page.Page
		if h := f.hocr[p.Name]; h != "" {
			if raw, err = ocr.ParseHOCR(strings.NewReader(h)); err != nil {
				t.Fatal(err)
			}
		}
		var before *page.Page
		if raw != nil {
			before = raw.Clone()
		}
		got, err := PageFileOf(p, raw, names)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the page view differs from PageFile's", p.Name)
		}
		if !reflect.DeepEqual(raw, before) {
			t.Errorf("%s: PageFileOf changed the page", p.Name)
		}
	}
}

func TestWebImage(t *testing.T) {
	for _, tt := range []struct {
		name string
		img  image.Image
		w, h int
	}{
		{"gray A4 at 300 dpi", image.NewGray(image.Rect(0, 0, 2480, 3508)), 1131, 1600},
		{"colour landscape", image.NewRGBA(image.Rect(0, 0, 3000, 2000)), 1600, 1066},
		{"small page kept as it is", image.NewGray(image.Rect(0, 0, 800, 1000)), 800, 1000},
		{"gray with an offset origin", image.NewGray(image.Rect(10, 10, 3210, 1610)), 1600, 800},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := WebImage(tt.img)
			if err != nil {
				t.Fatal(err)
			}
			got, err := jpeg.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if s := got.Bounds().Size(); s.X != tt.w || s.Y != tt.h {
				t.Errorf("%v, want %d×%d", s, tt.w, tt.h)
			}
		})
	}
	if _, err := WebImage(image.NewGray(image.Rect(0, 0, 0, 0))); err == nil {
		t.Error("no error for an empty image")
	}
}

func TestShrinkGrayAverages(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 4, 2))
	// left 2×2 block: 0, 0, 255, 255 → 128; right block: all 100
	g.SetGray(0, 1, color.Gray{255})
	g.SetGray(1, 1, color.Gray{255})
	for x := 2; x < 4; x++ {
		g.SetGray(x, 0, color.Gray{100})
		g.SetGray(x, 1, color.Gray{100})
	}
	s := shrinkGray(g, 2, 1)
	if s.Pix[0] != 128 || s.Pix[1] != 100 {
		t.Errorf("shrunk to %v, want [128 100]", s.Pix)
	}
}

func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		"decode a.jpg: invalid JPEG format":  "The image file could not be read: a.jpg: invalid JPEG format",
		"ocr b.png: engine exploded":         "Tesseract could not read the page: b.png: engine exploded",
		"something nobody foresaw happened.": "something nobody foresaw happened.",
	} {
		if got := Plain(in); got != want {
			t.Errorf("Plain(%q) = %q, want %q", in, got, want)
		}
	}
}
