package record

import (
	"bytes"
	"encoding/json"
	"maps"
	"math"
	"strconv"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
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

// Slim returns the page as a run keeps it once the page's own files are
// written, for the run's index and totals: its numbers, without the lists
// and the texts (the corrections, the transcription, the preprocessing
// steps, the settings), so that a run's memory does not grow with its pages.
// The page's record file has everything.
func (p *Page) Slim() *Page {
	s := *p
	s.Preprocess, s.Fingerprint = nil, nil
	if c := p.Correction; c != nil {
		s.Correction = &Correction{Applied: c.Applied, Suggested: c.Suggested}
	}
	if t := p.Truth; t != nil {
		tt := *t
		tt.Text = ""
		s.Truth = &tt
	}
	return &s
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

// NewImage completes the description of a decoded page (im, with the DPI
// its file states in DPIFile) with the resolution taken for it: override
// (--dpi) when given, else the file's, else none ("unknown": preprocessing
// estimates it from the text).
func NewImage(im Image, override float64) *Image {
	switch {
	case override > 0:
		im.DPI, im.DPISource = override, "override"
	case im.DPIFile > 0:
		im.DPI, im.DPISource = im.DPIFile, "file"
	default:
		im.DPI, im.DPISource = 0, "unknown"
	}
	return &im
}

// Preprocess says what was done to the page before recognition.
type Preprocess struct {
	Mode  string `json:"mode"`
	Steps []Step `json:"steps"`
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
	ToScan Affine `json:"to_scan"`
	// Variants are the images recognised, the anchor first: a page whose
	// auto image read poorly (combine.GrayWholeBelow, combine.GrayBelow)
	// was read from its gray image too, whole or only its poor lines,
	// listed last with the lines it read (0: all) and those taken from it;
	// in mode best the others are recognised only when the anchor's
	// reading has too few known words (see combine.Below).
	Variants []Variant `json:"variants,omitempty"`
}

// Step is one preprocessing step as applied, with the numbers that
// describe what it did (JSON sorts the keys, so records are stable).
type Step struct {
	Name   string             `json:"name"`
	Params map[string]float64 `json:"params,omitempty"`
}

// Affine maps a point (x, y) to (A·x + B·y + C, D·x + E·y + F).
type Affine struct {
	A float64 `json:"a"`
	B float64 `json:"b"`
	C float64 `json:"c"`
	D float64 `json:"d"`
	E float64 `json:"e"`
	F float64 `json:"f"`
}

// Variant is one image recognised (in mode best, or a poorly read page's
// gray image): its name and steps, its reading's mean word confidence and
// the share of its letters in known words (mode best), and how many of the
// anchor's lines it read (the others are read only in the lines that hold
// a word that may be replaced, the gray image only in the poorly read
// lines; 0: the whole page).
type Variant struct {
	Name         string   `json:"name"`
	Steps        []string `json:"steps"`
	MeanConf     float64  `json:"mean_conf"`
	Plausibility float64  `json:"plausibility,omitempty"`
	Lines        int      `json:"lines,omitempty"`
	// Taken lists the lines (numbers in the page text, from 1) whose
	// reading was taken from this variant: the lines the gray image read
	// where the anchor's stand (combine.TakeLines).
	Taken []int `json:"taken,omitempty"`
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
	Combined []Take `json:"combined,omitempty"`
}

// Take is one word of the anchor's reading replaced by another variant's
// (see package combine).
type Take struct {
	// Line is the line's number in the page text, from 1 (as in
	// corrections), Word the word's index in that line.
	Line int `json:"line"`
	Word int `json:"word"`
	// From is the anchor's reading, To the one taken.
	From string `json:"from"`
	To   string `json:"to"`
	// Reading indexes Preprocess.Variants; Votes is how many readings, the
	// anchor's included, read To there.
	Reading int `json:"reading"`
	Votes   int `json:"votes"`
	// Conf is the taken word's confidence in its reading.
	Conf float64 `json:"conf"`
}

// NewOCR describes a page's recognition by the engine e: the variables it
// read this page with (its own, and those the page's image asked for,
// pageVars; a page segmentation mode among them is the record's PSM), the words of the reading p and their mean confidence (to two
// decimals; null when no word was read), and the words taken from other
// readings.
func NewOCR(e EngineSettings, pageVars map[string]string, p *page.Page, takes []Take) *OCR {
	vars := maps.Clone(e.Vars)
	psm := e.PSM
	for k, v := range pageVars {
		if k == ocr.PSMVar {
			if n, err := strconv.Atoi(v); err == nil {
				psm = n
			}
			continue
		}
		if vars == nil {
			vars = map[string]string{}
		}
		vars[k] = v
	}
	o := &OCR{Engine: e.Tesseract, Lang: e.Lang, PSM: psm, Vars: vars, Words: p.Words(), Combined: takes}
	if m, ok := p.MeanConf(); ok {
		m = math.Round(m*100) / 100
		o.MeanConf = &m
	}
	return o
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

// NewTruth measures the raw and the corrected text of a page against its
// transcription text, found as file in the folder from ("input" or "truth").
func NewTruth(file, from, text, raw, corrected string) *Truth {
	return &Truth{File: file, From: from, Text: text,
		Raw: NewRates(raw, text), Corrected: NewRates(corrected, text),
		Words: accuracy.WordChanges(raw, corrected, text)}
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
