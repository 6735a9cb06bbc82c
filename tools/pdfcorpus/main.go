// Command pdfcorpus writes spravka's corpus of awkward PDFs
// (pipeline/pdf/testdata): one small synthetic scan stored every way a PDF
// stores scans (Flate, JPEG, CCITT G4, JBIG2, JPEG 2000), placed every way a
// page places one (rotated page, crop box, image turned by its matrix,
// margins), a page with no scan, and broken files (empty, not a PDF,
// truncated, encrypted). ImageMagick's convert encodes the CCITT and JPEG
// 2000 data and qpdf encrypts; everything else is written here, so the
// files are small and the same on every run.
//
//	go run ./tools/pdfcorpus pipeline/pdf/testdata
package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The scan: W×H pixels at 300 dpi, white with black bars like lines of
// type and a solid square at the top left, so that a page read turned or
// mirrored shows.
const (
	W, H = 600, 800
	DPI  = 300
)

func scan() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, W, H))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	fill := func(x0, y0, x1, y1 int, v uint8) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Pix[y*img.Stride+x] = v
			}
		}
	}
	fill(40, 40, 120, 120, 0)
	for i, y := 0, 180; y+20 < H-60; i, y = i+1, y+44 {
		// "words" of varied length on each "line"
		x := 60
		for j := 0; x < W-80; j++ {
			w := 30 + (i*37+j*53)%90
			fill(x, y, min(x+w, W-60), y+22, uint8((i*29+j*41)%60))
			x += w + 24
		}
	}
	return img
}

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: pdfcorpus OUTPUT_DIR")
	}
	dir := os.Args[1]
	img := scan()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	var pngb bytes.Buffer
	png.Encode(&pngb, img)
	write("scan.png", pngb.Bytes())

	ptW, ptH := float64(W)*72/DPI, float64(H)*72/DPI
	full := fmt.Sprintf("q %g 0 0 %g 0 0 cm /Im0 Do Q", ptW, ptH)
	gray := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent", W, H)

	flate := deflate(img.Pix)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, &jpeg.Options{Quality: 85}); err != nil {
		log.Fatal(err)
	}
	g4 := convert(pngb.Bytes(), "-threshold", "50%", "group4:-")
	jp2 := convert(pngb.Bytes(), "-quality", "40", "jp2:-")

	stdPage := page{w: ptW, h: ptH, content: full}
	images := []struct {
		name string
		dict string
		data []byte
	}{
		{"flate.pdf", gray + " 8 /Filter /FlateDecode", flate},
		{"jpeg.pdf", gray + " 8 /Filter /DCTDecode", jpg.Bytes()},
		{"ccitt.pdf", gray + fmt.Sprintf(" 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns %d /Rows %d /BlackIs1 false >>", W, H), g4},
		{"jbig2.pdf", gray + " 1 /Filter /JBIG2Decode", jbig2(g4)},
		{"jpx.pdf", fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /Filter /JPXDecode", W, H), jp2},
	}
	for _, im := range images {
		write(im.name, onePage(stdPage, im.dict, im.data))
	}
	flateDict := gray + " 8 /Filter /FlateDecode"
	// the page turned by /Rotate: read as displayed, 800×600
	write("rotated.pdf", onePage(page{w: ptW, h: ptH, content: full, extra: "/Rotate 90"}, flateDict, flate))
	// a crop box: only its part of the scan shows (the left 480 and top 640 pixels)
	write("cropped.pdf", onePage(page{w: ptW, h: ptH, content: full, extra: fmt.Sprintf("/CropBox [0 %g %g %g]", ptH-640*72.0/DPI, 480*72.0/DPI, ptH)}, flateDict, flate))
	// the image turned by its matrix (a landscape page of a portrait scan)
	write("turned.pdf", onePage(page{w: ptH, h: ptW, content: fmt.Sprintf("q 0 %g %g 0 0 0 cm /Im0 Do Q", ptW, ptH)}, flateDict, flate))
	// the scan on 70 % of a larger page, at its own 300 dpi
	write("margins.pdf", onePage(page{w: ptW / 0.84, h: ptH / 0.84, content: fmt.Sprintf("q %g 0 0 %g %g %g cm /Im0 Do Q", ptW, ptH, ptW*0.08/0.84, ptH*0.08/0.84)}, flateDict, flate))
	// no scan: text and lines drawn, in a standard font
	vector := "0 g 36 700 m 576 700 l S BT /F1 24 Tf 72 650 Td (SPRAVKA VECTOR PAGE) Tj 0 -40 Td (THE QUICK BROWN FOX) Tj ET"
	write("vector.pdf", build([]page{{w: 612, h: 792, content: vector, extra: "", font: true}}, "", nil))
	// two pages, the second a scan, for page numbering
	write("two.pdf", build([]page{{w: 612, h: 792, content: vector, font: true}, stdPage}, flateDict, flate))

	// broken files
	good := onePage(stdPage, flateDict, flate)
	write("empty.pdf", nil)
	write("notapdf.pdf", []byte("this is a text file named .pdf\n"))
	write("truncated.pdf", good[:len(good)/2])
	qpdf("--encrypt", "secret", "owner", "256", "--", filepath.Join(dir, "flate.pdf"), filepath.Join(dir, "encrypted.pdf"))
	qpdf("--encrypt", "", "owner", "256", "--", filepath.Join(dir, "flate.pdf"), filepath.Join(dir, "encrypted-open.pdf"))
}

// page is one page to write: its media box, its content, what else its
// dictionary holds, and whether it uses the font F1 (Courier).
type page struct {
	w, h    float64
	content string
	extra   string
	font    bool
}

func onePage(p page, imgDict string, img []byte) []byte {
	return build([]page{p}, imgDict, img)
}

// build writes a PDF whose pages share one image (Im0) and one font (F1).
func build(pages []page, imgDict string, img []byte) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	addStream := func(dict string, data []byte) int {
		return add(fmt.Sprintf("<< %s /Length %d >>\nstream\n", dict, len(data)) + string(data) + "\nendstream")
	}
	catalog := add("")
	pagesObj := add("")
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
	im := 0
	if img != nil {
		im = addStream(imgDict, img)
	}
	var kids []string
	for _, p := range pages {
		c := addStream("", []byte(p.content))
		res := fmt.Sprintf("/Font << /F1 %d 0 R >>", font)
		if im != 0 && !p.font {
			res = fmt.Sprintf("/XObject << /Im0 %d 0 R >>", im)
		}
		kids = append(kids, fmt.Sprintf("%d 0 R", add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] %s /Contents %d 0 R /Resources << %s >> >>",
			pagesObj, p.w, p.h, p.extra, c, res))))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, x)
	return b.Bytes()
}

// jbig2 wraps CCITT G4 data as a JBIG2 page of one generic region coded
// with MMR, which is G4: page information, the region, end of page.
func jbig2(g4 []byte) []byte {
	var b bytes.Buffer
	seg := func(n uint32, typ byte, data []byte) {
		binary.Write(&b, binary.BigEndian, n)
		b.WriteByte(typ) // flags: the type, page association in one byte
		b.WriteByte(0)   // no referred-to segments
		b.WriteByte(1)   // page 1
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.Write(data)
	}
	var info bytes.Buffer
	binary.Write(&info, binary.BigEndian, []uint32{W, H, 0, 0})
	info.WriteByte(0)
	binary.Write(&info, binary.BigEndian, uint16(0))
	seg(0, 48, info.Bytes())
	var region bytes.Buffer
	binary.Write(&region, binary.BigEndian, []uint32{W, H, 0, 0})
	region.WriteByte(0) // combination operator OR
	region.WriteByte(1) // generic region flags: MMR
	region.Write(g4)
	seg(1, 38, region.Bytes())
	seg(2, 49, nil)
	return b.Bytes()
}

func deflate(p []byte) []byte {
	var b bytes.Buffer
	z, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	z.Write(p)
	z.Close()
	return b.Bytes()
}

func convert(png []byte, args ...string) []byte {
	cmd := exec.Command("convert", append([]string{"png:-"}, args...)...)
	cmd.Stdin = bytes.NewReader(png)
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("convert %v: %v (apt-get install imagemagick)", args, err)
	}
	return out
}

func qpdf(args ...string) {
	if out, err := exec.Command("qpdf", args...).CombinedOutput(); err != nil {
		log.Fatalf("qpdf %v: %v: %s (apt-get install qpdf)", args, err, out)
	}
}
