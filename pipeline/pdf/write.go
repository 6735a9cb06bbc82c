package pdf

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Searchable writes to w the PDF at path with the text of layers laid over
// its pages, invisibly. Everything else is kept as it is: qpdf copies the
// input's objects and their streams byte for byte (the scans are not
// decoded, let alone encoded again), puts each page's drawing between q and
// Q, and draws the text page over it as a form, upright on the page as
// displayed. The file identifier is derived from the content, so the same
// input and text give the same bytes.
func Searchable(path string, layers []Layer, w io.Writer) error {
	layers = slices.DeleteFunc(slices.Clone(layers), func(l Layer) bool {
		return l.Text == nil || l.Text.Words() == 0 || l.W <= 0 || l.H <= 0
	})
	slices.SortFunc(layers, func(a, b Layer) int { return a.Page - b.Page })
	args := []string{"--deterministic-id", "--stream-data=preserve", "--no-original-object-ids", path}
	if len(layers) > 0 {
		boxes, err := pageBoxes(path)
		if err != nil {
			return err
		}
		frames := make([]frame, len(layers))
		var to []string
		for i, l := range layers {
			if l.Page < 1 || l.Page > len(boxes) {
				return fmt.Errorf("the PDF has no page %d", l.Page)
			}
			frames[i] = boxes[l.Page-1].frame()
			to = append(to, strconv.Itoa(l.Page))
		}
		dir, err := os.MkdirTemp("", "spravka-pdf-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		text := filepath.Join(dir, "text.pdf")
		if err := os.WriteFile(text, layerPDF(layers, frames), 0o600); err != nil {
			return err
		}
		args = append(args, "--overlay", text, "--to="+strings.Join(to, ","), "--from=1-z", "--")
	}
	out, stderr, err := run(&QPDF, nil, append(args, "-")...)
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 3:
		// warnings only: qpdf wrote the file
	case err != nil:
		msg := strings.TrimSpace(stderr)
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("%s: %s", QPDF, msg)
	}
	_, err = w.Write(out)
	return err
}

// box is a page's boxes in its default user space, and its rotation.
type box struct {
	media, crop, trim Rect // y up here
	rotate            int
}

// frame returns where the text page of b lands (see frame).
func (b box) frame() frame {
	// MuPDF reads the crop box within the media box; qpdf places the
	// overlay on the trim box as the page states it
	crop := intersect(b.crop, b.media)
	c, t := b.shown(crop, crop), b.shown(b.trim, crop)
	return frame{w: t.Dx(), h: t.Dy(), dx: c.X0 - t.X0, dy: c.Y0 - t.Y0, cw: c.Dx(), ch: c.Dy()}
}

// shown returns r as the page shows it: relative to the crop box's
// displayed top left corner, the page's rotation applied, y down.
func (b box) shown(r, crop Rect) Rect {
	pt := func(x, y float64) (float64, float64) {
		switch b.rotate {
		case 90:
			return y - crop.Y0, x - crop.X0
		case 180:
			return crop.X1 - x, y - crop.Y0
		case 270:
			return crop.Y1 - y, crop.X1 - x
		}
		return x - crop.X0, crop.Y1 - y
	}
	x0, y0 := pt(r.X0, r.Y0)
	x1, y1 := pt(r.X1, r.Y1)
	return Rect{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)}
}

func intersect(a, b Rect) Rect {
	r := Rect{max(a.X0, b.X0), max(a.Y0, b.Y0), min(a.X1, b.X1), min(a.Y1, b.Y1)}
	if r.X1 <= r.X0 || r.Y1 <= r.Y0 {
		return b
	}
	return r
}

// pageBoxes reads every page's boxes and rotation (mutool pages).
func pageBoxes(path string) ([]box, error) {
	out, stderr, err := run(&Mutool, nil, "pages", path)
	if err := problem(stderr, err); err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	d.Strict = false
	var boxes []box
	var cur *box
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the page boxes: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			attr := func(name string) float64 {
				for _, a := range t.Attr {
					if a.Name.Local == name {
						v, _ := strconv.ParseFloat(a.Value, 64)
						return v
					}
				}
				return 0
			}
			rect := func() Rect {
				l, b, r, tp := attr("l"), attr("b"), attr("r"), attr("t")
				return Rect{min(l, r), min(b, tp), max(l, r), max(b, tp)}
			}
			switch t.Name.Local {
			case "page":
				boxes = append(boxes, box{})
				cur = &boxes[len(boxes)-1]
			case "MediaBox":
				if cur != nil {
					cur.media = rect()
				}
			case "CropBox":
				if cur != nil {
					cur.crop = rect()
				}
			case "TrimBox":
				if cur != nil {
					cur.trim = rect()
				}
			case "Rotate":
				if cur != nil {
					cur.rotate = ((int(attr("v"))%360 + 360) % 360) / 90 * 90
				}
			}
		}
	}
	for i := range boxes {
		b := &boxes[i]
		if b.media.Dx() <= 0 || b.media.Dy() <= 0 {
			return nil, fmt.Errorf("page %d has no media box", i+1)
		}
		if b.crop.Dx() <= 0 || b.crop.Dy() <= 0 {
			b.crop = b.media
		}
		if b.trim.Dx() <= 0 || b.trim.Dy() <= 0 {
			b.trim = b.crop
		}
	}
	return boxes, nil
}
