package homoglyph

import "maps"

// latinToCyrillic maps each Latin look-alike to its Cyrillic twin.
var latinToCyrillic = map[rune]rune{
	'a': 'а', 'A': 'А', 'B': 'В', 'c': 'с', 'C': 'С', 'e': 'е', 'E': 'Е', 'H': 'Н', 'K': 'К', 'k': 'к',
	'M': 'М', 'o': 'о', 'O': 'О', 'p': 'р', 'P': 'Р', 'T': 'Т', 'x': 'х', 'X': 'Х', 'y': 'у', 'Y': 'У',
}

var cyrillicToLatin = func() map[rune]rune {
	m := make(map[rune]rune, len(latinToCyrillic))
	for l, c := range latinToCyrillic {
		m[c] = l
	}
	return m
}()

// Cyrillic returns the Cyrillic letter the Latin letter r looks like, and
// false when r is not a Latin look-alike.
func Cyrillic(r rune) (rune, bool) {
	c, ok := latinToCyrillic[r]
	return c, ok
}

// Latin returns the Latin letter the Cyrillic letter r looks like, and false
// when r is not a Cyrillic look-alike.
func Latin(r rune) (rune, bool) {
	l, ok := cyrillicToLatin[r]
	return l, ok
}

// LatinToCyrillic returns a copy of the table, Latin to Cyrillic.
func LatinToCyrillic() map[rune]rune { return maps.Clone(latinToCyrillic) }

// CyrillicToLatin returns a copy of the table, Cyrillic to Latin.
func CyrillicToLatin() map[rune]rune { return maps.Clone(cyrillicToLatin) }
