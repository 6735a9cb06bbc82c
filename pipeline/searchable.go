package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/pdf"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/review"
	"github.com/spravka/spravka/pipeline/scan"
)

// extPDF names the searchable copy of an input PDF: <rel>.pdf, one file for
// all the pages of the input.
const extPDF = ".pdf"

// pdfName returns the name of the searchable PDF of s, "" when s is not a
// PDF or when that name is s itself (the output folder is the input folder:
// the copy would replace its original).
func (r *runner) pdfName(s scan.Source) string {
	if !s.PDF {
		return ""
	}
	name := s.Rel + extPDF
	a, err1 := os.Stat(r.out.Path(name))
	b, err2 := os.Stat(s.Path)
	if err1 == nil && err2 == nil && os.SameFile(a, b) {
		return ""
	}
	return name
}

// searchable is an input PDF whose searchable copy the run writes once all
// its pages are done: their records are gathered here as they come.
type searchable struct {
	src  scan.Source
	name string
	recs map[int]*record.Page
}

// pageDone gathers the record of a finished page and, when it is the last of
// its PDF's pages, writes the searchable PDF (a run of the whole input only:
// a shard may not hold every page of a PDF, so `spravka pdf` writes the PDFs
// of a sharded run once all shards are done).
func (r *runner) pageDone(j *job, sum *record.Summary) {
	sp := r.pdfs[j.src.Path]
	if sp == nil {
		return
	}
	sp.recs[j.k] = j.rec
	if len(sp.recs) < sp.src.Pages {
		return
	}
	delete(r.pdfs, j.src.Path)
	p := writePDF(r.out, r.owned, sp.src.Path, sp.name, sp.src.Pages, sp.recs)
	if p == nil {
		return
	}
	p.Input = j.rec.Input
	if p.Error != "" {
		r.cfg.Log.Error("searchable PDF not written", "file", p.File, "error", p.Error)
	} else {
		r.cfg.Log.Info("searchable PDF written", "file", p.File, "pages", p.Pages, "with_text", p.Text, "reviewed", p.Reviewed)
	}
	sum.PDFs = append(sum.PDFs, *p)
}

// writePDF writes name, the searchable copy of the PDF at input, with the
// text of its pages' records recs (by page number): the reviewed text of a
// page the archivist decided on, the corrected text of the others; a page
// that failed keeps no text. It returns nil when no page was read (there is
// nothing to add to the input), and the error in the result when the copy
// could not be written.
func writePDF(out outdir.Dir, owned *outdir.Owned, input, name string, pages int, recs map[int]*record.Page) *record.PDF {
	res := &record.PDF{File: name, Pages: pages}
	var layers []pdf.Layer
	ok := false
	for k := 1; k <= pages; k++ {
		rec := recs[k]
		if rec == nil || rec.Status != record.StatusOK || rec.Image == nil {
			continue
		}
		ok = true
		text, reviewed, err := pageText(out, rec)
		if err != nil {
			res.Error = err.Error()
			return res
		}
		if text.Words() > 0 {
			res.Text++
			if reviewed {
				res.Reviewed++
			}
		}
		layers = append(layers, pdf.Layer{Page: k, Text: text, W: rec.Image.Width, H: rec.Image.Height})
	}
	if !ok {
		return nil
	}
	err := owned.Claim(name)
	if err == nil {
		err = out.WriteFunc(name, func(w io.Writer) error { return pdf.Searchable(input, layers, w) })
	}
	if err != nil {
		res.Error = err.Error()
	}
	return res
}

// pageText returns the text of page rec as its searchable PDF holds it, with
// the words' boxes: the reading of its hOCR with the run's applied
// corrections and, when the archivist decided on this reading, every
// decision (the text of <name>.final.txt); reviewed says which.
func pageText(out outdir.Dir, rec *record.Page) (p *page.Page, reviewed bool, err error) {
	h, err := out.Read(rec.Name + extHOCR)
	if err != nil {
		return nil, false, fmt.Errorf("page %s: %w", rec.Name, err)
	}
	raw, err := ocr.ParseHOCR(strings.NewReader(string(h)))
	if err != nil {
		return nil, false, fmt.Errorf("page %s: %w", rec.Name, err)
	}
	var cs []page.Correction
	if rec.Correction != nil {
		cs = rec.Correction.Corrections
	}
	var ds []review.Decision
	switch b, err := out.Read(rec.Name + review.ExtReview); {
	case err == nil:
		var f review.File
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, false, fmt.Errorf("review file %s%s cannot be read: %v", rec.Name, review.ExtReview, err)
		}
		ds = f.Fitting(raw, string(h))
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, err
	}
	p, err = review.Final(raw, cs, ds)
	if err != nil {
		return nil, false, fmt.Errorf("page %s: %w", rec.Name, err)
	}
	return p, len(ds) > 0, nil
}

// PDFs writes again the searchable copy of every input PDF that the page
// records of the output folder output describe, from the PDFs under the
// input folder input and the records: with the reviewed text of every page
// the archivist decided on (<name>.final.txt), and the corrected text of the
// others. It is the step after a sharded run (whose shards write no PDF)
// and after a review. It holds the folder's lock as a run does, refuses an
// input that changed since it was read (its SHA-256 is in the records) and
// writes only files spravka owns (a *ClashError names any other in the way).
// A copy that cannot be written is reported in the result, not returned.
func PDFs(input, output string) ([]record.PDF, error) {
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
	defer lock.Release()
	owned, err := out.Owned("")
	if err != nil {
		return nil, err
	}
	defer owned.Close()

	type source struct {
		input, name string
		pages       int
		recs        map[int]*record.Page
		pdf         bool
	}
	var order []string
	byInput := map[string]*source{}
	for _, rec := range recs {
		s := byInput[rec.Input]
		if s == nil {
			stem := rec.Name
			if rec.Pages > 1 {
				stem = strings.TrimSuffix(stem, fmt.Sprintf(".p%d", rec.PageNo))
			}
			s = &source{input: rec.Input, name: stem + extPDF, pages: rec.Pages, recs: map[int]*record.Page{}}
			byInput[rec.Input] = s
			order = append(order, rec.Input)
		}
		s.recs[rec.PageNo] = rec
		if rec.Image != nil && rec.Image.Format == "pdf" {
			s.pdf = true
		}
	}
	var names []string
	for _, in := range order {
		if s := byInput[in]; s.pdf {
			names = append(names, s.name)
		}
	}
	if err := checkNames(out, owned, names); err != nil {
		return nil, err
	}
	var res []record.PDF
	for _, in := range order {
		s := byInput[in]
		if !s.pdf {
			continue
		}
		path := filepath.Join(input, filepath.FromSlash(s.input))
		if why := sameInput(path, out.Path(s.name), s.recs); why != "" {
			res = append(res, record.PDF{File: s.name, Input: s.input, Pages: s.pages, Error: why})
			continue
		}
		if p := writePDF(out, owned, path, s.name, s.pages, s.recs); p != nil {
			p.Input = s.input
			res = append(res, *p)
		}
	}
	return res, nil
}

// sameInput says why the PDF at path is not the input the records recs were
// read from ("" when it is): missing, changed since, or the very file the
// copy would be written to.
func sameInput(path, copyPath string, recs map[int]*record.Page) string {
	a, err := os.Stat(path)
	if err != nil {
		return fmt.Sprintf("its input %s cannot be read: %v (give the input folder the run read with --input)", path, unwrapPath(err))
	}
	if b, err := os.Stat(copyPath); err == nil && os.SameFile(a, b) {
		return "the copy would replace its input: the output folder is the input folder"
	}
	sum, err := scan.FileSHA256(path)
	if err != nil {
		return err.Error()
	}
	for _, r := range recs {
		if r.Image != nil && r.Image.SHA256 != sum {
			return fmt.Sprintf("its input %s changed since page %s was read: run spravka again (--resume reads only what changed)", path, r.Name)
		}
	}
	return ""
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
