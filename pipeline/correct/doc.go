// Package correct owns spravka's post-OCR correction of Russian text: it
// takes a recognised page (page.Page: words with their boxes, OCR
// confidences and, where the engine gave them, per-character alternatives)
// and returns a corrected copy with a record (page.Correction) of every
// change it applied and every one it only suggests.
//
// # The contract
//
//   - The input page is never modified. Every change of a word's text has a
//     record with the word's line, index and box, the text as read and the
//     new text, the rule, the score, the alternatives considered, the OCR
//     confidence and a reason; a change that is only suggested has a record
//     and leaves the text as read.
//   - Numbers, dates, times, cipher groups, № numbers, Roman numerals, words
//     with digits, a person's initials («И.Д.», «В.Ф.Ж.»), an abbreviation
//     (a word no dictionary knows, cut after a consonant before a full stop,
//     that begins a common word: «научн.», «иностр.») and whatever matches
//     Options.Protect are never changed.
//   - A word the dictionary or the lexicon knows is changed only by a known
//     misreading, a multi-word name it belongs to, a name the engine's own
//     second choices spell, or a change of case.
//   - One confidence gate for every rule: a word read with OCR confidence
//     Options.TrustConf or more, letters only, is changed only on evidence
//     against the reading, named in the record; otherwise it is suggested.
//     A change of form (letters added or deleted at a word's end) is no
//     change the engine makes with confidence: it is only suggested at
//     TrustConf, and for a capitalised word inside a sentence (a name) at
//     LowConf, whatever the language or the page says. A capitalised word
//     inside a line and a sentence (a name) read with Options.NameConf or
//     more is changed by the dictionary only on the engine's close second
//     choice, a mark inside or the word read on the page.
//   - A page in the pre-1918 spelling (Options.Orthography) is never
//     modernised.
//   - The result depends only on the page, the lexicon, the dictionary and
//     the Options: not on other pages or the order of pages. A Corrector is
//     safe for concurrent use.
//
// # The shape
//
// Each Rule (rule.go) is a value with a name, a one-line doc and a run
// over an immutable view of the page (view.go) that offers proposals:
// spans of words with candidate readings and their evidence. One decision
// (decide.go) ranks the candidates of every proposal and passes the best
// through the same named gates; the record's reason is rendered from what
// they said. Rules run in the order of Rules, and the words of a decision
// are closed to the rules after it; the three normalisers (Roman months in
// dates, script repair, stray marks) run first and rewrite the view the
// others read.
//
// The rules: roman-month, script, marks (punctuation the language does not
// license where it was read: a full stop before a word in lower case, a
// mark glued to a word's start, an unpaired quote, a hyphen that breaks no
// line; marks.go), misreading (known misreadings listed in
// the lexicon), name (multi-word names and terms), lower-name, alt-name,
// join (a word split by OCR), word (lexicon forms and dictionary words for
// an unknown word, from a confusion-weighted edit distance, the engine's
// alternatives, marks read as letters, and the common-word list of
// lexicon.Common as the language's evidence), restore (an unknown word no
// other rule decided, read as the common word form nearest to its
// remaining letters: a trigram index of lexicon.Common, restore.go), split
// (an unknown word that is two words run together, split.go), small (a
// preposition or conjunction read with a capital of its small letter's
// shape inside a sentence, small.go).
//
// How each rule works, why every constant has its value, and what was
// measured: docs/correction.md. The constants are in Options, each with
// what it does and the evidence for its value.
package correct
