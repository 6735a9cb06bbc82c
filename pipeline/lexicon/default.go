package lexicon

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

// data holds the default lexicon: every data/*.tsv file, built into the binary.
//
//go:embed data
var data embed.FS

// Default returns the default lexicon embedded in the binary: all files
// data/*.tsv, read in name order.
func Default() (*Lexicon, error) {
	names, err := fs.Glob(data, "data/*.tsv")
	if err != nil {
		return nil, fmt.Errorf("lexicon: default: %w", err)
	}
	sort.Strings(names)
	l := New()
	for _, n := range names {
		b, err := data.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("lexicon: default: %w", err)
		}
		if err := l.Read(bytes.NewReader(b), "lexicon/"+n); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// DefaultFiles lists the embedded default lexicon files ("data/persons.tsv"...).
func DefaultFiles() []string {
	names, _ := fs.Glob(data, "data/*.tsv")
	sort.Strings(names)
	for i, n := range names {
		names[i] = path.Base(n)
	}
	return names
}
