package diff

import (
	"bytes"
	"encoding/json"
	"math"

	"github.com/spravka/spravka/pipeline/accuracy"
)

// JSON is the result as JSON. For one pair, an object with the files, the
// normalisation, the top-level "cer" and "wer", the counts ("chars",
// "words": errors, reference length n, substitutions, deletions,
// insertions), the raw OCR's "raw_cer", "raw_wer" and the "changes" of its
// correction when known, and the alignment: "ops" (characters) and
// "word_ops", each run with its kind, its token count, its text in the
// transcription ("ref") and in the OCR text ("hyp") and their byte offsets.
// For folders, the same numbers summed at the top, then "files" (one such
// object per pair, with its "name", the worst first), "truth_only" and
// "ocr_only".
func (r *Result) JSON() ([]byte, error) {
	var v any
	if r.Folder {
		t := r.Totals()
		fo := jsonFolder{Truth: r.Truth, OCR: r.OCR, Normalize: r.Normalize,
			jsonRates: rates(t.Chars, t.Words), TruthOnly: r.TruthOnly, OCROnly: r.OCROnly, Files: []jsonFile{}}
		if t.RawFiles > 0 {
			fo.RawCER, fo.RawWER, fo.Changes = value(t.RawChars), value(t.RawWords), &t.Changes
		}
		for _, f := range r.Files {
			fo.Files = append(fo.Files, fileJSON(f, true))
		}
		v = fo
	} else {
		v = struct {
			jsonFile
			Normalize accuracy.Normalize `json:"normalize"`
		}{fileJSON(r.Files[0], false), r.Normalize}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return b.Bytes(), err
}

type jsonFolder struct {
	Truth     string             `json:"truth"`
	OCR       string             `json:"ocr"`
	Normalize accuracy.Normalize `json:"normalize"`
	jsonRates
	RawCER    *float64          `json:"raw_cer,omitempty"`
	RawWER    *float64          `json:"raw_wer,omitempty"`
	Changes   *accuracy.Changes `json:"changes,omitempty"`
	Files     []jsonFile        `json:"files"`
	TruthOnly []string          `json:"truth_only"`
	OCROnly   []string          `json:"ocr_only"`
}

type jsonRates struct {
	CER   float64    `json:"cer"`
	WER   float64    `json:"wer"`
	Chars jsonCounts `json:"chars"`
	Words jsonCounts `json:"words"`
}

type jsonCounts struct {
	Errors        int `json:"errors"`
	N             int `json:"n"`
	Substitutions int `json:"substitutions"`
	Deletions     int `json:"deletions"`
	Insertions    int `json:"insertions"`
}

type jsonFile struct {
	Name  string `json:"name,omitempty"`
	Truth string `json:"truth"`
	OCR   string `json:"ocr"`
	Raw   string `json:"raw,omitempty"`
	Error string `json:"error,omitempty"`
	*jsonRates
	RawCER  *float64          `json:"raw_cer,omitempty"`
	RawWER  *float64          `json:"raw_wer,omitempty"`
	Changes *accuracy.Changes `json:"changes,omitempty"`
	Ops     []jsonOp          `json:"ops,omitempty"`
	WordOps []jsonOp          `json:"word_ops,omitempty"`
}

type jsonOp struct {
	Op       string `json:"op"`
	N        int    `json:"n"`
	Ref      string `json:"ref"`
	Hyp      string `json:"hyp"`
	RefStart int    `json:"ref_start"`
	RefEnd   int    `json:"ref_end"`
	HypStart int    `json:"hyp_start"`
	HypEnd   int    `json:"hyp_end"`
}

func fileJSON(f File, named bool) jsonFile {
	j := jsonFile{Truth: f.Truth, OCR: f.OCR, Raw: f.Raw}
	if named {
		j.Name = f.Name
	}
	if f.Err != nil {
		j.Error = f.Err.Error()
		return j
	}
	rs := rates(f.Chars, f.Words)
	j.jsonRates = &rs
	if f.Changes != nil {
		j.RawCER, j.RawWER, j.Changes = value(*f.RawChars), value(*f.RawWords), f.Changes
	}
	ops := func(al accuracy.Alignment) []jsonOp {
		out := make([]jsonOp, len(al.Ops))
		for i, o := range al.Ops {
			out[i] = jsonOp{o.Kind.String(), o.N, f.Ref[o.Ref.Start:o.Ref.End], f.Hyp[o.Hyp.Start:o.Hyp.End],
				o.Ref.Start, o.Ref.End, o.Hyp.Start, o.Hyp.End}
		}
		return out
	}
	j.Ops, j.WordOps = ops(f.Chars), ops(f.Words)
	return j
}

func rates(chars, words accuracy.Alignment) jsonRates {
	c := func(a accuracy.Alignment) jsonCounts {
		return jsonCounts{a.Errors, a.N, a.Substitutions, a.Deletions, a.Insertions}
	}
	return jsonRates{*value(chars.Rate), *value(words.Rate), c(chars), c(words)}
}

// value is a rate rounded to six decimals, as in the page records.
func value(r accuracy.Rate) *float64 {
	v := math.Round(r.Value()*1e6) / 1e6
	return &v
}
