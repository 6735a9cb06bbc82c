package record

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Fingerprint is everything besides its input that makes a page's result:
// the software and the engine's language data, the settings, the lexicons
// and the dictionary, and the transcription it is measured against. A
// resumed run redoes a page whose fingerprint is not the run's own (see
// pipeline.UpToDate). Settings are written out where they are short, as
// hashes where they are files or long lists of numbers, so that "why was
// this page redone" can name the part that changed.
type Fingerprint struct {
	// Spravka is spravka's version (module version and VCS revision).
	Spravka    string             `json:"spravka"`
	Engine     EngineSettings     `json:"engine"`
	Preprocess PreprocessSettings `json:"preprocess"`
	Correction CorrectionSettings `json:"correction"`
	// Truth is the SHA-256 of the page's transcription, empty when it has none.
	Truth string `json:"truth,omitempty"`
}

// File names a file and its content's SHA-256.
type File struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// EngineSettings are the recognition's part of a fingerprint.
type EngineSettings struct {
	// Tesseract is the library's version, Data its language data files.
	Tesseract string `json:"tesseract"`
	Data      []File `json:"data"`
	Lang      string `json:"lang"`
	PSM       int    `json:"psm"`
	// LinePSM is the mode for pages whose text is one line (0: PSM).
	LinePSM int               `json:"line_psm,omitempty"`
	Vars    map[string]string `json:"vars,omitempty"`
}

// PreprocessSettings are the preprocessing's part of a fingerprint.
type PreprocessSettings struct {
	Mode string `json:"mode"`
	// DPI is the resolution given for every page (--dpi), 0 for the files' own.
	DPI float64 `json:"dpi,omitempty"`
	// Options is the SHA-256 of every preprocessing and decoding option.
	Options string `json:"options"`
}

// CorrectionSettings are the correction's part of a fingerprint.
type CorrectionSettings struct {
	// Options is the SHA-256 of the corrector's options (thresholds, --protect).
	Options    string `json:"options"`
	Lexicons   []File `json:"lexicons"`
	Dictionary []File `json:"dictionary,omitempty"`
}

// Settings is the fingerprint without the page's own part (its
// transcription): what a run's pages have in common.
func (f Fingerprint) Settings() Fingerprint {
	f.Truth = ""
	return f
}

// HashFile returns the SHA-256 of the file at path, named by its base name
// (outputs hold no absolute paths).
func HashFile(path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return File{}, fmt.Errorf("hashing %s: %w", path, err)
	}
	return File{Name: filepath.Base(path), SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// HashBytes returns the hex SHA-256 of b.
func HashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// HashJSON returns the SHA-256 of v encoded as JSON (options structs).
func HashJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return HashBytes(b), nil
}
