package correct

import (
	"math"
	"slices"
	"unicode"
)

// The confusion model: the cost of turning what OCR read into what was typed,
// on folded text (lower case, ё as е). Whole-letter edits cost 1; pairs that
// typewriter faces and OCR engines confuse cost less, the more alike the
// glyphs the less. A noise character (punctuation or a digit inside a word,
// where a broken letter was read as a mark) is cheap to replace or drop.

const (
	costEdit  = 1.0  // substitute, insert or delete an unrelated letter
	costNoise = 0.5  // a mark or digit inside a word standing for a letter, or dropped
	costSpace = 0.35 // a space inserted or lost (words split or joined by OCR)
	// costEpsilon: costs are sums of these in floating point (0.15 + 0.35
	// may fall short of 0.5 by 1e-16); a margin this close to its gate
	// meets it
	costEpsilon = 1e-9
)

// confusions lists read→typed letter pairs (both directions) with their cost.
var confusions = []struct {
	a, b string
	cost float64
}{
	// near-identical shapes
	{"е", "ё", 0.1}, {"и", "й", 0.25}, {"ш", "щ", 0.3}, {"ь", "ъ", 0.35}, {"б", "6", 0.2},
	{"о", "0", 0.2}, {"з", "3", 0.2}, {"ч", "4", 0.4}, {"в", "8", 0.5},
	// verticals and arches: и н п л
	{"и", "н", 0.4}, {"и", "п", 0.4}, {"н", "п", 0.45}, {"п", "л", 0.45}, {"и", "л", 0.7},
	{"н", "к", 0.6}, {"и", "к", 0.65}, {"и", "ц", 0.5}, {"ц", "щ", 0.4}, {"п", "ц", 0.6},
	{"и", "ы", 0.6}, {"ы", "ь", 0.6}, {"ш", "и", 0.6}, {"ш", "м", 0.6}, {"м", "н", 0.6},
	{"т", "г", 0.5}, {"т", "п", 0.6}, {"г", "п", 0.5}, {"г", "r", 0.5},
	// Soviet typewriter Д/Л/А
	{"д", "л", 0.4}, {"а", "д", 0.5}, {"а", "л", 0.6},
	// round letters
	{"е", "с", 0.45}, {"е", "о", 0.45}, {"о", "с", 0.45}, {"о", "а", 0.55}, {"е", "а", 0.6},
	{"э", "з", 0.4}, {"э", "е", 0.5}, {"з", "в", 0.5}, {"в", "б", 0.5}, {"в", "в", 0},
	{"б", "ь", 0.5}, {"р", "о", 0.7}, {"р", "ф", 0.6}, {"ф", "ф", 0},
	{"у", "ч", 0.5}, {"к", "х", 0.5}, {"х", "ж", 0.5}, {"к", "ж", 0.6},
	{"я", "а", 0.6}, {"я", "л", 0.7}, {"ю", "о", 0.6}, {"ч", "я", 0.7},
	// Tesseract's reading of a letter with broken strokes: a damaged н, е, р
	// or д often comes out as з, a damaged н as ч, р and л as г (counted on
	// the committed sample pages and the development scans)
	{"з", "н", 0.6}, {"з", "р", 0.7}, {"з", "д", 0.7}, {"ч", "н", 0.6}, {"г", "р", 0.6}, {"г", "л", 0.7},
}

// multi lists confusions of a letter with a pair of characters (read, typed).
var multi = []struct {
	read, typed string
	cost        float64
}{
	{"ьі", "ы", 0.3}, {"ь1", "ы", 0.2}, {"ьl", "ы", 0.3}, {"ъі", "ы", 0.4}, {"ь|", "ы", 0.3},
	{"bl", "ы", 0.4}, {"іо", "ю", 0.4}, {"1о", "ю", 0.4}, {"ii", "п", 0.5}, {"ш", "ии", 0.6},
	{"ш", "щ", 0.3}, {"rn", "т", 0.5}, {"rn", "м", 0.5}, {"нн", "м", 0.7}, {"лл", "м", 0.6},
	{"м", "лл", 0.6}, {"ни", "м", 0.7}, {"гп", "ш", 0.7}, {"щ", "ш,", 0.4}, {"ц", "и,", 0.5},
	{"к", "іс", 0.5}, {"ж", "ок", 0.7}, {"ю", "ю", 0},
}

type pair struct{ a, b rune }

var (
	subCost    = map[pair]float64{}
	multiRules []multiRule             // all multi-character confusions, in table order
	partners   = map[rune][]runeCost{} // typed letters a read letter may stand for
)

type multiRule struct {
	read, typed []rune
	cost        float64
}

type runeCost struct {
	r    rune
	cost float64
}

// The distance works on small codes instead of runes, with dense cost tables.
const (
	codeOtherLetter = 74
	codeOther       = 75
	nCodes          = 76
)

// encode maps a folded rune to its code.
func encode(r rune) uint8 {
	switch {
	case r >= 'а' && r <= 'я':
		return uint8(r - 'а')
	case r == 'ё':
		return 32
	case r >= 'a' && r <= 'z':
		return 33 + uint8(r-'a')
	case r >= '0' && r <= '9':
		return 59 + uint8(r-'0')
	case r == ' ':
		return 69
	case r == '-':
		return 70
	case r == 'і':
		return 71
	case r == '|':
		return 72
	case r == 'I':
		return 73
	case unicode.IsLetter(r):
		return codeOtherLetter
	}
	return codeOther
}

func encodeAll(rs []rune, buf []uint8) []uint8 {
	buf = buf[:0]
	for _, r := range rs {
		buf = append(buf, encode(r))
	}
	return buf
}

var (
	subTab    [nCodes][nCodes]float64
	indelTab  [nCodes]float64
	multiTab  [nCodes][]encRule // by the last code of the read side
	codeNoise [nCodes]bool
)

type encRule struct {
	read, typed []uint8
	cost        float64
}

func init() {
	for _, c := range confusions {
		a, b := []rune(c.a)[0], []rune(c.b)[0]
		if a == b {
			continue
		}
		subCost[pair{a, b}] = c.cost
		subCost[pair{b, a}] = c.cost
		if isCyr(b) {
			partners[a] = append(partners[a], runeCost{b, c.cost})
		}
		if isCyr(a) {
			partners[b] = append(partners[b], runeCost{a, c.cost})
		}
	}
	for _, m := range multi {
		r, t := []rune(m.read), []rune(m.typed)
		if string(r) == string(t) {
			continue
		}
		multiRules = append(multiRules, multiRule{r, t, m.cost})
		er := encRule{encodeAll(r, nil), encodeAll(t, nil), float64(m.cost)}
		last := er.read[len(er.read)-1]
		multiTab[last] = append(multiTab[last], er)
	}
	// a representative rune per code, to fill the tables with sub and indel
	rep := make([]rune, nCodes)
	for r := 'а'; r <= 'я'; r++ {
		rep[encode(r)] = r
	}
	rep[32] = 'ё'
	for r := 'a'; r <= 'z'; r++ {
		rep[encode(r)] = r
	}
	for r := '0'; r <= '9'; r++ {
		rep[encode(r)] = r
	}
	rep[69], rep[70], rep[71], rep[72], rep[73] = ' ', '-', 'і', '|', 'I'
	rep[codeOtherLetter], rep[codeOther] = 'ß', '§'
	for i := range nCodes {
		codeNoise[i] = noise(rep[i])
		indelTab[i] = float64(indel(rep[i]))
		for j := range nCodes {
			subTab[i][j] = float64(sub(rep[i], rep[j]))
		}
	}
	subTab[codeOtherLetter][codeOtherLetter] = costEdit // two unknown letters are not the same letter
	subTab[codeOther][codeOther] = costNoise
	for i := range nCodes {
		partnerMask[i] |= bit(uint8(i))
		for j := range nCodes {
			if subTab[i][j] < costEdit || subTab[j][i] < costEdit || indelTab[i] < costEdit {
				partnerMask[i] |= bit(uint8(j))
			}
		}
	}
	for _, rules := range multiTab {
		for _, mr := range rules {
			for _, a := range mr.read {
				for _, b := range mr.typed {
					partnerMask[a] |= bit(b)
					partnerMask[b] |= bit(a)
				}
			}
		}
	}
}

// partnerMask[c] has the bits of c and of every code that c can be read as
// or read for at less than a whole edit.
var partnerMask [nCodes]uint64

func bit(c uint8) uint64 { return 1 << min(c, 63) }

func maskOf(cs []uint8) uint64 {
	var m uint64
	for _, c := range cs {
		m |= bit(c)
	}
	return m
}

// lowerBound is a cheap lower bound of the distance: every character with
// no equal or confusable character on the other side needs a whole edit.
func lowerBound(read []uint8, readMask uint64, typed []uint8, typedMask uint64) float64 {
	a, b := 0, 0
	for _, r := range read {
		if typedMask&partnerMask[r] == 0 {
			a++
		}
	}
	for _, t := range typed {
		if readMask&partnerMask[t] == 0 {
			b++
		}
	}
	return float64(max(a, b))
}

func isCyr(r rune) bool {
	switch {
	case r < 0x400:
		return false
	case r <= 0x52f: // Cyrillic and Cyrillic Supplement, the usual case
		return true
	}
	return unicode.Is(unicode.Cyrillic, r)
}

// noise reports a character that cannot be part of a Russian word and stands
// where a letter was (a broken letter read as a mark).
func noise(r rune) bool {
	return !unicode.IsLetter(r) && r != ' ' && r != '-'
}

// sub returns the cost of reading r where t was typed.
func sub(r, t rune) float64 {
	if r == t {
		return 0
	}
	if c, ok := subCost[pair{r, t}]; ok {
		return c
	}
	if noise(r) && !noise(t) {
		return costNoise
	}
	return costEdit
}

func indel(r rune) float64 {
	switch {
	case r == ' ':
		return costSpace
	case noise(r):
		return costNoise
	}
	return costEdit
}

// distanceLat is the confusion-weighted edit distance from read to typed
// (encoded folded runes), with the OCR alternatives of each read position
// (lc, nil for none) in place of the confusion costs. It gives up and
// returns a value above limit as soon as no alignment can stay within limit.
// Every insertion or deletion is known to cost at least minIndel (costSpace
// in general, 1 when neither text has a mark or a space; lc's deletions
// lower it): the letters still to align then bound the cost from below, and
// the search stops much earlier. rows is scratch space kept by the caller.
func distanceLat(read []uint8, lc *latCodes, typed []uint8, limit, minIndel float64, rows *[]float64) float64 {
	n, m := len(read), len(typed)
	if lc != nil {
		minIndel = math.Min(minIndel, lc.minDel)
	}
	if n == 0 || m == 0 {
		d := 0.0
		for i, r := range read {
			if lc != nil {
				d += lc.del[i]
				continue
			}
			d += indelTab[r]
		}
		for _, r := range typed {
			d += indelTab[r]
		}
		return d
	}
	w := m + 1
	need := (n + 1) * w
	if cap(*rows) < need {
		*rows = make([]float64, need)
	}
	d := (*rows)[:need]
	d[0] = 0
	for j := 1; j <= m; j++ {
		d[j] = d[j-1] + indelTab[typed[j-1]]
	}
	for i := 1; i <= n; i++ {
		ri := read[i-1]
		row := d[i*w : (i+1)*w]
		prev := d[(i-1)*w : i*w]
		del := indelTab[ri]
		subRow := &subTab[ri]
		if lc != nil {
			del, subRow = lc.del[i-1], &lc.rows[i-1]
		}
		row[0] = prev[0] + del
		best := row[0] + float64(abs(n-i-m))*minIndel
		rules := multiTab[ri]
		for j := 1; j <= m; j++ {
			tj := typed[j-1]
			v := prev[j-1] + subRow[tj]
			if x := prev[j] + del; x < v {
				v = x
			}
			if x := row[j-1] + indelTab[tj]; x < v {
				v = x
			}
			if i > 1 && j > 1 && ri == typed[j-2] && read[i-2] == tj && ri != tj {
				if x := d[(i-2)*w+j-2] + 0.8; x < v { // two letters swapped
					v = x
				}
			}
			for _, mr := range rules {
				li, lj := len(mr.read), len(mr.typed)
				if li > i || lj > j || !hasEnd(read[:i], mr.read) || !hasEnd(typed[:j], mr.typed) {
					continue
				}
				if x := d[(i-li)*w+j-lj] + mr.cost; x < v {
					v = x
				}
			}
			row[j] = v
			rest := (n - i) - (m - j)
			if rest < 0 {
				rest = -rest
			}
			if lb := v + float64(rest)*minIndel; lb < best {
				best = lb
			}
		}
		if best > limit {
			return best
		}
	}
	return d[n*w+m]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// hasEnd reports whether s ends with suf (runes or letter codes).
func hasEnd[T comparable](s, suf []T) bool {
	return len(suf) <= len(s) && slices.Equal(s[len(s)-len(suf):], suf)
}
