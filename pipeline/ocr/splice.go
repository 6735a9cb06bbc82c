package ocr

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Splice is one word element of an hOCR document to be replaced by a word
// element of another hOCR document of the same page.
type Splice struct {
	// ID is the id of the word element replaced.
	ID string
	// From is the other document and FromID the id of its word element.
	From, FromID string
	// Tag is appended to the ids of the elements inside the taken word
	// (its lstm_choices_* groups and choice_* spans), which may clash with
	// ids of the document it goes into; the word itself takes ID.
	Tag string
}

var idAttr = regexp.MustCompile(`\bid='([^']*)'`)

// SpliceWords replaces word elements of hocr, each by its Splice's element
// (with everything inside it) from the other document. It fails when an id
// is not found in its document, so a word is never silently left as it was.
func SpliceWords(hocr string, splices []Splice) (string, error) {
	type edit struct {
		start, end int
		with       string
	}
	edits := make([]edit, 0, len(splices))
	for _, s := range splices {
		start, end, ok := element(hocr, s.ID)
		if !ok {
			return "", fmt.Errorf("hOCR has no element %q", s.ID)
		}
		fs, fe, ok := element(s.From, s.FromID)
		if !ok {
			return "", fmt.Errorf("the other hOCR has no element %q", s.FromID)
		}
		el := idAttr.ReplaceAllStringFunc(s.From[fs:fe], func(m string) string {
			id := idAttr.FindStringSubmatch(m)[1]
			if id == s.FromID {
				return "id='" + s.ID + "'"
			}
			return "id='" + id + s.Tag + "'"
		})
		edits = append(edits, edit{start, end, el})
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		if e.start < at {
			return "", fmt.Errorf("hOCR elements to replace overlap at byte %d", e.start)
		}
		b.WriteString(hocr[at:e.start])
		b.WriteString(e.with)
		at = e.end
	}
	b.WriteString(hocr[at:])
	return b.String(), nil
}

// element finds the element with the given id in an hOCR document (as
// Tesseract writes it: single-quoted attributes, no comments or CDATA) and
// returns the byte range from its start tag to the end of its end tag.
func element(doc, id string) (start, end int, ok bool) {
	at := strings.Index(doc, "id='"+id+"'")
	if at < 0 {
		return 0, 0, false
	}
	start = strings.LastIndexByte(doc[:at], '<')
	if start < 0 {
		return 0, 0, false
	}
	name := doc[start+1:]
	if i := strings.IndexAny(name, " \t\n>/"); i >= 0 {
		name = name[:i]
	}
	open, closing := "<"+name, "</"+name+">"
	depth := 0
	for i := start; i < len(doc); {
		next := strings.IndexByte(doc[i:], '<')
		if next < 0 {
			break
		}
		i += next
		switch {
		case strings.HasPrefix(doc[i:], closing):
			depth--
			i += len(closing)
			if depth == 0 {
				return start, i, true
			}
		case strings.HasPrefix(doc[i:], open) && len(doc) > i+len(open) && strings.ContainsRune(" \t\n>/", rune(doc[i+len(open)])):
			gt := strings.IndexByte(doc[i:], '>')
			if gt < 0 {
				return 0, 0, false
			}
			if doc[i+gt-1] != '/' { // <span .../> opens nothing
				depth++
			}
			i += gt + 1
		default:
			i++
		}
	}
	return 0, 0, false
}
