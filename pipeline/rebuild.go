package pipeline

import (
	"fmt"
	"os"

	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/report"
)

// Report rebuilds the report of the output folder output from its page
// records, every shard's (report.Rebuild), as a run would: holding the
// folder's lock, so that no run or shard writes it meanwhile, and writing
// only files spravka owns (a *ClashError names any other in the way).
func Report(output string) (*record.Summary, error) {
	h, err := holdFolder(output)
	if err != nil {
		return nil, err
	}
	defer h.release()
	out, owned := h.out, h.owned
	// (a record written since was written by a run, which claimed the page's view)
	names := append([]string{}, runFiles...)
	for _, p := range h.recs {
		if err := adopt(out, owned, p.Name+extJSON); err != nil {
			return nil, err
		}
		names = append(names, p.Name+report.ExtView)
	}
	if err := checkNames(out, owned, names); err != nil {
		return nil, err
	}
	if err := owned.Claim(names...); err != nil {
		return nil, err
	}
	return report.Rebuild(out)
}

// heldFolder is an output folder as a step after the run holds it: its page
// records, the folder's lock (as a run holds it, so that no run or shard
// writes meanwhile) and its ownership list.
type heldFolder struct {
	out   outdir.Dir
	recs  []*record.Page
	lock  *outdir.Lock
	owned *outdir.Owned
}

// holdFolder reads the page records of the output folder output and takes
// its lock and ownership list. A folder without records is not an output
// folder: it is left untouched (record.ErrNoRecords).
func holdFolder(output string) (*heldFolder, error) {
	out := outdir.Dir{Root: output}
	recs, err := record.ReadDir(os.DirFS(output))
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: %w", output, record.ErrNoRecords)
	}
	lock, err := out.Lock("")
	if err != nil {
		return nil, err
	}
	owned, err := out.Owned("")
	if err != nil {
		lock.Release()
		return nil, err
	}
	return &heldFolder{out: out, recs: recs, lock: lock, owned: owned}, nil
}

// release closes the ownership list and releases the lock.
func (h *heldFolder) release() {
	h.owned.Close()
	h.lock.Release()
}
