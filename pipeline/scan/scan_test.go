package scan

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/disintegration/imaging"
)

// The images in testdata/ were made with ImageMagick 6 (commands in testdata/README.md).

func TestDecode(t *testing.T) {
	opt := DefaultOptions()
	tests := []struct {
		file       string
		page       int
		format     string
		w, h       int
		dpi        float64
		dpiNote    bool
		darkAt     image.Point // a pixel that must be black (the drawn shape)
		lightAt    image.Point // a pixel that must be white
		colorModel color.Model
	}{
		{"p1.png", 1, "png", 60, 40, 300, false, image.Pt(10, 10), image.Pt(40, 20), nil},
		{"multipage.tif", 1, "tiff", 60, 40, 300, false, image.Pt(10, 10), image.Pt(40, 20), nil},
		{"multipage.tif", 2, "tiff", 60, 40, 300, false, image.Pt(40, 7), image.Pt(10, 20), nil},
		{"multipage.tif", 3, "tiff", 60, 40, 300, false, image.Pt(30, 29), image.Pt(2, 2), nil},
		{"g4.tif", 1, "tiff", 60, 40, 200, false, image.Pt(10, 10), image.Pt(40, 20), nil},
		{"cm.tif", 1, "tiff", 60, 40, 300, false, image.Pt(10, 10), image.Pt(40, 20), nil},
		{"dpi150.jpg", 1, "jpeg", 60, 40, 150, false, image.Pt(10, 10), image.Pt(40, 20), nil},
		{"lies72.png", 1, "png", 60, 40, 0, true, image.Pt(10, 10), image.Pt(40, 20), nil},
		{"cmyk.jpg", 1, "jpeg", 60, 40, 300, false, image.Pt(10, 10), image.Pt(40, 20), color.CMYKModel},
		{"gray16.png", 1, "png", 60, 40, 300, false, image.Pt(10, 10), image.Pt(40, 20), nil},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+string(rune('0'+tt.page)), func(t *testing.T) {
			p, err := Decode(filepath.Join("testdata", tt.file), tt.page, opt)
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != tt.format || p.Width != tt.w || p.Height != tt.h {
				t.Errorf("got %s %d×%d, want %s %d×%d", p.Format, p.Width, p.Height, tt.format, tt.w, tt.h)
			}
			if diff := p.DPI - tt.dpi; diff < -1 || diff > 1 {
				t.Errorf("DPI = %v, want %v", p.DPI, tt.dpi)
			}
			if (p.DPINote != "") != tt.dpiNote {
				t.Errorf("DPINote = %q", p.DPINote)
			}
			if tt.colorModel != nil && p.Image.ColorModel() != tt.colorModel {
				t.Errorf("colour model %T, want %T", p.Image.ColorModel(), tt.colorModel)
			}
			if g := gray(p.Image, tt.darkAt); g > 80 {
				t.Errorf("pixel %v = %d, want dark", tt.darkAt, g)
			}
			if g := gray(p.Image, tt.lightAt); g < 180 {
				t.Errorf("pixel %v = %d, want light", tt.lightAt, g)
			}
			if len(p.SHA256) != 64 {
				t.Errorf("SHA256 %q", p.SHA256)
			}
		})
	}
}

func gray(img image.Image, pt image.Point) uint8 {
	b := img.Bounds()
	return color.GrayModel.Convert(img.At(b.Min.X+pt.X, b.Min.Y+pt.Y)).(color.Gray).Y
}

// withEXIFOrientation inserts an APP1 EXIF segment holding only an Orientation
// tag right after a JPEG's SOI marker.
func withEXIFOrientation(jpg []byte, o uint16) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	binary.Write(&tiff, binary.BigEndian, uint32(8))
	binary.Write(&tiff, binary.BigEndian, uint16(1)) // one entry
	binary.Write(&tiff, binary.BigEndian, []uint16{tagOrientation, 3})
	binary.Write(&tiff, binary.BigEndian, uint32(1))
	binary.Write(&tiff, binary.BigEndian, []uint16{o, 0})
	binary.Write(&tiff, binary.BigEndian, uint32(0)) // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(jpg[2:])
	return out.Bytes()
}

func TestDecodeEXIFOrientation(t *testing.T) {
	// rot.jpg holds p1.png turned 90° anticlockwise; orientation 6 says
	// "turn 90° clockwise to display", which must give p1 back.
	raw, err := os.ReadFile("testdata/rot.jpg")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "exif6.jpg")
	if err := os.WriteFile(path, withEXIFOrientation(raw, 6), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Decode(path, 1, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if p.Orientation != 6 || p.Width != 60 || p.Height != 40 {
		t.Fatalf("orientation %d, size %d×%d; want 6, 60×40", p.Orientation, p.Width, p.Height)
	}
	if g := gray(p.Image, image.Pt(10, 10)); g > 80 {
		t.Errorf("upright page should be dark at (10,10), got %d", g)
	}
	if g := gray(p.Image, image.Pt(40, 20)); g < 180 {
		t.Errorf("upright page should be light at (40,20), got %d", g)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		file string
		page int
		opt  func(*Options)
		want string
	}{
		{"text.png", 1, nil, "not a TIFF, PNG, JPEG or PDF"},
		{"truncated.jpg", 1, nil, "decoding jpeg"},
		{"multipage.tif", 4, nil, "page 4 of 3 does not exist"},
		{"p1.png", 2, nil, "page 2 of 1 does not exist"},
		{"p1.png", 1, func(o *Options) { o.MaxPixels = 1000 }, "more than the limit of 1000"},
		{"missing.png", 1, nil, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			opt := DefaultOptions()
			if tt.opt != nil {
				tt.opt(&opt)
			}
			_, err := Decode(filepath.Join("testdata", tt.file), tt.page, opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestDecodeEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.tif")
	os.WriteFile(path, nil, 0o644)
	if _, err := Decode(path, 1, DefaultOptions()); err == nil || !strings.Contains(err.Error(), "empty file") {
		t.Errorf("error %v, want empty file", err)
	}
}

func TestDiscover(t *testing.T) {
	root := t.TempDir()
	copyFile := func(src, dst string) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("testdata", src))
		if err != nil {
			t.Fatal(err)
		}
		dst = filepath.Join(root, dst)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile("p1.png", "b/page.png")
	copyFile("multipage.tif", "a/book.TIF")
	copyFile("dpi150.jpg", "same.jpg")
	copyFile("p1.png", "same.png")
	copyFile("p1.png", "out/old.png")      // the output folder: skipped
	copyFile("p1.png", ".hidden/x.png")    // hidden: skipped
	copyFile("text.png", "notes.txt")      // not an image by name: listed
	copyFile("truncated.jpg", "z/bad.jpg") // found; fails later, when decoded
	copyFile("p1.png", "b/page.prep.png")  // spravka's output: not a scan
	copyFile("p1.png", "b/page.web.JPG")   // spravka's output: not a scan
	copyFile("p1.png", "b/page.gt.txt")    // a transcription: passed over
	copyFile("p1.png", "b/page.review.json")
	copyFile("p1.png", "doc.pdf") // a PDF by name only: found, and fails whole
	copyFile("p1.png", "photo.webp")
	copyFile("p1.png", "ours.txt")                                 // passed over by Ignore
	copyFile("p1.png", "bad\xffname.png")                          // a name that is not UTF-8
	os.Symlink("b", filepath.Join(root, "loop"))                   // a link to a folder
	os.Symlink("nowhere.png", filepath.Join(root, "dangling.png")) // a link to nothing
	os.Symlink("b/page.png", filepath.Join(root, "linked.png"))    // a link to a file: read
	os.MkdirAll(filepath.Join(root, "folder.png"), 0o755)          // a folder named like an image
	found, err := Inventory(root, Walk{Skip: []string{filepath.Join(root, "out")},
		Ignore: func(p string) bool { return filepath.Base(p) == "ours.txt" }})
	if err != nil {
		t.Fatal(err)
	}
	got := found.Sources
	want := []struct {
		rel   string
		pages int
		err   string
	}{{"a/book", 3, ""}, {"b/page", 1, ""}, {"doc", 1, "not a PDF"}, {"linked", 1, ""}, {"same.jpg", 1, ""}, {"same.png", 1, ""}, {"z/bad", 1, ""}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		if got[i].Rel != w.rel || got[i].Pages != w.pages || (got[i].Err == nil) != (w.err == "") ||
			got[i].Err != nil && !strings.Contains(got[i].Err.Error(), w.err) {
			t.Errorf("source %d = %+v, want rel %s pages %d error %q", i, got[i], w.rel, w.pages, w.err)
		}
	}
	if n := got[0].Name(2); n != "a/book.p2" {
		t.Errorf("Name(2) = %s", n)
	}
	if n := got[1].Name(1); n != "b/page" {
		t.Errorf("Name(1) = %s", n)
	}
	wantNotRead := map[string]string{
		"b/page.prep.png": "an image spravka wrote (.prep.png)",
		"b/page.web.JPG":  "an image spravka wrote (.web.jpg)",
		"dangling.png":    "a link that leads nowhere",
		"loop":            "a link to a folder: not followed",
		"notes.txt":       "not a page image",
		"photo.webp":      "a WebP image",
		"bad\xffname.png": "its name is not valid UTF-8",
	}
	if len(found.NotRead) != len(wantNotRead) {
		t.Errorf("not read: %+v", found.NotRead)
	}
	for _, n := range found.NotRead {
		if !strings.HasPrefix(n.Reason, wantNotRead[n.File]) || wantNotRead[n.File] == "" {
			t.Errorf("%s not read because %q, want %q", n.File, n.Reason, wantNotRead[n.File])
		}
	}
	if _, err := Discover(filepath.Join(root, "nope")); err == nil {
		t.Error("a missing input folder must be an error")
	}
}

// A gray page is turned and flipped as imaging does it, and stays gray.
func TestOrientGrayMatchesImaging(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 70, 45))
	for i := range g.Pix {
		g.Pix[i] = uint8(i*7 + i/70)
	}
	view := g.SubImage(image.Rect(3, 2, 68, 41)).(*image.Gray) // a stride wider than the page
	for _, src := range []*image.Gray{g, view} {
		for o := 1; o <= 8; o++ {
			got, ok := orient(src, o).(*image.Gray)
			if !ok {
				t.Fatalf("orientation %d: %T, want *image.Gray", o, orient(src, o))
			}
			var want image.Image = src
			switch o {
			case 2:
				want = imaging.FlipH(src)
			case 3:
				want = imaging.Rotate180(src)
			case 4:
				want = imaging.FlipV(src)
			case 5:
				want = imaging.Transpose(src)
			case 6:
				want = imaging.Rotate270(src)
			case 7:
				want = imaging.Transverse(src)
			case 8:
				want = imaging.Rotate90(src)
			}
			b := want.Bounds()
			if got.Bounds().Size() != b.Size() {
				t.Fatalf("orientation %d: size %v, want %v", o, got.Bounds().Size(), b.Size())
			}
			for y := 0; y < b.Dy(); y++ {
				for x := 0; x < b.Dx(); x++ {
					if w := color.GrayModel.Convert(want.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y; got.GrayAt(got.Rect.Min.X+x, got.Rect.Min.Y+y).Y != w {
						t.Fatalf("orientation %d: pixel (%d, %d) is %d, want %d", o, x, y, got.GrayAt(x, y).Y, w)
					}
				}
			}
		}
	}
}
