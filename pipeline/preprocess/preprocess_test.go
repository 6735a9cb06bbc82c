package preprocess

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/color/palette"
	"math"
	"strings"
	"sync"
	"testing"
)

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Mode
		ok   bool
	}{
		{"", ModeAuto, true}, {"auto", ModeAuto, true}, {"none", ModeNone, true},
		{"best", ModeBest, true}, {"Auto", "", false}, {"fast", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseMode(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("ParseMode(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestToGray(t *testing.T) {
	rect := image.Rect(0, 0, 2, 1)
	g16 := image.NewGray16(rect)
	g16.SetGray16(0, 0, color.Gray16{Y: 0x8080})
	g16.SetGray16(1, 0, color.Gray16{Y: 0xffff})
	cmyk := image.NewCMYK(rect)
	cmyk.SetCMYK(0, 0, color.CMYK{K: 255})                 // black
	cmyk.SetCMYK(1, 0, color.CMYK{C: 0, M: 0, Y: 0, K: 0}) // white
	pal := image.NewPaletted(rect, palette.Plan9)
	pal.SetColorIndex(0, 0, uint8(color.Palette(palette.Plan9).Index(color.Black)))
	pal.SetColorIndex(1, 0, uint8(color.Palette(palette.Plan9).Index(color.White)))
	nrgba := image.NewNRGBA(rect)
	nrgba.SetNRGBA(0, 0, color.NRGBA{0, 0, 0, 0})   // transparent black: paper
	nrgba.SetNRGBA(1, 0, color.NRGBA{0, 0, 0, 255}) // opaque black: ink
	rgba := image.NewRGBA(rect)
	rgba.SetRGBA(0, 0, color.RGBA{0, 0, 0, 128})   // half-transparent black
	rgba.SetRGBA(1, 0, color.RGBA{255, 0, 0, 255}) // red
	n64 := image.NewNRGBA64(rect)
	n64.SetNRGBA64(0, 0, color.NRGBA64{0, 0, 0, 0})
	n64.SetNRGBA64(1, 0, color.NRGBA64{0x3333, 0x3333, 0x3333, 0xffff})
	ycc := image.NewYCbCr(rect, image.YCbCrSubsampleRatio444)
	ycc.Y[0], ycc.Y[1] = 17, 230
	offset := image.NewGray(image.Rect(5, 5, 7, 6)) // origin not at (0,0)
	offset.SetGray(5, 5, color.Gray{Y: 9})
	offset.SetGray(6, 5, color.Gray{Y: 99})
	for _, tc := range []struct {
		name string
		img  image.Image
		want [2]uint8
	}{
		{"gray16", g16, [2]uint8{128, 255}},
		{"cmyk", cmyk, [2]uint8{0, 255}},
		{"paletted", pal, [2]uint8{0, 255}},
		{"nrgba alpha on white", nrgba, [2]uint8{255, 0}},
		{"rgba premultiplied", rgba, [2]uint8{127, 76}},
		{"nrgba64", n64, [2]uint8{255, 51}},
		{"ycbcr luma", ycc, [2]uint8{17, 230}},
		{"offset origin", offset, [2]uint8{9, 99}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := toGray(tc.img)
			if g.Rect != rect {
				t.Fatalf("bounds %v, want %v", g.Rect, rect)
			}
			if got := [2]uint8{g.Pix[0], g.Pix[1]}; got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		img  image.Image
	}{
		{"nil", nil},
		{"empty", image.NewGray(image.Rect(0, 0, 0, 0))},
		{"zero height", image.NewRGBA(image.Rect(0, 0, 10, 0))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Run(tc.img, 300, ModeAuto, Options{}); err == nil || !strings.HasPrefix(err.Error(), "preprocess: ") {
				t.Fatalf("err = %v, want a preprocess error", err)
			}
			if _, err := Variants(tc.img, 300, Options{}); err == nil {
				t.Fatal("Variants: no error")
			}
		})
	}
	if _, err := Run(image.NewGray(image.Rect(0, 0, 5, 5)), 300, Mode("fast"), Options{}); err == nil {
		t.Fatal("unknown mode: no error")
	}
}

func TestRunOddSizes(t *testing.T) {
	// Tiny, thin and blank pages go through every step without a panic and
	// keep their content's size.
	for _, r := range []image.Rectangle{
		image.Rect(0, 0, 1, 1), image.Rect(0, 0, 1, 500), image.Rect(0, 0, 700, 2),
		image.Rect(0, 0, 3, 3), image.Rect(0, 0, 64, 64),
	} {
		for _, v := range []uint8{0, 128, 255} {
			g := image.NewGray(r)
			for i := range g.Pix {
				g.Pix[i] = v
			}
			for _, dpi := range []float64{0, 72, 300, math.NaN(), -5} {
				res, err := Run(g, dpi, ModeAuto, Options{})
				if err != nil {
					t.Fatalf("%v %d dpi %v: %v", r, v, dpi, err)
				}
				if res.Image.Rect.Empty() || res.DPI <= 0 {
					t.Fatalf("%v %d dpi %v: image %v, DPI %d", r, v, dpi, res.Image.Rect, res.DPI)
				}
			}
		}
	}
}

func TestModeNone(t *testing.T) {
	img := image.NewRGBA(image.Rect(10, 10, 30, 20))
	res, err := Run(img, 0, ModeNone, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.DPI != 300 || res.Image.Rect != image.Rect(0, 0, 20, 10) || len(res.Steps) != 1 || res.Steps[0].Name != "gray" || res.Vars != nil {
		t.Fatalf("none: DPI %d, bounds %v, steps %v, vars %v", res.DPI, res.Image.Rect, res.Steps, res.Vars)
	}
	res, _ = Run(img, 199.6, ModeNone, Options{})
	if res.DPI != 200 {
		t.Fatalf("none keeps the DPI: got %d", res.DPI)
	}
}

func TestDeskewFindsAngle(t *testing.T) {
	base := textPage(1600, 1100, 200, 250, 3, sampleLines)
	opt := Options{Deskew: DeskewOptions{MinAngle: 100}} // measure only
	for _, angle := range []float64{-5, -3.3, -1.1, 0, 0.35, 1.9, 4.2, 5} {
		t.Run(formatAngle(angle), func(t *testing.T) {
			g := rotated(base, angle)
			addNoise(g, 20, 1)
			res, err := Run(g, 300, ModeAuto, opt)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(res.Skew-angle) > 0.1 {
				t.Fatalf("skew %.2f°, want %.2f° ± 0.1", res.Skew, angle)
			}
		})
	}
}

func formatAngle(a float64) string {
	b, _ := json.Marshal(a)
	return string(b)
}

func TestDeskewStraightens(t *testing.T) {
	// After correction a text line's ink spans few rows: a straight line of
	// text is as tall as its letters, a line skewed by 3° over 1200 pixels
	// would be 60 pixels taller.
	base := textPage(1600, 700, 200, 250, 3, sampleLines[:1])
	want := inkBox(base).Dy()
	res, err := Run(rotated(base, 3), 300, ModeAuto, Options{Threshold: ThresholdOptions{Method: "sauvola"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := inkBox(res.Image).Dy(); got > want+6 {
		t.Fatalf("deskewed line is %d pixels tall, straight one %d (skew found %.2f)", got, want, res.Skew)
	}
}

func TestBorderRemoved(t *testing.T) {
	// A page lying on a black scanner bed, off centre, with a grey ramp
	// across it: after Run no dark pixel is left outside the text's area.
	page := textPage(1500, 1000, 150, 200, 3, sampleLines)
	img := image.NewGray(image.Rect(0, 0, 1800, 1300))
	for i := range img.Pix {
		img.Pix[i] = 25
	}
	for y := 0; y < 1000; y++ {
		for x := 0; x < 1500; x++ {
			img.Pix[(y+120)*img.Stride+x+220] = uint8(int(page.Pix[y*page.Stride+x]) * (255 - x/20) / 255)
		}
	}
	addNoise(img, 10, 2)
	text := inkBox(page).Add(image.Pt(220, 120))
	res, err := Run(img, 300, ModeAuto, Options{Crop: CropOptions{Off: true}})
	if err != nil {
		t.Fatal(err)
	}
	if !hasStep(res, "border") {
		t.Fatalf("no border step in %v", res.Steps)
	}
	outside := inkIn(res.Image, res.Image.Rect) - inkIn(res.Image, text.Inset(-10))
	if outside > 0 {
		t.Fatalf("%d dark pixels outside the text after border removal", outside)
	}
	if in, want := inkIn(res.Image, text.Inset(-10)), inkIn(page, page.Rect); in < want*8/10 {
		t.Fatalf("text lost: %d ink pixels, the page has %d", in, want)
	}
	// With the crop the image shrinks to the text and its margin.
	res, err = Run(img, 300, ModeAuto, Options{})
	if err != nil {
		t.Fatal(err)
	}
	margin := 75 // 0.25 in at 300 dpi
	if w, h := res.Image.Rect.Dx(), res.Image.Rect.Dy(); w > text.Dx()+2*margin+8 || h > text.Dy()+2*margin+8 || w < text.Dx() || h < text.Dy() {
		t.Fatalf("cropped to %dx%d, text is %dx%d", w, h, text.Dx(), text.Dy())
	}
}

func TestSpecksCleaned(t *testing.T) {
	page := textPage(1600, 1200, 250, 300, 3, sampleLines)
	text := inkBox(page)
	want := inkIn(page, text)
	specks := addSpecks(page, 120, 7, text.Inset(-30), 3)
	addNoise(page, 15, 3)
	res, err := Run(page, 300, ModeAuto, Options{Crop: CropOptions{Off: true}})
	if err != nil {
		t.Fatal(err)
	}
	// A speck with no ink within two x-heights (text or other specks) is
	// noise by any rule and must go; specks in clusters may pass for the
	// fragments of a broken letter, but most of the field must go too.
	left, alone, aloneLeft := 0, 0, 0
	for i, s := range specks {
		isolated := !s.Inset(-45).Overlaps(text)
		for j, o := range specks {
			if i != j && s.Inset(-45).Overlaps(o) {
				isolated = false
			}
		}
		kept := inkIn(res.Image, s) > 0
		if kept {
			left++
		}
		if isolated {
			alone++
			if kept {
				aloneLeft++
			}
		}
	}
	if aloneLeft > 0 || left*20 > len(specks) || alone < len(specks)/3 {
		t.Fatalf("%d of %d isolated specks left, %d of %d in all", aloneLeft, alone, left, len(specks))
	}
	if got := inkIn(res.Image, text); got < want*9/10 || got > want*14/10 {
		t.Fatalf("text has %d ink pixels after cleaning, %d before", got, want)
	}
	// Full stops, commas, colons and the dots of i and j survive: every small
	// mark of the clean text still has ink where it was.
	clean := textPage(1600, 1200, 250, 300, 3, sampleLines)
	marks := 0
	for _, c := range components(clean, 127) {
		if c.w() <= 9 && c.h() <= 9 {
			marks++
			if r := image.Rect(c.X0, c.Y0, c.X1, c.Y1); inkIn(res.Image, r) == 0 {
				t.Errorf("mark at %v lost", r)
			}
		}
	}
	if marks < 20 {
		t.Fatalf("only %d small marks in the sample text", marks)
	}
}

func TestFlatPageStaysFlat(t *testing.T) {
	for _, v := range []uint8{255, 200, 90} {
		g := image.NewGray(image.Rect(0, 0, 1200, 900))
		for i := range g.Pix {
			g.Pix[i] = v
		}
		addNoise(g, 12, 4)
		res, err := Run(g, 300, ModeAuto, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if n := inkIn(res.Image, res.Image.Rect); n > 0 {
			t.Errorf("level %d: %d ink pixels on a blank page", v, n)
		}
		if res.Skew != 0 || hasStep(res, "crop") || res.Image.Rect != g.Rect {
			t.Errorf("level %d: skew %v, steps %v, size %v", v, res.Skew, res.Steps, res.Image.Rect)
		}
	}
}

func TestFlattenEvensLighting(t *testing.T) {
	// Text under a strong shadow on one side: after flattening the gray
	// page's paper is as light at the dark side as at the bright side.
	page := textPage(1600, 1000, 200, 250, 3, sampleLines)
	for y := 0; y < 1000; y++ {
		for x := 0; x < 1600; x++ {
			i := y*page.Stride + x
			page.Pix[i] = uint8(int(page.Pix[i]) * (90 + 165*x/1600) / 255)
		}
	}
	res, err := Run(page, 300, ModeAuto, Options{Threshold: ThresholdOptions{Method: "tesseract"}, Crop: CropOptions{Off: true}})
	if err != nil {
		t.Fatal(err)
	}
	left, right := meanOf(res.Image, image.Rect(20, 20, 150, 200)), meanOf(res.Image, image.Rect(1450, 20, 1580, 200))
	if left < 240 || right < 240 {
		t.Fatalf("paper after flattening: %.0f at the dark side, %.0f at the bright side", left, right)
	}
	if res.Vars["thresholding_method"] != "2" {
		t.Fatalf("gray output without Tesseract's Sauvola: %v", res.Vars)
	}
}

func meanOf(g *image.Gray, r image.Rectangle) float64 {
	s := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			s += int(g.Pix[y*g.Stride+x])
		}
	}
	return float64(s) / float64(r.Dx()*r.Dy())
}

func TestUpscaleSmallText(t *testing.T) {
	// Text with an x-height near 10 pixels (200 dpi small type) is scaled up
	// and the DPI reported grows with it.
	page := textPage(1000, 600, 100, 150, 2, sampleLines)
	res, err := Run(page, 200, ModeAuto, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var factor float64
	for _, s := range res.Steps {
		if s.Name == "scale" {
			factor = s.Params["factor"]
		}
	}
	if factor <= 1 {
		t.Fatalf("no upscaling: steps %v", res.Steps)
	}
	if want := int(math.Round(200 * factor)); math.Abs(float64(res.DPI-want)) > 1 {
		t.Fatalf("DPI %d, want %d for factor %.3f", res.DPI, want, factor)
	}
	// Typewriter-size text at 300 dpi is left as it is.
	res, err = Run(textPage(1600, 1000, 200, 250, 3, sampleLines), 300, ModeAuto, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if hasStep(res, "scale") || res.DPI != 300 {
		t.Fatalf("300-dpi page rescaled: DPI %d, steps %v", res.DPI, res.Steps)
	}
}

func TestUnknownDPIEstimated(t *testing.T) {
	page := textPage(1600, 1000, 200, 250, 3, sampleLines)
	res, err := Run(page, 0, ModeAuto, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// x-height ≈ 21 px over a typical 0.075 in gives about 280 dpi.
	if res.DPI < 200 || res.DPI > 400 {
		t.Fatalf("estimated DPI %d for typewriter-size text", res.DPI)
	}
}

func TestVariants(t *testing.T) {
	page := textPage(1200, 800, 150, 200, 3, sampleLines)
	vs, err := Variants(page, 300, Options{})
	if err != nil {
		t.Fatal(err)
	}
	auto, err := Run(page, 300, ModeAuto, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) < 2 || vs[0].Variant != "auto" || !bytes.Equal(vs[0].Image.Pix, auto.Image.Pix) {
		t.Fatalf("want auto first and equal to Run's, then alternatives; got %d variants", len(vs))
	}
	names := map[string]bool{}
	for _, v := range vs {
		if names[v.Variant] || v.DPI != 300 || v.Image == nil {
			t.Fatalf("variant %q: duplicate or bad (DPI %d)", v.Variant, v.DPI)
		}
		names[v.Variant] = true
	}
}

func TestConcurrentRunsAgree(t *testing.T) {
	page := rotated(textPage(1200, 800, 150, 200, 3, sampleLines), 1.3)
	addNoise(page, 20, 5)
	want, err := Run(page, 300, ModeAuto, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := Run(page, 300, ModeAuto, Options{})
			if err != nil || !bytes.Equal(got.Image.Pix, want.Image.Pix) || got.Skew != want.Skew {
				errs <- "a concurrent run differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func hasStep(r *Result, name string) bool {
	for _, s := range r.Steps {
		if s.Name == name {
			return true
		}
	}
	return false
}

func TestDefaultOptions(t *testing.T) {
	d := DefaultOptions()
	if d != (Options{}).withDefaults() {
		t.Fatal("DefaultOptions differs from the zero Options with defaults")
	}
	if d.AssumedDPI != 300 || d.Threshold.Method != "sauvola" || d.Threshold.Window != 2 || d.Threshold.K != 0.2 ||
		d.Deskew.MaxAngle < 5 || d.Deskew.Step > 0.05 || d.Scale.MinXHeight != 20 || d.Crop.Margin != 0.25 ||
		d.Despeckle.Punct != 2.5 || d.Dust.MaxSize != 0.18 || d.Dust.Gap != 0.3 {
		t.Fatalf("unexpected defaults: %+v", d)
	}
	// A value set by the caller is kept; Wolf gets its own k.
	o := (Options{Threshold: ThresholdOptions{Method: "wolf"}, Deskew: DeskewOptions{MaxAngle: 3}}).withDefaults()
	if o.Threshold.K != 0.5 || o.Deskew.MaxAngle != 3 {
		t.Fatalf("caller's options not kept: %+v", o)
	}
}

func TestVariantsSkipDuplicates(t *testing.T) {
	page := textPage(1200, 800, 150, 200, 3, sampleLines)
	vs, err := Variants(page, 300, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 || vs[0].Variant != "auto" || vs[1].Variant != "clean" || vs[2].Variant != "healed" {
		t.Fatalf("variants %v, want auto, clean, healed", names(vs))
	}
	if last := vs[2].Steps[len(vs[2].Steps)-3]; last.Name != "heal" || last.Params["radius"] < 1 {
		t.Fatalf("healed variant's steps %+v: want heal before the threshold", vs[2].Steps)
	}
	// Auto already thresholds with the clean variant's k: it is not repeated.
	vs, err = Variants(page, 300, Options{Threshold: ThresholdOptions{K: 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[1].Variant != "healed" {
		t.Fatalf("variants %v, want auto, healed", names(vs))
	}
}

func TestHealBridgesGaps(t *testing.T) {
	// A stroke 4 pixels thick along row 10..13 with gaps of 2 and 6 pixels,
	// and a lone 1-pixel dot far from it.
	g := image.NewGray(image.Rect(0, 0, 40, 24))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for y := 10; y < 14; y++ {
		for x := 2; x < 38; x++ {
			if (x < 12 || x >= 14) && (x < 24 || x >= 30) {
				g.SetGray(x, y, color.Gray{20})
			}
		}
	}
	g.SetGray(5, 2, color.Gray{20})
	h := heal(g, 1)
	if v := h.GrayAt(12, 11).Y; v != 20 {
		t.Errorf("2-pixel gap not bridged: %d", v)
	}
	if v := h.GrayAt(27, 11).Y; v != 255 {
		t.Errorf("6-pixel gap filled: %d", v)
	}
	if v := h.GrayAt(5, 2).Y; v != 20 {
		t.Errorf("dot lost: %d", v)
	}
	// Paper stays paper and the stroke keeps its thickness.
	if h.GrayAt(20, 8).Y != 255 || h.GrayAt(20, 15).Y != 255 || h.GrayAt(20, 10).Y != 20 || h.GrayAt(20, 13).Y != 20 {
		t.Error("stroke thickened or thinned")
	}
}

func names(rs []*Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Variant)
	}
	return out
}

func TestPunctuationKept(t *testing.T) {
	// Marks drawn 1.8 x-heights after the last letter of a line, further
	// than Despeckle.Reach: a full stop on the baseline and a colon stay; a
	// mark of the same size half-way up the letters and a tiny speck on the
	// baseline go.
	lines := []string{
		"The case of the missing stop here",
		"A second line with a mark at mid height",
		"Third line with a tiny speck after it",
		"Fourth line with a colon after this",
	}
	var spaced []string
	for _, l := range lines {
		spaced = append(spaced, l, "")
	}
	page := textPage(1700, 900, 150, 150, 3, spaced)
	xh := 21.0 // 7 pixels enlarged three times
	var lastLetter []comp
	for i := range lines {
		// Line i's baseline cell: the rightmost letter on it.
		top, bot := 150+3*48*i, 150+3*(48*i+16)
		var last comp
		for _, c := range components(page, 127) {
			if c.Y0 >= top && c.Y1 <= bot && c.X1 > last.X1 {
				last = c
			}
		}
		if last.h() < 15 {
			t.Fatalf("line %d: no letter found at its end (%+v)", i, last)
		}
		lastLetter = append(lastLetter, last)
	}
	dot := func(i int, dy, side float64) image.Rectangle {
		l := lastLetter[i]
		cx, base := float64(l.X1)+1.8*xh, float64(l.Y1)
		s := int(side * xh)
		y1 := int(base + dy*xh)
		return image.Rect(int(cx)-s/2, y1-s, int(cx)-s/2+s, y1)
	}
	stop := dot(0, 0, 0.35)
	mid := dot(1, -0.7, 0.35)
	speck := dot(2, 0, 0.1)
	colonLow, colonHigh := dot(3, 0, 0.35), dot(3, -0.75, 0.35)
	for _, r := range []image.Rectangle{stop, mid, speck, colonLow, colonHigh} {
		fill(page, r, 0)
	}
	addNoise(page, 10, 8)
	for _, tc := range []struct {
		name  string
		punct float64
		kept  map[string]bool
	}{
		{"default", 0, map[string]bool{"stop": true, "mid": false, "speck": false, "colon low": true, "colon high": true}},
		{"rule off", -1, map[string]bool{"stop": false, "mid": false, "speck": false, "colon low": false, "colon high": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(page, 300, ModeAuto, Options{Crop: CropOptions{Off: true}, Deskew: DeskewOptions{Off: true},
				Despeckle: DespeckleOptions{Punct: tc.punct}})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range res.Steps {
				if s.Name == "measure" && math.Abs(s.Params["xheight"]-xh) > 3 {
					t.Fatalf("x-height measured %v, the test assumes %v", s.Params["xheight"], xh)
				}
			}
			for name, r := range map[string]image.Rectangle{"stop": stop, "mid": mid, "speck": speck, "colon low": colonLow, "colon high": colonHigh} {
				if got := inkIn(res.Image, r.Inset(-2)) > 0; got != tc.kept[name] {
					t.Errorf("%s at %v: kept %v, want %v", name, r, got, tc.kept[name])
				}
			}
		})
	}
}

// Run and Variants read a gray page and JPEG luma in place and never write
// to them, whatever steps are off.
func TestInputUnchanged(t *testing.T) {
	page := rotated(textPage(600, 400, 60, 80, 2, sampleLines), 1.7)
	addSpecks(page, 10, 4, image.Rect(50, 60, 560, 300), 3)
	addNoise(page, 15, 2)
	ycc := image.NewYCbCr(image.Rect(0, 0, 600, 400), image.YCbCrSubsampleRatio420)
	copy(ycc.Y, page.Pix)
	view := page.SubImage(image.Rect(20, 10, 590, 390)) // origin not at (0, 0)
	for _, img := range []image.Image{page, ycc, view} {
		before := append([]uint8(nil), grayView(img).Pix...)
		for _, opt := range []Options{{}, {Background: BackgroundOptions{Off: true}}, {Background: BackgroundOptions{Off: true}, Border: BorderOptions{Off: true}}} {
			for _, m := range []Mode{ModeNone, ModeAuto} {
				if _, err := Run(img, 300, m, opt); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Variants(img, 300, opt); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(grayView(img).Pix, before) {
				t.Fatalf("%T with %+v: the input changed", img, opt)
			}
		}
	}
}

// TestGray checks auto's gray image: the grey levels of the page before the
// threshold within Gray.Reach x-heights of the binarised ink, white beyond
// (the paper's noise and the specks removed stay out), the same size and
// map as auto's page, Tesseract's Sauvola asked for; and no gray image in
// mode none, for the other variants, with Gray.Off or with Tesseract's own
// threshold.
func TestGray(t *testing.T) {
	page := textPage(1200, 800, 150, 200, 3, sampleLines)
	for i := range page.Pix { // faint ink on grey paper
		page.Pix[i] = 150 + page.Pix[i]/3
	}
	addNoise(page, 12, 3)
	auto, err := Run(page, 300, ModeAuto, Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := auto.Gray()
	if g == nil {
		t.Fatal("no gray image for auto's binarised page")
	}
	if g.Variant != "gray" || g.Vars["thresholding_method"] != "2" || g.Image.Rect != auto.Image.Rect ||
		g.Transform != auto.Transform || g.DPI != auto.DPI || g.Steps[len(g.Steps)-1].Name != "gray" || auto.Variant != "auto" {
		t.Fatalf("gray image %q %v %v, steps %v: want auto's page and map, Sauvola asked for", g.Variant, g.Vars, g.Image.Rect, g.Steps)
	}
	d := int(g.Steps[len(g.Steps)-1].Params["reach"])
	if d != 2 { // 0.1 of an x-height of about 21 pixels
		t.Fatalf("reach %d pixels, want 2", d)
	}
	// every pixel is the page before the threshold near ink, white far
	// from it; some are grey (neither 0 nor 255)
	w, h := g.Image.Rect.Dx(), g.Image.Rect.Dy()
	grey := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			near := false
			for yy := max(y-d, 0); yy <= min(y+d, h-1) && !near; yy++ {
				for xx := max(x-d, 0); xx <= min(x+d, w-1); xx++ {
					if auto.Image.Pix[yy*auto.Image.Stride+xx] == 0 {
						near = true
						break
					}
				}
			}
			v := g.Image.Pix[y*g.Image.Stride+x]
			want := uint8(255)
			if near {
				want = auto.pre.Pix[y*auto.pre.Stride+x]
			}
			if v != want {
				t.Fatalf("pixel (%d,%d) = %d, want %d (near ink %v)", x, y, v, want, near)
			}
			if v != 0 && v != 255 {
				grey++
			}
		}
	}
	if grey < w*h/200 {
		t.Fatalf("only %d grey pixels: the gray image is bilevel", grey)
	}
	if !hasStep(auto, "sauvola") || auto.Image.Pix[0] != 255 {
		t.Fatal("auto's page changed")
	}
	if g.Gray() != nil {
		t.Fatal("a gray image of the gray image")
	}

	none, _ := Run(page, 300, ModeNone, Options{})
	off, _ := Run(page, 300, ModeAuto, Options{Gray: GrayOptions{Off: true}})
	tess, _ := Run(page, 300, ModeAuto, Options{Threshold: ThresholdOptions{Method: "tesseract"}})
	vs, _ := Variants(page, 300, Options{})
	for _, r := range append([]*Result{none, off, tess}, vs[1:]...) {
		if r.Gray() != nil {
			t.Errorf("%s (%v): a gray image", r.Variant, r.Vars)
		}
	}
	if vs[0].Gray() == nil {
		t.Error("best mode's auto page has no gray image")
	}
}
