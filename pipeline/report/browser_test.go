package report

import (
	"context"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/record"
)

// viewport is the browser window the report must fit in without scrolling sideways.
const viewport = 1280

// TestIndexInBrowser opens a report of a run with three pages (a Cyrillic
// folder name with spaces and '&', a page without a transcription, a page that
// failed) in headless Chromium and reads it as a reviewer sees it: the heading
// and totals, one row per page with its numbers, the failed page's error, links
// that lead to the page's files, no script or console errors, and a table
// that fits the window. SPRAVKA_SCREENSHOT=file.png keeps a full-page
// screenshot to look at; otherwise it goes to the test's temporary folder.
func TestIndexInBrowser(t *testing.T) {
	chromium := testtools.Chromium(t)

	conf1, conf2 := 81.44, 64.0
	pages := []*record.Page{
		{Name: "опись 3/дело 12 & 13/лист 1", Status: record.StatusOK,
			Outputs:    outputs("опись 3/дело 12 & 13/лист 1", ".txt", ".ocr.txt", ".hocr", ".alto.xml", ".prep.png"),
			OCR:        &record.OCR{Engine: "5.3.0", Lang: "rus", Words: 214, MeanConf: &conf1},
			Correction: &record.Correction{Applied: 7, Suggested: 3},
			Truth: &record.Truth{File: "опись 3/дело 12 & 13/лист 1.gt.txt", From: "input",
				Raw:       rates(98, 1341, 46, 214),
				Corrected: rates(55, 1341, 28, 214),
				Words:     accuracy.Changes{Fixed: 9, Broken: 1}}},
		{Name: "12:30 дело #2 (50%25)/телеграмма?.p2", Status: record.StatusOK,
			Outputs:    outputs("12:30 дело #2 (50%25)/телеграмма?.p2", ".txt", ".ocr.txt", ".hocr", ".alto.xml"),
			OCR:        &record.OCR{Engine: "5.3.0", Lang: "rus", Words: 57, MeanConf: &conf2},
			Correction: &record.Correction{Applied: 0, Suggested: 2}},
		{Name: "box1/damaged scan", Status: record.StatusFailed,
			Error: "decode box1/damaged scan.jpg: invalid JPEG format: missing SOI marker"},
	}
	sum := &record.Summary{Tool: record.Tool{Engine: "5.3.0", Lang: "rus", Preprocess: "auto"}}
	for _, p := range pages {
		sum.Add(p)
	}
	html, err := Index(sum, pages)
	if err != nil {
		t.Fatal(err)
	}

	// The output folder as a run leaves it: index.html, each page's record and outputs.
	dir := filepath.Join(t.TempDir(), "out")
	write(t, dir, "index.html", string(html))
	files := map[string]string{} // relative name → content
	for _, p := range pages {
		for _, name := range append(slices.Clone(p.Outputs), p.Name+".json") {
			files[name] = "содержимое " + name + "\n"
			write(t, dir, name, files[name])
		}
	}

	alloc, cancel := chromedp.NewExecAllocator(t.Context(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(viewport, 900))...)
	defer cancel()
	ctx, cancel := context.WithTimeout(alloc, 30*time.Second)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()

	var mu sync.Mutex
	var problems []string // exceptions, console errors and warnings, browser log errors
	err = chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			if d.Exception != nil {
				problems = append(problems, "exception: "+d.Text+" "+d.Exception.Description)
			} else {
				problems = append(problems, "exception: "+d.Text)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				problems = append(problems, "console."+string(ev.Type)+" called")
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				problems = append(problems, "browser log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatalf("starting Chromium (%s): %v", chromium, err)
	}
	index := (&url.URL{Scheme: "file", Path: filepath.Join(dir, "index.html")}).String()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(viewport, 900), chromedp.Navigate(index)); err != nil {
		t.Fatalf("opening %s: %v", index, err)
	}

	doc, err := chromedp.Run(ctx, chromedp.Evaluate[domReport](`({
		title: document.title,
		heading: document.querySelector('h1').innerText,
		totals: [...document.querySelectorAll('dl dt')].map(dt => dt.innerText + ': ' + dt.nextElementSibling.innerText),
		columns: [...document.querySelectorAll('thead th')].map(th => th.innerText),
		rows: [...document.querySelectorAll('tbody tr')].map(tr => ({
			failed: tr.classList.contains('failed'),
			background: getComputedStyle(tr.cells[0]).backgroundColor,
			cells: [...tr.cells].map(td => td.innerText.trim()),
			error: [...tr.querySelectorAll('.err')].map(e => e.innerText + ' ' + getComputedStyle(e).color).join(),
			better: [...tr.querySelectorAll('td.better')].map(td => td.innerText).join(),
			wrapped: [...tr.querySelectorAll('td.n')].filter(td => {
				const r = document.createRange();
				r.selectNodeContents(td);
				return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size > 1;
			}).map(td => td.innerText),
			links: [...tr.querySelectorAll('a')].map(a => ({text: a.innerText, href: a.href})),
		})),
		width: document.documentElement.scrollWidth,
		viewport: document.documentElement.clientWidth,
	})`))
	if err != nil {
		t.Fatal(err)
	}

	if doc.Title != "spravka — отчёт о распознавании" {
		t.Errorf("title %q", doc.Title)
	}
	if doc.Heading != "spravka: 3 pages" {
		t.Errorf("heading %q", doc.Heading)
	}
	for _, want := range []string{
		"read: 2 ok, 1 failed",
		"engine: Tesseract 5.3.0, language rus, preprocessing auto",
		"corrections: 7 applied, 5 suggested for review",
		"against transcriptions: pages with a transcription: 1; CER 7.3 % raw → 4.1 % corrected; WER 21.5 % → 13.1 %; words fixed 9, broken 1",
	} {
		if !slices.Contains(doc.Totals, want) {
			t.Errorf("the totals lack %q:\n%s", want, strings.Join(doc.Totals, "\n"))
		}
	}

	wantRows := []struct {
		failed bool
		cells  map[string]string // column heading → text
		better string            // the corrected CER when it is shown as an improvement
		error  string            // the error as shown, with its colour
		links  map[string]string // link text → file
	}{
		{cells: map[string]string{"page": "опись 3/дело 12 & 13/лист 1", "status": "ok", "words": "214", "confidence": "81.4",
			"applied": "7", "suggested": "3", "CER raw": "7.3 %", "CER corrected": "4.1 %", "fixed / broken": "9 / 1"},
			better: "4.1 %",
			links: map[string]string{"опись 3/дело 12 & 13/лист 1": "опись 3/дело 12 & 13/лист 1.txt",
				"raw OCR": "опись 3/дело 12 & 13/лист 1.ocr.txt", "hOCR": "опись 3/дело 12 & 13/лист 1.hocr",
				"ALTO": "опись 3/дело 12 & 13/лист 1.alto.xml", "image": "опись 3/дело 12 & 13/лист 1.prep.png",
				"record": "опись 3/дело 12 & 13/лист 1.json"}},
		{cells: map[string]string{"page": "12:30 дело #2 (50%25)/телеграмма?.p2", "status": "ok", "words": "57", "confidence": "64.0",
			"applied": "0", "suggested": "2", "CER raw": "", "CER corrected": "", "fixed / broken": ""},
			links: map[string]string{"12:30 дело #2 (50%25)/телеграмма?.p2": "12:30 дело #2 (50%25)/телеграмма?.p2.txt", "raw OCR": "12:30 дело #2 (50%25)/телеграмма?.p2.ocr.txt",
				"hOCR": "12:30 дело #2 (50%25)/телеграмма?.p2.hocr", "ALTO": "12:30 дело #2 (50%25)/телеграмма?.p2.alto.xml", "record": "12:30 дело #2 (50%25)/телеграмма?.p2.json"}},
		{failed: true,
			cells: map[string]string{"page": "box1/damaged scan", "status": "failed\ndecode box1/damaged scan.jpg: invalid JPEG format: missing SOI marker",
				"words": "", "confidence": "", "applied": "", "suggested": "", "CER raw": "", "CER corrected": "", "fixed / broken": ""},
			error: "decode box1/damaged scan.jpg: invalid JPEG format: missing SOI marker rgb(170, 0, 0)",
			links: map[string]string{"record": "box1/damaged scan.json"}},
	}
	if len(doc.Rows) != len(wantRows) {
		t.Fatalf("%d rows, want one per page (%d)", len(doc.Rows), len(wantRows))
	}
	for i, want := range wantRows {
		got := doc.Rows[i]
		t.Run(pages[i].Name, func(t *testing.T) {
			if len(got.Cells) != len(doc.Columns) {
				t.Fatalf("%d cells under %d columns", len(got.Cells), len(doc.Columns))
			}
			for col, text := range want.cells {
				j := slices.Index(doc.Columns, col)
				if j < 0 {
					t.Fatalf("no column %q in %q", col, doc.Columns)
				}
				if got.Cells[j] != text {
					t.Errorf("%s: %q, want %q", col, got.Cells[j], text)
				}
			}
			if got.Failed != want.failed {
				t.Errorf("marked failed: %v, want %v", got.Failed, want.failed)
			}
			if isClear := got.Background == "rgba(0, 0, 0, 0)"; isClear == want.failed {
				t.Errorf("background %s: a failed row stands out, an ok row does not", got.Background)
			}
			if got.Error != want.error {
				t.Errorf("error shown as %q, want %q", got.Error, want.error)
			}
			if len(got.Wrapped) > 0 {
				t.Errorf("numbers broken over lines: %q", got.Wrapped)
			}
			if got.Better != want.better {
				t.Errorf("improvement shown on %q, want %q", got.Better, want.better)
			}
			linked := map[string]string{}
			for _, a := range got.Links {
				if _, dup := linked[a.Text]; dup {
					t.Errorf("two links %q", a.Text)
				}
				linked[a.Text] = linkedFile(t, dir, a.Href)
			}
			if !maps.Equal(linked, want.links) {
				t.Errorf("links (text → file)\n%v\nwant\n%v", linked, want.links)
			}
		})
	}

	// Following each link from the report opens the file it names.
	for _, row := range doc.Rows {
		for _, a := range row.Links {
			name := linkedFile(t, dir, a.Href)
			if err := chromedp.Do(ctx, chromedp.Navigate(a.Href)); err != nil {
				t.Errorf("following %q (%s): %v", a.Text, a.Href, err)
				continue
			}
			if strings.HasSuffix(name, ".txt") {
				text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
				if err != nil || text != files[name] {
					t.Errorf("%s opens with %q (%v), want the file's text %q", a.Href, text, err, files[name])
				}
			}
		}
	}

	if doc.Width > doc.Viewport || doc.Viewport != viewport {
		t.Errorf("the report is %d px wide in a %d px window (want it to fit %d px)", doc.Width, doc.Viewport, viewport)
	}

	shot := os.Getenv("SPRAVKA_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(t.TempDir(), "index.png")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(index)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("in the browser: %s", p)
	}
}

// domReport is the report as the browser shows it.
type domReport struct {
	Title    string   `json:"title"`
	Heading  string   `json:"heading"`
	Totals   []string `json:"totals"` // "term: description"
	Columns  []string `json:"columns"`
	Rows     []domRow `json:"rows"`
	Width    int      `json:"width"`    // of the whole document, scrolled
	Viewport int      `json:"viewport"` // the window's width
}

// domRow is a row of the report's table as the browser shows it.
type domRow struct {
	Failed     bool     `json:"failed"`
	Background string   `json:"background"`
	Cells      []string `json:"cells"`
	Error      string   `json:"error"`
	Better     string   `json:"better"`
	Wrapped    []string `json:"wrapped"` // numbers broken over more than one line
	Links      []struct {
		Text string `json:"text"`
		Href string `json:"href"`
	} `json:"links"`
}

// rates returns the error rates of a text of chars characters and words words
// read with charErrs and wordErrs errors.
func rates(charErrs, chars, wordErrs, words int) record.Rates {
	return record.Rates{}.Add(record.Rates{Chars: accuracy.Rate{Errors: charErrs, N: chars},
		Tokens: accuracy.Rate{Errors: wordErrs, N: words}})
}

// outputs returns the output files of page name with the given extensions.
func outputs(name string, exts ...string) []string {
	var out []string
	for _, e := range exts {
		out = append(out, name+e)
	}
	return out
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// linkedFile returns the file a link of the report leads to, relative to the
// output folder dir, after checking that it is a file in dir that exists.
func linkedFile(t *testing.T, dir, href string) string {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "file" || u.RawQuery != "" || u.Fragment != "" {
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
