package report

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/url"
	"slices"

	"github.com/spravka/spravka/pipeline/record"
)

//go:embed index.html.tmpl
var indexTmpl string

var index = template.Must(template.New("index").Funcs(funcs).Parse(indexTmpl))

// indexRow is a page in the index's table. The table is drawn by the
// report's script from these rows, a screenful at a time, so that the index
// of 10,000 pages opens, sorts and filters at once.
type indexRow struct {
	Name string `json:"name"`
	// Link is the page's name escaped as a relative URL; its files are
	// Link + an extension.
	Link   string `json:"link"`
	Status string `json:"status"`
	// Error says what went wrong, in plain words.
	Error     string   `json:"error,omitempty"`
	Words     *int     `json:"words,omitempty"`
	Conf      *float64 `json:"conf,omitempty"`
	Applied   *int     `json:"applied,omitempty"`
	Suggested *int     `json:"suggested,omitempty"`
	CERRaw    *float64 `json:"cer_raw,omitempty"`
	CER       *float64 `json:"cer,omitempty"`
	WERRaw    *float64 `json:"wer_raw,omitempty"`
	WER       *float64 `json:"wer,omitempty"`
	Fixed     *int     `json:"fixed,omitempty"`
	Broken    *int     `json:"broken,omitempty"`
	// Files are the extensions of the page's files the index links to.
	Files []string `json:"files"`
	// Review is the page's review, on the review server's index.
	Review *PageReview `json:"review,omitempty"`
}

// ReviewIndex is what the review server adds to the index: the review's
// progress and, for each page, its decisions.
type ReviewIndex struct {
	Token    string
	Progress string
	// Lexicon links to the lexicon learned from the decisions.
	Lexicon string
	Pages   map[string]PageReview
}

// PageReview is how far the review of one page has come.
type PageReview struct {
	Decided int  `json:"decided"`
	Total   int  `json:"total"`
	Done    bool `json:"done"`
}

// indexFiles are the page files the index links to, by extension.
var indexFiles = []string{".txt", ".ocr.txt", ".hocr", ".alto.xml", ".prep.png"}

func rowOf(p *record.Page) indexRow {
	r := indexRow{Name: p.Name, Link: string(link(p.Name)), Status: p.Status, Files: []string{}}
	if p.Error != "" {
		r.Error = Plain(p.Error)
	}
	if o := p.OCR; o != nil {
		r.Words, r.Conf = &o.Words, o.MeanConf
	}
	if c := p.Correction; c != nil {
		r.Applied, r.Suggested = &c.Applied, &c.Suggested
	}
	if t := p.Truth; t != nil {
		r.CERRaw, r.CER, r.WERRaw, r.WER = &t.Raw.CER, &t.Corrected.CER, &t.Raw.WER, &t.Corrected.WER
		r.Fixed, r.Broken = &t.Words.Fixed, &t.Words.Broken
	}
	for _, ext := range indexFiles {
		if slices.Contains(p.Outputs, p.Name+ext) {
			r.Files = append(r.Files, ext)
		}
	}
	return r
}

// Index renders the report of a run: the summary, the failed pages and a
// table of the pages, in the order given, each linking to the page's view.
// Links are relative to the output folder.
func Index(sum *record.Summary, pages []*record.Page) ([]byte, error) {
	return ReviewedIndex(sum, pages, nil)
}

// ReviewedIndex renders the index with the review's progress (the review
// server's index); with a nil rv it is the report's index.
func ReviewedIndex(sum *record.Summary, pages []*record.Page, rv *ReviewIndex) ([]byte, error) {
	rows := make([]indexRow, len(pages))
	for i, p := range pages {
		rows[i] = rowOf(p)
		if rv != nil && p.Status == record.StatusOK {
			pr := rv.Pages[p.Name]
			rows[i].Review = &pr
		}
	}
	var b bytes.Buffer
	err := index.Execute(&b, struct {
		Sum    *record.Summary
		Rows   []indexRow
		Failed []record.Failure
		Assets string
		Review *ReviewIndex
	}{sum, rows, sum.Failed, Assets, rv})
	return b.Bytes(), err
}

// link returns the relative URL of the file name in the output folder: each
// character that means something in a URL ('#', '?', '%', a ':' in the first
// segment) is escaped, so that the link leads to the file whatever its name.
func link(name string) template.URL {
	return template.URL((&url.URL{Path: name}).String())
}
