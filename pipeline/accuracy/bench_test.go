package accuracy

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// benchText returns about n characters of Russian typewritten prose: the
// words of the telegram in a random order (fixed seed), in lines of about 60
// characters, so that no long stretch repeats.
func benchText(tb testing.TB, n int) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/telegram-1953-03-29.gt.txt")
	if err != nil {
		tb.Fatal(err)
	}
	words := strings.Fields(string(b))
	rng := rand.New(rand.NewPCG(7, 7))
	var sb strings.Builder
	line, total := 0, 0
	for total < n {
		w := words[rng.IntN(len(words))]
		sep := " "
		if line > 60 {
			sep, line = "\n", 0
		}
		sb.WriteString(sep)
		sb.WriteString(w)
		c := utf8.RuneCountInString(w) + 1
		line, total = line+c, total+c
	}
	return sb.String()[1:]
}

// confusions are pairs of letters a typewritten page is often read as each other.
var confusions = map[rune][]rune{
	'и': {'н', 'п', 'й'}, 'н': {'и', 'п'}, 'п': {'н', 'и'}, 'л': {'д', 'п'}, 'д': {'л'},
	'а': {'о', 'д'}, 'о': {'а', 'с', '0'}, 'е': {'с', 'ё', 'о'}, 'с': {'е', 'о', 'c'},
	'ш': {'щ', 'т'}, 'щ': {'ш'}, 'ц': {'щ'}, 'ь': {'ъ', 'б'}, 'в': {'з', 'в'}, 'з': {'в', '3'},
	'р': {'p', 'г'}, 'т': {'г', 'ш'}, 'к': {'х', 'ж'}, 'м': {'л'}, 'Р': {'P'}, 'С': {'C'},
}

// ocrNoise returns s with OCR-like errors at about rate per character
// (fixed seed): letters read as look-alikes or others, characters lost,
// specks read as marks, words split and joined.
func ocrNoise(s string, rate float64) string {
	rng := rand.New(rand.NewPCG(11, uint64(rate*1000)))
	letters := []rune("абвгдежзийклмнопрстуфхцчшщъыьэюя")
	var sb strings.Builder
	for _, r := range s {
		if rng.Float64() >= rate {
			sb.WriteRune(r)
			continue
		}
		switch p := rng.Float64(); {
		case r == ' ' || r == '\n':
			if p < 0.5 { // words joined
				continue
			}
			sb.WriteRune(r)
			sb.WriteRune(',')
		case p < 0.6: // misread
			if c := confusions[r]; len(c) > 0 && p < 0.45 {
				sb.WriteRune(c[rng.IntN(len(c))])
			} else {
				sb.WriteRune(letters[rng.IntN(len(letters))])
			}
		case p < 0.8: // lost
		case p < 0.95: // a speck read as a mark
			sb.WriteRune(r)
			sb.WriteRune([]rune(".,'-:;")[rng.IntN(6)])
		default: // a word split
			sb.WriteRune(r)
			sb.WriteRune(' ')
		}
	}
	return sb.String()
}

// BenchmarkDiff200k compares two texts of 200,000 characters (distance and
// alignment, characters and words) at about 5 % and 15 % character errors:
// the budget is 2 s on one core (go test -bench Diff200k -cpu 1).
func BenchmarkDiff200k(b *testing.B) {
	ref := benchText(b, 200_000)
	for _, rate := range []float64{0.05, 0.15} {
		hyp := ocrNoise(ref, rate)
		b.Run(fmt.Sprintf("err%02.0f", rate*100), func(b *testing.B) {
			var c Comparison
			for b.Loop() {
				c = Compare(ref, hyp, Normalize{})
			}
			b.ReportMetric(c.Chars.Value(), "CER")
			b.ReportMetric(c.Words.Value(), "WER")
		})
	}
}

// BenchmarkDistance sets the fast distance beside the O(n·m) dynamic
// programme spravka used before (the oracle), on the characters of texts of
// 2,000 (a page) and 20,000 characters at about 15 % errors.
func BenchmarkDistance(b *testing.B) {
	for _, n := range []int{2_000, 20_000} {
		ref := benchText(b, n)
		hyp := ocrNoise(ref, 0.15)
		var in interner
		r, h := in.tokens(ref, Normalize{}).chars.ids, in.tokens(hyp, Normalize{}).chars.ids
		b.Run(fmt.Sprintf("%dk/fast", n/1000), func(b *testing.B) {
			for b.Loop() {
				distance(r, h)
			}
		})
		b.Run(fmt.Sprintf("%dk/fast-align", n/1000), func(b *testing.B) {
			for b.Loop() {
				align(r, h)
			}
		})
		b.Run(fmt.Sprintf("%dk/dp", n/1000), func(b *testing.B) {
			for b.Loop() {
				oracle(r, h)
			}
		})
	}
}
