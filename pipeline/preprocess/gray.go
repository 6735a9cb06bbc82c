package preprocess

import (
	"image"
	"image/color"
)

// toGray converts any decoded image to 8-bit gray with its origin at (0,0).
// Colour is reduced to luma (ITU-R 601 weights, as image/color does), 16-bit
// samples are rounded to 8 bits, and transparent pixels are composited on
// white, so an alpha-only drawing on a transparent sheet reads as ink on paper.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dst := image.NewGray(image.Rect(0, 0, w, h))
	switch src := img.(type) {
	case *image.Gray:
		for y := 0; y < h; y++ {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+w], src.Pix[i:i+w])
		}
	case *image.Gray16:
		for y := 0; y < h; y++ {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			row := dst.Pix[y*dst.Stride : y*dst.Stride+w]
			for x := range row {
				v := uint32(src.Pix[i+2*x])<<8 | uint32(src.Pix[i+2*x+1])
				row[x] = to8(v)
			}
		}
	case *image.YCbCr:
		// Y is the luma already: JPEG's gray.
		for y := 0; y < h; y++ {
			i := src.YOffset(b.Min.X, b.Min.Y+y)
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+w], src.Y[i:i+w])
		}
	case *image.RGBA:
		for y := 0; y < h; y++ {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			row := dst.Pix[y*dst.Stride : y*dst.Stride+w]
			for x := range row {
				p := src.Pix[i+4*x : i+4*x+4 : i+4*x+4]
				// Premultiplied: compositing on white adds (1-alpha) of white.
				bg := 0xffff - uint32(p[3])*0x101
				row[x] = luma(uint32(p[0])*0x101+bg, uint32(p[1])*0x101+bg, uint32(p[2])*0x101+bg)
			}
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			row := dst.Pix[y*dst.Stride : y*dst.Stride+w]
			for x := range row {
				p := src.Pix[i+4*x : i+4*x+4 : i+4*x+4]
				a := uint32(p[3]) * 0x101
				row[x] = luma(over(uint32(p[0])*0x101, a), over(uint32(p[1])*0x101, a), over(uint32(p[2])*0x101, a))
			}
		}
	case *image.Paletted:
		// One gray level per palette entry, then a table look-up per pixel.
		var lut [256]uint8
		for k, c := range src.Palette {
			if k < len(lut) {
				lut[k] = grayOf(c)
			}
		}
		for y := 0; y < h; y++ {
			i := src.PixOffset(b.Min.X, b.Min.Y+y)
			row := dst.Pix[y*dst.Stride : y*dst.Stride+w]
			for x := range row {
				row[x] = lut[src.Pix[i+x]]
			}
		}
	default:
		// Gray16 aside, every other model (RGBA64, NRGBA64, CMYK, NYCbCrA,
		// Alpha, ...) goes through color.Color: slower but exact.
		for y := 0; y < h; y++ {
			row := dst.Pix[y*dst.Stride : y*dst.Stride+w]
			for x := range row {
				row[x] = grayOf(src.At(b.Min.X+x, b.Min.Y+y))
			}
		}
	}
	return dst
}

// grayView returns img's pixels as 8-bit gray with its origin at (0, 0):
// for a gray page and for JPEG's luma, the image's own pixels, not to be
// changed; for any other, toGray's copy.
func grayView(img image.Image) *image.Gray {
	b := img.Bounds()
	switch src := img.(type) {
	case *image.Gray:
		return &image.Gray{Pix: src.Pix[src.PixOffset(b.Min.X, b.Min.Y):], Stride: src.Stride, Rect: image.Rect(0, 0, b.Dx(), b.Dy())}
	case *image.YCbCr:
		return &image.Gray{Pix: src.Y[src.YOffset(b.Min.X, b.Min.Y):], Stride: src.YStride, Rect: image.Rect(0, 0, b.Dx(), b.Dy())}
	}
	return toGray(img)
}

// grayOf composites c on white and returns its 8-bit luma.
func grayOf(c color.Color) uint8 {
	r, g, b, a := c.RGBA() // premultiplied, 16 bits
	bg := 0xffff - a
	return luma(r+bg, g+bg, b+bg)
}

// over composites a non-premultiplied 16-bit sample with alpha a on white.
func over(v, a uint32) uint32 { return (v*a + 0xffff*(0xffff-a) + 0x7fff) / 0xffff }

// luma returns the 8-bit luma of 16-bit linear-coded R, G, B, with the same
// weights as color.GrayModel but rounded rather than truncated.
func luma(r, g, b uint32) uint8 {
	y := (19595*r + 38470*g + 7471*b + 1<<15) >> 16
	return to8(y)
}

// to8 rounds a 16-bit sample to 8 bits.
func to8(v uint32) uint8 {
	if v > 0xffff {
		v = 0xffff
	}
	return uint8((v*255 + 0x7fff) / 0xffff)
}
