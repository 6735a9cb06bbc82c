package tesseract

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/ocr"
)

// readsRussian fails the test unless c reads a short page of Russian text.
func readsRussian(t *testing.T, c *Client) {
	t.Helper()
	h, err := c.HOCR(t.Context(), render(t, "Шифртелеграмма из Пхеньяна"), 300, nil)
	if err != nil {
		t.Fatalf("the page after: %v", err)
	}
	p, err := ocr.ParseHOCR(strings.NewReader(h))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Text(); !strings.Contains(got, "Шифртелеграмма") || !strings.Contains(got, "Пхеньяна") {
		t.Errorf("the page after read %q", got)
	}
}

// TestHOCRStops stops the recognition of a page of 40 lines once with a
// cancellation and once with a time limit, both half-way through the time
// the whole page takes (the faster of two readings). Each returns the
// context's cause before the recognition would have ended, and the same
// engine then reads the next page.
func TestHOCRStops(t *testing.T) {
	testtools.Tesseract(t, "rus")
	c, err := New(Config{Lang: "rus", PSM: 4, Vars: runVars})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	img := render(t, pageLines()...)
	whole := time.Duration(math.MaxInt64)
	for range 2 {
		start := time.Now()
		if _, err := c.HOCR(t.Context(), img, 300, nil); err != nil {
			t.Fatal(err)
		}
		whole = min(whole, time.Since(start))
	}
	engine := c.e

	errLimit := errors.New("timed out")
	for _, tc := range []struct {
		name string
		ctx  func(after time.Duration) (context.Context, func())
		want error
	}{
		{"cancelled", func(after time.Duration) (context.Context, func()) {
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(after, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"time limit", func(after time.Duration) (context.Context, func()) {
			return context.WithTimeoutCause(t.Context(), after, errLimit)
		}, errLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Stopped while it reads lines, Tesseract returns at the next
			// line and the engine stays; stopped in layout analysis, which
			// it does not interrupt, the engine is replaced. On a loaded
			// machine half the quiet time may still fall in the layout
			// analysis: then try later in the page, up to three times.
			var tries []string
			for _, frac := range []float64{0.5, 0.7, 0.85} {
				after := time.Duration(float64(whole) * frac)
				ctx, cancel := tc.ctx(after)
				start := time.Now()
				_, err := c.HOCR(ctx, img, 300, nil)
				took := time.Since(start)
				cancel()
				if !errors.Is(err, tc.want) {
					t.Fatalf("error %v, want %v", err, tc.want)
				}
				tries = append(tries, fmt.Sprintf("stopped at %v, returned %v later, engine kept %v",
					after.Round(time.Millisecond), (took-after).Round(time.Millisecond), c.e == engine))
				// it returns long before a whole page's time has passed
				// again (a loose bound: this is no benchmark)
				if took >= after+2*whole {
					t.Errorf("returned after %v: the recognition was not stopped (a whole page takes %v)", took, whole)
				}
				readsRussian(t, c)
				if c.e == engine {
					t.Logf("whole page %v; %s", whole.Round(time.Millisecond), strings.Join(tries, "; "))
					return
				}
				engine = c.e
			}
			t.Errorf("the engine was replaced every time: Tesseract did not stop between lines (whole page %v; %s)", whole, strings.Join(tries, "; "))
		})
	}
}

// specks is a page of fine random specks, on which Tesseract spends seconds
// in layout analysis and finds no text.
func specks(w, h int) *image.Gray {
	r := rand.New(rand.NewPCG(1, 2))
	noise := make([]int, w*h)
	for i := range noise {
		noise[i] = r.IntN(256)
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			sum := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					sum += noise[(y+dy)*w+x+dx]
				}
			}
			if sum < 9*128 {
				img.Pix[y*img.Stride+x] = 0
			} else {
				img.Pix[y*img.Stride+x] = 255
			}
		}
	}
	return img
}

// TestHOCRStoppedInLayout stops a page while Tesseract analyses its layout,
// which it cannot interrupt: HOCR returns anyway, the client reads the next
// page with a fresh engine and frees the old one when its layout analysis
// ends. (HOCR waits stopWait for a stopped recognition; a short wait here
// makes sure it gives up before the layout analysis ends on any machine.)
func TestHOCRStoppedInLayout(t *testing.T) {
	testtools.Tesseract(t, "rus")
	defer func(d time.Duration) { stopWait = d }(stopWait)
	stopWait = 10 * time.Millisecond
	c, err := New(Config{Lang: "rus", PSM: 4, Vars: runVars})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	img := specks(2000, 2800)
	start := time.Now()
	if _, err := c.HOCR(t.Context(), img, 300, nil); err != nil {
		t.Fatal(err)
	}
	whole := time.Since(start)
	engine := c.e

	ctx, cancel := context.WithTimeout(t.Context(), whole/10)
	defer cancel()
	start = time.Now()
	_, err = c.HOCR(ctx, img, 300, nil)
	took := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the deadline", err)
	}
	t.Logf("layout analysis %v; stopped at %v, returned %v later", whole.Round(time.Millisecond), whole/10, (took - whole/10).Round(time.Millisecond))
	if took >= whole {
		t.Errorf("returned after %v, no sooner than the whole page (%v)", took, whole)
	}
	old := engine.idle
	readsRussian(t, c)
	if c.e == engine {
		t.Error("the engine still busy with the stopped page was not replaced")
	}
	select {
	case <-old:
	case <-time.After(10 * whole):
		t.Error("the stopped recognition never returned")
	}
}
