package record

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/spravka/spravka/pipeline/accuracy"
)

// Summary is the record of a run (summary.json).
type Summary struct {
	// Tool names the run's software and its main settings.
	Tool Tool `json:"tool"`
	// Settings are the distinct settings the run's pages that are ok were
	// made with (their fingerprints without the transcription), each with
	// its number of pages: one entry when every page was read alike.
	Settings []Settings `json:"settings"`
	// Pages counts pages found, read (ok), failed, not finished, and skipped
	// because a resumed run found them up to date.
	Pages PageCounts `json:"pages"`
	// Failed lists every failed page with its error.
	Failed []Failure `json:"failed"`
	// Redone counts, in a resumed run, the pages read again, by reason.
	Redone map[string]int `json:"redone,omitempty"`
	// NotRead lists the files under the input folder that are not read, and why.
	NotRead []NotRead `json:"not_read"`
	// NotFinished names the pages an interrupted run did not finish (never
	// started, or stopped before their record was written).
	NotFinished []string `json:"not_finished,omitempty"`
	// Corrections counts applied and suggested changes, and applied ones by rule.
	Corrections CorrectionCounts `json:"corrections"`
	// Truth totals the comparison with manual transcriptions over the pages that have one.
	Truth *TruthTotals `json:"truth,omitempty"`
	// PDFs lists the searchable PDFs written (one per input PDF), and any
	// that could not be.
	PDFs []PDF `json:"pdfs,omitempty"`
	// Interrupted is true when the run was stopped before it finished.
	Interrupted bool `json:"interrupted"`
	// Timing is the only part that changes from run to run.
	Timing Timing `json:"timing"`
	// Records are the run's page records in input order (not written into summary.json).
	Records []*Page `json:"-"`
}

// Tool names the engine and the main settings of a run.
type Tool struct {
	Spravka    string `json:"spravka"`
	Engine     string `json:"engine"`
	Lang       string `json:"lang"`
	PSM        int    `json:"psm"`
	Preprocess string `json:"preprocess"`
	Workers    int    `json:"workers"`
	// Shard names the run's shard ("1-of-3"), empty for a run of the whole input.
	Shard string `json:"shard,omitempty"`
}

// PageCounts counts pages by outcome: Total is OK + Failed + NotFinished;
// Skipped pages (up to date from an earlier run) are among the OK ones.
type PageCounts struct {
	Total       int `json:"total"`
	OK          int `json:"ok"`
	Failed      int `json:"failed"`
	NotFinished int `json:"not_finished"`
	Skipped     int `json:"skipped"`
	Words       int `json:"words"`
	// NotRead counts the files not read (Summary.NotRead).
	NotRead int `json:"files_not_read"`
}

// Settings are settings some of a run's pages were made with.
type Settings struct {
	Pages int `json:"pages"`
	Fingerprint
}

// NotRead is a file under the input folder that is not read, and why.
type NotRead struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Failure is one failed page.
type Failure struct {
	Name  string `json:"name"`
	Input string `json:"input"`
	Error string `json:"error"`
}

// PDF is one searchable PDF: its file, its input, its pages, how many of
// them carry text (the others failed or hold no word) and how many of those
// the reviewed text; Error says why it was not written.
type PDF struct {
	File     string `json:"file"`
	Input    string `json:"input"`
	Pages    int    `json:"pages"`
	Text     int    `json:"pages_with_text"`
	Reviewed int    `json:"pages_reviewed"`
	// PDFA is "PDF/A-2b" when the file claims it; NotPDFA says why a file
	// is a plain PDF (what in its input PDF/A forbids or spravka does not check).
	PDFA    string `json:"pdfa,omitempty"`
	NotPDFA string `json:"not_pdfa,omitempty"`
	// Images says how the images of a PDF made from image files are kept
	// (one entry per kind: "JPEG, as it is (DCT)", …).
	Images []string `json:"images,omitempty"`
	// Key identifies what the file was made from (its input, every page's
	// text and size, spravka's version): a resumed run leaves a PDF whose
	// key has not changed as it is.
	Key   string `json:"key,omitempty"`
	Error string `json:"error,omitempty"`
}

// PDFsFailed counts the searchable PDFs that could not be written.
func (s *Summary) PDFsFailed() int {
	n := 0
	for _, p := range s.PDFs {
		if p.Error != "" {
			n++
		}
	}
	return n
}

// CorrectionCounts counts corrections over the run.
type CorrectionCounts struct {
	Applied   int            `json:"applied"`
	Suggested int            `json:"suggested"`
	ByRule    map[string]int `json:"applied_by_rule"`
}

// TruthTotals sums the page comparisons with manual transcriptions.
type TruthTotals struct {
	Pages     int              `json:"pages"`
	Raw       Rates            `json:"raw"`
	Corrected Rates            `json:"corrected"`
	Words     accuracy.Changes `json:"words"`
}

// Timing holds seconds: Wall for the whole run, Stages the time spent in each
// stage summed over pages (several workers run at once, so the sum can exceed
// Wall), PerPage the wall time per page read.
type Timing struct {
	Wall    float64            `json:"wall_s"`
	PerPage float64            `json:"per_page_s"`
	Stages  map[string]float64 `json:"stages_s"`
	// PagesHeld is the most pages whose images were in memory at once,
	// OCRIdle the seconds the recognisers waited for a page to read.
	PagesHeld int     `json:"pages_held,omitempty"`
	OCRIdle   float64 `json:"ocr_idle_s"`
}

// Add counts one page record into the summary.
func (s *Summary) Add(p *Page) {
	s.Pages.Total++
	if p.Status != StatusOK {
		s.Pages.Failed++
		s.Failed = append(s.Failed, Failure{Name: p.Name, Input: p.Input, Error: p.Error})
		return
	}
	s.Pages.OK++
	if p.Fingerprint != nil {
		s.addSettings(p.Fingerprint.Settings())
	}
	if p.OCR != nil {
		s.Pages.Words += p.OCR.Words
	}
	if c := p.Correction; c != nil {
		s.Corrections.Applied += c.Applied
		s.Corrections.Suggested += c.Suggested
		for _, x := range c.Corrections {
			if x.Applied {
				if s.Corrections.ByRule == nil {
					s.Corrections.ByRule = map[string]int{}
				}
				s.Corrections.ByRule[x.Rule]++
			}
		}
	}
	if t := p.Truth; t != nil {
		if s.Truth == nil {
			s.Truth = &TruthTotals{}
		}
		s.Truth.Pages++
		s.Truth.Raw = s.Truth.Raw.Add(t.Raw)
		s.Truth.Corrected = s.Truth.Corrected.Add(t.Corrected)
		s.Truth.Words = s.Truth.Words.Add(t.Words)
	}
}

// addSettings counts one page made with f, keeping the settings in a stable order.
func (s *Summary) addSettings(f Fingerprint) {
	key := func(f Fingerprint) string {
		b, _ := json.Marshal(f)
		return string(b)
	}
	k := key(f)
	for i := range s.Settings {
		if key(s.Settings[i].Fingerprint) == k {
			s.Settings[i].Pages++
			return
		}
	}
	s.Settings = append(s.Settings, Settings{Pages: 1, Fingerprint: f})
	slices.SortFunc(s.Settings, func(a, b Settings) int { return strings.Compare(key(a.Fingerprint), key(b.Fingerprint)) })
}

// AddNotFinished counts pages that were found and not finished.
func (s *Summary) AddNotFinished(names ...string) {
	s.Pages.Total += len(names)
	s.Pages.NotFinished += len(names)
	s.NotFinished = append(s.NotFinished, names...)
}
