package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
)

// pngImage returns the page as PNG is to store it: 8-bit gray, or, for a
// bilevel page (every pixel 0 or 255), a two-colour palette, which the
// encoder writes with one bit per pixel as a bilevel scanner does.
func pngImage(g *image.Gray, bilevel bool) image.Image {
	if !bilevel {
		return g
	}
	p := image.NewPaletted(g.Rect, color.Palette{color.Gray{0}, color.Gray{255}})
	for i, v := range g.Pix {
		if v != 0 {
			p.Pix[i] = 1
		}
	}
	return p
}

// encodePNG writes img (gray, or a palette) as PNG with a pHYs chunk holding the resolution.
func encodePNG(w io.Writer, img image.Image, dpi float64) error {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return err
	}
	b := buf.Bytes()
	// Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
	const ihdrEnd = 8 + 25
	if len(b) < ihdrEnd || string(b[12:16]) != "IHDR" {
		return errors.New("png: unexpected encoder output")
	}
	ppm := uint32(math.Round(dpi / 0.0254)) // pixels per metre
	var data [9]byte
	binary.BigEndian.PutUint32(data[0:], ppm)
	binary.BigEndian.PutUint32(data[4:], ppm)
	data[8] = 1 // unit: metre
	chunk := pngChunk("pHYs", data[:])
	if _, err := w.Write(b[:ihdrEnd]); err != nil {
		return err
	}
	if _, err := w.Write(chunk); err != nil {
		return err
	}
	_, err := w.Write(b[ihdrEnd:])
	return err
}

// pngChunk frames data as a PNG chunk: length, type, data, CRC of type and data.
func pngChunk(typ string, data []byte) []byte {
	out := make([]byte, 0, 12+len(data))
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// encodeJPEG writes img as baseline gray JPEG with a JFIF APP0 segment holding the resolution
// and, when orient is not 0, an EXIF APP1 segment with that Orientation and the resolution.
func encodeJPEG(w io.Writer, img *image.Gray, quality int, dpi float64, orient int) error {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return err
	}
	b := buf.Bytes()
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		return errors.New("jpeg: unexpected encoder output")
	}
	d := uint16(math.Round(dpi))
	jfif := []byte{'J', 'F', 'I', 'F', 0, 1, 2, 1} // identifier, version 1.02, units: dots per inch
	jfif = binary.BigEndian.AppendUint16(jfif, d)
	jfif = binary.BigEndian.AppendUint16(jfif, d)
	jfif = append(jfif, 0, 0) // no thumbnail
	out := []byte{0xFF, 0xD8}
	out = appendSegment(out, 0xE0, jfif)
	if orient != 0 {
		out = appendSegment(out, 0xE1, exifOrientation(orient, uint32(d)))
	}
	out = append(out, b[2:]...)
	_, err := w.Write(out)
	return err
}

// appendSegment appends a JPEG marker segment (marker, big-endian length including itself, data).
func appendSegment(out []byte, marker byte, data []byte) []byte {
	out = append(out, 0xFF, marker)
	out = binary.BigEndian.AppendUint16(out, uint16(len(data)+2))
	return append(out, data...)
}

// exifOrientation builds an EXIF APP1 payload with one IFD: Orientation, XResolution,
// YResolution and ResolutionUnit (inches).
func exifOrientation(orient int, dpi uint32) []byte {
	be := binary.BigEndian
	b := []byte("Exif\x00\x00")
	t := []byte{'M', 'M', 0, 42}
	t = be.AppendUint32(t, 8) // IFD0 offset
	const n = 4
	t = be.AppendUint16(t, n)
	rationals := uint32(8 + 2 + n*12 + 4) // offset of the rational values after the IFD
	t = ifdEntry(t, be, 0x0112, 3, 1, uint32(orient)<<16)
	t = ifdEntry(t, be, 0x011A, 5, 1, rationals)
	t = ifdEntry(t, be, 0x011B, 5, 1, rationals+8)
	t = ifdEntry(t, be, 0x0128, 3, 1, 2<<16)
	t = be.AppendUint32(t, 0) // no next IFD
	for range 2 {
		t = be.AppendUint32(t, dpi)
		t = be.AppendUint32(t, 1)
	}
	return append(b, t...)
}

// ifdEntry appends a 12-byte TIFF IFD entry. value is the 4-byte value field as the byte order
// reads it: a left-justified SHORT must be shifted by the caller for big-endian data.
func ifdEntry(b []byte, bo binary.AppendByteOrder, tag, typ uint16, count, value uint32) []byte {
	b = bo.AppendUint16(b, tag)
	b = bo.AppendUint16(b, typ)
	b = bo.AppendUint32(b, count)
	return bo.AppendUint32(b, value)
}

// orientPixels turns an upright page so that a viewer honouring EXIF orientation o shows it
// upright again: 6 means the viewer rotates 90° clockwise, so the pixels are stored turned 90°
// counter-clockwise; 8 the reverse; 3 is a half turn.
func orientPixels(img *image.Gray, o int) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	switch o {
	case 3:
		out := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out.Pix[(h-1-y)*out.Stride+(w-1-x)] = img.Pix[y*img.Stride+x]
			}
		}
		return out
	case 6:
		out := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				// Counter-clockwise: upright (x, y) goes to stored (y, w-1-x).
				out.Pix[(w-1-x)*out.Stride+y] = img.Pix[y*img.Stride+x]
			}
		}
		return out
	case 8:
		out := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				// Clockwise: upright (x, y) goes to stored (h-1-y, x).
				out.Pix[x*out.Stride+(h-1-y)] = img.Pix[y*img.Stride+x]
			}
		}
		return out
	}
	return img
}

// TIFF tag numbers and types used by encodeTIFF.
const (
	tiffShort    = 3
	tiffLong     = 4
	tiffRational = 5
)

// encodeTIFF writes the pages as one little-endian TIFF with one IFD per page: 8-bit gray
// (BlackIsZero), strips of about 64 KiB, Deflate with the horizontal predictor or no
// compression, resolution in pixels per inch and PageNumber.
func encodeTIFF(w io.Writer, pages []*image.Gray, dpi float64, deflate bool) error {
	le := binary.LittleEndian
	out := []byte{'I', 'I', 42, 0, 0, 0, 0, 0} // IFD0 offset patched below
	prevNext := 4                              // where to write the offset of the next IFD
	res := uint32(math.Round(dpi))
	for i, img := range pages {
		w, h := img.Rect.Dx(), img.Rect.Dy()
		rows := max(1, 65536/w)
		var offsets, counts []uint32
		for y0 := 0; y0 < h; y0 += rows {
			y1 := min(h, y0+rows)
			strip, err := tiffStrip(img, y0, y1, deflate)
			if err != nil {
				return err
			}
			offsets = append(offsets, uint32(len(out)))
			counts = append(counts, uint32(len(strip)))
			out = append(out, strip...)
			if len(out)%2 == 1 {
				out = append(out, 0)
			}
		}
		// Out-of-line values: strip offsets, strip byte counts, two rationals.
		offArr := uint32(len(out))
		for _, v := range offsets {
			out = le.AppendUint32(out, v)
		}
		cntArr := uint32(len(out))
		for _, v := range counts {
			out = le.AppendUint32(out, v)
		}
		resAt := uint32(len(out))
		for range 2 {
			out = le.AppendUint32(out, res)
			out = le.AppendUint32(out, 1)
		}
		offVal, cntVal := offArr, cntArr
		if len(offsets) == 1 {
			offVal, cntVal = offsets[0], counts[0]
		}
		compression := uint32(1)
		if deflate {
			compression = 8
		}
		subfile := uint32(0)
		if len(pages) > 1 {
			subfile = 2 // a page of a multi-page image
		}
		type entry struct {
			tag, typ     uint16
			count, value uint32
		}
		entries := []entry{
			{254, tiffLong, 1, subfile},
			{256, tiffLong, 1, uint32(w)},
			{257, tiffLong, 1, uint32(h)},
			{258, tiffShort, 1, 8},
			{259, tiffShort, 1, compression},
			{262, tiffShort, 1, 1}, // BlackIsZero
			{273, tiffLong, uint32(len(offsets)), offVal},
			{277, tiffShort, 1, 1},
			{278, tiffLong, 1, uint32(rows)},
			{279, tiffLong, uint32(len(counts)), cntVal},
			{282, tiffRational, 1, resAt},
			{283, tiffRational, 1, resAt + 8},
			{296, tiffShort, 1, 2}, // inches
			{297, tiffShort, 2, uint32(i) | uint32(len(pages))<<16},
		}
		if deflate {
			entries = append(entries, entry{317, tiffShort, 1, 2}) // horizontal differencing
		}
		ifd := uint32(len(out))
		le.PutUint32(out[prevNext:], ifd)
		out = le.AppendUint16(out, uint16(len(entries)))
		for _, e := range entries {
			out = ifdEntry(out, le, e.tag, e.typ, e.count, e.value)
		}
		prevNext = len(out)
		out = le.AppendUint32(out, 0) // next IFD, patched by the next page
	}
	_, err := w.Write(out)
	return err
}

// tiffStrip returns rows y0..y1 of img, Deflate-compressed with horizontal differencing when
// deflate is set.
func tiffStrip(img *image.Gray, y0, y1 int, deflate bool) ([]byte, error) {
	w := img.Rect.Dx()
	raw := make([]byte, 0, w*(y1-y0))
	for y := y0; y < y1; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		if !deflate {
			raw = append(raw, row...)
			continue
		}
		prev := byte(0)
		for _, v := range row {
			raw = append(raw, v-prev)
			prev = v
		}
	}
	if !deflate {
		return raw, nil
	}
	var buf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("deflate strip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("deflate strip: %w", err)
	}
	return buf.Bytes(), nil
}
