// Package homoglyph owns the table of Latin and Cyrillic letters that look
// alike (Latin a A B c C e E H K k M o O p P T x X y Y and their Cyrillic
// twins), which correction repairs and comparison can ignore.
package homoglyph

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
