// Package preprocess owns the preparation of a scanned page for Tesseract:
// one decoded image in, one cleaned 8-bit page with its real DPI, the skew
// found and the list of steps applied out.
//
// # Steps (auto mode), in order
//
//  1. gray: any image type to 8-bit luma; 16-bit rounded, palettes looked
//     up, CMYK converted, transparency composited on white.
//  2. border: on a copy shrunk to about 75 dpi, dark areas joined to the
//     image edge are flooded: anything below Border.Black of the paper level
//     (scanner bed, dark binding) is taken whatever it holds, anything below
//     Border.Dark only when it shows no text (a dim part of a page is left to
//     flattening); only the largest paper region is kept, so the sliver of a
//     facing page goes too. The border becomes white.
//  3. flatten: the paper's brightness is estimated by a grey-level closing
//     (Background.Window) and a blur on the shrunk copy, and the page is
//     divided by it, bilinearly interpolated: uneven lighting, binding
//     shadows, stains and the grey of carbon paper disappear.
//  4. stretch: the paper's median level goes to white, the typical ink
//     (median of the pixels more than four noise deviations below paper) to
//     Background.InkLevel.
//  5. measure: the x-height is the median height of letter-sized connected
//     components on a copy at about 150 dpi (Otsu threshold).
//  6. deskew: the bottom middles of the letters are projected at angles up to
//     Deskew.MaxAngle either way; the sharpest profile (sum of squared bin
//     counts, after Baird) gives the angle, refined to Deskew.Step. The page
//     is rotated back (bilinear, fixed point) when the angle exceeds
//     Deskew.MinAngle. Result.Skew is counter-clockwise as seen on the scan.
//  7. despeckle: small marks with no letter within Despeckle.Reach x-heights
//     across (a third of it up or down) and no other small marks close by
//     are painted white, except punctuation: a mark of full-stop size (at
//     least a fifth of an x-height across) on the baseline of a letter that
//     ends up to Despeckle.Punct x-heights before it, and a mark right above
//     such a mark (a colon's upper dot). A full stop after a narrow glyph
//     or a bracket sits further than Reach in a monospaced face.
//  8. crop: to the box of all letters that have a neighbour on their line,
//     plus Crop.Margin: specks, rules, frames and the striped edges of other
//     pages do not widen it.
//  9. median: a 3×3 median against pixel noise (it keeps strokes of two
//     pixels and more).
//  10. scale: pages whose x-height is under Scale.MinXHeight pixels are
//     enlarged (Catmull-Rom, imaging's weights on one gray channel) to
//     Scale.TargetXHeight; the DPI reported is multiplied by the same
//     factor. Best mode's variants share the enlarged page.
//  11. threshold: Sauvola with integral sums (window Threshold.Window
//     x-heights, k Threshold.K), linear in pixels; or Wolf; or, with method
//     "tesseract", the cleaned gray page with Result.Vars asking Tesseract
//     for its own Sauvola (thresholding_method=2).
//  12. dust: on a binarised page, dots no larger than Dust.MaxSize
//     x-heights (smaller than a full stop) that stand more than Dust.Gap
//     x-heights from every larger mark are painted white: noise the median
//     and the threshold let through, which Tesseract reads as stray commas,
//     colons and quotes. Dots closer to a mark are kept as fragments of a
//     broken letter.
//  13. gray, on demand (Result.Gray): auto's page as it was before the
//     threshold, its grey levels kept within Gray.Reach x-heights of the
//     ink the threshold found and white beyond, with Tesseract's Sauvola
//     asked for. Tesseract's recogniser reads grey levels: on faint and
//     battered pages of thin type, where the threshold swells blurred
//     strokes into blobs and fills counters, the gray page reads better;
//     on carbons and clean pages worse. The pipeline reads it only for a
//     page read poorly, and only in the poorly read lines of a page that
//     reads very poorly (package combine, Gray). Measurements, and what did not help thin faint type:
//     ../../docs/preprocessing.md.
//
// Two findings change the recipe, and each is a step of the record:
//
//   - bilevel (after gray): the page holds two grey levels only, at least
//     128 apart (a 1-bit TIFF or PNG, a page the scanner thresholded), and
//     its noise, the pixels with none of their level among their eight
//     neighbours as a share of the ink pixels, is at most Bilevel.MaxNoise
//     (params noise, and clean 1). Such a clean bilevel page is binarised
//     already: flatten, stretch, median, scale, threshold and dust do not
//     run, and it is rotated only for a skew of Bilevel.MinAngle or more.
//     Tesseract gets the page as scanned but for the border, the specks and
//     the crop, so it reads at least as well as Tesseract alone. Mode best
//     makes no "clean" variant of it (another threshold: auto's image again). A bilevel
//     page with more noise (clean 0) goes the usual way: the median is what
//     removes salt and pepper.
//   - oneline (before crop): the box of the page's text (see crop) is at
//     most OneLine.MaxHeight x-heights tall (param height): the page is one
//     line of text, a line image. Result.OneLine is set, the pipeline reads
//     the page in a single-line mode (psm 7) unless the user chose one, and
//     the crop keeps every mark that reaches into the line (a bracket or a
//     word the letter test left out would otherwise be cut off).
//
// On 32 clean bilevel line images of printed text and two clean bilevel
// pages (../../testdata/print), auto read 20 and 16 character errors where
// tesseract --psm 7 (lines) and its default (pages) read 13 and 13: the
// median ate serifs and comma tails, the enlarging and the threshold again
// changed strokes, the crop cut a word the letter test left out, and psm 4
// is not a line mode. Now it reads 13 and 13, the 16 held-out line images 2
// (Tesseract alone 2) and the two held-out pages 17 (Tesseract alone 26).
// Measured there: enlarging small bilevel text as grey pages are (12
// against 13 errors on the lines, 4 against 2 held out) and thresholding
// again (16 against 14 on the lines before the crop fix, a draw after) did
// not help; rotating for skews from 0.05° hurt (18 against 13 on the
// pages), from 0.5° was a draw. Line images span 1.3 to 2.7 x-heights, two
// lines set solid 4.2.
//
// Mode none converts to gray and nothing else. Mode best is Variants: auto,
// then "clean" (our Sauvola with k 0.25) and "healed" (a grey-level closing
// of Threshold.Heal = 0.08 x-heights, then auto's Sauvola). Steps 1-9 run
// once for all three, so best mode costs little more preprocessing than
// auto; the pipeline recognises the two others only on pages whose auto
// reading is poor, and combines the readings word by word (package
// combine). Keeping one whole variant per page, chosen by mean word
// confidence or by the share of known words, did no better than auto
// (0.068 and 0.063 against 0.062 on the development scans), which is why
// best combines words instead. The closing that helps as one reading among
// three hurts as auto's only one: it fills the counters of bold faces
// (0.1420 on the held-out pages then, see below).
//
// # Choices made by measurement
//
// Measured on the six development scans (../shared/devscans) and on 20
// pages rendered for the purpose in other fonts (FreeMono, Liberation Mono,
// CMU Typewriter, DejaVu Sans Mono) and texts, with fading, specks, noise,
// blur, skew to ±4°, 200 and 240 dpi, dark borders and a lighting ramp
// (Tesseract 5.3.0, rus, character error rate over folded whitespace):
// our Sauvola with a 2 x-height window beat the cleaned gray page with
// Tesseract's Sauvola (0.066 against 0.071 on the development scans, 0.0125
// against 0.0159 on the others); a 1 x-height window gave 0.069 and 0.013,
// Wolf 0.087 and 0.016. The median filter matters most before binarising
// (0.161 without it). Upscaling pages whose x-height is already above 20
// pixels did not help (0.073 against 0.071 at 32 pixels, gray output); on
// seven 200-dpi pages upscaling to 26 pixels was a draw (0.040 against 0.032
// on four heavily damaged ones, 0.002 against 0.005 on three faded ones). Deleting dots misplaced inside a
// line broke more faded letters than it saved and was dropped.
//
// Later measurements use the pipeline's Tesseract settings (psm 3, the
// blacklist of untypeable marks) on the development scans, the sample
// pages in scans/ and nine held-out pages of other fonts and damage. Keeping
// baseline punctuation up to 2.5 x-heights after a letter brought back
// lost full stops («6281).» on the clean FreeMono memo): 0.0630 → 0.0626,
// 0.0341 → 0.0339 and 0.1143 → 0.1141; without the size floor it kept
// carbon specks as stray full stops (0.0341 → 0.0358 on scans/, worse on
// four held-out pages). The median does not remove full stops (it keeps
// any mark two pixels across); without it the error rate doubles on
// the development scans (0.125).
//
// Dust removal (0.18 x-heights, 0.3 away) took the three sets from 0.0626,
// 0.0339 and 0.1141 to 0.0618, 0.0296 and 0.1088 (the poor development
// pages 0.130 → 0.126 and 0.146 → 0.140; the two carbon ones lose 0.002
// each to fragments of broken digits). Removing every dot up to 0.18
// x-heights, near letters or not, broke carbon letters (0.0686 on the
// development scans). Tried on the poor pages and dropped: other Sauvola
// windows and k (no setting beat the default on them; the best per page,
// chosen knowing the answer, gives 0.130 and 0.135), closing gaps up to
// 0.3-0.8 stroke widths along rows and columns (0.0624 on the development
// scans but 0.1420 held out: it fills the counters of bold faces), a second
// median pass (0.0669), removing small marks in a line's middle band away
// from letters (0.0647), and adding back letter-sized components of the
// gray page that the threshold broke up (none qualified: at a level clear
// of the paper noise faint letters join their neighbours). The poor pages'
// remaining errors are mostly letters whose ink is missing from the scan.
//
// The flattening window went from 0.08 to 0.12 in after a page of unknown
// resolution (analysed as 300 dpi, so with a wider window in pixels) read
// better than the same page at its stated 240 dpi. Over the development
// scans, scans/ and the held-out pages together, recognised as the
// pipeline does (psm 4), windows of 0.08, 0.10, 0.12 and 0.15 in gave
// 0.0483, 0.0480, 0.0452 and 0.0465; per set 0.0618 → 0.0577, 0.0296 →
// 0.0280 and 0.054 → 0.050 (the poor development pages 0.126 → 0.109 and
// 0.140 → 0.136). The three real colour scans moved from 0.137 to 0.140.
// A narrow window lets the closing sink into the heavy strokes of a
// carbon, and the division then lightens the ink next to them.
//
// # Coordinates
//
// Result.Image is the page deskewed, cropped and maybe enlarged, so boxes
// that Tesseract reports are in its pixels. Result.Transform (an Affine)
// maps them back to the source image, the image given to Run or Variants
// in its own coordinates (for a decoded file: the page after EXIF
// orientation), undoing the scaling, the crop and the rotation exactly as
// they were applied. Coordinates are continuous: pixel (i, j) covers
// [i, i+1) × [j, j+1), so a box's right and bottom edges are exclusive, as
// in hOCR and ALTO. Affine.Apply maps a point; Affine.Box maps a box to the
// bounding box of its four mapped corners, rounded outwards (clip it to
// Result.Source). In mode none the map is the identity (plus the source's
// origin, which is (0, 0) for a decoded file).
//
// # Contract
//
// Run and Variants do not modify their input, keep no state between calls
// and are safe for concurrent use; the same input gives the same bytes (the
// golden test checks it). They hold a few page-sized 8-bit buffers and run
// in the calling goroutine. A page of unknown resolution (dpi 0) is
// analysed as Options.AssumedDPI and its DPI is estimated from the x-height
// (Options.TypicalXHeight).
//
// # Speed
//
// Every step works on 8-bit gray buffers with integer arithmetic, and the
// window filters cost the same whatever their size: max and min filters by
// van Herk and Gil-Werman, box and Sauvola windows by running sums; the
// steps that decide something look at copies shrunk to 75 and 150 dpi
// (the shrinking adds eight bytes at a time in the 16-bit lanes of a word).
// Built with GOEXPERIMENT=simd (the Makefile and the Dockerfile do) on an
// AVX-512 machine, the division by the background, the turn and the median
// run 16 or 64 pixels at a time (vector.go; the scalar loops otherwise). On
// the 300-dpi carbon development page auto mode takes about 72 ms of
// processor time on one core and best mode's three images 134 ms; 101 and
// 166 ms with the scalar loops, 0.60 and 0.95 s before the loops were
// rewritten (go test -bench 'RunDevscan|Variants' -cpu 1, cpu-ns/op;
// BenchmarkSteps times each step). The costliest steps are now Sauvola, the
// turn and the flattening. Each fast loop, scalar and vector, is checked
// byte for byte against the step
// written out directly (reference_test.go): speed changed no pixel.
package preprocess
