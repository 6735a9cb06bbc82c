package accuracy

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"

	"github.com/spravka/spravka/pipeline/homoglyph"
)

// Normalize says what a comparison ignores. The zero value is the default:
// texts in NFC, every run of whitespace one space, the ends trimmed, so line
// breaks and spacing are never errors.
type Normalize struct {
	// KeepLines makes line breaks count: a run of whitespace with a line
	// break in it is one line-break token, any other run one space.
	KeepLines bool `json:"keep_lines,omitempty"`
	// FoldCase compares lower case with upper case as equal.
	FoldCase bool `json:"fold_case,omitempty"`
	// IgnorePunct drops punctuation and symbols before the comparison.
	IgnorePunct bool `json:"ignore_punct,omitempty"`
	// FoldYo reads ё as е and Ё as Е.
	FoldYo bool `json:"fold_yo,omitempty"`
	// FoldHomoglyphs reads Latin letters that look like Cyrillic ones
	// (a A B c C e E H K k M o O p P T x X y Y) as those Cyrillic letters.
	FoldHomoglyphs bool `json:"fold_homoglyphs,omitempty"`
}

// Span is a byte range [Start, End) of an original text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Op is one run of an alignment: N consecutive tokens of one kind, with where
// they stand in the original reference and hypothesis. The side an Insert
// or a Delete has no tokens on gets an empty span at the place in that text
// where the other side's tokens belong. A run never spans a token dropped by
// the normalisation, so the bytes between runs are whitespace or dropped
// punctuation.
type Op struct {
	Kind OpKind
	// N counts the run's tokens: on each side for Equal and Substitute, in
	// the reference for Delete, in the hypothesis for Insert.
	N        int
	Ref, Hyp Span
}

// Alignment is the comparison of two texts at one level (characters or
// words): the error rate, its parts and the runs of the alignment.
type Alignment struct {
	Rate                                     // Errors = Substitutions + Deletions + Insertions, N = reference tokens
	Substitutions, Deletions, Insertions int // tokens
	Ops                                  []Op
}

// Comparison is a reference text compared with a hypothesis (OCR) text.
type Comparison struct {
	Chars Alignment // characters (grapheme clusters): Chars.Rate is the CER
	Words Alignment // words: Words.Rate is the WER
}

// Compare aligns hyp with ref, character by character and word by word, with
// the normalisation n. Characters are grapheme clusters in NFC (a letter and
// its combining marks are one character) and a run of whitespace is one
// character; words are the runs of non-whitespace (under KeepLines, a line
// break is a word too). The alignments are exact minimum-edit alignments.
func Compare(ref, hyp string, n Normalize) Comparison {
	var in interner
	r, h := in.tokens(ref, n), in.tokens(hyp, n)
	return Comparison{
		Chars: alignment(r.chars, h.chars, ref, hyp),
		Words: alignment(r.words, h.words, ref, hyp),
	}
}

// alignment aligns the hypothesis's tokens h with the reference's r.
func alignment(r, h tokens, ref, hyp string) Alignment {
	d, steps := align(r.ids, h.ids)
	al := Alignment{Rate: Rate{d, len(r.ids)}}
	i, j := 0, 0 // next reference and hypothesis token
	for _, s := range steps {
		var rs, hs Span
		switch s {
		case Equal, Substitute:
			rs, hs = r.spans[i], h.spans[j]
			i, j = i+1, j+1
		case Delete:
			rs, hs = r.spans[i], h.at(j)
			i++
		case Insert:
			rs, hs = r.at(i), h.spans[j]
			j++
		}
		switch s {
		case Substitute:
			al.Substitutions++
		case Delete:
			al.Deletions++
		case Insert:
			al.Insertions++
		}
		if k := len(al.Ops) - 1; k >= 0 && al.Ops[k].Kind == s && joins(ref, al.Ops[k].Ref, rs) && joins(hyp, al.Ops[k].Hyp, hs) {
			o := &al.Ops[k]
			o.N++
			if rs.End > rs.Start {
				o.Ref.End = rs.End
			}
			if hs.End > hs.Start {
				o.Hyp.End = hs.End
			}
			continue
		}
		al.Ops = append(al.Ops, Op{Kind: s, N: 1, Ref: rs, Hyp: hs})
	}
	return al
}

// joins reports whether the token span next may extend the run span prev:
// only whitespace lies between them.
func joins(s string, prev, next Span) bool {
	if next.End == next.Start {
		return true
	}
	for _, r := range s[prev.End:next.Start] {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// tokens is a text as a sequence of token ids with their byte spans.
type tokens struct {
	ids   []int32
	spans []Span
	end   int // where the last token ends (0 when none)
}

func (t *tokens) add(id int32, s Span) {
	t.ids = append(t.ids, id)
	t.spans = append(t.spans, s)
	t.end = s.End
}

// at returns the empty span where a token missing before token i belongs:
// at the start of token i, or after the last token.
func (t *tokens) at(i int) Span {
	if i < len(t.spans) {
		return Span{t.spans[i].Start, t.spans[i].Start}
	}
	return Span{t.end, t.end}
}

// text is a text cut into character and word tokens.
type text struct{ chars, words tokens }

// Token ids: a character of one rune is its code point, a longer character
// (a grapheme cluster) an id above the code points; a run of whitespace is
// the character ' ' or, under KeepLines, '\n' when it breaks a line (both
// never stand for themselves, since whitespace only comes in runs). Words
// get ids of their own; lineWord is a line break as a word.
const (
	firstClusterID = unicode.MaxRune + 1
	lineWord       = 0
)

// interner gives the same id to the same token in both texts of a comparison.
type interner struct {
	clusters map[string]int32
	words    map[string]int32
}

func (in *interner) cluster(c []byte) int32 {
	if r, n := utf8.DecodeRune(c); n == len(c) {
		return r
	}
	if in.clusters == nil {
		in.clusters = map[string]int32{}
	}
	id, ok := in.clusters[string(c)]
	if !ok {
		id = firstClusterID + int32(len(in.clusters))
		in.clusters[string(c)] = id
	}
	return id
}

func (in *interner) word(w []byte) int32 {
	if in.words == nil {
		in.words = map[string]int32{}
	}
	id, ok := in.words[string(w)]
	if !ok {
		id = int32(len(in.words)) + 1 // 0 is lineWord
		in.words[string(w)] = id
	}
	return id
}

// tokens cuts s into characters and words under n.
func (in *interner) tokens(s string, n Normalize) text {
	var (
		t       text
		pending bool // whitespace since the last kept character
		gap     Span // the whitespace run that stands for it
		line    bool // that whitespace breaks a line
		word    []byte
		buf     []byte
	)
	for pos := 0; pos < len(s); {
		if r, _ := utf8.DecodeRuneInString(s[pos:]); unicode.IsSpace(r) {
			start, brk := pos, false
			for pos < len(s) {
				r, size := utf8.DecodeRuneInString(s[pos:])
				if !unicode.IsSpace(r) {
					break
				}
				brk = brk || lineBreak(r)
				pos += size
			}
			switch {
			case !pending:
				pending, gap, line = true, Span{start, pos}, brk
			case brk && !line:
				gap, line = Span{start, pos}, true
			}
			continue
		}
		end := pos
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if unicode.IsSpace(r) {
				break
			}
			end += size
		}
		word = word[:0]
		wordSpan := Span{-1, -1}
		state := -1
		for rest := s[pos:end]; rest != ""; {
			var c string
			c, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			cs := Span{end - len(rest) - len(c), end - len(rest)}
			buf = normalize(buf[:0], c, n)
			if len(buf) == 0 {
				continue
			}
			if pending && len(t.chars.ids) > 0 {
				sep := int32(' ')
				if n.KeepLines && line {
					sep = '\n'
					t.words.add(lineWord, gap)
				}
				t.chars.add(sep, gap)
			}
			pending = false
			t.chars.add(in.cluster(buf), cs)
			if wordSpan.Start < 0 {
				wordSpan.Start = cs.Start
			}
			wordSpan.End = cs.End
			word = append(word, buf...)
		}
		if wordSpan.Start >= 0 {
			t.words.add(in.word(word), wordSpan)
		}
		pos = end
	}
	return t
}

func lineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// normalize appends the character c (one grapheme cluster) to dst as
// compared under n: in NFC and folded, or nothing when n drops it.
func normalize(dst []byte, c string, n Normalize) []byte {
	if norm.NFC.QuickSpanString(c) != len(c) {
		c = norm.NFC.String(c)
	}
	if n.IgnorePunct {
		if r, _ := utf8.DecodeRuneInString(c); unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return dst
		}
	}
	if !n.FoldCase && !n.FoldYo && !n.FoldHomoglyphs {
		return append(dst, c...)
	}
	for _, r := range c {
		if n.FoldHomoglyphs {
			if cyr, ok := homoglyph.Cyrillic(r); ok {
				r = cyr
			}
		}
		if n.FoldCase {
			r = unicode.ToLower(r)
		}
		if n.FoldYo {
			switch r {
			case 'ё':
				r = 'е'
			case 'Ё':
				r = 'Е'
			}
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}
