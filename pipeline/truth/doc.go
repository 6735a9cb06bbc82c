// Package truth finds a page's manual transcription, the text its OCR is
// measured against: <name>.gt.txt under a folder of transcriptions, or
// <stem>.gt.txt beside the image.
package truth
