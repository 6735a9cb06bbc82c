package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/report"
	"github.com/spravka/spravka/pipeline/scan"
)

// ClashError says that files which spravka did not write lie where this run
// would write its outputs; the run writes nothing.
type ClashError struct {
	Folder  string
	Clashes []outdir.Clash
}

func (e *ClashError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "output folder %s holds %d file(s) spravka did not write where this run would write its outputs; nothing was written:", e.Folder, len(e.Clashes))
	const show = 20
	for i, c := range e.Clashes {
		if i == show {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Clashes)-show)
			break
		}
		fmt.Fprintf(&b, "\n  %s", c.Name)
		if c.Kind != "file" {
			fmt.Fprintf(&b, " (a %s)", c.Kind)
		}
	}
	b.WriteString("\nmove them away, or choose another output folder (-o)")
	return b.String()
}

// planned is one page a run will read: its file and page number, and the
// names of every file it writes, its record last. A page whose names another
// page of the input has already taken (a.p1.png beside the two-page a.tif,
// a.ocr.png beside a.png) has an error instead, and writes nothing.
type planned struct {
	src      scan.Source
	k        int
	name     string
	files    []string
	conflict error
	// pdf is the searchable PDF of the page's input PDF (see pdfName), "" for none
	pdf string
}

// plan lists the pages of srcs in input order with the files each writes.
// Names are checked against every page of the input, not only the shard's,
// so that shards writing one folder never share a name.
func (r *runner) plan(srcs []scan.Source) []planned {
	var pages []planned
	taken := map[string]string{} // output name → page writing it
	inputs := map[string]bool{}  // the input files, when the output folder may hold them
	for _, s := range srcs {
		if abs, err := filepath.Abs(s.Path); err == nil {
			inputs[abs] = true
		}
	}
	for _, s := range srcs {
		pdf := r.pdfName(s)
		if other, ok := taken[pdf]; ok && pdf != "" {
			r.cfg.Log.Warn("searchable PDF not written: its name is also an output of another page", "file", pdf, "page", other)
			pdf = ""
		}
		if abs, err := filepath.Abs(r.out.Path(pdf)); pdf != "" && err == nil && inputs[abs] {
			r.cfg.Log.Warn("searchable PDF not written: its name is an input file's", "file", pdf, "input", s.Rel)
			pdf = ""
		}
		if pdf != "" {
			taken[pdf] = s.Rel
		}
		for k := 1; k <= s.Pages; k++ {
			p := planned{src: s, k: k, name: s.Name(k), files: r.pageFiles(s.Name(k)), pdf: pdf}
			for _, n := range p.files {
				if other, ok := taken[n]; ok {
					p.conflict = fmt.Errorf("its output %s is also the output of page %s: rename one of the two files", n, other)
					p.files = nil
					break
				}
			}
			for _, n := range p.files {
				taken[n] = p.name
			}
			pages = append(pages, p)
		}
	}
	return pages
}

// pages returns the run's pages (the shard's) with the files each writes,
// once it has made sure that the input holds pages and that writing them
// overwrites nothing spravka did not write. It names the batch's pages for
// the report (r.names).
func (r *runner) pages(found scan.Found) ([]planned, error) {
	log := r.cfg.Log
	for _, n := range found.NotRead {
		log.Warn("file not read", "file", n.File, "reason", n.Reason)
	}
	all := r.plan(found.Sources)
	if len(all) == 0 {
		return nil, noPagesError(r.cfg.Input, found.NotRead)
	}
	var old map[string]*record.PDF
	if r.cfg.Resume {
		old = previousPDFs(r.out)
	}
	var mine []planned
	for _, p := range all {
		if p.conflict == nil {
			r.names = append(r.names, p.name)
		}
		if r.cfg.Shard.Has(p.name) {
			mine = append(mine, p)
		}
		// a shard may not hold every page of a PDF: spravka pdf writes the
		// searchable PDFs of a sharded run
		if p.pdf != "" && r.cfg.Shard.N <= 1 && r.pdfs[p.src.Path] == nil {
			r.pdfs[p.src.Path] = &searchable{src: p.src, name: p.pdf, recs: map[int]*record.Page{}, old: old[p.pdf]}
		}
	}
	log.Info("found pages", "files", len(found.Sources), "pages", len(all), "not_read", len(found.NotRead), "input", r.cfg.Input)
	if r.cfg.Shard.N > 1 {
		log.Info("shard", "shard", r.cfg.Shard.String(), "pages", len(mine))
	}
	return mine, r.checkOwnership(mine)
}

// pageFiles returns the names of every file written for page name, its
// view and its record last.
func (r *runner) pageFiles(name string) []string {
	var names []string
	for _, o := range r.outputs(nil) {
		names = append(names, name+o.ext)
	}
	return append(names, name+report.ExtView, name+extJSON)
}

// checkOwnership makes sure this run overwrites nothing spravka did not
// write. Output folders written before spravka kept its list are taken as
// they are: a page record naming its page, the files it lists, and a
// summary.json of spravka with its index.html are spravka's.
func (r *runner) checkOwnership(pages []planned) error {
	var names []string
	for _, sp := range r.pdfs {
		names = append(names, sp.name)
	}
	for _, p := range pages {
		if len(p.files) == 0 {
			continue
		}
		names = append(names, p.files...)
		if err := adopt(r.out, r.owned, p.files[len(p.files)-1]); err != nil {
			return err
		}
	}
	if r.cfg.Shard.N <= 1 {
		names = append(names, runFiles...)
	}
	return checkNames(r.out, r.owned, names)
}

// adopt takes as spravka's a page record written before spravka kept its
// list (one that names its page), and the files it lists.
func adopt(out outdir.Dir, owned *outdir.Owned, rec string) error {
	if owned.Has(rec) || !out.Exists(rec) {
		return nil
	}
	b, err := out.Read(rec)
	var old record.Page
	if err != nil || json.Unmarshal(b, &old) != nil || old.Input == "" || old.Name+extJSON != rec {
		return nil
	}
	claim := []string{rec}
	for _, o := range old.Outputs {
		if out.Exists(o) {
			claim = append(claim, o)
		}
	}
	return owned.Claim(claim...)
}

// checkNames returns a *ClashError when any of names exists and is not
// spravka's. A summary.json of spravka written before spravka kept its list
// makes the run's files spravka's.
func checkNames(out outdir.Dir, owned *outdir.Owned, names []string) error {
	if !owned.Has(fileSum) && out.Exists(fileSum) {
		b, _ := out.Read(fileSum)
		var sum record.Summary
		if json.Unmarshal(b, &sum) == nil && sum.Tool.Spravka != "" {
			if err := owned.Claim(runFiles...); err != nil {
				return err
			}
		}
	}
	if c := owned.Check(out, names); len(c) > 0 {
		return &ClashError{Folder: out.Root, Clashes: c}
	}
	return nil
}

// ownedInput returns the test Inventory uses to pass over spravka's own
// outputs when the output folder is the input folder or holds it.
func (r *runner) ownedInput() func(path string) bool {
	out, err := filepath.Abs(r.cfg.Output)
	if err != nil {
		return nil
	}
	return func(path string) bool {
		abs, err := filepath.Abs(path)
		if err != nil {
			return false
		}
		rel, err := filepath.Rel(out, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return false
		}
		return r.owned.Has(filepath.ToSlash(rel))
	}
}

// errNoPages is returned when the input holds nothing to read.
var errNoPages = errors.New("no page images")

// noPagesError says that an input folder holds no image spravka reads,
// listing what it holds instead.
func noPagesError(input string, notRead []scan.NotRead) error {
	if len(notRead) == 0 {
		return fmt.Errorf("input folder %s: %w (TIFF, PNG, JPEG or PDF) in it or its subfolders", input, errNoPages)
	}
	var b strings.Builder
	for i, n := range notRead {
		if i == 10 {
			fmt.Fprintf(&b, "\n  … and %d more", len(notRead)-10)
			break
		}
		fmt.Fprintf(&b, "\n  %s: %s", n.File, n.Reason)
	}
	return fmt.Errorf("input folder %s: %w (TIFF, PNG, JPEG or PDF); %d file(s) not read:%s", input, errNoPages, len(notRead), b.String())
}
