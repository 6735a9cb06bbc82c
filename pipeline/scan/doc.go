// Package scan owns the input side of a run: finding the page images under an
// input folder (TIFF, including multi-page TIFF, PNG and JPEG), and decoding
// one page into pixels with its resolution and EXIF/TIFF orientation applied,
// after checking its size so that a hostile or broken file cannot exhaust memory.
package scan
