package correct

import (
	"math"
	"testing"

	"github.com/spravka/spravka/pipeline/page"
)

func TestPlausibility(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	tests := []struct {
		text string
		want float64
	}{
		{"Разуваев сообщили, что 29 марта", 1}, // lexicon, dictionary; the number is skipped
		{"Рабузов сообщили", 8.0 / 15},         // a misreading is not a known word: 8 of 15 letters
		{"сз:бхили м.рта", 0},                  // nothing known
		{"№ 8265 (вх. 29.III.53", 2.0 / 2},     // only «вх» counts; numbers and dates are skipped
		{"", 0},
	}
	for _, tt := range tests {
		got := c.Plausibility(page.FromText(tt.text))
		if math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Plausibility(%q) = %.4f, want %.4f", tt.text, got, tt.want)
		}
	}
}
