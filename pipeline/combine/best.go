package combine

import (
	"fmt"
	"math"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
)

// Below is the share of known words under which mode best reads a page's
// other variants and combines the readings word by word: pages read well
// enough (clean ones score 0.98 and more) cost one recognition.
const Below = 0.95

// Judge tells how plausible a reading is (the share of its letters in
// words it knows) and whether a word is known; the corrector is the real
// one.
type Judge interface {
	Plausibility(p *page.Page) float64
	Known(word string) bool
}

// Reading is one variant's recognition of a page: its hOCR and the page
// read from it, with the boxes of every reading of the page in the same
// coordinates.
type Reading struct {
	Variant string
	HOCR    string
	Page    *page.Page
}

// Scored is a variant read, with its reading's mean word confidence and
// plausibility, both to two decimals as the page record shows them.
type Scored struct {
	Variant      string
	MeanConf     float64
	Plausibility float64
}

// Result is what Best made of a page.
type Result struct {
	// Reading is the anchor's, with the words taken from the others.
	Reading
	// Read lists every variant read, the anchor first.
	Read []Scored
	// Takes lists the words taken, in page order.
	Takes []Take
}

// Best is mode best's policy for one page. It scores the anchor's reading
// and, when under Below of its letters are in words judge knows, gets the
// other variants' readings from read and replaces the anchor's unknown words
// by their known ones in the same place (Words), in its page and, spliced
// with their characters' alternatives, in its hOCR. The anchor's page is
// changed in place. The decision is taken on the plausibility as recorded
// (two decimals), so that the record explains it.
func Best(anchor Reading, judge Judge, read func() ([]Reading, error)) (Result, error) {
	res := Result{Reading: anchor, Read: []Scored{score(anchor, judge)}}
	if res.Read[0].Plausibility >= Below {
		return res, nil
	}
	others, err := read()
	if err != nil {
		return Result{}, err
	}
	pages := make([]*page.Page, len(others))
	for i, o := range others {
		pages[i] = o.Page
		res.Read = append(res.Read, score(o, judge))
	}
	res.Takes = Words(anchor.Page, pages, judge.Known)
	splices := make([]ocr.Splice, len(res.Takes))
	for i, t := range res.Takes {
		o := others[t.Reading-1]
		splices[i] = ocr.Splice{ID: t.ID, From: o.HOCR, FromID: t.TakenID, Tag: "_" + o.Variant}
	}
	if res.HOCR, err = ocr.SpliceWords(anchor.HOCR, splices); err != nil {
		return Result{}, fmt.Errorf("combining readings: %w", err)
	}
	return res, nil
}

func score(r Reading, judge Judge) Scored {
	conf, _ := r.Page.MeanConf()
	return Scored{Variant: r.Variant, MeanConf: round2(conf), Plausibility: round2(judge.Plausibility(r.Page))}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
