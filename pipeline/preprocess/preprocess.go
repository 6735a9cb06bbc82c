package preprocess

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
)

// Step is one applied step as listed in the page record, with the numbers
// that describe what it did (JSON sorts the keys, so records are stable).
type Step struct {
	Name   string             `json:"name"`
	Params map[string]float64 `json:"params,omitempty"`
}

// Result is one preprocessed page, ready for Tesseract.
type Result struct {
	// Image is what Tesseract gets: a cleaned gray page, or a binarised one
	// (0 ink, 255 paper). Its origin is (0, 0).
	Image *image.Gray
	// DPI is the real resolution of Image, after any scaling: hand it to
	// Tesseract as user_defined_dpi.
	DPI int
	// Skew is the skew found, in degrees, counter-clockwise as seen on the
	// scan (0 when deskewing did not run or found too little text).
	Skew float64
	// Steps lists what was applied, in order.
	Steps []Step
	// Vars are Tesseract variables this variant wants set, or nil.
	Vars map[string]string
	// Variant names the recipe: "none", "auto" or the alternative's name in
	// best mode.
	Variant string
	// OneLine says the page's text is a single line (a line image; step
	// "oneline"): it reads best with a single-line page segmentation mode.
	OneLine bool
	// Source is the bounds of the image given to Run or Variants: for a
	// decoded file, the page after EXIF orientation.
	Source image.Rectangle
	// Transform maps a point of Image to the point of the source image it
	// was taken from, in the source's own coordinates (its Bounds): the
	// steps that move pixels (deskew, crop, scale) undone in reverse order.
	// Transform.Box maps a box; clip the result to Source.
	Transform Affine

	// pre is the page the threshold was taken of, kept for Gray, and
	// grayReach Gray's reach in its pixels; nil and 0 when Image is not
	// auto's binarised page or Gray is off.
	pre       *image.Gray
	grayReach int
}

// Gray returns the gray image of auto's binarised page: the page as it was
// before the threshold (flattened, stretched, deskewed, cropped, median
// filtered, maybe enlarged), with its grey levels kept within
// Options.Gray.Reach x-heights of the ink the threshold found (after dust
// removal) and white beyond. Tesseract binarises it itself for the layout
// (Vars ask for its Sauvola) while its recogniser reads the grey strokes:
// on faint and battered pages of thin type, where the threshold swells
// blurred strokes into blobs and fills counters, it reads better; on
// carbons and clean pages worse. The pipeline reads it only in the poorly
// read lines of a page whose bilevel reading is very poor (combine.Gray;
// see docs/preprocessing.md). Gray returns nil when there is
// none: not auto's page, no text found, or Gray.Off. It does not change r.
func (r *Result) Gray() *Result {
	if r.pre == nil || r.grayReach <= 0 {
		return nil
	}
	g := *r
	g.Variant = "gray"
	g.Image = keepNearInk(r.pre, r.Image, r.grayReach)
	g.Vars = map[string]string{"thresholding_method": "2"}
	g.Steps = append(append([]Step(nil), r.Steps...), Step{Name: "gray", Params: map[string]float64{"reach": float64(r.grayReach)}})
	g.pre, g.grayReach = nil, 0
	return &g
}

// keepNearInk returns g with every pixel farther than d pixels (in a
// square) from the ink (0) of bin, a page of g's size, made white.
func keepNearInk(g, bin *image.Gray, d int) *image.Gray {
	near := rankFilter(bin, d, false) // the ink spread by d
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		src := g.Pix[y*g.Stride : y*g.Stride+w]
		dst := near.Pix[y*w : (y+1)*w]
		for x, v := range src {
			if dst[x] == 0 {
				dst[x] = v
			}
		}
	}
	return near
}

// maxPixels bounds the images Run accepts (a 600-dpi A3 page is 35 Mpx).
const maxPixels = 400_000_000

// Run preprocesses one decoded page. img may be of any image type: colour,
// 16-bit, paletted and CMYK pages are reduced to 8-bit luma and transparency
// is composited on white. dpi is the page's resolution, 0 when unknown: the
// analysis then assumes Options.AssumedDPI and the DPI reported is estimated
// from the measured x-height (Options.TypicalXHeight).
//
// ModeNone converts to 8-bit gray and does nothing else; its DPI is dpi
// rounded, or AssumedDPI when dpi is 0. ModeAuto runs every step. ModeBest
// returns the same page as ModeAuto: use Variants for the alternatives.
//
// Run does not modify img, keeps no state between calls and is safe for
// concurrent use; the same input gives the same bytes.
func Run(img image.Image, dpi float64, mode Mode, opt Options) (*Result, error) {
	return RunContext(context.Background(), img, dpi, mode, opt)
}

// RunContext is Run that gives up when ctx is done, returning
// context.Cause(ctx): it looks between steps, so it returns within the time
// of one step (a run is stopped within a fraction of a second).
func RunContext(ctx context.Context, img image.Image, dpi float64, mode Mode, opt Options) (*Result, error) {
	if err := checkImage(img); err != nil {
		return nil, fmt.Errorf("preprocess: %w", err)
	}
	opt = opt.withDefaults()
	if math.IsNaN(dpi) || math.IsInf(dpi, 0) || dpi < 0 {
		dpi = 0
	}
	switch mode {
	case ModeNone:
		d := dpi
		if d == 0 {
			d = opt.AssumedDPI
		}
		b := img.Bounds()
		return &Result{Image: toGray(img), DPI: int(math.Round(d)), Steps: []Step{{Name: "gray"}}, Variant: "none",
			Source: b, Transform: translation(float64(b.Min.X), float64(b.Min.Y))}, nil
	case ModeAuto, ModeBest, "":
		p, err := prepare(ctx, grayView(img), img.Bounds(), dpi, opt)
		if err != nil {
			return nil, err
		}
		return p.finish(ctx, "auto", opt.Scale, opt.Threshold, opt.Dust, opt.Gray)
	}
	return nil, fmt.Errorf("preprocess: unknown mode %q", mode)
}

// Variants returns the results that best mode tries for one page, the auto
// result first. The steps up to the choice of scale and thresholding (gray,
// border, flattening, deskew, crop, despeckle, median) run once and are
// shared. Each variant costs the pipeline one more Tesseract pass.
func Variants(img image.Image, dpi float64, opt Options) ([]*Result, error) {
	return VariantsContext(context.Background(), img, dpi, opt)
}

// VariantsContext is Variants that gives up when ctx is done, as RunContext.
func VariantsContext(ctx context.Context, img image.Image, dpi float64, opt Options) ([]*Result, error) {
	if err := checkImage(img); err != nil {
		return nil, fmt.Errorf("preprocess variants: %w", err)
	}
	opt = opt.withDefaults()
	if math.IsNaN(dpi) || math.IsInf(dpi, 0) || dpi < 0 {
		dpi = 0
	}
	p, err := prepare(ctx, grayView(img), img.Bounds(), dpi, opt)
	if err != nil {
		return nil, err
	}
	auto, err := p.finish(ctx, "auto", opt.Scale, opt.Threshold, opt.Dust, opt.Gray)
	if err != nil {
		return nil, err
	}
	out := []*Result{auto}
	for _, v := range alternatives(opt) {
		if p.bilevel && v.threshold.Heal == 0 {
			continue // a clean bilevel page is not thresholded: auto's image again
		}
		if v.scale != opt.Scale || v.threshold != opt.Threshold {
			res, err := p.finish(ctx, v.name, v.scale, v.threshold, opt.Dust, GrayOptions{Off: true})
			if err != nil {
				return nil, err
			}
			out = append(out, res)
		}
	}
	return out, nil
}

// variant is one of best mode's alternatives to auto.
type variant struct {
	name      string
	scale     ScaleOptions
	threshold ThresholdOptions
}

// alternatives lists best mode's variants besides auto: our Sauvola with a
// higher k ("clean": thinner strokes, cleaner paper) and auto's threshold
// after a grey-level closing of 0.08 x-heights ("healed": strokes broken by
// a worn ribbon or a carbon's dropout bridged, at the price of filled
// counters in bold faces). They share every step with auto but the last, so
// each costs one thresholding and one recognition. Among the variants
// measured (Sauvola k 0.15, Tesseract's own Sauvola on the gray page, a
// wider window, flattening windows of 0.08 and 0.15 in, a 0.04 closing),
// this pair gave the combined readings the fewest errors (see package
// combine).
func alternatives(opt Options) []variant {
	clean, healed := opt.Threshold, opt.Threshold
	clean.Method, clean.K = "sauvola", 0.25
	healed.Heal = 0.08
	return []variant{
		{name: "clean", scale: opt.Scale, threshold: clean},
		{name: "healed", scale: opt.Scale, threshold: healed},
	}
}

func checkImage(img image.Image) error {
	if img == nil {
		return errors.New("no image")
	}
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return fmt.Errorf("empty image %dx%d", b.Dx(), b.Dy())
	}
	if int64(b.Dx())*int64(b.Dy()) > maxPixels {
		return fmt.Errorf("image %dx%d is larger than %d pixels", b.Dx(), b.Dy(), maxPixels)
	}
	return nil
}

// prepared is a page after the steps every variant shares.
type prepared struct {
	gray  *image.Gray // cleaned page at the scan's own resolution
	dpi   float64     // its resolution: given, or estimated from the x-height
	xh    float64     // x-height in pixels of gray, 0 when no text was found
	skew  float64
	steps []Step
	src   image.Rectangle // the source image's bounds
	toSrc Affine          // maps a point of gray to the source image
	// bilevel: a clean bilevel page (step "bilevel"), binarised already.
	bilevel bool
	// oneLine: the text is one line (step "oneline").
	oneLine bool

	scaled *image.Gray // gray upscaled, once a variant has asked for it
}

// prepare runs the shared steps on g, the source image of bounds src
// converted to gray (origin at (0, 0)). g may be the caller's pixels
// (grayView): the first step that changes pixels writes a new image. It
// stops between steps when ctx is done.
func prepare(ctx context.Context, g *image.Gray, src image.Rectangle, dpi float64, opt Options) (*prepared, error) {
	if opt.Background.Off {
		g = cloneGray(g) // the steps below change it in place
	}
	p := &prepared{steps: []Step{{Name: "gray"}}, src: src, toSrc: translation(float64(src.Min.X), float64(src.Min.Y))}
	if !opt.Bilevel.Off {
		// A bilevel page, black on white or far apart, is clean when its
		// pixel noise is low: then it is not flattened, filtered or
		// binarised again.
		if lo, hi, ok := twoLevels(g); ok && int(hi)-int(lo) >= 128 {
			noise := lonePixels(g, lo)
			p.bilevel = noise <= opt.Bilevel.MaxNoise
			clean := 0.0
			if p.bilevel {
				clean = 1
			}
			p.steps = append(p.steps, Step{Name: "bilevel", Params: map[string]float64{"noise": round(noise, 4), "clean": clean}})
		}
	}
	if p.bilevel && !opt.Background.Off {
		g = cloneGray(g) // the steps below change it in place
	}
	work := dpi
	if work == 0 {
		work = opt.AssumedDPI
	}

	// Border and background on a copy at about 75 dpi.
	f := max(1, int(math.Round(work/75)))
	doFlatten := !opt.Background.Off && !p.bilevel
	if !opt.Border.Off || doFlatten {
		s := shrink(g, f)
		hist := histogram(s)
		paper := percentile(&hist, 0.8)
		var border []bool
		r := max(1, int(math.Round(opt.Background.Window*work/float64(f))))
		closed := closing(s, r)
		if !opt.Border.Off {
			mask, cover := findBorder(s, closed, uint8(opt.Border.Black*float64(paper)), uint8(opt.Border.Dark*float64(paper)), uint8(float64(paper)/10), 2)
			if mask != nil && cover >= 0.001 && cover <= opt.Border.MaxCover {
				border = mask
				for i, b := range border {
					if b {
						s.Pix[i] = paper // shrink's stride is its width
					}
				}
				closed = closing(s, r)
				p.steps = append(p.steps, Step{Name: "border", Params: map[string]float64{"cover": round(cover, 3)}})
			}
		}
		if err := stopped(ctx); err != nil {
			return nil, err
		}
		if doFlatten {
			var hist [256]int
			g, hist = flatten(g, boxBlur(closed, r), f, border)
			p.steps = append(p.steps, Step{Name: "flatten", Params: map[string]float64{"radius": float64(r * f)}})
			if ink, paper, ok := inkAndPaper(&hist); ok {
				stretch(g, ink, paper, uint8(opt.Background.InkLevel))
				p.steps = append(p.steps, Step{Name: "stretch", Params: map[string]float64{"ink": float64(ink), "paper": float64(paper)}})
			}
		} else if border != nil {
			whiteOut(g, border, f, s.Rect.Dx())
		}
	}

	if err := stopped(ctx); err != nil {
		return nil, err
	}

	// Text analysis on a copy at about 150 dpi.
	fa := max(1, int(math.Round(work/150)))
	a := shrink(g, fa)
	ahist := histogram(a)
	thr := min(otsu(&ahist), 200)
	comps := components(a, thr)
	xh := xHeight(comps)
	p.steps = append(p.steps, Step{Name: "measure", Params: map[string]float64{"xheight": xh * float64(fa)}})

	if err := stopped(ctx); err != nil {
		return nil, err
	}
	if !opt.Deskew.Off && xh > 0 {
		pts := baselinePoints(comps, xh)
		if angle, ok := estimateSkew(pts, opt.Deskew.MaxAngle, 0.25, opt.Deskew.Step, math.Max(1, xh/8)); ok {
			p.skew = round(angle, 2)
			p.steps = append(p.steps, Step{Name: "deskew", Params: map[string]float64{"angle": p.skew}})
			minAngle := opt.Deskew.MinAngle
			if p.bilevel {
				minAngle = max(minAngle, opt.Bilevel.MinAngle)
			}
			if math.Abs(angle) >= minAngle {
				p.toSrc = p.toSrc.after(rotationBack(g.Rect.Dx(), g.Rect.Dy(), -angle))
				g = rotate(g, -angle, 255)
				a = shrink(g, fa)
				comps = components(a, thr)
			}
		}
	}

	if err := stopped(ctx); err != nil {
		return nil, err
	}
	if xh > 0 && !opt.Despeckle.Off {
		specks := findSpecks(comps, xh, opt.Despeckle.MaxSize, opt.Despeckle.Reach, opt.Despeckle.Punct)
		for _, c := range specks {
			fill(g, image.Rect(c.X0*fa-fa, c.Y0*fa-fa, c.X1*fa+fa, c.Y1*fa+fa), 255)
		}
		p.steps = append(p.steps, Step{Name: "despeckle", Params: map[string]float64{"removed": float64(len(specks))}})
	}

	box, text := image.Rectangle{}, false
	if xh > 0 {
		box, text = textBox(comps, xh, a.Rect)
	}
	if text && !opt.OneLine.Off {
		if lines := float64(box.Dy()) / xh; lines <= opt.OneLine.MaxHeight {
			p.oneLine = true
			p.steps = append(p.steps, Step{Name: "oneline", Params: map[string]float64{"height": round(lines, 2)}})
			// every mark on the line stays inside the crop
			box = lineBox(comps, box, xh)
		}
	}
	if text && !opt.Crop.Off {
		margin := int(math.Round(opt.Crop.Margin * work / float64(fa)))
		r := box.Inset(-margin).Intersect(a.Rect)
		r = image.Rect(r.Min.X*fa, r.Min.Y*fa, r.Max.X*fa, r.Max.Y*fa).Intersect(g.Rect)
		if r != g.Rect && !r.Empty() {
			g = g.SubImage(r).(*image.Gray) // a view: the median below copies it
			p.toSrc = p.toSrc.after(translation(float64(r.Min.X), float64(r.Min.Y)))
			p.steps = append(p.steps, Step{Name: "crop", Params: map[string]float64{
				"x0": float64(r.Min.X), "y0": float64(r.Min.Y), "x1": float64(r.Max.X), "y1": float64(r.Max.Y)}})
		}
	}

	if err := stopped(ctx); err != nil {
		return nil, err
	}
	if !opt.Median.Off && !p.bilevel {
		g = median3(g)
		p.steps = append(p.steps, Step{Name: "median", Params: map[string]float64{"size": 3}})
	} else if g.Rect.Min != (image.Point{}) {
		g = cloneGray(g) // the crop, with its origin at (0, 0)
	}

	p.gray = g
	p.xh = xh * float64(fa)
	p.dpi = dpi
	if dpi == 0 {
		p.dpi = opt.AssumedDPI
		if p.xh > 0 {
			p.dpi = math.Round(min(max(p.xh/opt.TypicalXHeight, 100), 1200))
		}
	}
	return p, stopped(ctx)
}

// stopped returns context.Cause(ctx) once ctx is done, nil before.
func stopped(ctx context.Context) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// finish scales and thresholds the prepared page as one variant and, when
// it is binarised, removes the dust and keeps what Result.Gray needs (unless
// gr.Off). It stops between steps when ctx is done.
func (p *prepared) finish(ctx context.Context, name string, sc ScaleOptions, th ThresholdOptions, du DustOptions, gr GrayOptions) (*Result, error) {
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	res := &Result{Skew: p.skew, Steps: append([]Step(nil), p.steps...), Variant: name, Source: p.src, Transform: p.toSrc, OneLine: p.oneLine}
	g := p.gray
	xh, dpi := p.xh, p.dpi
	if p.bilevel {
		// a clean bilevel page keeps its size (and best mode's variants
		// with it, whose images must all be the same size)
		sc.Off = true
	}
	if !sc.Off && xh > 0 && xh < sc.MinXHeight {
		factor := min(sc.TargetXHeight/xh, sc.MaxFactor)
		w := int(math.Round(float64(g.Rect.Dx()) * factor))
		h := int(math.Round(float64(g.Rect.Dy()) * factor))
		// imaging maps the output's pixel centres onto the input's, so a
		// point scales by the ratio of the sizes on each axis.
		res.Transform = res.Transform.after(scaling(float64(g.Rect.Dx())/float64(w), float64(g.Rect.Dy())/float64(h)))
		if p.scaled == nil || p.scaled.Rect.Dx() != w || p.scaled.Rect.Dy() != h {
			p.scaled = resize(g, w, h) // kept: best mode's variants share it
		}
		g = p.scaled
		xh *= factor
		dpi *= factor
		res.Steps = append(res.Steps, Step{Name: "scale", Params: map[string]float64{"factor": round(factor, 3), "xheight": round(xh, 1)}})
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	if p.bilevel && th.Heal == 0 {
		// A clean bilevel page is binarised already: a threshold and dust
		// removal could only change its strokes. Tesseract gets it as
		// scanned, but for the border, the crop and a large skew.
		res.Image = g
		res.DPI = int(math.Round(dpi))
		return res, nil
	}
	if hr := int(math.Round(th.Heal * xh)); hr > 0 {
		g = heal(g, hr)
		res.Steps = append(res.Steps, Step{Name: "heal", Params: map[string]float64{"radius": float64(hr)}})
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	r := max(2, int(math.Round(th.Window*max(xh, 10))))
	pre := g
	switch th.Method {
	case "sauvola":
		g = sauvola(g, r, th.K)
		res.Steps = append(res.Steps, Step{Name: "sauvola", Params: map[string]float64{"radius": float64(r), "k": th.K}})
	case "wolf":
		g = wolf(g, r, th.K)
		res.Steps = append(res.Steps, Step{Name: "wolf", Params: map[string]float64{"radius": float64(r), "k": th.K}})
	default:
		res.Vars = map[string]string{"thresholding_method": "2"}
	}
	if err := stopped(ctx); err != nil {
		return nil, err
	}
	if res.Vars == nil && !du.Off && xh > 0 {
		n := removeDust(g, xh, du.MaxSize, du.Gap)
		res.Steps = append(res.Steps, Step{Name: "dust", Params: map[string]float64{"removed": float64(n)}})
	}
	if res.Vars == nil && !gr.Off && xh > 0 {
		res.pre, res.grayReach = pre, max(1, int(math.Round(gr.Reach*xh)))
	}
	res.Image = g
	res.DPI = int(math.Round(dpi))
	return res, nil
}

// inkAndPaper finds the levels to stretch a flattened page between. Paper is
// the median level (paper is most of any page); the paper's noise σ comes
// from its lower quartile; ink is the median of the pixels more than 4σ
// darker than paper. It declines when under 0.2 % of the page is ink or
// the contrast is already full.
func inkAndPaper(hist *[256]int) (uint8, uint8, bool) {
	paper := int(percentile(hist, 0.5))
	q1 := int(percentile(hist, 0.25))
	sigma := max(float64(paper-q1)/0.674, 2)
	cut := paper - int(math.Ceil(4*sigma))
	if cut <= 0 {
		return 0, 0, false
	}
	var ink [256]int
	n, total := 0, 0
	for v, c := range hist {
		total += c
		if v < cut {
			ink[v] = c
			n += c
		}
	}
	if n*500 < total {
		return 0, 0, false
	}
	lo := percentile(&ink, 0.5)
	if lo < 24 && paper > 250 {
		return 0, 0, false
	}
	return lo, uint8(paper), true
}

// whiteOut paints white the pixels of g whose cell in a mask of width mw
// (one cell per f×f block) is set.
func whiteOut(g *image.Gray, mask []bool, f, mw int) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		m := mask[(y/f)*mw:]
		for x := range row {
			if m[x/f] {
				row[x] = 255
			}
		}
	}
}

// fill paints r (clipped to g) with v.
func fill(g *image.Gray, r image.Rectangle, v uint8) {
	r = r.Intersect(g.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := g.Pix[y*g.Stride+r.Min.X : y*g.Stride+r.Max.X]
		for x := range row {
			row[x] = v
		}
	}
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
