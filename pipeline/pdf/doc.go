// Package pdf owns spravka's PDF files: reading the pages of a PDF as
// images (through MuPDF's mutool: a page that is one embedded scan at the
// scan's own resolution, pixel for pixel; any other page rendered at a
// resolution asked for) and writing searchable PDFs: the input's pages,
// untouched, with an invisible text layer placed word by word on the word
// boxes (a glyphless font, grafted onto each page by qpdf).
//
// Both tools are run as programs (Debian's mupdf-tools and qpdf); a missing
// one fails the PDF's pages with the package to install, never the run.
package pdf
