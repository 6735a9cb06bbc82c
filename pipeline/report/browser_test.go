package report

import (
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/record"
)

// viewport is the browser window the report must fit in without scrolling sideways.
const viewport = 1280

func fileURL(dir, name string) string {
	return (&url.URL{Scheme: "file", Path: filepath.Join(dir, filepath.FromSlash(name))}).String()
}

// linkedFile returns the file a link of the report leads to, relative to the
// output folder dir, after checking that it is a file in dir that exists.
func linkedFile(t *testing.T, dir, href string) string {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "file" || u.RawQuery != "" {
		t.Errorf("link %q is not a plain file URL (%v)", href, err)
		return href
	}
	rel, err := filepath.Rel(dir, u.Path)
	if err != nil || !filepath.IsLocal(rel) {
		t.Errorf("link %q leads out of the output folder %s", href, dir)
		return href
	}
	if _, err := os.Stat(u.Path); err != nil {
		t.Errorf("link %q: %v", href, err)
	}
	return filepath.ToSlash(rel)
}

type domRow struct {
	Cells  []string `json:"cells"`
	Hidden bool     `json:"hidden"`
	Failed bool     `json:"failed"`
	Links  []struct {
		Text string `json:"text"`
		Href string `json:"href"`
	} `json:"links"`
}

type domIndex struct {
	Title    string   `json:"title"`
	Heading  string   `json:"heading"`
	Totals   []string `json:"totals"`
	Failures []string `json:"failures"`
	Columns  []string `json:"columns"`
	Rows     []domRow `json:"rows"`
	Shown    string   `json:"shown"`
	Width    int      `json:"width"`
	Viewport int      `json:"viewport"`
}

const readIndex = `({
	title: document.title,
	heading: document.querySelector('h1').innerText,
	totals: [...document.querySelectorAll('dl dt')].map(dt => dt.innerText + ': ' + dt.nextElementSibling.innerText),
	failures: [...document.querySelectorAll('#failures li')].map(li => li.innerText),
	columns: [...document.querySelectorAll('#pages thead th')].map(th => th.innerText.replace(/[ ▲▼]+$/, '')),
	rows: [...document.querySelectorAll('#pages tbody tr')].map(tr => ({
		cells: [...tr.cells].map(td => td.innerText.trim()),
		hidden: tr.hidden,
		failed: tr.classList.contains('failed'),
		links: [...tr.querySelectorAll('a')].map(a => ({text: a.innerText, href: a.href})),
	})),
	shown: document.querySelector('#shown').innerText,
	width: document.documentElement.scrollWidth,
	viewport: document.documentElement.clientWidth,
})`

func (d domIndex) column(t *testing.T, name string) int {
	t.Helper()
	i := slices.Index(d.Columns, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, d.Columns)
	}
	return i
}

func (d domIndex) visible(t *testing.T) []string {
	var out []string
	for _, r := range d.Rows {
		if !r.Hidden {
			out = append(out, r.Cells[0])
		}
	}
	return out
}

// TestIndexInBrowser opens the report of a small batch in headless Chromium
// and uses it as a reviewer would: the totals, the failed page said in
// plain words, a row per page with its numbers, links that lead to the
// page's files and its view, sorting by a column, the filters, and no script
// error or injected markup anywhere.
func TestIndexInBrowser(t *testing.T) {
	b := testtools.NewBrowser(t, viewport, 900)
	dir := filepath.Join(t.TempDir(), "out")
	newFixture().write(t, dir)
	index := fileURL(dir, "index.html")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(index)); err != nil {
		t.Fatal(err)
	}
	doc, err := chromedp.Run(b.Ctx, chromedp.Evaluate[domIndex](readIndex))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "spravka — отчёт о распознавании" || doc.Heading != "spravka: 3 pages" {
		t.Errorf("title %q, heading %q", doc.Title, doc.Heading)
	}
	for _, want := range []string{
		"read: 2 ok, 1 failed",
		"corrections: 2 applied, 2 suggested for review",
		"against transcriptions: pages with a transcription: 1; CER 51.7 % raw → 44.8 % corrected; WER 22.2 % → 11.1 %; words fixed 1, broken 0",
	} {
		if !slices.Contains(doc.Totals, want) {
			t.Errorf("the totals lack %q:\n%s", want, strings.Join(doc.Totals, "\n"))
		}
	}
	if want := []string{"a/лист 2: The image file could not be read: a/лист 2.jpg: invalid JPEG format: missing SOI marker"}; !slices.Equal(doc.Failures, want) {
		t.Errorf("failures %q, want %q", doc.Failures, want)
	}
	if len(doc.Rows) != 3 {
		t.Fatalf("%d rows, want 3", len(doc.Rows))
	}
	cerCol := doc.column(t, "CER corrected")
	if got := doc.Rows[0].Cells[cerCol]; got != "44.8 %" {
		t.Errorf("CER corrected of the first page: %q", got)
	}
	// every link leads to an existing file of the output folder; the page
	// name leads to its view
	for _, r := range doc.Rows {
		for _, a := range r.Links {
			f := linkedFile(t, dir, a.Href)
			if a.Text == r.Cells[0] && f != a.Text+".html" {
				t.Errorf("page %s links to %s, want its view", a.Text, f)
			}
		}
	}
	if doc.Width > doc.Viewport {
		t.Errorf("the report is %d px wide in a %d px window", doc.Width, doc.Viewport)
	}

	// sorting: by corrected CER (pages without a transcription last), then reversed
	sortBy := func(col string) []string {
		t.Helper()
		if err := chromedp.Do(b.Ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf("#pages thead th:nth-child(%d)", doc.column(t, col)+1)))); err != nil {
			t.Fatal(err)
		}
		d, err := chromedp.Run(b.Ctx, chromedp.Evaluate[domIndex](readIndex))
		if err != nil {
			t.Fatal(err)
		}
		return d.visible(t)
	}
	// in Russian collation, Cyrillic before Latin
	if got, want := sortBy("page"), []string{fixEvil, "a/лист 1", "a/лист 2"}; !slices.Equal(got, want) {
		t.Errorf("sorted by page: %q, want %q", got, want)
	}
	if got, want := sortBy("page"), []string{"a/лист 2", "a/лист 1", fixEvil}; !slices.Equal(got, want) {
		t.Errorf("sorted by page, reversed: %q, want %q", got, want)
	}
	if got := sortBy("CER corrected"); got[0] != "a/лист 1" {
		t.Errorf("sorted by CER corrected: %q, want the page with a transcription first", got)
	}
	// filters
	filter := func(action chromedp.Action[chromedp.Void]) ([]string, string) {
		t.Helper()
		if err := chromedp.Do(b.Ctx, action); err != nil {
			t.Fatal(err)
		}
		d, err := chromedp.Run(b.Ctx, chromedp.Evaluate[domIndex](readIndex))
		if err != nil {
			t.Fatal(err)
		}
		return d.visible(t), d.Shown
	}
	if got, shown := filter(chromedp.Click(chromedp.CSS(`input[name=failed]`))); !slices.Equal(got, []string{"a/лист 2"}) || shown != "1 of 3 pages" {
		t.Errorf("failed only: %q (%s)", got, shown)
	}
	filter(chromedp.Click(chromedp.CSS(`input[name=failed]`)))
	if got, _ := filter(chromedp.Click(chromedp.CSS(`input[name=suggested]`))); len(got) != 2 || slices.Contains(got, "a/лист 2") {
		t.Errorf("with suggestions: %q", got)
	}
	filter(chromedp.Click(chromedp.CSS(`input[name=suggested]`)))
	if got, _ := filter(chromedp.SendKeys(chromedp.CSS(`input[name=cer]`), "40")); !slices.Equal(got, []string{"a/лист 1"}) {
		t.Errorf("CER above 40 %%: %q", got)
	}
	b.Screenshot(t, "index.png")
	b.CheckProblems(t)
}

type domPage struct {
	Heading string `json:"heading"`
	Img     struct {
		X, Y, W, H float64
	} `json:"img"`
	Rects []struct {
		W          string `json:"w"`
		Class      string `json:"class"`
		X, Y, R, B float64
	} `json:"rects"`
	Selected   []string `json:"selected"` // "tag:data-w or data-c"
	Error      string   `json:"error"`
	Corrected  string   `json:"corrected"`
	Truth      string   `json:"truth"`
	Marked     []string `json:"marked"` // diff segments of the OCR column
	Keys       string   `json:"keys"`
	Corrs      int      `json:"corrs"`
	ScrollSide int      `json:"scrollSide"`
}

const readPage = `(() => {
	const img = document.querySelector('#zoom img');
	const ib = img ? img.getBoundingClientRect() : {x: 0, y: 0, width: 0, height: 0};
	return {
		heading: document.querySelector('h1').innerText,
		img: {X: ib.x, Y: ib.y, W: ib.width, H: ib.height},
		rects: [...document.querySelectorAll('#boxes rect')].map(r => {
			const b = r.getBoundingClientRect();
			return {w: r.dataset.w, class: r.getAttribute('class'), X: b.left, Y: b.top, R: b.right, B: b.bottom};
		}),
		selected: [...document.querySelectorAll('.sel')].map(e => e.tagName.toLowerCase() + ':' + (e.dataset.w ?? ('c' + e.dataset.c))),
		error: (document.querySelector('#error') || {innerText: ''}).innerText,
		corrected: (document.querySelector('#t-fixed') || {innerText: ''}).innerText,
		truth: (document.querySelector('#t-truth') || {innerText: ''}).innerText,
		marked: [...document.querySelectorAll('#t-ocr [class^=d-]')].map(e => e.className + ':' + e.innerText),
		keys: document.querySelector('#keys').innerText,
		corrs: document.querySelectorAll('#corrections tbody tr').length,
		scrollSide: document.documentElement.scrollWidth - document.documentElement.clientWidth,
	};
})()`

// TestPageViewInBrowser opens a page view in headless Chromium: the word
// boxes lie where the hOCR says on the shown scan, a click on a correction
// selects its box and its words in the texts (and a click on a box the
// reverse), the keys move from correction to correction and from page to
// page, a failed page says what went wrong, and a page whose name and words
// are markup shows them as text, with no dialog and no script error.
func TestPageViewInBrowser(t *testing.T) {
	b := testtools.NewBrowser(t, viewport, 900)
	dir := filepath.Join(t.TempDir(), "out")
	f := newFixture()
	f.write(t, dir)
	read := func() domPage {
		t.Helper()
		d, err := chromedp.Run(b.Ctx, chromedp.Evaluate[domPage](readPage))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(fileURL(dir, "a/лист 1.html"))); err != nil {
		t.Fatal(err)
	}
	d := read()
	if d.Heading != "a/лист 1" || d.Corrs != 2 {
		t.Errorf("heading %q, %d corrections", d.Heading, d.Corrs)
	}
	if d.ScrollSide > 0 {
		t.Errorf("the page view is %d px wider than the window", d.ScrollSide)
	}
	// boxes: where the hOCR puts each word, on the image as shown
	words := mustParse(t, f.hocr["a/лист 1"])
	var boxes []struct{ x0, y0, x1, y1 int }
	for _, lr := range words.Lines() {
		for _, w := range lr.Line.Words {
			boxes = append(boxes, struct{ x0, y0, x1, y1 int }{w.Box.X0, w.Box.Y0, w.Box.X1, w.Box.Y1})
		}
	}
	if len(d.Rects) != len(boxes) || d.Img.W == 0 {
		t.Fatalf("%d boxes drawn on an image %v px wide, want %d", len(d.Rects), d.Img.W, len(boxes))
	}
	sx, sy := d.Img.W/fixW, d.Img.H/fixH
	for i, r := range d.Rects {
		want := boxes[i]
		got := [4]float64{(r.X - d.Img.X) / sx, (r.Y - d.Img.Y) / sy, (r.R - d.Img.X) / sx, (r.B - d.Img.Y) / sy}
		for k, v := range [4]int{want.x0, want.y0, want.x1, want.y1} {
			// the stroke is drawn over the edge: allow its width in scan pixels
			if math.Abs(got[k]-float64(v)) > 3/sx+1 {
				t.Errorf("box of word %s at %.0f, want %v", r.W, got, want)
				break
			}
		}
	}
	classes := map[string]string{}
	for _, r := range d.Rects {
		classes[r.W] = r.Class
	}
	if classes["5"] != "applied" || classes["7"] != "suggested" || classes["8"] != "low" || classes["0"] != "plain" {
		t.Errorf("box classes %v", classes)
	}
	if !strings.Contains(d.Corrected, "Разуваев") || !strings.Contains(d.Truth, "Разуваев") {
		t.Errorf("corrected %q, transcription %q", d.Corrected, d.Truth)
	}
	if !slices.ContainsFunc(d.Marked, func(s string) bool { return strings.HasPrefix(s, "d-ins:<script>") }) {
		t.Errorf("OCR differences %q: the stray markup is not marked as extra", d.Marked)
	}
	if !strings.Contains(d.Keys, "next/previous correction") {
		t.Errorf("keys not shown: %q", d.Keys)
	}

	// a click on the first correction selects its row, its box and its word in every text
	if err := chromedp.Do(b.Ctx, chromedp.Click(chromedp.CSS(`#corrections tr[data-c="0"] td.change`))); err != nil {
		t.Fatal(err)
	}
	if got, want := read().Selected, []string{"rect:5", "span:5", "span:5", "tr:c0"}; !sameSet(got, want) {
		t.Errorf("after a click on correction 1 selected %q, want %q", got, want)
	}
	// j moves to the next correction, k back
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent("j")); err != nil {
		t.Fatal(err)
	}
	if got, want := read().Selected, []string{"rect:7", "span:7", "span:7", "tr:c1"}; !sameSet(got, want) {
		t.Errorf("after j selected %q, want %q", got, want)
	}
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent("k")); err != nil {
		t.Fatal(err)
	}
	if got := read().Selected; !slices.Contains(got, "tr:c0") {
		t.Errorf("after k selected %q, want correction 1", got)
	}
	// a click on a box selects the word and, when it has one, its correction
	if err := chromedp.Do(b.Ctx, chromedp.Click(chromedp.CSS(`#boxes rect[data-w="0"]`))); err != nil {
		t.Fatal(err)
	}
	if got, want := read().Selected, []string{"rect:0", "span:0", "span:0"}; !sameSet(got, want) {
		t.Errorf("after a click on the first box selected %q, want %q", got, want)
	}
	if err := chromedp.Do(b.Ctx, chromedp.Click(chromedp.CSS(`#t-ocr span[data-w="7"]`))); err != nil {
		t.Fatal(err)
	}
	if got := read().Selected; !slices.Contains(got, "tr:c1") || !slices.Contains(got, "rect:7") {
		t.Errorf("after a click on a suggested word in the OCR selected %q, want its correction and box", got)
	}
	b.Screenshot(t, "page.png")

	// n opens the next page: the failed one, which says why
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent("n"), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	d = read()
	if d.Heading != "a/лист 2" || !strings.Contains(d.Error, "The image file could not be read") {
		t.Errorf("after n: heading %q, error %q", d.Heading, d.Error)
	}
	// p goes back; then the page whose name and words are markup
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent("n"), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	d = read()
	if d.Heading != fixEvil || len(d.Rects) != 10 {
		t.Errorf("the page named with markup shows %q with %d boxes", d.Heading, len(d.Rects))
	}
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent("p"), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if d = read(); d.Heading != "a/лист 2" {
		t.Errorf("after p: %q", d.Heading)
	}
	b.CheckProblems(t)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// BenchmarkIndexInBrowser10k measures how long Chromium takes to load and
// show the index of a batch of 10,000 pages, and to sort it by a column
// (the report must stay usable for a whole fond: under 2 s).
func BenchmarkIndexInBrowser10k(b *testing.B) {
	dir := b.TempDir()
	conf := 80.0
	pages := make([]*record.Page, 10000)
	sum := &record.Summary{}
	for i := range pages {
		raw, fixed, ref := "Разуваев и Федоренко", "Разуваев и Федоренко", "Разуваев и Федоренко"
		if i%7 == 0 {
			raw = "Рабузов и Федоренко"
		}
		p := &record.Page{Name: fmt.Sprintf("опись %d/дело %d/лист %d", i/1000, i/100, i), Status: record.StatusOK,
			OCR: &record.OCR{Words: 200 + i%50, MeanConf: &conf}, Correction: &record.Correction{Applied: i % 5, Suggested: i % 3},
			Truth:   &record.Truth{Raw: record.NewRates(raw, ref), Corrected: record.NewRates(fixed, ref)},
			Outputs: []string{fmt.Sprintf("опись %d/дело %d/лист %d.txt", i/1000, i/100, i)}}
		if i%97 == 0 {
			p = &record.Page{Name: p.Name, Status: record.StatusFailed, Error: "decode x.jpg: invalid JPEG format"}
		}
		pages[i] = p
		sum.Add(p)
	}
	html, err := Index(sum, pages)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), html, 0o644); err != nil {
		b.Fatal(err)
	}
	if err := WriteAssets(outdir.Dir{Root: dir}); err != nil {
		b.Fatal(err)
	}
	br := testtools.NewBrowser(b, viewport, 900).Ctx
	b.ResetTimer()
	var load, sort time.Duration
	for range b.N {
		start := time.Now()
		if err := chromedp.Do(br, chromedp.Navigate(fileURL(dir, "index.html"))); err != nil {
			b.Fatal(err)
		}
		// the first layout of the table is part of showing it
		if _, err := chromedp.Run(br, chromedp.Evaluate[int](`document.querySelector('#pages').getBoundingClientRect().height|0`)); err != nil {
			b.Fatal(err)
		}
		load += time.Since(start)
		start = time.Now()
		if _, err := chromedp.Run(br, chromedp.Evaluate[int](`(document.querySelectorAll('#pages thead th')[7].click(), document.querySelector('#pages tbody tr').getBoundingClientRect().height|0)`)); err != nil {
			b.Fatal(err)
		}
		sort += time.Since(start)
	}
	b.ReportMetric(load.Seconds()/float64(b.N), "s/load")
	b.ReportMetric(sort.Seconds()/float64(b.N), "s/sort")
	b.ReportMetric(float64(len(html))/1e6, "MB")
}
