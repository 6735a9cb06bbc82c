package lexicon

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// commonData is the list of common Russian word forms made by tools/langdata
// (see words/README.md): folded, sorted, front-coded, gzipped.
//
//go:embed words/ru-common.txt.gz
var commonData []byte

// Words is a list of common Russian word forms and a character n-gram model
// of them: how likely a string of letters is as a Russian word. It is safe
// for concurrent use.
type Words struct {
	list []string            // folded, sorted
	set  map[uint64]struct{} // hashes of the words (hashRunes)
	lm   charModel
}

var (
	commonOnce  sync.Once
	commonWords *Words
	commonErr   error
)

// Common returns the embedded list of common Russian word forms (about
// 140,000: the word list of Tesseract's Russian model that Hunspell's
// Russian dictionary accepts), read on first use.
func Common() (*Words, error) {
	commonOnce.Do(func() { commonWords, commonErr = readWords(commonData) })
	return commonWords, commonErr
}

// readWords reads a front-coded gzipped list (each line: the length in bytes
// of the prefix shared with the line before, then the rest of the word).
func readWords(gz []byte) (*Words, error) {
	z, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("lexicon: common words: %w", err)
	}
	w := &Words{}
	sc := bufio.NewScanner(z)
	prev := ""
	for sc.Scan() {
		line := sc.Text()
		k := 0
		for k < len(line) && line[k] >= '0' && line[k] <= '9' {
			k++
		}
		n, err := strconv.Atoi(line[:k])
		if err != nil || n > len(prev) {
			return nil, fmt.Errorf("lexicon: common words: bad line %q", line)
		}
		word := prev[:n] + line[k:]
		w.list = append(w.list, word)
		prev = word
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon: common words: %w", err)
	}
	if !slices.IsSorted(w.list) {
		return nil, fmt.Errorf("lexicon: common words: not sorted")
	}
	w.index()
	return w, nil
}

// NewWords builds a list and its model from folded words (for tests).
func NewWords(words []string) *Words {
	w := &Words{list: slices.Clone(words)}
	slices.Sort(w.list)
	w.list = slices.Compact(w.list)
	w.index()
	return w
}

// index builds the look-up set and the character model.
func (w *Words) index() {
	w.set = make(map[uint64]struct{}, len(w.list))
	for _, s := range w.list {
		w.set[hashRunes([]rune(s))] = struct{}{}
	}
	w.lm.train(w.list)
}

// List returns the folded words, sorted. The slice is shared: callers must
// not modify it.
func (w *Words) List() []string { return w.list }

// Len is the number of words.
func (w *Words) Len() int { return len(w.list) }

// Has reports whether the folded word is a common form.
func (w *Words) Has(folded string) bool {
	h := fnvOffset
	for _, r := range folded {
		h = (h ^ uint64(r)) * fnvPrime
	}
	_, ok := w.set[h]
	return ok
}

// LogProb is the natural logarithm of the probability of the folded word
// under the character model (the end of the word included): the lower, the
// less the letters look like a Russian word.
func (w *Words) LogProb(folded string) float64 { return w.lm.logProb(folded) }

// charModel is a character n-gram model (order lmOrder, Witten-Bell
// interpolation) of word types, its counts kept in one hashed table: a
// collision merges two rare n-grams, which costs little for a plausibility
// score and keeps the model at a fixed 16 MiB built in about 100 ms.
type charModel struct {
	table []uint32
	alpha float64 // letters seen, for the uniform floor
	total float64 // characters counted
}

const (
	lmOrder = 5
	lmBits  = 22
)

// Table slots: an n-gram's count, its context's count (as a context) and
// the number of different letters seen after the context.
const (
	slotGram = iota
	slotContext
	slotTypes
)

// slot is the table index of an n-gram's count of the given kind: FNV-1a
// over the kind and the runes, so that the model is the same in every run.
func (m *charModel) slot(kind int, gram []rune) uint32 {
	h := uint64(14695981039346656037) ^ uint64(kind)
	h *= 1099511628211
	for _, r := range gram {
		h ^= uint64(r)
		h *= 1099511628211
	}
	h ^= h >> 29
	return uint32(h & (1<<lmBits - 1))
}

// boundary stands for the start and the end of a word.
const boundary = '^'

func (m *charModel) train(words []string) {
	m.table = make([]uint32, 1<<lmBits)
	letters := map[rune]bool{}
	for _, w := range words {
		rs := padded(w)
		for i := lmOrder - 1; i < len(rs); i++ {
			letters[rs[i]] = true
			m.total++
			for k := 1; k <= lmOrder; k++ {
				gram := rs[i-k+1 : i+1]
				g := m.slot(slotGram, gram)
				if m.table[g] == 0 && k > 1 {
					m.table[m.slot(slotTypes, gram[:k-1])]++
				}
				m.table[g]++
				if k > 1 {
					m.table[m.slot(slotContext, gram[:k-1])]++
				}
			}
		}
	}
	m.alpha = float64(len(letters))
}

// padded is the word with lmOrder-1 boundaries before it and one after.
func padded(w string) []rune {
	rs := make([]rune, 0, len(w)/2+lmOrder)
	for range lmOrder - 1 {
		rs = append(rs, boundary)
	}
	rs = append(rs, []rune(w)...)
	return append(rs, boundary)
}

func (m *charModel) logProb(w string) float64 {
	if m.table == nil {
		return 0
	}
	rs := padded(w)
	lp := 0.0
	for i := lmOrder - 1; i < len(rs); i++ {
		// unigram with add-one, then each longer context interpolated
		p := (float64(m.table[m.slot(slotGram, rs[i:i+1])]) + 1) / (m.total + m.alpha + 1)
		for k := 2; k <= lmOrder; k++ {
			gram := rs[i-k+1 : i+1]
			ctx := float64(m.table[m.slot(slotContext, gram[:k-1])])
			types := float64(m.table[m.slot(slotTypes, gram[:k-1])])
			if ctx == 0 || types == 0 {
				continue // an unseen context (or one seen only through a collision)
			}
			p = (float64(m.table[m.slot(slotGram, gram)]) + types*p) / (ctx + types)
		}
		lp += math.Log(p)
	}
	return lp
}

// HasRunes is Has for a folded word given as runes.
func (w *Words) HasRunes(folded []rune) bool {
	_, ok := w.set[hashRunes(folded)]
	return ok
}

// FNV-1a over runes: a 64-bit hash, whose collisions among 140,000 words
// and the strings looked up are too rare to matter (about 1 in 10^9 per
// look-up).
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

func hashRunes(rs []rune) uint64 {
	h := fnvOffset
	for _, r := range rs {
		h = (h ^ uint64(r)) * fnvPrime
	}
	return h
}

// Begins reports whether a common word longer than the folded prefix
// begins with it («научн» begins «научный»).
func (w *Words) Begins(prefix string) bool {
	i, _ := slices.BinarySearch(w.list, prefix)
	for ; i < len(w.list) && strings.HasPrefix(w.list[i], prefix); i++ {
		if len(w.list[i]) > len(prefix) {
			return true
		}
	}
	return false
}
