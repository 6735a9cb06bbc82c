package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/url"
	"slices"

	"github.com/spravka/spravka/pipeline/record"
)

//go:embed index.html.tmpl
var indexTmpl string

var index = template.Must(template.New("index").Funcs(template.FuncMap{
	"pct": func(v float64) string { return fmt.Sprintf("%.1f %%", v*100) },
	"conf": func(v *float64) string {
		if v == nil {
			return ""
		}
		return fmt.Sprintf("%.1f", *v)
	},
	// output returns the link to the page's output file name+ext when the page has it, or "".
	"output": func(p *record.Page, ext string) template.URL {
		if slices.Contains(p.Outputs, p.Name+ext) {
			return link(p.Name + ext)
		}
		return ""
	},
	"link": link,
}).Parse(indexTmpl))

// Index renders the report of a run: the summary and one row per page, in the
// order given. Links are relative to the output folder.
func Index(sum *record.Summary, pages []*record.Page) ([]byte, error) {
	var b bytes.Buffer
	err := index.Execute(&b, struct {
		Sum   *record.Summary
		Pages []*record.Page
	}{sum, pages})
	return b.Bytes(), err
}

// link returns the relative URL of the file name in the output folder: each
// character that means something in a URL ('#', '?', '%', a ':' in the first
// segment) is escaped, so that the link leads to the file whatever its name.
func link(name string) template.URL {
	return template.URL((&url.URL{Path: name}).String())
}
