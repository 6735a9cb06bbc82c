package scan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// TIFF tags spravka reads itself (x/image/tiff ignores them or reads the first page only).
const (
	tagOrientation    = 274
	tagXResolution    = 282
	tagResolutionUnit = 296
)

// ifd is what spravka needs from one TIFF image file directory (a page) or
// from the TIFF structure inside an EXIF block.
type ifd struct {
	offset      int64   // where the directory starts
	orientation int     // 1..8, 0 when absent
	xres        float64 // pixels per resolution unit, 0 when absent
	unit        int     // 1 none, 2 inch, 3 centimetre (TIFF default 2)
}

// dpi returns the resolution in dots per inch, or 0 when the directory does not say.
func (d ifd) dpi() float64 {
	switch d.unit {
	case 0, 2:
		return d.xres
	case 3:
		return d.xres * 2.54
	}
	return 0
}

// maxIFDs bounds the number of pages read from one file (and breaks IFD loops).
const maxIFDs = 10000

// readIFDs walks the chain of image file directories of the TIFF structure in r
// (a TIFF file, or the TIFF block of an EXIF segment). all=false stops after the first.
func readIFDs(r io.ReaderAt, size int64, all bool) ([]ifd, binary.ByteOrder, error) {
	var hdr [8]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, nil, fmt.Errorf("tiff header: %w", err)
	}
	var bo binary.ByteOrder
	switch string(hdr[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return nil, nil, errors.New("not a TIFF structure (bad byte order mark)")
	}
	switch bo.Uint16(hdr[2:]) {
	case 42:
	case 43:
		return nil, nil, errors.New("BigTIFF is not supported: convert the file to classic TIFF")
	default:
		return nil, nil, errors.New("not a TIFF structure (bad magic number)")
	}
	off := int64(bo.Uint32(hdr[4:]))
	seen := map[int64]bool{}
	var out []ifd
	for off != 0 && len(out) < maxIFDs {
		if seen[off] || off < 8 || off+2 > size {
			return out, bo, fmt.Errorf("corrupt TIFF directory chain at offset %d", off)
		}
		seen[off] = true
		d, next, err := readIFD(r, size, bo, off)
		if err != nil {
			return out, bo, err
		}
		out = append(out, d)
		if !all {
			break
		}
		off = next
	}
	return out, bo, nil
}

func readIFD(r io.ReaderAt, size int64, bo binary.ByteOrder, off int64) (ifd, int64, error) {
	d := ifd{offset: off}
	f, next, err := readFields(r, size, bo, off)
	if err != nil {
		return d, 0, err
	}
	if e, ok := f[tagOrientation]; ok && e.typ == 3 && e.count >= 1 {
		d.orientation = int(bo.Uint16(e.value[:]))
	}
	if e, ok := f[tagResolutionUnit]; ok && e.typ == 3 && e.count >= 1 {
		d.unit = int(bo.Uint16(e.value[:]))
	}
	if e, ok := f[tagXResolution]; ok && e.typ == 5 && e.count >= 1 {
		var rat [8]byte
		if _, err := r.ReadAt(rat[:], int64(bo.Uint32(e.value[:]))); err == nil {
			if den := bo.Uint32(rat[4:]); den != 0 {
				d.xres = float64(bo.Uint32(rat[:])) / float64(den)
			}
		}
	}
	return d, next, nil
}

// firstIFDAt is an io.ReaderAt over a TIFF file in which the header's pointer to
// the first directory is replaced, so that a decoder that reads only the first
// page (x/image/tiff) reads page k instead.
type firstIFDAt struct {
	r   io.ReaderAt
	hdr [8]byte
}

func newFirstIFDAt(r io.ReaderAt, bo binary.ByteOrder, off int64) (*firstIFDAt, error) {
	f := &firstIFDAt{r: r}
	if _, err := r.ReadAt(f.hdr[:], 0); err != nil {
		return nil, err
	}
	bo.PutUint32(f.hdr[4:], uint32(off))
	return f, nil
}

func (f *firstIFDAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := f.r.ReadAt(p, off)
	for i := off; i < 8 && i-off < int64(n); i++ {
		p[i-off] = f.hdr[i]
	}
	return n, err
}
