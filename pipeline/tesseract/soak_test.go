package tesseract

import (
	"os"
	"runtime/debug"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// TestSoakRSS recognises the same page 100 times, as spravka run configures
// the engine (with per-character alternatives, whose hOCR is most of a
// megabyte), and logs the resident memory after returning Go's free memory to
// the system, once through the adapter (hocr.go) and once through gosseract's
// HOCRText, the baseline that leaks. SOAK=1 go test -run Soak -v
func TestSoakRSS(t *testing.T) {
	if os.Getenv("SOAK") == "" {
		t.Skip("a soak run: set SOAK=1")
	}
	testtools.Tesseract(t, "rus")
	img := render(t, pageLines()...)
	for _, adapter := range []bool{true, false} {
		c, err := New(Config{Lang: "rus", PSM: 3, Vars: map[string]string{"lstm_choice_mode": "2"}})
		if err != nil {
			t.Fatal(err)
		}
		read := func() (string, error) { return c.HOCR(t.Context(), img, 300, nil) }
		if !adapter {
			read = func() (string, error) {
				if err := c.e.g.SetImageFromBytes(pgm(img)); err != nil {
					return "", err
				}
				return c.e.g.HOCRText()
			}
		}
		var at20 float64
		for i := 1; i <= 100; i++ {
			h, err := read()
			if err != nil {
				t.Fatal(err)
			}
			if i == 1 {
				t.Logf("hOCR of the page: %d bytes", len(h))
			}
			if i == 20 || i == 100 {
				debug.FreeOSMemory()
				m := rss(t)
				if i == 20 {
					at20 = m
				} else {
					t.Logf("through the adapter %v: resident %.1f MB after 20 pages, %.1f MB after 100: %.0f kB a page",
						adapter, at20/1024, m/1024, (m-at20)/80)
				}
			}
		}
		c.Close()
	}
}
