package ocr

import (
	"fmt"
	"html"
	"image"
	"regexp"
	"strings"

	"github.com/spravka/spravka/pipeline/page"
)

// MapBoxes moves every box of p through f (from the recognised image's pixels
// to the scan's, say) and sets the page size to size.
func MapBoxes(p *page.Page, size image.Point, f func(image.Rectangle) image.Rectangle) {
	m := func(b *page.Box) {
		if b.Empty() {
			return
		}
		r := f(image.Rect(b.X0, b.Y0, b.X1, b.Y1))
		*b = page.Box{X0: r.Min.X, Y0: r.Min.Y, X1: r.Max.X, Y1: r.Max.Y}
	}
	p.Width, p.Height = size.X, size.Y
	for bi := range p.Blocks {
		b := &p.Blocks[bi]
		m(&b.Box)
		for li := range b.Lines {
			l := &b.Lines[li]
			m(&l.Box)
			for wi := range l.Words {
				m(&l.Words[wi].Box)
			}
		}
	}
}

var (
	pageBBox  = regexp.MustCompile(`(class='ocr_page'[^>]*?)bbox -?\d+ -?\d+ -?\d+ -?\d+`)
	bboxProp  = regexp.MustCompile(`bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)`)
	imageProp = regexp.MustCompile(`image "[^"]*"`)
)

// pagePlaceholder stands for the ocr_page's bbox while the others are mapped.
const pagePlaceholder = "bbox page"

// MapHOCR rewrites the bbox of every element of an hOCR document through f,
// sets the ocr_page's bbox to the whole of size and names imageName as the page's
// image. Other geometric properties (baseline, x_size) stay in the recognised
// image's terms.
func MapHOCR(hocr, imageName string, size image.Point, f func(image.Rectangle) image.Rectangle) string {
	out := imageProp.ReplaceAllLiteralString(hocr, `image "`+html.EscapeString(imageName)+`"`)
	out = pageBBox.ReplaceAllString(out, "${1}"+pagePlaceholder)
	out = bboxProp.ReplaceAllStringFunc(out, func(m string) string {
		var x0, y0, x1, y1 int
		fmt.Sscanf(m, "bbox %d %d %d %d", &x0, &y0, &x1, &y1)
		b := f(image.Rect(x0, y0, x1, y1))
		return fmt.Sprintf("bbox %d %d %d %d", b.Min.X, b.Min.Y, b.Max.X, b.Max.Y)
	})
	return strings.Replace(out, pagePlaceholder, fmt.Sprintf("bbox 0 0 %d %d", size.X, size.Y), 1)
}
