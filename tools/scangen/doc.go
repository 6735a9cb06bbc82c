// Command scangen owns spravka's synthetic scans: it renders UTF-8 text files as degraded
// typewritten pages (PNG, JPEG or multi-page TIFF) for tests, samples and held-out evaluation.
//
// Each input text file is one page and is rendered line for line (no re-wrapping), so the text
// file itself is the page's exact transcription. A line that does not fit between the margins
// is an error. Tabs advance to the next multiple of eight columns.
//
// Damage follows the typewriter and the copy process: per-character baseline and offset jitter,
// uneven ink per strike and per stroke, weak strikes, broken strokes, ribbon fade, carbon grain
// and blur, paper tone, mottling and fibre, dark specks and white salt, optional dark scanner
// border, binding shadow, uneven illumination and microfilm scratches, skew, sensor noise and
// JPEG loss. A profile (clean, carbon, poor, microfilm, and print for letterpress book type)
// sets every knob; a knob flag overrides one of them.
//
// -proportional sets the text as print (each glyph its own width, with kerning) instead of on a
// typewriter's fixed pitch; -fit MM crops the page to its text plus MM millimetres, which with a
// one-line text makes a line image; -bilevel LEVEL thresholds the finished page into black and
// white, as a bilevel scanner does, and PNG output is then 1 bit per pixel.
//
// Output is deterministic: the same flags, seed and inputs give the same bytes (on one
// architecture; floating-point fusion may differ across CPUs). The resolution is written into
// every file: the PNG pHYs chunk, the JPEG JFIF density (and EXIF when -orient is given), the
// TIFF XResolution, YResolution and ResolutionUnit tags. TIFF output holds one page per input
// file, each in its own IFD, uncompressed or Deflate with the horizontal predictor.
//
// Usage:
//
//	go run ./tools/scangen -o scans/page.png -font /usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf \
//	    -profile clean -dpi 300 -seed 1 scans/page.gt.txt
//	go run ./tools/scangen -o two.tif -profile carbon p1.txt p2.txt
//	go run ./tools/scangen -o turned.jpg -orient 6 page.txt
//	go run ./tools/scangen -o line.png -profile print -proportional -font /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf \
//	    -size 10 -fit 2 -bilevel 160 line.gt.txt
//
// The -font value "gomono" selects the Go Mono font built into golang.org/x/image, which needs
// no installed font. Run with -help for every knob.
package main
