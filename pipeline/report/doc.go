// Package report owns the run's HTML report (index.html): the run's totals and
// one row per page with its status, reading confidence, corrections, accuracy
// against a manual transcription, and links to the page's files.
package report
