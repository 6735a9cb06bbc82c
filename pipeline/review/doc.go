// Package review owns the archivist's review of an output folder: the
// decisions on every correction and word (accept, reject, edit), kept per
// page in <name>.review.json with the reviewed text (<name>.final.txt,
// <name>.final.alto.xml), tied to the reading they were made on; the
// concordance of one reading across the batch, to decide every occurrence at
// once; the lexicon learned from the decisions; and the local web server
// (spravka review) that shows the report's page views with all of it.
//
// The server listens on a loopback address unless asked otherwise, serves
// only the files of the folder, refuses requests for other host names (DNS
// rebinding), asks every change for the token its pages carry, and sends a
// Content-Security-Policy that lets pages run only its own script.
package review
