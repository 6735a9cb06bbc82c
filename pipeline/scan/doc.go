// Package scan owns the input side of a run: finding the page images and
// PDFs under an input folder (TIFF, including multi-page TIFF, PNG, JPEG, and
// every page of a PDF), and decoding one page into pixels with its resolution
// and EXIF/TIFF orientation applied (a PDF page through package pdf), after
// checking its size so that a hostile or broken file cannot exhaust memory.
//
// JPEG and PNG are decoded by the standard library. libjpeg-turbo decodes
// a 300-dpi gray JPEG four times as fast, but its IDCT rounds otherwise and
// 1.7 % of the pixels come out one level apart, which would change every
// result measured so far; image/jpeg stays. Stripped 8-bit gray TIFF pages,
// the usual archival master, are decoded by rows with a faster LZW decoder
// (decodeGrayTIFF, lzwDecode: 128 → 54 ms for an LZW page, 64 → 16 ms for a
// Deflate one, BenchmarkDecode), giving exactly x/image/tiff's pixels;
// every other TIFF goes to x/image/tiff. A gray page that its EXIF or TIFF
// orientation turns stays gray.
package scan
