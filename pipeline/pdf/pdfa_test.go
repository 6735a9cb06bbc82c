package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// partOnly is the one thing Preflight, a PDF/A-1b validator, finds wrong in
// a valid PDF/A-2b file: that it says part 2.
const partOnly = "7.11.2 : Error on MetaData, part must be 1"

// pdfaParts is what a PDF/A file of spravka's must hold, read from qpdf's
// JSON description of it: the output intent with its sRGB profile, the XMP
// metadata saying PDF/A-2b, not compressed, and every font embedded.
func checkPDFAParts(t *testing.T, path string) (xmp string) {
	t.Helper()
	out, err := exec.Command("qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline", "--decode-level=none", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc qpdfDoc
	objs := map[string]object{}
	if err := json.Unmarshal(out, &doc); err != nil || json.Unmarshal(doc.QPDF[1], &objs) != nil {
		t.Fatal("qpdf's description cannot be read")
	}
	var trailer map[string]json.RawMessage
	json.Unmarshal(objs["trailer"].Value, &trailer)
	var root string
	json.Unmarshal(trailer["/Root"], &root)
	if _, ok := trailer["/ID"]; !ok {
		t.Error("no file identifier")
	}
	if _, ok := trailer["/Encrypt"]; ok {
		t.Error("encrypted")
	}
	cat, _ := dictOf(objs, root)
	var intents []string
	json.Unmarshal(cat["/OutputIntents"], &intents)
	if len(intents) != 1 {
		t.Fatalf("output intents: %s", cat["/OutputIntents"])
	}
	oi, _ := dictOf(objs, intents[0])
	var s, prof string
	json.Unmarshal(oi["/S"], &s)
	json.Unmarshal(oi["/DestOutputProfile"], &prof)
	if s != "/GTS_PDFA1" {
		t.Errorf("output intent /S %s", s)
	}
	if p, ok := objs["obj:"+prof]; !ok || p.Stream == nil || string(p.Stream.Dict["/N"]) != "3" {
		t.Errorf("output intent profile %s is not an RGB ICC stream", prof)
	}
	var meta string
	json.Unmarshal(cat["/Metadata"], &meta)
	m, ok := objs["obj:"+meta]
	if !ok || m.Stream == nil {
		t.Fatal("no XMP metadata stream")
	}
	if _, ok := m.Stream.Dict["/Filter"]; ok {
		t.Error("the XMP metadata is compressed")
	}
	for key, o := range objs {
		if o.Stream != nil {
			if f := string(o.Stream.Dict["/Filter"]); strings.Contains(f, "LZW") {
				t.Errorf("%s: %s", key, f)
			}
			continue
		}
		var d map[string]json.RawMessage
		if json.Unmarshal(o.Value, &d) == nil && string(d["/Type"]) == `"/FontDescriptor"` &&
			d["/FontFile"] == nil && d["/FontFile2"] == nil && d["/FontFile3"] == nil {
			t.Errorf("%s: a font not embedded", key)
		}
	}
	x, err := exec.Command("qpdf", "--show-object="+strings.Fields(meta)[0], "--filtered-stream-data", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>", `<?xpacket end="w"?>`} {
		if !strings.Contains(string(x), want) {
			t.Errorf("the XMP metadata lacks %s:\n%s", want, x)
		}
	}
	return string(x)
}

// TestSearchablePDFA: a scanned input becomes PDF/A-2b with its text layer:
// Preflight finds nothing but the part number, and the parts are there.
// JPEG 2000 is PDF/A-2 but not PDF/A-1, so Preflight cannot read that one.
func TestSearchablePDFA(t *testing.T) {
	needTools(t)
	for _, f := range []string{"flate.pdf", "jbig2.pdf", "ccitt.pdf", "jpeg.pdf", "rotated.pdf", "margins.pdf", "jpx.pdf"} {
		t.Run(f, func(t *testing.T) {
			var out bytes.Buffer
			made, err := Searchable(filepath.Join("testdata", f), []Layer{{Page: 1, Text: pageWords(), W: 600, H: 800}}, Options{PDFA: true}, &out)
			if err != nil {
				t.Fatal(err)
			}
			if made.PDFA != PDFA2B || made.NotPDFA != "" {
				t.Fatalf("made %+v", made)
			}
			path := filepath.Join(t.TempDir(), "out.pdf")
			os.WriteFile(path, out.Bytes(), 0o644)
			checkPDFAParts(t, path)
			if f != "jpx.pdf" {
				if found := testtools.Preflight(t, path); !slices.Equal(found, []string{partOnly}) {
					t.Errorf("Preflight: %q", found)
				}
			}
		})
	}
}

// TestSearchablePDFAInfo: the input's document information is mirrored in
// the XMP metadata (Preflight checks that they agree), dates included, and
// kept in the file as it was.
func TestSearchablePDFAInfo(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	update := filepath.Join(dir, "info.json")
	os.WriteFile(update, []byte(`{"qpdf":[{"jsonversion":2},{"obj:7 0 R":{"value":{"/Title":"u:Шифртелеграмма № 4 <&>","/Author":"u:МИД СССР",
		"/CreationDate":"u:D:19530329120000+03'00'","/ModDate":"u:D:20240101","/Producer":"u:a scanner"}},
		"trailer":{"value":{"/Root":"1 0 R","/Info":"7 0 R","/Size":8}}}]}`), 0o644)
	in := filepath.Join(dir, "in.pdf")
	if b, err := exec.Command("qpdf", "testdata/flate.pdf", "--update-from-json="+update, in).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	var out bytes.Buffer
	made, err := Searchable(in, []Layer{{Page: 1, Text: pageWords(), W: 600, H: 800}}, Options{PDFA: true}, &out)
	if err != nil || made.PDFA != PDFA2B {
		t.Fatalf("made %+v, %v", made, err)
	}
	path := filepath.Join(dir, "out.pdf")
	os.WriteFile(path, out.Bytes(), 0o644)
	xmp := checkPDFAParts(t, path)
	for _, want := range []string{"Шифртелеграмма № 4 &lt;&amp;&gt;", "<rdf:li>МИД СССР</rdf:li>", "<xmp:CreateDate>1953-03-29T12:00:00+03:00</xmp:CreateDate>",
		"<xmp:ModifyDate>2024-01-01</xmp:ModifyDate>", "<pdf:Producer>a scanner</pdf:Producer>"} {
		if !strings.Contains(xmp, want) {
			t.Errorf("the XMP metadata lacks %s", want)
		}
	}
	if found := testtools.Preflight(t, path); !slices.Equal(found, []string{partOnly}) {
		t.Errorf("Preflight: %q", found)
	}
}

// TestSearchableNotPDFA: an input PDF/A forbids stays a plain PDF, saying why.
func TestSearchableNotPDFA(t *testing.T) {
	needTools(t)
	var out bytes.Buffer
	made, err := Searchable("testdata/vector.pdf", []Layer{{Page: 1, Text: pageWords(), W: 600, H: 800}}, Options{PDFA: true}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if made.PDFA != "" || !strings.Contains(made.NotPDFA, "a font that is not embedded") {
		t.Errorf("made %+v", made)
	}
	if bytes.Contains(out.Bytes(), []byte("GTS_PDFA1")) {
		t.Error("a plain PDF carries an output intent")
	}
}

// TestBlockers: what keeps an input from PDF/A, object by object.
func TestBlockers(t *testing.T) {
	base := `"trailer":{"value":{"/Root":"1 0 R"}},"obj:1 0 R":{"value":{"/Type":"/Catalog","/Pages":"2 0 R"%s}},
		"obj:2 0 R":{"value":{"/Type":"/Pages","/Kids":["3 0 R"]}},"obj:3 0 R":{"value":{"/Type":"/Page","/Resources":{"/XObject":{"/Im0":"4 0 R"}%s}}},
		"obj:4 0 R":{"stream":{"dict":{"/Subtype":"/Image","/Filter":%s,"/ColorSpace":%s}}},
		"obj:9 0 R":{"value":{"/Type":"/Font","/Subtype":"/Type1","/BaseFont":"/Courier"}}`
	for _, tt := range []struct {
		name                     string
		version                  string
		catalog, res, filter, cs string
		want                     []string
	}{
		{"a plain scan", "1.4", "", "", `"/FlateDecode"`, `"/DeviceGray"`, nil},
		{"LZW", "1.4", "", "", `["/LZWDecode"]`, `"/DeviceGray"`, []string{"LZW compression"}},
		{"CMYK", "1.4", "", "", `"/DCTDecode"`, `"/DeviceCMYK"`, []string{"CMYK or spot colours (the output intent is sRGB)"}},
		{"separation", "1.4", "", "", `"/DCTDecode"`, `["/Separation","/Black","/DeviceCMYK","5 0 R"]`, []string{"CMYK or spot colours (the output intent is sRGB)"}},
		{"transparency", "1.4", "", `,"/ExtGState":{"/G0":{"/ca":0.5}}`, `"/FlateDecode"`, `"/DeviceGray"`, []string{"transparency"}},
		{"a font used", "1.4", "", `,"/Font":{"/F1":"9 0 R"}`, `"/FlateDecode"`, `"/DeviceGray"`, []string{"a font that is not embedded"}},
		{"its own metadata", "1.4", `,"/Metadata":"8 0 R"`, "", `"/FlateDecode"`, `"/DeviceGray"`, []string{"XMP metadata of its own (spravka does not merge metadata)"}},
		{"JavaScript", "1.4", `,"/OpenAction":{"/S":"/JavaScript","/JS":"u:app.alert(1)"}`, "", `"/FlateDecode"`, `"/DeviceGray"`, []string{"actions"}},
		{"PDF 2.0", "2.0", "", "", `"/FlateDecode"`, `"/DeviceGray"`, []string{"PDF 2.0 (PDF/A-2 is PDF 1.7 at most)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			objs := map[string]object{}
			js := "{" + fmt.Sprintf(base, tt.catalog, tt.res, tt.filter, tt.cs) + "}"
			if err := json.Unmarshal([]byte(js), &objs); err != nil {
				t.Fatal(err)
			}
			if got := blockers(tt.version, objs); !slices.Equal(got, tt.want) {
				t.Errorf("blockers %q, want %q", got, tt.want)
			}
		})
	}
}

func TestXMPDate(t *testing.T) {
	for in, want := range map[string]string{
		"D:19530329120000+03'00'": "1953-03-29T12:00:00+03:00",
		"D:19530329120000Z":       "1953-03-29T12:00:00Z",
		"D:195303291200":          "1953-03-29T12:00",
		"D:1953":                  "1953",
		"D:195303":                "1953-03",
		"19530329120000-05'30":    "1953-03-29T12:00:00-05:30",
	} {
		if got, err := xmpDate(in); err != nil || got != want {
			t.Errorf("xmpDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := xmpDate("yesterday"); err == nil {
		t.Error("a date that is none was read")
	}
}

// TestEmbeddedProfile: the output intent's profile is Debian's sRGB.icc of
// icc-profiles-free, byte for byte (data/README.md).
func TestEmbeddedProfile(t *testing.T) {
	const deb = "/usr/share/color/icc/sRGB.icc"
	testtools.File(t, deb, "icc-profiles-free")
	b, err := os.ReadFile(deb)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, srgb) {
		t.Errorf("data/sRGB.icc (%d bytes) is not %s (%d bytes)", len(srgb), deb, len(b))
	}
	if len(srgb) < 132 || string(srgb[36:40]) != "acsp" || string(srgb[16:20]) != "RGB " || srgb[8] != 2 {
		t.Error("data/sRGB.icc is not an ICC version 2 RGB profile")
	}
}
