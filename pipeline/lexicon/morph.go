package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case is a set of grammatical slots a form fills: one bit per case, number
// and gender slot (a form such as «Разуваева» fills genitive and accusative
// singular and the feminine nominative). Zero means unknown (an explicit form).
type Case uint32

// The six Russian cases.
const (
	Nom = iota
	Gen
	Dat
	Acc
	Ins
	Loc
	numCases
)

// Slot layout: singular (masculine or the word's own gender), plural, feminine singular.
const (
	sg   = 0
	pl   = numCases
	fem  = 2 * numCases
	nkey = 3 * numCases
)

// CaseNames are the short names of the cases, for reasons and tests.
var CaseNames = [numCases]string{"nom", "gen", "dat", "acc", "ins", "loc"}

// Has reports whether the form fills case c (Nom..Loc) in any number or gender.
func (c Case) Has(cs int) bool {
	return c&(1<<(sg+cs)) != 0 || c&(1<<(pl+cs)) != 0 || c&(1<<(fem+cs)) != 0
}

// IsBase reports whether the form is a nominative (singular, plural or feminine).
func (c Case) IsBase() bool { return c.Has(Nom) }

func (c Case) String() string {
	if c == 0 {
		return "form"
	}
	var parts []string
	for cs := range numCases {
		if c.Has(cs) {
			parts = append(parts, CaseNames[cs])
		}
	}
	return strings.Join(parts, "/")
}

// paradigm holds the forms of one word by slot; a nil paradigm means the word
// does not change (indeclinable): the same text in every slot.
type paradigm [nkey][]string

func (p *paradigm) add(key int, forms ...string) {
	for _, f := range forms {
		if f != "" && !contains(p[key], f) {
			p[key] = append(p[key], f)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// formCase is a generated form with the slots it fills.
type formCase struct {
	text string
	cs   Case
}

const (
	vowels     = "аеёиоуыэюя"
	hushing    = "жшчщ"
	velars     = "гкх"
	softSign   = 'ь'
	shortI     = 'й'
	hardSuffix = "ц"
)

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.ToLower(r)
}

func cut(s string, n int) string {
	for range n {
		_, k := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-k]
	}
	return s
}

func hasSuffix(s string, suf ...string) bool {
	l := strings.ToLower(s)
	for _, x := range suf {
		if strings.HasSuffix(l, x) {
			return true
		}
	}
	return false
}

// after hushing consonants and ц an unstressed ending is spelled е, not о;
// stress is unknown, so both spellings are generated where they differ.
func oOrE(stem string, o, e string) []string {
	if strings.ContainsRune(hushing+"ц", lastRune(stem)) {
		return []string{stem + o, stem + e}
	}
	return []string{stem + o}
}

// yOrI spells ы as и after velars and hushing consonants.
func yOrI(stem string) string {
	if strings.ContainsRune(velars+hushing, lastRune(stem)) {
		return stem + "и"
	}
	return stem + "ы"
}

// indeclinableSurname reports surnames that do not change in Russian.
func indeclinableSurname(w string) bool {
	if hasSuffix(w, "ко", "их", "ых", "аго", "яго") {
		return true
	}
	r := lastRune(w)
	return strings.ContainsRune("оеиуюэы", r) || !unicode.IsLetter(r)
}

// surname returns the paradigm of a Russian surname or personal name,
// masculine unless female.
func surname(w string, female bool) *paradigm {
	if indeclinableSurname(w) || strings.HasSuffix(w, ".") {
		return nil
	}
	p := &paradigm{}
	switch {
	case hasSuffix(w, "ский", "цкий", "ской", "цкой", "ый", "ий") || hasSuffix(w, "ой") && utf8.RuneCountInString(w) > 4:
		if female {
			return nil
		}
		adjective(p, w)
		p[sg+Nom], p[sg+Acc] = []string{w}, p[sg+Gen] // a surname has no neuter
		return p
	case hasSuffix(w, "ская", "цкая", "ая", "яя"):
		adjective(p, w)
		return p
	case female && hasSuffix(w, "ова", "ева", "ёва", "ина", "ына"):
		s := cut(w, 1)
		p.add(fem+Nom, w)
		p.add(fem+Gen, s+"ой")
		p.add(fem+Dat, s+"ой")
		p.add(fem+Acc, s+"у")
		p.add(fem+Ins, s+"ой")
		p.add(fem+Loc, s+"ой")
		return p
	case hasSuffix(w, "ов", "ев", "ёв", "ин", "ын"):
		p.add(sg+Nom, w)
		p.add(sg+Gen, w+"а")
		p.add(sg+Dat, w+"у")
		p.add(sg+Acc, w+"а")
		p.add(sg+Ins, w+"ым")
		p.add(sg+Loc, w+"е")
		p.add(fem+Nom, w+"а")
		p.add(fem+Gen, w+"ой")
		p.add(fem+Dat, w+"ой")
		p.add(fem+Acc, w+"у")
		p.add(fem+Ins, w+"ой")
		p.add(fem+Loc, w+"ой")
		p.add(pl+Nom, w+"ы")
		p.add(pl+Gen, w+"ых")
		p.add(pl+Dat, w+"ым")
		p.add(pl+Acc, w+"ых")
		p.add(pl+Ins, w+"ыми")
		p.add(pl+Loc, w+"ых")
		return p
	case hasSuffix(w, "а", "я"):
		noun1(p, w)
		return p
	case female:
		return nil // a woman's surname ending in a consonant does not change
	}
	switch lastRune(w) {
	case softSign, shortI:
		s := cut(w, 1)
		p.add(sg+Nom, w)
		p.add(sg+Gen, s+"я")
		p.add(sg+Dat, s+"ю")
		p.add(sg+Acc, s+"я")
		p.add(sg+Ins, s+"ем")
		p.add(sg+Loc, s+"е")
	default:
		p.add(sg+Nom, w)
		p.add(sg+Gen, w+"а")
		p.add(sg+Dat, w+"у")
		p.add(sg+Acc, w+"а")
		p.add(sg+Ins, insHard(w, true))
		p.add(sg+Loc, w+"е")
	}
	return p
}

// insHard is the instrumental singular of a noun ending in a hard or hushing
// consonant or ц. After ж, ш, ч, щ and ц the unstressed ending is spelled -ем
// (Кагановичем, Парижем); names are rarely stressed on the ending, so a name
// gets -ем only, a common noun -ом (ножом, отцом: stressed) unless unstressed
// is the only choice of its kind.
func insHard(w string, name bool) string {
	if name && strings.ContainsRune(hushing+"ц", lastRune(w)) {
		return w + "ем"
	}
	return w + "ом"
}

// noun1 fills the singular of a noun in -а/-я (first declension).
func noun1(p *paradigm, w string) {
	s := cut(w, 1)
	p.add(sg+Nom, w)
	if hasSuffix(w, "ия") {
		p.add(sg+Gen, s+"и")
		p.add(sg+Dat, s+"и")
		p.add(sg+Acc, s+"ю")
		p.add(sg+Ins, s+"ей")
		p.add(sg+Loc, s+"и")
		return
	}
	if lastRune(w) == 'я' {
		p.add(sg+Gen, s+"и")
		p.add(sg+Dat, s+"е")
		p.add(sg+Acc, s+"ю")
		p.add(sg+Ins, s+"ей")
		p.add(sg+Loc, s+"е")
		return
	}
	p.add(sg+Gen, yOrI(s))
	p.add(sg+Dat, s+"е")
	p.add(sg+Acc, s+"у")
	p.add(sg+Ins, oOrE(s, "ой", "ей")...)
	p.add(sg+Loc, s+"е")
}

// zeroGenitive returns the genitive plural of a noun in -а or -о with the
// zero ending (шифртелеграмма → шифртелеграмм, дело → дел) when it needs no
// inserted vowel: its stem ends in one consonant after a vowel, or in a
// doubled consonant. Other stems (марка → марок, письмо → писем) get none.
func zeroGenitive(stem string) (string, bool) {
	rs := []rune(strings.ToLower(stem))
	if len(rs) < 3 {
		return "", false
	}
	last, prev := rs[len(rs)-1], rs[len(rs)-2]
	consonant := func(r rune) bool {
		return unicode.IsLetter(r) && !strings.ContainsRune("аеёиоуыэюяйьъ", r)
	}
	if !consonant(last) {
		return "", false
	}
	if strings.ContainsRune("аеёиоуыэюя", prev) || prev == last {
		return stem, true
	}
	return "", false
}

// noun returns the paradigm of a common noun or place name from its ending.
// Place names ending in -о/-е/-и/-у/-ю are foreign and do not change.
func noun(w string, place bool) *paradigm {
	r := lastRune(w)
	if !unicode.IsLetter(r) || strings.HasSuffix(w, ".") {
		return nil
	}
	if strings.ContainsRune("иуюэы", r) || (place && strings.ContainsRune("ое", r)) {
		return nil
	}
	if isAdjective(w) && !hasSuffix(w, "ие") {
		p := &paradigm{}
		adjective(p, w)
		return p
	}
	p := &paradigm{}
	switch {
	case r == 'а' || r == 'я':
		noun1(p, w)
		s := cut(w, 1)
		if r == 'а' {
			p.add(pl+Nom, yOrI(s))
			if g, ok := zeroGenitive(s); ok {
				p.add(pl+Gen, g)
			}
			p.add(pl+Dat, s+"ам")
			p.add(pl+Ins, s+"ами")
			p.add(pl+Loc, s+"ах")
		} else {
			p.add(pl+Nom, s+"и")
			p.add(pl+Dat, s+"ям")
			p.add(pl+Ins, s+"ями")
			p.add(pl+Loc, s+"ях")
		}
	case r == 'о':
		s := cut(w, 1)
		p.add(sg+Nom, w)
		p.add(sg+Gen, s+"а")
		p.add(sg+Dat, s+"у")
		p.add(sg+Acc, w)
		p.add(sg+Ins, s+"ом")
		p.add(sg+Loc, s+"е")
		p.add(pl+Nom, s+"а")
		if g, ok := zeroGenitive(s); ok {
			p.add(pl+Gen, g)
		}
		p.add(pl+Dat, s+"ам")
		p.add(pl+Ins, s+"ами")
		p.add(pl+Loc, s+"ах")
	case r == 'е':
		s := cut(w, 1)
		p.add(sg+Nom, w)
		p.add(sg+Gen, s+"я")
		p.add(sg+Dat, s+"ю")
		p.add(sg+Acc, w)
		p.add(sg+Ins, s+"ем")
		if hasSuffix(w, "ие") {
			p.add(sg+Loc, s+"и")
		} else {
			p.add(sg+Loc, s+"е")
		}
		p.add(pl+Nom, s+"я")
		p.add(pl+Dat, s+"ям")
		p.add(pl+Ins, s+"ями")
		p.add(pl+Loc, s+"ях")
	case r == shortI:
		s := cut(w, 1)
		p.add(sg+Nom, w)
		p.add(sg+Gen, s+"я")
		p.add(sg+Dat, s+"ю")
		p.add(sg+Acc, w)
		p.add(sg+Ins, s+"ем")
		p.add(sg+Loc, s+"е")
		p.add(pl+Nom, s+"и")
		p.add(pl+Gen, s+"ев")
		p.add(pl+Dat, s+"ям")
		p.add(pl+Ins, s+"ями")
		p.add(pl+Loc, s+"ях")
	case r == softSign:
		// masculine (Кремль) or feminine (Сибирь): the ending does not tell, give both.
		s := cut(w, 1)
		p.add(sg+Nom, w)
		p.add(sg+Gen, s+"я", s+"и")
		p.add(sg+Dat, s+"ю", s+"и")
		p.add(sg+Acc, w)
		p.add(sg+Ins, s+"ем", w+"ю")
		p.add(sg+Loc, s+"е", s+"и")
		p.add(pl+Nom, s+"и")
		p.add(pl+Gen, s+"ей")
		p.add(pl+Dat, s+"ям")
		p.add(pl+Ins, s+"ями")
		p.add(pl+Loc, s+"ях")
	case strings.ContainsRune(vowels, r):
		return nil
	default: // a hard or hushing consonant: masculine second declension
		p.add(sg+Nom, w)
		p.add(sg+Gen, w+"а")
		p.add(sg+Dat, w+"у")
		p.add(sg+Acc, w)
		if place {
			p.add(sg+Ins, insHard(w, true))
		} else {
			p.add(sg+Ins, oOrE(w, "ом", "ем")...)
		}
		p.add(sg+Loc, w+"е")
		p.add(pl+Nom, yOrI(w))
		switch {
		case strings.ContainsRune(hushing, r):
			p.add(pl+Gen, w+"ей")
		case r == 'ц':
			p.add(pl+Gen, w+"ев", w+"ов")
		default:
			p.add(pl+Gen, w+"ов")
		}
		p.add(pl+Dat, w+"ам")
		p.add(pl+Ins, w+"ами")
		p.add(pl+Loc, w+"ах")
	}
	return p
}

// pluralNoun returns the paradigm of a plural-only noun (-ы/-и).
func pluralNoun(w string) *paradigm {
	if !hasSuffix(w, "ы", "и") {
		return nil
	}
	s := cut(w, 1)
	p := &paradigm{}
	p.add(pl+Nom, w)
	last := lastRune(s)
	switch {
	case lastRune(w) == 'ы' && last == 'ц':
		p.add(pl+Gen, s+"ев") // лисынмановцы → лисынмановцев
	case lastRune(w) == 'ы' || strings.ContainsRune(velars, last):
		p.add(pl+Gen, s+"ов") // переговоры → переговоров
	default:
		p.add(pl+Gen, s+"ей") // after a soft or hushing consonant
	}
	p.add(pl+Dat, s+"ам")
	p.add(pl+Acc, w)
	p.add(pl+Ins, s+"ами")
	p.add(pl+Loc, s+"ах")
	return p
}

// isAdjective reports whether w has a full adjective ending.
func isAdjective(w string) bool {
	return hasSuffix(w, "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие") && utf8.RuneCountInString(w) > 3
}

// adjective fills the paradigm of an adjective (or adjectival noun or
// surname). Its own ending gives the gender of the singular slots; all
// genders and the plural are generated when the word is masculine.
func adjective(p *paradigm, w string) {
	l := strings.ToLower(w)
	var stem string
	var gender byte // m, f, n, p
	switch {
	case strings.HasSuffix(l, "ый"), strings.HasSuffix(l, "ий"), strings.HasSuffix(l, "ой"):
		stem, gender = cut(w, 2), 'm'
	case strings.HasSuffix(l, "ая"), strings.HasSuffix(l, "яя"):
		stem, gender = cut(w, 2), 'f'
	case strings.HasSuffix(l, "ое"), strings.HasSuffix(l, "ее"):
		stem, gender = cut(w, 2), 'n'
	case strings.HasSuffix(l, "ые"), strings.HasSuffix(l, "ие"):
		stem, gender = cut(w, 2), 'p'
	default:
		return
	}
	last := lastRune(stem)
	soft := strings.HasSuffix(l, "ний") || strings.HasSuffix(l, "няя") || strings.HasSuffix(l, "нее") && !strings.HasSuffix(l, "ное")
	hush := strings.ContainsRune(hushing+"ц", last)
	velar := strings.ContainsRune(velars, last)
	y := "ы"
	if soft || hush || velar {
		y = "и"
	}
	o := "о"
	if soft {
		o = "е"
	}
	a, u := "а", "у"
	if soft {
		a, u = "я", "ю"
	}
	mNom := stem + y + "й"
	if strings.HasSuffix(l, "ой") {
		mNom = w
	}
	oGen := []string{stem + o + "го"}
	oDat := []string{stem + o + "му"}
	oLoc := []string{stem + o + "м"}
	fOblique := []string{stem + o + "й"}
	nNom := []string{stem + o + "е"}
	if hush && !soft {
		// unstressed -его/-ему/-ем/-ей/-ее after hushing consonants (общего), stressed -о- (большого)
		oGen = append(oGen, stem+"его")
		oDat = append(oDat, stem+"ему")
		oLoc = append(oLoc, stem+"ем")
		fOblique = append(fOblique, stem+"ей")
		nNom = append(nNom, stem+"ее")
	}
	masc := func(base int) {
		p.add(base+Nom, mNom)
		p.add(base+Gen, oGen...)
		p.add(base+Dat, oDat...)
		p.add(base+Acc, mNom)
		p.add(base+Acc, oGen...)
		p.add(base+Ins, stem+y+"м")
		p.add(base+Loc, oLoc...)
	}
	feminine := func(base int) {
		p.add(base+Nom, stem+a+"я")
		p.add(base+Gen, fOblique...)
		p.add(base+Dat, fOblique...)
		p.add(base+Acc, stem+u+"ю")
		p.add(base+Ins, fOblique...)
		p.add(base+Loc, fOblique...)
	}
	plural := func() {
		p.add(pl+Nom, stem+y+"е")
		p.add(pl+Gen, stem+y+"х")
		p.add(pl+Dat, stem+y+"м")
		p.add(pl+Acc, stem+y+"е", stem+y+"х")
		p.add(pl+Ins, stem+y+"ми")
		p.add(pl+Loc, stem+y+"х")
	}
	switch gender {
	case 'm':
		masc(sg)
		feminine(fem)
		plural()
		// neuter forms differ from the masculine only in Nom/Acc
		p.add(sg+Nom, nNom...)
		p.add(sg+Acc, nNom...)
	case 'f':
		feminine(sg)
	case 'n':
		masc(sg)
		p[sg+Nom], p[sg+Acc] = nil, nil
		p.add(sg+Nom, nNom...)
		p.add(sg+Acc, nNom...)
	case 'p':
		plural()
	}
}

// declineWords combines the paradigms of the words of a multi-word term:
// slot by slot, nil paradigms (fixed words) standing unchanged.
func declineWords(words []string, paras []*paradigm) []formCase {
	var out []formCase
	seen := map[string]int{}
	emit := func(text string, key int) {
		if i, ok := seen[text]; ok {
			out[i].cs |= 1 << key
			return
		}
		seen[text] = len(out)
		out = append(out, formCase{text, 1 << key})
	}
	base := strings.Join(words, " ")
	emit(base, sg+Nom)
	for key := range nkey {
		alts := [][]string{}
		ok, changes := true, false
		for i, w := range words {
			if paras[i] == nil {
				alts = append(alts, []string{w})
				continue
			}
			changes = true
			if len(paras[i][key]) == 0 {
				ok = false
				break
			}
			alts = append(alts, paras[i][key])
		}
		if !ok || !changes {
			continue
		}
		for _, combo := range product(alts) {
			emit(strings.Join(combo, " "), key)
		}
	}
	return out
}

func product(alts [][]string) [][]string {
	out := [][]string{nil}
	for _, a := range alts {
		var next [][]string
		for _, prefix := range out {
			for _, x := range a {
				next = append(next, append(append([]string(nil), prefix...), x))
			}
		}
		out = next
	}
	return out
}

// generate returns the forms of a term from its kind and the forms column.
// The term itself comes first.
func generate(term string, kind Kind, spec string) []formCase {
	words := strings.Fields(term)
	mode := strings.ToLower(strings.TrimSpace(spec))
	var extra []string
	switch mode {
	case "", "indecl", "f", "m", "adj", "pl":
	default:
		list := spec
		if strings.HasPrefix(list, "=") {
			list = list[1:]
			mode = "replace"
		} else {
			mode = ""
		}
		for _, f := range strings.Split(list, ";") {
			if f = normSpace(f); f != "" {
				extra = append(extra, f)
			}
		}
	}
	var forms []formCase
	switch {
	case mode == "replace":
		forms = []formCase{{term, 1 << (sg + Nom)}}
		// explicit forms take their cases from the automatic ones they coincide with
		auto := generate(term, kind, "")
		for _, f := range extra {
			cs := Case(0)
			for _, a := range auto {
				if a.text == f {
					cs = a.cs
				}
			}
			if f == term {
				forms[0].cs |= cs
				continue
			}
			forms = append(forms, formCase{f, cs})
		}
		return forms
	case mode == "indecl", kind == Abbreviation, kind == Formula:
		forms = []formCase{{term, 1 << (sg + Nom)}}
	default:
		paras := make([]*paradigm, len(words))
		switch {
		case mode == "adj" && kind == Person:
			for i, w := range words {
				if !isInitial(w) {
					paras[i] = surname(w, false)
				}
			}
		case mode == "adj":
			for i, w := range words {
				if isAdjective(w) || i == len(words)-1 {
					p := &paradigm{}
					adjective(p, w)
					paras[i] = p
				}
			}
		case mode == "pl":
			paras[len(words)-1] = pluralNoun(words[len(words)-1])
		case kind == Person:
			asian := false
			for _, w := range words[:len(words)-1] {
				if asianSyllable(w) {
					asian = true
				}
			}
			for i, w := range words {
				switch {
				case asian && i < len(words)-1, isInitial(w):
				case asian:
					paras[i] = asianName(w)
				default:
					// -ова, -ева, -ина: a woman's surname unless the row says m
					female := mode == "f" || mode != "m" && hasSuffix(w, "ова", "ева", "ёва", "ина", "ына") && utf8.RuneCountInString(w) > 4
					paras[i] = surname(w, female)
				}
			}
		default: // place, organisation, term: leading adjectives and the first noun decline
			for i, w := range words {
				if isAllUpper(w) || !isWord(w) {
					break
				}
				if isAdjective(w) && !(i == len(words)-1 && hasSuffix(w, "ие")) {
					p := &paradigm{}
					adjective(p, w)
					paras[i] = p
					continue
				}
				paras[i] = noun(w, kind == Place)
				break
			}
			if kind != Term {
				// names of places and organisations are singular
				for _, p := range paras {
					if p != nil {
						for k := pl; k < pl+numCases; k++ {
							p[k] = nil
						}
					}
				}
			}
		}
		forms = declineWords(words, paras)
	}
	for _, f := range extra {
		dup := false
		for _, g := range forms {
			if g.text == f {
				dup = true
			}
		}
		if !dup {
			forms = append(forms, formCase{f, 0})
		}
	}
	return forms
}

// asianSyllable reports a leading part of a Korean or Chinese name as Soviet
// documents spelled it: short (Ким, Нам, Мао, Дэн), or with the letters of
// the Palladius transcription that Russian names do not have (Чэнь, Чжан,
// Линь, Цзян).
func asianSyllable(w string) bool {
	n := utf8.RuneCountInString(w)
	if n <= 3 {
		return true
	}
	l := strings.ToLower(w)
	return n <= 5 && (strings.ContainsRune(l, 'э') || strings.HasSuffix(l, "нь") ||
		strings.HasPrefix(l, "чж") || strings.HasPrefix(l, "цз") || strings.HasPrefix(l, "сю") || strings.HasPrefix(l, "ся"))
}

// asianName is the paradigm of the last part of a Korean or Chinese name: a
// vowel-final part does not change (Дэн Хуа, Линь Бяо); any other declines
// as a masculine noun, never as a Russian -ин/-ов surname (Дэн Сяопином,
// Чэнь Юнем, Пэн Дэхуаем).
func asianName(w string) *paradigm {
	r := lastRune(w)
	if !unicode.IsLetter(r) || strings.ContainsRune(vowels, r) {
		return nil
	}
	p := &paradigm{}
	p.add(sg+Nom, w)
	if r == softSign || r == shortI {
		s := cut(w, 1)
		p.add(sg+Gen, s+"я")
		p.add(sg+Dat, s+"ю")
		p.add(sg+Acc, s+"я")
		p.add(sg+Ins, s+"ем")
		p.add(sg+Loc, s+"е")
		return p
	}
	p.add(sg+Gen, w+"а")
	p.add(sg+Dat, w+"у")
	p.add(sg+Acc, w+"а")
	p.add(sg+Ins, insHard(w, true))
	p.add(sg+Loc, w+"е")
	return p
}

func isInitial(w string) bool {
	return strings.HasSuffix(w, ".") && utf8.RuneCountInString(w) <= 3
}

func isAllUpper(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n > 1
}

func isWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' {
			return false
		}
	}
	return true
}
