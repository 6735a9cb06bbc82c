package scan

import (
	"bytes"
	"encoding/binary"
	"io"
)

// meta is what a file says about a page besides its pixels.
type meta struct {
	dpi         float64 // 0 when the file says nothing usable
	orientation int     // EXIF/TIFF orientation 1..8, 0 when absent
}

// jpegMeta reads the JFIF density and the EXIF orientation and resolution from
// the segments before the image data. JFIF density wins over EXIF resolution.
func jpegMeta(r io.ReaderAt, size int64) meta {
	var m meta
	var exifDPI float64
	off := int64(2) // after SOI
	for off+4 <= size {
		var h [4]byte
		if _, err := r.ReadAt(h[:], off); err != nil || h[0] != 0xFF {
			break
		}
		marker := h[1]
		if marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) {
			off += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			break
		}
		n := int64(binary.BigEndian.Uint16(h[2:]))
		if n < 2 || off+2+n > size {
			break
		}
		if marker == 0xE0 || marker == 0xE1 {
			seg := make([]byte, n-2)
			if _, err := r.ReadAt(seg, off+4); err != nil {
				break
			}
			switch {
			case marker == 0xE0 && len(seg) >= 12 && bytes.HasPrefix(seg, []byte("JFIF\x00")):
				units, x := seg[7], float64(binary.BigEndian.Uint16(seg[8:]))
				switch units {
				case 1:
					m.dpi = x
				case 2:
					m.dpi = x * 2.54
				}
			case marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
				tiff := bytes.NewReader(seg[6:])
				if ds, _, err := readIFDs(tiff, int64(len(seg)-6), false); err == nil && len(ds) == 1 {
					m.orientation = ds[0].orientation
					exifDPI = ds[0].dpi()
				}
			}
		}
		off += 2 + n
	}
	if m.dpi == 0 {
		m.dpi = exifDPI
	}
	return m
}

// pngMeta reads the pHYs resolution and the eXIf orientation from the chunks
// before the image data.
func pngMeta(r io.ReaderAt, size int64) meta {
	var m meta
	off := int64(8) // after the signature
	for off+8 <= size {
		var h [8]byte
		if _, err := r.ReadAt(h[:], off); err != nil {
			break
		}
		n, typ := int64(binary.BigEndian.Uint32(h[:4])), string(h[4:])
		if typ == "IDAT" || typ == "IEND" || off+12+n > size {
			break
		}
		switch {
		case typ == "pHYs" && n == 9:
			var b [9]byte
			if _, err := r.ReadAt(b[:], off+8); err == nil && b[8] == 1 { // unit: metre
				m.dpi = float64(binary.BigEndian.Uint32(b[:4])) * 0.0254
			}
		case typ == "eXIf" && n > 8:
			seg := make([]byte, n)
			if _, err := r.ReadAt(seg, off+8); err == nil {
				if ds, _, err := readIFDs(bytes.NewReader(seg), n, false); err == nil && len(ds) == 1 {
					m.orientation = ds[0].orientation
				}
			}
		}
		off += 12 + n
	}
	return m
}
