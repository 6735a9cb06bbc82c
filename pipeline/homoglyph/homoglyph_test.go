package homoglyph

import (
	"testing"
	"unicode"
)

func TestTable(t *testing.T) {
	for l, c := range LatinToCyrillic() {
		if !unicode.Is(unicode.Latin, l) || !unicode.Is(unicode.Cyrillic, c) {
			t.Errorf("%q → %q is not Latin → Cyrillic", l, c)
		}
		if unicode.IsUpper(l) != unicode.IsUpper(c) {
			t.Errorf("%q → %q changes case", l, c)
		}
		if back, ok := Latin(c); !ok || back != l {
			t.Errorf("Latin(%q) = %q, %v, want %q", c, back, ok, l)
		}
	}
	for _, tt := range []struct {
		in   rune
		want rune
		ok   bool
	}{{'C', 'С', true}, {'y', 'у', true}, {'n', 0, false}, {'Ж', 0, false}} {
		if got, ok := Cyrillic(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Cyrillic(%q) = %q, %v", tt.in, got, ok)
		}
	}
}
