package lexicon

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Form is one written form of an entry: the term itself or a case form.
type Form struct {
	// Text is the form as it should be written («Ким Ир Сеном», «исх.»).
	Text string
	// Key is the folded form with the punctuation at both ends removed, the
	// way a text token is matched («ким ир сеном», «исх»).
	Key string
	// Words are the space-separated parts of Key.
	Words []string
	// Runes is the number of runes of Key.
	Runes int
	Entry *Entry
	Case  Case
	// Base is true for the term itself.
	Base bool
}

// Misreading is a known misreading of an entry with the form it stands for.
type Misreading struct {
	From  string // as written in the lexicon
	Key   string // matching key of From (folded, end punctuation removed)
	To    string // the form it stands for
	Entry *Entry
}

// Component says that a word is part Pos of a multi-word form.
type Component struct {
	Form *Form
	Pos  int
}

type index struct {
	exact      map[string][]*Form // Key → forms (single and multi-word)
	words      map[string]bool    // every word of every form's Key
	byLen      map[int][]*Form    // single-word forms by rune count
	multi      []*Form            // multi-word forms
	components map[string][]Component
	misread    map[string][]*Misreading // Key → misreadings (single and multi-word)
	misFirst   map[string]int           // first word of a multi-word misreading → max words
}

// Key returns the matching key of a token or a phrase: folded, with the
// punctuation at both ends removed.
func Key(s string) string {
	return strings.TrimFunc(Fold(s), isEdgePunct)
}

func isEdgePunct(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

func buildIndex(entries []*Entry) (*index, error) {
	ix := &index{
		exact:      map[string][]*Form{},
		words:      map[string]bool{},
		byLen:      map[int][]*Form{},
		components: map[string][]Component{},
		misread:    map[string][]*Misreading{},
		misFirst:   map[string]int{},
	}
	for _, e := range entries {
		e.Forms = nil
		for i, fc := range generate(e.Term, e.Kind, e.FormSpec) {
			key := Key(fc.text)
			if key == "" {
				return nil, fmt.Errorf("lexicon %s: term %q: form %q has no letters", e.Source, e.Term, fc.text)
			}
			f := &Form{Text: fc.text, Key: key, Words: strings.Fields(key), Runes: utf8.RuneCountInString(key), Entry: e, Case: fc.cs, Base: i == 0}
			e.Forms = append(e.Forms, f)
			ix.exact[key] = append(ix.exact[key], f)
			for p, w := range f.Words {
				ix.words[w] = true
				if len(f.Words) > 1 {
					ix.components[w] = append(ix.components[w], Component{f, p})
				}
			}
			if len(f.Words) == 1 {
				ix.byLen[f.Runes] = append(ix.byLen[f.Runes], f)
			} else {
				ix.multi = append(ix.multi, f)
			}
		}
		for _, from := range sortedKeys(e.Misreadings) {
			m := &Misreading{From: from, Key: Key(from), To: e.Misreadings[from], Entry: e}
			if m.Key == "" {
				return nil, fmt.Errorf("lexicon %s: term %q: misreading %q has no letters", e.Source, e.Term, from)
			}
			ix.misread[m.Key] = append(ix.misread[m.Key], m)
			if ws := strings.Fields(m.Key); len(ws) > 1 {
				ix.misFirst[ws[0]] = max(ix.misFirst[ws[0]], len(ws))
			}
		}
	}
	return ix, nil
}

func (l *Lexicon) index() *index {
	if l.idx == nil {
		l.idx, _ = buildIndex(nil)
	}
	return l.idx
}

// Exact returns the forms whose key is key (see Key), in lexicon order.
func (l *Lexicon) Exact(key string) []*Form { return l.index().exact[key] }

// KnownWord reports whether the folded word is a word of some form of some
// entry («ким» is, as part of «Ким Ир Сен»).
func (l *Lexicon) KnownWord(key string) bool { return l.index().words[key] }

// FormsOfLength returns the single-word forms whose key has n runes.
func (l *Lexicon) FormsOfLength(n int) []*Form { return l.index().byLen[n] }

// MultiWordForms returns every form of more than one word.
func (l *Lexicon) MultiWordForms() []*Form { return l.index().multi }

// Components returns the multi-word forms that have the folded word key as one of their words.
func (l *Lexicon) Components(key string) []Component { return l.index().components[key] }

// Misreadings returns the known misreadings whose key is key.
func (l *Lexicon) Misreadings(key string) []*Misreading { return l.index().misread[key] }

// MisreadingSpan returns the largest number of words of a known multi-word
// misreading that starts with the folded word key (0 if none does).
func (l *Lexicon) MisreadingSpan(key string) int { return l.index().misFirst[key] }

// MaxRunes returns the rune count of the longest single-word form.
func (l *Lexicon) MaxRunes() int {
	m := 0
	for n := range l.index().byLen {
		m = max(m, n)
	}
	return m
}

// FormTexts returns the texts of an entry's forms, sorted, for tests and listings.
func (e *Entry) FormTexts() []string {
	var out []string
	for _, f := range e.Forms {
		out = append(out, f.Text)
	}
	sort.Strings(out)
	return out
}
