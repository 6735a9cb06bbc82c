package review

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/spravka/spravka/pipeline/lexicon"
)

// Learn returns, as a lexicon file, what the archivist's decisions teach
// that lex does not know: every accepted or edited text whose reading lex
// does not list as a misreading of it becomes a misreading of the term (of
// the lexicon's term when the text is one of its forms, otherwise of a new
// term of kind "term" with that one form). A run with this file (spravka run
// --lexicon FILE) then fixes those readings without review. It returns the
// file and how many misreadings it holds.
func (s *Store) Learn(lex *lexicon.Lexicon) ([]byte, int, error) {
	s.mu.Lock()
	type rowKey struct {
		term string
		kind lexicon.Kind
	}
	rows := map[rowKey]*lexicon.Row{}
	var order []rowKey
	seen := map[string]bool{}
	n := 0
	for _, p := range s.pages {
		f := s.files[p.Name]
		if f == nil {
			continue
		}
		for _, d := range f.Decisions {
			if d.Action != Accept && d.Action != Edit {
				continue
			}
			from, to := trimEdges(d.From), trimEdges(d.To)
			fromKey, toKey := lexicon.Key(from), lexicon.Key(to)
			if fromKey == "" || toKey == "" || fromKey == toKey || strings.ContainsAny(from+to, ";=") || seen[fromKey+"\t"+toKey] {
				continue
			}
			if known(lex, fromKey, toKey) {
				continue
			}
			seen[fromKey+"\t"+toKey] = true
			k, mis := rowKey{to, lexicon.Term}, from
			forms := "=" + to
			if fs := lex.Exact(toKey); len(fs) > 0 {
				f := fs[0]
				k, forms = rowKey{f.Entry.Term, f.Entry.Kind}, ""
				if !f.Base {
					mis = from + "=" + to
				}
			}
			r := rows[k]
			if r == nil {
				r = &lexicon.Row{Term: k.term, Kind: k.kind, Forms: forms}
				rows[k] = r
				order = append(order, k)
			}
			if !slices.Contains(r.Misreadings, mis) {
				r.Misreadings = append(r.Misreadings, mis)
				n++
			}
			if !strings.Contains(r.Note, p.Name) {
				r.Note = strings.TrimPrefix(r.Note+"; "+p.Name, "; ")
			}
		}
	}
	s.mu.Unlock()
	out := make([]lexicon.Row, 0, len(order))
	for _, k := range order {
		r := *rows[k]
		r.Note = "learned in review; pages: " + r.Note
		out = append(out, r)
	}
	var b bytes.Buffer
	err := lexicon.WriteFile(&b, fmt.Sprintf("spravka review: %d misreadings learned from the archivist's decisions.\nCheck each row, then use it with: spravka run --lexicon FILE", n), out)
	if err != nil {
		return nil, 0, err
	}
	// what is written must load as a lexicon
	if _, err := lexicon.Parse(bytes.NewReader(b.Bytes()), "learned lexicon"); err != nil {
		return nil, 0, fmt.Errorf("the learned lexicon does not load: %w", err)
	}
	return b.Bytes(), n, nil
}

// known reports whether lex already lists fromKey as a misreading of the
// form toKey.
func known(lex *lexicon.Lexicon, fromKey, toKey string) bool {
	for _, m := range lex.Misreadings(fromKey) {
		if lexicon.Key(m.To) == toKey {
			return true
		}
	}
	return false
}

// trimEdges removes the punctuation around a word: the lexicon matches
// words without it.
func trimEdges(s string) string {
	return strings.TrimFunc(strings.TrimSpace(s), func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
}
