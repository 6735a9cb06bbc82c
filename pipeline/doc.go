// Package pipeline owns a run over a folder of scans: it discovers the pages,
// sends each through the stages (decode and preprocess → OCR → correct →
// write) in staged workers, one recogniser per engine fed by a few helpers,
// with the pages holding images bounded by -j (see schedule), and collects
// the page records into the run's summary and report. All of spravka's
// concurrency lives here; the stages below are plain functions over plain
// data, and the policy of each is its own package's (combine for mode best,
// truth for transcriptions, record for what a record says). A page that
// fails is recorded as failed and the run goes on.
package pipeline
