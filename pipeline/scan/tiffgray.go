package scan

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"
)

// TIFF tags and values the gray fast path reads (TIFF 6.0, section 8).
const (
	tagImageWidth      = 256
	tagImageLength     = 257
	tagBitsPerSample   = 258
	tagCompression     = 259
	tagPhotometric     = 262
	tagStripOffsets    = 273
	tagRowsPerStrip    = 278
	tagStripByteCounts = 279
	tagPredictor       = 317
	tagTileWidth       = 322
)

// errNotGray8 sends a TIFF page to x/image/tiff.
var errNotGray8 = errors.New("not a stripped 8-bit gray TIFF page")

// decodeGrayTIFF decodes the page whose directory starts at off when it is
// the common archival layout: 8-bit gray (BlackIsZero or WhiteIsZero) in
// strips, uncompressed, LZW or Deflate, with or without the horizontal
// predictor. It gives exactly what x/image/tiff gives for such a page (its
// zlib, an LZW decoder that gives its LZW reader's bytes, the same
// predictor and inversion), but copies rows where x/image/tiff reads every
// pixel through a bit reader and SetGray, which took most of its time. Any other layout, and any page that does
// not decode cleanly, returns errNotGray8 so that x/image/tiff decodes it
// (and reports its errors).
func decodeGrayTIFF(r io.ReaderAt, size int64, bo binary.ByteOrder, off int64) (*image.Gray, error) {
	f, _, err := readFields(r, size, bo, off)
	if err != nil {
		return nil, errNotGray8
	}
	first := func(tag uint16) uint32 {
		if v := f.uints(r, bo, tag, 2); len(v) > 0 {
			return v[0]
		}
		return 0
	}
	w, h := int(first(tagImageWidth)), int(first(tagImageLength))
	bps := f.uints(r, bo, tagBitsPerSample, 2)
	photometric, compression, predictor := first(tagPhotometric), first(tagCompression), first(tagPredictor)
	if w <= 0 || h <= 0 || len(bps) != 1 || bps[0] != 8 || photometric > 1 || first(tagTileWidth) != 0 ||
		predictor > 2 || !(compression <= 1 || compression == 5 || compression == 8 || compression == 32946) {
		return nil, errNotGray8
	}
	rows := h
	if v := int(first(tagRowsPerStrip)); v > 0 && v < h {
		rows = v
	}
	strips := (h + rows - 1) / rows
	offsets := f.uints(r, bo, tagStripOffsets, strips)
	counts := f.uints(r, bo, tagStripByteCounts, strips)
	if len(offsets) < strips || len(counts) < strips {
		return nil, errNotGray8
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	limit := int64(w) * int64(rows) * 8 // x/image/tiff's bound on a strip's data
	var buf []byte
	for j := range strips {
		y0, y1 := j*rows, min((j+1)*rows, h)
		n := int64(counts[j])
		var err error
		if buf, err = readStrip(io.NewSectionReader(r, int64(offsets[j]), n), compression, limit, buf); err != nil {
			return nil, errNotGray8
		}
		need := (y1 - y0) * w
		if len(buf) < need {
			return nil, errNotGray8
		}
		for y := y0; y < y1; y++ {
			row := buf[(y-y0)*w : (y-y0+1)*w]
			if predictor == 2 { // each byte is the difference to the one before
				acc := row[0]
				for x := 1; x < w; x++ {
					acc += row[x]
					row[x] = acc
				}
			}
			dst := img.Pix[y*img.Stride : y*img.Stride+w]
			if photometric == 0 { // WhiteIsZero
				for x, v := range row {
					dst[x] = 255 - v
				}
			} else {
				copy(dst, row)
			}
		}
	}
	return img, nil
}

// readStrip returns the data of a strip, decompressed, read up to limit
// bytes, into buf's memory when it is large enough.
func readStrip(src *io.SectionReader, compression uint32, limit int64, buf []byte) ([]byte, error) {
	var rd io.ReadCloser
	switch compression {
	case 0, 1:
		if src.Size() > limit {
			return nil, errors.New("strip too large")
		}
		rd = io.NopCloser(src)
	case 5:
		raw := make([]byte, src.Size())
		if _, err := src.ReadAt(raw, 0); err != nil {
			return nil, err
		}
		return lzwDecode(raw, int(limit), buf)
	default:
		zr, err := zlib.NewReader(src)
		if err != nil {
			return nil, err
		}
		rd = zr
	}
	defer rd.Close()
	b := bytes.NewBuffer(buf[:0])
	if _, err := b.ReadFrom(io.LimitReader(rd, limit)); err != nil {
		return nil, err
	}
	if compression <= 1 && int64(b.Len()) != src.Size() {
		return nil, io.ErrUnexpectedEOF // x/image/tiff wants the whole strip
	}
	return b.Bytes(), nil
}

// fields are the entries of one TIFF directory: for each tag, its type,
// count and the four bytes that hold the value or its offset.
type fields map[uint16]struct {
	typ   uint16
	count uint32
	value [4]byte
}

// readFields reads the directory at off, and the offset of the next one.
func readFields(r io.ReaderAt, size int64, bo binary.ByteOrder, off int64) (fields, int64, error) {
	var nb [2]byte
	if _, err := r.ReadAt(nb[:], off); err != nil {
		return nil, 0, fmt.Errorf("tiff directory at %d: %w", off, err)
	}
	n := int64(bo.Uint16(nb[:]))
	if off+2+n*12+4 > size {
		return nil, 0, fmt.Errorf("tiff directory at %d runs past the end of the file", off)
	}
	buf := make([]byte, n*12+4)
	if _, err := r.ReadAt(buf, off+2); err != nil {
		return nil, 0, fmt.Errorf("tiff directory at %d: %w", off, err)
	}
	f := fields{}
	for i := range n {
		e := buf[i*12 : i*12+12]
		v := f[bo.Uint16(e)]
		v.typ, v.count = bo.Uint16(e[2:]), bo.Uint32(e[4:])
		copy(v.value[:], e[8:12])
		f[bo.Uint16(e)] = v
	}
	return f, int64(bo.Uint32(buf[n*12:])), nil
}

// uints returns up to max values of an entry of type BYTE, SHORT or LONG
// (nil for any other type or an unreadable array).
func (f fields) uints(r io.ReaderAt, bo binary.ByteOrder, tag uint16, max int) []uint32 {
	e, ok := f[tag]
	if !ok {
		return nil
	}
	width := map[uint16]int{1: 1, 3: 2, 4: 4}[e.typ]
	if width == 0 {
		return nil
	}
	n := min(int(e.count), max)
	raw := e.value[:]
	if int(e.count)*width > 4 {
		raw = make([]byte, n*width)
		if _, err := r.ReadAt(raw, int64(bo.Uint32(e.value[:]))); err != nil {
			return nil
		}
	}
	out := make([]uint32, n)
	for i := range out {
		switch width {
		case 1:
			out[i] = uint32(raw[i])
		case 2:
			out[i] = uint32(bo.Uint16(raw[2*i:]))
		default:
			out[i] = bo.Uint32(raw[4*i:])
		}
	}
	return out
}
