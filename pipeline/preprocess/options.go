package preprocess

// Options holds every step's parameters. The zero value of a field means its
// default (so Options{} behaves as DefaultOptions()), and each step has an Off
// switch. Lengths are in inches or in x-heights (the height of a lowercase
// letter as measured on the page), so that the same options fit every
// resolution and type size.
type Options struct {
	// AssumedDPI is the resolution taken for a page whose file states none
	// (Run's dpi is 0) until the text size is measured; the DPI reported is
	// then estimated from the x-height (see TypicalXHeight). Default 300.
	AssumedDPI float64
	// TypicalXHeight is the x-height, in inches, of typewriter and book type
	// (pica and elite faces, 10-12 pt print: 0.065-0.085 in); it turns a
	// measured x-height into a DPI for pages of unknown resolution.
	// Default 0.075.
	TypicalXHeight float64

	Border     BorderOptions
	Background BackgroundOptions
	Deskew     DeskewOptions
	Crop       CropOptions
	Despeckle  DespeckleOptions
	Median     MedianOptions
	Scale      ScaleOptions
	Threshold  ThresholdOptions
	Dust       DustOptions
	Gray       GrayOptions
	Bilevel    BilevelOptions
	OneLine    OneLineOptions
}

// BilevelOptions control the handling of a clean bilevel page: a scan that
// holds two grey levels only, far apart (a 1-bit TIFF or PNG, a page the
// scanner thresholded itself), with little pixel noise. Such a page is
// binarised already: it is not flattened, median-filtered, re-thresholded or
// dusted, steps that can only eat its thin strokes and serifs (see the package
// documentation), nor enlarged; border removal, deskew (from MinAngle),
// despeckle and crop still run.
type BilevelOptions struct {
	// Off treats a bilevel page as any other.
	Off bool
	// MaxNoise is the largest share of its ink pixels that a clean bilevel
	// page has standing alone (no ink among their eight neighbours) or
	// holes alone inside ink: salt-and-pepper noise above it is left to the
	// median filter. Default 0.01.
	MaxNoise float64
	// MinAngle is the smallest skew, in degrees, for which a clean bilevel
	// page is rotated (at least Deskew.MinAngle): rotation turns its sharp
	// edges grey, and Tesseract's own layout analysis follows a small skew.
	// Default 1.
	MinAngle float64
}

// OneLineOptions control the detection of a page whose text is one line (a
// line image, as line segmenters and transcription tools cut them), which the
// pipeline reads with a single-line page segmentation mode (Result.OneLine).
type OneLineOptions struct {
	// Off never takes a page for one line.
	Off bool
	// MaxHeight is the height, in x-heights, of the box of the page's text
	// (see the crop step) up to which it is one line: a line of capitals,
	// ascenders and descenders spans 2-2.5 x-heights, two lines that plus
	// the line pitch (2.4 x-heights or more, set solid). Default 3.2.
	MaxHeight float64
}

// BorderOptions control the removal of the dark scanner bed, the facing page
// and other dark areas that reach the image edge.
type BorderOptions struct {
	Off bool
	// Black is the level, as a fraction of the paper's, below which a
	// smoothed pixel joined to the image edge is border whatever it shows
	// (the scanner bed, a dark binding). Default 0.35.
	Black float64
	// Dark is the level, as a fraction of the paper's, below which a
	// smoothed pixel joined to the image edge is border when its region
	// shows no text (a dim page area with text is left to flattening).
	// Default 0.5.
	Dark float64
	// MaxCover is the largest part of the image a border may take; a bigger
	// "border" is taken for a dark page and ignored. Default 0.6.
	MaxCover float64
}

// BackgroundOptions control background estimation and flattening: the page is
// divided by a smooth estimate of the paper's brightness, which removes uneven
// lighting, binding shadows, stains and the grey of faded carbons, and then
// stretched so ink is dark and paper white.
type BackgroundOptions struct {
	Off bool
	// Window is the radius, in inches, of the closing that fills in text to
	// find the paper; it must exceed the half-width of the boldest strokes.
	// Default 0.12 (see the package documentation).
	Window float64
	// InkLevel is the level the page's typical ink is stretched to (paper
	// goes to 255). Default 40.
	InkLevel float64
}

// DeskewOptions control skew detection (projection profiles of the
// characters' bottom points) and correction (bilinear rotation).
type DeskewOptions struct {
	Off bool
	// MaxAngle is the largest skew searched, in degrees either way. Default 10.
	MaxAngle float64
	// Step is the final angular resolution in degrees. Default 0.02.
	Step float64
	// MinAngle is the smallest skew worth a rotation (a rotation blurs a
	// little); smaller angles are reported but not corrected. Default 0.05.
	MinAngle float64
}

// CropOptions control the crop to the text area.
type CropOptions struct {
	Off bool
	// Margin is the white margin kept around the text, in inches. Default 0.25.
	Margin float64
}

// DespeckleOptions control the removal of isolated specks.
type DespeckleOptions struct {
	Off bool
	// MaxSize is the largest speck, as a fraction of the x-height (its
	// bounding box's larger side). Default 0.45.
	MaxSize float64
	// Reach is how far across, in x-heights, a small mark may stand from a
	// character (a third of that up or down, at least 0.4) and still count as punctuation or a diacritic (a full stop in a
	// monospaced face sits mid-cell, most of a letter away). Default 1.2.
	Reach float64
	// Punct is how far after a letter, in x-heights from its right edge, a
	// small mark on that letter's baseline is kept as a full stop or comma
	// (after a narrow letter or a bracket it sits more than Reach away);
	// negative turns the rule off. Default 2.5.
	Punct float64
}

// MedianOptions control the 3×3 median filter against pixel noise.
type MedianOptions struct {
	Off bool
}

// ScaleOptions control upscaling of small text.
type ScaleOptions struct {
	Off bool
	// MinXHeight is the x-height in pixels below which a page is upscaled.
	// Default 20.
	MinXHeight float64
	// TargetXHeight is the x-height in pixels a small page is scaled to.
	// Default 26.
	TargetXHeight float64
	// MaxFactor caps the upscaling factor. Default 3.
	MaxFactor float64
}

// ThresholdOptions choose what Tesseract gets: our binarisation ("sauvola"
// or "wolf"), or the cleaned gray page with Tesseract's own Sauvola
// thresholding ("tesseract").
type ThresholdOptions struct {
	// Method is "sauvola", "wolf" or "tesseract". Default "sauvola".
	Method string
	// Window is the radius of the local window in x-heights. Default 2.
	Window float64
	// K is the method's sensitivity: Sauvola 0.2, Wolf 0.5 when zero.
	K float64
	// Heal is the radius, in x-heights, of a grey-level closing of the ink
	// (a minimum filter, then a maximum filter) before thresholding: it
	// bridges gaps in broken strokes that narrow, and fills counters of bold
	// faces. 0 (the default) leaves the page alone.
	Heal float64
}

// DustOptions control the removal of dust from the binarised page: dots
// too small for punctuation that stand clear of the letters (noise peaks
// the median and the thresholding let through, which Tesseract reads as
// stray commas and quotes).
type DustOptions struct {
	Off bool
	// MaxSize is the largest dust, as a fraction of the x-height (its
	// bounding box's larger side); full stops are larger. Default 0.18.
	MaxSize float64
	// Gap is how close, in x-heights, a dot may come to a larger mark and
	// still go; closer dots are kept as fragments of a broken letter.
	// Default 0.3.
	Gap float64
}

// GrayOptions control the gray image of a page (Result.Gray): auto's page
// before its threshold, its grey levels kept near the ink the threshold
// found and white elsewhere, for Tesseract's recogniser, which reads grey
// levels, to read when the bilevel page reads poorly.
type GrayOptions struct {
	// Off: no gray image (Result.Gray returns nil).
	Off bool
	// Reach is how far, in x-heights, from the ink of the thresholded page
	// (after dust removal) the grey levels are kept; farther the page is
	// white, so the paper's noise and the dust stay out. Default 0.1: on
	// ../shared/devscans-hard, read as auto's only image, 0.1 gave raw CER
	// 0.148, 0.05 gave 0.158, 0.2 0.157, 0.4 0.156 and the whole gray page
	// (no mask) 0.160, against 0.159 for the bilevel page.
	Reach float64
}

// DefaultOptions returns every option at its default value.
func DefaultOptions() Options {
	return Options{}.withDefaults()
}

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.AssumedDPI, 300)
	def(&o.TypicalXHeight, 0.075)
	def(&o.Border.Black, 0.35)
	def(&o.Border.Dark, 0.5)
	def(&o.Border.MaxCover, 0.6)
	def(&o.Background.Window, 0.12)
	def(&o.Background.InkLevel, 40)
	def(&o.Deskew.MaxAngle, 10)
	def(&o.Deskew.Step, 0.02)
	def(&o.Deskew.MinAngle, 0.05)
	def(&o.Crop.Margin, 0.25)
	def(&o.Despeckle.MaxSize, 0.45)
	def(&o.Despeckle.Reach, 1.2)
	def(&o.Despeckle.Punct, 2.5)
	def(&o.Scale.MinXHeight, 20)
	def(&o.Scale.TargetXHeight, 26)
	def(&o.Scale.MaxFactor, 3)
	if o.Threshold.Method == "" {
		o.Threshold.Method = "sauvola"
	}
	def(&o.Threshold.Window, 2)
	def(&o.Dust.MaxSize, 0.18)
	def(&o.Dust.Gap, 0.3)
	def(&o.Gray.Reach, 0.1)
	def(&o.Bilevel.MaxNoise, 0.01)
	def(&o.Bilevel.MinAngle, 1)
	def(&o.OneLine.MaxHeight, 3.2)
	if o.Threshold.K == 0 {
		o.Threshold.K = 0.2
		if o.Threshold.Method == "wolf" {
			o.Threshold.K = 0.5
		}
	}
	return o
}
