//go:build eval

package preprocess

import (
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/spravka/spravka/pipeline/scan"
)

func TestDebugPunct(t *testing.T) {
	path := os.Getenv("PFILE")
	k := 1
	if os.Getenv("PPAGE") == "2" {
		k = 2
	}
	sp, err := scan.Decode(path, k, scan.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	opt := DefaultOptions()
	g := toGray(sp.Image)
	dpi := sp.DPI
	work := dpi
	if work == 0 {
		work = 300
	}
	_ = prepare(cloneGray(g), g.Rect, dpi, opt)
	// redo the analysis to get comps after deskew
	p := prepare(cloneGray(g), g.Rect, dpi, Options{Despeckle: DespeckleOptions{Off: true}, Crop: CropOptions{Off: true}, Median: MedianOptions{Off: true}}.withDefaults())
	fa := max(1, int(math.Round(work/150)))
	q := prepare(cloneGray(g), g.Rect, dpi, Options{Despeckle: DespeckleOptions{Off: true}, Crop: CropOptions{Off: true}, Median: MedianOptions{Off: true}, Deskew: DeskewOptions{Off: true}}.withDefaults())
	a0 := shrink(q.gray, fa)
	h := histogram(a0)
	thr := min(otsu(&h), 200)
	a := shrink(p.gray, fa)
	comps := components(a, thr)
	xh := p.xh / float64(fa)
	all := findSpecks(comps, xh, opt.Despeckle.MaxSize, opt.Despeckle.Reach, -1)
	kept := findSpecks(comps, xh, opt.Despeckle.MaxSize, opt.Despeckle.Reach, 2.5)
	keptSet := map[comp]bool{}
	for _, c := range kept {
		keptSet[c] = true
	}
	for _, c := range all {
		if keptSet[c] {
			continue
		}
		cx, cy := center(c)
		// nearest letter to the left on the line
		best := math.Inf(1)
		var bb comp
		for _, b := range comps {
			if !isChar(b, xh) || float64(max(b.w(), b.h())) <= opt.Despeckle.MaxSize*xh {
				continue
			}
			if cx >= float64(b.X0+b.X1)/2 && cx-float64(b.X1) <= 2.5*xh && cy >= float64(b.Y1)-0.6*xh && cy <= float64(b.Y1)+0.3*xh {
				if d := cx - float64(b.X1); d < best {
					best, bb = d, b
				}
			}
		}
		// darkness: mean level of the comp's pixels
		sum, n := 0, 0
		for y := c.Y0; y < c.Y1; y++ {
			for x := c.X0; x < c.X1; x++ {
				if v := a.Pix[y*a.Stride+x]; v <= thr {
					sum += int(v)
					n++
				}
			}
		}
		fmt.Printf("at %4d,%4d size %.2fx%.2f fill %.2f gap %.2f bottom-Y1 %.2f centre-Y1 %.2f dark %d thr %d\n", c.X0*fa, c.Y0*fa,
			float64(c.w())/xh, float64(c.h())/xh, float64(c.Area)/float64(c.w()*c.h()), best/xh, float64(c.Y1-bb.Y1)/xh, (cy-float64(bb.Y1))/xh, sum/max(n, 1), thr)
	}
}
