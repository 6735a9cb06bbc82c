// Package outdir owns the output folder: every file goes through one atomic
// writer (a temporary file in the same folder, synced, renamed, the folder
// synced), so a reader never sees a half-written file and an interrupted run
// leaves every earlier output intact; one run (or one shard) at a time holds
// the folder's lock; and the list of files spravka wrote tells its outputs
// from files it must never overwrite or delete.
package outdir
