package correct

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/page"
)

// ruleRestore proposes, for an unknown word no earlier rule decided, the
// common word forms nearest to the letters left of it.
var ruleRestore = &Rule{
	Name: "restore", Kind: page.RuleDictionary,
	Doc: "an unknown word no other rule decided is read as the common word form nearest to its remaining letters (two or three letters damaged)",
	run: func(p *pass) {
		c := p.c
		for i := range p.v.toks {
			t := &p.v.toks[i]
			if !p.free(i, 1) || t.protected || t.known || len(t.runes) < c.opt.MinRunes {
				continue
			}
			if t.absorbed && (c.spell(t.bare) || c.lex.KnownWord(t.bare) || len(c.lex.Exact(t.bare)) > 0) {
				continue // a known word between marks: only a name it belongs to may change it
			}
			if t.lineBroken() {
				continue // a word broken at the end of a line, or its second half
			}
			pat := patternOf(t.core)
			if pat == caseUpper && len(t.runes) <= 5 || strings.HasPrefix(t.trail, ".") && len(t.runes) <= 4 {
				continue // an abbreviation: only the lexicon judges it
			}
			toks := p.v.toks
			cands := c.restoreCands(t, c.tokenLat(t), p.v)
			// marks at the edges may be broken letters, as for the word rule
			if e, ok := withOddMarks(*t); ok {
				if ec := c.restoreCands(&e, c.tokenLat(&e), p.v); len(ec) > 0 && (len(cands) == 0 || minCost(ec) < minCost(cands)) {
					cands = ec
					toks = slices.Clone(toks)
					toks[i] = e
				}
			}
			if len(cands) > 0 {
				nameLike(toks, i, cands)
				p.offer(proposal{toks: toks, first: i, n: 1, nRunes: len(toks[i].runes), cands: cands})
			}
		}
	},
}

// The restoring search: an unknown word for which neither the lexicon nor
// the confusion model nor one edit against the common words found anything
// may still be a common word form with two or three letters damaged
// («огейсьому» for корейскому, «ухазлал» for указал). The common words that
// share letter trigrams with the reading are found in an index, and the
// nearest of them under the confusion-weighted distance (with the engine's
// alternatives) are the candidates.

// trigramIndex is the common word forms indexed by the trigrams of their
// letter codes (padded at both ends), words ordered by length so that a
// query reads only the part of each posting list of the lengths it wants.
type trigramIndex struct {
	codes []uint8  // the words' codes, concatenated
	start []uint32 // word i is codes[start[i]:start[i+1]]
	text  []string // word i, folded
	byLen []uint32 // the first word of each length (runes), len maxLen+2
	offs  []uint32 // the posting list of trigram k is post[offs[k]:offs[k+1]]
	post  []uint32 // word ids, ascending within a list
}

const (
	triPad  = nCodes // the code of the padding at a word's ends
	triBase = nCodes + 1
	triMax  = 24 // longer words are not indexed
)

func triKey(a, b, c uint8) int { return (int(a)*triBase+int(b))*triBase + int(c) }

var (
	restoreMu  sync.Mutex
	restoreIdx = map[*lexicon.Words]*trigramIndex{}
)

// restoreIndex returns the index of w, built on first use (about 0.15 s)
// and kept for the process.
func restoreIndex(w *lexicon.Words) *trigramIndex {
	restoreMu.Lock()
	defer restoreMu.Unlock()
	x := restoreIdx[w]
	if x == nil {
		x = buildTrigramIndex(w.List())
		restoreIdx[w] = x
	}
	return x
}

func buildTrigramIndex(list []string) *trigramIndex {
	type word struct {
		text  string
		codes []uint8
	}
	var ws []word
	for _, s := range list {
		rs := []rune(s)
		if len(rs) < 3 || len(rs) > triMax {
			continue
		}
		ws = append(ws, word{s, encodeAll(rs, nil)})
	}
	sort.SliceStable(ws, func(a, b int) bool { return len(ws[a].codes) < len(ws[b].codes) })
	x := &trigramIndex{byLen: make([]uint32, triMax+2), offs: make([]uint32, triBase*triBase*triBase+1)}
	x.start = make([]uint32, 0, len(ws)+1)
	n := 0
	for i, w := range ws {
		for n <= len(w.codes) {
			x.byLen[n] = uint32(i)
			n++
		}
		x.start = append(x.start, uint32(len(x.codes)))
		x.codes = append(x.codes, w.codes...)
		x.text = append(x.text, w.text)
	}
	for ; n < len(x.byLen); n++ {
		x.byLen[n] = uint32(len(ws))
	}
	x.start = append(x.start, uint32(len(x.codes)))
	count := func(cs []uint8, f func(k int)) {
		p := append(append([]uint8{triPad}, cs...), triPad)
		for i := 0; i+3 <= len(p); i++ {
			f(triKey(p[i], p[i+1], p[i+2]))
		}
	}
	for _, w := range ws {
		count(w.codes, func(k int) { x.offs[k+1]++ })
	}
	for k := 1; k < len(x.offs); k++ {
		x.offs[k] += x.offs[k-1]
	}
	x.post = make([]uint32, x.offs[len(x.offs)-1])
	fill := slices.Clone(x.offs)
	for i, w := range ws {
		count(w.codes, func(k int) {
			// a trigram twice in a word is listed once
			if f := fill[k]; f == x.offs[k] || x.post[f-1] != uint32(i) {
				x.post[f] = uint32(i)
				fill[k]++
			}
		})
	}
	// close the gaps the repeated trigrams left
	out := x.post[:0]
	newOffs := make([]uint32, len(x.offs))
	for k := 0; k+1 < len(x.offs); k++ {
		newOffs[k] = uint32(len(out))
		out = append(out, x.post[x.offs[k]:fill[k]]...)
	}
	newOffs[len(x.offs)-1] = uint32(len(out))
	x.post, x.offs = slices.Clip(out), newOffs
	return x
}

// restoreScratch is one page's working memory for the search.
type restoreScratch struct {
	idx     *trigramIndex
	count   []uint8
	touched []uint32
	rows    []float64
}

// index returns the index of w, looked up once per page.
func (s *restoreScratch) index(w *lexicon.Words) *trigramIndex {
	if s.idx == nil {
		s.idx = restoreIndex(w)
	}
	return s.idx
}

// restored is a common word the search found, with its cost.
type restored struct {
	text string
	cost float64
}

// search returns the common words of n-2 to n+2 letters (n the reading's
// length) that share the most trigrams with read (at most top of them are
// measured), within limit under the confusion-weighted distance, cheapest
// first. Trigrams with a mark in them say nothing and are skipped.
func (x *trigramIndex) search(read []uint8, lc *latCodes, limit float64, top int, s *restoreScratch) []restored {
	n := len(read)
	lo, hi := max(3, n-2), min(triMax, n+2)
	if lo > hi {
		return nil
	}
	idLo, idHi := x.byLen[lo], x.byLen[hi+1]
	if s.count == nil {
		s.count = make([]uint8, len(x.text))
	}
	p := append(append([]uint8{triPad}, read...), triPad)
	var keys []int
	for i := 0; i+3 <= len(p); i++ {
		if markCode(p[i]) || markCode(p[i+1]) || markCode(p[i+2]) {
			continue
		}
		keys = append(keys, triKey(p[i], p[i+1], p[i+2]))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	best := uint8(0)
	for _, k := range keys {
		list := x.post[x.offs[k]:x.offs[k+1]]
		j, _ := slices.BinarySearch(list, idLo)
		for _, id := range list[j:] {
			if id >= idHi {
				break
			}
			if s.count[id] == 0 {
				s.touched = append(s.touched, id)
			}
			s.count[id]++
			best = max(best, s.count[id])
		}
	}
	// the words sharing the most trigrams, at most top of them
	var byCount [256][]uint32
	for _, id := range s.touched {
		if c := s.count[id]; c+3 >= best && c >= 2 {
			byCount[c] = append(byCount[c], id)
		}
		s.count[id] = 0
	}
	s.touched = s.touched[:0]
	var out []restored
	mask := maskOf(read)
	measured := 0
	for c := int(best); c >= 2 && measured < top; c-- {
		for _, id := range byCount[c] {
			if measured >= top {
				break
			}
			measured++
			w := x.codes[x.start[id]:x.start[id+1]]
			if lc == nil && lowerBound(read, mask, w, maskOf(w)) > limit {
				continue
			}
			d := distanceLat(read, lc, w, limit, costSpace, &s.rows)
			if d <= limit && d > 0 {
				out = append(out, restored{x.text[id], d})
			}
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].cost != out[b].cost {
			return out[a].cost < out[b].cost
		}
		return out[a].text < out[b].text
	})
	return out
}

// markCode reports the code of a mark, a digit or a hyphen: no letter.
func markCode(c uint8) bool { return c != triPad && codeNoise[c] || c == 70 || c >= 59 && c <= 68 }

// restoreCands returns the common words the restoring search finds for an
// unknown word that nothing else reached: letters only (marks allowed
// inside), at least RestoreMinRunes of them, today's spelling, within the
// page's budget.
func (c *Corrector) restoreCands(t *token, lc *latCodes, ps *view) []candidate {
	n := len(t.runes)
	if c.words() == nil || c.dict == nil || !c.opt.Dictionary || ps.old || n < c.opt.RestoreMinRunes || ps.restores <= 0 || !hasCyr(t.runes) {
		return nil
	}
	// two common words run together («подохраной», «нафронте») are a
	// space lost, not letters: the search would make one word of them
	for k := 2; k+2 <= n; k++ {
		if c.words().HasRunes(t.runes[:k]) && c.words().HasRunes(t.runes[k:]) {
			return nil
		}
	}
	ps.restores--
	read := encodeAll(t.runes, make([]uint8, 0, 32))
	// the limit leaves room for the runner-up the margin gate needs
	limit := math.Min(c.opt.RestoreMaxCost, c.opt.RestorePerRune*float64(n)) + c.opt.Margin
	letters := 0
	for _, r := range t.runes {
		if !noise(r) && r != '-' {
			letters++
		}
	}
	var cands []candidate
	for _, r := range ps.restore.index(c.words()).search(read, lc, limit, c.opt.RestoreTop, &ps.restore) {
		if utf8.RuneCountInString(r.text) < letters {
			continue // a letter read is not dropped: damage loses letters, it does not add them
		}
		cands = append(cands, candidate{text: r.text, cost: r.cost, group: "dict:" + r.text, source: "common words", rule: page.RuleDictionary, restored: true})
	}
	return cands
}
