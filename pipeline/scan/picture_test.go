package scan

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/pdf"
)

// imagePDF writes the one-page PDF of page k of path at dpi and returns its path.
func imagePDF(t *testing.T, path string, k int, dpi float64, opt pdf.Options) (string, *pdf.Picture, pdf.Made) {
	t.Helper()
	p, err := Picture(path, k, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := pdf.NewImageDoc()
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if err := doc.Add(p, dpi, nil); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	made, err := doc.Write(opt, &b)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out, p, made
}

// grayOf returns img's pixels as 8-bit grey.
func grayOf(img image.Image) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := range b.Dy() {
		for x := range b.Dx() {
			g.SetGray(x, y, color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray))
		}
	}
	return g
}

// TestPictureKeepsPixels: an image's PDF page, drawn at the image's own
// size, shows the pixels spravka read from the image (upright), and keeps
// the file's own data where PDF reads it. JPEG pixels are decoded by
// MuPDF's libjpeg there and Go's image/jpeg here, which round a few pixels
// one level apart.
func TestPictureKeepsPixels(t *testing.T) {
	testtools.Command(t, "mutool", "mupdf-tools")
	testtools.Command(t, "qpdf", "qpdf")
	exif6 := filepath.Join("..", "..", "scans", "exercise-cipher__liberationmono__carbon-exif6.jpg")
	for _, tt := range []struct {
		file    string
		k       int
		kind    string
		maxDiff int
	}{
		{"p1.png", 1, "PNG image data, as it is", 0},
		{"gray16.png", 1, "PNG image data, as it is", 1},
		{"g4.tif", 1, "CCITT Group 4, as it is", 0},
		{"multipage.tif", 2, "decoded", 0},
		{"gray-deflate-white.tif", 1, "decoded", 0},
		{"gray-lzw-predictor.tif", 1, "decoded", 0},
		{"dpi150.jpg", 1, "JPEG, as it is", 2},
		{"cmyk.jpg", 1, "JPEG, as it is", 8},
		{exif6, 1, "JPEG, as it is", 2},
	} {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			path := tt.file
			if !strings.Contains(path, string(filepath.Separator)) {
				path = filepath.Join("testdata", tt.file)
			}
			out, p, _ := imagePDF(t, path, tt.k, 300, pdf.Options{})
			if !strings.HasPrefix(p.Kind, tt.kind) {
				t.Errorf("kept as %q, want %q", p.Kind, tt.kind)
			}
			if b, err := exec.Command("qpdf", "--check", out).CombinedOutput(); err != nil {
				t.Fatalf("qpdf --check: %v\n%s", err, b)
			}
			want, err := Decode(path, tt.k, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			got, err := pdf.Render(out, 1, want.Width, want.Height, true)
			if err != nil {
				t.Fatal(err)
			}
			a, b := grayOf(got), grayOf(want.Image)
			worst, off := 0, 0
			for i := range a.Pix {
				d := int(a.Pix[i]) - int(b.Pix[i])
				worst = max(worst, d, -d)
				if d != 0 {
					off++
				}
			}
			if worst > tt.maxDiff {
				t.Errorf("%d of %d pixels differ, by up to %d levels (allowed %d)", off, len(a.Pix), worst, tt.maxDiff)
			}
		})
	}
}

// withOrientation returns a PNG of img that says, in an eXIf chunk, that
// orientation o turns it upright.
func withOrientation(t *testing.T, img image.Image, o int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	exif := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00")
	binary.BigEndian.PutUint16(exif[18:], uint16(o))
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(exif)))
	chunk = append(chunk, "eXIf"...)
	chunk = append(chunk, exif...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	data := b.Bytes()
	at := 8 + 25 // after the signature and IHDR
	return append(append(append([]byte{}, data[:at]...), chunk...), data[at:]...)
}

// TestPictureOrientation: every EXIF orientation is drawn upright, pixel
// for pixel as Decode turns the image, the image data kept as it is.
func TestPictureOrientation(t *testing.T) {
	testtools.Command(t, "mutool", "mupdf-tools")
	testtools.Command(t, "qpdf", "qpdf")
	src := image.NewGray(image.Rect(0, 0, 12, 7))
	for i := range src.Pix {
		src.Pix[i] = uint8(i * 3)
	}
	for o := 1; o <= 8; o++ {
		path := filepath.Join(t.TempDir(), "o.png")
		if err := os.WriteFile(path, withOrientation(t, src, o), 0o644); err != nil {
			t.Fatal(err)
		}
		want, err := Decode(path, 1, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if want.Orientation != o {
			t.Fatalf("orientation %d read as %d", o, want.Orientation)
		}
		out, p, _ := imagePDF(t, path, 1, 72, pdf.Options{})
		if p.Pixels != nil {
			t.Fatalf("orientation %d: the PNG data was not kept as it is", o)
		}
		got, err := pdf.Render(out, 1, want.Width, want.Height, true)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := grayOf(got), grayOf(want.Image); !bytes.Equal(a.Pix, b.Pix) {
			t.Errorf("orientation %d: the page does not show the image upright as spravka read it", o)
		}
	}
}

// TestPicturePDFA: an image's PDF is PDF/A-2b (Preflight, a PDF/A-1b
// validator, finds nothing but the part number) unless the image has what
// the sRGB output intent does not cover.
func TestPicturePDFA(t *testing.T) {
	testtools.Command(t, "qpdf", "qpdf")
	for _, tt := range []struct {
		file string
		want string
	}{
		{"p1.png", pdf.PDFA2B},
		{"g4.tif", pdf.PDFA2B},
		{"multipage.tif", pdf.PDFA2B},
		{"dpi150.jpg", pdf.PDFA2B},
		{"cmyk.jpg", ""},
	} {
		t.Run(tt.file, func(t *testing.T) {
			out, _, made := imagePDF(t, filepath.Join("testdata", tt.file), 1, 300, pdf.Options{PDFA: true, Producer: "spravka test"})
			if made.PDFA != tt.want {
				t.Fatalf("made %+v, want %q", made, tt.want)
			}
			found := testtools.Preflight(t, out)
			if tt.want == "" {
				if !strings.Contains(made.NotPDFA, "CMYK") || len(found) == 0 {
					t.Errorf("made %+v, Preflight %q", made, found)
				}
				return
			}
			if len(found) != 1 || !strings.HasPrefix(found[0], "7.11.2 ") {
				t.Errorf("Preflight: %q", found)
			}
		})
	}
}

// BenchmarkImagePDF: the PDF of a page image (its data as it is, or decoded
// and Flate-compressed) against img2pdf, Debian's lossless image-to-PDF
// tool, on the same file in the same run (go test -bench ImagePDF ./pipeline/scan).
func BenchmarkImagePDF(b *testing.B) {
	for _, f := range []string{"exercise-spravka__ptmono__poor.jpg", "telegram-1953-03-29-a__liberationmono__clean.png", "exercise-memo__freemono__clean.tif"} {
		path := filepath.Join("..", "..", "scans", f)
		b.Run("spravka/"+f, func(b *testing.B) {
			testtools.Command(b, "qpdf", "qpdf")
			for b.Loop() {
				p, err := Picture(path, 1, DefaultOptions())
				if err != nil {
					b.Fatal(err)
				}
				doc, _ := pdf.NewImageDoc()
				doc.Add(p, 300, nil)
				var out bytes.Buffer
				if _, err := doc.Write(pdf.Options{PDFA: true}, &out); err != nil {
					b.Fatal(err)
				}
				doc.Close()
				b.ReportMetric(float64(out.Len()), "bytes")
			}
		})
		b.Run("img2pdf/"+f, func(b *testing.B) {
			testtools.Command(b, "img2pdf", "img2pdf")
			for b.Loop() {
				out, err := exec.Command("img2pdf", "--nodate", "--first-frame-only", path).Output()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(out)), "bytes")
			}
		})
	}
}
