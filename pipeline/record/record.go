package record

import (
	"bytes"
	"encoding/json"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/combine"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/preprocess"
)

// Statuses of a page.
const (
	StatusOK     = "ok"
	StatusFailed = "failed"
)

// Page is the record of one page, written last of the page's files.
type Page struct {
	// Input is the image file, relative to the input folder, with forward slashes.
	Input string `json:"input"`
	// PageNo is the page's number inside the file, Pages the file's page count.
	PageNo int `json:"page"`
	Pages  int `json:"pages"`
	// Name is the output stem: <rel>, or <rel>.p<k> for a page of a multi-page file.
	Name   string `json:"name"`
	Status string `json:"status"`
	// Error says what went wrong, naming the stage, when Status is failed.
	Error string `json:"error,omitempty"`

	Image      *Image      `json:"image,omitempty"`
	Preprocess *Preprocess `json:"preprocess,omitempty"`
	OCR        *OCR        `json:"ocr,omitempty"`
	Correction *Correction `json:"correction,omitempty"`
	Truth      *Truth      `json:"truth,omitempty"`
	// Fingerprint is what the page was made with, besides its input.
	Fingerprint *Fingerprint `json:"fingerprint,omitempty"`
	// Outputs lists the page's files (relative to the output folder), the record excluded.
	Outputs []string `json:"outputs,omitempty"`
}

// Image describes the input page as decoded.
type Image struct {
	Format      string `json:"format"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	SHA256      string `json:"sha256"`
	Orientation int    `json:"orientation,omitempty"`
	// DPIFile is what the file states (0: nothing usable; DPINote says what was ignored).
	DPIFile float64 `json:"dpi_file"`
	DPINote string  `json:"dpi_note,omitempty"`
	// DPI is the resolution taken for the page before preprocessing, DPISource where it
	// came from: "file", "override" (--dpi) or "unknown" (left to preprocessing).
	DPI       float64 `json:"dpi"`
	DPISource string  `json:"dpi_source"`
	// Note says how a page of a PDF was read: its scan pixel for pixel, or drawn.
	Note string `json:"note,omitempty"`
}

// Preprocess says what was done to the page before recognition.
type Preprocess struct {
	Mode  string            `json:"mode"`
	Steps []preprocess.Step `json:"steps"`
	// Skew is the angle found, in degrees.
	Skew float64 `json:"skew"`
	// DPI, Width and Height describe the image handed to Tesseract (DPI is its
	// user_defined_dpi), written as <rel>.prep.png with --keep-images.
	DPI    int `json:"dpi"`
	Width  int `json:"width"`
	Height int `json:"height"`
	// ToScan maps a point of that image to the scan (after EXIF orientation):
	// every box spravka writes (ALTO, hOCR, corrections) is already mapped;
	// invert it to draw on the .prep.png.
	ToScan preprocess.Affine `json:"to_scan"`
	// Variants are the images mode best recognised, the anchor (auto's image)
	// first; the others are recognised only when the anchor's reading has
	// too few known words (see pipeline.CombineBelow).
	Variants []Variant `json:"variants,omitempty"`
}

// Variant is one image recognised in mode best: its name and steps, its
// reading's mean word confidence and the share of its letters in known words.
type Variant struct {
	Name         string   `json:"name"`
	Steps        []string `json:"steps"`
	MeanConf     float64  `json:"mean_conf"`
	Plausibility float64  `json:"plausibility,omitempty"`
}

// OCR describes the recognition.
type OCR struct {
	Engine string            `json:"engine"`
	Lang   string            `json:"lang"`
	PSM    int               `json:"psm"`
	Vars   map[string]string `json:"vars,omitempty"`
	Words  int               `json:"words"`
	// MeanConf is the mean word confidence (0..100); null when no word was read.
	MeanConf *float64 `json:"mean_conf"`
	// Combined lists the words of the anchor's reading replaced by another
	// variant's (mode best; Reading indexes Preprocess.Variants).
	Combined []combine.Take `json:"combined,omitempty"`
}

// Correction lists every change proposed for the page.
type Correction struct {
	Applied     int               `json:"applied"`
	Suggested   int               `json:"suggested"`
	Corrections []page.Correction `json:"corrections"`
}

// NewCorrection counts the applied and suggested changes of a page.
func NewCorrection(cs []page.Correction) *Correction {
	c := &Correction{Corrections: cs}
	if c.Corrections == nil {
		c.Corrections = []page.Correction{} // written as [], not null
	}
	for _, x := range cs {
		if x.Applied {
			c.Applied++
		} else {
			c.Suggested++
		}
	}
	return c
}

// Truth compares the page with its manual transcription.
type Truth struct {
	// File is the transcription's name relative to the folder it was found in
	// (From: "input" beside the image, or "truth" under --truth).
	File string `json:"file"`
	From string `json:"from"`
	// Raw and Corrected are the error rates of the raw OCR and of the corrected text.
	Raw       Rates            `json:"raw"`
	Corrected Rates            `json:"corrected"`
	Words     accuracy.Changes `json:"words"`
	// Text is the transcription itself, so that the report and the review
	// show it from the output folder alone.
	Text string `json:"text"`
}

// Rates holds the character and word error rates of a text.
type Rates struct {
	CER    float64       `json:"cer"`
	WER    float64       `json:"wer"`
	Chars  accuracy.Rate `json:"chars"`
	Tokens accuracy.Rate `json:"tokens"`
}

// NewRates measures hyp against ref.
func NewRates(hyp, ref string) Rates {
	c, w := accuracy.CER(hyp, ref), accuracy.WER(hyp, ref)
	return Rates{CER: round(c.Value()), WER: round(w.Value()), Chars: c, Tokens: w}
}

// Add sums two rate sets (totals over pages).
func (r Rates) Add(o Rates) Rates {
	c, w := r.Chars.Add(o.Chars), r.Tokens.Add(o.Tokens)
	return Rates{CER: round(c.Value()), WER: round(w.Value()), Chars: c, Tokens: w}
}

// round keeps rates to six decimals so records stay readable and stable.
func round(v float64) float64 {
	const s = 1e6
	return float64(int64(v*s+0.5)) / s
}

// Marshal encodes v as indented JSON with a final newline, without escaping
// <, > and & (the records are read by people).
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
