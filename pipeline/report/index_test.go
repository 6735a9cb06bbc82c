package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/record"
)

// indexRows returns the rows of the index's table, read back from the page.
func indexRows(t *testing.T, html string) []indexRow {
	t.Helper()
	const open = `<script type="application/json" id="pages-data">`
	i := strings.Index(html, open)
	j := strings.Index(html[i+len(open):], "</script>")
	if i < 0 || j < 0 {
		t.Fatal("index.html has no rows")
	}
	var rows []indexRow
	if err := json.Unmarshal([]byte(html[i+len(open):i+len(open)+j]), &rows); err != nil {
		t.Fatalf("rows: %v", err)
	}
	return rows
}

func TestIndex(t *testing.T) {
	conf := 87.26
	sum := &record.Summary{Pages: record.PageCounts{Total: 2, OK: 1, Failed: 1},
		Failed: []record.Failure{{Name: "bad", Input: "bad.jpg", Error: `decode bad.jpg: <script>alert(1)</script>`}}}
	pages := []*record.Page{
		{Name: "dir/ok #1", Status: record.StatusOK, Outputs: []string{"dir/ok #1.txt", "dir/ok #1.ocr.txt", "dir/ok #1.prep.png"},
			OCR:   &record.OCR{Words: 12, MeanConf: &conf},
			Truth: &record.Truth{Raw: record.Rates{CER: 0.2}, Corrected: record.Rates{CER: 0.1}}},
		{Name: "bad", Status: record.StatusFailed, Error: `decode bad.jpg: <script>alert(1)</script>`},
	}
	b, err := Index(sum, pages)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	rows := indexRows(t, html)
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	ok, bad := rows[0], rows[1]
	if ok.Name != "dir/ok #1" || ok.Link != "dir/ok%20%231" || *ok.Conf != 87.26 || *ok.CER != 0.1 || *ok.CERRaw != 0.2 ||
		strings.Join(ok.Files, " ") != ".txt .ocr.txt .prep.png" {
		t.Errorf("row %+v", ok)
	}
	if bad.Status != "failed" || bad.Error != "The image file could not be read: bad.jpg: <script>alert(1)</script>" || len(bad.Files) != 0 || bad.Words != nil {
		t.Errorf("failed row %+v", bad)
	}
	for _, want := range []string{`<a href="bad.html">bad</a>`, `The image file could not be read: bad.jpg: &lt;script&gt;alert(1)&lt;/script&gt;`} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if strings.Contains(html, "<script>alert") {
		t.Error("an error message was not escaped")
	}
}

// TestIndexSettings: pages made with different settings are not reported
// under one; pages not finished and files not read are counted.
func TestIndexSettings(t *testing.T) {
	made := func(mode string) record.Settings {
		return record.Settings{Pages: 2, Fingerprint: record.Fingerprint{Spravka: "v1", Preprocess: record.PreprocessSettings{Mode: mode},
			Engine: record.EngineSettings{Tesseract: "5.3.0", Lang: "rus", PSM: 4}}}
	}
	sum := &record.Summary{Tool: record.Tool{Engine: "5.3.0", Lang: "rus", Preprocess: "auto"},
		Pages:    record.PageCounts{Total: 5, OK: 4, NotFinished: 1},
		Settings: []record.Settings{made("auto")}, NotRead: []record.NotRead{{File: "a.pdf", Reason: "a PDF"}}}
	b, _ := Index(sum, nil)
	for _, want := range []string{"preprocessing auto", "1 not finished", "1 file(s) not read"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("one setting: index.html lacks %q", want)
		}
	}
	sum.Settings = append(sum.Settings, made("none"))
	b, _ = Index(sum, nil)
	for _, want := range []string{"2 different settings", "2 pages: spravka v1, Tesseract 5.3.0, language rus, psm 4, preprocessing auto", "preprocessing none"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("two settings: index.html lacks %q", want)
		}
	}
}

func TestIndexListsFilesNotReadAndPagesNotFinished(t *testing.T) {
	sum := &record.Summary{NotRead: []record.NotRead{{File: "box/scan.pdf", Reason: "a PDF: <b>convert</b> it"}},
		NotFinished: []string{"box/p7", "box/p8"}}
	b, err := Index(sum, nil)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, want := range []string{"Files not read (1)", "box/scan.pdf: <span class=\"err\">a PDF: &lt;b&gt;convert&lt;/b&gt; it</span>",
		"Pages not finished: the run was interrupted (2)", "box/p7, box/p8"} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
}

// A run keeps its pages slim for the index (record.Page.Slim): the index is
// the same as from the full records, which spravka report reads back.
func TestIndexFromSlimPages(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "record", "testdata", "page.json"))
	if err != nil {
		t.Fatal(err)
	}
	var full record.Page
	if err := json.Unmarshal(data, &full); err != nil {
		t.Fatal(err)
	}
	failed := record.Page{Input: "b.png", Name: "b", Status: record.StatusFailed, Error: "decode b.png: truncated"}
	slim := full.Slim()
	if slim.Correction.Corrections != nil || slim.Truth.Text != "" || slim.Fingerprint != nil || slim.Preprocess != nil {
		t.Errorf("slim page keeps its lists and texts: %+v", slim)
	}
	if full.Correction.Corrections == nil || full.Truth.Text == "" {
		t.Fatal("Slim changed the full record")
	}
	sum := record.Summarize(record.Tool{}, []*record.Page{&full, &failed})
	want, err := Index(sum, []*record.Page{&full, &failed})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Index(sum, []*record.Page{slim, failed.Slim()})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("the index from slim pages differs from the index from full records")
	}
	small, _ := json.Marshal(slim)
	if len(small) > len(data)/2 {
		t.Errorf("slim page: %d bytes of JSON against %d for the full record", len(small), len(data))
	}
}
