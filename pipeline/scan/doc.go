// Package scan owns the input side of a run: finding the page images and
// PDFs under an input folder (TIFF, including multi-page TIFF, PNG, JPEG, and
// every page of a PDF), and decoding one page into pixels with its resolution
// and EXIF/TIFF orientation applied (a PDF page through package pdf), after
// checking its size so that a hostile or broken file cannot exhaust memory.
package scan
