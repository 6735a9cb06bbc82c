package combine

import (
	"fmt"
	"slices"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
)

// GrayBelow is the mean word confidence under which a page reads so poorly
// that its gray image (preprocess.Result.Gray) reads it better: the page's
// lines that read under GrayLineBelow are read again from the gray image,
// and the gray reading of each taken (Gray). On the development pages the
// pages of devscans-hard (thin type, faint or battered: the threshold
// swells their blurred strokes into blobs) scored 51.7-58.9 bilevel, and
// their whole gray reading had fewer raw errors than the bilevel one on
// four of them and one more on one (722 against 775; corrected 459 against
// 514); mean confidence chose badly between the two readings there (it
// kept the bilevel reading of two hard pages whose gray one was better,
// 477 corrected errors against 459), so under this gate the gray reading is
// taken without asking. Pages between this gate and GrayWholeBelow are
// read whole again and the more confident reading kept (grayWhole). See
// docs/preprocessing.md.
const GrayBelow = 60

// GrayLineBelow is the mean word confidence under which a line of a page
// read under GrayBelow is read again from the gray image. The lines that
// read better keep their reading: on devscans-hard a tenth of the lines,
// whose gray reading changed little (every line read again: 721 raw and
// 453 corrected errors; under 80: 717 and 456). A lower gate leaves lines
// the gray image reads better: under 70, 730 and 472.
const GrayLineBelow = 80

// GrayWholeBelow is the mean word confidence under which a page read at
// GrayBelow or more is read again whole from its gray image, and the gray
// reading kept when it is the more confident (MoreConfident), as every page
// under 80 was before the line-by-line reading. On the poor and carbon
// pages of devscans (60.6-77.5) the gray reading had more errors on three
// and as many on one (318 against 281 raw) and was always the less
// confident, so the bilevel reading is kept; on the two real scans of
// ../shared/realscans that score 66-67 it was five to nine points the more
// confident and the better (514 corrected errors without it against 491);
// taking the gray lines of those pages without asking, or leaving them
// unread, lost on both sets (docs/preprocessing.md).
const GrayWholeBelow = 80

// GrayRead is what Gray did with a page's gray image.
type GrayRead struct {
	// Read is the gray reading, scored over the lines it read (Lines).
	Read Scored
	// Taken lists the lines (page.Page.Lines numbers) whose reading was
	// taken from the gray image, in page order.
	Taken []int
}

// Gray is the policy for a page's gray image. When the anchor's reading
// scores under GrayBelow, it asks read for the gray image's reading of the
// anchor's lines that score under GrayLineBelow (GrayLines) and takes each
// line of it that stands where one of these stands (TakeLines). read returns
// a reading whose boxes are in the anchor's coordinates, or a Reading
// without a page when the page has no gray image. The anchor's page is
// changed in place. A page on which the anchor found no line at all is
// read whole from the gray image (read is asked for no lines), and its
// reading is the page's when it found any. A page read well enough, or
// without a gray image, is left as it is, with a nil GrayRead.
func Gray(anchor Reading, read func(lines []int) (Reading, error)) (Reading, *GrayRead, error) {
	if len(anchor.Page.Lines()) == 0 {
		return grayWhole(anchor, read, func(other Reading) bool { return len(other.Page.Lines()) > 0 })
	}
	lines := GrayLines(anchor.Page)
	if len(lines) == 0 {
		if conf, ok := anchor.Page.MeanConf(); ok && conf < GrayWholeBelow {
			return grayWhole(anchor, read, func(other Reading) bool { return MoreConfident(other, anchor) })
		}
		return anchor, nil, nil
	}
	other, err := read(lines)
	if err != nil || other.Page == nil {
		return anchor, nil, err
	}
	g := grayRead(other, len(lines))
	anchor, g.Taken, err = TakeLines(anchor, other, lines)
	return anchor, g, err
}

// GrayLines returns the numbers (page.Page.Lines) of the lines of p to read
// again from the page's gray image: none when p's mean word confidence is
// GrayBelow or more (or p has no line); otherwise each line whose mean
// word confidence is under GrayLineBelow, or that has no word with a
// confidence.
func GrayLines(p *page.Page) []int {
	if conf, ok := p.MeanConf(); ok && conf >= GrayBelow {
		return nil
	}
	var out []int
	for _, lr := range p.Lines() {
		if conf, ok := lineConf(lr.Line); !ok || conf < GrayLineBelow {
			out = append(out, lr.No)
		}
	}
	return out
}

// TakeLines replaces each line of anchor numbered in lines by the line
// other read in the same place: the line of other whose box overlaps it
// most (sameLine), that overlaps no other line of anchor more. The line
// taken brings its words, confidences, alternatives and box into anchor's
// page (changed in place), and its line element into anchor's hOCR
// (ocr.SpliceWords, the line keeping its id, the ids inside it tagged with
// other's variant; the words of the page take the same ids). A line other
// did not read in one piece is left as it is. The boxes of both readings
// must be in the same coordinates. TakeLines returns anchor so changed and
// the numbers of the lines taken, in page order.
func TakeLines(anchor, other Reading, lines []int) (Reading, []int, error) {
	mine, theirs := anchor.Page.Lines(), other.Page.Lines()
	tag := "_" + other.Variant
	var taken []int
	var splices []ocr.Splice
	for _, lr := range mine {
		l := lr.Line
		if !slices.Contains(lines, lr.No) || l.ID == "" || l.Box.Empty() {
			continue
		}
		o := sameLine(l.Box, theirs)
		if o == nil || o.ID == "" || sameLine(o.Box, mine) != l {
			continue
		}
		splices = append(splices, ocr.Splice{ID: l.ID, From: other.HOCR, FromID: o.ID, Tag: tag})
		words := slices.Clone(o.Words)
		for i := range words {
			if words[i].ID != "" {
				words[i].ID += tag
			}
		}
		l.Words, l.Box = words, o.Box
		taken = append(taken, lr.No)
	}
	if len(splices) == 0 {
		return anchor, nil, nil
	}
	h, err := ocr.SpliceWords(anchor.HOCR, splices)
	if err != nil {
		return Reading{}, nil, fmt.Errorf("taking lines of the %s reading: %w", other.Variant, err)
	}
	anchor.HOCR = h
	return anchor, taken, nil
}

// sameLine returns the line of lines whose box overlaps b most, measured as
// the intersection over union of their vertical extents, if that is at
// least a half and the boxes overlap horizontally.
func sameLine(b page.Box, lines []page.LineRef) *page.Line {
	var best *page.Line
	bv := 0.5
	for _, lr := range lines {
		o := lr.Line.Box
		if min(b.X1, o.X1) <= max(b.X0, o.X0) {
			continue
		}
		in := min(b.Y1, o.Y1) - max(b.Y0, o.Y0)
		if in <= 0 {
			continue
		}
		if v := float64(in) / float64(max(b.Y1, o.Y1)-min(b.Y0, o.Y0)); v >= bv {
			best, bv = lr.Line, v
		}
	}
	return best
}

// lineConf is the mean confidence of the words of l that carry one, and
// false when none does.
func lineConf(l *page.Line) (float64, bool) {
	p := page.Page{Blocks: []page.Block{{Lines: []page.Line{*l}}}}
	return p.MeanConf()
}

// grayWhole reads the whole gray image of a page (read is asked for no
// lines) and keeps that reading when take says so: for a page read under
// GrayWholeBelow when it is the more confident, for a page the anchor found
// no line on when it found any.
func grayWhole(anchor Reading, read func(lines []int) (Reading, error), take func(other Reading) bool) (Reading, *GrayRead, error) {
	other, err := read(nil)
	if err != nil || other.Page == nil {
		return anchor, nil, err
	}
	g := grayRead(other, 0)
	if !take(other) {
		return anchor, g, nil
	}
	for _, lr := range other.Page.Lines() {
		g.Taken = append(g.Taken, lr.No)
	}
	return other, g, nil
}

// grayRead is the record of a gray reading of n lines (0: the whole page),
// scored over what it read.
func grayRead(other Reading, n int) *GrayRead {
	g := &GrayRead{Read: Scored{Variant: other.Variant, Lines: n}}
	if conf, ok := other.Page.MeanConf(); ok {
		g.Read.MeanConf = round2(conf)
	}
	return g
}

// MoreConfident reports whether b has a higher mean word confidence than a
// (a reading without one has none); a wins a tie.
func MoreConfident(b, a Reading) bool {
	cb, okb := b.Page.MeanConf()
	ca, oka := a.Page.MeanConf()
	return okb && (!oka || cb > ca)
}
