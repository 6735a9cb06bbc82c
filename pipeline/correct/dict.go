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
func (c *Corrector) dictCandidates(read []rune, pat casePattern) []dictCand {
	if c.dict == nil || !c.opt.Dictionary {
		return nil
	}
	limit := c.opt.DictMaxCost
	calls := 0
	best := map[string]float64{}
	var order []string
	try := func(cand []rune, cost float64) {
		if cost > limit || calls >= c.opt.MaxSpellCalls || len(cand) == 0 {
			return
		}
		s := string(cand)
		if old, ok := best[s]; ok {
			if cost < old {
				best[s] = cost
			}
			return
		}
		if strings.ContainsAny(s, " ") || !allLetters(cand) {
			return
		}
		calls++
		if !c.spell(applyCase(s, pat)) {
			best[s] = -1
			return
		}
		best[s] = cost
		order = append(order, s)
	}
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
