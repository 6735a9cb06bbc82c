package scan

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image/color"
	"image/jpeg"
	"io"
	"os"

	"github.com/spravka/spravka/pipeline/pdf"
)

// Picture returns page k of the image file at path as a searchable PDF
// keeps it (package pdf's ImageDoc). The file's own encoded data goes in
// unchanged wherever PDF reads that encoding, so that nothing is decoded and
// encoded again: a JPEG whole (DCT, with its EXIF orientation done by the
// page's drawing), a TIFF page in CCITT Group 4 in one strip (as fax data),
// the image data of a PNG that is not interlaced and has no transparency
// (Flate with PNG predictors: the same bytes). Any other page (TIFF pages in
// several strips, LZW or Deflate TIFF, interlaced PNG, PNG with alpha) is
// decoded as Decode decodes it, upright, and the PDF keeps its pixels
// Flate-compressed: lossless, the same pixels spravka read.
func Picture(path string, k int, opt Options) (*pdf.Picture, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	var p *pdf.Picture
	switch sniff(f) {
	case "jpeg":
		p, err = jpegPicture(f, size)
	case "png":
		p, err = pngPicture(f, size)
	case "tiff":
		p, err = tiffPicture(f, size, k)
	case "pdf":
		return nil, errors.New("a PDF: its searchable copy is made from the PDF itself")
	default:
		return nil, errors.New("not a TIFF, PNG, JPEG or PDF (unrecognised content)")
	}
	if err != nil {
		return nil, err
	}
	if p != nil {
		if px := int64(p.Width) * int64(p.Height); opt.MaxPixels > 0 && px > opt.MaxPixels {
			return nil, fmt.Errorf("image is %d×%d = %d pixels, more than the limit of %d", p.Width, p.Height, px, opt.MaxPixels)
		}
		p.File = path
		return p, nil
	}
	page, err := Decode(path, k, opt)
	if err != nil {
		return nil, err
	}
	return &pdf.Picture{Width: page.Width, Height: page.Height, Pixels: page.Image, Kind: "decoded, its pixels kept Flate-compressed (lossless)"}, nil
}

// jpegPicture keeps a JPEG as it is: DCT data for PDF. An Adobe CMYK JPEG
// stores its inks inverted, which its Decode array undoes.
func jpegPicture(f *os.File, size int64) (*pdf.Picture, error) {
	cfg, err := jpeg.DecodeConfig(io.NewSectionReader(f, 0, size))
	if err != nil {
		return nil, fmt.Errorf("reading jpeg header: %w", err)
	}
	p := &pdf.Picture{Width: cfg.Width, Height: cfg.Height, Orientation: jpegMeta(f, size).orientation,
		Sections: [][2]int64{{0, size}}, Filter: "/DCTDecode", BitsPerComponent: 8, Kind: "JPEG, as it is (DCT)"}
	switch cfg.ColorModel {
	case color.GrayModel:
		p.ColorSpace = "/DeviceGray"
	case color.CMYKModel:
		p.ColorSpace = "/DeviceCMYK"
		if adobeJPEG(f, size) {
			p.Decode = []any{1, 0, 1, 0, 1, 0, 1, 0}
		}
	default:
		p.ColorSpace = "/DeviceRGB"
	}
	return p, nil
}

// adobeJPEG says whether a JPEG carries Adobe's APP14 segment.
func adobeJPEG(r io.ReaderAt, size int64) bool {
	off := int64(2)
	for off+4 <= size {
		var h [4]byte
		if _, err := r.ReadAt(h[:], off); err != nil || h[0] != 0xFF || h[1] == 0xDA {
			return false
		}
		n := int64(binary.BigEndian.Uint16(h[2:]))
		if h[1] == 0xEE && n >= 7 {
			var id [5]byte
			r.ReadAt(id[:], off+4)
			return string(id[:]) == "Adobe"
		}
		off += 2 + n
	}
	return false
}

// pngPicture keeps the image data of a PNG that PDF reads as it is (not
// interlaced, no alpha, no transparent colour): the IDAT chunks, one after
// another, are a zlib stream PDF's Flate filter with PNG predictors reads.
// It returns nil for any other PNG.
func pngPicture(f *os.File, size int64) (*pdf.Picture, error) {
	var ihdr [13]byte
	if _, err := f.ReadAt(ihdr[:], 16); err != nil {
		return nil, fmt.Errorf("reading png header: %w", err)
	}
	w, h := int(binary.BigEndian.Uint32(ihdr[0:])), int(binary.BigEndian.Uint32(ihdr[4:]))
	depth, ctype, interlace := int(ihdr[8]), ihdr[9], ihdr[12]
	colors := map[byte]int{0: 1, 2: 3, 3: 1}[ctype]
	if colors == 0 || interlace != 0 || w <= 0 || h <= 0 {
		return nil, nil
	}
	p := &pdf.Picture{Width: w, Height: h, Orientation: pngMeta(f, size).orientation, Filter: "/FlateDecode",
		BitsPerComponent: depth, Parms: map[string]any{"/Predictor": 15, "/Colors": colors, "/BitsPerComponent": depth, "/Columns": w},
		Kind: "PNG image data, as it is (Flate)"}
	switch ctype {
	case 0:
		p.ColorSpace = "/DeviceGray"
	case 2:
		p.ColorSpace = "/DeviceRGB"
	}
	for off := int64(8); off+8 <= size; {
		var hd [8]byte
		if _, err := f.ReadAt(hd[:], off); err != nil {
			return nil, fmt.Errorf("reading png chunks: %w", err)
		}
		n, typ := int64(binary.BigEndian.Uint32(hd[:4])), string(hd[4:])
		if off+12+n > size {
			return nil, errors.New("png chunk runs past the end of the file")
		}
		switch typ {
		case "tRNS":
			return nil, nil
		case "PLTE":
			pal := make([]byte, n)
			if _, err := f.ReadAt(pal, off+8); err != nil || n%3 != 0 || n == 0 {
				return nil, errors.New("bad png palette")
			}
			p.ColorSpace = []any{"/Indexed", "/DeviceRGB", n/3 - 1, "b:" + hex.EncodeToString(pal)}
		case "IDAT":
			p.Sections = append(p.Sections, [2]int64{off + 8, n})
		}
		if typ == "IEND" {
			break
		}
		off += 12 + n
	}
	if len(p.Sections) == 0 || p.ColorSpace == nil {
		return nil, errors.New("png without image data or palette")
	}
	return p, nil
}

// TIFF tags and values of a fax page.
const (
	tagFillOrder       = 266
	tagSamplesPerPixel = 277
	compressionG4      = 4
)

// tiffPicture keeps page k of a TIFF as it is when it is CCITT Group 4 in
// one strip (PDF's CCITTFaxDecode with K -1 reads it); it returns nil for
// any other page.
func tiffPicture(f *os.File, size int64, k int) (*pdf.Picture, error) {
	ds, bo, err := readIFDs(f, size, true)
	if err != nil {
		return nil, err
	}
	if k < 1 || k > len(ds) {
		return nil, fmt.Errorf("page %d of %d does not exist", k, len(ds))
	}
	fs, _, err := readFields(f, size, bo, ds[k-1].offset)
	if err != nil {
		return nil, err
	}
	first := func(tag uint16, def uint32) uint32 {
		if v := fs.uints(f, bo, tag, 2); len(v) > 0 {
			return v[0]
		}
		return def
	}
	w, h := int(first(tagImageWidth, 0)), int(first(tagImageLength, 0))
	if first(tagCompression, 1) != compressionG4 || first(tagBitsPerSample, 1) != 1 || first(tagSamplesPerPixel, 1) != 1 ||
		first(tagTileWidth, 0) != 0 || int(first(tagRowsPerStrip, uint32(h))) < h || w <= 0 || h <= 0 {
		return nil, nil
	}
	offsets, counts := fs.uints(f, bo, tagStripOffsets, 2), fs.uints(f, bo, tagStripByteCounts, 2)
	if len(offsets) != 1 || len(counts) != 1 || int64(offsets[0])+int64(counts[0]) > size {
		return nil, nil
	}
	photometric := first(tagPhotometric, 0)
	if photometric > 1 {
		return nil, nil
	}
	return &pdf.Picture{Width: w, Height: h, Orientation: ds[k-1].orientation,
		Sections: [][2]int64{{int64(offsets[0]), int64(counts[0])}}, Reverse: first(tagFillOrder, 1) == 2,
		Filter: "/CCITTFaxDecode", Parms: map[string]any{"/K": -1, "/Columns": w, "/Rows": h, "/BlackIs1": photometric == 1},
		ColorSpace: "/DeviceGray", BitsPerComponent: 1, Kind: "CCITT Group 4, as it is"}, nil
}
