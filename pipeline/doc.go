// Package pipeline owns a run over a folder of scans: it discovers the pages,
// sends each through the stages (decode and preprocess → OCR → correct →
// write) with a fixed number of workers, each OCR worker owning one engine,
// and collects the page records into the run's summary and report. All of
// spravka's concurrency lives here; the stages below are plain functions over
// plain data. A page that fails is recorded as failed and the run goes on.
package pipeline
