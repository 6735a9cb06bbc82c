// Package outdir owns writing into the output folder: every file goes through
// one atomic writer (a temporary file in the same folder, synced, then renamed),
// so a reader never sees a half-written file and an interrupted run leaves
// every earlier output intact.
package outdir
