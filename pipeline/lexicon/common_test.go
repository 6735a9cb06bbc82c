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
