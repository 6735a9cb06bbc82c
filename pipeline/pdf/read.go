package pdf

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os/exec"
	"strconv"
	"strings"
)

// The programs spravka runs, by name (looked up in PATH).
var (
	Mutool = "mutool" // MuPDF's tool (Debian: mupdf-tools): reads and renders pages
	QPDF   = "qpdf"   // qpdf (Debian: qpdf): writes the searchable PDF
)

// packages names the Debian package of each program.
var packages = map[*string]string{&Mutool: "mupdf-tools", &QPDF: "qpdf"}

// run runs a program and returns its standard output, its standard error
// and an error that says what went wrong in its own words.
func run(prog *string, stdin []byte, args ...string) ([]byte, string, error) {
	path, err := exec.LookPath(*prog)
	if err != nil {
		return nil, "", fmt.Errorf("%s is not installed: install it with `apt-get install %s` (make deps does)", *prog, packages[prog])
	}
	cmd := exec.Command(path, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	err = cmd.Run()
	return out.Bytes(), errb.String(), err
}

// problem turns what MuPDF said on standard error into an error for people,
// or nil when it said nothing that matters.
func problem(stderr string, err error) error {
	var first, repair string
	for _, l := range strings.Split(stderr, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.Contains(l, "ICC support is not available"), l == "":
		case strings.Contains(l, "version marker"):
			return errors.New("not a PDF (it does not start with %PDF-)")
		case strings.Contains(l, "cannot authenticate password"):
			return errors.New("encrypted PDF that needs a password: spravka reads no encrypted PDF; save an unencrypted copy first")
		case strings.Contains(l, "repair"):
			repair = l
		case first == "" && (strings.HasPrefix(l, "error:") || err != nil):
			first = strings.TrimPrefix(l, "error: ")
		}
	}
	switch {
	case repair != "" && first != "":
		return fmt.Errorf("broken or truncated PDF (%s): rebuild it first, e.g. `qpdf IN.pdf OUT.pdf`, and check its pages", first)
	case repair != "":
		return errors.New("damaged PDF (MuPDF had to rebuild its cross-reference table): rebuild it first, e.g. `qpdf IN.pdf OUT.pdf`, and check its pages")
	case first != "":
		return fmt.Errorf("PDF cannot be read: %s", first)
	case err != nil:
		return fmt.Errorf("%s failed: %v", Mutool, err)
	}
	return nil
}

// Count returns the number of pages of the PDF at path. An encrypted,
// damaged or truncated file is an error that says so: spravka reads only
// what it can read whole, and writes no PDF it could not read.
func Count(path string) (int, error) {
	out, stderr, err := run(&Mutool, nil, "show", path, "trailer/Encrypt/Filter", "trailer/Root/Pages/Count")
	if err := problem(stderr, err); err != nil {
		return 0, err
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return 0, fmt.Errorf("PDF cannot be read: %s said %q", Mutool, out)
	}
	if f[0] != "null" {
		return 0, errors.New("encrypted PDF: spravka reads no encrypted PDF (its searchable copy could not keep the protection); decrypt it first, e.g. `qpdf --decrypt IN.pdf OUT.pdf`, if you may")
	}
	n, err := strconv.Atoi(f[1])
	if err != nil || n < 1 {
		return 0, fmt.Errorf("PDF has no pages (its page tree says %q)", f[1])
	}
	return n, nil
}

// Page is what page k of a PDF draws, as MuPDF sees it: in the page's
// displayed space (its crop box, its rotation applied), in points, y down.
type Page struct {
	// Width and Height are the page's displayed size in points.
	Width, Height float64
	// Images are the images the page draws.
	Images []Image
	// Vector counts the paths and shadings it draws, Text the text it draws
	// visibly, Hidden the text it does not draw (an earlier text layer).
	Vector, Text, Hidden int
	number               int // the page's number, as MuPDF says
}

// Image is one image a page draws.
type Image struct {
	// Width and Height are the image's own pixels.
	Width, Height int
	// Gray says that it has one colour component (black and white or grey).
	Gray bool
	// Rect is where it lands on the page; Upright says that it lands
	// axis-aligned, Turned that it is turned by 90° or 270° (its width
	// runs down the page).
	Rect            Rect
	Upright, Turned bool
	matrix          [6]float64 // the unit square's map onto the page
}

// Rect is a rectangle in the page's displayed space, in points.
type Rect struct{ X0, Y0, X1, Y1 float64 }

func (r Rect) Dx() float64 { return r.X1 - r.X0 }
func (r Rect) Dy() float64 { return r.Y1 - r.Y0 }

// Scan returns the image that makes the page a scan: the largest one drawn
// upright (or turned by a right angle) over at least half of the page. A
// page without one (text, drawings, small pictures) has none.
func (p *Page) Scan() (Image, bool) {
	var best Image
	found := false
	for _, im := range p.Images {
		if !im.Upright {
			continue
		}
		if !found || im.Rect.Dx()*im.Rect.Dy() > best.Rect.Dx()*best.Rect.Dy() {
			best, found = im, true
		}
	}
	if !found || best.Rect.Dx()*best.Rect.Dy() < 0.5*p.Width*p.Height {
		return Image{}, false
	}
	return best, true
}

// Pixels returns the size in pixels at which the page shows its scan im
// pixel for pixel (the image's own size when it covers the page), and the
// resolution that is.
func (p *Page) Pixels(im Image) (w, h int, dpiX, dpiY float64) {
	iw, ih := float64(im.Width), float64(im.Height)
	if im.Turned {
		iw, ih = ih, iw
	}
	dpiX, dpiY = iw/im.Rect.Dx()*72, ih/im.Rect.Dy()*72
	return max(1, int(math.Round(p.Width*dpiX/72))), max(1, int(math.Round(p.Height*dpiY/72))), dpiX, dpiY
}

// Layout reads what page k (from 1) of the PDF at path draws.
func Layout(path string, k int) (*Page, error) {
	out, stderr, err := run(&Mutool, nil, "trace", path, strconv.Itoa(k))
	if err := problem(stderr, err); err != nil {
		return nil, err
	}
	p, err := parseTrace(out)
	if err == nil && p.number != k { // mutool reads a page past the last as the last
		return nil, fmt.Errorf("the PDF has no page %d", k)
	}
	return p, err
}

// parseTrace reads the output of mutool trace for one page.
func parseTrace(trace []byte) (*Page, error) {
	d := xml.NewDecoder(bytes.NewReader(trace))
	d.Strict = false
	var p *Page
	depth := 0 // inside a text element
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the page's drawing: %w", err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if depth > 0 {
				depth--
			}
		case xml.StartElement:
			if depth > 0 {
				depth++
				continue
			}
			attr := func(name string) string {
				for _, a := range t.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch t.Name.Local {
			case "page":
				box := numbers(attr("mediabox"))
				if len(box) != 4 {
					return nil, fmt.Errorf("reading the page's drawing: page box %q", attr("mediabox"))
				}
				n, _ := strconv.Atoi(attr("number"))
				p = &Page{Width: box[2] - box[0], Height: box[3] - box[1], number: n}
			case "fill_image":
				if p == nil {
					continue
				}
				im, err := placed(attr("transform"), attr("width"), attr("height"))
				if err != nil {
					return nil, err
				}
				cs := attr("colorspace")
				im.Gray = strings.Contains(cs, "Gray") || strings.Contains(cs, "Separation")
				p.Images = append(p.Images, im)
			case "fill_path", "stroke_path", "fill_shade", "fill_image_mask":
				if p != nil {
					p.Vector++
				}
				depth = 1
			case "fill_text", "stroke_text", "clip_text", "clip_stroke_text":
				if p != nil {
					p.Text++
				}
				depth = 1
			case "ignore_text":
				if p != nil {
					p.Hidden++
				}
				depth = 1
			}
		}
	}
	if p == nil || p.Width <= 0 || p.Height <= 0 {
		return nil, errors.New("reading the page's drawing: no page size")
	}
	return p, nil
}

// placed reads where an image lands: its matrix maps the unit square onto the page.
func placed(transform, width, height string) (Image, error) {
	m := numbers(transform)
	w, err1 := strconv.Atoi(width)
	h, err2 := strconv.Atoi(height)
	if len(m) != 6 || err1 != nil || err2 != nil || w <= 0 || h <= 0 {
		return Image{}, fmt.Errorf("reading the page's drawing: image %s×%s at %q", width, height, transform)
	}
	a, b, c, d, e, f := m[0], m[1], m[2], m[3], m[4], m[5]
	xs := []float64{e, e + a, e + c, e + a + c}
	ys := []float64{f, f + b, f + d, f + b + d}
	im := Image{Width: w, Height: h, Rect: Rect{slicesMin(xs), slicesMin(ys), slicesMax(xs), slicesMax(ys)}, matrix: [6]float64(m)}
	const eps = 1e-6
	switch {
	case math.Abs(b) < eps && math.Abs(c) < eps:
		im.Upright = true
	case math.Abs(a) < eps && math.Abs(d) < eps:
		im.Upright, im.Turned = true, true
	}
	return im, nil
}

func slicesMin(v []float64) float64 { return min(v[0], v[1], v[2], v[3]) }
func slicesMax(v []float64) float64 { return max(v[0], v[1], v[2], v[3]) }

// numbers reads the numbers of a space-separated list.
func numbers(s string) []float64 {
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// Render draws page k (from 1) of the PDF at path at exactly w×h pixels,
// in grey or in colour. A page drawn at its scan's own size (Page.Pixels)
// gives the scan's pixels back as they are: MuPDF does not resample an
// image it draws one to one.
func Render(path string, k, w, h int, gray bool) (image.Image, error) {
	cs := "rgb"
	if gray {
		cs = "gray"
	}
	out, stderr, err := run(&Mutool, nil, "draw", "-q", "-F", "pnm", "-o", "-", "-c", cs,
		"-w", strconv.Itoa(w), "-h", strconv.Itoa(h), "-f", path, strconv.Itoa(k))
	if err := problem(stderr, err); err != nil {
		return nil, err
	}
	img, err := decodePNM(out)
	if err != nil {
		return nil, fmt.Errorf("reading the page %s drew: %w", Mutool, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		return nil, fmt.Errorf("%s drew %d×%d pixels, not %d×%d", Mutool, b.Dx(), b.Dy(), w, h)
	}
	return img, nil
}

// decodePNM reads a binary PGM (P5) or PPM (P6) image with 8-bit samples,
// the format mutool writes.
func decodePNM(data []byte) (image.Image, error) {
	r := bufio.NewReader(bytes.NewReader(data))
	var fields []int
	var magic string
	for len(fields) < 3 {
		var word string
		if _, err := fmt.Fscan(r, &word); err != nil {
			return nil, fmt.Errorf("PNM header: %w", err)
		}
		if strings.HasPrefix(word, "#") {
			r.ReadString('\n')
			continue
		}
		if magic == "" {
			magic = word
			continue
		}
		v, err := strconv.Atoi(word)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("PNM header: %q", word)
		}
		fields = append(fields, v)
	}
	if _, err := r.ReadByte(); err != nil { // the one whitespace before the samples
		return nil, err
	}
	w, h, maxv := fields[0], fields[1], fields[2]
	if maxv != 255 {
		return nil, fmt.Errorf("PNM with %d levels", maxv)
	}
	switch magic {
	case "P5":
		img := image.NewGray(image.Rect(0, 0, w, h))
		if _, err := io.ReadFull(r, img.Pix); err != nil {
			return nil, fmt.Errorf("PGM samples: %w", err)
		}
		return img, nil
	case "P6":
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		row := make([]byte, 3*w)
		for y := range h {
			if _, err := io.ReadFull(r, row); err != nil {
				return nil, fmt.Errorf("PPM samples: %w", err)
			}
			px := img.Pix[y*img.Stride:]
			for x := range w {
				px[4*x], px[4*x+1], px[4*x+2], px[4*x+3] = row[3*x], row[3*x+1], row[3*x+2], 255
			}
		}
		return img, nil
	}
	return nil, fmt.Errorf("not a PGM or PPM image (%q)", magic)
}

// lines runs a program and hands each line of its standard output to fn as
// it comes (a trace of a long PDF need not be held whole), then returns an
// error as run and problem do.
func lines(prog *string, fn func(line string), args ...string) error {
	path, err := exec.LookPath(*prog)
	if err != nil {
		return fmt.Errorf("%s is not installed: install it with `apt-get install %s` (make deps does)", *prog, packages[prog])
	}
	cmd := exec.Command(path, args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for sc.Scan() {
		fn(sc.Text())
	}
	io.Copy(io.Discard, out)
	// Wait first: until it returns, exec's goroutine may still be copying
	// the program's standard error into errb
	werr := cmd.Wait()
	return problem(errb.String(), werr)
}
