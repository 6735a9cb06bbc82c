package pdf

import (
	"bufio"
	"compress/zlib"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"maps"
	"math/bits"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spravka/spravka/pipeline/page"
)

// Picture is a page image as its PDF keeps it: the file's own encoded data
// where PDF reads that encoding (Filter, with its parameters), or decoded
// pixels that the PDF keeps Flate-compressed, losslessly.
type Picture struct {
	// Width and Height are the image's pixels as stored, before Orientation.
	Width, Height int
	// Orientation is the EXIF/TIFF orientation (1..8, 0 for none) that
	// turns or flips the stored image upright; the page shows it upright.
	Orientation int

	// File and Sections locate the encoded data: the sections of File
	// (offset, length) one after another. Reverse reverses the bits of
	// every byte (a TIFF whose FillOrder is 2).
	File     string
	Sections [][2]int64
	Reverse  bool
	// Filter, Parms (its DecodeParms), ColorSpace, BitsPerComponent and
	// Decode describe the encoded data as a PDF image dictionary does.
	Filter           string
	Parms            map[string]any
	ColorSpace       any
	BitsPerComponent int
	Decode           []any

	// Pixels, when set, is the image itself, decoded (File is then unused).
	Pixels image.Image

	// Kind says how the PDF keeps the image, for people.
	Kind string
}

// ImageDoc is a searchable PDF made of page images, one image a page, built
// a page at a time (each image's data goes to a temporary file as it is
// added, so that only one page's pixels are held at once) and written by
// qpdf from a JSON description.
type ImageDoc struct {
	dir    string
	u      *update
	font   string
	pages  []string
	why    map[string]bool // what keeps the file from being PDF/A
	images int
}

// NewImageDoc starts an image PDF; Close removes its temporary files.
func NewImageDoc() (*ImageDoc, error) {
	dir, err := os.MkdirTemp("", "spravka-pdf-")
	if err != nil {
		return nil, err
	}
	// 1 is the catalog, 2 the page tree, 3 the document information
	return &ImageDoc{dir: dir, u: &update{next: 3, objs: map[string]any{}}, why: map[string]bool{}}, nil
}

// Close removes the document's temporary files.
func (d *ImageDoc) Close() error { return os.RemoveAll(d.dir) }

// Add adds a page showing p upright at dpi dots per inch, with the words of
// text (boxes in pixels of the upright image; nil or no words: no text)
// laid over it invisibly.
func (d *ImageDoc) Add(p *Picture, dpi float64, text *page.Page) error {
	if p.Width <= 0 || p.Height <= 0 || dpi <= 0 {
		return fmt.Errorf("an image of %d×%d pixels at %g dpi", p.Width, p.Height, dpi)
	}
	d.images++
	dict, file, err := d.imageData(p)
	if err != nil {
		return err
	}
	img := d.u.add(map[string]any{"stream": map[string]any{"dict": dict, "datafile": file}})

	w, h := p.Width, p.Height
	if p.Orientation >= 5 {
		w, h = h, w
	}
	f := frame{float64(w) * 72 / dpi, float64(h) * 72 / dpi}
	m := orientation(p.Orientation, f.w, f.h)
	draw := fmt.Sprintf("q %s %s %s %s %s %s cm /Im0 Do Q\n", num(m[0]), num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]))
	res := map[string]any{"/XObject": map[string]any{"/Im0": img}}
	if text != nil && text.Words() > 0 {
		if d.font == "" {
			d.font = d.u.font()
		}
		draw += string(content(Layer{Text: text, W: w, H: h}, f))
		res["/Font"] = map[string]any{"/F1": d.font}
	}
	contents := d.u.stream(map[string]any{}, []byte(draw))
	d.pages = append(d.pages, d.u.add(map[string]any{"value": map[string]any{"/Type": "/Page", "/Parent": "2 0 R",
		"/MediaBox": []any{0, 0, json.Number(num(f.w)), json.Number(num(f.h))}, "/Contents": contents, "/Resources": res}}))
	return nil
}

// orientation returns the matrix that draws an image (the unit square, its
// first row at the top) upright on a page of w×h points, as the EXIF
// orientation o asks: 2 mirrored, 3 turned half round, 4 upside down
// mirrored, 5 transposed, 6 turned right, 7 transversed, 8 turned left.
func orientation(o int, w, h float64) [6]float64 {
	switch o {
	case 2:
		return [6]float64{-w, 0, 0, h, w, 0}
	case 3:
		return [6]float64{-w, 0, 0, -h, w, h}
	case 4:
		return [6]float64{w, 0, 0, -h, 0, h}
	case 5:
		return [6]float64{0, -h, -w, 0, w, h}
	case 6:
		return [6]float64{0, -h, w, 0, 0, h}
	case 7:
		return [6]float64{0, h, w, 0, 0, 0}
	case 8:
		return [6]float64{0, h, -w, 0, w, 0}
	}
	return [6]float64{w, 0, 0, h, 0, 0}
}

// imageData returns the image dictionary of p and the file that holds its
// data: the input itself when the data is the whole of it, a copy of its
// sections, or its pixels compressed.
func (d *ImageDoc) imageData(p *Picture) (map[string]any, string, error) {
	if p.Pixels != nil {
		return d.pixels(p.Pixels)
	}
	dict := map[string]any{"/Type": "/XObject", "/Subtype": "/Image", "/Width": p.Width, "/Height": p.Height,
		"/ColorSpace": p.ColorSpace, "/BitsPerComponent": p.BitsPerComponent, "/Filter": p.Filter}
	if len(p.Parms) > 0 {
		dict["/DecodeParms"] = p.Parms
	}
	if len(p.Decode) > 0 {
		dict["/Decode"] = p.Decode
	}
	if colourBlocked(p.ColorSpace) {
		d.why["CMYK colours (the output intent is sRGB)"] = true
	}
	if fi, err := os.Stat(p.File); err == nil && len(p.Sections) == 1 && !p.Reverse && p.Sections[0] == [2]int64{0, fi.Size()} {
		abs, err := filepath.Abs(p.File)
		return dict, abs, err
	}
	in, err := os.Open(p.File)
	if err != nil {
		return nil, "", err
	}
	defer in.Close()
	name := filepath.Join(d.dir, fmt.Sprintf("im%d", d.images))
	out, err := os.Create(name)
	if err != nil {
		return nil, "", err
	}
	defer out.Close()
	bw := bufio.NewWriter(out)
	buf := make([]byte, 64*1024)
	for _, s := range p.Sections {
		r := io.NewSectionReader(in, s[0], s[1])
		for {
			n, err := r.Read(buf)
			if p.Reverse {
				for i := range n {
					buf[i] = bits.Reverse8(buf[i])
				}
			}
			bw.Write(buf[:n])
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, "", fmt.Errorf("reading %s: %w", p.File, err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return nil, "", err
	}
	return dict, name, out.Close()
}

// pixels writes img Flate-compressed, as few bits a pixel as keep every
// value: 1 for black and white, 8 or 16 for grey, 8 or 16 a channel for
// colour; an alpha channel that is not opaque everywhere becomes a soft
// mask (which keeps the file from being PDF/A as spravka makes it).
func (d *ImageDoc) pixels(img image.Image) (map[string]any, string, error) {
	if g, ok := img.(*image.Gray); ok {
		return d.grayPixels(g)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	deep := false
	switch img.(type) {
	case *image.Gray16, *image.RGBA64, *image.NRGBA64:
		deep = true
	}
	gray, bilevel, opaque := true, !deep, true
	for y := b.Min.Y; y < b.Max.Y && (gray || bilevel || opaque); y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBA64Model.Convert(img.At(x, y)).(color.NRGBA64)
			if c.R != c.G || c.G != c.B {
				gray, bilevel = false, false
			}
			if c.R != 0 && c.R != 0xffff {
				bilevel = false
			}
			if c.A != 0xffff {
				opaque = false
			}
		}
	}
	bpc, comps := 8, 3
	switch {
	case bilevel:
		bpc, comps = 1, 1
	case deep:
		bpc = 16
	}
	if gray && !bilevel {
		comps = 1
	}
	cs := "/DeviceRGB"
	if comps == 1 {
		cs = "/DeviceGray"
	}
	dict := map[string]any{"/Type": "/XObject", "/Subtype": "/Image", "/Width": w, "/Height": h,
		"/ColorSpace": cs, "/BitsPerComponent": bpc, "/Filter": "/FlateDecode"}
	name := filepath.Join(d.dir, fmt.Sprintf("im%d", d.images))
	err := d.flate(name, w, h, bpc, comps, func(x, y int) []uint16 {
		c := color.NRGBA64Model.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA64)
		if comps == 1 {
			return []uint16{c.R}
		}
		return []uint16{c.R, c.G, c.B}
	})
	if err != nil {
		return nil, "", err
	}
	if !opaque {
		mask := name + "-alpha"
		abpc := 8
		if deep {
			abpc = 16
		}
		err := d.flate(mask, w, h, abpc, 1, func(x, y int) []uint16 {
			return []uint16{color.NRGBA64Model.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA64).A}
		})
		if err != nil {
			return nil, "", err
		}
		dict["/SMask"] = d.u.add(map[string]any{"stream": map[string]any{"dict": map[string]any{"/Type": "/XObject",
			"/Subtype": "/Image", "/Width": w, "/Height": h, "/ColorSpace": "/DeviceGray", "/BitsPerComponent": abpc,
			"/Filter": "/FlateDecode"}, "datafile": mask}})
		d.why["transparency (an alpha channel)"] = true
	}
	return dict, name, nil
}

// grayPixels is pixels for a grey image (the usual scan), row by row: 1 bit
// a pixel when every pixel is black or white, 8 otherwise.
func (d *ImageDoc) grayPixels(g *image.Gray) (map[string]any, string, error) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	bilevel := true
	for y := range h {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v != 0 && v != 255 {
				bilevel = false
				break
			}
		}
		if !bilevel {
			break
		}
	}
	bpc := 8
	if bilevel {
		bpc = 1
	}
	dict := map[string]any{"/Type": "/XObject", "/Subtype": "/Image", "/Width": w, "/Height": h,
		"/ColorSpace": "/DeviceGray", "/BitsPerComponent": bpc, "/Filter": "/FlateDecode"}
	name := filepath.Join(d.dir, fmt.Sprintf("im%d", d.images))
	f, err := os.Create(name)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	z, _ := zlib.NewWriterLevel(bw, zlib.DefaultCompression)
	packed := make([]byte, (w+7)/8)
	for y := range h {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		if !bilevel {
			z.Write(row)
			continue
		}
		clear(packed)
		for x, v := range row {
			if v != 0 {
				packed[x/8] |= 0x80 >> (x % 8)
			}
		}
		z.Write(packed)
	}
	if err := z.Close(); err != nil {
		return nil, "", err
	}
	if err := bw.Flush(); err != nil {
		return nil, "", err
	}
	return dict, name, f.Close()
}

// flate writes the w×h samples at (x, y) (16-bit values, each taken down to
// bpc bits) to the file name, zlib-compressed, rows padded to whole bytes.
func (d *ImageDoc) flate(name string, w, h, bpc, comps int, at func(x, y int) []uint16) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	z, _ := zlib.NewWriterLevel(bw, zlib.DefaultCompression)
	row := make([]byte, (w*comps*bpc+7)/8)
	for y := range h {
		clear(row)
		for x := range w {
			for c, v := range at(x, y) {
				i := x*comps + c
				switch bpc {
				case 1:
					if v != 0 {
						row[i/8] |= 0x80 >> (i % 8)
					}
				case 8:
					row[i] = uint8(v >> 8)
				case 16:
					row[2*i], row[2*i+1] = uint8(v>>8), uint8(v)
				}
			}
		}
		z.Write(row)
	}
	if err := z.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// Write writes the document to w, as PDF/A-2b when opt asks and its images
// allow (no CMYK, no alpha), and says which.
func (d *ImageDoc) Write(opt Options, w io.Writer) (Made, error) {
	if len(d.pages) == 0 {
		return Made{}, errors.New("a PDF of no page")
	}
	kids := make([]any, len(d.pages))
	for i, p := range d.pages {
		kids[i] = p
	}
	info := map[string]any{}
	text := map[string]string{}
	if opt.Producer != "" {
		info["/Producer"] = "u:" + opt.Producer
		text["/Producer"] = opt.Producer
	}
	cat := map[string]any{"/Type": "/Catalog", "/Pages": "2 0 R"}
	var made Made
	switch {
	case !opt.PDFA:
	case len(d.why) > 0:
		made.NotPDFA = "the image has " + strings.Join(slices.Sorted(maps.Keys(d.why)), ", ")
	default:
		xmp, err := xmpPacket(text)
		if err != nil {
			return made, err
		}
		cat["/Metadata"] = d.u.metadata(xmp)
		cat["/OutputIntents"] = []any{d.u.outputIntent()}
		made.PDFA = PDFA2B
	}
	objs := d.u.objs
	objs["obj:1 0 R"] = map[string]any{"value": cat}
	objs["obj:2 0 R"] = map[string]any{"value": map[string]any{"/Type": "/Pages", "/Kids": kids, "/Count": len(kids)}}
	objs["obj:3 0 R"] = map[string]any{"value": info}
	objs["trailer"] = map[string]any{"value": map[string]any{"/Root": "1 0 R", "/Info": "3 0 R", "/Size": d.u.next + 1}}
	doc, err := json.Marshal(map[string]any{"qpdf": []any{map[string]any{"jsonversion": 2, "pdfversion": "1.7"}, objs}})
	if err != nil {
		return made, err
	}
	file := filepath.Join(d.dir, "doc.json")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		return made, err
	}
	out, stderr, err := run(&QPDF, nil, "--json-input", "--deterministic-id", "--stream-data=preserve", "--newline-before-endstream", file, "-")
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 3: // warnings only
	case err != nil:
		return made, fmt.Errorf("%s: %s", QPDF, strings.TrimSpace(cmpOrErr(stderr, err)))
	}
	_, err = w.Write(out)
	return made, err
}

func cmpOrErr(stderr string, err error) string {
	if strings.TrimSpace(stderr) != "" {
		return stderr
	}
	return err.Error()
}
