package pipeline

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/preprocess"
)

// psmEngine is fakeEngine that notes the page segmentation mode each image
// asked for, by its width ("" for the engine's own).
type psmEngine struct {
	fakeEngine
	mu    *sync.Mutex
	asked map[int]string
}

func (e *psmEngine) HOCR(ctx context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error) {
	e.mu.Lock()
	e.asked[img.Bounds().Dx()] = vars[ocr.PSMVar]
	e.mu.Unlock()
	return e.fakeEngine.HOCR(ctx, img, dpi, vars)
}

// TestLineImageReadAsOneLine: in mode auto a line image is read in
// Config.LinePSM, set for that page alone and written in its record, and a
// page of several lines in the engine's own mode; with LinePSM 0 (a mode the
// user chose) every page is read in the engine's mode.
func TestLineImageReadAsOneLine(t *testing.T) {
	in := t.TempDir()
	for _, f := range []string{"lines/line02.png", "pages/typed-freemono.png"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "print", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, linePSM := range []int{7, 0} {
		out := t.TempDir()
		var calls atomic.Int64
		cfg, _ := testConfig(t, in, out, &calls)
		var mu sync.Mutex
		asked := map[int]string{}
		cfg.NewEngine = func() (ocr.Engine, error) {
			return &psmEngine{fakeEngine: fakeEngine{calls: &calls}, mu: &mu, asked: asked}, nil
		}
		cfg.Preprocess, cfg.DPI, cfg.LinePSM = preprocess.ModeAuto, 0, linePSM
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		line, page := readRecord(t, out, "line02"), readRecord(t, out, "typed-freemono")
		wantLine, wantAsk := 3, ""
		if linePSM != 0 {
			wantLine, wantAsk = linePSM, "7"
		}
		if line.OCR.PSM != wantLine || asked[line.Preprocess.Width] != wantAsk {
			t.Errorf("LinePSM %d: the line image was read in psm %q, recorded %d; want %q and %d", linePSM, asked[line.Preprocess.Width], line.OCR.PSM, wantAsk, wantLine)
		}
		if _, ok := line.OCR.Vars[ocr.PSMVar]; ok {
			t.Errorf("the mode is among the record's variables: %v", line.OCR.Vars)
		}
		if page.OCR.PSM != 3 || asked[page.Preprocess.Width] != "" {
			t.Errorf("LinePSM %d: the page was read in psm %q, recorded %d; want the engine's 3", linePSM, asked[page.Preprocess.Width], page.OCR.PSM)
		}
	}
}
