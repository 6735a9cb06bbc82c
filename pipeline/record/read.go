package record

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// SummaryFile is the name of the run's summary in the output folder.
const SummaryFile = "summary.json"

// ReadDir reads every page record under the output folder fsys (a file
// <name>.json whose record names it <name>), in input order: the records of
// one run, or of all the shards that wrote into one folder. Other JSON files
// (the summary, review decisions, a user's own) are left alone; a record that
// cannot be read is an error naming it.
func ReadDir(fsys fs.FS) ([]*Page, error) {
	var pages []*Page
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".json") || name == SummaryFile || strings.HasSuffix(name, ".review.json") {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		var p Page
		if !bytes.Contains(data, []byte(`"status"`)) || json.Unmarshal(data, &p) != nil || p.Name+".json" != name {
			if p.Name+".json" == name {
				return fmt.Errorf("page record %s cannot be read", name)
			}
			return nil // not a page record
		}
		if p.Status != StatusOK && p.Status != StatusFailed {
			return fmt.Errorf("page record %s: unknown status %q", name, p.Status)
		}
		pages = append(pages, &p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	SortPages(pages)
	return pages, nil
}

// SortPages puts page records in input order: by input file, then page.
func SortPages(pages []*Page) {
	slices.SortFunc(pages, func(a, b *Page) int {
		return cmp.Or(strings.Compare(a.Input, b.Input), cmp.Compare(a.PageNo, b.PageNo), strings.Compare(a.Name, b.Name))
	})
}

// ErrNoRecords is returned when a folder holds no page record.
var ErrNoRecords = errors.New("no page records (<name>.json) found: is this a spravka output folder?")

// Summarize counts page records into a summary; tool describes how they
// were read.
func Summarize(tool Tool, pages []*Page) *Summary {
	s := &Summary{Tool: tool, Failed: []Failure{}, Records: pages}
	for _, p := range pages {
		s.Add(p)
	}
	slices.SortFunc(s.Failed, func(a, b Failure) int { return strings.Compare(a.Name, b.Name) })
	return s
}
