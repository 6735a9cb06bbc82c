package scan

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/tiff/lzw"
)

// tiffLZW encodes data as TIFF LZW: codes of 9 to 12 bits, most significant
// bit first, one code early in growing, a clear code first and whenever
// clearEvery codes have been added (never when 0: the table then fills and
// stays full).
func tiffLZW(data []byte, clearEvery int) []byte {
	var out []byte
	var acc uint64
	var n uint
	width := uint(9)
	put := func(code int) {
		acc = acc<<width | uint64(code)
		n += width
		for n >= 8 {
			out = append(out, byte(acc>>(n-8)))
			n -= 8
		}
	}
	dict := map[string]int{}
	next, added := 258, 0
	reset := func() {
		put(256)
		clear(dict)
		next, width, added = 258, 9, 0
	}
	reset()
	w := ""
	for _, c := range data {
		wc := w + string([]byte{c})
		if _, ok := dict[wc]; ok || len(wc) == 1 {
			w = wc
			continue
		}
		put(code(dict, w))
		if next <= 4094 { // the decoder's last code before its table is full
			dict[wc] = next
			next++
			added++
			if next >= 1<<width && width < 12 { // when the decoder's next code + 1 reaches 2^width
				width++
			}
		}
		w = string([]byte{c})
		if clearEvery > 0 && added >= clearEvery {
			put(code(dict, w))
			reset()
			w = ""
		}
	}
	if w != "" {
		put(code(dict, w))
	}
	put(257)
	if n > 0 {
		out = append(out, byte(acc<<(8-n)))
	}
	return out
}

func code(dict map[string]int, s string) int {
	if len(s) == 1 {
		return int(s[0])
	}
	return dict[s]
}

// xImageLZW reads a strip as x/image/tiff does.
func xImageLZW(src []byte, limit int) ([]byte, error) {
	r := lzw.NewReader(bytes.NewReader(src), lzw.MSB, 8)
	defer r.Close()
	var b bytes.Buffer
	_, err := b.ReadFrom(io.LimitReader(r, int64(limit)))
	return b.Bytes(), err
}

// lzwDecode gives x/image/tiff/lzw's bytes, and fails where it fails, on
// real strips, on streams that clear often, seldom or never (the table full
// and frozen), on runs that need codes not yet in the table, under limits,
// and on thousands of damaged streams.
func TestLZWMatchesXImage(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	var streams [][]byte
	for _, f := range []string{"gray-lzw-predictor.tif", "multipage.tif"} {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		r := bytes.NewReader(data)
		ds, bo, err := readIFDs(r, int64(len(data)), true)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			fs, _, err := readFields(r, int64(len(data)), bo, d.offset)
			if err != nil {
				t.Fatal(err)
			}
			offs, cnts := fs.uints(r, bo, tagStripOffsets, 1000), fs.uints(r, bo, tagStripByteCounts, 1000)
			for i := range offs {
				streams = append(streams, data[offs[i]:offs[i]+cnts[i]])
			}
		}
	}
	noise := make([]byte, 40000)
	for i := range noise {
		noise[i] = byte(rng.IntN(256))
	}
	text := bytes.Repeat([]byte("ШИФРТЕЛЕГРАММА № 123, 29.III.53; aaaaaaaaaaaaaaaab "), 400)
	runs := bytes.Repeat([]byte{7}, 20000)
	for _, data := range [][]byte{noise, text, runs, noise[:1], nil} {
		for _, every := range []int{0, 100, 3000} {
			enc := tiffLZW(data, every)
			if got, err := lzwDecode(enc, 1<<30, nil); err != nil || !bytes.Equal(got, data) {
				t.Fatalf("round trip of %d bytes (clear every %d): %v", len(data), every, err)
			}
			streams = append(streams, enc)
		}
	}
	check := func(src []byte, limit int) {
		t.Helper()
		want, werr := xImageLZW(src, limit)
		got, gerr := lzwDecode(src, limit, nil)
		if (gerr == nil) != (werr == nil) || gerr == nil && !bytes.Equal(got, want) {
			t.Fatalf("%d bytes, limit %d: got %d bytes (%v), x/image %d bytes (%v)", len(src), limit, len(got), gerr, len(want), werr)
		}
	}
	for _, s := range streams {
		full, _ := xImageLZW(s, 1<<30)
		for _, limit := range []int{1 << 30, len(full), len(full) / 2, 1} {
			check(s, limit)
		}
		for range 300 {
			m := append([]byte(nil), s...)
			switch rng.IntN(3) {
			case 0:
				if len(m) > 0 {
					m[rng.IntN(len(m))] ^= 1 << rng.IntN(8)
				}
			case 1:
				m = m[:rng.IntN(len(m)+1)]
			default:
				i := rng.IntN(len(m) + 1)
				m = append(m[:i], append([]byte{byte(rng.IntN(256))}, m[i:]...)...)
			}
			check(m, 1<<30)
		}
	}
}
