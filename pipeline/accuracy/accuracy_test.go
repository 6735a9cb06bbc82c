package accuracy

import "testing"

func TestCER(t *testing.T) {
	tests := []struct {
		name, hyp, ref string
		want           Rate
	}{
		{"identical", "Ким Ир Сен", "Ким Ир Сен", Rate{0, 10}},
		{"whitespace folded", "Ким\n  Ир\tСен\n", "Ким Ир Сен", Rate{0, 10}},
		{"one substitution", "Ким Ир Сенем", "Ким Ир Сеном", Rate{1, 12}},
		{"runes not bytes", "Берил", "Берия", Rate{1, 5}},
		{"insertion and deletion", "Рабузов", "Разуваев", Rate{4, 8}},
		{"empty hypothesis", "", "КНДР", Rate{4, 4}},
		{"empty both", " \n", "", Rate{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CER(tt.hyp, tt.ref); got != tt.want {
				t.Errorf("CER(%q, %q) = %+v, want %+v", tt.hyp, tt.ref, got, tt.want)
			}
		})
	}
}

func TestRateValue(t *testing.T) {
	if v := (Rate{1, 4}).Value(); v != 0.25 {
		t.Errorf("1/4 = %v", v)
	}
	if v := (Rate{0, 0}).Value(); v != 0 {
		t.Errorf("0/0 = %v, want 0", v)
	}
	if v := (Rate{3, 0}).Value(); v != 1 {
		t.Errorf("3/0 = %v, want 1", v)
	}
	if s := (Rate{1, 4}).Add(Rate{2, 6}); s != (Rate{3, 10}) {
		t.Errorf("sum = %+v", s)
	}
}

func TestWER(t *testing.T) {
	tests := []struct {
		hyp, ref string
		want     Rate
	}{
		{"договорились с Ким Ир Сенем, что", "договорились с Ким Ир Сеном, что", Rate{1, 6}},
		{"КимИр Сен", "Ким Ир Сен", Rate{2, 3}},
		{"a b c", "a b c", Rate{0, 3}},
	}
	for _, tt := range tests {
		if got := WER(tt.hyp, tt.ref); got != tt.want {
			t.Errorf("WER(%q, %q) = %+v, want %+v", tt.hyp, tt.ref, got, tt.want)
		}
	}
}

func TestWordChanges(t *testing.T) {
	ref := "т. т. Кузнецов, Разуваев и Федоренко сообщили"
	raw := "т. т. Кузнецов, Рабузов и Федоренко сообщнли"
	tests := []struct {
		name, corrected string
		want            Changes
	}{
		{"nothing done", raw, Changes{0, 0, 5, 5, 7}},
		{"two fixed", ref, Changes{2, 0, 5, 7, 7}},
		{"one fixed one broken", "т. т. Кузнецова, Разуваев и Федоренко сообщнли", Changes{1, 1, 5, 5, 7}},
		{"a dropped word breaks it", "т. т. Кузнецов, Рабузов Федоренко сообщнли", Changes{0, 1, 5, 4, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WordChanges(raw, tt.corrected, ref); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestWordChangesLetters pins what a word is: compared by its letters and
// digits, edge marks stripped, words of marks only dropped, inner marks kept.
func TestWordChangesLetters(t *testing.T) {
	tests := []struct {
		name, raw, corrected, ref string
		want                      Changes
	}{
		{"a detached comma is a right word", "работали групами , как", "работали групами , как", "работали групами, как",
			Changes{RightBefore: 3, RightAfter: 3, Words: 3}},
		{"a word broken behind a detached comma is broken", "работали групами , как", "работали трупами , как", "работали групами, как",
			Changes{Broken: 1, RightBefore: 3, RightAfter: 2, Words: 3}},
		{"a word broken behind its comma is broken", "работали групами, как", "работали трупами, как", "работали групами, как",
			Changes{Broken: 1, RightBefore: 3, RightAfter: 2, Words: 3}},
		{"a stray mark is no word error", "на 'Серовской улице", "на Саровской улице", "на Серовской улице",
			Changes{Broken: 1, RightBefore: 3, RightAfter: 2, Words: 3}},
		{"a stray mark removed fixes nothing", "на 'Серовской улице", "на Серовской улице", "на Серовской улице",
			Changes{RightBefore: 3, RightAfter: 3, Words: 3}},
		{"a word of marks only is no word", "Ким — Ир", "Ким Ир", "Ким — Ир",
			Changes{RightBefore: 2, RightAfter: 2, Words: 2}},
		{"an inner hyphen stays", "кое где", "кое-где", "кое-где",
			Changes{Fixed: 1, RightAfter: 1, Words: 1}},
		{"an inner hyphen lost breaks the word", "кое-где", "коегде", "кое-где",
			Changes{Broken: 1, RightBefore: 1, Words: 1}},
		{"a number after №", "№ З59 от 53г.", "№ 359 от 53г.", "№ 359 от 53г.",
			Changes{Fixed: 1, RightBefore: 2, RightAfter: 3, Words: 3}},
		{"initials keep their inner dot", "т. И.Д., ИД.", "т. ИАД., И.Д.", "т. И.Д., И.Д.",
			Changes{Fixed: 1, Broken: 1, RightBefore: 2, RightAfter: 2, Words: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WordChanges(tt.raw, tt.corrected, tt.ref); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestTokenRecall(t *testing.T) {
	names := map[string]bool{"Малика": true, "Нам": true, "Ира": true}
	right, total := TokenRecall("до приезда Каллины, о назначении Нам Ира.", "до приезда Малика, о назначении Нам Ира.", func(w string) bool { return names[w] })
	if right != 2 || total != 3 {
		t.Errorf("TokenRecall = %d/%d, want 2/3", right, total)
	}
}

func BenchmarkCERPage(b *testing.B) {
	ref := ""
	for len([]rune(ref)) < 2000 {
		ref += "Во время второй встречи 29 марта Ким Ир Сен вновь заявил, что он полностью согласен. "
	}
	hyp := []rune(ref)
	for i := 0; i < len(hyp); i += 17 {
		hyp[i] = 'х'
	}
	b.ResetTimer()
	for b.Loop() {
		CER(string(hyp), ref)
	}
}

func TestWordChangesWith(t *testing.T) {
	ref := "Москва.\nКремль, т. Молотову"
	raw := "МОСКВА. Кремль т. Молотову"
	cor := "Москва.\nКремль т. Молотову"
	tests := []struct {
		name string
		n    Normalize
		want Changes
	}{
		// the case of Москва is fixed; Кремль without its comma is right
		{"default", Normalize{}, Changes{Fixed: 1, RightBefore: 3, RightAfter: 4, Words: 4}},
		// case folded, Москва was right already
		{"case folded", Normalize{FoldCase: true}, Changes{RightBefore: 4, RightAfter: 4, Words: 4}},
		// punctuation dropped too: every word right before and after
		{"case and punctuation", Normalize{FoldCase: true, IgnorePunct: true}, Changes{RightBefore: 4, RightAfter: 4, Words: 4}},
		// a line break is not a word to fix
		{"line breaks kept", Normalize{KeepLines: true}, Changes{Fixed: 1, RightBefore: 3, RightAfter: 4, Words: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WordChangesWith(raw, cor, ref, tt.n); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
