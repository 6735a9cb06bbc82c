package lexicon

import (
	"testing"
)

func TestCommonWords(t *testing.T) {
	w, err := Common()
	if err != nil {
		t.Fatal(err)
	}
	if w.Len() < 100_000 {
		t.Fatalf("%d common words, want the whole list", w.Len())
	}
	for _, word := range []string{"заявил", "находящихся", "представитель", "кисловодск", "переговорах"} {
		if !w.Has(word) {
			t.Errorf("%s is not a common word", word)
		}
	}
	for _, word := range []string{"заязил", "докумен", "ских", "коментировать", "Заявил"} {
		if w.Has(word) {
			t.Errorf("%s is a common word", word)
		}
	}
	// the character model: Russian spelling is likelier than OCR's
	for _, p := range [][2]string{{"заявил", "заязил"}, {"дальнейшую", "дальзейшую"}, {"относительно", "отнрсительно"}, {"исповедальной", "ипсоведальной"}} {
		if a, b := w.LogProb(p[0]), w.LogProb(p[1]); a <= b {
			t.Errorf("LogProb(%s) = %.2f ≤ LogProb(%s) = %.2f", p[0], a, p[1], b)
		}
	}
	if a, b := w.LogProb("заявил"), w.LogProb("заявил"); a != b {
		t.Error("LogProb is not deterministic")
	}
}

func BenchmarkLogProb(b *testing.B) {
	w, err := Common()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		w.LogProb("дальнейшую")
	}
}

func TestBegins(t *testing.T) {
	w := NewWords([]string{"научный", "научно", "наука", "сложить"})
	for _, tc := range []struct {
		prefix string
		want   bool
	}{
		{"научн", true},
		{"наук", true},
		{"наука", false}, // the word itself is no longer word
		{"сложн", false},
		{"научный", false},
		{"нб", false},
	} {
		if got := w.Begins(tc.prefix); got != tc.want {
			t.Errorf("Begins(%q) = %v, want %v", tc.prefix, got, tc.want)
		}
	}
}
