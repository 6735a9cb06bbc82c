package pdf

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Searchable writes to w the PDF at path with the text of layers laid over
// its pages, invisibly. Everything else is kept as it is: qpdf copies the
// input's objects and their streams byte for byte (the scans are not
// decoded, let alone encoded again). Each page with text gets the text as a
// form XObject of its own, drawn after the page's drawing (which is put
// between q and Q), its matrix taking the page as displayed (crop box,
// rotation) to the page's own space. The file identifier is derived from the
// content, so the same input and text give the same bytes.
//
// qpdf's own --overlay is not used: qpdf 11.3 (Debian 12) turns the page
// itself into a form and centres it on the media box, which moves the
// drawing of a page whose crop box is not its media box.
func Searchable(path string, layers []Layer, opt Options, w io.Writer) (Made, error) {
	layers = slices.DeleteFunc(slices.Clone(layers), func(l Layer) bool {
		return l.Text == nil || l.Text.Words() == 0 || l.W <= 0 || l.H <= 0
	})
	slices.SortFunc(layers, func(a, b Layer) int { return a.Page - b.Page })
	args := []string{"--deterministic-id", "--stream-data=preserve", "--newline-before-endstream", path}
	var made Made
	if len(layers) > 0 || opt.PDFA {
		update, m, err := graft(path, layers, opt)
		if err != nil {
			return made, err
		}
		made = m
		dir, err := os.MkdirTemp("", "spravka-pdf-")
		if err != nil {
			return made, err
		}
		defer os.RemoveAll(dir)
		file := filepath.Join(dir, "text.json")
		if err := os.WriteFile(file, update, 0o600); err != nil {
			return made, err
		}
		args = append(args, "--update-from-json="+file)
	}
	out, stderr, err := run(&QPDF, nil, append(args, "-")...)
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 3:
		// warnings only: qpdf wrote the file
	case err != nil:
		return made, fmt.Errorf("%s: %s", QPDF, strings.TrimSpace(cmpOrErr(stderr, err)))
	}
	_, err = w.Write(out)
	return made, err
}

// qpdfDoc is what qpdf --json says of a PDF: its objects and its pages.
type qpdfDoc struct {
	QPDF  [2]json.RawMessage `json:"qpdf"`
	Pages []struct {
		Object string `json:"object"`
	} `json:"pages"`
}

// object is one object in qpdf's JSON: a value, or a stream's dictionary.
type object struct {
	Value  json.RawMessage `json:"value,omitempty"`
	Stream *struct {
		Dict map[string]json.RawMessage `json:"dict"`
		Data string                     `json:"data,omitempty"`
	} `json:"stream,omitempty"`
}

// graft returns the qpdf JSON update that adds the text of layers to the PDF
// at path: the glyphless font, a form per page, and each page's new contents
// and resources; with opt.PDFA, when nothing in the input keeps it from
// being PDF/A-2b, also the output intent and the XMP metadata (made from the
// input's document information, which stays as it is).
func graft(path string, layers []Layer, opt Options) ([]byte, Made, error) {
	var made Made
	out, stderr, err := run(&QPDF, nil, "--json=2", "--json-key=qpdf", "--json-key=pages", path)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 3) {
		return nil, made, fmt.Errorf("%s: %s", QPDF, strings.TrimSpace(stderr))
	}
	var doc qpdfDoc
	var head struct {
		MaxObjectID int    `json:"maxobjectid"`
		PDFVersion  string `json:"pdfversion"`
	}
	objs := map[string]object{}
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, made, fmt.Errorf("reading qpdf's description of the PDF: %w", err)
	}
	if err := json.Unmarshal(doc.QPDF[0], &head); err != nil {
		return nil, made, fmt.Errorf("reading qpdf's description of the PDF: %w", err)
	}
	if err := json.Unmarshal(doc.QPDF[1], &objs); err != nil {
		return nil, made, fmt.Errorf("reading qpdf's description of the PDF: %w", err)
	}
	u := &update{next: head.MaxObjectID, objs: map[string]any{}}
	var font string
	if len(layers) > 0 {
		font = u.font()
	}
	for _, l := range layers {
		if l.Page < 1 || l.Page > len(doc.Pages) {
			return nil, made, fmt.Errorf("the PDF has no page %d", l.Page)
		}
		ref := doc.Pages[l.Page-1].Object
		pg, err := dictOf(objs, ref)
		if err != nil {
			return nil, made, fmt.Errorf("page %d: %w", l.Page, err)
		}
		b, err := pageBox(objs, pg)
		if err != nil {
			return nil, made, fmt.Errorf("page %d: %w", l.Page, err)
		}
		f, m := b.frame()
		form := u.stream(map[string]any{"/Type": "/XObject", "/Subtype": "/Form",
			"/BBox": []any{0, 0, f.w, f.h}, "/Matrix": m[:],
			"/Resources": map[string]any{"/Font": map[string]any{"/F1": font}}}, content(l, f))
		if err := u.addToPage(objs, ref, pg, form); err != nil {
			return nil, made, fmt.Errorf("page %d: %w", l.Page, err)
		}
	}
	if opt.PDFA {
		var err error
		if made, err = u.pdfa(path, head.PDFVersion, objs); err != nil {
			return nil, made, err
		}
	}
	b, err := json.Marshal(map[string]any{"qpdf": []any{map[string]any{"jsonversion": 2}, u.objs}})
	return b, made, err
}

// pdfa makes the PDF at path (its version and objects) PDF/A-2b when
// nothing in it stands in the way: it adds the output intent and the XMP
// metadata to its catalog. Otherwise it says what stands in the way.
func (u *update) pdfa(path, version string, objs map[string]object) (Made, error) {
	why := blockers(version, objs)
	if len(why) == 0 {
		var err error
		if why, err = contentBlockers(path); err != nil {
			return Made{}, err
		}
	}
	var trailer map[string]json.RawMessage
	var root string
	if o, ok := objs["trailer"]; ok {
		json.Unmarshal(o.Value, &trailer)
		json.Unmarshal(trailer["/Root"], &root)
	}
	cat, err := dictOf(objs, root)
	if err != nil {
		return Made{}, fmt.Errorf("the PDF's catalog: %w", err)
	}
	info := map[string]string{}
	if v, ok := trailer["/Info"]; ok && len(why) == 0 {
		d, err := dictValue(objs, v)
		if err != nil {
			why = append(why, "document information that is not a dictionary")
		}
		for _, key := range []string{"/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate", "/ModDate"} {
			var s string
			if raw, ok := d[key]; !ok {
				continue
			} else if json.Unmarshal(raw, &s) != nil || !strings.HasPrefix(s, "u:") {
				why = append(why, "document information that is not text ("+strings.TrimPrefix(key, "/")+")")
				continue
			}
			info[key] = strings.TrimPrefix(s, "u:")
		}
	}
	var xmp []byte
	if len(why) == 0 {
		if xmp, err = xmpPacket(info); err != nil {
			why = append(why, "document information that XMP cannot say: "+err.Error())
		}
	}
	if len(why) > 0 {
		return Made{NotPDFA: "the input has " + strings.Join(why, ", ")}, nil
	}
	c := map[string]json.RawMessage{}
	for k, v := range cat {
		c[k] = v
	}
	c["/Metadata"] = raw(u.metadata(xmp))
	c["/OutputIntents"] = raw([]any{u.outputIntent()})
	u.objs["obj:"+root] = map[string]any{"value": c}
	return Made{PDFA: PDFA2B}, nil
}

// update is the set of objects a qpdf JSON update writes: new ones numbered
// after the file's last, and changed ones.
type update struct {
	next int
	objs map[string]any
}

func (u *update) add(o any) string {
	u.next++
	ref := fmt.Sprintf("%d 0 R", u.next)
	u.objs["obj:"+ref] = o
	return ref
}

// stream adds a stream of data, compressed.
func (u *update) stream(dict map[string]any, data []byte) string {
	dict["/Filter"] = "/FlateDecode"
	return u.add(map[string]any{"stream": map[string]any{"dict": dict, "data": deflate(data)}})
}

// font adds the glyphless font as a Type 0 font (two-byte codes, Identity-H)
// whose codes are the UTF-16 code units of the text: every code shows glyph
// 1, and the ToUnicode map gives each code back as itself.
func (u *update) font() string {
	prog := glyphless()
	file := u.stream(map[string]any{"/Length1": len(prog)}, prog)
	desc := u.add(map[string]any{"value": map[string]any{"/Type": "/FontDescriptor", "/FontName": "/GlyphLessFont",
		"/Flags": 5, "/FontBBox": []any{0, descent, advance, ascent}, "/ItalicAngle": 0, "/Ascent": ascent,
		"/Descent": descent, "/CapHeight": ascent, "/StemV": 80, "/FontFile2": file}})
	gids := make([]byte, 2*65536)
	for i := 1; i < len(gids); i += 2 {
		gids[i] = 1
	}
	cidmap := u.stream(map[string]any{}, gids)
	cid := u.add(map[string]any{"value": map[string]any{"/Type": "/Font", "/Subtype": "/CIDFontType2", "/BaseFont": "/GlyphLessFont",
		"/CIDSystemInfo":  map[string]any{"/Registry": "u:Adobe", "/Ordering": "u:Identity", "/Supplement": 0},
		"/FontDescriptor": desc, "/DW": advance, "/CIDToGIDMap": cidmap}})
	toUni := u.stream(map[string]any{}, toUnicode())
	return u.add(map[string]any{"value": map[string]any{"/Type": "/Font", "/Subtype": "/Type0", "/BaseFont": "/GlyphLessFont",
		"/Encoding": "/Identity-H", "/DescendantFonts": []any{cid}, "/ToUnicode": toUni}})
}

// addToPage changes the page ref (its dictionary pg) to draw form after its
// own drawing: its contents between q and Q, then the form; its resources
// (its own or inherited, copied into the page) name the form.
func (u *update) addToPage(objs map[string]object, ref string, pg map[string]json.RawMessage, form string) error {
	res, err := inherited(objs, pg, "/Resources")
	if err != nil {
		return err
	}
	resources := map[string]json.RawMessage{}
	if res != nil {
		if resources, err = dictValue(objs, res); err != nil {
			return fmt.Errorf("resources: %w", err)
		}
	}
	xobj := map[string]json.RawMessage{}
	if x, ok := resources["/XObject"]; ok {
		if xobj, err = dictValue(objs, x); err != nil {
			return fmt.Errorf("resources: %w", err)
		}
	}
	name := "/SpravkaText"
	for i := 1; xobj[name] != nil; i++ {
		name = fmt.Sprintf("/SpravkaText%d", i)
	}
	xobj[name] = raw(form)
	resources["/XObject"] = raw(xobj)

	var contents []json.RawMessage
	if c, ok := pg["/Contents"]; ok {
		if err := json.Unmarshal(c, &contents); err != nil { // one stream, not an array
			contents = []json.RawMessage{c}
		}
	}
	begin := u.add(map[string]any{"stream": map[string]any{"dict": map[string]any{}, "data": []byte("q\n")}})
	end := u.add(map[string]any{"stream": map[string]any{"dict": map[string]any{}, "data": []byte("\nQ\nq " + name + " Do Q\n")}})
	all := append(append([]json.RawMessage{raw(begin)}, contents...), raw(end))

	page := map[string]json.RawMessage{}
	for k, v := range pg {
		page[k] = v
	}
	page["/Contents"] = raw(all)
	page["/Resources"] = raw(resources)
	u.objs["obj:"+ref] = map[string]any{"value": page}
	return nil
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// dictOf returns the dictionary of the object ref.
func dictOf(objs map[string]object, ref string) (map[string]json.RawMessage, error) {
	o, ok := objs["obj:"+ref]
	if !ok {
		return nil, fmt.Errorf("object %s is missing", ref)
	}
	if o.Stream != nil {
		return o.Stream.Dict, nil
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(o.Value, &d); err != nil {
		return nil, fmt.Errorf("object %s is not a dictionary", ref)
	}
	return d, nil
}

// dictValue reads v as a dictionary, following a reference.
func dictValue(objs map[string]object, v json.RawMessage) (map[string]json.RawMessage, error) {
	var s string
	if json.Unmarshal(v, &s) == nil && strings.HasSuffix(s, " R") {
		return dictOf(objs, s)
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(v, &d); err != nil {
		return nil, errors.New("not a dictionary")
	}
	return d, nil
}

// inherited returns the page's entry key, or its nearest ancestor's (nil: none).
func inherited(objs map[string]object, pg map[string]json.RawMessage, key string) (json.RawMessage, error) {
	for depth := 0; pg != nil && depth < 64; depth++ {
		if v, ok := pg[key]; ok {
			return v, nil
		}
		var parent string
		if json.Unmarshal(pg["/Parent"], &parent) != nil {
			return nil, nil
		}
		var err error
		if pg, err = dictOf(objs, parent); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// rectOf reads a rectangle (inherited like every page box).
func rectOf(objs map[string]object, pg map[string]json.RawMessage, key string) (Rect, bool) {
	v, err := inherited(objs, pg, key)
	if err != nil || v == nil {
		return Rect{}, false
	}
	var s string
	if json.Unmarshal(v, &s) == nil && strings.HasSuffix(s, " R") {
		if o, ok := objs["obj:"+s]; ok {
			v = o.Value
		}
	}
	var a []json.Number
	if json.Unmarshal(v, &a) != nil || len(a) != 4 {
		return Rect{}, false
	}
	var f [4]float64
	for i, n := range a {
		f[i], _ = n.Float64()
	}
	return Rect{min(f[0], f[2]), min(f[1], f[3]), max(f[0], f[2]), max(f[1], f[3])}, true
}

// pageBox reads the page's media box, crop box and rotation.
func pageBox(objs map[string]object, pg map[string]json.RawMessage) (box, error) {
	var b box
	var ok bool
	if b.media, ok = rectOf(objs, pg, "/MediaBox"); !ok || b.media.Dx() <= 0 || b.media.Dy() <= 0 {
		return b, errors.New("no media box")
	}
	if b.crop, ok = rectOf(objs, pg, "/CropBox"); !ok {
		b.crop = b.media
	}
	if v, _ := inherited(objs, pg, "/Rotate"); v != nil {
		var r float64
		json.Unmarshal(v, &r)
		b.rotate = ((int(r)%360 + 360) % 360) / 90 * 90
	}
	return b, nil
}

// box is a page's boxes in its default user space (y up), and its rotation.
type box struct {
	media, crop Rect
	rotate      int
}

// frame returns the page's text page (its crop box within its media box, as
// MuPDF reads it, as displayed) and the matrix that takes the text page to
// the page's own space.
func (b box) frame() (frame, [6]float64) {
	c := intersect(b.crop, b.media)
	switch b.rotate {
	case 90:
		return frame{c.Dy(), c.Dx()}, [6]float64{0, 1, -1, 0, c.X1, c.Y0}
	case 180:
		return frame{c.Dx(), c.Dy()}, [6]float64{-1, 0, 0, -1, c.X1, c.Y1}
	case 270:
		return frame{c.Dy(), c.Dx()}, [6]float64{0, -1, 1, 0, c.X0, c.Y1}
	}
	return frame{c.Dx(), c.Dy()}, [6]float64{1, 0, 0, 1, c.X0, c.Y0}
}

func intersect(a, b Rect) Rect {
	r := Rect{max(a.X0, b.X0), max(a.Y0, b.Y0), min(a.X1, b.X1), min(a.Y1, b.Y1)}
	if r.X1 <= r.X0 || r.Y1 <= r.Y0 {
		return b
	}
	return r
}
