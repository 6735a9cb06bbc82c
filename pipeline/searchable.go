package pipeline

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/pdf"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/review"
	"github.com/spravka/spravka/pipeline/scan"
)

// extPDF names the searchable PDF of an input file: <rel>.pdf, one file for
// all the pages of the input.
const extPDF = ".pdf"

// pdfName returns the name of the searchable PDF of s: for an input PDF
// always, for an image file with --pdf; "" for none, or when that name is s
// itself (the output folder is the input folder: the copy would replace
// its original).
func (r *runner) pdfName(s scan.Source) string {
	if !s.PDF && !r.cfg.PDF {
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

// searchable is an input file whose searchable PDF the run writes once all
// its pages are done: their records are gathered here as they come.
type searchable struct {
	src  scan.Source
	name string
	recs map[int]*record.Page
	// old is what the run before said of the same PDF (--resume)
	old *record.PDF
}

// pageDone gathers the record of a finished page and, when it is the last of
// its file's pages, writes the searchable PDF (a run of the whole input only:
// a shard may not hold every page of a file, so `spravka pdf` writes the PDFs
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
	p := writePDF(r.out, r.owned, pdfSource{path: sp.src.Path, rel: j.rec.Input, name: sp.name, pages: sp.src.Pages,
		recs: sp.recs, isPDF: sp.src.PDF, old: sp.old}, pdfSettings{version: r.cfg.Version, scan: r.cfg.Scan})
	if p == nil {
		return
	}
	switch {
	case p.Error != "":
		r.cfg.Log.Error("searchable PDF not written", "file", p.File, "error", p.Error)
	case p == sp.old:
		r.cfg.Log.Info("searchable PDF up to date", "file", p.File)
	default:
		attrs := []any{"file", p.File, "pages", p.Pages, "with_text", p.Text, "reviewed", p.Reviewed, "pdfa", p.PDFA != ""}
		if p.NotPDFA != "" {
			attrs = append(attrs, "not_pdfa", p.NotPDFA)
		}
		r.cfg.Log.Info("searchable PDF written", attrs...)
	}
	sum.PDFs = append(sum.PDFs, *p)
}

// previousPDFs returns what the summary of the run before says of its
// searchable PDFs, by file (nil when there is none to read).
func previousPDFs(out outdir.Dir) map[string]*record.PDF {
	b, err := out.Read(fileSum)
	if err != nil {
		return nil
	}
	var sum record.Summary
	if json.Unmarshal(b, &sum) != nil {
		return nil
	}
	m := map[string]*record.PDF{}
	for i := range sum.PDFs {
		m[sum.PDFs[i].File] = &sum.PDFs[i]
	}
	return m
}

// pdfSource is an input file whose searchable PDF is written: its path and
// its name under the input folder, the PDF's name, its pages' records by
// page number, whether it is a PDF (else an image file), and what an earlier
// run said of the same PDF (nil: nothing).
type pdfSource struct {
	path, rel, name string
	pages           int
	recs            map[int]*record.Page
	isPDF           bool
	old             *record.PDF
}

// pdfSettings are what every searchable PDF is written with.
type pdfSettings struct {
	version string
	scan    scan.Options
}

// defaultPageDPI is the size a page image is given in its PDF when neither
// its file nor --dpi says its resolution.
const defaultPageDPI = 300

// writePDF writes the searchable PDF of s: for an input PDF, the input with
// an invisible text layer; for an image file, one page per image, its data
// kept as it is where PDF reads it. The text is the reviewed text of a page
// the archivist decided on, the corrected text of the others; a page that
// failed keeps no text. The file is PDF/A-2b when its input allows, a plain
// PDF otherwise (the result says why). It returns nil when no page was read
// (there is nothing to add to the input), s.old itself when that is up to
// date (made from the same input, text and version, and still there), and
// the error in the result when the PDF could not be written.
func writePDF(out outdir.Dir, owned *outdir.Owned, s pdfSource, set pdfSettings) *record.PDF {
	res := &record.PDF{File: s.name, Input: s.rel, Pages: s.pages}
	var layers []pdf.Layer
	dpi := map[int]float64{}
	sha := ""
	for k := 1; k <= s.pages; k++ {
		rec := s.recs[k]
		if rec != nil && rec.Image != nil && rec.Image.DPI > 0 {
			dpi[k] = rec.Image.DPI
		}
		if rec == nil || rec.Status != record.StatusOK || rec.Image == nil {
			continue
		}
		sha = rec.Image.SHA256
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
	if len(layers) == 0 {
		return nil
	}
	res.Key = pdfKey(set.version, sha, s.isPDF, layers, dpi)
	if o := s.old; o != nil && o.Key == res.Key && o.Error == "" && owned.Has(s.name) && out.Exists(s.name) {
		return o
	}
	opt := pdf.Options{PDFA: true, Producer: strings.TrimSpace("spravka " + set.version)}
	err := owned.Claim(s.name)
	if err == nil {
		err = out.WriteFunc(s.name, func(w io.Writer) error {
			var made pdf.Made
			var err error
			if s.isPDF {
				made, err = pdf.Searchable(s.path, layers, opt, w)
			} else {
				made, res.Images, err = imagePDF(s, layers, dpi, set, opt, w)
			}
			res.PDFA, res.NotPDFA = made.PDFA, made.NotPDFA
			return err
		})
	}
	if err != nil {
		res.Error = err.Error()
	}
	return res
}

// imagePDF writes the PDF of the image file s: every page of it, each at its
// resolution (defaultPageDPI when unknown), with the text of layers. It
// returns how the images are kept.
func imagePDF(s pdfSource, layers []pdf.Layer, dpi map[int]float64, set pdfSettings, opt pdf.Options, w io.Writer) (pdf.Made, []string, error) {
	doc, err := pdf.NewImageDoc()
	if err != nil {
		return pdf.Made{}, nil, err
	}
	defer doc.Close()
	text := map[int]*page.Page{}
	for _, l := range layers {
		text[l.Page] = l.Text
	}
	var kinds []string
	for k := 1; k <= s.pages; k++ {
		pic, err := scan.Picture(s.path, k, set.scan)
		if err != nil {
			return pdf.Made{}, nil, fmt.Errorf("page %d: %w", k, err)
		}
		if !slices.Contains(kinds, pic.Kind) {
			kinds = append(kinds, pic.Kind)
		}
		if err := doc.Add(pic, cmp.Or(dpi[k], defaultPageDPI), text[k]); err != nil {
			return pdf.Made{}, nil, fmt.Errorf("page %d: %w", k, err)
		}
	}
	made, err := doc.Write(opt, w)
	return made, kinds, err
}

// pdfKey identifies what a searchable PDF is made from: spravka's version,
// its input (SHA-256), and every page's text, size and resolution.
func pdfKey(version, sha string, isPDF bool, layers []pdf.Layer, dpi map[int]float64) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%v\x00", version, sha, isPDF)
	for _, l := range layers {
		fmt.Fprintf(h, "%d %d %d %g\x00", l.Page, l.W, l.H, dpi[l.Page])
		json.NewEncoder(h).Encode(l.Text)
	}
	return hex.EncodeToString(h.Sum(nil))
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

// PDFOptions say which searchable PDFs PDFs writes: Images adds one per
// image file (as run --pdf does; those the folder holds already are written
// again without it); Version is spravka's, written into them.
type PDFOptions struct {
	Images  bool
	Version string
}

// PDFs writes again the searchable PDF of every input file that the page
// records of the output folder output describe, from the files under the
// input folder input and the records: with the reviewed text of every page
// the archivist decided on (<name>.final.txt), and the corrected text of the
// others. Every input PDF gets one; an image file gets one with opt.Images,
// or when spravka wrote one before. It is the step after a sharded run
// (whose shards write no PDF) and after a review. It holds the folder's
// lock as a run does, refuses an input that changed since it was read (its
// SHA-256 is in the records) and writes only files spravka owns (a
// *ClashError names any other in the way). A PDF that cannot be written is
// reported in the result, not returned.
func PDFs(input, output string, opt PDFOptions) ([]record.PDF, error) {
	h, err := holdFolder(output)
	if err != nil {
		return nil, err
	}
	defer h.release()
	out, recs, owned := h.out, h.recs, h.owned

	var order []string
	byInput := map[string]*pdfSource{}
	for _, rec := range recs {
		s := byInput[rec.Input]
		if s == nil {
			stem := rec.Name
			if rec.Pages > 1 {
				stem = strings.TrimSuffix(stem, fmt.Sprintf(".p%d", rec.PageNo))
			}
			s = &pdfSource{rel: rec.Input, name: stem + extPDF, pages: rec.Pages, recs: map[int]*record.Page{},
				path: filepath.Join(input, filepath.FromSlash(rec.Input))}
			byInput[rec.Input] = s
			order = append(order, rec.Input)
		}
		s.recs[rec.PageNo] = rec
		if rec.Image != nil && rec.Image.Format == "pdf" {
			s.isPDF = true
		}
	}
	var names []string
	var sources []*pdfSource
	for _, in := range order {
		s := byInput[in]
		if s.isPDF || opt.Images || owned.Has(s.name) {
			names = append(names, s.name)
			sources = append(sources, s)
		}
	}
	if err := checkNames(out, owned, names); err != nil {
		return nil, err
	}
	var res []record.PDF
	for _, s := range sources {
		if why := sameInput(s.path, out.Path(s.name), s.recs); why != "" {
			res = append(res, record.PDF{File: s.name, Input: s.rel, Pages: s.pages, Error: why})
			continue
		}
		if p := writePDF(out, owned, *s, pdfSettings{version: opt.Version, scan: scan.DefaultOptions()}); p != nil {
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
