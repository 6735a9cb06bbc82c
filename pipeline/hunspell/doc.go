// Package hunspell owns spravka's access to a Hunspell dictionary: a small
// cgo adapter over libhunspell (Debian: libhunspell-dev to build, hunspell-ru
// for the Russian dictionary) that answers whether a word is spelled right.
//
// It is the only cgo package for Hunspell. A Dict is safe for concurrent use:
// the C object is not, so every call takes the Dict's mutex. Spell is fast
// (microseconds). Hunspell's suggestions are not offered: they take
// milliseconds per call on the Russian dictionary, and the corrector makes
// its own candidates.
package hunspell
