package correct

import (
	"strings"
	"sync"
)

// Dictionary is a general spelling dictionary. *hunspell.Dict satisfies it;
// tests may use a fake. Suggest is not called in the hot path (Hunspell
// takes tens of milliseconds per call on the Russian dictionary): the
// corrector generates confusion-driven candidates itself and checks them with
// Spell.
type Dictionary interface {
	Spell(string) bool
	Suggest(string) []string
}

// cyrLower is the Russian alphabet (without ё).
const cyrLower = "абвгдежзийклмнопрстуфхцчшщъыьэюя"

// frequentLetters are tried where a noise character stands for a letter: the
// most frequent letters of Russian text, which cover most such breaks.
const frequentLetters = "оеаинтсрвлкмдпуяыьгзбчй"

// spellCache memoises Spell across pages; it is dropped whole when it grows
// past its bound, which keeps memory flat on long runs.
type spellCache struct {
	mu sync.RWMutex
	m  map[string]bool
}

const spellCacheMax = 200_000

func (c *Corrector) spell(w string) bool {
	if c.dict == nil {
		return false
	}
	c.spells.mu.RLock()
	v, ok := c.spells.m[w]
	c.spells.mu.RUnlock()
	if ok {
		return v
	}
	v = c.dict.Spell(w)
	c.spells.mu.Lock()
	if len(c.spells.m) >= spellCacheMax {
		c.spells.m = map[string]bool{}
	}
	c.spells.m[w] = v
	c.spells.mu.Unlock()
	return v
}

// dictCand is a dictionary word that the read word may stand for.
type dictCand struct {
	text string // folded
	cost float64
}

// dictCandidates returns dictionary words within DictMaxCost of the folded
// word read, generated from the confusion model (a dropped noise character,
// one confusable substitution, a frequent letter for a noise character, a
// multi-character confusion, or two cheap confusions) and checked with Spell
// in the case pattern pat. Cheapest first. Deleting a real letter costs 1,
// more than a dictionary fix may cost, so it is not tried.
func (c *Corrector) dictCandidates(read []rune, pat casePattern, pageBudget *int) []dictCand {
	if c.dict == nil || !c.opt.Dictionary {
		return nil
	}
	limit := c.opt.DictMaxCost
	calls := 0
	best := map[string]float64{}
	var order []string
	// look reports whether it asked the dictionary
	look := func(cand []rune, cost float64, capped bool) bool {
		if cost > limit || capped && calls >= c.opt.MaxSpellCalls || len(cand) < 2 {
			return false
		}
		s := string(cand)
		if old, ok := best[s]; ok {
			if cost < old && old >= 0 {
				best[s] = cost
			}
			return false
		}
		if strings.ContainsAny(s, " ") || !allLetters(cand) || !spellable(cand) {
			best[s] = -1
			return false
		}
		calls++
		if !c.spell(applyCase(s, pat)) {
			best[s] = -1
			return true
		}
		best[s] = cost
		order = append(order, s)
		return true
	}
	try := func(cand []rune, cost float64) { look(cand, cost, true) }
	buf := make([]rune, 0, len(read)+2)
	replace := func(i int, r rune) []rune {
		buf = append(buf[:0], read...)
		buf[i] = r
		return buf
	}
	// single substitutions by confusable letters, noise characters first
	for i, r := range read {
		if noise(r) {
			buf = append(append(buf[:0], read[:i]...), read[i+1:]...)
			try(buf, costNoise)
		}
	}
	for i, r := range read {
		for _, p := range partners[r] {
			try(replace(i, p.r), p.cost)
		}
	}
	for i, r := range read {
		if noise(r) && len(partners[r]) == 0 {
			for _, l := range frequentLetters {
				try(replace(i, l), costNoise)
			}
		}
	}
	// multi-character confusions
	for i := range read {
		for _, mr := range multiRules {
			if i+len(mr.read) <= len(read) && hasEnd(read[:i+len(mr.read)], mr.read) {
				buf = append(append(append(buf[:0], read[:i]...), mr.typed...), read[i+len(mr.read):]...)
				try(buf, mr.cost)
			}
		}
	}
	// runs of marks standing for one letter each or for nothing
	// («о:’ончании», «пред»ож-ние»): at most two runs, all letters of the
	// word's own alphabet tried, within their own budget of Spell calls
	if runs := noiseRuns(read); len(runs) > 0 && marked(read, runs) <= 2 && len(read) >= c.opt.DictMinRunes {
		c.wildcards(read, runs, limit, pageBudget, func(w []rune, cost float64) bool { return look(w, cost, false) })
	}
	// two cheap confusions (no more than a fix may cost)
	pairLimit := min(limit, c.opt.DictApplyCost)
	for i := range read {
		for _, p := range partners[read[i]] {
			if p.cost > pairLimit/2 {
				continue
			}
			for j := i + 1; j < len(read); j++ {
				for _, q := range partners[read[j]] {
					if p.cost+q.cost > pairLimit {
						continue
					}
					buf = append(buf[:0], read...)
					buf[i], buf[j] = p.r, q.r
					try(buf, p.cost+q.cost)
				}
			}
		}
	}
	out := make([]dictCand, 0, len(order))
	for _, s := range order {
		out = append(out, dictCand{s, best[s]})
	}
	sortDict(out)
	return out
}

// noiseRun is a run [start, end) of marks inside a word.
type noiseRun struct{ start, end int }

// noiseRuns lists the runs of noise characters that have letters on both
// sides or at one side (a mark alone is not a word); a run of digits only
// is left to the confusion pairs (0 for о, 3 for з).
func noiseRuns(read []rune) []noiseRun {
	var runs []noiseRun
	mark := func(r rune) bool { return noise(r) || r == '-' }
	for i := 0; i < len(read); {
		if !mark(read[i]) {
			i++
			continue
		}
		j := i
		for j < len(read) && mark(read[j]) {
			j++
		}
		if !(j-i == 1 && read[i] == '-') || i > 0 && j < len(read) {
			runs = append(runs, noiseRun{i, j})
		}
		i = j
	}
	return runs
}

// marked counts the runs that have a mark other than a hyphen.
func marked(read []rune, runs []noiseRun) int {
	n := 0
	for _, r := range runs {
		if !(r.end-r.start == 1 && read[r.start] == '-') {
			n++
		}
	}
	return n
}

// runCost is the cost of a run of n marks standing for one letter (0.5 and
// 0.1 for every further mark) or for nothing (0.5 a mark).
func runCost(n int, letter bool) float64 {
	if letter {
		return costNoise + 0.1*float64(n-1)
	}
	return costNoise * float64(n)
}

// wildcards tries every reading of the noise runs of read as one frequent
// letter or as nothing, within limit, Options.MaxWildcardCalls look-ups and
// what is left of the page's budget (Options.MaxWildcardPage).
func (c *Corrector) wildcards(read []rune, runs []noiseRun, limit float64, pageBudget *int, try func([]rune, float64) bool) {
	budget := c.opt.MaxWildcardCalls
	busy := marked(read, runs) == 2 // two runs of marks: hyphens stay hyphens
	opts := append([]rune{0}, []rune(frequentLetters)...)
	buf := make([]rune, 0, len(read))
	var rec func(k int, out []rune, cost float64)
	rec = func(k int, out []rune, cost float64) {
		if budget <= 0 || *pageBudget <= 0 || cost > limit {
			return
		}
		if k == len(runs) {
			rest := read[runs[k-1].end:]
			w := append(append(buf[:0], out...), rest...)
			if try(w, cost) {
				budget--
				*pageBudget--
			}
			return
		}
		start := 0
		if k > 0 {
			start = runs[k-1].end
		}
		prefix := append(append([]rune(nil), out...), read[start:runs[k].start]...)
		n := runs[k].end - runs[k].start
		if n == 1 && read[runs[k].start] == '-' {
			rec(k+1, append(prefix, '-'), cost) // a real hyphen (по-прежнему)
			if busy {
				return
			}
		}
		for _, l := range opts {
			if l == 0 {
				rec(k+1, prefix, cost+runCost(n, false))
				continue
			}
			rec(k+1, append(prefix, l), cost+runCost(n, true))
			if n >= 2 && len(runs) == 1 {
				// a run of marks for two letters («ма:=риалы»)
				for _, l2 := range frequentLetters {
					rec(k+1, append(append(prefix, l), l2), cost+2*costNoise)
				}
			}
		}
	}
	rec(0, nil, 0)
}

// spellable reports whether a folded candidate keeps the rules of Russian
// spelling that have no exceptions worth a dictionary look-up: no word starts
// with ь, ъ or ы; ь and ъ never follow a vowel or each other; ъ stands only
// before е, ё, ю, я; ы is not written after ж, ш, ч, щ, nor я or ю after ч, щ
// (жи-ши, ча-ща, чу-щу).
func spellable(w []rune) bool {
	if len(w) == 0 || w[0] == 'ь' || w[0] == 'ъ' || w[0] == 'ы' {
		return false
	}
	for i := 1; i < len(w); i++ {
		p, r := w[i-1], w[i]
		switch r {
		case 'ь', 'ъ':
			if strings.ContainsRune(vowels+"ьъй", p) {
				return false
			}
		case 'ы':
			if strings.ContainsRune("жшчщьъ", p) {
				return false
			}
		case 'я', 'ю':
			if p == 'ч' || p == 'щ' {
				return false
			}
		}
		if p == 'ъ' && !strings.ContainsRune("еёюя", r) {
			return false
		}
	}
	return w[len(w)-1] != 'ъ'
}

const vowels = "аеёиоуыэюя"

func allLetters(rs []rune) bool {
	for _, r := range rs {
		if noise(r) && r != '-' {
			return false
		}
	}
	return true
}

func sortDict(cs []dictCand) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && (cs[j].cost < cs[j-1].cost || cs[j].cost == cs[j-1].cost && cs[j].text < cs[j-1].text); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}
