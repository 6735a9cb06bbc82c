package pdf

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// PDFA2B is what a searchable PDF that claims PDF/A-2b says it is.
const PDFA2B = "PDF/A-2b"

// Options say what a searchable PDF is made as.
type Options struct {
	// PDFA makes the file PDF/A-2b where its content allows: an sRGB output
	// intent and XMP metadata that says PDF/A-2b and mirrors the document
	// information. An input whose content PDF/A forbids, or which spravka
	// cannot check, is written as a plain PDF and Made.NotPDFA says why.
	PDFA bool
	// Producer is the /Producer of a PDF spravka makes from images (an input
	// PDF keeps its own document information).
	Producer string
}

// Made says what a searchable PDF was made as: PDFA is "PDF/A-2b" when the
// file claims it ("" for a plain PDF, and NotPDFA says why).
type Made struct {
	PDFA    string
	NotPDFA string
}

// srgb is the output intent's profile: Debian's icc-profiles-free sRGB.icc
// (zlib licence; see data/README.md).
//
//go:embed data/sRGB.icc
var srgb []byte

// outputIntent adds the sRGB output intent PDF/A asks for and returns it.
func (u *update) outputIntent() string {
	icc := u.stream(map[string]any{"/N": 3, "/Alternate": "/DeviceRGB"}, srgb)
	return u.add(map[string]any{"value": map[string]any{"/Type": "/OutputIntent", "/S": "/GTS_PDFA1",
		"/OutputConditionIdentifier": "u:sRGB IEC61966-2.1", "/Info": "u:sRGB IEC61966-2.1",
		"/RegistryName": "u:http://www.color.org", "/DestOutputProfile": icc}})
}

// metadata adds the XMP metadata stream (not compressed: PDF/A wants it
// readable as it is) and returns it.
func (u *update) metadata(xmp []byte) string {
	return u.add(map[string]any{"stream": map[string]any{
		"dict": map[string]any{"/Type": "/Metadata", "/Subtype": "/XML"}, "data": xmp}})
}

// xmpPacket returns the XMP metadata of a PDF/A-2b file whose document
// information is info (its entries as UTF-8 text, dates as PDF dates): the
// PDF/A identification and, for each entry PDF/A names, the same value
// where the standard says (Title as dc:title, Author as dc:creator, Subject
// as dc:description, Keywords as pdf:Keywords, Creator as xmp:CreatorTool,
// Producer as pdf:Producer, CreationDate as xmp:CreateDate, ModDate as
// xmp:ModifyDate). No date is made up: a file without dates gets none (the
// standard asks for none). It fails on a date it cannot read.
func xmpPacket(info map[string]string) ([]byte, error) {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var dc, pdf, xmp []string
	if v, ok := info["/Title"]; ok {
		dc = append(dc, `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">`+esc(v)+`</rdf:li></rdf:Alt></dc:title>`)
	}
	if v, ok := info["/Author"]; ok {
		dc = append(dc, `<dc:creator><rdf:Seq><rdf:li>`+esc(v)+`</rdf:li></rdf:Seq></dc:creator>`)
	}
	if v, ok := info["/Subject"]; ok {
		dc = append(dc, `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">`+esc(v)+`</rdf:li></rdf:Alt></dc:description>`)
	}
	if v, ok := info["/Keywords"]; ok {
		pdf = append(pdf, `<pdf:Keywords>`+esc(v)+`</pdf:Keywords>`)
	}
	if v, ok := info["/Producer"]; ok {
		pdf = append(pdf, `<pdf:Producer>`+esc(v)+`</pdf:Producer>`)
	}
	if v, ok := info["/Creator"]; ok {
		xmp = append(xmp, `<xmp:CreatorTool>`+esc(v)+`</xmp:CreatorTool>`)
	}
	for _, d := range []struct{ key, prop string }{{"/CreationDate", "xmp:CreateDate"}, {"/ModDate", "xmp:ModifyDate"}} {
		v, ok := info[d.key]
		if !ok {
			continue
		}
		iso, err := xmpDate(v)
		if err != nil {
			return nil, fmt.Errorf("its %s %q: %w", strings.TrimPrefix(d.key, "/"), v, err)
		}
		xmp = append(xmp, "<"+d.prop+">"+iso+"</"+d.prop+">")
	}
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
		"<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">" +
		"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>\n")
	for _, s := range []struct {
		prefix, ns string
		props      []string
	}{
		{"dc", "http://purl.org/dc/elements/1.1/", dc},
		{"pdf", "http://ns.adobe.com/pdf/1.3/", pdf},
		{"xmp", "http://ns.adobe.com/xap/1.0/", xmp},
	} {
		if len(s.props) > 0 {
			fmt.Fprintf(&b, "<rdf:Description rdf:about=\"\" xmlns:%s=\"%s\">%s</rdf:Description>\n", s.prefix, s.ns, strings.Join(s.props, ""))
		}
	}
	b.WriteString("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(b.String()), nil
}

// pdfDate is a PDF date: D:YYYYMMDDHHmmSSOHH'mm', every part after the year
// optional (a trailing apostrophe too).
var pdfDate = regexp.MustCompile(`^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?$`)

// xmpDate writes a PDF date as XMP writes dates (ISO 8601, as precise as
// the PDF date: PDF/A asks for the same instant, not the same string).
func xmpDate(s string) (string, error) {
	m := pdfDate.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", fmt.Errorf("not a PDF date")
	}
	out := m[1]
	if m[2] != "" {
		out += "-" + m[2]
		if m[3] != "" {
			out += "-" + m[3]
		}
	}
	if m[4] == "" || m[3] == "" || m[2] == "" {
		return out, nil
	}
	out += "T" + m[4] + ":" + cmp.Or(m[5], "00")
	if m[6] != "" {
		out += ":" + m[6]
	}
	switch m[7] {
	case "":
	case "Z", "z":
		out += "Z"
	default:
		out += m[7] + cmp.Or(m[8], "00") + ":" + cmp.Or(m[9], "00")
	}
	return out, nil
}

// blockers says what in an input PDF keeps its searchable copy from being
// PDF/A-2b with spravka's additions (an sRGB output intent, XMP metadata
// made from its document information). spravka claims PDF/A only for what
// it can check, so the list is stricter than the standard where a check
// would need more than the file's objects: transparency (PDF/A-2 allows
// it with rules), annotations and forms (allowed with appearances and
// flags), optional content, and a file's own XMP metadata or output
// intent (spravka merges neither) all count. It reads every object qpdf
// lists; what pages draw in their content streams (colours, transparency)
// is checked by contentBlockers.
func blockers(version string, objs map[string]object) []string {
	found := map[string]bool{}
	if !strings.HasPrefix(version, "1.") {
		found["PDF "+version+" (PDF/A-2 is PDF 1.7 at most)"] = true
	}
	var trailer map[string]json.RawMessage
	if o, ok := objs["trailer"]; ok {
		json.Unmarshal(o.Value, &trailer)
	}
	if _, ok := trailer["/Encrypt"]; ok {
		found["encryption"] = true
	}
	var root string
	json.Unmarshal(trailer["/Root"], &root)
	if cat, err := dictOf(objs, root); err == nil {
		for key, why := range map[string]string{
			"/Metadata":      "XMP metadata of its own (spravka does not merge metadata)",
			"/OutputIntents": "an output intent of its own",
			"/AcroForm":      "a form",
			"/OCProperties":  "optional content",
		} {
			if _, ok := cat[key]; ok {
				found[why] = true
			}
		}
		if v, ok := cat["/Names"]; ok {
			if names, err := dictValue(objs, v); err == nil {
				for key, why := range map[string]string{"/JavaScript": "actions", "/EmbeddedFiles": "embedded or linked files"} {
					if _, ok := names[key]; ok {
						found[why] = true
					}
				}
			}
		}
	}
	for _, key := range reachable(objs) {
		o := objs[key]
		var v any
		if o.Stream != nil {
			for _, k := range []string{"/F", "/FFilter", "/FDecodeParms"} {
				if _, ok := o.Stream.Dict[k]; ok {
					found["stream data in external files"] = true
				}
			}
			v = rawDict(o.Stream.Dict)
		} else {
			json.Unmarshal(o.Value, &v)
		}
		walk(v, func(d map[string]any) {
			for _, why := range dictBlockers(d) {
				found[why] = true
			}
		})
	}
	out := make([]string, 0, len(found))
	for why := range found {
		out = append(out, why)
	}
	slices.Sort(out)
	return out
}

// reachable returns the keys of the objects the trailer leads to, the
// trailer excluded: what qpdf writes (it drops objects nothing refers to).
func reachable(objs map[string]object) []string {
	seen := map[string]bool{}
	var out []string
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case string:
			if !strings.HasSuffix(x, " R") || seen["obj:"+x] {
				return
			}
			key := "obj:" + x
			seen[key] = true
			o, ok := objs[key]
			if !ok {
				return
			}
			out = append(out, key)
			if o.Stream != nil {
				visit(rawDict(o.Stream.Dict))
				return
			}
			var inner any
			json.Unmarshal(o.Value, &inner)
			visit(inner)
		case map[string]any:
			for _, e := range x {
				visit(e)
			}
		case []any:
			for _, e := range x {
				visit(e)
			}
		}
	}
	if t, ok := objs["trailer"]; ok {
		var v any
		json.Unmarshal(t.Value, &v)
		visit(v)
	}
	slices.Sort(out)
	return out
}

func rawDict(d map[string]json.RawMessage) map[string]any {
	out := map[string]any{}
	for k, v := range d {
		var x any
		json.Unmarshal(v, &x)
		out[k] = x
	}
	return out
}

// walk calls fn on every dictionary in v, however deep.
func walk(v any, fn func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		fn(x)
		for _, e := range x {
			walk(e, fn)
		}
	case []any:
		for _, e := range x {
			walk(e, fn)
		}
	}
}

// dictBlockers says what PDF/A forbids (or spravka does not check) in one dictionary.
func dictBlockers(d map[string]any) []string {
	var out []string
	name := func(k string) string { s, _ := d[k].(string); return s }
	names := func(k string) []string { // a name or an array of names
		switch x := d[k].(type) {
		case string:
			return []string{x}
		case []any:
			var s []string
			for _, e := range x {
				if n, ok := e.(string); ok {
					s = append(s, n)
				}
			}
			return s
		}
		return nil
	}
	for _, f := range names("/Filter") {
		switch f {
		case "/LZWDecode":
			out = append(out, "LZW compression")
		case "/Crypt":
			out = append(out, "encryption")
		}
	}
	switch name("/Type") {
	case "/FontDescriptor":
		if d["/FontFile"] == nil && d["/FontFile2"] == nil && d["/FontFile3"] == nil {
			out = append(out, "a font that is not embedded")
		}
	case "/Font":
		switch name("/Subtype") {
		case "/Type1", "/MMType1", "/TrueType":
			if d["/FontDescriptor"] == nil {
				out = append(out, "a font that is not embedded")
			}
		}
	case "/EmbeddedFile", "/Filespec":
		out = append(out, "embedded or linked files")
	case "/Annot":
		out = append(out, "annotations")
	}
	switch name("/S") {
	case "/JavaScript", "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView":
		out = append(out, "actions")
	case "/Transparency":
		out = append(out, "transparency")
	}
	if name("/Subtype") == "/PS" || name("/Subtype2") == "/PS" || d["/PS"] != nil {
		out = append(out, "PostScript")
	}
	for k, why := range map[string]string{"/JS": "actions", "/AA": "actions", "/Annots": "annotations",
		"/Alternates": "alternate images", "/OPI": "OPI", "/Ref": "reference XObjects", "/XFA": "a form",
		"/TR2": "transfer functions", "/TR": "transfer functions", "/HTO": "halftones", "/EF": "embedded or linked files"} {
		if d[k] != nil && !(k == "/TR2" && name(k) == "/Default") {
			out = append(out, why)
		}
	}
	if b, _ := d["/Interpolate"].(bool); b {
		out = append(out, "image interpolation")
	}
	if s := d["/SMask"]; s != nil && s != "/None" {
		out = append(out, "transparency")
	}
	if n, _ := d["/SMaskInData"].(float64); n != 0 {
		out = append(out, "transparency")
	}
	for _, k := range []string{"/CA", "/ca"} {
		if n, ok := d[k].(float64); ok && n < 1 {
			out = append(out, "transparency")
		}
	}
	for _, bm := range names("/BM") {
		if bm != "/Normal" && bm != "/Compatible" {
			out = append(out, "transparency")
		}
	}
	for _, v := range d {
		if colourBlocked(v) {
			out = append(out, "CMYK or spot colours (the output intent is sRGB)")
			break
		}
	}
	return out
}

// colourBlocked says whether v names a colour space that an sRGB output
// intent does not cover: DeviceCMYK, or separations and DeviceN (whose
// alternate may be CMYK; spravka does not follow them).
func colourBlocked(v any) bool {
	switch x := v.(type) {
	case string:
		return x == "/DeviceCMYK" || x == "/CMYK" || x == "/Separation" || x == "/DeviceN"
	case []any:
		return slices.ContainsFunc(x, colourBlocked)
	}
	return false
}

// contentBlockers says what the pages of the PDF at path draw that PDF/A
// with an sRGB output intent forbids or spravka does not check: CMYK or
// spot colours, and transparency (groups, soft masks, alpha), as MuPDF's
// trace of every page shows them.
func contentBlockers(path string) ([]string, error) {
	found := map[string]bool{}
	cs := regexp.MustCompile(`colorspace="([^"]*)"`)
	alpha := regexp.MustCompile(`\balpha="([^"]*)"`)
	err := lines(&Mutool, func(line string) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "<set_default_colorspaces"):
			return
		case strings.HasPrefix(line, "<begin_group"), strings.HasPrefix(line, "<begin_mask"), strings.HasPrefix(line, "<begin_softmask"):
			found["transparency"] = true
		}
		if m := cs.FindStringSubmatch(line); m != nil && (strings.Contains(m[1], "CMYK") || strings.Contains(m[1], "Separation") || strings.Contains(m[1], "DeviceN")) {
			found["CMYK or spot colours (the output intent is sRGB)"] = true
		}
		if m := alpha.FindStringSubmatch(line); m != nil && m[1] != "1" {
			found["transparency"] = true
		}
	}, "trace", path)
	if err != nil {
		return nil, err
	}
	var why []string
	for w := range found {
		why = append(why, w)
	}
	slices.Sort(why)
	return why, nil
}
