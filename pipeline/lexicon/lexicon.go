package lexicon

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what a lexicon term names.
type Kind string

// The kinds a lexicon row may have.
const (
	Person       Kind = "person"
	Place        Kind = "place"
	Organisation Kind = "organisation"
	Abbreviation Kind = "abbreviation"
	Formula      Kind = "formula"
	Term         Kind = "term"
)

// Kinds lists every valid kind.
var Kinds = []Kind{Person, Place, Organisation, Abbreviation, Formula, Term}

func validKind(k Kind) bool {
	for _, v := range Kinds {
		if v == k {
			return true
		}
	}
	return false
}

// Header is the required first non-comment line of a lexicon file.
const Header = "term\tkind\tmisreadings\tforms\tnote"

// Entry is one term of the lexicon with everything known about it.
type Entry struct {
	// Term is the canonical written form (nominative singular, full abbreviation, formula as typed).
	Term string
	Kind Kind
	// Misreadings maps a known misreading, as written in the file, to the form of
	// Term it stands for (Term itself unless the file said misreading=form).
	Misreadings map[string]string
	// FormSpec is the forms column as written (after merging, the columns joined by ";").
	FormSpec string
	// Note is the free-text note; Source is where the entry was first defined ("file:line").
	Note   string
	Source string
	// Forms are the entry's written forms, Term first, generated from the kind
	// and the ending unless FormSpec overrides them. Filled by the index.
	Forms []*Form
}

// Lexicon is a set of entries from one or more files, indexed for lookup.
// Build it with Parse, Default and Load; after that it is read-only and safe
// for concurrent use.
type Lexicon struct {
	entries []*Entry
	byKey   map[string]*Entry // kind + "\t" + Fold(term)
	idx     *index
	sources []Source
}

// Source is a file a lexicon was read from: its base name and the SHA-256
// of its content.
type Source struct {
	Name, SHA256 string
}

// Sources lists the files read into the lexicon, in the order read: what a
// page's fingerprint records of the lexicons it was corrected with.
func (l *Lexicon) Sources() []Source { return l.sources }

// New returns an empty lexicon.
func New() *Lexicon { return &Lexicon{byKey: map[string]*Entry{}} }

// Len returns the number of entries (terms).
func (l *Lexicon) Len() int { return len(l.entries) }

// Entries returns the entries in the order they were first defined.
func (l *Lexicon) Entries() []*Entry { return l.entries }

// Parse reads one lexicon file; name is used in error messages.
func Parse(r io.Reader, name string) (*Lexicon, error) {
	l := New()
	if err := l.Read(r, name); err != nil {
		return nil, err
	}
	return l, nil
}

// Load adds the lexicon file at path to l.
func Load(l *Lexicon, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("lexicon: %w", err)
	}
	defer f.Close()
	return l.Read(f, path)
}

// Read adds the rows of one lexicon file to l. A row with the same term and
// kind as an earlier one adds its misreadings and forms to it. Errors name the
// file and the line.
func (l *Lexicon) Read(r io.Reader, name string) error {
	h := sha256.New()
	rows, err := readRows(io.TeeReader(r, h), name)
	if err != nil {
		return err
	}
	l.sources = append(l.sources, Source{Name: path.Base(filepath.ToSlash(name)), SHA256: hex.EncodeToString(h.Sum(nil))})
	for _, row := range rows {
		key := string(row.kind) + "\t" + Fold(row.term)
		e := l.byKey[key]
		if e == nil {
			e = &Entry{Term: row.term, Kind: row.kind, Misreadings: map[string]string{}, Note: row.note, Source: row.source}
			l.byKey[key] = e
			l.entries = append(l.entries, e)
		} else if e.Note == "" {
			e.Note = row.note
		}
		for m, to := range row.misreadings {
			e.Misreadings[m] = to
		}
		if row.forms != "" {
			if e.FormSpec == "" || strings.HasPrefix(row.forms, "=") {
				e.FormSpec = row.forms
			} else {
				e.FormSpec += ";" + row.forms
			}
		}
	}
	idx, err := buildIndex(l.entries)
	if err != nil {
		return err
	}
	l.idx = idx
	return nil
}

type row struct {
	term        string
	kind        Kind
	misreadings map[string]string
	forms       string
	note        string
	source      string
}

func readRows(r io.Reader, name string) ([]row, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var rows []row
	header := false
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff") // spreadsheets save a BOM
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pos := fmt.Sprintf("%s:%d", name, n)
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("lexicon %s: not UTF-8 text", pos)
		}
		cols := strings.Split(line, "\t")
		if !header {
			if !strings.HasPrefix(Header, strings.Join(cols, "\t")) || len(cols) < 2 {
				return nil, fmt.Errorf("lexicon %s: header must be %q", pos, Header)
			}
			header = true
			continue
		}
		if len(cols) > 5 {
			return nil, fmt.Errorf("lexicon %s: %d columns, want at most 5 (%s)", pos, len(cols), strings.ReplaceAll(Header, "\t", ", "))
		}
		for len(cols) < 5 {
			cols = append(cols, "")
		}
		rw, err := parseRow(cols)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s: %w", pos, err)
		}
		rw.source = pos
		rows = append(rows, rw)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon %s: %w", name, err)
	}
	if !header {
		return nil, fmt.Errorf("lexicon %s: no header line %q", name, Header)
	}
	return rows, nil
}

func parseRow(cols []string) (row, error) {
	term := normSpace(cols[0])
	if term == "" {
		return row{}, fmt.Errorf("empty term")
	}
	kind := Kind(strings.ToLower(strings.TrimSpace(cols[1])))
	if !validKind(kind) {
		return row{}, fmt.Errorf("term %q: kind %q is not one of %v", term, cols[1], Kinds)
	}
	rw := row{term: term, kind: kind, misreadings: map[string]string{}, forms: strings.TrimSpace(cols[3]), note: strings.TrimSpace(cols[4])}
	for _, m := range strings.Split(cols[2], ";") {
		m = strings.TrimSpace(m)
		if m == "" {
			continue
		}
		from, to, ok := strings.Cut(m, "=")
		from, to = normSpace(from), normSpace(to)
		if !ok {
			to = term
		}
		if from == "" || to == "" {
			return row{}, fmt.Errorf("term %q: bad misreading %q (want misreading or misreading=form)", term, m)
		}
		if Fold(from) == Fold(to) {
			return row{}, fmt.Errorf("term %q: misreading %q is the form itself", term, m)
		}
		rw.misreadings[from] = to
	}
	switch spec := strings.ToLower(rw.forms); spec {
	case "", "indecl", "f", "m", "adj", "pl":
	default:
		for _, f := range strings.Split(strings.TrimPrefix(rw.forms, "="), ";") {
			if normSpace(f) == "" {
				return row{}, fmt.Errorf("term %q: empty form in forms %q", term, rw.forms)
			}
		}
	}
	return rw, nil
}

// normSpace trims s and folds every run of white space to one space.
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// Fold is the matching key of a text: lower case, ё as е, runs of white space
// as one space. Matching in the lexicon is on folded text.
func Fold(s string) string {
	s = normSpace(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if r == 'ё' {
			r = 'е'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sortedKeys returns the keys of m in order (for deterministic output).
func sortedKeys(m map[string]string) []string {
	k := make([]string, 0, len(m))
	for s := range m {
		k = append(k, s)
	}
	sort.Strings(k)
	return k
}
