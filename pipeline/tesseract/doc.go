// Package tesseract is spravka's only bridge to the Tesseract C++ library (through
// github.com/otiai10/gosseract/v2, cgo): one Client per OCR worker, created once,
// used for one page at a time, closed exactly once. It hands Tesseract an image
// spravka has already decoded and validated, with its real DPI, and returns hOCR;
// it stops a recognition when the page's context is done.
package tesseract
