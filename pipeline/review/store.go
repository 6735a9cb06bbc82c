package review

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/render"
	"github.com/spravka/spravka/pipeline/report"
)

// Store is the review of one output folder: its page records, read once,
// and the decisions, kept in memory and written through to each page's
// review files at once. It is safe for concurrent use.
type Store struct {
	out   outdir.Dir
	lock  *outdir.Lock  // the folder's review part: one review server at a time
	owned *outdir.Owned // the files spravka wrote: the review overwrites no other
	tool  record.Tool
	pages []*record.Page
	names []string
	index map[string]int // page name → index in pages

	mu    sync.Mutex
	files map[string]*File // decisions by page name (absent: none yet)
	words *wordIndex       // every word of the batch by reading, built on first use
}

// Open reads the page records and review files of the output folder dir
// and takes its review part: a second review of the same folder is refused
// (an *outdir.BusyError) until Close. A run may work in the folder at the
// same time; decisions on a page it reads anew become stale.
func Open(dir string) (*Store, error) { return openStore(dir, false) }

// OpenReadOnly reads the review of dir without taking it: it can show and
// export what was decided (while a server reviews the folder), not decide.
func OpenReadOnly(dir string) (*Store, error) { return openStore(dir, true) }

func openStore(dir string, readOnly bool) (*Store, error) {
	out := outdir.Dir{Root: dir, Writer: "review"}
	pages, err := record.ReadDir(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%s: %w", dir, record.ErrNoRecords)
	}
	s := &Store{out: out, pages: pages, names: report.Names(pages), index: map[string]int{}, files: map[string]*File{}}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()
	if !readOnly {
		if s.lock, err = out.LockPart("review"); err != nil {
			return nil, err
		}
		if s.owned, err = out.Owned("review"); err != nil {
			return nil, err
		}
		if _, err := out.RemovePartials(); err != nil {
			return nil, err
		}
	}
	for i, p := range pages {
		s.index[p.Name] = i
		data, err := out.Read(p.Name + ExtReview)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var f File
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("review file %s%s cannot be read: %v", p.Name, ExtReview, err)
		}
		s.files[p.Name] = &f
	}
	if data, err := out.Read(record.SummaryFile); err == nil {
		var sum record.Summary
		if json.Unmarshal(data, &sum) == nil {
			s.tool = sum.Tool
		}
	}
	ok = true
	return s, nil
}

// Close gives the folder's review part up.
func (s *Store) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.owned != nil {
		s.owned.Close()
		s.owned = nil
	}
	if s.lock != nil {
		s.lock.Release()
		s.lock = nil
	}
}

// Pages returns the folder's page records in input order.
func (s *Store) Pages() []*record.Page { return s.pages }

// Page returns the record of the page name, or nil.
func (s *Store) Page(name string) *record.Page {
	if i, ok := s.index[name]; ok {
		return s.pages[i]
	}
	return nil
}

// state is a page as read from its files.
type state struct {
	rec  *record.Page
	hocr string
	raw  *page.Page // nil when the page failed
	file *File      // the decisions on this reading (a new one when none)
}

func (st *state) corrections() []page.Correction {
	if st.rec.Correction == nil {
		return nil
	}
	return st.rec.Correction.Corrections
}

func (st *state) truth() string {
	if st.rec.Truth == nil {
		return ""
	}
	return st.rec.Truth.Text
}

// load reads the page name and ties its decisions to its reading. The
// caller holds s.mu.
func (s *Store) load(name string) (*state, error) {
	rec := s.Page(name)
	if rec == nil {
		return nil, fmt.Errorf("no page %q in this folder", name)
	}
	st := &state{rec: rec}
	f := s.files[name]
	if f == nil {
		f = &File{Page: name}
	}
	st.file = f
	if rec.Status != record.StatusOK {
		return st, nil
	}
	h, err := s.out.Read(name + ".hocr")
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", name, err)
	}
	st.hocr = string(h)
	if st.raw, err = ocr.ParseHOCR(strings.NewReader(st.hocr)); err != nil {
		return nil, fmt.Errorf("page %s: %w", name, err)
	}
	f.rebase(HashOCR(st.hocr))
	// a decision that does not fit this reading is stale too (a hand-edited file)
	kept := f.Decisions[:0]
	for _, d := range f.Decisions {
		if from, _, ok := fromOf(st.raw, d.span()); ok && from == d.From {
			kept = append(kept, d)
		} else {
			f.Stale = append(f.Stale, d)
		}
	}
	f.Decisions = kept
	return st, nil
}

// View returns the review's view of the page name: the page view with the
// reviewed text in place of the corrected one, and the decisions.
func (s *Store) View(name, token string) (*report.View, *report.Review, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.load(name)
	if err != nil {
		return nil, nil, err
	}
	v := report.NewView(st.rec, st.hocr, st.truth(), s.names)
	r := &report.Review{Token: token, Decided: map[int]report.Decided{}, Done: st.file.Done, Progress: s.progress().String()}
	for _, d := range st.file.Stale {
		r.Stale = append(r.Stale, d.Describe())
	}
	if st.raw != nil && len(st.file.Decisions) > 0 {
		final, err := Final(st.raw, st.corrections(), st.file.Decisions)
		if err != nil {
			return nil, nil, err
		}
		v.Reviewed(st.raw, final, st.truth())
		for ci, c := range st.corrections() {
			for _, d := range st.file.Decisions {
				if d.same(Decision{Line: c.Line, Word: c.Word, Words: c.Words}) {
					r.Decided[ci] = d.shown()
				}
			}
		}
	}
	for _, ext := range []string{ExtReview, ExtFinal, ExtFinalALTO} {
		if s.out.Exists(name + ext) {
			r.Files = append(r.Files, report.FileLink{Label: strings.TrimPrefix(ext, "."), Href: report.RelLink(name, name+ext)})
		}
	}
	return v, r, nil
}

// Item is one decision asked for: on the page Page, on its correction
// Correction or on its word Word (the index of the word in reading order, as
// the page view numbers them), with Action and, for Edit, the text To.
// KeepEdges keeps each word's own punctuation around To (deciding many
// occurrences of one reading at once).
type Item struct {
	Page       string `json:"page"`
	Correction *int   `json:"correction,omitempty"`
	Word       *int   `json:"word,omitempty"`
	Action     string `json:"action"`
	To         string `json:"to,omitempty"`
	KeepEdges  bool   `json:"keep_edges,omitempty"`
}

// Decide records the decisions asked for and writes each page's review
// files: <name>.review.json, <name>.final.txt and <name>.final.alto.xml. A
// request that names no page, correction or word of this folder, or an
// action that does not fit, changes nothing and is an error.
func (s *Store) Decide(items []Item) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	states := map[string]*state{}
	var order []string
	for _, it := range items {
		st, ok := states[it.Page]
		if !ok {
			var err error
			if st, err = s.load(it.Page); err != nil {
				return 0, err
			}
			if st.raw == nil {
				return 0, fmt.Errorf("page %s failed: it has nothing to decide", it.Page)
			}
			// decide on a copy: nothing changes unless every item is good
			f := *st.file
			f.Decisions = slices.Clone(f.Decisions)
			st.file = &f
			states[it.Page] = st
			order = append(order, it.Page)
		}
		d, err := st.decision(it)
		if err != nil {
			return 0, fmt.Errorf("page %s: %w", it.Page, err)
		}
		st.file.set(d)
	}
	for _, name := range order {
		if err := s.save(states[name]); err != nil {
			return 0, err
		}
	}
	return len(items), nil
}

// decision turns an item into the decision it asks for.
func (st *state) decision(it Item) (Decision, error) {
	cs := st.corrections()
	ci := -1
	var d Decision
	switch {
	case it.Correction != nil:
		ci = *it.Correction
		if ci < 0 || ci >= len(cs) {
			return d, fmt.Errorf("no correction %d", ci)
		}
	case it.Word != nil:
		line, word, ok := wordAt(st.raw, *it.Word)
		if !ok {
			return d, fmt.Errorf("no word %d", *it.Word)
		}
		// a word that a correction covers is decided through it
		for i, c := range cs {
			if c.Line == line && word >= c.Word && word < c.Word+max(c.Words, 1) {
				ci = i
			}
		}
		if ci < 0 {
			from, box, _ := fromOf(st.raw, page.Correction{Line: line, Word: word, Words: 1})
			d = Decision{Line: line, Word: word, Words: 1, Box: box, From: from}
		}
	default:
		return d, errors.New("a decision names a correction or a word")
	}
	if ci >= 0 {
		c := cs[ci]
		from, _, ok := fromOf(st.raw, c)
		if !ok || from != c.From {
			return d, fmt.Errorf("correction %d does not fit the page's reading", ci)
		}
		d = Decision{Line: c.Line, Word: c.Word, Words: max(c.Words, 1), Box: c.Box, From: c.From,
			Proposed: c.To, Rule: c.Rule, Applied: c.Applied}
	}
	d.Action = it.Action
	switch it.Action {
	case Accept:
		if d.Proposed == "" {
			return d, fmt.Errorf("nothing was proposed for %q: edit it instead", d.From)
		}
		d.To = d.Proposed
	case Reject:
		d.To = d.From
	case Edit:
		d.To = strings.Join(strings.Fields(it.To), " ")
		if it.KeepEdges {
			d.To = keepEdges(d.From, d.To)
		}
	default:
		return d, fmt.Errorf("unknown action %q (want %s, %s or %s)", it.Action, Accept, Reject, Edit)
	}
	if err := checkText(d.To); err != nil {
		return d, err
	}
	return d, nil
}

// wordAt returns the line number and index in its line of the word with
// index w in reading order.
func wordAt(p *page.Page, w int) (line, word int, ok bool) {
	if w < 0 {
		return 0, 0, false
	}
	for _, lr := range p.Lines() {
		if w < len(lr.Line.Words) {
			return lr.No, w, true
		}
		w -= len(lr.Line.Words)
	}
	return 0, 0, false
}

// MarkDone marks the page name reviewed (or not), writing its review files.
func (s *Store) MarkDone(name string, done bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.load(name)
	if err != nil {
		return err
	}
	if st.raw == nil {
		return fmt.Errorf("page %s failed: there is nothing to review", name)
	}
	f := *st.file
	f.Done = done
	st.file = &f
	return s.save(st)
}

// save writes the page's decisions, then its reviewed text and ALTO, each
// atomically, and keeps the decisions in memory.
func (s *Store) save(st *state) error {
	name := st.rec.Name
	final, err := Final(st.raw, st.corrections(), st.file.Decisions)
	if err != nil {
		return fmt.Errorf("page %s: %w", name, err)
	}
	data, err := record.Marshal(st.file)
	if err != nil {
		return err
	}
	if s.owned == nil {
		return errors.New("the review was opened read-only")
	}
	// a file of the same name that spravka did not write is the user's
	names := []string{name + ExtReview, name + ExtFinal, name + ExtFinalALTO}
	if clash := s.owned.Check(s.out, names); len(clash) > 0 {
		return fmt.Errorf("%s: a %s that spravka did not write is in the way: move it, then decide again", clash[0].Name, clash[0].Kind)
	}
	if err := s.owned.Claim(names...); err != nil {
		return err
	}
	if err := s.out.Write(name+ExtReview, data); err != nil {
		return err
	}
	s.files[name] = st.file
	if err := s.out.Write(name+ExtFinal, []byte(final.Text())); err != nil {
		return err
	}
	engine := ""
	if st.rec.OCR != nil {
		engine = st.rec.OCR.Engine
	}
	alto, err := render.ALTO(final, render.ALTOMeta{FileName: st.rec.Input, Engine: "tesseract", EngineVersion: engine,
		Spravka: s.tool.Spravka, PageNo: st.rec.PageNo})
	if err != nil {
		return err
	}
	return s.out.Write(name+ExtFinalALTO, alto)
}

// Progress is how far the review of the batch has come.
type Progress struct {
	Pages, Reviewed      int
	Corrections, Decided int
}

func (p Progress) String() string {
	return fmt.Sprintf("%d of %d pages reviewed, %d of %d corrections decided", p.Reviewed, p.Pages, p.Decided, p.Corrections)
}

// Progress counts the pages reviewed and the corrections decided.
func (s *Store) Progress() Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.progress()
}

func (s *Store) progress() Progress {
	var pr Progress
	for _, p := range s.pages {
		if p.Status != record.StatusOK {
			continue
		}
		pr.Pages++
		f := s.files[p.Name]
		if f != nil && f.Done {
			pr.Reviewed++
		}
		if p.Correction == nil {
			continue
		}
		pr.Corrections += len(p.Correction.Corrections)
		if f == nil {
			continue
		}
		for _, c := range p.Correction.Corrections {
			for _, d := range f.Decisions {
				if d.same(Decision{Line: c.Line, Word: c.Word, Words: c.Words}) && d.From == c.From {
					pr.Decided++
					break
				}
			}
		}
	}
	return pr
}

// PageProgress returns, for the page name, how many of its corrections are
// decided and whether it is marked reviewed.
func (s *Store) PageProgress(name string) (decided int, done bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, f := s.Page(name), s.files[name]
	if p == nil || f == nil {
		return 0, false
	}
	if p.Correction != nil {
		for _, c := range p.Correction.Corrections {
			for _, d := range f.Decisions {
				if d.same(Decision{Line: c.Line, Word: c.Word, Words: c.Words}) && d.From == c.From {
					decided++
					break
				}
			}
		}
	}
	return decided, f.Done
}

// key is how readings are matched across the batch: folded, without the
// punctuation at the ends (as the lexicon matches them).
func key(s string) string { return lexicon.Key(s) }
