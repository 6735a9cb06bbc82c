// Package render owns the text formats written for a page: the plain text of
// the corrected and of the raw reading, and ALTO 4 XML with the corrected word
// as CONTENT and the OCR reading as an ALTERNATIVE, for archives to ingest.
package render
