package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"

	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/report"
)

// Files of a page that the review writes, after the page's name. A run of
// spravka never writes, overwrites or deletes them.
const (
	ExtReview    = ".review.json"    // the decisions
	ExtFinal     = ".final.txt"      // the reviewed text
	ExtFinalALTO = ".final.alto.xml" // the reviewed text as ALTO, on the OCR's boxes
)

// Actions an archivist takes on a correction or a word.
const (
	Accept = "accept" // take the proposed text (a suggestion becomes applied)
	Reject = "reject" // keep the text as read (an applied correction is undone)
	Edit   = "edit"   // write another text
)

// Decision is what an archivist decided for a correction or a word. It names
// the words it covers as page.Correction does (Line and Word index the page's
// lines as read), so it applies to the reading it was made on and to no
// other; From is that reading, to tell when the page was read anew.
type Decision struct {
	Line  int       `json:"line"`
	Word  int       `json:"word"`
	Words int       `json:"words"`
	Box   *page.Box `json:"box,omitempty"`
	// From is the text as read (the covered words joined by a space).
	From string `json:"from"`
	// Proposed, Rule and Applied describe the correction decided on; empty for
	// a word that had none.
	Proposed string `json:"proposed,omitempty"`
	Rule     string `json:"rule,omitempty"`
	Applied  bool   `json:"applied,omitempty"`
	// Action is Accept, Reject or Edit; To is the text decided on.
	Action string `json:"action"`
	To     string `json:"to"`
}

// span returns the words d covers, as a correction.
func (d Decision) span() page.Correction {
	return page.Correction{Line: d.Line, Word: d.Word, Words: max(d.Words, 1)}
}

// same reports whether d and o cover the same words.
func (d Decision) same(o Decision) bool {
	return d.Line == o.Line && d.Word == o.Word && max(d.Words, 1) == max(o.Words, 1)
}

// shown is d as the page view shows it beside its correction.
func (d Decision) shown() report.Decided {
	switch d.Action {
	case Accept:
		return report.Decided{Kind: "accepted", Text: "accepted"}
	case Reject:
		return report.Decided{Kind: "rejected", Text: "rejected"}
	}
	return report.Decided{Kind: "edited", Text: "edited: " + d.To}
}

// Describe says what d decided, for people: «line 2: Рабузов → Разуваев (accepted)».
func (d Decision) Describe() string {
	what := d.shown().Kind
	if d.Proposed != "" && d.Action != Accept {
		what += ", proposed " + d.Proposed
	}
	return fmt.Sprintf("line %d: %s → %s (%s)", d.Line, d.From, d.To, what)
}

// File is a page's <name>.review.json: its decisions and whether the
// archivist marked the page reviewed.
type File struct {
	Page string `json:"page"`
	// OCR is the SHA-256 of the page's hOCR the decisions were made on.
	OCR  string `json:"ocr_sha256"`
	Done bool   `json:"done"`
	// Decisions, in the order made; a later decision on the same words
	// replaces an earlier one.
	Decisions []Decision `json:"decisions"`
	// Stale are decisions made on an earlier reading of the page, kept for
	// the archivist to see and never applied.
	Stale []Decision `json:"stale,omitempty"`
}

// HashOCR is the fingerprint of a page's reading that decisions are tied to.
func HashOCR(hocr string) string {
	s := sha256.Sum256([]byte(hocr))
	return hex.EncodeToString(s[:])
}

// set records d, replacing an earlier decision on the same words.
func (f *File) set(d Decision) {
	for i := range f.Decisions {
		if f.Decisions[i].same(d) {
			f.Decisions[i] = d
			return
		}
	}
	f.Decisions = append(f.Decisions, d)
}

// rebase ties f to the reading hash: when the page was read anew since the
// decisions were made, they become stale.
func (f *File) rebase(hash string) {
	if f.OCR == hash {
		return
	}
	if f.OCR != "" {
		f.Stale = append(f.Stale, f.Decisions...)
		f.Decisions = nil
		f.Done = false
	}
	f.OCR = hash
}

// Final returns the page as reviewed: the reading raw with the run's applied
// corrections, then every decision. A decision that no longer fits the page
// is an error (the caller ties decisions to the reading, see File.OCR).
func Final(raw *page.Page, cs []page.Correction, ds []Decision) (*page.Page, error) {
	p := raw.Clone()
	for _, c := range cs {
		if c.Applied && !p.Apply(c, c.To) {
			return nil, fmt.Errorf("correction %q → %q at line %d does not fit the page", c.From, c.To, c.Line)
		}
	}
	for _, d := range ds {
		if !p.Apply(d.span(), d.To) {
			return nil, fmt.Errorf("decision %q → %q at line %d does not fit the page", d.From, d.To, d.Line)
		}
	}
	return p, nil
}

// fromOf returns the reading of the words c covers on raw, or false.
func fromOf(raw *page.Page, c page.Correction) (string, *page.Box, bool) {
	ws := raw.Covered(c)
	if ws == nil {
		return "", nil, false
	}
	var parts []string
	var box page.Box
	for _, w := range ws {
		parts = append(parts, w.OCR)
		box = box.Union(w.Box)
	}
	if box.Empty() {
		return strings.Join(parts, " "), nil, true
	}
	return strings.Join(parts, " "), &box, true
}

// keepEdges gives to the punctuation around from when to has none of its
// own: deciding «Рабузов,» and «Рабузов.» at once as «Разуваев» keeps
// each one's comma or full stop.
func keepEdges(from, to string) string {
	isEdge := func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }
	if to == "" || strings.TrimFunc(to, isEdge) != to {
		return to
	}
	core := strings.TrimFunc(from, isEdge)
	if core == "" {
		return to
	}
	i := strings.Index(from, core)
	return from[:i] + to + from[i+len(core):]
}

// checkText refuses a text that cannot stand for words of a line.
func checkText(s string) error {
	switch {
	case len(s) > 1000:
		return fmt.Errorf("text of %d bytes is too long for words of a line", len(s))
	case strings.ContainsAny(s, "\n\r\t\x00"):
		return fmt.Errorf("text %q holds a line break, a tab or a NUL", s)
	case !utfValid(s):
		return fmt.Errorf("text is not valid UTF-8")
	}
	return nil
}

func utfValid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// Fitting returns the decisions of f that apply to the reading hocr (parsed
// as raw): none when the page was read anew since they were made, and none
// that no longer fits the reading (see Store.load). Final of raw with them
// is the page's reviewed text.
func (f *File) Fitting(raw *page.Page, hocr string) []Decision {
	if f == nil || f.OCR != HashOCR(hocr) {
		return nil
	}
	var out []Decision
	for _, d := range f.Decisions {
		if from, _, ok := fromOf(raw, d.span()); ok && from == d.From {
			out = append(out, d)
		}
	}
	return out
}
