package main

import (
	"fmt"
	"sort"
	"strings"
)

// Damage holds every degradation knob. Lengths are in pixels at 300 dpi and are scaled to the
// output resolution; levels are 8-bit gray values; amounts are fractions.
type Damage struct {
	Jitter    float64 // σ of each character's horizontal offset from its typewriter cell
	Baseline  float64 // σ of each character's vertical offset from the line's baseline
	LineDrift float64 // σ of each line's vertical and horizontal offset (paper feed, carriage return)
	Ink       float64 // σ of each strike's ink amount around 1
	Weak      float64 // probability that a strike is weak (ink 0.3–0.6)
	Tilt      float64 // σ of the ink gradient across a character (a typebar hitting unevenly)
	Stroke    float64 // amplitude of ink variation along strokes
	Break     float64 // probability that a character has a broken stroke
	Fade      float64 // ribbon fade amplitude: slow loss of ink across the page
	InkTone   float64 // gray level of full ink
	Bold      float64 // dilation of each glyph, px at 300 dpi (typewriter faces are heavy)
	Spread    float64 // ink spread: coverage gamma below 1 thickens strokes (0 = none)
	Carbon    float64 // blur σ of the ink layer (carbon copies are soft)
	Grain     float64 // carbon or film grain in the ink
	Paper     float64 // mean paper gray level
	Mottle    float64 // amplitude of slow paper tone variation
	Fibre     float64 // amplitude of fine paper texture
	Speckle   float64 // dark specks per megapixel
	Salt      float64 // white holes in the ink per megapixel
	Noise     float64 // σ of sensor noise
	Blur      float64 // σ of optical blur
	Illum     float64 // uneven illumination: darkening towards one corner
	Border    float64 // width of the dark scanner border, mm (0 = none)
	Shadow    float64 // binding shadow depth along the left edge, gray levels
	Scratches float64 // vertical film scratches
	Contrast  float64 // contrast stretch around the paper level (1 = none)
	Quality   float64 // JPEG quality
}

// profiles are the named starting points for -profile.
var profiles = map[string]Damage{
	// clean: a good ribbon on white bond, scanned flat and cleaned by the scanner software.
	"clean": {
		Jitter: 1.2, Baseline: 1.2, LineDrift: 0.6, Ink: 0.12, Weak: 0.03, Tilt: 0.25,
		Stroke: 0.2, Break: 0.05, Fade: 0.08, InkTone: 30, Bold: 0.3, Spread: 0.1, Carbon: 0.4,
		Grain: 0.1, Paper: 238, Mottle: 3, Fibre: 0, Speckle: 5, Salt: 20, Noise: 0, Blur: 0.5,
		Illum: 0, Contrast: 1, Quality: 85,
	},
	// print: a book or journal page printed from metal type (letterpress):
	// type on its line, even inking with a little squash at the edges,
	// smooth paper, scanned flat.
	"print": {
		Jitter: 0.2, Baseline: 0.3, LineDrift: 0.2, Ink: 0.06, Weak: 0, Tilt: 0.1,
		Stroke: 0.12, Break: 0.02, Fade: 0.03, InkTone: 25, Bold: 0, Spread: 0.15, Carbon: 0.35,
		Grain: 0.05, Paper: 236, Mottle: 3, Fibre: 2, Speckle: 1, Salt: 10, Noise: 0, Blur: 0.6,
		Illum: 0, Contrast: 1, Quality: 90,
	},
	// carbon: a second or third carbon copy on thin paper: soft, grainy, uneven.
	"carbon": {
		Jitter: 2, Baseline: 2.2, LineDrift: 1.2, Ink: 0.22, Weak: 0.15, Tilt: 0.5,
		Stroke: 0.4, Break: 0.25, Fade: 0.2, InkTone: 30, Bold: 0.8, Spread: 0.25, Carbon: 0.9,
		Grain: 0.4, Paper: 222, Mottle: 7, Fibre: 5, Speckle: 120, Salt: 150, Noise: 4, Blur: 0.8,
		Illum: 0.06, Contrast: 1, Quality: 55,
	},
	// poor: a faded copy from a worn ribbon, many specks, low resolution and heavy JPEG loss.
	"poor": {
		Jitter: 2.2, Baseline: 2.4, LineDrift: 1.5, Ink: 0.25, Weak: 0.18, Tilt: 0.55,
		Stroke: 0.45, Break: 0.3, Fade: 0.4, InkTone: 50, Bold: 0.5, Spread: 0.2, Carbon: 0.9,
		Grain: 0.35, Paper: 212, Mottle: 10, Fibre: 6, Speckle: 200, Salt: 200, Noise: 6, Blur: 0.9,
		Illum: 0.1, Contrast: 1, Quality: 40,
	},
	// microfilm: a print from microfilm: gray, contrasty, grainy, specked and scratched.
	"microfilm": {
		Jitter: 1.2, Baseline: 1.2, LineDrift: 1, Ink: 0.14, Weak: 0.04, Tilt: 0.3,
		Stroke: 0.3, Break: 0.08, Fade: 0.15, InkTone: 40, Spread: 0.2, Carbon: 1.2, Grain: 0.4,
		Paper: 190, Mottle: 14, Fibre: 8, Speckle: 150, Salt: 80, Noise: 9, Blur: 1.2, Illum: 0.12,
		Scratches: 6, Contrast: 1.35, Quality: 70,
	},
}

// knob names a Damage field for its override flag.
type knob struct {
	name  string
	usage string
	field func(*Damage) *float64
}

var knobs = []knob{
	{"jitter", "σ of per-character horizontal offset, px at 300 dpi", func(d *Damage) *float64 { return &d.Jitter }},
	{"baseline", "σ of per-character baseline offset, px at 300 dpi", func(d *Damage) *float64 { return &d.Baseline }},
	{"line-drift", "σ of per-line offset, px at 300 dpi", func(d *Damage) *float64 { return &d.LineDrift }},
	{"ink", "σ of per-strike ink amount", func(d *Damage) *float64 { return &d.Ink }},
	{"weak", "probability of a weak strike", func(d *Damage) *float64 { return &d.Weak }},
	{"tilt", "σ of ink gradient across a character", func(d *Damage) *float64 { return &d.Tilt }},
	{"stroke", "ink variation along strokes, 0–1", func(d *Damage) *float64 { return &d.Stroke }},
	{"break", "probability of a broken stroke per character", func(d *Damage) *float64 { return &d.Break }},
	{"fade", "ribbon fade amplitude, 0–1", func(d *Damage) *float64 { return &d.Fade }},
	{"ink-tone", "gray level of full ink, 0–255", func(d *Damage) *float64 { return &d.InkTone }},
	{"bold", "glyph dilation, px at 300 dpi", func(d *Damage) *float64 { return &d.Bold }},
	{"spread", "ink spread, 0–1 (thickens strokes)", func(d *Damage) *float64 { return &d.Spread }},
	{"carbon", "carbon blur σ of the ink, px at 300 dpi", func(d *Damage) *float64 { return &d.Carbon }},
	{"grain", "grain in the ink, 0–1", func(d *Damage) *float64 { return &d.Grain }},
	{"paper", "paper gray level, 0–255", func(d *Damage) *float64 { return &d.Paper }},
	{"mottle", "slow paper tone variation, gray levels", func(d *Damage) *float64 { return &d.Mottle }},
	{"fibre", "fine paper texture, gray levels", func(d *Damage) *float64 { return &d.Fibre }},
	{"speckle", "dark specks per megapixel", func(d *Damage) *float64 { return &d.Speckle }},
	{"salt", "white holes in the ink per megapixel", func(d *Damage) *float64 { return &d.Salt }},
	{"noise", "σ of sensor noise, gray levels", func(d *Damage) *float64 { return &d.Noise }},
	{"blur", "σ of optical blur, px at 300 dpi", func(d *Damage) *float64 { return &d.Blur }},
	{"illum", "uneven illumination, 0–1", func(d *Damage) *float64 { return &d.Illum }},
	{"border", "dark scanner border width, mm", func(d *Damage) *float64 { return &d.Border }},
	{"shadow", "binding shadow depth along the left edge, gray levels", func(d *Damage) *float64 { return &d.Shadow }},
	{"scratches", "number of vertical film scratches", func(d *Damage) *float64 { return &d.Scratches }},
	{"contrast", "contrast stretch around the paper level (1 = none)", func(d *Damage) *float64 { return &d.Contrast }},
	{"quality", "JPEG quality, 1–100", func(d *Damage) *float64 { return &d.Quality }},
}

// profileNames lists the profiles in a stable order for messages.
func profileNames() string {
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, "|")
}

// damageFor starts from the named profile and applies the knob overrides in knob order.
func damageFor(profile string, overrides map[string]float64) (Damage, error) {
	d, ok := profiles[profile]
	if !ok {
		return Damage{}, fmt.Errorf("unknown profile %q (want %s)", profile, profileNames())
	}
	for _, k := range knobs {
		if v, set := overrides[k.name]; set {
			*k.field(&d) = v
		}
	}
	if d.Quality < 1 || d.Quality > 100 {
		return Damage{}, fmt.Errorf("quality %v out of 1–100", d.Quality)
	}
	return d, nil
}
