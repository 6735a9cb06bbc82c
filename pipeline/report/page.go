package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"
)

//go:embed page.html.tmpl
var pageTmpl string

var pageView = template.Must(template.New("page").Funcs(funcs).Parse(pageTmpl))

// Review is what the review server adds to a page view: the token its
// requests carry and the archivist's decisions. The static report has none.
type Review struct {
	Token string
	// Decided maps a correction's index to what was decided.
	Decided map[int]Decided
	// Stale lists decisions made on an earlier reading of the page, as text.
	Stale []string
	// Progress says how far the review of the batch has come.
	Progress string
	// Files are links to the review's own files of the page.
	Files []FileLink
	// Done is true when the archivist marked the page reviewed.
	Done bool
}

// Decided is a decision on a correction: Kind is accepted, rejected or
// edited, Text says it for people.
type Decided struct {
	Kind, Text string
}

// Class is the class of correction i's row: its decision, if any.
func (r *Review) Class(i int) string {
	d, ok := r.Decided[i]
	if !ok {
		return "open"
	}
	return "dec-" + d.Kind
}

// Decision says what was decided for correction i, or "".
func (r *Review) Decision(i int) string { return r.Decided[i].Text }

// Page renders the page view of v; with r it is the review server's page,
// whose decisions can be changed.
func Page(v *View, r *Review) ([]byte, error) {
	var b bytes.Buffer
	err := pageView.Execute(&b, struct {
		V *View
		R *Review
	}{v, r})
	return b.Bytes(), err
}

// runsOf is a text of a view, for the "runs" template.
type runsOf struct {
	Runs []Run
	v    *View
}

// Word returns the view's word i.
func (r runsOf) Word(i int) Word { return r.v.Words[i] }

// funcs are the template functions of the index and the page views.
var funcs = template.FuncMap{
	"pct": func(v float64) string { return fmt.Sprintf("%.1f %%", v*100) },
	"conf": func(v *float64) string {
		if v == nil {
			return ""
		}
		return fmt.Sprintf("%.1f", *v)
	},
	"wconf": func(v float64) string {
		if v < 0 {
			return "—"
		}
		return fmt.Sprintf("%.0f", v)
	},
	"better": func(before, after float64) string {
		switch {
		case after < before:
			return "better"
		case after > before:
			return "worse"
		}
		return ""
	},
	"inc":     func(i int) int { return i + 1 },
	"lowconf": func() int { return LowConf },
	"runs":    func(v *View, rs []Run) runsOf { return runsOf{rs, v} },
	"plain":   Plain,
	"link":    link,
}

// Plain says in plain words what went wrong with a page, from its error
// ("decode x.jpg: …"), keeping the error itself.
func Plain(err string) string {
	stage, rest, _ := strings.Cut(err, " ")
	what, ok := map[string]string{
		"decode":     "The image file could not be read",
		"preprocess": "The image could not be prepared for recognition",
		"ocr":        "Tesseract could not read the page",
		"correct":    "The text could not be corrected",
		"write":      "The page's files could not be written",
	}[stage]
	if !ok {
		return err
	}
	return what + ": " + rest
}
