package pipeline

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/record"
)

// Why a resumed run reads a page again (the keys of summary.json's "redone").
const (
	WhyNew        = "not done before"
	WhyFailed     = "failed before"
	WhyInput      = "input changed"
	WhyUnknown    = "made without a fingerprint (older spravka)"
	WhySpravka    = "spravka version changed"
	WhyTesseract  = "Tesseract version changed"
	WhyData       = "language data changed"
	WhyLang       = "language changed"
	WhyPSM        = "page segmentation mode changed"
	WhyVars       = "engine variables changed"
	WhyMode       = "preprocessing mode changed"
	WhyDPI        = "--dpi changed"
	WhyPrep       = "preprocessing options changed"
	WhyCorrection = "correction options changed"
	WhyLexicons   = "lexicons changed"
	WhyDictionary = "dictionary changed"
	WhyTruth      = "transcription changed"
	WhyOutputs    = "outputs missing"
)

// UpToDate decides whether a page an earlier run left (old, nil when it has
// no record) can stand: it did not fail, it was read from the same input
// (inputSHA) with the same fingerprint (fp), and every file it lists and
// every file this run would write (planned) is present. When the page must
// be read again it says why: every part of the fingerprint that differs,
// joined by "; " (--preprocess none also changes the default psm: "preprocessing
// mode changed; page segmentation mode changed"), or the first other reason.
func UpToDate(old *record.Page, inputSHA string, fp record.Fingerprint, planned []string, present func(name string) bool) (bool, string) {
	switch {
	case old == nil:
		return false, WhyNew
	case old.Status != record.StatusOK:
		return false, WhyFailed
	case old.Image == nil || old.Image.SHA256 != inputSHA:
		return false, WhyInput
	case old.Fingerprint == nil:
		return false, WhyUnknown
	}
	was, now := old.Fingerprint, &fp
	var why []string
	for _, c := range []struct {
		same bool
		why  string
	}{
		{was.Spravka == now.Spravka, WhySpravka},
		{was.Engine.Tesseract == now.Engine.Tesseract, WhyTesseract},
		{slices.Equal(was.Engine.Data, now.Engine.Data), WhyData},
		{was.Preprocess.Mode == now.Preprocess.Mode, WhyMode},
		{was.Preprocess.DPI == now.Preprocess.DPI, WhyDPI},
		{was.Preprocess.Options == now.Preprocess.Options, WhyPrep},
		{was.Engine.Lang == now.Engine.Lang, WhyLang},
		{was.Engine.PSM == now.Engine.PSM && was.Engine.LinePSM == now.Engine.LinePSM, WhyPSM},
		{maps.Equal(was.Engine.Vars, now.Engine.Vars), WhyVars},
		{was.Correction.Options == now.Correction.Options, WhyCorrection},
		{slices.Equal(was.Correction.Lexicons, now.Correction.Lexicons), WhyLexicons},
		{slices.Equal(was.Correction.Dictionary, now.Correction.Dictionary), WhyDictionary},
		{was.Truth == now.Truth, WhyTruth},
	} {
		if !c.same {
			why = append(why, c.why)
		}
	}
	if len(why) > 0 {
		return false, strings.Join(why, "; ")
	}
	for _, o := range old.Outputs {
		if !present(o) {
			return false, WhyOutputs
		}
	}
	for _, p := range planned {
		if !slices.Contains(old.Outputs, p) || !present(p) {
			return false, WhyOutputs
		}
	}
	return true, ""
}

// makeSettings returns the fingerprint every page of the run shares: all of it
// but the transcription. The engine's data files are hashed here, once a run.
func (r *runner) makeSettings(e ocr.Settings) (record.Fingerprint, error) {
	c := r.cfg
	fp := record.Fingerprint{
		Spravka:    c.Version,
		Engine:     record.EngineSettings{Tesseract: e.Version, Data: []record.File{}, Lang: e.Lang, PSM: e.PSM, LinePSM: c.LinePSM, Vars: e.Vars},
		Preprocess: record.PreprocessSettings{Mode: string(c.Preprocess), DPI: c.DPI},
		Correction: c.Correction,
	}
	var err error
	if fp.Preprocess.Options, err = record.HashJSON(struct{ Prep, Scan any }{c.Prep, c.Scan}); err != nil {
		return fp, err
	}
	for _, p := range e.Data {
		f, err := record.HashFile(p)
		if err != nil {
			return fp, fmt.Errorf("engine data: %w", err)
		}
		fp.Engine.Data = append(fp.Engine.Data, f)
	}
	return fp, nil
}
