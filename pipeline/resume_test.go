package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/record"
)

// TestUpToDate changes each part of what makes a page in turn: only the page
// as it was made is up to date, and every change is named.
func TestUpToDate(t *testing.T) {
	fp := func() record.Fingerprint {
		return record.Fingerprint{
			Spravka: "v1.0.0+0123456789ab",
			Engine: record.EngineSettings{Tesseract: "5.3.0", Data: []record.File{{Name: "rus.traineddata", SHA256: "aa"}},
				Lang: "rus", PSM: 4, Vars: map[string]string{"lstm_choice_mode": "2"}},
			Preprocess: record.PreprocessSettings{Mode: "auto", Options: "bb"},
			Correction: record.CorrectionSettings{Options: "cc", Lexicons: []record.File{{Name: "persons.tsv", SHA256: "dd"}},
				Dictionary: []record.File{{Name: "ru_RU.aff", SHA256: "ee"}, {Name: "ru_RU.dic", SHA256: "ff"}}},
			Truth: "11",
		}
	}
	made := fp()
	old := func() *record.Page {
		f := fp()
		return &record.Page{Name: "a", Status: record.StatusOK, Image: &record.Image{SHA256: "in"}, Fingerprint: &f,
			Outputs: []string{"a.txt", "a.alto.xml"}}
	}
	planned := []string{"a.txt", "a.alto.xml"}
	all := func(string) bool { return true }
	tests := []struct {
		name    string
		old     func(*record.Page) *record.Page // the earlier run's record
		now     func(*record.Fingerprint)       // this run's fingerprint
		input   string
		planned []string
		present func(string) bool
		why     string
	}{
		{name: "as made", why: ""},
		{name: "no record", old: func(*record.Page) *record.Page { return nil }, why: WhyNew},
		{name: "failed", old: func(p *record.Page) *record.Page { p.Status = record.StatusFailed; return p }, why: WhyFailed},
		{name: "input", input: "other", why: WhyInput},
		{name: "old record", old: func(p *record.Page) *record.Page { p.Fingerprint = nil; return p }, why: WhyUnknown},
		{name: "spravka", now: func(f *record.Fingerprint) { f.Spravka = "v1.0.1" }, why: WhySpravka},
		{name: "dirty build", now: func(f *record.Fingerprint) { f.Spravka += "+dirty" }, why: WhySpravka},
		{name: "tesseract", now: func(f *record.Fingerprint) { f.Engine.Tesseract = "5.5.0" }, why: WhyTesseract},
		{name: "language data", now: func(f *record.Fingerprint) { f.Engine.Data = []record.File{{Name: "rus.traineddata", SHA256: "a2"}} }, why: WhyData},
		{name: "another language's data", now: func(f *record.Fingerprint) {
			f.Engine.Data = append(f.Engine.Data, record.File{Name: "eng.traineddata", SHA256: "e"})
		}, why: WhyData},
		{name: "lang", now: func(f *record.Fingerprint) { f.Engine.Lang = "rus+eng" }, why: WhyLang},
		{name: "psm", now: func(f *record.Fingerprint) { f.Engine.PSM = 3 }, why: WhyPSM},
		{name: "psm of line images", now: func(f *record.Fingerprint) { f.Engine.LinePSM = 13 }, why: WhyPSM},
		{name: "engine variable", now: func(f *record.Fingerprint) { f.Engine.Vars = map[string]string{"lstm_choice_mode": "0"} }, why: WhyVars},
		{name: "engine variable dropped", now: func(f *record.Fingerprint) { f.Engine.Vars = nil }, why: WhyVars},
		{name: "preprocess mode", now: func(f *record.Fingerprint) { f.Preprocess.Mode = "none" }, why: WhyMode},
		{name: "dpi", now: func(f *record.Fingerprint) { f.Preprocess.DPI = 300 }, why: WhyDPI},
		{name: "preprocess options", now: func(f *record.Fingerprint) { f.Preprocess.Options = "b2" }, why: WhyPrep},
		{name: "correction options", now: func(f *record.Fingerprint) { f.Correction.Options = "c2" }, why: WhyCorrection},
		{name: "lexicon edited", now: func(f *record.Fingerprint) {
			f.Correction.Lexicons = []record.File{{Name: "persons.tsv", SHA256: "d2"}}
		}, why: WhyLexicons},
		{name: "lexicon added", now: func(f *record.Fingerprint) {
			f.Correction.Lexicons = append(f.Correction.Lexicons, record.File{Name: "mine.tsv", SHA256: "m"})
		}, why: WhyLexicons},
		{name: "no dictionary", now: func(f *record.Fingerprint) { f.Correction.Dictionary = nil }, why: WhyDictionary},
		{name: "transcription", now: func(f *record.Fingerprint) { f.Truth = "12" }, why: WhyTruth},
		{name: "transcription removed", now: func(f *record.Fingerprint) { f.Truth = "" }, why: WhyTruth},
		{name: "output gone", present: func(n string) bool { return n != "a.alto.xml" }, why: WhyOutputs},
		{name: "new output planned", planned: []string{"a.txt", "a.alto.xml", "a.prep.png"}, why: WhyOutputs},
		{name: "fewer outputs planned", planned: []string{"a.txt"}, why: ""},
		{name: "--preprocess none", now: func(f *record.Fingerprint) { f.Preprocess.Mode, f.Engine.PSM = "none", 3 }, why: WhyMode + "; " + WhyPSM},
		{name: "settings and outputs", now: func(f *record.Fingerprint) { f.Engine.Lang = "eng" },
			present: func(string) bool { return false }, why: WhyLang},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := old()
			if tt.old != nil {
				o = tt.old(o)
			}
			now := fp()
			if tt.now != nil {
				tt.now(&now)
			}
			in := "in"
			if tt.input != "" {
				in = tt.input
			}
			pl, present := planned, all
			if tt.planned != nil {
				pl = tt.planned
			}
			if tt.present != nil {
				present = tt.present
			}
			ok, why := UpToDate(o, in, now, pl, present)
			if ok != (tt.why == "") || why != tt.why {
				t.Errorf("UpToDate = %v, %q; want %q", ok, why, tt.why)
			}
		})
	}
	if made.Engine.Vars["lstm_choice_mode"] != "2" {
		t.Error("the fingerprint was changed in place")
	}
}

// setEngine is a fake engine that reports settings it is given, a
// language data file among them, as the Tesseract client reports its own.
type setEngine struct {
	*fakeEngine
	set *ocr.Settings
}

func (e *setEngine) Settings() ocr.Settings { return *e.set }

// TestRunResumeKnowsWhatMadeAPage resumes with other settings: every page
// is read again and the summary says why; resumed with the same settings,
// only the failed pages are.
func TestRunResumeKnowsWhatMadeAPage(t *testing.T) {
	in, out := testInput(t), t.TempDir()
	data := filepath.Join(t.TempDir(), "rus.traineddata")
	os.WriteFile(data, []byte("model 1"), 0o644)
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	set := ocr.Settings{Version: "fake 1.0", Lang: "rus", PSM: 3, Data: []string{data}}
	newEngine := cfg.NewEngine
	cfg.NewEngine = func() (ocr.Engine, error) {
		e, err := newEngine()
		return &setEngine{e.(*fakeEngine), &set}, err
	}
	cfg.Correction = record.CorrectionSettings{Options: "c1", Lexicons: []record.File{{Name: "default", SHA256: "d1"}}}
	run := func(change func(*Config)) *record.Summary {
		t.Helper()
		c := cfg
		c.Resume = true
		if change != nil {
			change(&c)
		}
		calls.Store(0)
		sum, err := Run(context.Background(), c)
		if !errors.Is(err, ErrPagesFailed) {
			t.Fatal(err)
		}
		return sum
	}
	sum := run(nil)
	if sum.Redone[WhyNew] != 8 || sum.Pages.Skipped != 0 {
		t.Fatalf("first run: redone %v, skipped %d", sum.Redone, sum.Pages.Skipped)
	}
	c := readRecord(t, out, "c")
	if f := c.Fingerprint; f == nil || f.Engine.Lang != "rus" || f.Engine.PSM != 3 || len(f.Engine.Data) != 1 ||
		f.Engine.Data[0] != (record.File{Name: "rus.traineddata", SHA256: record.HashBytes([]byte("model 1"))}) ||
		f.Truth != record.HashBytes([]byte("страница 103x50\nРазуваев\n")) || f.Correction.Options != "c1" || f.Spravka != "test" {
		t.Fatalf("fingerprint %+v", c.Fingerprint)
	}
	if a := readRecord(t, out, "a"); a.Fingerprint.Truth != "" {
		t.Errorf("a page without a transcription has its hash %q", a.Fingerprint.Truth)
	}

	tests := []struct {
		name   string
		change func(*Config)
		why    string
	}{
		{"psm", func(*Config) { set.PSM = 6 }, WhyPSM},
		{"psm of line images", func(c *Config) { c.LinePSM = 7 }, WhyPSM},
		{"lang", func(*Config) { set.Lang = "rus+eng" }, WhyLang},
		{"variables", func(*Config) { set.Vars = map[string]string{"x": "1"} }, WhyVars},
		{"dpi", func(c *Config) { c.DPI = 200 }, WhyDPI},
		{"preprocess options", func(c *Config) { c.Prep.Threshold.K += 0.01 }, WhyPrep},
		{"correction", func(c *Config) { c.Correction.Options = "c2" }, WhyCorrection},
		{"version", func(c *Config) { c.Version = "test2" }, WhySpravka},
		{"language data", func(*Config) { os.WriteFile(data, []byte("model 2"), 0o644) }, WhyData},
	}
	// each change comes on top of the ones before
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change(&cfg)
			sum := run(nil)
			if sum.Redone[tt.why] != 6 || sum.Redone[WhyFailed] != 2 || sum.Pages.Skipped != 0 || calls.Load() < 6 {
				t.Errorf("redone %v, skipped %d, %d recognitions; want 6 pages for %q, 2 failed before", sum.Redone, sum.Pages.Skipped, calls.Load(), tt.why)
			}
			if len(sum.Settings) != 1 || sum.Settings[0].Pages != 6 {
				t.Errorf("settings %+v, want one for the 6 pages", sum.Settings)
			}
			// again with the same settings: nothing but the failed pages
			sum = run(nil)
			if sum.Pages.Skipped != 6 || len(sum.Redone) != 1 || sum.Redone[WhyFailed] != 2 {
				t.Errorf("rerun: skipped %d, redone %v", sum.Pages.Skipped, sum.Redone)
			}
		})
	}

	// the transcription of one page changes: that page alone
	os.WriteFile(filepath.Join(in, "c.gt.txt"), []byte("страница\n"), 0o644)
	sum = run(nil)
	if sum.Pages.Skipped != 5 || sum.Redone[WhyTruth] != 1 {
		t.Errorf("transcription changed: skipped %d, redone %v", sum.Pages.Skipped, sum.Redone)
	}
	// --force reads every page again
	sum = run(func(c *Config) { c.Force = true })
	if sum.Pages.Skipped != 0 || calls.Load() < 6 {
		t.Errorf("--force: skipped %d, %d recognitions", sum.Pages.Skipped, calls.Load())
	}
}
