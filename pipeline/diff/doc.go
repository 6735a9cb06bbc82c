// Package diff owns what `spravka diff` compares and reports: it pairs
// reference transcriptions with texts (two files, or two folders matched by
// relative path and stem), compares each pair with package accuracy, adds
// the words a correction fixed and broke when the raw OCR of a text is
// known, and writes the result as text (a summary and every difference in
// its context) or JSON (the numbers and the whole alignment). The HTML view
// of a result is package report's.
//
// In a folder of transcriptions (TRUTH) a page <rel> is <rel>.gt.txt, or
// <rel>.txt when there is no <rel>.gt.txt; in a folder of texts (OCR) it is
// <rel>.txt. In both, files ending in .ocr.txt (spravka's raw OCR) and
// .final.txt (the reviewed text) are never pages, nor are .gt.txt files in
// OCR. The raw OCR of a text <rel>.txt is <rel>.ocr.txt beside it when that
// file exists, as in spravka's output folder, or the file (or, in folder
// mode, the <rel>.ocr.txt or <rel>.txt of the folder) that Options.Raw names.
package diff
