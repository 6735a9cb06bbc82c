package scan

import (
	"fmt"

	"github.com/spravka/spravka/pipeline/pdf"
)

// decodePDF reads page k of the PDF at path into p. A page that is a scan
// (an image over at least half of it) is drawn at the scan's own resolution,
// which gives its pixels back one to one, whatever its compression (JPEG,
// JPEG 2000, JBIG2, CCITT, Flate) and however the page turns it; any other
// page is drawn at opt.RenderDPI. Its size is checked before it is drawn.
func decodePDF(p *Page, path string, k int, opt Options) error {
	n, err := pdf.Count(path)
	if err != nil {
		return err
	}
	if k < 1 || k > n {
		return fmt.Errorf("page %d of %d does not exist", k, n)
	}
	layout, err := pdf.Layout(path, k)
	if err != nil {
		return fmt.Errorf("page %d: %w", k, err)
	}
	var w, h int
	var dpi float64
	gray := false
	if im, ok := layout.Scan(); ok {
		var dpiY float64
		w, h, dpi, dpiY = layout.Pixels(im)
		gray = im.Gray
		dpi = min(dpi, dpiY)
		p.Note = fmt.Sprintf("the page's scan, %d×%d pixels, read pixel for pixel", im.Width, im.Height)
		if im.Turned {
			p.Note += " (turned by the page)"
		}
	} else {
		dpi = cmpOr(opt.RenderDPI, 300)
		w, h = max(1, int(layout.Width*dpi/72+0.5)), max(1, int(layout.Height*dpi/72+0.5))
		p.Note = fmt.Sprintf("the page is not one scan: drawn at %.0f dpi", dpi)
	}
	if layout.Hidden > 0 {
		p.Note += "; it holds invisible text already (an earlier text layer)"
	}
	if px := int64(w) * int64(h); opt.MaxPixels > 0 && px > opt.MaxPixels {
		return fmt.Errorf("page %d is %d×%d = %d pixels, more than the limit of %d", k, w, h, px, opt.MaxPixels)
	}
	img, err := pdf.Render(path, k, w, h, gray)
	if err != nil {
		return fmt.Errorf("page %d: %w", k, err)
	}
	p.Image, p.Width, p.Height = img, w, h
	switch {
	case dpi < opt.MinDPI || dpi > opt.MaxDPI:
		p.DPINote = fmt.Sprintf("the page states %.0f dpi, outside %.0f–%.0f: ignored", dpi, opt.MinDPI, opt.MaxDPI)
	default:
		p.DPI = dpi
	}
	return nil
}

func cmpOr(v, def float64) float64 {
	if v > 0 {
		return v
	}
	return def
}
