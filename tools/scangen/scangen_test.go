package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/tiff"

	"github.com/spravka/spravka/internal/testtools"
)

const sampleText = `Учебный образец (вымышленный текст)

     СПРАВКА: № 359 (вх. № 8265) от 29.III.53 г.
тов. Вышинскому, тов. Громыко; с Чжоу Эньлаем.
48213 90674 11358 70942
`

// render runs the generator as the command line would on an A5 page at 100 dpi (unless args
// say otherwise), with pages copies of sampleText, and returns the output bytes.
func render(t *testing.T, ext string, pages int, args ...string) []byte {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "out"+ext)
	argv := append([]string{"-o", out, "-page", "a5", "-dpi", "100", "-left", "10", "-right", "10"}, args...)
	for i := range pages {
		p := filepath.Join(dir, "p"+strconv.Itoa(i)+".txt")
		if err := os.WriteFile(p, []byte(sampleText), 0o644); err != nil {
			t.Fatal(err)
		}
		argv = append(argv, p)
	}
	cfg, err := parseFlags(argv, io.Discard)
	if err != nil {
		t.Fatalf("parseFlags: %v", err)
	}
	if err := run(cfg); err != nil {
		t.Fatalf("run: %v", err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDeterministic(t *testing.T) {
	for _, tc := range []struct{ ext, profile string }{
		{".png", "clean"}, {".jpg", "carbon"}, {".tif", "poor"}, {".png", "microfilm"},
	} {
		t.Run(tc.ext+"/"+tc.profile, func(t *testing.T) {
			a := render(t, tc.ext, 1, "-profile", tc.profile, "-seed", "7", "-skew", "-2")
			b := render(t, tc.ext, 1, "-profile", tc.profile, "-seed", "7", "-skew", "-2")
			c := render(t, tc.ext, 1, "-profile", tc.profile, "-seed", "8", "-skew", "-2")
			if !bytes.Equal(a, b) {
				t.Error("same flags and seed gave different bytes")
			}
			if bytes.Equal(a, c) {
				t.Error("a different seed gave the same bytes")
			}
		})
	}
}

// pngDPI reads the pHYs chunk.
func pngDPI(t *testing.T, b []byte) float64 {
	t.Helper()
	for p := 8; p+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[p:]))
		if string(b[p+4:p+8]) == "pHYs" {
			if b[p+16] != 1 {
				t.Fatalf("pHYs unit %d, want 1 (metre)", b[p+16])
			}
			return float64(binary.BigEndian.Uint32(b[p+8:])) * 0.0254
		}
		p += 12 + n
	}
	t.Fatal("no pHYs chunk")
	return 0
}

// jpegSegments returns the APPn segments before the first non-APP marker.
func jpegSegments(b []byte) map[byte][]byte {
	segs := map[byte][]byte{}
	for p := 2; p+4 <= len(b) && b[p] == 0xFF && b[p+1] >= 0xE0 && b[p+1] <= 0xEF; {
		n := int(binary.BigEndian.Uint16(b[p+2:]))
		segs[b[p+1]] = b[p+4 : p+2+n]
		p += 2 + n
	}
	return segs
}

// tiffIFDs walks a little-endian TIFF and returns each IFD's tags with their first value
// (rationals as numerator/denominator).
func tiffIFDs(t *testing.T, b []byte) []map[uint16]float64 {
	t.Helper()
	if string(b[:4]) != "II*\x00" {
		t.Fatalf("not a little-endian TIFF: % x", b[:4])
	}
	le := binary.LittleEndian
	var ifds []map[uint16]float64
	for off := le.Uint32(b[4:]); off != 0; {
		n := int(le.Uint16(b[off:]))
		tags := map[uint16]float64{}
		for i := range n {
			e := b[int(off)+2+12*i:]
			tag, typ, v := le.Uint16(e), le.Uint16(e[2:]), le.Uint32(e[8:])
			switch typ {
			case 3:
				tags[tag] = float64(uint16(v))
			case 5:
				tags[tag] = float64(le.Uint32(b[v:])) / float64(le.Uint32(b[v+4:]))
			default:
				tags[tag] = float64(v)
			}
		}
		ifds = append(ifds, tags)
		off = le.Uint32(b[int(off)+2+12*n:])
	}
	return ifds
}

func TestDPIWritten(t *testing.T) {
	for _, dpi := range []string{"100", "150"} {
		t.Run("png/"+dpi, func(t *testing.T) {
			b := render(t, ".png", 1, "-dpi", dpi)
			if got := pngDPI(t, b); strconv.Itoa(int(got+0.5)) != dpi {
				t.Errorf("PNG dpi %v, want %s", got, dpi)
			}
		})
		t.Run("jpeg/"+dpi, func(t *testing.T) {
			b := render(t, ".jpg", 1, "-dpi", dpi)
			app0 := jpegSegments(b)[0xE0]
			if len(app0) < 12 || string(app0[:5]) != "JFIF\x00" {
				t.Fatalf("no JFIF segment: % x", app0)
			}
			x, y := binary.BigEndian.Uint16(app0[8:]), binary.BigEndian.Uint16(app0[10:])
			if app0[7] != 1 || strconv.Itoa(int(x)) != dpi || x != y {
				t.Errorf("JFIF units %d density %dx%d, want 1 and %s", app0[7], x, y, dpi)
			}
		})
		t.Run("tiff/"+dpi, func(t *testing.T) {
			b := render(t, ".tif", 1, "-dpi", dpi)
			tags := tiffIFDs(t, b)[0]
			if strconv.Itoa(int(tags[282])) != dpi || tags[283] != tags[282] || tags[296] != 2 {
				t.Errorf("TIFF XResolution %v YResolution %v ResolutionUnit %v, want %s %s 2", tags[282], tags[283], tags[296], dpi, dpi)
			}
		})
	}
}

func TestTIFFPages(t *testing.T) {
	for _, compress := range []string{"deflate", "none"} {
		t.Run(compress, func(t *testing.T) {
			b := render(t, ".tif", 2, "-compress", compress, "-profile", "carbon")
			ifds := tiffIFDs(t, b)
			if len(ifds) != 2 {
				t.Fatalf("%d IFDs, want 2", len(ifds))
			}
			for i, tags := range ifds {
				if tags[297] != float64(i) || tags[254] != 2 {
					t.Errorf("IFD %d: PageNumber %v NewSubfileType %v", i, tags[297], tags[254])
				}
			}
			img, err := tiff.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("x/image/tiff cannot decode page 1: %v", err)
			}
			if g, ok := img.(*image.Gray); !ok || g.Rect.Dx() != int(ifds[0][256]) {
				t.Errorf("page 1 decodes as %T %v", img, img.Bounds())
			}
			identify := testtools.Command(t, "identify", "imagemagick")
			p := filepath.Join(t.TempDir(), "x.tif")
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(identify, "-format", "%p:%wx%h:%x\n", p).CombinedOutput()
			if err != nil {
				t.Fatalf("identify: %v\n%s", err, out)
			}
			want := "0:583x827:100\n1:583x827:100\n"
			if string(out) != want {
				t.Errorf("identify says\n%swant\n%s", out, want)
			}
		})
	}
}

func TestOrientation(t *testing.T) {
	upright := render(t, ".png", 1, "-profile", "clean")
	up, err := png.Decode(bytes.NewReader(upright))
	if err != nil {
		t.Fatal(err)
	}
	b := render(t, ".jpg", 1, "-profile", "clean", "-orient", "6", "-quality", "95")
	exif := jpegSegments(b)[0xE1]
	if len(exif) < 16 || string(exif[:6]) != "Exif\x00\x00" {
		t.Fatalf("no EXIF segment")
	}
	// IFD0 of the big-endian TIFF inside: first entry must be Orientation = 6.
	tiffData := exif[6:]
	ifd := binary.BigEndian.Uint32(tiffData[4:])
	e := tiffData[ifd+2:]
	if tag, val := binary.BigEndian.Uint16(e), binary.BigEndian.Uint16(e[8:]); tag != 0x0112 || val != 6 {
		t.Errorf("first EXIF tag %#x = %d, want Orientation (0x112) = 6", tag, val)
	}
	stored, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	uw, uh := up.Bounds().Dx(), up.Bounds().Dy()
	if stored.Bounds().Dx() != uh || stored.Bounds().Dy() != uw {
		t.Fatalf("stored %v, want %dx%d (turned)", stored.Bounds(), uh, uw)
	}
	// A viewer honouring 6 turns the stored pixels 90° clockwise, which shows stored (y, uw-1-x)
	// at (x, y): that must be the upright page, up to JPEG loss.
	var diff, n float64
	for y := 0; y < uh; y += 3 {
		for x := 0; x < uw; x += 3 {
			a := up.(*image.Gray).GrayAt(x, y).Y
			s := stored.(*image.Gray).GrayAt(y, uw-1-x).Y
			diff += abs(float64(a) - float64(s))
			n++
		}
	}
	if mean := diff / n; mean > 3 {
		t.Errorf("mean difference %.2f between upright and re-turned stored pixels", mean)
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestRejects(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "a.txt")
	long := filepath.Join(dir, "long.txt")
	greek := filepath.Join(dir, "greek.txt")
	os.WriteFile(txt, []byte(sampleText), 0o644)
	os.WriteFile(long, []byte(strings.Repeat("ж", 200)+"\n"), 0o644)
	os.WriteFile(greek, []byte("☃\n"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		want string // part of the error
	}{
		{"two pages in png", []string{"-o", "x.png", txt, txt}, "one page"},
		{"orient on png", []string{"-o", "x.png", "-orient", "6", txt}, "JPEG output only"},
		{"bad orient", []string{"-o", "x.jpg", "-orient", "5", txt}, "not supported"},
		{"unknown profile", []string{"-o", "x.png", "-profile", "mint", txt}, "unknown profile"},
		{"unknown extension", []string{"-o", "x.bmp", txt}, "cannot tell the format"},
		{"bad knob", []string{"-o", "x.png", "-speckle", "lots", txt}, "invalid value"},
		{"line too long", []string{"-o", filepath.Join(dir, "x.png"), long}, "too long"},
		{"missing glyph", []string{"-o", filepath.Join(dir, "y.png"), greek}, "no glyph"},
		{"bilevel jpeg", []string{"-o", "x.jpg", "-bilevel", "128", txt}, "lossless"},
		{"bad bilevel", []string{"-o", "x.png", "-bilevel", "300", txt}, "gray level"},
		{"negative fit", []string{"-o", "x.png", "-fit", "-1", txt}, "margin"},
		{"proportional too long", []string{"-o", filepath.Join(dir, "z.png"), "-proportional", long}, "too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseFlags(tc.args, io.Discard)
			if err == nil {
				err = run(cfg)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestLineImage: -proportional -fit -bilevel makes a black-and-white line
// image: a 1-bit PNG holding the line of text and the margin around it, no
// more, with the resolution written.
func TestLineImage(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "line.txt")
	os.WriteFile(txt, []byte("Съезд постановил созвать совещание 1 октября 1925 года.\n"), 0o644)
	out := filepath.Join(dir, "line.png")
	cfg, err := parseFlags([]string{"-o", out, "-profile", "print", "-proportional", "-size", "11", "-fit", "2", "-bilevel", "160", "-skew", "0.3", txt}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := run(cfg); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cfgPNG, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cfgPNG.ColorModel.(color.Palette); !ok {
		t.Errorf("colour model %T, want a two-colour palette", cfgPNG.ColorModel)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	// 11 pt at 300 dpi: the line is about 46 pixels from ascender to
	// descender, 2 mm of margin 24 pixels each side, 0.3° over the line's
	// width a few more.
	if b.Dy() < 60 || b.Dy() > 140 || b.Dx() < 800 || b.Dx() > 2000 {
		t.Errorf("line image %v, want one line of 11-pt text with 2 mm around it", b)
	}
	levels := map[uint32]bool{}
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			v, _, _, _ := img.At(x, y).RGBA()
			levels[v] = true
			if v == 0 {
				ink++
			}
		}
	}
	if len(levels) != 2 || ink == 0 {
		t.Errorf("%d levels, %d ink pixels: want black text on white", len(levels), ink)
	}
	if got := pngDPI(t, data); math.Abs(got-300) > 0.01 {
		t.Errorf("dpi %v, want 300", got)
	}
}
