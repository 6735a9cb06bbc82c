package preprocess

import "fmt"

// Mode says how much preprocessing a page gets.
type Mode string

const (
	// ModeAuto cleans, deskews, crops, rescales and thresholds every page the
	// same way (the default).
	ModeAuto Mode = "auto"
	// ModeNone converts to 8-bit gray and nothing else: the raw page, to compare.
	ModeNone Mode = "none"
	// ModeBest makes a few variants of each page (see Variants); the pipeline
	// recognises the others when auto's reading is poor and combines the
	// readings word by word (package combine).
	ModeBest Mode = "best"
)

// ParseMode reads a --preprocess value; the empty string means ModeAuto.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case "":
		return ModeAuto, nil
	case ModeAuto, ModeNone, ModeBest:
		return m, nil
	}
	return "", fmt.Errorf("preprocess mode %q: want auto, none or best", s)
}
