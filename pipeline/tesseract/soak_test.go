package tesseract

import (
	"os"
	"runtime/debug"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// TestSoakRSS recognises the same page 50 times, as spravka run configures
// the engine (with per-character alternatives, whose hOCR is most of a
// megabyte), once through the adapter and once through gosseract's
// HOCRText, the baseline that leaks every hOCR, and measures how the C heap
// in use and the resident memory (after returning Go's free memory) grow a
// page between the 10th page and the 50th. The adapter must not leak; the
// baseline must, or the measure sees nothing. SOAK=1 go test -run Soak -v
func TestSoakRSS(t *testing.T) {
	if os.Getenv("SOAK") == "" {
		t.Skip("a soak run: set SOAK=1")
	}
	testtools.Tesseract(t, "rus")
	img := render(t, pageLines()...)
	const from, to = 10, 50
	growth := map[bool]float64{}
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
		var heap0, rss0 float64
		for i := 1; i <= to; i++ {
			h, err := read()
			if err != nil {
				t.Fatal(err)
			}
			if i == 1 && adapter {
				t.Logf("hOCR of the page: %d bytes", len(h))
			}
			if i == from || i == to {
				debug.FreeOSMemory()
				heap, rss := float64(cHeapInUse()), rss(t)*1024
				if i == from {
					heap0, rss0 = heap, rss
					continue
				}
				growth[adapter] = (heap - heap0) / (to - from)
				t.Logf("through the adapter %v: C heap in use %.1f → %.1f MB, %.0f kB a page; resident %.1f → %.1f MB, %.0f kB a page",
					adapter, heap0/(1<<20), heap/(1<<20), growth[adapter]/1024, rss0/(1<<20), rss/(1<<20), (rss-rss0)/(to-from)/1024)
			}
		}
		c.Close()
	}
	if growth[true] > 16<<10 {
		t.Errorf("the adapter leaks %.0f kB a page", growth[true]/1024)
	}
	if growth[false] < 256<<10 {
		t.Errorf("gosseract's HOCRText leaks %.0f kB a page: the measure misses the leak it is there to see", growth[false]/1024)
	}
}
