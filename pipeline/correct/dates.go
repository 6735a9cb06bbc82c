package correct

import (
	"regexp"

	"github.com/spravka/spravka/pipeline/page"
)

// Soviet documents write the month of a date as a Roman numeral
// («29. III. 53г.», «14.XI.52», «Отпеч. 29. III. 22-15»), and OCR reads its
// strokes as the Cyrillic or Latin letters they resemble: ТТТ, ПТ, ШТ, Г, УТТ,
// ХТ. Between a day and a year or a time the slot can only be a month, so a
// slot spelled wholly in such look-alikes is read back as the Roman numeral
// they make. A slot of digits only stays (23.11.53 is a date in Arabic
// numerals too), and so does a slot that makes no month from I to XII.

// romanReadings lists what each look-alike may stand for, the likelier
// reading first (Ш is three strokes, and also two under a bar).
var romanReadings = map[rune][]string{
	'I': {"I"}, 'l': {"I"}, '1': {"I"}, '|': {"I"}, 'і': {"I"}, 'І': {"I"}, 'Т': {"I"}, 'т': {"I"}, 'T': {"I"},
	'Г': {"I"}, 'г': {"I"}, '!': {"I"}, ':': {"I"}, ';': {"I"},
	'П': {"II"}, 'п': {"II"}, 'Ш': {"III", "II"}, 'ш': {"III", "II"},
	'V': {"V"}, 'v': {"V"}, 'У': {"V"}, 'у': {"V"}, 'Y': {"V"},
	'X': {"X"}, 'x': {"X"}, 'Х': {"X"}, 'х': {"X"},
}

var romanMonths = map[string]bool{"I": true, "II": true, "III": true, "IV": true, "V": true, "VI": true,
	"VII": true, "VIII": true, "IX": true, "X": true, "XI": true, "XII": true}

// romanMonth reads a month slot written in look-alikes as a Roman numeral.
// ok is false when the slot is empty, already Roman, digits only, has a
// character that is no look-alike, or makes no month.
func romanMonth(slot string) (string, bool) {
	if slot == "" || romanMonths[slot] {
		return "", false
	}
	digits := true
	for _, r := range slot {
		if r < '0' || r > '9' {
			digits = false
		}
	}
	if digits {
		return "", false
	}
	outs := []string{""}
	for _, r := range slot {
		reads, ok := romanReadings[r]
		if !ok {
			return "", false
		}
		var next []string
		for _, o := range outs {
			for _, x := range reads {
				if len(o)+len(x) <= 4 {
					next = append(next, o+x)
				}
			}
		}
		outs = next
	}
	for _, o := range outs {
		if romanMonths[o] {
			return o, true
		}
	}
	return "", false
}

var (
	// a day may carry a speck before it or a second stop («'29.», «2..»);
	// a year's «г» may be read as a mark («53».»)
	dayRe      = regexp.MustCompile(`^[^0-9\pL]?\(?([0-9]{1,2})[.:]{1,2}$`)
	afterRe    = regexp.MustCompile(`^([0-9]{2}|[0-9]{4})(г|г\.|\.|[^0-9\pL\s]\.)?[.,;:)]*$|^[0-9]{1,2}[-.:][0-9]{2}[.,;:)]*$`)
	oneTokenRe = regexp.MustCompile(`^(\(?[0-9]{1,2}[.:])([^.\s]+)(\.)((?:[0-9]{2}|[0-9]{4})(?:г\.?)?[.,;:)]*)?$`)
	slotRe     = regexp.MustCompile(`^([^.\s]+)(\.?)$`)
)

// ruleRomanMonth proposes the Roman numeral for a month read as letters
// between a day and a year or a time; an applied repair protects the word
// from the rules after.
var ruleRomanMonth = &Rule{
	Name: "roman-month", Kind: page.RuleHomoglyph, normalises: true,
	Doc: "a month slot of a date read as letters (29. ТТТ. 53г.) is the Roman numeral they make (III)",
	run: func(p *pass) {
		toks := p.v.toks
		for _, f := range romanDates(toks) {
			i := f.at
			from := toks[i].raw
			pr := proposal{toks: toks, first: i, n: 1, nRunes: len([]rune(f.to)), cands: []candidate{{text: f.to, texts: []string{f.to},
				group: "script", rule: page.RuleHomoglyph,
				desc: "a Roman month read as letters in a date (" + f.why + "): " + from + " → " + f.to}}}
			if ch, ok := p.offer(pr); ok && ch.applied {
				t := &toks[i]
				t.raw = f.to
				t.lead, t.core, t.trail = splitEdges(f.to)
				t.protected = true
			}
		}
	},
}

// romanFix is a month slot to read as a Roman numeral: token at becomes to.
type romanFix struct {
	at      int
	to, why string
}

// romanDates finds the Roman months read as letters in dates.
func romanDates(toks []token) []romanFix {
	var out []romanFix
	fix := func(i int, to, why string) { out = append(out, romanFix{i, to, why}) }
	for i := range toks {
		raw := toks[i].raw
		// «28.УТТ.52», «12.ХТ.», «29.ТТТ.» followed by «53г.»
		// (a slot of strokes «1:1.» reads as «1:» «1.» too: when the one
		// token makes no date, it is tried as the slot between two)
		if m := oneTokenRe.FindStringSubmatch(raw); m != nil {
			month, ok := romanMonth(m[2])
			if ok && (m[4] != "" || i+1 < len(toks) && afterRe.MatchString(toks[i+1].raw)) {
				fix(i, m[1]+month+m[3]+m[4], "day, month, year or time")
				continue
			}
		}
		// «29.» «ТТТ.» «53г.»
		if i == 0 || i+1 >= len(toks) || !dayRe.MatchString(toks[i-1].raw) || !afterRe.MatchString(toks[i+1].raw) {
			continue
		}
		m := slotRe.FindStringSubmatch(raw)
		if m == nil {
			continue
		}
		if month, ok := romanMonth(m[1]); ok {
			fix(i, month+m[2], "between a day and a year or a time")
		}
	}
	return out
}
