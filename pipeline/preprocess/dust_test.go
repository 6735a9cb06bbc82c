package preprocess

import (
	"image"
	"testing"
)

func TestRemoveDust(t *testing.T) {
	// A binarised page of text (x-height 21 pixels) with marks drawn clear
	// of the letters and beside them.
	page := textPage(1400, 700, 100, 150, 3, sampleLines[:3])
	for i, v := range page.Pix {
		page.Pix[i] = inkOr(v < 128)
	}
	const xh = 21.0
	text := inkBox(page)
	marks := []struct {
		name string
		r    image.Rectangle
		kept bool
	}{
		{"dust in the margin", image.Rect(40, 40, 43, 43), false},
		{"dust below the text", image.Rect(600, text.Max.Y+40, 603, text.Max.Y+42), false},
		{"dust on the larger side limit", image.Rect(60, 600, 63, 603), false},
		{"full stop in the margin", image.Rect(1300, 600, 1307, 607), true},
		{"fragment beside a letter", image.Rect(text.Min.X-5, text.Min.Y+20, text.Min.X-2, text.Min.Y+23), true},
	}
	for _, m := range marks {
		fill(page, m.r, 0)
	}
	before := inkIn(page, text)
	n := removeDust(page, xh, 0.18, 0.3)
	for _, m := range marks {
		if got := inkIn(page, m.r) > 0; got != m.kept {
			t.Errorf("%s at %v: kept %v, want %v", m.name, m.r, got, m.kept)
		}
	}
	if n != 3 {
		t.Errorf("removed %d marks, want 3", n)
	}
	// The letters (and the dots of i and j) are left alone.
	if after := inkIn(page, text); after != before {
		t.Errorf("text lost ink: %d pixels before, %d after", before, after)
	}
}
