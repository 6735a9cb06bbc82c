package report

import (
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/record"
)

func TestIndex(t *testing.T) {
	conf := 87.26
	sum := &record.Summary{Pages: record.PageCounts{Total: 2, OK: 1, Failed: 1}}
	pages := []*record.Page{
		{Name: "dir/ok", Status: record.StatusOK, Outputs: []string{"dir/ok.txt", "dir/ok.ocr.txt"},
			OCR:   &record.OCR{Words: 12, MeanConf: &conf},
			Truth: &record.Truth{Raw: record.Rates{CER: 0.2}, Corrected: record.Rates{CER: 0.1}}},
		{Name: "bad", Status: record.StatusFailed, Error: `decode bad.jpg: <script>alert(1)</script>`},
	}
	b, err := Index(sum, pages)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, want := range []string{
		`<a href="dir/ok.txt">dir/ok</a>`, `<a href="dir/ok.ocr.txt">raw OCR</a>`, `87.3`, `20.0 %`,
		`class="n better">10.0 %`, `<tr class="failed">`, `&lt;script&gt;alert(1)&lt;/script&gt;`, `<a href="bad.json">record</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Error("an error message was not escaped")
	}
	if strings.Contains(html, `href="bad.txt"`) {
		t.Error("a failed page links to a text it does not have")
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
