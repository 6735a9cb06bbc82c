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
	out := outdir.Dir{Root: output}
	// a folder without records is not an output folder: leave it untouched
	pages, err := record.ReadDir(os.DirFS(output))
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%s: %w", output, record.ErrNoRecords)
	}
	lock, err := out.Lock("")
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	owned, err := out.Owned("")
	if err != nil {
		return nil, err
	}
	defer owned.Close()
	// (a record written since was written by a run, which claimed the page's view)
	names := append([]string{}, runFiles...)
	for _, p := range pages {
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
