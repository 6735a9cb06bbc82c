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

// CER is the character error rate of hyp against ref: the Levenshtein distance
// between the folded texts, counted in runes, over the folded reference length.
func CER(hyp, ref string) Rate {
	h, r := []rune(Fold(hyp)), []rune(Fold(ref))
	return Rate{distance(h, r), len(r)}
}

// WER is the word error rate of hyp against ref: the Levenshtein distance
// between their whitespace-separated words over the number of reference words.
func WER(hyp, ref string) Rate {
	h, r := strings.Fields(hyp), strings.Fields(ref)
	return Rate{distance(h, r), len(r)}
}

// distance is the Levenshtein distance (unit costs) between a and b, in
// O(len(a)·len(b)) time and O(len(b)) memory.
func distance[T comparable](a, b []T) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(c, prev[j], cur[j-1])
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Matched reports, for each word of ref, whether hyp has exactly that word at
// the aligned position of a minimum-edit word alignment.
func Matched(hyp, ref []string) []bool {
	n, m := len(hyp), len(ref)
	// d[i][j]: distance between hyp[:i] and ref[:j]
	d := make([][]int32, n+1)
	for i := range d {
		d[i] = make([]int32, m+1)
		d[i][0] = int32(i)
	}
	for j := 0; j <= m; j++ {
		d[0][j] = int32(j)
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			c := d[i-1][j-1]
			if hyp[i-1] != ref[j-1] {
				c = 1 + min(c, d[i-1][j], d[i][j-1])
			}
			d[i][j] = c
		}
	}
	ok := make([]bool, m)
	for i, j := n, m; i > 0 && j > 0; {
		switch {
		case hyp[i-1] == ref[j-1] && d[i][j] == d[i-1][j-1]:
			ok[j-1] = true
			i, j = i-1, j-1
		case d[i][j] == d[i-1][j-1]+1:
			i, j = i-1, j-1
		case d[i][j] == d[i-1][j]+1:
			i--
		default:
			j--
		}
	}
	return ok
}

// Changes counts what a correction did to the words of a reference
// transcription: Fixed words were wrong in the raw reading and are right after
// correction, Broken words were right and are now wrong.
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
// word by word, and counts the words fixed and broken.
func WordChanges(raw, corrected, ref string) Changes {
	r := strings.Fields(ref)
	before := Matched(strings.Fields(raw), r)
	after := Matched(strings.Fields(corrected), r)
	c := Changes{Words: len(r)}
	for i := range r {
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
		f[i] = strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
	}
	return f
}
