package correct

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Dictionary is a general spelling dictionary. *hunspell.Dict satisfies it;
// tests may use a fake. Hunspell's own suggestions are not asked for (they
// take tens of milliseconds per call on the Russian dictionary): the
// corrector generates confusion-driven candidates itself and checks them with
// Spell.
type Dictionary interface {
	Spell(string) bool
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
// multi-character confusion, or two cheap confusions) and, where the word
// carries the OCR engine's alternatives (lat, nil for none), from the letters
// listed at each position (one, two or three of them), checked with Spell in
// the case pattern pat. Costs follow the alternatives where there are any.
// Cheapest first. Deleting a real letter costs 1, more than a dictionary fix
// may cost, so it is not tried unless the engine listed a space there.
func (c *Corrector) dictCandidates(read []rune, lat []latPos, pat casePattern, old bool, pageBudget, editBudget *int) []dictCand {
	if c.dict == nil || !c.opt.Dictionary {
		return nil
	}
	if len(lat) != len(read) || !c.opt.Choices {
		lat = nil
	}
	limit := c.opt.DictMaxCost
	letters := frequentLetters
	if old {
		letters += "і" // a mark standing for a letter the reform removed
	}
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
		if !c.spellAs(s, pat, old) {
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
	opts := c.positionOptions(read, lat)
	// single deletions of noise characters (or of a letter the engine may
	// have read for nothing), then single substitutions, noise characters first
	for i, r := range read {
		if noise(r) || lat != nil && c.delAt(lat, i, r) < costEdit {
			buf = append(append(buf[:0], read[:i]...), read[i+1:]...)
			try(buf, c.delAt(lat, i, r))
		}
	}
	for i := range read {
		for _, p := range opts[i] {
			try(replace(i, p.r), p.cost)
		}
	}
	for i, r := range read {
		if noise(r) && len(partners[r]) == 0 {
			for _, l := range letters {
				try(replace(i, l), c.subAt(lat, i, r, l))
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
		c.wildcards(read, lat, runs, limit, letters, pageBudget, func(w []rune, cost float64) bool { return look(w, cost, false) })
	}
	// two cheap confusions (no more than a fix may cost)
	pairLimit := min(limit, c.opt.DictApplyCost)
	for i := range read {
		for _, p := range opts[i] {
			if p.cost > pairLimit/2 {
				continue
			}
			for j := i + 1; j < len(read); j++ {
				for _, q := range opts[j] {
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
	// three letters the engine listed (a word with three damaged letters)
	if lat != nil {
		listed := make([][]runeCost, len(read))
		for i := range read {
			for _, p := range opts[i] {
				if _, ok := lat[i].listed(p.r); ok && p.cost <= pairLimit/3 {
					listed[i] = append(listed[i], p)
				}
			}
		}
		for i := range read {
			for _, p := range listed[i] {
				for j := i + 1; j < len(read); j++ {
					for _, q := range listed[j] {
						for k := j + 1; k < len(read); k++ {
							for _, r := range listed[k] {
								if p.cost+q.cost+r.cost > pairLimit {
									continue
								}
								buf = append(buf[:0], read...)
								buf[i], buf[j], buf[k] = p.r, q.r, r.r
								try(buf, p.cost+q.cost+r.cost)
							}
						}
					}
				}
			}
		}
	}
	// a letter lost, added or unreadable: when the confusion model found no
	// word, any one edit that makes a common word form (a whole letter's
	// cost, or the confusion's; the common-word list, not Spell, is asked).
	// Not in the old orthography: the list is of today's forms, and its
	// nearest word is often the modern spelling (числомъ → числом)
	if len(order) == 0 && c.words() != nil && !old && len(read) >= c.opt.EditMinRunes && allCyrLetters(string(read)) && *editBudget > 0 {
		*editBudget -= 67 * len(read) // the look-ups commonEdits makes
		c.commonEdits(read, lat, func(w []rune, cost float64) {
			if s := string(w); cost <= limit && best[s] == 0 {
				best[s] = cost
				order = append(order, s)
			}
		})
	}
	out := make([]dictCand, 0, len(order))
	for _, s := range order {
		out = append(out, dictCand{s, best[s]})
	}
	sortDict(out)
	return out
}

// positionOptions lists, per position of read, the letters it may stand for
// at less than a whole edit: its confusion partners and the Cyrillic letters
// the engine listed there, each at its cost under the alternatives.
func (c *Corrector) positionOptions(read []rune, lat []latPos) [][]runeCost {
	opts := make([][]runeCost, len(read))
	for i, r := range read {
		if lat == nil || !lat[i].known() {
			opts[i] = partners[r] // the confusion table alone
			continue
		}
		for _, p := range partners[r] {
			if cost := c.subAt(lat, i, r, p.r); cost < costEdit {
				opts[i] = append(opts[i], runeCost{p.r, cost})
			}
		}
		for _, a := range lat[i].alts {
			if !isCyr(a.r) || !unicode.IsLetter(a.r) || a.r == r {
				continue
			}
			cost := c.subAt(lat, i, r, a.r)
			k := 0
			for k < len(opts[i]) && opts[i][k].r != a.r {
				k++
			}
			if k == len(opts[i]) {
				opts[i] = append(opts[i], runeCost{a.r, cost})
			} else {
				opts[i][k].cost = math.Min(opts[i][k].cost, cost)
			}
		}
	}
	return opts
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
func (c *Corrector) wildcards(read []rune, lat []latPos, runs []noiseRun, limit float64, letters string, pageBudget *int, try func([]rune, float64) bool) {
	budget := c.opt.MaxWildcardCalls
	busy := marked(read, runs) == 2 // two runs of marks: hyphens stay hyphens
	opts := append([]rune{0}, []rune(letters)...)
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
			rec(k+1, append(prefix, l), cost+c.runLetterCost(read, lat, runs[k], l))
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

// runLetterCost is the cost of a run of marks standing for the letter l:
// runCost, or less when the engine listed l at one of the marks (more when it
// listed it nowhere near).
func (c *Corrector) runLetterCost(read []rune, lat []latPos, run noiseRun, l rune) float64 {
	n := run.end - run.start
	if lat == nil {
		return runCost(n, true)
	}
	best := math.Inf(1)
	for i := run.start; i < run.end; i++ {
		best = math.Min(best, c.subAt(lat, i, read[i], l))
	}
	return best + 0.1*float64(n-1)
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
	return w[len(w)-1] != 'ъ' && hyphenable(w)
}

// hyphenable reports whether the hyphens of a candidate are where Russian
// writes them: between two parts of three letters or more (военно-морской,
// генерал-майор), before a particle (кто-то, какой-нибудь, ну-ка), or after
// по, во, в, из (по-прежнему, во-первых, из-за). Hunspell takes any two
// words joined by a hyphen («ране-их», «резе-не»): never a reading of a
// broken letter.
func hyphenable(w []rune) bool {
	if !slices.Contains(w, '-') {
		return true
	}
	parts := strings.Split(string(w), "-")
	for k := 1; k < len(parts); k++ {
		a, b := parts[k-1], parts[k]
		la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
		switch {
		case la == 0 || lb == 0:
			return false
		case la >= 3 && lb >= 3, hyphenParticles[b], hyphenPrefixes[a]:
		default:
			return false
		}
	}
	return true
}

var (
	hyphenParticles = map[string]bool{"то": true, "либо": true, "нибудь": true, "ка": true, "таки": true, "де": true}
	hyphenPrefixes  = map[string]bool{"по": true, "во": true, "в": true, "из": true, "кое": true}
)

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

// commonEdits calls found for every common word form one edit away from
// read: a letter inserted (a glyph whose ink is lost), deleted, or replaced
// by any letter, at the cost the confusion model and the alternatives give
// it.
func (c *Corrector) commonEdits(read []rune, lat []latPos, found func([]rune, float64)) {
	words := c.words()
	buf := make([]rune, 0, len(read)+1)
	for i := 0; i <= len(read); i++ {
		for _, l := range cyrLower {
			buf = append(append(append(buf[:0], read[:i]...), l), read[i:]...)
			if words.HasRunes(buf) {
				found(buf, indel(l))
			}
		}
	}
	for i := range read {
		buf = append(append(buf[:0], read[:i]...), read[i+1:]...)
		if words.HasRunes(buf) {
			found(buf, c.delAt(lat, i, read[i]))
		}
		for _, l := range cyrLower {
			if l == read[i] {
				continue
			}
			buf = append(buf[:0], read...)
			buf[i] = l
			if words.HasRunes(buf) {
				found(buf, c.subAt(lat, i, read[i], l))
			}
		}
	}
}
