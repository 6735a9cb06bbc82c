package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/diff"
)

// Mark is a stretch of one side of a compared text: Text as it stands in
// the file, with the kind of alignment run it belongs to. A stretch between
// runs (whitespace at the ends, punctuation a normalisation dropped) is not
// Marked. The side of an Insert or a Delete that lacks the text gets an
// empty Mark where the text belongs; Other is then the other side's text,
// as it is for a Substitute.
type Mark struct {
	Text   string
	Kind   accuracy.OpKind
	Marked bool
	Other  string
}

// Marks cuts text, the reference (ref) or the hypothesis of a comparison
// whose other text is other, into stretches by the alignment ops: the page
// view and the diff view show each stretch in the colour of its kind.
func Marks(text, other string, ops []accuracy.Op, ref bool) []Mark {
	var ms []Mark
	at := 0
	for _, o := range ops {
		own, oth := o.Hyp, o.Ref
		if ref {
			own, oth = o.Ref, o.Hyp
		}
		if own.Start > at {
			ms = append(ms, Mark{Text: text[at:own.Start]})
		}
		m := Mark{Text: text[own.Start:own.End], Kind: o.Kind, Marked: true}
		if o.Kind != accuracy.Equal {
			m.Other = other[oth.Start:oth.End]
		}
		ms = append(ms, m)
		at = own.End
	}
	if at < len(text) {
		ms = append(ms, Mark{Text: text[at:]})
	}
	return ms
}

//go:embed diff.html.tmpl
var diffTmpl string

var diffPage = template.Must(template.New("diff").Funcs(template.FuncMap{
	"pct":    func(r accuracy.Rate) string { return fmt.Sprintf("%.2f %%", 100*r.Value()) },
	"errors": diff.Errors,
	// class is the CSS class of a mark on the reference (ref) or hypothesis side.
	"class": func(m Mark) string {
		switch {
		case !m.Marked || m.Kind == accuracy.Equal:
			return ""
		case m.Kind == accuracy.Substitute:
			return "sub"
		case m.Kind == accuracy.Delete && m.Text != "":
			return "del"
		case m.Kind == accuracy.Insert && m.Text != "":
			return "ins"
		case m.Kind == accuracy.Delete:
			return "at del"
		default:
			return "at ins"
		}
	},
}).Parse(diffTmpl))

type diffFile struct {
	ID string
	diff.File
	RefMarks, HypMarks []Mark
}

// Diff renders a result of spravka diff as one self-contained HTML page: the
// numbers at the top (for folders, a table of the pairs, the worst first,
// and the totals), then each pair's two texts side by side with the
// substitutions, the text missing from the OCR and the text it adds marked
// in their own colours, and a legend. No script, no resource outside the page.
func Diff(r *diff.Result) ([]byte, error) {
	v := struct {
		*diff.Result
		Totals  diff.Totals
		Options string
		Files   []diffFile
	}{Result: r, Totals: r.Totals(), Options: diff.Describe(r.Normalize)}
	for i, f := range r.Files {
		df := diffFile{ID: fmt.Sprintf("p%d", i+1), File: f}
		if f.Err == nil {
			df.RefMarks = Marks(f.Ref, f.Hyp, f.Chars.Ops, true)
			df.HypMarks = Marks(f.Hyp, f.Ref, f.Chars.Ops, false)
		}
		v.Files = append(v.Files, df)
	}
	var b bytes.Buffer
	err := diffPage.Execute(&b, v)
	return b.Bytes(), err
}
