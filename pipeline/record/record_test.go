package record

import (
	"testing"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
)

// The page record's field names are an interface: archivists' scripts read
// them. The golden file pins them.
func TestPageRecordGolden(t *testing.T) {
	conf := 71.5
	ref := "т. т. Кузнецов, Разуваев и Федоренко"
	raw := "т. т. Кузнецов, Рабузов и Федоренко"
	rec := &Page{
		Input: "box1/telegram.tif", PageNo: 2, Pages: 3, Name: "box1/telegram.p2", Status: StatusOK,
		Image: &Image{Format: "tiff", Width: 2480, Height: 3508, SHA256: "00ff", DPIFile: 300, DPI: 300, DPISource: "file"},
		Preprocess: &Preprocess{Mode: "auto", Steps: []Step{{Name: "gray"}, {Name: "deskew", Params: map[string]float64{"angle": -1.1}}},
			Skew: -1.1, DPI: 300, Width: 2300, Height: 3300, ToScan: Affine{A: 1, E: 1, C: 90, F: 104}},
		OCR: &OCR{Engine: "5.3.0", Lang: "rus", PSM: 3, Words: 6, MeanConf: &conf},
		Correction: &Correction{Applied: 1, Corrections: []page.Correction{{
			Page: 2, Line: 1, Word: 3, Words: 1, Box: &page.Box{X0: 10, Y0: 20, X1: 200, Y1: 60},
			From: "Рабузов", To: "Разуваев", Rule: page.RuleLexicon, Score: 1,
			Alternatives: []page.Candidate{{Text: "Разуваев", Score: 1, Source: "lexicon:person Разуваев"}},
			Conf:         41, Applied: true, Reason: "known misreading of Разуваев",
		}}},
		Truth: &Truth{File: "box1/telegram.p2.gt.txt", From: "input", Raw: NewRates(raw, ref), Corrected: NewRates(ref, ref),
			Words: accuracy.WordChanges(raw, ref, ref), Text: ref + "\n"},
		Fingerprint: &Fingerprint{Spravka: "v1.2.0+0123456789ab",
			Engine: EngineSettings{Tesseract: "5.3.0", Data: []File{{"rus.traineddata", "aa11"}}, Lang: "rus", PSM: 4,
				Vars: map[string]string{"lstm_choice_mode": "2"}},
			Preprocess: PreprocessSettings{Mode: "auto", Options: "bb22"},
			Correction: CorrectionSettings{Options: "cc33", Lexicons: []File{{"persons-ussr.tsv", "dd44"}},
				Dictionary: []File{{"ru_RU.aff", "ee55"}, {"ru_RU.dic", "ff66"}}},
			Truth: "0a0b"},
		Outputs: []string{"box1/telegram.p2.txt"},
	}
	got, err := Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	testtools.Golden(t, "testdata/page.json", got)
}

func TestSummaryAdd(t *testing.T) {
	var s Summary
	ok := &Page{Status: StatusOK, OCR: &OCR{Words: 10},
		Correction: &Correction{Applied: 2, Suggested: 1, Corrections: []page.Correction{
			{Rule: page.RuleLexicon, Applied: true}, {Rule: page.RuleHomoglyph, Applied: true}, {Rule: page.RuleDictionary}}},
		Truth: &Truth{Raw: NewRates("ab", "ac"), Corrected: NewRates("ac", "ac")}}
	s.Add(ok)
	s.Add(&Page{Name: "bad", Input: "bad.jpg", Status: StatusFailed, Error: "decode bad.jpg: no"})
	s.Add(ok)
	if s.Pages != (PageCounts{Total: 3, OK: 2, Failed: 1, Words: 20}) {
		t.Errorf("pages %+v", s.Pages)
	}
	if s.Corrections.Applied != 4 || s.Corrections.Suggested != 2 || s.Corrections.ByRule[page.RuleLexicon] != 2 || s.Corrections.ByRule[page.RuleDictionary] != 0 {
		t.Errorf("corrections %+v", s.Corrections)
	}
	if s.Truth.Pages != 2 || s.Truth.Raw.Chars != (accuracy.Rate{Errors: 2, N: 4}) || s.Truth.Raw.CER != 0.5 || s.Truth.Corrected.CER != 0 {
		t.Errorf("truth %+v", s.Truth)
	}
	if len(s.Failed) != 1 || s.Failed[0].Error != "decode bad.jpg: no" {
		t.Errorf("failed %+v", s.Failed)
	}
	s.AddNotFinished("c", "d")
	if s.Pages.Total != 5 || s.Pages.NotFinished != 2 || len(s.NotFinished) != 2 {
		t.Errorf("not finished: pages %+v, %v", s.Pages, s.NotFinished)
	}
}

// TestSummarySettings: the summary names every setting its pages were made
// with, and how many pages each; the transcription is the page's own.
func TestSummarySettings(t *testing.T) {
	made := func(mode, truth string) *Page {
		return &Page{Status: StatusOK, Fingerprint: &Fingerprint{Spravka: "v1", Preprocess: PreprocessSettings{Mode: mode}, Truth: truth}}
	}
	var s Summary
	for _, p := range []*Page{made("none", "t1"), made("auto", "t2"), made("none", ""), made("none", "t3"),
		{Status: StatusFailed, Fingerprint: &Fingerprint{Spravka: "v1", Preprocess: PreprocessSettings{Mode: "best"}}}} {
		s.Add(p)
	}
	if len(s.Settings) != 2 {
		t.Fatalf("settings %+v", s.Settings)
	}
	for _, st := range s.Settings {
		if want := map[string]int{"none": 3, "auto": 1}[st.Preprocess.Mode]; st.Pages != want || st.Truth != "" {
			t.Errorf("%s: %d pages (truth %q), want %d", st.Preprocess.Mode, st.Pages, st.Truth, want)
		}
	}
	if s.Settings[0].Preprocess.Mode != "auto" {
		t.Errorf("settings not in a stable order: %+v", s.Settings)
	}
}

func TestNewImage(t *testing.T) {
	for _, tc := range []struct {
		file, override, dpi float64
		source              string
	}{
		{300, 0, 300, "file"},
		{300, 200, 200, "override"},
		{0, 200, 200, "override"},
		{0, 0, 0, "unknown"},
	} {
		im := NewImage(Image{Format: "png", DPIFile: tc.file}, tc.override)
		if im.DPI != tc.dpi || im.DPISource != tc.source || im.DPIFile != tc.file || im.Format != "png" {
			t.Errorf("file %g, --dpi %g: %+v, want %g from %s", tc.file, tc.override, im, tc.dpi, tc.source)
		}
	}
}

func TestNewOCR(t *testing.T) {
	e := EngineSettings{Tesseract: "5.3.0", Lang: "rus", PSM: 4, Vars: map[string]string{"lstm_choice_mode": "2"}}
	p := &page.Page{Blocks: []page.Block{{Lines: []page.Line{{Words: []page.Word{{Text: "а", Conf: 90}, {Text: "б", Conf: 41.335}, {Text: "в", Conf: 50}}}}}}}
	o := NewOCR(e, map[string]string{"thresholding_method": "2"}, p, []Take{{Line: 1, From: "х", To: "а"}})
	if o.Engine != "5.3.0" || o.Lang != "rus" || o.PSM != 4 || o.Words != 3 || o.MeanConf == nil || *o.MeanConf != 60.45 || len(o.Combined) != 1 {
		t.Errorf("OCR %+v", o)
	}
	if len(o.Vars) != 2 || o.Vars["thresholding_method"] != "2" || o.Vars["lstm_choice_mode"] != "2" {
		t.Errorf("vars %v: want the engine's and the page's", o.Vars)
	}
	if len(e.Vars) != 1 {
		t.Errorf("the engine's variables were changed: %v", e.Vars)
	}
	// a page read in its own mode (a line image) records that mode as its psm
	o = NewOCR(e, map[string]string{ocr.PSMVar: "7"}, p, nil)
	if o.PSM != 7 || len(o.Vars) != 1 || o.Vars[ocr.PSMVar] != "" {
		t.Errorf("a page read in psm 7: psm %d, vars %v", o.PSM, o.Vars)
	}
	if o := NewOCR(EngineSettings{}, nil, &page.Page{}, nil); o.MeanConf != nil || o.Vars != nil || o.Words != 0 {
		t.Errorf("nothing read: %+v", o)
	}
}

func TestNewTruth(t *testing.T) {
	tr := NewTruth("a.gt.txt", "input", "Ким Ир Сен", "Хим Ир Сен", "Ким Ир Сен")
	if tr.File != "a.gt.txt" || tr.From != "input" || tr.Raw.CER != 0.1 || tr.Corrected.CER != 0 || tr.Words.Fixed != 1 || tr.Words.Broken != 0 {
		t.Errorf("truth %+v", tr)
	}
}
