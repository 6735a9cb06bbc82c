package page

import "strings"

// Rules name where a correction came from.
const (
	RuleHomoglyph  = "homoglyph"  // Latin/Cyrillic look-alikes, digits inside words, script repair
	RuleLexicon    = "lexicon"    // a known misreading listed in a lexicon, applied directly
	RuleVariant    = "variant"    // a lexicon term (or one of its case forms) found by the confusion-weighted search
	RuleDictionary = "dictionary" // a general Russian word found through the dictionary
	// RulePunctuation: a mark the language does not license where it was read
	// (a speck read as a full stop before a lower-case word, an unpaired quote), removed
	RulePunctuation = "punctuation"
)

// Candidate is one possible reading of a word with its score (higher is better, 0..1).
type Candidate struct {
	Text  string  `json:"text"`
	Score float64 `json:"score"`
	// Source says where the candidate came from: a lexicon term with its kind
	// ("lexicon:person Разуваев"), or "hunspell".
	Source string `json:"source,omitempty"`
}

// Correction records one proposed change to the text. Nothing is changed
// without one; a correction that is not Applied is only a suggestion for review.
type Correction struct {
	// Page is the 1-based page number inside its file (1 for single-page images and text).
	Page int `json:"page"`
	// Line is the 1-based line number in the page's text output (Page.Text, the .txt file),
	// blank lines between blocks counted; Word is the 0-based index of the first covered
	// word in that line; Words is how many OCR words the change covers (1 unless a join).
	Line  int `json:"line"`
	Word  int `json:"word"`
	Words int `json:"words"`
	// Box is the union of the covered words' boxes, absent for plain text.
	Box *Box `json:"box,omitempty"`
	// From is the text as read (the covered words joined by a space); To the proposed text.
	From string `json:"from"`
	To   string `json:"to"`
	// Rule is one of the Rule* constants.
	Rule string `json:"rule"`
	// Score is the decision score of To, 0..1; Alternatives are the other candidates considered.
	Score        float64     `json:"score"`
	Alternatives []Candidate `json:"alternatives,omitempty"`
	// Conf is the OCR confidence of the covered words (their minimum), or NoConf.
	Conf float64 `json:"conf"`
	// Applied is true when the text was changed; false for a suggestion.
	Applied bool `json:"applied"`
	// Reason is a short human explanation of the decision ("known misreading of Разуваев",
	// "margin 0.04 below 0.15: only suggested").
	Reason string `json:"reason,omitempty"`
}

// Apply writes text in place of the words that c covers, on the page c was
// made for (its Line and Word index Lines()): when text has as many words as
// c covers, each word takes its own; otherwise the first word takes all of
// text and the others are emptied, as a join leaves them. An empty text
// removes the words from the text. It returns false when c does not fit the
// page (no such line or words), and then changes nothing.
func (p *Page) Apply(c Correction, text string) bool {
	w := p.Covered(c)
	if w == nil {
		return false
	}
	parts := strings.Fields(text)
	if len(parts) != len(w) {
		parts = append([]string{text}, make([]string, len(w)-1)...)
	}
	for i := range w {
		w[i].Text = parts[i]
	}
	return true
}

// Covered returns the words of p that c covers (a slice of its line's words),
// or nil when c does not fit the page.
func (p *Page) Covered(c Correction) []Word {
	n := max(c.Words, 1)
	for _, lr := range p.Lines() {
		if lr.No == c.Line {
			if c.Word < 0 || c.Word+n > len(lr.Line.Words) {
				return nil
			}
			return lr.Line.Words[c.Word : c.Word+n]
		}
	}
	return nil
}
