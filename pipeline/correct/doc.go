// Package correct owns spravka's post-OCR correction of Russian text: script
// and homoglyph repair, protected tokens, known misreadings and case forms
// from the domain lexicon, a confusion-weighted candidate search that also
// weighs the OCR engine's own per-character alternatives, dictionary
// candidates checked with Hunspell, and the decision to apply a fix or only
// suggest it, with a record of every change.
//
// # Stages
//
// Correct works on a deep copy of a page, word by word in reading order:
//
//  1. Script repair (rule homoglyph): a Roman month read as letters between
//     a day and a year or a time becomes the Roman numeral it makes
//     («29. ТТТ. 53г.», «29. ПТ. 53г.», «28.УТТ.52» → III, III, VII; a
//     slot of digits only stays, as 23.11.53 is a date too); Latin
//     look-alikes inside a Cyrillic word become Cyrillic (and the reverse inside a Latin word), digits
//     inside Cyrillic words become letters (0→о, 3→з, 6→б, 4→ч, ь1→ы), a
//     word-initial III or II before Cyrillic letters becomes Ш or П, a year
//     I9xx becomes 19xx, and a word spelled only in Latin look-alikes becomes
//     Cyrillic when that is a known word (CCCP → СССР). Roman numerals (III,
//     29.III.53, II.) stay as typed.
//  2. Protected tokens are never changed: anything with a digit at its start
//     or two digits (numbers, dates, times, cipher groups, 4-т, 53г.),
//     № numbers, Roman numerals, and whatever matches Options.Protect.
//  3. Known misreadings (rule lexicon) listed in the lexicon apply directly,
//     also across several words and also when the misreading is a valid word.
//  4. Multi-word names and terms (rule variant) are matched as sequences
//     around any word that is exactly a word of the name: word by word
//     («Ким Ир Сенем» → «Ким Ир Сеном») or, when OCR split or joined words,
//     as one string in which a space costs little; two or more words of a
//     longer name match when OCR lost the rest («Ир Сегом» → «Ир Сеном»). A
//     name read right is left alone, and a span of valid words is never
//     rewritten into a name («пока и» stays); capitalised words are never
//     joined into a name with fewer capitals («Ли Кэ Нуна» is another
//     spelling of Ли Кэнун, not a split). A formula or a term takes the case
//     of the text inside a sentence («запись беседы», not «Запись беседы»).
//     Where the page has a name in full, word for word, marks at the outer
//     edge of another reading of it whose other words are read right are
//     tried as the broken rest of its last or first word («Ким Ир С-:» →
//     «Ким Ир Сен», «‘им Ир Сен» → «Ким Ир Сен»), and kept when they bring
//     it nearer to the name; quotes, sentence punctuation and a hyphen at a
//     line end stay.
//  5. A single-word person or place of the lexicon read in lower case
//     (паньмыньчжоне) is capitalised, unless the dictionary knows the
//     lower-case word. A capitalised valid word inside a sentence that the
//     engine's close second choices spell as a person's or place's name
//     read elsewhere on the page is that name («Хим» with К listed for Х,
//     Ким read on the page).
//  6. A word OCR split in two («пис ьмо», «Ше банов», «ШИФРТЕЛЕГ РАММА»)
//     is joined: two pieces of two letters or more on a line, at least one
//     no known word, nothing between them, read together as a lexicon form
//     or a dictionary word within a fix's cost plus the lost space, no piece
//     dropped. Only applied joins are kept.
//  7. Every other unknown word (not in the dictionary, not a word of the
//     lexicon) gets candidates: lexicon forms within the length- and
//     kind-dependent cost limit (rule variant), and dictionary words made by
//     the confusion model and checked with Spell (rule dictionary). Odd marks
//     at the edges of an unknown word (‘оложения, москв=, репатриаци::) are
//     tried as broken letters, and so are one or two runs of marks inside it
//     («о:’ончании», «пред»ож-ние»: each run one letter or none, every
//     frequent letter tried, within a per-word and a per-page budget of
//     look-ups; a hyphen may stay a hyphen). Candidates that break the rules
//     of Russian spelling (жы, чя, ь after a vowel, ъ before a consonant) are
//     not looked up. Short all-capital words and short words
//     before a dot are abbreviations: only the lexicon judges them. A word
//     the dictionary or the lexicon knows is changed only by a known
//     misreading or a multi-word name it belongs to; a word broken by a
//     hyphen at a line end is left alone.
//
// # The confusion model
//
// Candidates are scored with a weighted edit distance whose costs come from
// a table of Cyrillic typewriter and OCR confusions (и/н/п, л/п, д/л/а, ш/щ,
// з/э, б/6, е/с/о, ц/щ, rn/т, ьі/ы, ...): an unrelated letter costs 1, a
// confusable pair 0.1-0.7, a mark or digit standing for a letter 0.5, a
// space 0.35. The decision score is 1 - cost/length of the matched text, plus
// small context bonuses; see Options for the gates (apply and suggest
// scores, the margin over the runner-up of another term, cost limits by
// length and kind, and OCR confidence).
//
// # The engine's alternatives
//
// Where the OCR stage asked Tesseract for per-character alternatives
// (page.Word.Choices, lstm_choice_mode 2), they are evidence about each
// character of a word, and every candidate search weighs them: a letter the
// engine listed at a position costs Options.AltCost plus AltSpread times how
// much less confident it was than the letter read, or AltZeroCost when
// listed with confidence 0, whichever is less than the confusion cost; a
// position whose list has a space with some confidence may be nothing; one
// whose list has a mark as a close second choice is a broken glyph, any
// letter costing as much as a mark read for a letter. A candidate that needs a letter the
// engine did not list at the position or next to it costs AltMissing more
// (decide, from an alignment of the reading with the candidate). A
// candidate spelled from the alternatives alone needs only AltMargin over a
// runner-up that needs a letter not listed, and one with a close second
// choice (within AltStrong points) at a changed letter is applied like a
// sure non-word (up to DictSureConf, also in a word of three letters): this
// decides ties the confusion table cannot (мерта with а listed is марта,
// not морта). Marks at a word's edges with a letter listed close behind
// them are taken into the word (‹еном, «и» for Ким), so that a name can be
// matched across them; a known word taken so is changed only by a name.
// A word the engine's own second choices spell as a dictionary word is not
// split into parts of a name with letters it did not list («з0ка И» is not
// Хо Ка И). Records name the alternatives that decided («OCR alternatives:
// а for е listed (70 against 80)»). Plain text has none, and a corrector
// with Options.Choices off ignores them: the results are then exactly those
// of the confusion table.
//
// Known words are not changed by their alternatives alone: on the
// development, sample and held-out pages a valid word whose close second
// choice spelled another valid word had been read right 16 times and wrong
// twice.
//
// # Page evidence and the dictionary gate
//
// A word read elsewhere on the same page with at least LowConf (and known
// to the dictionary or the lexicon) gains PageBonus in the ranking: a
// document repeats its words, which decides ties such as мерта → марта or
// морта. A single-word person or place read on the page in any of its
// forms gives the bonus to all of them (the page says which name, not which
// case: «Москвы» on the page, «Москв» with а listed is Москва), and lets
// another reading of it be damaged by a mark's worth (costNoise) more than
// the cost limit. Only the page itself counts, so the result does not
// depend on the order in which pages are corrected. There is no built-in word-frequency
// list. A dictionary fix is applied below DictMaxConf; above it only for a
// lower-case word of DictSureRunes letters or more, one confusion or mark
// away (DictSureCost) from a dictionary word, below DictSureConf: Tesseract
// is often sure of a misread letter in a long word.
//
// # Context
//
// Among the case forms of one name the one the context asks for wins a tie:
// the case a preposition before it governs (с Ким Ир Сеном), a genitive after
// a noun (о назначении Нам Ира), an instrumental after a short passive
// participle (приняты Ким Ир Сеном), else the nominative. A person after
// initials or «т.», and «вх.»/«исх.» before «№», score a little higher; a
// term already standing next to the word in a list («КНДР и ...») is not
// proposed again.
//
// # Speed
//
// Hunspell's Suggest costs about 50 ms per call on the Russian dictionary,
// so it is never called while correcting: dictionary candidates are the
// confusion-model edits of the word (at most Options.MaxSpellCalls Spell
// calls of about 2 µs each, cached across pages). Lexicon candidates are
// searched only among forms of similar length, with an early exit from the
// distance computation.
package correct
