package pdf

import (
	"bytes"
	"encoding/binary"
	"slices"
)

// The glyphless font: a TrueType font whose every glyph is empty and half
// an em wide. The text layer is drawn with it in rendering mode 3
// (invisible), so it needs no shapes, only widths: search, selection and
// copy come from the text and its ToUnicode map, whatever the script
// (Cyrillic included). Tesseract's PDF renderer and OCRmyPDF use the same
// idea; spravka makes its own 400-odd bytes here instead of shipping a file.
const (
	unitsPerEm = 1000
	advance    = 500 // every glyph's width, in font units (/DW in the PDF)
	ascent     = 800
	descent    = -200
)

// glyphless returns the font program. Its glyphs are 0 (.notdef) and 1,
// both empty; the PDF maps every character to glyph 1.
func glyphless() []byte {
	be := binary.BigEndian
	u16 := func(b []byte, v ...int) []byte {
		for _, x := range v {
			b = be.AppendUint16(b, uint16(int16(x)))
		}
		return b
	}
	u32 := func(b []byte, v uint32) []byte { return be.AppendUint32(b, v) }
	const glyphs = 2
	tables := map[string][]byte{}

	var head []byte
	head = u32(head, 0x00010000) // version
	head = u32(head, 0x00010000) // font revision
	head = u32(head, 0)          // checksum adjustment, set below
	head = u32(head, 0x5F0F3CF5) // magic
	head = u16(head, 0x000B, unitsPerEm)
	head = append(head, make([]byte, 16)...) // created, modified: none (no clock in outputs)
	head = u16(head, 0, descent, advance, ascent)
	head = u16(head, 0, 8, 2, 1, 0) // mac style, smallest readable size, direction hint, long loca, glyph data format
	tables["head"] = head

	var hhea []byte
	hhea = u32(hhea, 0x00010000)
	hhea = u16(hhea, ascent, descent, 0, advance, 0, 0, advance, 1, 0, 0, 0, 0, 0, 0, 0, glyphs)
	tables["hhea"] = hhea

	var maxp []byte
	maxp = u32(maxp, 0x00010000)
	maxp = u16(maxp, glyphs, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0)
	tables["maxp"] = maxp

	tables["hmtx"] = u16(nil, advance, 0, advance, 0)
	tables["loca"] = slices.Concat(u32(nil, 0), u32(nil, 0), u32(nil, 0))
	tables["glyf"] = nil

	// cmap: one format 4 subtable (Windows, Unicode BMP) with the closing segment only
	var cmap []byte
	cmap = u16(cmap, 0, 1, 3, 1)
	cmap = u32(cmap, 12)
	cmap = u16(cmap, 4, 24, 0, 2, 2, 0, 0, 0xFFFF, 0, 0xFFFF, 1, 0)
	tables["cmap"] = cmap

	tables["post"] = slices.Concat(u32(nil, 0x00030000), make([]byte, 28))

	// name: the family and PostScript name, in Windows Unicode
	name := "GlyphLessFont"
	var str []byte
	for _, r := range name {
		str = u16(str, int(r))
	}
	var nm []byte
	nm = u16(nm, 0, 2, 6+2*12)
	nm = u16(nm, 3, 1, 0x409, 1, len(str), 0) // family
	nm = u16(nm, 3, 1, 0x409, 6, len(str), 0) // PostScript name
	tables["name"] = append(nm, str...)

	tags := []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}
	var out []byte
	out = u32(out, 0x00010000)
	n := len(tags)
	sel := 1
	for sel*2 <= n {
		sel *= 2
	}
	log2 := 0
	for 1<<(log2+1) <= sel {
		log2++
	}
	out = u16(out, n, sel*16, log2, n*16-sel*16)
	offset := 12 + 16*n
	var body []byte
	headAt := 0
	for _, tag := range tags {
		t := tables[tag]
		out = append(out, tag...)
		out = u32(out, checksum(t))
		out = u32(out, uint32(offset+len(body)))
		out = u32(out, uint32(len(t)))
		if tag == "head" {
			headAt = offset + len(body)
		}
		body = append(body, t...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	out = append(out, body...)
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the TrueType table checksum: the sum of its big-endian words.
func checksum(b []byte) uint32 {
	b = bytes.Clone(b)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	var s uint32
	for i := 0; i < len(b); i += 4 {
		s += binary.BigEndian.Uint32(b[i:])
	}
	return s
}
