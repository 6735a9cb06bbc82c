package accuracy

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"

	"github.com/spravka/spravka/pipeline/homoglyph"
)

func TestCompareRates(t *testing.T) {
	tests := []struct {
		name     string
		ref, hyp string
		n        Normalize
		cer, wer Rate
	}{
		{"empty both", "", "", Normalize{}, Rate{0, 0}, Rate{0, 0}},
		{"empty hypothesis", "КНДР", "", Normalize{}, Rate{4, 4}, Rate{1, 1}},
		{"empty reference", "", "КНДР и", Normalize{}, Rate{6, 0}, Rate{2, 0}},
		{"whitespace only", "Ким Ир Сен", "  Ким\n Ир\t\tСен\n", Normalize{}, Rate{0, 10}, Rate{0, 3}},
		{"a missing space is an error", "Ким Ир", "КимИр", Normalize{}, Rate{1, 6}, Rate{2, 2}},
		{"line break as space", "Ким\nИр", "Ким Ир", Normalize{}, Rate{0, 6}, Rate{0, 2}},
		{"line break kept", "Ким\nИр", "Ким Ир", Normalize{KeepLines: true}, Rate{1, 6}, Rate{1, 3}},
		{"line breaks kept, other spacing not", "Ким \n\n Ир Сен", "Ким\r\nИр   Сен", Normalize{KeepLines: true}, Rate{0, 10}, Rate{0, 4}},
		{"line break missing", "а\nб", "аб", Normalize{KeepLines: true}, Rate{1, 3}, Rate{3, 3}},
		{"case", "Москва", "МОСКВА", Normalize{}, Rate{5, 6}, Rate{1, 1}},
		{"case folded", "Москва", "МОСКВА", Normalize{FoldCase: true}, Rate{0, 6}, Rate{0, 1}},
		{"punctuation", "Ким, Ир.", "Ким Ир", Normalize{}, Rate{2, 8}, Rate{2, 2}},
		{"punctuation ignored", "Ким, Ир.", "Ким Ир", Normalize{IgnorePunct: true}, Rate{0, 6}, Rate{0, 2}},
		{"punctuation between spaces ignored", "Ким - Ир", "Ким Ир", Normalize{IgnorePunct: true}, Rate{0, 6}, Rate{0, 2}},
		{"symbols ignored", "№ 359", "359", Normalize{IgnorePunct: true}, Rate{0, 3}, Rate{0, 1}},
		{"yo", "ещё", "еще", Normalize{}, Rate{1, 3}, Rate{1, 1}},
		{"yo folded", "Ёлка ещё", "Елка еще", Normalize{FoldYo: true}, Rate{0, 8}, Rate{0, 2}},
		{"homoglyphs", "СССР", "CCCP", Normalize{}, Rate{4, 4}, Rate{1, 1}},
		{"homoglyphs folded", "СССР", "CCCP", Normalize{FoldHomoglyphs: true}, Rate{0, 4}, Rate{0, 1}},
		{"homoglyphs and case folded", "сссР", "CCCp", Normalize{FoldHomoglyphs: true, FoldCase: true}, Rate{0, 4}, Rate{0, 1}},
		{"not a homoglyph", "п", "n", Normalize{FoldHomoglyphs: true}, Rate{1, 1}, Rate{1, 1}},
		{"Cyrillic substitution", "Берия", "Берил", Normalize{}, Rate{1, 5}, Rate{1, 1}},
		{"large edit", "Разуваев", "Рабузов", Normalize{}, Rate{4, 8}, Rate{1, 1}},
		{"NFC: й decomposed", "й", "и\u0306", Normalize{}, Rate{0, 1}, Rate{0, 1}},
		{"a combining mark is part of its letter", "е\u0301", "е", Normalize{}, Rate{1, 1}, Rate{1, 1}},
		{"two marks, either order", "а\u0301\u0323", "а\u0323\u0301", Normalize{}, Rate{0, 1}, Rate{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compare(tt.ref, tt.hyp, tt.n)
			if c.Chars.Rate != tt.cer || c.Words.Rate != tt.wer {
				t.Errorf("CER %+v, WER %+v; want %+v, %+v", c.Chars.Rate, c.Words.Rate, tt.cer, tt.wer)
			}
			if tt.n == (Normalize{}) {
				if got := CER(tt.hyp, tt.ref); got != tt.cer {
					t.Errorf("CER() = %+v", got)
				}
				if got := WER(tt.hyp, tt.ref); got != tt.wer {
					t.Errorf("WER() = %+v", got)
				}
			}
		})
	}
}

func TestCompareOps(t *testing.T) {
	op := func(k OpKind, n, rs, re, hs, he int) Op { return Op{k, n, Span{rs, re}, Span{hs, he}} }
	tests := []struct {
		name     string
		ref, hyp string
		n        Normalize
		chars    []Op
		words    []Op
	}{
		{"equal through whitespace", "Ким Ир", "Ким\n Ир\n", Normalize{},
			[]Op{op(Equal, 6, 0, 11, 0, 12)},
			[]Op{op(Equal, 2, 0, 11, 0, 12)}},
		{"a substitution in place", "Ким Сеном", "Ким Сенем", Normalize{},
			[]Op{op(Equal, 7, 0, 13, 0, 13), op(Substitute, 1, 13, 15, 13, 15), op(Equal, 1, 15, 17, 15, 17)},
			[]Op{op(Equal, 1, 0, 6, 0, 6), op(Substitute, 1, 7, 17, 7, 17)}},
		{"missing letters are marked where they belong", "абвг", "аг", Normalize{},
			[]Op{op(Equal, 1, 0, 2, 0, 2), op(Delete, 2, 2, 6, 2, 2), op(Equal, 1, 6, 8, 2, 4)},
			[]Op{op(Substitute, 1, 0, 8, 0, 4)}},
		{"extra words at the end", "а", "а б", Normalize{},
			[]Op{op(Equal, 1, 0, 2, 0, 2), op(Insert, 2, 2, 2, 2, 5)},
			[]Op{op(Equal, 1, 0, 2, 0, 2), op(Insert, 1, 2, 2, 3, 5)}},
		{"a run stops at ignored punctuation", "а, б", "а б", Normalize{IgnorePunct: true},
			[]Op{op(Equal, 1, 0, 2, 0, 2), op(Equal, 2, 3, 6, 2, 5)},
			[]Op{op(Equal, 1, 0, 2, 0, 2), op(Equal, 1, 4, 6, 3, 5)}},
		{"a word's span leaves out its ignored quotes", "«Ким»", "Ким", Normalize{IgnorePunct: true},
			[]Op{op(Equal, 3, 2, 8, 0, 6)},
			[]Op{op(Equal, 1, 2, 8, 0, 6)}},
		{"a line break is a token", "а\nб", "а б", Normalize{KeepLines: true},
			[]Op{op(Equal, 1, 0, 2, 0, 2), op(Substitute, 1, 2, 3, 2, 3), op(Equal, 1, 3, 5, 3, 5)},
			[]Op{op(Equal, 1, 0, 2, 0, 2), op(Delete, 1, 2, 3, 3, 3), op(Equal, 1, 3, 5, 3, 5)}},
		{"a combining mark stays with its letter", "е\u0301", "е", Normalize{},
			[]Op{op(Substitute, 1, 0, 4, 0, 2)},
			[]Op{op(Substitute, 1, 0, 4, 0, 2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compare(tt.ref, tt.hyp, tt.n)
			if !equalOps(c.Chars.Ops, tt.chars) {
				t.Errorf("chars:\n got %v\nwant %v", c.Chars.Ops, tt.chars)
			}
			if !equalOps(c.Words.Ops, tt.words) {
				t.Errorf("words:\n got %v\nwant %v", c.Words.Ops, tt.words)
			}
		})
	}
}

func equalOps(a, b []Op) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestCompareRandom checks on random texts (Cyrillic, Latin look-alikes,
// combining marks, punctuation, line breaks, empty) under every option the
// error counts against the textbook programme over the texts normalised
// apart (fold), that the runs account for every error and every token, that
// the spans follow each other through the texts, and that Equal runs hold
// equal text.
func TestCompareRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"а", "б", "е", "ё", "Ё", "о", "o", "O", "C", "С", "и\u0306", "й", "е\u0301", ",", ".", "«", "»", "№",
		" ", "  ", "\n", " \n ", "\t", "Ким", "Ир", "Сен"}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	for iter := range 3000 {
		ref, hyp := text(), text()
		n := Normalize{KeepLines: iter&1 != 0, FoldCase: iter&2 != 0, IgnorePunct: iter&4 != 0, FoldYo: iter&8 != 0, FoldHomoglyphs: iter&16 != 0}
		c := Compare(ref, hyp, n)
		fr, fh := fold(ref, n), fold(hyp, n)
		if want := oracle(graphemes(fr), graphemes(fh)); c.Chars.Errors != want || c.Chars.N != len(graphemes(fr)) {
			t.Fatalf("%q / %q under %+v: chars %+v, want %d errors in %d", ref, hyp, n, c.Chars.Rate, want, len(graphemes(fr)))
		}
		if want := oracle(words(fr), words(fh)); c.Words.Errors != want || c.Words.N != len(words(fr)) {
			t.Fatalf("%q / %q under %+v: words %+v, want %d errors in %d", ref, hyp, n, c.Words.Rate, want, len(words(fr)))
		}
		for _, al := range []Alignment{c.Chars, c.Words} {
			checkAlignment(t, ref, hyp, n, al)
		}
		if n == (Normalize{}) && (c.Chars.Rate != CER(hyp, ref) || c.Words.Rate != WER(hyp, ref)) {
			t.Fatalf("Compare and CER/WER differ on %q, %q", ref, hyp)
		}
	}
}

func checkAlignment(t *testing.T, ref, hyp string, n Normalize, al Alignment) {
	t.Helper()
	var sub, del, ins, refTokens int
	rEnd, hEnd := 0, 0
	for _, o := range al.Ops {
		if o.Ref.Start < rEnd || o.Hyp.Start < hEnd || o.Ref.End < o.Ref.Start || o.Hyp.End < o.Hyp.Start {
			t.Fatalf("%q / %q: run %+v overlaps the one before or is reversed", ref, hyp, o)
		}
		rEnd, hEnd = o.Ref.End, o.Hyp.End
		rt, ht := ref[o.Ref.Start:o.Ref.End], hyp[o.Hyp.Start:o.Hyp.End]
		switch o.Kind {
		case Equal:
			if fold(rt, n) != fold(ht, n) {
				t.Fatalf("%q / %q: equal run %q ≠ %q", ref, hyp, rt, ht)
			}
			refTokens += o.N
		case Substitute:
			sub += o.N
			refTokens += o.N
		case Delete:
			del += o.N
			refTokens += o.N
			if ht != "" {
				t.Fatalf("deletion with hypothesis text %q", ht)
			}
		case Insert:
			ins += o.N
			if rt != "" {
				t.Fatalf("insertion with reference text %q", rt)
			}
		}
	}
	if sub != al.Substitutions || del != al.Deletions || ins != al.Insertions || sub+del+ins != al.Errors || refTokens != al.N {
		t.Fatalf("%q / %q: runs count %d/%d/%d over %d, alignment %+v", ref, hyp, sub, del, ins, refTokens, al)
	}
}

func graphemes(s string) []string {
	var out []string
	for g := uniseg.NewGraphemes(s); g.Next(); {
		out = append(out, g.Str())
	}
	return out
}

// words splits a folded text into words, a line break being one.
func words(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if len(out) > 0 {
			out = append(out, "\n")
		}
		out = append(out, strings.Split(line, " ")...)
	}
	return slices.DeleteFunc(out, func(w string) bool { return w == "" })
}

// fold is a plain re-implementation of the normalisation of whole texts, to
// check Equal runs.
func fold(s string, n Normalize) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case n.IgnorePunct && (unicode.IsPunct(r) || unicode.IsSymbol(r)):
			continue
		case n.FoldHomoglyphs:
			if c, ok := homoglyph.Cyrillic(r); ok {
				r = c
			}
		}
		if n.FoldCase {
			r = unicode.ToLower(r)
		}
		if n.FoldYo && (r == 'ё' || r == 'Ё') {
			r -= 'ё' - 'е'
		}
		b.WriteRune(r)
	}
	// whitespace runs, then the ends
	var out []string
	sep := ""
	for _, f := range regexp.MustCompile(`\s+|\S+`).FindAllString(b.String(), -1) {
		if strings.TrimSpace(f) != "" {
			out = append(out, sep, f)
			sep = ""
			continue
		}
		if n.KeepLines && strings.ContainsAny(f, "\n\r") {
			sep = "\n"
		} else if sep == "" {
			sep = " "
		}
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out[1:], "")
}
