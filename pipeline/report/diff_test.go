package report

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/diff"
)

func TestMarks(t *testing.T) {
	ref, hyp := "  Ким, Ир\n", "Кин Ир Сен"
	c := accuracy.Compare(ref, hyp, accuracy.Normalize{IgnorePunct: true})
	type m struct {
		text, kind string
		other      string
	}
	show := func(ms []Mark) []m {
		var out []m
		for _, x := range ms {
			k := "-"
			if x.Marked {
				k = x.Kind.String()
			}
			out = append(out, m{x.Text, k, x.Other})
		}
		return out
	}
	wantRef := []m{{"  ", "-", ""}, {"Ки", "equal", ""}, {"м", "substitute", "н"}, {",", "-", ""}, {" Ир", "equal", ""}, {"", "insert", " Сен"}, {"\n", "-", ""}}
	wantHyp := []m{{"Ки", "equal", ""}, {"н", "substitute", "м"}, {" Ир", "equal", ""}, {" Сен", "insert", ""}}
	if got := show(Marks(ref, hyp, c.Chars.Ops, true)); !equal(got, wantRef) {
		t.Errorf("reference marks\n%q\nwant\n%q", got, wantRef)
	}
	if got := show(Marks(hyp, ref, c.Chars.Ops, false)); !equal(got, wantHyp) {
		t.Errorf("hypothesis marks\n%q\nwant\n%q", got, wantHyp)
	}
}

func equal[T comparable](a, b []T) bool {
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

const diffFixture = "../diff/testdata/fixture"

func TestDiffGolden(t *testing.T) {
	for _, tt := range []struct{ name, truth, ocr string }{
		{"a", diffFixture + "/truth/a.gt.txt", diffFixture + "/ocr/a.txt"},
		{"folder", diffFixture + "/truth", diffFixture + "/ocr"},
	} {
		r, err := diff.Compare(tt.truth, tt.ocr, diff.Options{})
		if err != nil {
			t.Fatal(err)
		}
		html, err := Diff(r)
		if err != nil {
			t.Fatal(err)
		}
		testtools.Golden(t, filepath.Join("testdata", "diff-"+tt.name+".html.golden"), html)
	}
}

// xssFolders writes a transcription and an OCR text whose file name and
// texts are HTML, and returns the two folders.
func xssFolders(t *testing.T) (truth, ocr string) {
	t.Helper()
	dir := t.TempDir()
	name := `"><img src=x onerror=alert(1)>`
	diffWrite(t, filepath.Join(dir, "truth", name+".gt.txt"), "Ким Ир Сен & <b>т. Молотов</b>\n")
	diffWrite(t, filepath.Join(dir, "ocr", name+".txt"), "Ким <script>alert(1)</script> Ир Сен & т. Молотов\n")
	diffWrite(t, filepath.Join(dir, "truth", "'onmouseover='alert(2).gt.txt"), "текст\n")
	diffWrite(t, filepath.Join(dir, "ocr", "'onmouseover='alert(2).txt"), "тект\n")
	diffWrite(t, filepath.Join(dir, "ocr", "<i>only</i>.txt"), "текст\n")
	return filepath.Join(dir, "truth"), filepath.Join(dir, "ocr")
}

func diffWrite(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDiffEscapes(t *testing.T) {
	truth, ocr := xssFolders(t)
	r, err := diff.Compare(truth, ocr, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Diff(r)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, bad := range []string{"<script", "<img", "<b>", "<i>", "onmouseover='"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page holds %s unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&lt;b&gt;", "&lt;i&gt;only&lt;/i&gt;.txt"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// TestDiffInBrowser opens the diff page of a folder whose file name and
// texts are HTML in headless Chromium: no dialog opens, no script runs, no
// error is logged, each column shows its file's text exactly (the ‸ marks
// aside) with the differences marked, and the summary links to each page.
// SPRAVKA_SCREENSHOT=file.png keeps a screenshot.
func TestDiffInBrowser(t *testing.T) {
	truth, ocr := xssFolders(t)
	r, err := diff.Compare(truth, ocr, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Diff(r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "diff.html")
	diffWrite(t, path, string(b))

	br := testtools.NewBrowser(t, 1280, 900)
	ctx := br.Ctx
	u := (&url.URL{Scheme: "file", Path: path}).String()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("opening %s: %v", u, err)
	}
	type section struct {
		Heading string   `json:"heading"`
		Texts   []string `json:"texts"`
		Marks   []string `json:"marks"` // class: text
	}
	doc, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Elements int       `json:"elements"` // script, img, iframe, object, embed
		Handlers int       `json:"handlers"` // elements with an on… attribute
		Links    []string  `json:"links"`
		Sections []section `json:"sections"`
	}](`({
		elements: document.querySelectorAll('script, img, iframe, object, embed').length,
		handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
		links: [...document.querySelectorAll('table a')].map(a => a.innerText + ' → ' + document.querySelector(a.getAttribute('href')).querySelector('h2').innerText),
		sections: [...document.querySelectorAll('section')].map(s => ({
			heading: s.querySelector('h2').innerText,
			texts: [...s.querySelectorAll('.text')].map(d => d.textContent),
			marks: [...s.querySelectorAll('.text span')].map(e => e.className + ': ' + e.textContent),
		})),
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Elements != 0 || doc.Handlers != 0 {
		t.Errorf("the page has %d script or image elements and %d event handlers", doc.Elements, doc.Handlers)
	}
	name := `"><img src=x onerror=alert(1)>`
	if len(doc.Links) != 2 || doc.Links[0] != name+" → "+name {
		t.Errorf("summary links %q", doc.Links)
	}
	for _, s := range doc.Sections {
		var f diff.File
		for _, rf := range r.Files {
			if rf.Name == s.Heading {
				f = rf
			}
		}
		if len(s.Texts) != 2 || strings.ReplaceAll(s.Texts[0], "‸", "") != f.Ref || strings.ReplaceAll(s.Texts[1], "‸", "") != f.Hyp {
			t.Errorf("%s: the columns show %q, want %q and %q", s.Heading, s.Texts, f.Ref, f.Hyp)
		}
	}
	wantMarks := []string{"ins: <script>alert(1)</script> ", "at del: ‸"}
	if s := doc.Sections[0]; s.Heading != name || !strings.Contains(strings.Join(s.Marks, "\n"), wantMarks[0]) {
		t.Errorf("%s: marks %q, want among them %q", s.Heading, s.Marks, wantMarks[0])
	}

	br.Screenshot(t, "diff.png")
	br.CheckProblems(t)
}
