package review

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/record"
)

// MaxOccurrences bounds a concordance: a reading found more often than this
// is listed up to it (the rest can be decided once these are).
const MaxOccurrences = 1000

// Query asks for the occurrences of one reading (Reading: every word read
// so, corrected or not) or of one correction (From → To) across the batch.
type Query struct {
	Reading  string
	From, To string
}

// Occurrence is one place of the batch where a concordance's reading stands.
type Occurrence struct {
	Page string
	// Item names the occurrence in a decision (a correction or a word), as JSON.
	Item string
	Line int
	// Read is the text as read, Now the text as it stands (the run's
	// correction or the archivist's decision); Before and After the rest of
	// the line as read.
	Read, Now, Before, After string
	Box                      page.Box
	Width, Height            int
	// State is "applied", "suggested" or "as read"; Decision what the
	// archivist decided, if anything.
	State, Decision string
}

// wordIndex lists every word of the batch by its reading's key.
type wordIndex struct {
	byKey map[string][]wordRef
}

type wordRef struct{ page, w int32 }

// buildIndex reads every page's hOCR once. The caller holds s.mu.
func (s *Store) buildIndex() error {
	if s.words != nil {
		return nil
	}
	ix := &wordIndex{byKey: map[string][]wordRef{}}
	for pi, p := range s.pages {
		if p.Status != record.StatusOK {
			continue
		}
		h, err := s.out.Read(p.Name + ".hocr")
		if err != nil {
			return err
		}
		raw, err := ocr.ParseHOCR(strings.NewReader(string(h)))
		if err != nil {
			return err
		}
		w := int32(0)
		for _, lr := range raw.Lines() {
			for _, wd := range lr.Line.Words {
				if k := key(wd.OCR); k != "" {
					ix.byKey[k] = append(ix.byKey[k], wordRef{int32(pi), w})
				}
				w++
			}
		}
	}
	s.words = ix
	return nil
}

// Concordance lists the occurrences q asks for, in input order.
func (s *Store) Concordance(q Query) ([]Occurrence, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	type target struct {
		page int
		corr int // -1: a word
		w    int
	}
	var targets []target
	switch {
	case q.From != "" || q.To != "":
		for pi, p := range s.pages {
			if p.Correction == nil {
				continue
			}
			for ci, c := range p.Correction.Corrections {
				if c.From == q.From && c.To == q.To {
					targets = append(targets, target{pi, ci, -1})
				}
			}
		}
	case key(q.Reading) != "":
		if err := s.buildIndex(); err != nil {
			return nil, err
		}
		for _, r := range s.words.byKey[key(q.Reading)] {
			targets = append(targets, target{int(r.page), -1, int(r.w)})
		}
	default:
		return nil, errors.New("ask for a reading, or for a correction from → to")
	}
	if len(targets) > MaxOccurrences {
		targets = targets[:MaxOccurrences]
	}
	var out []Occurrence
	loaded := map[int]*state{}
	finals := map[int]*page.Page{}
	for _, t := range targets {
		st, ok := loaded[t.page]
		if !ok {
			var err error
			if st, err = s.load(s.pages[t.page].Name); err != nil {
				return nil, err
			}
			if st.raw == nil {
				continue
			}
			f, err := Final(st.raw, st.corrections(), st.file.Decisions)
			if err != nil {
				return nil, err
			}
			loaded[t.page], finals[t.page] = st, f
		}
		cs := st.corrections()
		var span page.Correction
		it := Item{Page: st.rec.Name}
		if t.corr >= 0 {
			span = cs[t.corr]
			it.Correction = &t.corr
		} else {
			line, word, ok := wordAt(st.raw, t.w)
			if !ok {
				continue
			}
			span = page.Correction{Line: line, Word: word, Words: 1}
			it.Word = &t.w
			for ci, c := range cs {
				if c.Line == line && word >= c.Word && word < c.Word+max(c.Words, 1) {
					t.corr = ci
				}
			}
		}
		o := Occurrence{Page: st.rec.Name, Line: span.Line, State: "as read"}
		if st.rec.Image != nil {
			o.Width, o.Height = st.rec.Image.Width, st.rec.Image.Height
		}
		item, _ := json.Marshal(it)
		o.Item = string(item)
		if t.corr >= 0 {
			c := cs[t.corr]
			o.State = "suggested"
			if c.Applied {
				o.State = "applied"
			}
			for _, d := range st.file.Decisions {
				if d.same(Decision{Line: c.Line, Word: c.Word, Words: c.Words}) {
					o.Decision = d.Action + ": " + d.To
				}
			}
		} else {
			for _, d := range st.file.Decisions {
				if d.same(Decision{Line: span.Line, Word: span.Word, Words: 1}) {
					o.Decision = d.Action + ": " + d.To
				}
			}
		}
		o.Read, o.Now, o.Before, o.After, o.Box = context(st.raw, finals[t.page], span)
		out = append(out, o)
	}
	return out, nil
}

// context returns the words span covers as read and as they stand now, the
// rest of their line as read, and their box.
func context(raw, final *page.Page, span page.Correction) (read, now, before, after string, box page.Box) {
	ws := raw.Covered(span)
	fs := final.Covered(span)
	var r, n []string
	for i, w := range ws {
		r = append(r, w.OCR)
		if fs[i].Text != "" {
			n = append(n, fs[i].Text)
		}
		box = box.Union(w.Box)
	}
	for _, lr := range raw.Lines() {
		if lr.No != span.Line {
			continue
		}
		var b, a []string
		for i, w := range lr.Line.Words {
			switch {
			case i < span.Word:
				b = append(b, w.OCR)
			case i >= span.Word+len(ws):
				a = append(a, w.OCR)
			}
		}
		before, after = strings.Join(b, " "), strings.Join(a, " ")
	}
	return strings.Join(r, " "), strings.Join(n, " "), before, after, box
}
