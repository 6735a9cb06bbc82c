package scan

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/disintegration/imaging"
	"golang.org/x/image/tiff"

	"github.com/spravka/spravka/pipeline/pdf"
)

// Options bound what a page may cost to decode.
type Options struct {
	// MaxPixels is the largest page, in pixels, that is decoded (default 200 million:
	// an A3 page at 1200 dpi); larger pages fail with an error instead of exhausting memory.
	MaxPixels int64
	// MinDPI and MaxDPI bound a plausible resolution stated by a file; outside them the
	// statement is ignored (many tools write 72 dpi whatever the scan). Defaults 100 and 2400.
	MinDPI, MaxDPI float64
	// MaxPages is the largest number of pages read from one file (default
	// 10,000); a file with more fails whole, before any of its pages is read.
	MaxPages int
	// RenderDPI is the resolution at which a PDF page that is not one scan is
	// drawn (default 300); a scan is read at its own.
	RenderDPI float64
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options {
	return Options{MaxPixels: 200_000_000, MinDPI: 100, MaxDPI: 2400, MaxPages: maxIFDs, RenderDPI: 300}
}

// Source is one input file found under the input folder.
type Source struct {
	// Path is the file's path as found (input folder joined with Rel and the extension).
	Path string
	// Rel is the path relative to the input folder without the extension, with
	// forward slashes: the stem of every output written for this file.
	Rel string
	// Pages is the number of pages in the file (more than one for a multi-page TIFF or a PDF).
	Pages int
	// Err is set when the file cannot be read at all; each of its pages then fails with it.
	Err error
	// PDF says that the file is a PDF (by its content, or by its name when it cannot be read).
	PDF bool
}

// Name returns the output stem of page k (1-based) of s: Rel for a single-page
// file, Rel + ".p<k>" for a page of a multi-page file.
func (s Source) Name(k int) string {
	if s.Pages > 1 {
		return fmt.Sprintf("%s.p%d", s.Rel, k)
	}
	return s.Rel
}

var imageExt = map[string]bool{".tif": true, ".tiff": true, ".png": true, ".jpg": true, ".jpeg": true, ".pdf": true}

// OutputImages are the images spravka writes beside a page's other outputs
// (pipeline's output names): found in an input tree, they are not scans.
var OutputImages = []string{".prep.png", ".web.jpg"}

// sidecars are files that belong to a page without being one: its manual
// transcription, and what the review writes. They are passed over silently.
var sidecars = []string{".gt.txt", ".review.json", ".final.txt", ".final.alto.xml"}

// IsImage reports whether path has an extension spravka reads (an image or
// a PDF) and is not an image spravka wrote itself.
func IsImage(path string) bool {
	return imageExt[strings.ToLower(filepath.Ext(path))] && outputImage(path) == ""
}

func outputImage(path string) string {
	for _, o := range OutputImages {
		if strings.HasSuffix(strings.ToLower(path), o) {
			return o
		}
	}
	return ""
}

// NotRead is a file under the input folder that is not read, and why.
type NotRead struct {
	// File is the file's path relative to the input folder, with forward slashes.
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Walk says what Inventory passes over.
type Walk struct {
	// Skip are folders not entered (the output folder when it lies inside the input).
	Skip []string
	// Ignore, when set, tells files to pass over without a word (spravka's
	// own outputs, when the output folder is the input folder).
	Ignore func(path string) bool
	// MaxPages bounds the pages of one file (Options.MaxPages; 0: the default).
	MaxPages int
}

// Found is what Inventory found: the page images, and every other file with
// the reason it is not read.
type Found struct {
	Sources []Source
	NotRead []NotRead
}

// Discover returns the image files under root, as Inventory does.
func Discover(root string, skip ...string) ([]Source, error) {
	f, err := Inventory(root, Walk{Skip: skip})
	return f.Sources, err
}

// Inventory walks root recursively and returns its image and PDF files sorted by
// path, counting the pages of multi-page TIFFs and PDFs, and every other file with the
// reason it is not read (another format, an image spravka wrote, a link that
// leads nowhere, a name that is not UTF-8, a folder that cannot be listed). Folders in w.Skip and
// hidden folders are not entered; transcriptions and review files are
// passed over. A link to a file is read as the file; a link to a folder is
// not followed (so a link loop cannot trap the walk). Two files whose names
// differ only in extension keep the extension in Rel so their outputs do not
// collide.
func Inventory(root string, w Walk) (Found, error) {
	var found Found
	info, err := os.Stat(root)
	if err != nil {
		return found, fmt.Errorf("input folder: %w", err)
	}
	if !info.IsDir() {
		return found, fmt.Errorf("input %s is not a folder", root)
	}
	skipAbs := map[string]bool{}
	for _, s := range w.Skip {
		if a, err := filepath.Abs(s); err == nil {
			skipAbs[a] = true
		}
	}
	var out []Source
	notRead := func(path, reason string) {
		rel, _ := filepath.Rel(root, path)
		found.NotRead = append(found.NotRead, NotRead{File: filepath.ToSlash(rel), Reason: reason})
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			notRead(path, "cannot be read: "+unwrapPath(err).Error())
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if a, _ := filepath.Abs(path); path != root && (skipAbs[a] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if w.Ignore != nil && w.Ignore(path) || sidecar(path) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			switch {
			case err != nil:
				notRead(path, "a link that leads nowhere: "+unwrapPath(err).Error())
				return nil
			case fi.IsDir():
				notRead(path, "a link to a folder: not followed (give the folder itself as input)")
				return nil
			case !fi.Mode().IsRegular():
				notRead(path, "a link to something that is not a file")
				return nil
			}
		} else if !d.Type().IsRegular() {
			notRead(path, "not a regular file")
			return nil
		}
		if why := notAScan(path); why != "" {
			notRead(path, why)
			return nil
		}
		if rel, _ := filepath.Rel(root, path); !utf8.ValidString(rel) {
			notRead(path, "its name is not valid UTF-8, which the page record, ALTO and the report cannot name: rename it")
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		out = append(out, Source{Path: path, Rel: strings.TrimSuffix(rel, filepath.Ext(rel)), Pages: 1})
		return nil
	})
	if err != nil {
		return found, fmt.Errorf("walking %s: %w", root, err)
	}
	slices.SortFunc(out, func(a, b Source) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(found.NotRead, func(a, b NotRead) int { return strings.Compare(a.File, b.File) })
	count := map[string]int{}
	for _, s := range out {
		count[s.Rel]++
	}
	for i := range out {
		s := &out[i]
		if count[s.Rel] > 1 {
			s.Rel += filepath.Ext(s.Path)
		}
		s.Pages, s.PDF, s.Err = countPages(s.Path, cmp.Or(w.MaxPages, DefaultOptions().MaxPages))
	}
	found.Sources = out
	return found, nil
}

func sidecar(path string) bool {
	for _, s := range sidecars {
		if strings.HasSuffix(strings.ToLower(path), s) {
			return true
		}
	}
	return false
}

// otherImages are image formats spravka does not read, by extension.
var otherImages = map[string]string{
	".webp": "WebP", ".gif": "GIF", ".bmp": "BMP", ".jp2": "JPEG 2000", ".j2k": "JPEG 2000", ".jpx": "JPEG 2000",
	".jpf": "JPEG 2000", ".heic": "HEIC", ".heif": "HEIF", ".avif": "AVIF", ".djvu": "DjVu", ".djv": "DjVu",
	".pnm": "PNM", ".pbm": "PBM", ".pgm": "PGM", ".ppm": "PPM", ".tga": "TGA", ".psd": "Photoshop", ".jxl": "JPEG XL",
}

// notAScan says why a file is not read as a scan ("" when it is).
func notAScan(path string) string {
	if o := outputImage(path); o != "" {
		return "an image spravka wrote (" + o + "), not a scan"
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case imageExt[ext]:
		return ""
	case otherImages[ext] != "":
		return "a " + otherImages[ext] + " image: spravka reads TIFF, PNG, JPEG and PDF; convert it first"
	}
	return "not a page image (spravka reads TIFF, PNG, JPEG and PDF)"
}

// unwrapPath drops the path from a *fs.PathError (the caller names the file).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// countPages returns the number of pages in a TIFF or PDF file, 1 for other formats
// (and for a file that cannot be read, together with the error). A file of
// more than maxPages pages is an error.
func countPages(path string, maxPages int) (n int, isPDF bool, err error) {
	isPDF = strings.EqualFold(filepath.Ext(path), ".pdf")
	f, err := os.Open(path)
	if err != nil {
		return 1, isPDF, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 1, isPDF, err
	}
	format := sniff(f)
	switch {
	case fi.Size() == 0:
		return 1, isPDF, errors.New("empty file")
	case format == "pdf":
		n, err := pdf.Count(path)
		if err != nil {
			return 1, true, err
		}
		if maxPages > 0 && n > maxPages {
			return 1, true, fmt.Errorf("PDF of %d pages, more than the limit of %d", n, maxPages)
		}
		return n, true, nil
	case isPDF:
		return 1, true, errors.New("not a PDF (it does not start with %PDF-)")
	case format != "tiff":
		return 1, false, nil
	}
	ds, _, err := readIFDs(f, fi.Size(), true)
	if err != nil {
		return 1, false, err
	}
	if len(ds) == 0 {
		return 1, false, errors.New("TIFF file has no pages")
	}
	return len(ds), false, nil
}

// sniff tells the format from the first bytes, whatever the extension says.
func sniff(r io.ReaderAt) string {
	var b [1024]byte
	n, _ := r.ReadAt(b[:], 0)
	if strings.Contains(string(b[:n]), "%PDF-") { // readers allow junk before it
		return "pdf"
	}
	s := string(b[:min(n, 8)])
	switch {
	case strings.HasPrefix(s, "II*\x00"), strings.HasPrefix(s, "MM\x00*"), strings.HasPrefix(s, "II+\x00"), strings.HasPrefix(s, "MM\x00+"):
		return "tiff"
	case strings.HasPrefix(s, "\x89PNG\r\n\x1a\n"):
		return "png"
	case strings.HasPrefix(s, "\xff\xd8\xff"):
		return "jpeg"
	}
	return ""
}

// Page is one decoded page.
type Page struct {
	Image image.Image
	// Format is "tiff", "png", "jpeg" or "pdf", from the file's content.
	Format string
	// Width and Height are the page's size after orientation.
	Width, Height int
	// DPI is the resolution the file states, 0 when it states none or an implausible one
	// (then DPINote says what was ignored).
	DPI     float64
	DPINote string
	// Orientation is the EXIF/TIFF orientation that was applied (1..8), 0 when absent.
	Orientation int
	// SHA256 is the hex digest of the whole file.
	SHA256 string
	// Note says how a PDF page was read: its scan pixel for pixel, or drawn.
	Note string
}

// Decode reads page k (1-based) of the file at path: its size is checked before
// its pixels are decoded, its stated DPI read and its orientation applied.
func Decode(path string, k int, opt Options) (*Page, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if size == 0 {
		return nil, errors.New("empty file")
	}
	p := &Page{Format: sniff(f)}
	var (
		r       io.ReaderAt = f
		m       meta
		pageIFD int64            // where page k's directory starts (TIFF)
		bo      binary.ByteOrder // the TIFF file's byte order
	)
	switch p.Format {
	case "tiff":
		var ds []ifd
		ds, bo, err = readIFDs(f, size, true)
		if err != nil {
			return nil, err
		}
		if k < 1 || k > len(ds) {
			return nil, fmt.Errorf("page %d of %d does not exist", k, len(ds))
		}
		m = meta{dpi: ds[k-1].dpi(), orientation: ds[k-1].orientation}
		pageIFD = ds[k-1].offset
		if k > 1 {
			if r, err = newFirstIFDAt(f, bo, ds[k-1].offset); err != nil {
				return nil, err
			}
		}
	case "png":
		m = pngMeta(f, size)
	case "jpeg":
		m = jpegMeta(f, size)
	case "pdf":
		if err := decodePDF(p, path, k, opt); err != nil {
			return nil, err
		}
		if p.SHA256, err = hashOf(io.NewSectionReader(f, 0, size)); err != nil {
			return nil, err
		}
		return p, nil
	default:
		return nil, errors.New("not a TIFF, PNG, JPEG or PDF (unrecognised content)")
	}
	if p.Format != "tiff" && k != 1 {
		return nil, fmt.Errorf("page %d of 1 does not exist", k)
	}

	decodeConfig, decode := decoders(p.Format)
	cfg, err := decodeConfig(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fmt.Errorf("reading %s header: %w", p.Format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("image has no pixels (%d×%d)", cfg.Width, cfg.Height)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); opt.MaxPixels > 0 && px > opt.MaxPixels {
		return nil, fmt.Errorf("image is %d×%d = %d pixels, more than the limit of %d", cfg.Width, cfg.Height, px, opt.MaxPixels)
	}
	var img image.Image
	if p.Format == "tiff" && cfg.ColorModel == color.GrayModel {
		if g, err := decodeGrayTIFF(f, size, bo, pageIFD); err == nil {
			img = g
		}
	}
	if img == nil {
		if img, err = safeDecode(decode, io.NewSectionReader(r, 0, size)); err != nil {
			return nil, fmt.Errorf("decoding %s: %w", p.Format, err)
		}
	}

	p.Orientation = m.orientation
	p.Image = orient(img, m.orientation)
	b := p.Image.Bounds()
	p.Width, p.Height = b.Dx(), b.Dy()
	switch {
	case m.dpi == 0:
	case m.dpi < opt.MinDPI || m.dpi > opt.MaxDPI:
		p.DPINote = fmt.Sprintf("file states %.0f dpi, outside %.0f–%.0f: ignored", m.dpi, opt.MinDPI, opt.MaxDPI)
	default:
		p.DPI = m.dpi
	}

	if p.SHA256, err = hashOf(io.NewSectionReader(f, 0, size)); err != nil {
		return nil, err
	}
	return p, nil
}

// FileSHA256 returns the hex SHA-256 digest of the file at path (as recorded in Page.SHA256).
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return hashOf(f)
}

func hashOf(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func decoders(format string) (func(io.Reader) (image.Config, error), func(io.Reader) (image.Image, error)) {
	switch format {
	case "tiff":
		return tiff.DecodeConfig, tiff.Decode
	case "png":
		return png.DecodeConfig, png.Decode
	default:
		return jpeg.DecodeConfig, jpeg.Decode
	}
}

// safeDecode turns a decoder panic on a malformed file into an error.
func safeDecode(decode func(io.Reader) (image.Image, error), r io.Reader) (img image.Image, err error) {
	defer func() {
		if v := recover(); v != nil {
			img, err = nil, fmt.Errorf("malformed image (decoder failed: %v)", v)
		}
	}()
	return decode(r)
}

// orient applies an EXIF/TIFF orientation so the page stands upright. A
// gray page stays gray (orientGray); other pages go through imaging, which
// returns NRGBA.
func orient(img image.Image, o int) image.Image {
	if g, ok := img.(*image.Gray); ok && o >= 2 && o <= 8 {
		return orientGray(g, o)
	}
	switch o {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}

// orientGray turns or flips g as orientation o (2..8) asks, with the same
// pixels as imaging's FlipH, Rotate180, FlipV, Transpose, Rotate270,
// Transverse and Rotate90, but one byte a pixel. Pixel (x, y) of the
// result is g.Pix[at + x·dx + y·dy]; turns go by 32×32 tiles, so that
// reading down a column of g stays within the cache.
func orientGray(g *image.Gray, o int) *image.Gray {
	w, h, s := g.Rect.Dx(), g.Rect.Dy(), g.Stride
	last, bottom := w-1, (h-1)*s // the last column, the start of the last row
	dw, dh := h, w               // turned: the sides swap
	var at, dx, dy int
	switch o {
	case 2: // (w-1-x, y)
		dw, dh, at, dx, dy = w, h, last, -1, s
	case 3: // (w-1-x, h-1-y)
		dw, dh, at, dx, dy = w, h, bottom+last, -1, -s
	case 4: // (x, h-1-y)
		dw, dh, at, dx, dy = w, h, bottom, 1, -s
	case 5: // (y, x)
		at, dx, dy = 0, s, 1
	case 6: // (y, h-1-x)
		at, dx, dy = bottom, -s, 1
	case 7: // (w-1-y, h-1-x)
		at, dx, dy = bottom+last, -s, -1
	default: // 8: (w-1-y, x)
		at, dx, dy = last, s, -1
	}
	dst := image.NewGray(image.Rect(0, 0, dw, dh))
	const tile = 32
	for ty := 0; ty < dh; ty += tile {
		for tx := 0; tx < dw; tx += tile {
			for y := ty; y < min(ty+tile, dh); y++ {
				row := dst.Pix[y*dst.Stride+tx : y*dst.Stride+min(tx+tile, dw)]
				i := at + tx*dx + y*dy
				for x := range row {
					row[x] = g.Pix[i]
					i += dx
				}
			}
		}
	}
	return dst
}
