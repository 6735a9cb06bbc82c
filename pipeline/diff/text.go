package diff

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/accuracy"
)

// ANSI colours of the text report.
const (
	red   = "\x1b[31m"
	green = "\x1b[32m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

// WriteText writes the result for a reader. For one pair: a summary and
// every difference with context characters of its surroundings, the
// transcription's text [-missing from the OCR text-] and {+the OCR text's
// own+}; for folders: a table of the pairs, the worst first, with the totals,
// the pairs that failed and the pages found in only one folder. With color
// the differences are coloured (ANSI).
func (r *Result) WriteText(w io.Writer, color bool, context int) error {
	p := &printer{w: w, color: color}
	if r.Folder {
		r.table(p)
	} else {
		r.single(p, context)
	}
	return p.err
}

type printer struct {
	w     io.Writer
	color bool
	err   error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// paint wraps s in an ANSI colour when colours are on.
func (p *printer) paint(c, s string) string {
	if !p.color {
		return s
	}
	return c + s + reset
}

func pct(r accuracy.Rate) string { return fmt.Sprintf("%.2f %%", 100*r.Value()) }

// counts describes an alignment's errors: "10 errors in 246 characters: 5
// substituted, 3 missing, 2 extra".
func counts(a accuracy.Alignment, unit string) string {
	return fmt.Sprintf("%s in %d %s: %d substituted, %d missing, %d extra",
		Errors(a.Errors), a.N, unit, a.Substitutions, a.Deletions, a.Insertions)
}

// Errors is "1 error" or "n errors".
func Errors(n int) string { return count(n, "error", "errors") }

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Describe names the normalisation n in words ("line breaks kept, case
// folded"), or "" for the default.
func Describe(n accuracy.Normalize) string {
	var o []string
	for _, opt := range []struct {
		on   bool
		name string
	}{{n.KeepLines, "line breaks kept"}, {n.FoldCase, "case folded"}, {n.IgnorePunct, "punctuation ignored"},
		{n.FoldYo, "ё as е"}, {n.FoldHomoglyphs, "Latin look-alikes as Cyrillic"}} {
		if opt.on {
			o = append(o, opt.name)
		}
	}
	return strings.Join(o, ", ")
}

func (r *Result) single(p *printer, context int) {
	f := r.Files[0]
	p.printf("truth  %s\nocr    %s\n", f.Truth, f.OCR)
	if f.Raw != "" {
		p.printf("raw    %s\n", f.Raw)
	}
	if o := Describe(r.Normalize); o != "" {
		p.printf("with   %s\n", o)
	}
	if f.Err != nil {
		p.printf("error  %v\n", f.Err)
		return
	}
	p.printf("%s  %8s   %s\n", p.paint(bold, "CER"), pct(f.Chars.Rate), counts(f.Chars, "characters"))
	p.printf("%s  %8s   %s\n", p.paint(bold, "WER"), pct(f.Words.Rate), counts(f.Words, "words"))
	if f.Changes != nil {
		p.printf("raw    CER %s, WER %s; correction fixed %d words and broke %d\n",
			pct(*f.RawChars), pct(*f.RawWords), f.Changes.Fixed, f.Changes.Broken)
	}
	if f.Chars.Errors == 0 {
		return
	}
	p.printf("\ndifferences (line of the transcription: its text %s the OCR's %s):\n",
		p.paint(red, "[-missing-]"), p.paint(green, "{+extra+}"))
	for _, h := range hunks(f.Chars.Ops, context) {
		p.printf("%5d: %s\n", 1+strings.Count(f.Ref[:f.Chars.Ops[h.first].Ref.Start], "\n"), p.hunk(f, h, context))
	}
}

// hunk is the differences f.Chars.Ops[first:last+1] shown together (with
// short equal runs between them).
type hunk struct{ first, last int }

// hunks groups the differences of ops: two are shown together when fewer
// than 2·context equal characters lie between them.
func hunks(ops []accuracy.Op, context int) []hunk {
	var hs []hunk
	for i, o := range ops {
		if o.Kind == accuracy.Equal {
			continue
		}
		if n := len(hs); n > 0 && (i-hs[n-1].last == 1 || i-hs[n-1].last == 2 && ops[i-1].N < 2*context) {
			hs[n-1].last = i
			continue
		}
		hs = append(hs, hunk{i, i})
	}
	return hs
}

// hunk renders h: context before, the differences, context after.
func (p *printer) hunk(f File, h hunk, context int) string {
	ops := f.Chars.Ops
	var b strings.Builder
	if h.first > 0 {
		before := ops[h.first-1]
		s, cut := lastRunes(f.Ref[before.Ref.Start:before.Ref.End], context)
		if cut {
			b.WriteString("…")
		}
		b.WriteString(visible(s))
	}
	// consecutive differences of any kind show as one: [-their transcription
	// text-]{+their OCR text+}
	for i := h.first; i <= h.last; {
		o := ops[i]
		if o.Kind == accuracy.Equal {
			b.WriteString(visible(f.Ref[o.Ref.Start:o.Ref.End]))
			i++
			continue
		}
		j := i
		for j+1 <= h.last && ops[j+1].Kind != accuracy.Equal {
			j++
		}
		if ref := f.Ref[o.Ref.Start:ops[j].Ref.End]; ref != "" {
			b.WriteString(p.paint(red, "[-"+visible(ref)+"-]"))
		}
		if hyp := f.Hyp[o.Hyp.Start:ops[j].Hyp.End]; hyp != "" {
			b.WriteString(p.paint(green, "{+"+visible(hyp)+"+}"))
		}
		i = j + 1
	}
	if h.last+1 < len(ops) {
		after := ops[h.last+1]
		s, cut := firstRunes(f.Ref[after.Ref.Start:after.Ref.End], context)
		b.WriteString(visible(s))
		if cut {
			b.WriteString("…")
		}
	}
	return b.String()
}

// visible shows line breaks as ⏎ and other control characters as spaces,
// so that a difference stays on one line.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return '⏎'
		case r == '\r':
			return -1
		case r < ' ' || r == 0x7f:
			return ' '
		}
		return r
	}, s)
}

func lastRunes(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	i := len(s)
	for range n {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:], true
}

func firstRunes(s string, n int) (string, bool) {
	i := 0
	for range n {
		if i == len(s) {
			return s, false
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i], i < len(s)
}

// table writes the folder report.
func (r *Result) table(p *printer) {
	if o := Describe(r.Normalize); o != "" {
		p.printf("compared with %s\n\n", o)
	}
	t := r.Totals()
	raw := t.RawFiles > 0
	width := len("total")
	for _, f := range r.Files {
		width = max(width, utf8.RuneCountInString(f.Name))
	}
	pad := func(s string) string { return s + strings.Repeat(" ", width-utf8.RuneCountInString(s)) }
	head := pad("page") + "       CER       WER"
	if raw {
		head += "   raw CER   raw WER   fixed  broken"
	}
	p.printf("%s\n", p.paint(bold, head))
	row := func(name string, c, w accuracy.Rate, rc, rw *accuracy.Rate, ch *accuracy.Changes) {
		p.printf("%s  %8s  %8s", pad(name), pct(c), pct(w))
		if ch != nil {
			p.printf("  %8s  %8s  %6d  %6d", pct(*rc), pct(*rw), ch.Fixed, ch.Broken)
		}
		p.printf("\n")
	}
	for _, f := range r.Files {
		if f.Err == nil {
			row(f.Name, f.Chars.Rate, f.Words.Rate, f.RawChars, f.RawWords, f.Changes)
		}
	}
	var ch *accuracy.Changes
	if raw {
		ch = &t.Changes
	}
	row("total", t.Chars.Rate, t.Words.Rate, &t.RawChars, &t.RawWords, ch)
	p.printf("\n%s compared: %s; %s", count(t.Files, "page", "pages"), counts(t.Chars, "characters"), counts(t.Words, "words"))
	if raw && t.RawFiles < t.Files {
		p.printf("; raw OCR, fixed and broken over the pages that have a raw OCR (%d of %d)", t.RawFiles, t.Files)
	}
	p.printf("\n")
	for _, f := range r.Files {
		if f.Err != nil {
			p.printf("%s %s: %v\n", p.paint(red, "not compared"), f.Name, f.Err)
		}
	}
	if len(r.TruthOnly) > 0 {
		p.printf("only in %s (no text): %s\n", r.Truth, strings.Join(r.TruthOnly, ", "))
	}
	if len(r.OCROnly) > 0 {
		p.printf("only in %s (no transcription): %s\n", r.OCR, strings.Join(r.OCROnly, ", "))
	}
}
