package report

import (
	"bytes"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/spravka/spravka/pipeline/record"
)

// QualityRun is one run of the pipeline over a folder, named after what
// distinguishes it (the preprocessing mode).
type QualityRun struct {
	Name    string
	Summary *record.Summary
}

// QualityTable lays the runs side by side: per page with a transcription, the
// CER and WER of the raw OCR and the CER of the corrected text in each run;
// then the totals (sums of edits over sums of lengths) and the seconds per page.
func QualityTable(runs []QualityRun) string {
	var names []string
	byRun := make([]map[string]*record.Page, len(runs))
	for i, r := range runs {
		byRun[i] = map[string]*record.Page{}
		for _, p := range r.Summary.Records {
			byRun[i][p.Name] = p
			if p.Truth != nil && !slices.Contains(names, p.Name) {
				names = append(names, p.Name)
			}
		}
	}
	slices.Sort(names)
	var b bytes.Buffer
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "page\t")
	for _, r := range runs {
		fmt.Fprintf(w, "%s raw CER\traw WER\tcorrected CER\t", r.Name)
	}
	fmt.Fprintln(w)
	for _, n := range names {
		fmt.Fprintf(w, "%s\t", n)
		for i := range runs {
			p := byRun[i][n]
			if p == nil || p.Truth == nil {
				fmt.Fprint(w, "failed\t-\t-\t")
				continue
			}
			fmt.Fprintf(w, "%.3f\t%.3f\t%.3f\t", p.Truth.Raw.CER, p.Truth.Raw.WER, p.Truth.Corrected.CER)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprint(w, "total\t")
	for _, r := range runs {
		if t := r.Summary.Truth; t != nil {
			fmt.Fprintf(w, "%.3f\t%.3f\t%.3f\t", t.Raw.CER, t.Raw.WER, t.Corrected.CER)
		} else {
			fmt.Fprint(w, "-\t-\t-\t")
		}
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "seconds per page: wall\t")
	for _, r := range runs {
		fmt.Fprintf(w, "%.2f\t\t\t", r.Summary.Timing.PerPage)
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "preprocessing, per page\t")
	for _, r := range runs {
		fmt.Fprintf(w, "%.2f\t\t\t", perPage(r.Summary, "preprocess"))
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "recognition, per page\t")
	for _, r := range runs {
		fmt.Fprintf(w, "%.2f\t\t\t", perPage(r.Summary, "ocr"))
	}
	fmt.Fprintln(w)
	w.Flush()
	return b.String()
}

func perPage(s *record.Summary, stage string) float64 {
	n := s.Pages.Total - s.Pages.Skipped
	if n == 0 {
		return 0
	}
	return s.Timing.Stages[stage] / float64(n)
}
