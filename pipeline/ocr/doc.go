// Package ocr owns recognition as the pipeline sees it: the Engine a worker
// holds (Tesseract, or a fake in tests), and the reading of an engine's hOCR
// into spravka's page model (blocks, lines, words with boxes and confidences).
package ocr
