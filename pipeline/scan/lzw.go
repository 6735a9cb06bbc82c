package scan

import (
	"encoding/binary"
	"errors"
	"io"
)

// errLZW is a TIFF LZW stream that lzwDecode does not decode; the page goes
// to x/image/tiff, which reports what is wrong with it.
var errLZW = errors.New("lzw: invalid stream")

// lzwDecode decompresses one TIFF LZW strip (TIFF 6.0, section 13: codes of
// 9 to 12 bits, most significant bit first, the width growing one code
// early) into dst's memory, and returns at most limit bytes. It gives the
// bytes x/image/tiff/lzw gives for the same strip read through the same
// limit, and an error where that reader would end in one before limit
// bytes (an invalid code, a stream that ends without its end code).
//
// Every string in the code table is a stretch of the output already
// written: a new code is the previous code's string followed by the first
// byte of the next string, which the output holds right after it. So the
// table keeps where each string starts and how long it is, and decoding a
// code is one copy from earlier output, where x/image/tiff/lzw walks a
// chain of prefixes one byte at a time.
func lzwDecode(src []byte, limit int, dst []byte) ([]byte, error) {
	const (
		clear, eoi = 256, 257
		maxWidth   = 12
	)
	var (
		start  [1 << maxWidth]int32 // where code k's string starts in out
		length [1 << maxWidth]int32
	)
	// out[:o] is the output; it keeps room for the longest string (4096
	// bytes) past o, and grows by doubling.
	out := dst[:cap(dst)]
	o := 0
	room := func(n int) {
		if o+n > len(out) {
			out = append(out[:o], make([]byte, max(n, len(out)))...)
			out = out[:cap(out)]
		}
	}
	width, hi, overflow := uint(9), eoi, 1<<9 // hi: the next code to assign, as x/image/tiff/lzw counts it
	last, lastStart, lastLen := -1, 0, 0      // the previous code and where its string went
	var bits uint64                           // unread bits, at the top
	var nbits uint
	for o < limit {
		if nbits < width {
			if len(src) >= 8 {
				// Eight bytes at once; the bytes not taken whole are
				// taken again next time, onto the same bits.
				bits |= binary.BigEndian.Uint64(src) >> nbits
				k := (63 - nbits) >> 3
				src = src[k:]
				nbits += k * 8
			} else {
				for nbits < width {
					if len(src) == 0 {
						return nil, io.ErrUnexpectedEOF
					}
					bits |= uint64(src[0]) << (56 - nbits)
					src = src[1:]
					nbits += 8
				}
			}
		}
		code := int(bits >> (64 - width))
		bits <<= width
		nbits -= width
		pos := o
		if o+1<<maxWidth > len(out) {
			room(1 << maxWidth)
		}
		switch {
		case code < clear:
			out[o] = byte(code)
			o++
		case code == clear:
			width, hi, overflow, last = 9, eoi, 1<<9, -1
			continue
		case code == eoi:
			return out[:min(o, limit)], nil
		case code < hi || code == hi && last < 0:
			if code <= eoi || length[code] == 0 {
				return nil, errLZW
			}
			s, n := int(start[code]), int(length[code])
			if n <= 16 {
				// Sixteen bytes at once, loaded before they are stored: the
				// string ends before o (s+n <= o), and past its end the
				// copy writes bytes that the next codes overwrite, within
				// the room kept past o.
				a := binary.LittleEndian.Uint64(out[s : s+8])
				b := binary.LittleEndian.Uint64(out[s+8 : s+16])
				binary.LittleEndian.PutUint64(out[o:o+8], a)
				binary.LittleEndian.PutUint64(out[o+8:o+16], b)
			} else {
				copy(out[o:o+n], out[s:s+n])
			}
			o += n
		case code == hi:
			// Not in the table yet: the previous string and its first byte.
			copy(out[o:o+lastLen], out[lastStart:lastStart+lastLen])
			out[o+lastLen] = out[lastStart]
			o += lastLen + 1
		default:
			return nil, errLZW
		}
		if last >= 0 {
			start[hi], length[hi] = int32(lastStart), int32(lastLen+1)
		}
		last, lastStart, lastLen = code, pos, o-pos
		hi++
		if hi+1 >= overflow {
			if width == maxWidth {
				last = -1 // the table is full: no new codes until a clear
				hi--
			} else {
				width++
				overflow <<= 1
			}
		}
	}
	return out[:limit], nil
}
