// Package record owns what spravka writes down about its work: the page record
// (<rel>.json: the input, how it was read, its status, every correction, and its
// accuracy against a manual transcription) and the run summary (summary.json).
// Page records hold no clocks and no absolute paths, so a rerun writes the same
// bytes; timings live only in the summary, under "timing".
package record
