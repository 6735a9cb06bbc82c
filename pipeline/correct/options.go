package correct

import "regexp"

// Options are the corrector's thresholds. DefaultOptions documents every
// default; the zero value is not useful.
type Options struct {
	// ApplyScore is the lowest decision score (0..1) at which a fix is applied;
	// a candidate scoring at least SuggestScore but below ApplyScore, or failing
	// another gate, is only suggested. Default 0.7 and 0.45.
	//
	// The score of a candidate is 1 - cost/length: the confusion-weighted edit
	// cost over the length in runes of what was matched (a whole multi-word
	// name counts, so «Нам Ири» → «Нам Ира» scores higher than «Ири» → «Ира»),
	// plus small context bonuses (a name after initials or «т.», «исх.» before
	// «№») and, with OCR confidences, +0.05 below LowConf.
	ApplyScore   float64
	SuggestScore float64
	// Margin is how much cheaper (in cost units, 1 = one unrelated letter) the
	// best candidate must be than the best candidate for a different term or
	// word before it is applied. Default 0.5.
	Margin float64
	// The largest cost of a lexicon candidate for a token of n runes is
	// min(MaxCostCap, max(1, MaxCostBase + MaxCostPerRune*n)): defaults 0.4,
	// 0.15, 2.5 (1.0 up to 4 runes, 1.6 at 8, 2.2 at 12). In a multi-word name
	// each word may differ by up to this limit or 1, whichever is larger, and
	// the whole by the limit for its total length. Abbreviations and formulae allow
	// at most AbbrevMaxCost (default 1.0).
	MaxCostBase, MaxCostPerRune, MaxCostCap float64
	AbbrevMaxCost                           float64
	// MinRunes: shorter tokens are never matched approximately (known
	// misreadings and multi-word names still apply). Default 3.
	MinRunes int
	// Dictionary enables general-word candidates from the dictionary (when one
	// is given). DictMaxCost caps their cost (default 1.0). Plain text (no
	// confidence) only gets suggestions.
	// A dictionary fix is applied only when it costs at most DictApplyCost
	// (default 0.7: one or two confusions, no unrelated letter), or
	// DictApplyPerRune a letter in a longer word (default 0.1: two marks
	// read as letters in a word of ten), or up to DictMaxCost with the
	// language's evidence (plus AltMissing for a letter the engine did not
	// list: a letter whose ink is lost is not listed; on the development
	// pages that fixed 17 more words, broke none, and left «Зарема»,
	// not a common form's misreading, suggested), and the word has at least DictMinRunes letters
	// (default 4), or three when the engine spelled the fix or it is a
	// common word read elsewhere on the page («чго» → «что»). DictSureCost (default 0.6: one confusion or one mark)
	// bounds the readings spelled from the engine's close second choices.
	Dictionary       bool
	DictMaxCost      float64
	DictApplyCost    float64
	DictApplyPerRune float64
	DictMinRunes     int
	DictSureCost     float64
	// EditMinRunes: an unknown word of at least this many letters (default
	// 6) for which the confusion model finds no dictionary word is tried
	// with any one letter inserted, deleted or replaced, kept where that
	// makes a common word form (lexicon.Common): a letter whose ink is lost
	// («значительыми»), or one the table does not pair («заяхил»).
	// MaxEditPage caps the look-ups of those edits on one page (default
	// 20,000, about 3 ms: some 30 words of ten letters).
	EditMinRunes int
	MaxEditPage  int
	// RestoreMinRunes: an unknown word of at least this many letters that
	// nothing else reached is looked up in the restoring search (restore.go):
	// the common word forms sharing the most letter trigrams with it
	// (RestoreTop of them are measured) within
	// min(RestoreMaxCost, RestorePerRune × its length) under the
	// confusion-weighted distance (defaults 5, 64, 3 and 0.25: at 0.3 a
	// letter, «карачаевец» became караваев). Such a word is applied only
	// below TrustConf (above it, 8 of 11 restored words on the development
	// and prose pages were wrong: names and rare words). MaxRestorePage caps
	// the searches of one page (default 300, about 2 ms).
	RestoreMinRunes int
	// StemMinRunes: a dictionary fix whose runner-up is another form of the
	// same word (they share all but the last one or two letters, at least
	// this many; default 5) is applied on a margin below Margin, with a note
	// that the ending is a guess, when the word was read below TrustConf and
	// is no word. 0 turns it off.
	StemMinRunes int
	// SplitMinRunes: an unknown word that is two words run together is
	// split, each piece a common word form of three letters or more or a
	// short word of the closed class (на, не, по, в, с), of at least this
	// many letters (default 2: «сновь» is not «с новь»), judged as a restored word (below TrustConf,
	// no name).
	SplitMinRunes  int
	RestoreTop     int
	RestoreMaxCost float64
	RestorePerRune float64
	MaxRestorePage int
	// TrustConf is the one confidence gate, the same for every rule: a word
	// read with at least this OCR confidence, letters only, is changed only
	// on evidence against the reading (a known misreading, two scripts,
	// marks inside, a multi-word name around it, the engine's close second
	// choice at every changed letter, the candidate read elsewhere on the
	// page, or the language), else the change is only suggested (default
	// 80: on the development pages Tesseract's wrong words above 80 were all
	// one letter off a common word, and rare right words such as
	// «Исповедальной» at 91 were changed by the dictionary before this
	// gate). At SureConf or more (default 95) the language alone is not
	// enough. LangGap is the language's evidence: the candidate is a common
	// word form, the reading is not, and the character model finds the
	// candidate at least e^LangGap times likelier (default 4: «заязил» →
	// «заявил» is e^19.6, «Исповедальной» → «Исповедальней» is not common).
	TrustConf, SureConf, LangGap float64
	// LowConf: below it the OCR confidence adds 0.05 to a score (default 50).
	// HighConf: at or above it a fix that is not a known misreading needs
	// ApplyScore+0.1 (default 93).
	LowConf, HighConf float64
	// NameConf: a capitalised word inside a sentence and inside a line (a
	// name the lexicon may lack; a line's first word may start a heading
	// or a list item) read with at least this confidence, letters only, is
	// changed by the dictionary only on the engine's close second choice
	// or the same word read on the page: the language knows few names, and
	// its preference is no evidence against one (default 65, half-way
	// between LowConf and TrustConf; the development pages have no such
	// word between 50 and 80, so they do not choose it).
	NameConf float64
	// PageBonus is how much a candidate gains in the ranking (in cost units)
	// when the same word is read elsewhere on the page with at least LowConf:
	// a document repeats its words (default 1.0: it decides a tie between
	// two candidates of equal cost, even against a common word's
	// CommonBonus; the development pages give the same numbers at 1.0 and
	// 0.7, 1.2 fixes one word fewer).
	PageBonus float64
	// StemBonus is how much a dictionary candidate gains in the ranking
	// when another form of it (its first five letters and more) is read on
	// the page (default 0.5).
	StemBonus float64
	// ListPrior is how much a person's name of the lexicon gains in the
	// ranking (in cost units, on top of a capital inside a sentence) for a
	// capitalised word in a list of names announced by a title («т.
	// Кузнецов, Разуваев и Федоренко»): there every word is a surname, and
	// a common word that spells almost the same («разувает») is not one.
	// ListCost is how much more a person's name may cost there (default
	// 0.5: one mark's worth, as for a name the page has in another form).
	// Defaults 0.4 and 0.5: on devscans-hard they fix «Рззуваел» →
	// «Разуваев» (margin 0.16 to «разувает» without) and «Зедоре?ке» →
	// «Федоренко»; nothing broken on any set.
	ListPrior, ListCost float64
	// PeriodMinRunes: a full stop after a known word of at least this many
	// letters, before a word in lower case, is a speck, not punctuation
	// (rule marks; default 4): in Russian only an abbreviation stands
	// there, and abbreviations are short (т., г., исх., стр., напр.) or no
	// words (иностр., зам.). QuoteWindow: a quote or an apostrophe at a
	// word's edge with no quotation mark within this many words on the side
	// it would open or close is stray (default 30).
	PeriodMinRunes, QuoteWindow int
	// MaxSpellCalls caps the dictionary look-ups for one unknown word (default 150).
	// MaxWildcardCalls caps, separately, the look-ups that read one or two
	// runs of marks inside a word as letters (default 600: two runs of one
	// mark each, every frequent letter), and MaxWildcardPage all of those of
	// one page (default 4000, about 15 ms: the pages a run corrects stay
	// within the time budget however damaged).
	MaxSpellCalls    int
	MaxWildcardCalls int
	MaxWildcardPage  int
	// Choices enables the OCR engine's per-character alternatives
	// (page.Word.Choices) as evidence (default true). Where a word carries
	// them, a letter listed at a position costs AltCost plus AltSpread times
	// how much less confident it was than the letter read (per 100 points;
	// defaults 0.15 and 0.35), or AltZeroCost when listed with confidence 0
	// (default 0.55), whichever is less than the confusion cost. A position
	// listing a space with some confidence may be nothing; one listing a
	// mark within AltStrong points of the letter read (default 50) is a
	// broken glyph, any letter there costing as a mark read for a letter. A candidate costs AltMissing
	// more for each letter it needs that the engine did not list at the
	// position or next to it (default 0.15).
	//
	// A candidate spelled from the alternatives alone (every changed letter
	// listed) needs only AltMargin over a runner-up that needs a letter not
	// listed (default 0.25). When, besides, a changed letter was a close
	// second choice (within AltStrong points of the letter read), a
	// dictionary fix passes the confidence gate (TrustConf), also in a word of three
	// letters.
	Choices     bool
	AltCost     float64
	AltSpread   float64
	AltZeroCost float64
	AltMissing  float64
	AltMargin   float64
	AltStrong   float64
	// Language enables the list of common Russian word forms and its
	// character model (lexicon.Common, about 140,000 forms: Tesseract's own
	// Russian word list where Hunspell knows the word). A dictionary
	// candidate that is a common form gains CommonBonus in the ranking
	// (cost units; default 0.5, a margin: on the development pages 0.3 fixed 92 words, 0.5 fixed 93, 0.7 no more): of two dictionary words equally near the
	// reading, the common one is the likelier (заходящихся and находящихся
	// from «чаходящихся»; Hunspell's rarer forms such as «представительна»
	// or «фант» are not on the list).
	Language    bool
	CommonBonus float64
	// FrequentBonus: a common word that is one of the most frequent Russian
	// word forms (function words: что, как, это, того, было) gains this much
	// more (default 0.5).
	FrequentBonus float64
	// Orthography: auto (default) detects a page in the pre-1918 spelling
	// (oldSpelling), whose words the dictionary then reads as today's
	// spelling of them and never modernises; modern and pre1918 choose.
	Orthography Orthography
	// Protect: tokens matching any of these (whole word with its punctuation,
	// or the word without it) are never changed, in addition to the built-in
	// numbers, dates, times, № numbers and Roman numerals.
	Protect []*regexp.Regexp
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options {
	return Options{
		ApplyScore:       0.7,
		SuggestScore:     0.45,
		Margin:           0.5,
		MaxCostBase:      0.4,
		MaxCostPerRune:   0.15,
		MaxCostCap:       2.5,
		AbbrevMaxCost:    1.0,
		MinRunes:         3,
		Dictionary:       true,
		DictMaxCost:      1.0,
		DictApplyCost:    0.7,
		DictApplyPerRune: 0.1,
		DictMinRunes:     4,
		DictSureCost:     0.6,
		EditMinRunes:     6,
		MaxEditPage:      20000,
		RestoreMinRunes:  5,
		StemMinRunes:     5,
		SplitMinRunes:    2,
		RestoreTop:       64,
		RestoreMaxCost:   3,
		RestorePerRune:   0.25,
		MaxRestorePage:   300,
		TrustConf:        80,
		SureConf:         95,
		LangGap:          4,
		LowConf:          50,
		HighConf:         93,
		NameConf:         65,
		MaxSpellCalls:    150,
		MaxWildcardCalls: 600,
		MaxWildcardPage:  4000,
		PageBonus:        1.0,
		StemBonus:        0.5,
		ListPrior:        0.4,
		ListCost:         0.5,
		PeriodMinRunes:   4,
		QuoteWindow:      30,
		Choices:          true,
		AltCost:          0.15,
		AltSpread:        0.35,
		AltZeroCost:      0.55,
		AltMissing:       0.15,
		AltMargin:        0.25,
		AltStrong:        50,
		Language:         true,
		Orthography:      OrthographyAuto,
		CommonBonus:      0.5,
		FrequentBonus:    0.5,
	}
}
