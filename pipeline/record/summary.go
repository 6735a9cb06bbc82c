package record

import "github.com/spravka/spravka/pipeline/accuracy"

// Summary is the record of a run (summary.json).
type Summary struct {
	// Tool says how the pages were read.
	Tool Tool `json:"tool"`
	// Pages counts pages found, read (ok), failed, and skipped because a resumed
	// run found them already done.
	Pages PageCounts `json:"pages"`
	// Failed lists every failed page with its error.
	Failed []Failure `json:"failed"`
	// Corrections counts applied and suggested changes, and applied ones by rule.
	Corrections CorrectionCounts `json:"corrections"`
	// Truth totals the comparison with manual transcriptions over the pages that have one.
	Truth *TruthTotals `json:"truth,omitempty"`
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
}

// PageCounts counts pages by outcome.
type PageCounts struct {
	Total   int `json:"total"`
	OK      int `json:"ok"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	Words   int `json:"words"`
}

// Failure is one failed page.
type Failure struct {
	Name  string `json:"name"`
	Input string `json:"input"`
	Error string `json:"error"`
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
