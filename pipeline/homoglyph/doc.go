// Package homoglyph owns the table of Latin and Cyrillic letters that look
// alike (Latin a A B c C e E H K k M o O p P T x X y Y and their Cyrillic
// twins): correction repairs words that mix them, and comparison can ignore
// them.
package homoglyph
