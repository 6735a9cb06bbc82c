package review

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/correct"
	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

const p1, p2 = "дело 1/лист 1", "дело 1/лист 2"

// open opens the review of dir for the test; a restart closes it first.
func open(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestDecisionsMakeTheReviewedText: rejecting an applied correction brings
// the reading back, accepting a suggestion applies it, an edit of a word that
// had no correction changes that word; each decision is written at once, and
// a new Store over the folder (a restarted server) has them all.
func TestDecisionsMakeTheReviewedText(t *testing.T) {
	dir := writeFixture(t)
	s := open(t, dir)
	if exists(dir, p1+ExtReview) || exists(dir, p1+ExtFinal) {
		t.Fatal("review files before any decision")
	}
	if n, err := s.Decide([]Item{{Page: p1, Correction: ptr(1), Action: Accept}}); err != nil || n != 1 {
		t.Fatalf("accept: %d, %v", n, err)
	}
	if got, want := read(t, dir, p1+ExtFinal), "Шифртелеграмма из Кисловолск,\nт. Разуваев и Федоренку\n<script>alert(1)</script>\n"; got != want {
		t.Errorf("after accepting the suggestion: %q, want %q", got, want)
	}
	if _, err := s.Decide([]Item{
		{Page: p1, Correction: ptr(0), Action: Reject},
		{Page: p1, Word: ptr(2), Action: Edit, To: "Кисловодск,"},
		{Page: p1, Word: ptr(7), Action: Edit, To: ""}, // the stray markup removed
	}); err != nil {
		t.Fatal(err)
	}
	want := "Шифртелеграмма из Кисловодск,\nт. Рабузов и Федоренку\n\n"
	if got := read(t, dir, p1+ExtFinal); got != want {
		t.Errorf("reviewed text %q, want %q", got, want)
	}
	if alto := read(t, dir, p1+ExtFinalALTO); !strings.Contains(alto, `CONTENT="Кисловодск,"`) || !strings.Contains(alto, `CONTENT="Рабузов"`) {
		t.Errorf("reviewed ALTO lacks the decisions:\n%s", alto)
	}
	var f File
	if err := json.Unmarshal([]byte(read(t, dir, p1+ExtReview)), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Decisions) != 4 || f.OCR != HashOCR(read(t, dir, p1+".hocr")) || f.Page != p1 {
		t.Fatalf("review file %+v", f)
	}
	if d := f.Decisions[1]; d.Action != Reject || d.From != "Рабузов" || d.To != "Рабузов" || d.Proposed != "Разуваев" || !d.Applied || d.Box == nil || d.Box.X0 != 180 {
		t.Errorf("rejection recorded as %+v", d)
	}
	if d := f.Decisions[2]; d.Action != Edit || d.Line != 1 || d.Word != 2 || d.Proposed != "" || d.Box == nil {
		t.Errorf("edit recorded as %+v", d)
	}
	if pr := s.Progress(); pr.Decided != 2 || pr.Corrections != 3 || pr.Pages != 2 {
		t.Errorf("progress %+v", pr)
	}
	// a restart reads them back, and the view shows the reviewed text
	s.Close()
	s2 := open(t, dir)
	v, rv, err := s2.View(p1, "tok")
	if err != nil {
		t.Fatal(err)
	}
	if rv.Decided[0].Kind != "rejected" || rv.Decided[1].Text != "accepted" || len(rv.Stale) != 0 {
		t.Errorf("decisions shown %v, stale %q", rv.Decided, rv.Stale)
	}
	var text strings.Builder
	for _, r := range v.Corrected {
		for _, sg := range r.Segs {
			text.WriteString(sg.Text)
		}
	}
	if text.String() != want {
		t.Errorf("the view shows %q, want the reviewed text %q", text.String(), want)
	}
	// mark reviewed
	if err := s2.MarkDone(p2, true); err != nil {
		t.Fatal(err)
	}
	if got := read(t, dir, p2+ExtFinal); got != textOf(p2, true) {
		t.Errorf("a page marked reviewed without decisions has the corrected text: %q", got)
	}
	s2.Close()
	if pr := open(t, dir).Progress(); pr.Reviewed != 1 {
		t.Errorf("progress after a restart %+v", pr)
	}
}

// TestBadDecisionsChangeNothing: a request naming what the folder does not
// have, or asking what cannot be done, is refused whole.
func TestBadDecisionsChangeNothing(t *testing.T) {
	dir := writeFixture(t)
	s := open(t, dir)
	for name, items := range map[string][]Item{
		"unknown page":                  {{Page: "дело 9/лист 1", Correction: ptr(0), Action: Accept}},
		"a path out of the folder":      {{Page: "../../etc/passwd", Correction: ptr(0), Action: Accept}},
		"no such correction":            {{Page: p1, Correction: ptr(7), Action: Accept}},
		"no such word":                  {{Page: p1, Word: ptr(99), Action: Edit, To: "x"}},
		"negative word":                 {{Page: p1, Word: ptr(-1), Action: Edit, To: "x"}},
		"accept where nothing proposed": {{Page: p1, Word: ptr(0), Action: Accept}},
		"unknown action":                {{Page: p1, Correction: ptr(0), Action: "delete"}},
		"a NUL in a word":               {{Page: p1, Word: ptr(0), Action: Edit, To: "a\x00b"}},
		"invalid UTF-8":                 {{Page: p1, Word: ptr(0), Action: Edit, To: "a\xffb"}},
		"neither correction nor word":   {{Page: p1, Action: Reject}},
		"failed page":                   {{Page: "дело 1/лист 3", Word: ptr(0), Action: Edit, To: "x"}},
		"a good item with a bad one":    {{Page: p1, Correction: ptr(0), Action: Reject}, {Page: p1, Correction: ptr(5), Action: Reject}},
	} {
		if _, err := s.Decide(items); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if exists(dir, p1+ExtReview) || exists(dir, p1+ExtFinal) {
		t.Error("a refused request wrote review files")
	}
	if pr := s.Progress(); pr.Decided != 0 {
		t.Errorf("a refused request counted: %+v", pr)
	}
}

// TestDecisionsOfAnEarlierReadingAreStale: when the page is read anew (its
// hOCR changed), the old decisions are shown as stale and not applied to
// the words that now stand where they were.
func TestDecisionsOfAnEarlierReadingAreStale(t *testing.T) {
	dir := writeFixture(t)
	s := open(t, dir)
	if _, err := s.Decide([]Item{{Page: p2, Word: ptr(3), Action: Edit, To: "Кисловодск."}}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDone(p2, true); err != nil {
		t.Fatal(err)
	}
	// a new run reads the page otherwise: one word more before the edited one
	lines := [][]fw{{{"Рабузов", 100, 50, 270, 90, 45}, {"вчера", 275, 50, 330, 90, 80}, {"прибыл", 340, 50, 420, 90, 90}, {"в", 430, 50, 450, 90, 96}, {"Кисловолск.", 460, 50, 680, 90, 84}}}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p2+".hocr")), []byte(hocrOf(lines)), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open(t, dir)
	v, rv, err := s.View(p2, "tok")
	if err != nil {
		t.Fatal(err)
	}
	if len(rv.Stale) != 1 || !strings.Contains(rv.Stale[0], "Кисловолск. → Кисловодск.") || rv.Done {
		t.Errorf("stale %q, done %v", rv.Stale, rv.Done)
	}
	for _, w := range v.Words {
		if w.Text == "Кисловодск." {
			t.Error("a stale decision was applied to the new reading")
		}
	}
	if pr := s.Progress(); pr.Reviewed != 0 {
		t.Errorf("a page whose reading changed still counts as reviewed: %+v", pr)
	}
	// the old text is not touched until a new decision is made on the new reading
	if got := read(t, dir, p2+ExtFinal); !strings.Contains(got, "Кисловодск.") {
		t.Errorf("the reviewed text of the old reading was changed: %q", got)
	}
	if _, err := s.Decide([]Item{{Page: p2, Word: ptr(1), Action: Edit, To: "вчера,"}}); err != nil {
		t.Fatal(err)
	}
	var f File
	json.Unmarshal([]byte(read(t, dir, p2+ExtReview)), &f)
	if len(f.Stale) != 1 || len(f.Decisions) != 1 || f.Decisions[0].To != "вчера," {
		t.Errorf("after a decision on the new reading: %+v", f)
	}
}

// TestConcordance lists every occurrence of a reading (corrected or not)
// and of a correction across the batch; deciding them at once keeps each
// word's punctuation.
func TestConcordance(t *testing.T) {
	dir := writeFixture(t)
	s := open(t, dir)
	occ, err := s.Concordance(Query{Reading: "кисловолск"})
	if err != nil {
		t.Fatal(err)
	}
	if len(occ) != 2 || occ[0].Page != p1 || occ[1].Page != p2 || occ[0].Read != "Кисловолск," || occ[1].Before != "Рабузов прибыл в" ||
		occ[0].State != "as read" || occ[1].Box.X0 != 460 || occ[0].Width != fixW {
		t.Fatalf("occurrences %+v", occ)
	}
	pairs, err := s.Concordance(Query{From: "Рабузов", To: "Разуваев"})
	if err != nil || len(pairs) != 2 || pairs[0].State != "applied" || pairs[1].Now != "Разуваев" {
		t.Fatalf("pairs %+v %v", pairs, err)
	}
	var items []Item
	for _, o := range occ {
		var it Item
		if err := json.Unmarshal([]byte(o.Item), &it); err != nil {
			t.Fatal(err)
		}
		it.Action, it.To, it.KeepEdges = Edit, "Кисловодск", true
		items = append(items, it)
	}
	if _, err := s.Decide(items); err != nil {
		t.Fatal(err)
	}
	if a, b := read(t, dir, p1+ExtFinal), read(t, dir, p2+ExtFinal); !strings.Contains(a, "Кисловодск,") || !strings.Contains(b, "Кисловодск.") {
		t.Errorf("reviewed texts %q and %q", a, b)
	}
	occ, _ = s.Concordance(Query{Reading: "Кисловолск"})
	if occ[0].Now != "Кисловодск," || occ[0].Decision != "edit: Кисловодск," {
		t.Errorf("after the decision %+v", occ[0])
	}
	if _, err := s.Concordance(Query{}); err == nil {
		t.Error("an empty query gives no error")
	}
}

// TestLearnedLexiconFixesTheNextRun: the fixes the archivist made that the
// lexicon did not know are written as a lexicon file; with it, the
// corrector applies them by itself (no dictionary needed), and what the
// lexicon knew already is not written again.
func TestLearnedLexiconFixesTheNextRun(t *testing.T) {
	dir := writeFixture(t)
	s := open(t, dir)
	if _, err := s.Decide([]Item{
		{Page: p1, Word: ptr(2), Action: Edit, To: "Кисловодск,"},
		{Page: p2, Correction: ptr(0), Action: Accept}, // known misreading of Разуваев: nothing to learn
		{Page: p1, Correction: ptr(1), Action: Reject}, // rejected: nothing to learn
	}); err != nil {
		t.Fatal(err)
	}
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, n, err := s.Learn(lex)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || !bytes.Contains(data, []byte("Кисловодск\tterm\tКисловолск\t=Кисловодск\t")) || bytes.Contains(data, []byte("Рабузов")) {
		t.Fatalf("learned %d:\n%s", n, data)
	}
	path := filepath.Join(t.TempDir(), "learned.tsv")
	os.WriteFile(path, data, 0o644)
	if err := lexicon.Load(lex, path); err != nil {
		t.Fatal(err)
	}
	c, err := correct.New(lex, nil, correct.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	fixed, cs := c.Correct(page.FromText("Он прибыл в Кисловолск. Из Кисловолска нет вестей.\n"), 1)
	if !strings.Contains(fixed.Text(), "в Кисловодск.") {
		t.Errorf("with the learned lexicon: %q %+v", fixed.Text(), cs)
	}
	// learning again from the same decisions with the learned lexicon loaded adds nothing
	if _, n, _ := s.Learn(lex); n != 0 {
		t.Errorf("%d misreadings learned again", n)
	}
}

// TestOneReviewAtATime: a second review of the folder is refused, naming
// the first; a user's own file where a review file would go is never
// overwritten.
func TestOneReviewAtATimeAndNoUserFileOverwritten(t *testing.T) {
	dir := writeFixture(t)
	s := open(t, dir)
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "in use") || !strings.Contains(err.Error(), "pid") {
		t.Errorf("a second review: %v, want the folder in use by the first (pid)", err)
	}
	mine := "my own notes\n"
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p2+ExtFinal)), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decide([]Item{{Page: p2, Correction: ptr(0), Action: Reject}}); err == nil || !strings.Contains(err.Error(), "did not write") {
		t.Errorf("deciding over a user's file: %v", err)
	}
	if got := read(t, dir, p2+ExtFinal); got != mine {
		t.Errorf("the user's file became %q", got)
	}
	s.Close()
	s2 := open(t, dir)
	if _, err := s2.Decide([]Item{{Page: p1, Correction: ptr(0), Action: Reject}}); err != nil {
		t.Errorf("after the first review closed: %v", err)
	}
}
