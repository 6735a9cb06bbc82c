package diff

import (
	"cmp"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/plaintext"
)

// Options says how to compare.
type Options struct {
	Normalize accuracy.Normalize
	// Raw names the raw OCR of the texts: a file in file mode, a folder in
	// folder mode. When empty, a text's raw OCR is the .ocr.txt beside it, if any.
	Raw string
}

// UsageError is a comparison asked for wrongly (a file against a folder): the
// command's usage, not its input, is at fault.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }

// File is one transcription compared with one text.
type File struct {
	// Name is the page: <rel> in folder mode, the text's file name in file mode.
	Name string
	// Truth, OCR and Raw are the files compared (Raw empty when unknown).
	Truth, OCR, Raw string
	// Ref and Hyp are the texts of Truth and OCR (a UTF-8 byte-order mark
	// removed); the spans of the alignment are byte offsets into them.
	Ref, Hyp string
	accuracy.Comparison
	// RawChars and RawWords are the raw OCR's error rates, Changes the words
	// its correction into OCR fixed and broke; nil without a raw OCR.
	RawChars, RawWords *accuracy.Rate
	Changes            *accuracy.Changes
	// Err is why the pair could not be compared (a file unreadable or not text).
	Err error
}

// Result is a comparison of a file or of a folder.
type Result struct {
	Truth, OCR string // as given
	Folder     bool
	Normalize  accuracy.Normalize
	// Files are the pairs compared, the worst CER first, then those that
	// failed (Err set) by name.
	Files []File
	// TruthOnly and OCROnly are the pages found in only one of the folders.
	TruthOnly, OCROnly []string
}

// Failed counts the pairs that could not be compared.
func (r *Result) Failed() int {
	n := 0
	for _, f := range r.Files {
		if f.Err != nil {
			n++
		}
	}
	return n
}

// Totals sums the pairs compared: errors over lengths, and the changes of
// those with a raw OCR.
type Totals struct {
	Files              int
	Chars, Words       accuracy.Alignment // counts only, no runs
	RawFiles           int
	RawChars, RawWords accuracy.Rate
	Changes            accuracy.Changes
}

// Totals sums the result.
func (r *Result) Totals() Totals {
	var t Totals
	add := func(s *accuracy.Alignment, a accuracy.Alignment) {
		s.Rate = s.Rate.Add(a.Rate)
		s.Substitutions += a.Substitutions
		s.Deletions += a.Deletions
		s.Insertions += a.Insertions
	}
	for _, f := range r.Files {
		if f.Err != nil {
			continue
		}
		t.Files++
		add(&t.Chars, f.Chars)
		add(&t.Words, f.Words)
		if f.Changes != nil {
			t.RawFiles++
			t.RawChars = t.RawChars.Add(*f.RawChars)
			t.RawWords = t.RawWords.Add(*f.RawWords)
			t.Changes = t.Changes.Add(*f.Changes)
		}
	}
	return t
}

// Compare compares the transcription truth with the text ocr, two files or
// two folders. It returns an error when truth or ocr cannot be read, and a
// *UsageError when one is a file and the other a folder; a pair that cannot
// be compared is reported in its File.
func Compare(truth, ocr string, opt Options) (*Result, error) {
	ti, err := os.Stat(truth)
	if err != nil {
		return nil, err
	}
	oi, err := os.Stat(ocr)
	if err != nil {
		return nil, err
	}
	r := &Result{Truth: truth, OCR: ocr, Folder: ti.IsDir(), Normalize: opt.Normalize}
	var pairs []pair
	switch {
	case ti.IsDir() != oi.IsDir():
		return nil, &UsageError{fmt.Errorf("compare a file with a file or a folder with a folder: %s is a %s, %s a %s", truth, kind(ti), ocr, kind(oi))}
	case ti.IsDir():
		if pairs, r.TruthOnly, r.OCROnly, err = folderPairs(truth, ocr, opt.Raw); err != nil {
			return nil, err
		}
	default:
		raw := opt.Raw
		if raw != "" {
			if ri, err := os.Stat(raw); err != nil {
				return nil, err
			} else if ri.IsDir() {
				return nil, &UsageError{fmt.Errorf("--ocr %s is a folder: comparing two files, give the raw OCR file", raw)}
			}
		} else {
			raw = beside(ocr)
		}
		pairs = []pair{{filepath.Base(ocr), truth, ocr, raw}}
	}
	for _, p := range pairs {
		r.Files = append(r.Files, compareFile(p, opt.Normalize))
	}
	slices.SortStableFunc(r.Files, func(a, b File) int {
		if (a.Err != nil) != (b.Err != nil) {
			if a.Err != nil {
				return 1
			}
			return -1
		}
		if a.Err == nil {
			if c := cmp.Compare(b.Chars.Value(), a.Chars.Value()); c != 0 {
				return c
			}
		}
		return strings.Compare(a.Name, b.Name)
	})
	return r, nil
}

func kind(fi fs.FileInfo) string {
	if fi.IsDir() {
		return "folder"
	}
	return "file"
}

// pair is a page: its name and the files to compare.
type pair struct{ name, truth, ocr, raw string }

// beside returns the raw OCR spravka writes beside the text path, or "".
func beside(path string) string {
	if !strings.HasSuffix(path, ".txt") || strings.HasSuffix(path, ".ocr.txt") {
		return ""
	}
	raw := strings.TrimSuffix(path, ".txt") + ".ocr.txt"
	if fi, err := os.Stat(raw); err != nil || fi.IsDir() {
		return ""
	}
	return raw
}

// Suffixes of the files that are never pages.
var notPages = []string{".ocr.txt", ".final.txt"}

// folderPairs matches the transcriptions of truth with the texts of ocr (and
// their raw OCR) and lists the pages found in only one of them.
func folderPairs(truth, ocr, raw string) (pairs []pair, truthOnly, ocrOnly []string, err error) {
	if raw != "" {
		if ri, err := os.Stat(raw); err != nil {
			return nil, nil, nil, err
		} else if !ri.IsDir() {
			return nil, nil, nil, &UsageError{fmt.Errorf("--ocr %s is a file: comparing two folders, give the folder of the raw OCR", raw)}
		}
	}
	refs, err := pages(truth, func(name string) (string, int) {
		if rel, ok := strings.CutSuffix(name, ".gt.txt"); ok {
			return rel, 2
		}
		return strings.TrimSuffix(name, ".txt"), 1
	})
	if err != nil {
		return nil, nil, nil, err
	}
	texts, err := pages(ocr, func(name string) (string, int) {
		if strings.HasSuffix(name, ".gt.txt") {
			return "", 0
		}
		return strings.TrimSuffix(name, ".txt"), 1
	})
	if err != nil {
		return nil, nil, nil, err
	}
	for _, rel := range slices.Sorted(maps.Keys(refs)) {
		text, ok := texts[rel]
		if !ok {
			truthOnly = append(truthOnly, refs[rel])
			continue
		}
		p := pair{name: rel, truth: filepath.Join(truth, refs[rel]), ocr: filepath.Join(ocr, text)}
		if raw == "" {
			p.raw = beside(p.ocr)
		} else {
			for _, name := range []string{rel + ".ocr.txt", rel + ".txt"} {
				path := filepath.Join(raw, filepath.FromSlash(name))
				if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
					p.raw = path
					break
				}
			}
		}
		pairs = append(pairs, p)
	}
	for _, rel := range slices.Sorted(maps.Keys(texts)) {
		if _, ok := refs[rel]; !ok {
			ocrOnly = append(ocrOnly, texts[rel])
		}
	}
	return pairs, truthOnly, ocrOnly, nil
}

// pages walks root for .txt files that are pages and returns each page's
// file (slash-separated, relative to root) by its <rel>. page says what a
// file name (relative to root) stands for and with which priority (0: not a
// page); the file of the highest priority wins.
func pages(root string, page func(name string) (rel string, prio int)) (map[string]string, error) {
	found := map[string]string{}
	prios := map[string]int{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".txt") || hasAnySuffix(d.Name(), notPages) {
			return nil
		}
		name, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		name = filepath.ToSlash(name)
		rel, prio := page(name)
		if prio > prios[rel] {
			found[rel], prios[rel] = name, prio
		}
		return nil
	})
	return found, err
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, suf := range suffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// compareFile reads and compares one pair.
func compareFile(p pair, n accuracy.Normalize) File {
	f := File{Name: p.name, Truth: p.truth, OCR: p.ocr, Raw: p.raw}
	if f.Ref, f.Err = readText(p.truth); f.Err != nil {
		return f
	}
	if f.Hyp, f.Err = readText(p.ocr); f.Err != nil {
		return f
	}
	f.Comparison = accuracy.Compare(f.Ref, f.Hyp, n)
	if p.raw == "" {
		return f
	}
	raw, err := readText(p.raw)
	if err != nil {
		f.Err = err
		return f
	}
	c := accuracy.Compare(f.Ref, raw, n)
	ch := accuracy.WordChangesWith(raw, f.Hyp, f.Ref, n)
	f.RawChars, f.RawWords, f.Changes = &c.Chars.Rate, &c.Words.Rate, &ch
	return f
}

// ErrNotText marks a file that is not UTF-8 text.
var ErrNotText = plaintext.ErrNotText

// readText returns the text of the file at path, without a UTF-8 byte-order
// mark, or an error naming the file when it cannot be read or is not UTF-8 text.
func readText(path string) (string, error) { return plaintext.Read(path) }
