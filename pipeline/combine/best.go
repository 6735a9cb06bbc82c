package combine

import (
	"fmt"
	"image"
	"math"
	"slices"

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
// plausibility, both to two decimals as the page record shows them, and the
// number of lines read (0: the whole page).
type Scored struct {
	Variant      string
	MeanConf     float64
	Plausibility float64
	Lines        int
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
// and, when under Below of its letters are in words judge knows, asks read
// for the other variants' readings of the lines that hold a word Words may
// replace (Lines), and replaces the anchor's unknown words by their known
// ones in the same place, in its page and, spliced with their characters'
// alternatives, in its hOCR. The anchor's page is changed in place. The
// decision is taken on the plausibility as recorded (two decimals), so that
// the record explains it.
func Best(anchor Reading, judge Judge, read func(lines []int) ([]Reading, error)) (Result, error) {
	res := Result{Reading: anchor, Read: []Scored{score(anchor, judge)}}
	if res.Read[0].Plausibility >= Below {
		return res, nil
	}
	lines := Lines(anchor.Page, judge.Known)
	if len(lines) == 0 {
		return res, nil
	}
	others, err := read(lines)
	if err != nil {
		return Result{}, err
	}
	pages := make([]*page.Page, len(others))
	for i, o := range others {
		pages[i] = o.Page
		sc := score(o, judge)
		sc.Lines = len(lines)
		res.Read = append(res.Read, sc)
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

// Lines returns the numbers (page.Page.Lines) of the lines of p that hold a
// word Words may replace: one with a box, at least two letters and no digit,
// that known rejects. Only these lines need reading again: the others'
// words are kept whatever another reading says.
func Lines(p *page.Page, known Known) []int {
	var out []int
	for _, lr := range p.Lines() {
		for _, w := range lr.Line.Words {
			if !w.Box.Empty() && eligible(w.Text) && !known(w.Text) {
				out = append(out, lr.No)
				break
			}
		}
	}
	return out
}

func score(r Reading, judge Judge) Scored {
	conf, _ := r.Page.MeanConf()
	return Scored{Variant: r.Variant, MeanConf: round2(conf), Plausibility: round2(judge.Plausibility(r.Page))}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Bands returns the parts of the image p was read from that hold its lines
// numbered lines, each line's box widened by its height on either side and
// by a quarter of it above and below, within bounds: what another variant
// must read again of a page (Masked).
func Bands(p *page.Page, lines []int, bounds image.Rectangle) []image.Rectangle {
	var out []image.Rectangle
	for _, lr := range p.Lines() {
		if !slices.Contains(lines, lr.No) || lr.Line.Box.Empty() {
			continue
		}
		b := lr.Line.Box
		h := b.Y1 - b.Y0
		r := image.Rect(b.X0-h, b.Y0-h/4, b.X1+h, b.Y1+h/4).Intersect(bounds)
		if !r.Empty() {
			out = append(out, r)
		}
	}
	return out
}

// Masked returns a copy of img, white (255) but within bands: a page to
// read again only there, the same size as img so that every box read on it
// lies where it lies on img.
func Masked(img *image.Gray, bands []image.Rectangle) *image.Gray {
	out := image.NewGray(img.Rect)
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for _, b := range bands {
		b = b.Intersect(img.Rect)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			copy(out.Pix[out.PixOffset(b.Min.X, y):out.PixOffset(b.Max.X, y)], img.Pix[img.PixOffset(b.Min.X, y):img.PixOffset(b.Max.X, y)])
		}
	}
	return out
}
