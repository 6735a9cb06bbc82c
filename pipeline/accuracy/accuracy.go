package accuracy

import (
	"strings"
	"unicode"
)

// Fold replaces every run of whitespace with one space and trims the ends,
// so that line breaks, tabs and indentation never count as errors.
func Fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// Rate is an error count over a reference length; the rate is Errors/N.
type Rate struct {
	Errors int `json:"errors"`
	N      int `json:"n"`
}

// Value returns Errors/N, or 0 for an empty reference with no errors and 1 for an
// empty reference with some.
func (r Rate) Value() float64 {
	if r.N == 0 {
		if r.Errors == 0 {
			return 0
		}
		return 1
	}
	return float64(r.Errors) / float64(r.N)
}

// Add sums two rates (totals over pages are sums of edits over sums of lengths).
func (r Rate) Add(o Rate) Rate { return Rate{r.Errors + o.Errors, r.N + o.N} }

// CER is the character error rate of hyp against ref under the default
// normalisation (NFC, every run of whitespace one space, ends trimmed): the
// Levenshtein distance in characters (grapheme clusters) over the reference
// length. It is Compare(ref, hyp, Normalize{}).Chars.Rate without the
// alignment.
func CER(hyp, ref string) Rate {
	var in interner
	r, h := in.tokens(ref, Normalize{}), in.tokens(hyp, Normalize{})
	return Rate{distance(r.chars.ids, h.chars.ids), len(r.chars.ids)}
}

// WER is the word error rate of hyp against ref: the Levenshtein distance
// between their whitespace-separated words (in NFC) over the number of
// reference words. It is Compare(ref, hyp, Normalize{}).Words.Rate without
// the alignment.
func WER(hyp, ref string) Rate {
	var in interner
	r, h := in.tokens(ref, Normalize{}), in.tokens(hyp, Normalize{})
	return Rate{distance(r.words.ids, h.words.ids), len(r.words.ids)}
}

// Matched reports, for each word of ref, whether hyp has exactly that word at
// the aligned position of a minimum-edit word alignment.
func Matched(hyp, ref []string) []bool {
	ids := map[string]int32{}
	intern := func(words []string) []int32 {
		out := make([]int32, len(words))
		for i, w := range words {
			id, ok := ids[w]
			if !ok {
				id = int32(len(ids))
				ids[w] = id
			}
			out[i] = id
		}
		return out
	}
	return matched(intern(hyp), intern(ref))
}

// matched is Matched over token ids.
func matched(hyp, ref []int32) []bool {
	_, steps := align(ref, hyp)
	ok := make([]bool, len(ref))
	i := 0
	for _, s := range steps {
		switch s {
		case Equal:
			ok[i] = true
			i++
		case Substitute, Delete:
			i++
		}
	}
	return ok
}

// Changes counts what a correction did to the words of a reference
// transcription: Fixed words were wrong in the raw reading and are right after
// correction, Broken words were right and are now wrong. A word is compared by
// its letters and digits (see WordChanges), so punctuation errors count in the
// CER, never here.
type Changes struct {
	Fixed  int `json:"fixed"`
	Broken int `json:"broken"`
	// RightBefore and RightAfter count reference words read right before and after.
	RightBefore int `json:"right_before"`
	RightAfter  int `json:"right_after"`
	Words       int `json:"words"`
}

// Add sums two counts.
func (c Changes) Add(o Changes) Changes {
	return Changes{c.Fixed + o.Fixed, c.Broken + o.Broken, c.RightBefore + o.RightBefore, c.RightAfter + o.RightAfter, c.Words + o.Words}
}

// WordChanges aligns the raw and the corrected text each against the reference,
// word by word, and counts the words fixed and broken. It is
// WordChangesWith under the default normalisation.
//
// A word here is a run of non-whitespace compared by its letters and digits:
// the punctuation and symbols at its edges are stripped and a run that is
// nothing else («,», «—», «№») is not a word. Marks inside a word stay, so
// «кое-где», «И.Д.» (as «И.Д»), «т.» (as «т») and «53г.» (as «53г») are one
// word each, and «№ 359» is the word «359». A right word printed with a
// detached or a stray mark («групами ,», «'Серовской») is therefore right,
// and its breakage by a correction («трупами,») is counted; a mark the
// correction adds, drops or fixes changes no count (the CER measures it).
func WordChanges(raw, corrected, ref string) Changes {
	return WordChangesWith(raw, corrected, ref, Normalize{})
}

// WordChangesWith is WordChanges with the words normalised by n before
// their edges are stripped (a line break under KeepLines is not a word
// here).
func WordChangesWith(raw, corrected, ref string, n Normalize) Changes {
	var in, bare interner
	words := func(s string) []int32 { return bare.letterWords(&in, in.tokens(s, n).words.ids) }
	r := words(ref)
	before := matched(words(raw), r)
	after := matched(words(corrected), r)
	var c Changes
	for i, id := range r {
		if id == lineWord {
			continue
		}
		c.Words++
		if before[i] {
			c.RightBefore++
		}
		if after[i] {
			c.RightAfter++
		}
		switch {
		case after[i] && !before[i]:
			c.Fixed++
		case before[i] && !after[i]:
			c.Broken++
		}
	}
	return c
}

// letterWords re-interns the words ids (interned by from) by their letters
// and digits: edge marks stripped (trimMarks), words of marks only dropped,
// line breaks kept.
func (in *interner) letterWords(from *interner, ids []int32) []int32 {
	name := make([]string, len(from.words)+1)
	for w, id := range from.words {
		name[id] = w
	}
	out := make([]int32, 0, len(ids))
	for _, id := range ids {
		if id == lineWord {
			out = append(out, lineWord)
			continue
		}
		if w := trimMarks(name[id]); w != "" {
			out = append(out, in.word([]byte(w)))
		}
	}
	return out
}

// trimMarks strips the punctuation and symbols at the edges of a word.
func trimMarks(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
}

// TokenRecall counts the reference words selected by want (names, say) and how
// many of them hyp has right at the aligned position. Punctuation around a
// word is ignored for both the selection and the comparison.
func TokenRecall(hyp, ref string, want func(word string) bool) (right, total int) {
	h, r := bareWords(hyp), bareWords(ref)
	ok := Matched(h, r)
	for i, w := range r {
		if w != "" && want(w) {
			total++
			if ok[i] {
				right++
			}
		}
	}
	return right, total
}

func bareWords(s string) []string {
	f := strings.Fields(s)
	for i, w := range f {
		f[i] = trimMarks(w)
	}
	return f
}
