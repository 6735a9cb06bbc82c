package tesseract

import (
	"os"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// TestSoakRSS recognises the same page 100 times and logs the resident
// memory, to see whether it settles (SOAK=1 go test -run Soak -v).
func TestSoakRSS(t *testing.T) {
	if os.Getenv("SOAK") == "" {
		t.Skip("a soak run: set SOAK=1")
	}
	testtools.Tesseract(t, "rus")
	img := render(t, pageLines()...)
	// as spravka run configures it: with per-character alternatives, whose hOCR is many times larger
	c, err := New(Config{Lang: "rus", PSM: 3, Vars: map[string]string{"lstm_choice_mode": "2"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var first, mid float64
	for i := 1; i <= 100; i++ {
		h, err := c.HOCR(img, 300, nil)
		if err != nil {
			t.Fatal(err)
		}
		switch i {
		case 1:
			t.Logf("hOCR of the page: %d bytes", len(h))
		case 20:
			first = rss(t)
		case 60:
			mid = rss(t)
		}
		if i%10 == 0 {
			t.Logf("page %3d: resident %.1f MB", i, rss(t)/1024)
		}
	}
	last := rss(t)
	t.Logf("growth per page after warm-up: pages 20-60 %.0f kB, pages 60-100 %.0f kB", (mid-first)/40, (last-mid)/40)
}
