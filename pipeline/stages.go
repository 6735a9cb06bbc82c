package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"maps"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/combine"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/preprocess"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/render"
	"github.com/spravka/spravka/pipeline/report"
	"github.com/spravka/spravka/pipeline/scan"
)

// Output files of a page, after its name.
const (
	extText  = ".txt"
	extOCR   = ".ocr.txt"
	extHOCR  = ".hocr"
	extALTO  = ".alto.xml"
	extPrep  = ".prep.png"
	extJSON  = ".json"
	fileSum  = "summary.json"
	fileHTML = "index.html"
)

// runFiles are the files a run writes besides its pages': the summary, the
// index and the report's shared assets.
var runFiles = func() []string {
	names := []string{fileSum, fileHTML}
	fs.WalkDir(report.AssetFS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, path.Join(report.Assets, name))
		}
		return err
	})
	return names
}()

// prepare decodes the page and preprocesses it (every variant in mode best).
func (r *runner) prepare(j *job) {
	if j.failed() {
		return
	}
	if ref, ok := r.truthFor(j); ok {
		j.truth = &ref
		j.rec.Fingerprint.Truth = record.HashBytes([]byte(ref.text))
	}
	if r.cfg.Resume {
		if j.skip, j.redo = r.upToDate(j); j.skip {
			return
		}
	}
	var img *scan.Page
	j.do(r.cfg.Log, stDecode, func() (err error) {
		opt := r.cfg.Scan
		if r.cfg.DPI > 0 {
			opt.RenderDPI = r.cfg.DPI // a PDF page that is not a scan is drawn at --dpi
		}
		img, err = scan.Decode(j.src.Path, j.k, opt)
		if err != nil {
			return err
		}
		im := &record.Image{Format: img.Format, Width: img.Width, Height: img.Height, SHA256: img.SHA256,
			Orientation: img.Orientation, DPIFile: img.DPI, DPINote: img.DPINote, Note: img.Note}
		switch {
		case r.cfg.DPI > 0:
			im.DPI, im.DPISource = r.cfg.DPI, "override"
		case img.DPI > 0:
			im.DPI, im.DPISource = img.DPI, "file"
		default:
			im.DPISource = "unknown"
		}
		j.rec.Image = im
		return nil
	})
	j.do(r.cfg.Log, stWeb, func() (err error) {
		j.web, err = report.WebImage(img.Image)
		return err
	})
	j.do(r.cfg.Log, stPreprocess, func() (err error) {
		if r.cfg.Preprocess == preprocess.ModeBest {
			j.prep, err = preprocess.Variants(img.Image, j.rec.Image.DPI, r.cfg.Prep)
		} else {
			var res *preprocess.Result
			res, err = preprocess.Run(img.Image, j.rec.Image.DPI, r.cfg.Preprocess, r.cfg.Prep)
			j.prep = []*preprocess.Result{res}
		}
		if err == nil && len(j.prep) == 0 {
			err = errors.New("no preprocessed image")
		}
		return err
	})
}

// CombineBelow is the share of known words under which mode best recognises
// a page's other variants and combines the readings word by word: pages read
// well enough (clean ones score 0.98 and more) cost one recognition.
const CombineBelow = 0.95

// reading is one variant's recognition with every box in the scan's pixels.
type reading struct {
	hocr string
	page *page.Page
}

// read recognises one preprocessed image and maps its boxes to the scan
// (after EXIF orientation), so that ALTO, hOCR and the records lie on the
// original image and readings of different variants can be compared.
func (r *runner) read(ctx context.Context, e ocr.Engine, j *job, res *preprocess.Result) (reading, error) {
	dpi := res.DPI
	if dpi <= 0 {
		dpi = 300
	}
	h, err := e.HOCR(ctx, res.Image, dpi, res.Vars)
	if err != nil {
		return reading{}, err
	}
	p, err := ocr.ParseHOCR(strings.NewReader(h))
	if err != nil {
		return reading{}, err
	}
	toScan := scanTransform(res)
	size := res.Source.Size()
	mapBox := func(b image.Rectangle) image.Rectangle { return toScan.Box(b).Intersect(image.Rectangle{Max: size}) }
	ocr.MapBoxes(p, size, mapBox)
	return reading{ocr.MapHOCR(h, j.rec.Input, size, mapBox), p}, nil
}

// scanTransform maps a point of a preprocessed image to the scan.
func scanTransform(res *preprocess.Result) preprocess.Affine {
	t := res.Transform
	t.C -= float64(res.Source.Min.X)
	t.F -= float64(res.Source.Min.Y)
	return t
}

// recognise runs the worker's engine on the page, within the page time
// limit. In mode best the first image (auto's) is the anchor; when its
// reading has too few known words the other variants are read too (see
// combineReadings). A page whose recognition the run's end (ctx) stopped is
// marked interrupted.
func (r *runner) recognise(ctx context.Context, e ocr.Engine, j *job) {
	j.do(r.cfg.Log, stOCR, func() (err error) {
		pctx := ctx
		if d := r.cfg.PageTimeout; d > 0 {
			var cancel context.CancelFunc
			pctx, cancel = context.WithTimeoutCause(ctx, d, fmt.Errorf("timed out after %v", d))
			defer cancel()
		}
		defer func() {
			if err != nil && ctx.Err() != nil {
				j.interrupted = true
			}
		}()
		res := j.prep[0]
		anchor, err := r.read(pctx, e, j, res)
		if err != nil {
			return err
		}
		var variants []record.Variant
		var takes []combine.Take
		if jd, ok := r.cfg.Corrector.(judge); ok && len(j.prep) > 1 {
			if variants, takes, err = r.combineReadings(pctx, e, j, jd, &anchor); err != nil {
				return err
			}
		}
		j.hocr, j.raw = anchor.hocr, anchor.page
		j.rec.Preprocess = &record.Preprocess{Mode: string(r.cfg.Preprocess), Steps: res.Steps, Skew: res.Skew,
			DPI: res.DPI, Width: res.Image.Bounds().Dx(), Height: res.Image.Bounds().Dy(), ToScan: scanTransform(res),
			Variants: variants}
		vars := maps.Clone(r.cfg.EngineVars)
		for k, v := range res.Vars {
			if vars == nil {
				vars = map[string]string{}
			}
			vars[k] = v
		}
		j.rec.OCR = &record.OCR{Engine: r.engine, Lang: r.cfg.Lang, PSM: r.cfg.PSM, Vars: vars, Words: j.raw.Words(), Combined: takes}
		if m, ok := j.raw.MeanConf(); ok {
			m = round2(m)
			j.rec.OCR.MeanConf = &m
		}
		// let the images go before the page is queued for correction; the
		// anchor's stays when it is to be written as <rel>.prep.png
		j.prep = j.prep[:1]
		if !r.cfg.KeepImages {
			j.prep = nil
		}
		return nil
	})
}

// combineReadings describes the anchor's reading and, when under
// CombineBelow of its letters are in known words, reads the page's other
// variants and replaces the anchor's unknown words by their known ones in
// the same place (package combine), in the page and in the hOCR. It returns
// every variant read and every word taken.
func (r *runner) combineReadings(ctx context.Context, e ocr.Engine, j *job, jd judge, anchor *reading) ([]record.Variant, []combine.Take, error) {
	variant := func(res *preprocess.Result, p *page.Page) record.Variant {
		conf, _ := p.MeanConf()
		return record.Variant{Name: res.Variant, Steps: stepNames(res.Steps), MeanConf: round2(conf), Plausibility: round2(jd.Plausibility(p))}
	}
	variants := []record.Variant{variant(j.prep[0], anchor.page)}
	if variants[0].Plausibility >= CombineBelow {
		return variants, nil, nil
	}
	others := make([]reading, 0, len(j.prep)-1)
	pages := make([]*page.Page, 0, len(j.prep)-1)
	for _, v := range j.prep[1:] {
		o, err := r.read(ctx, e, j, v)
		if err != nil {
			return nil, nil, err
		}
		others, pages = append(others, o), append(pages, o.page)
		variants = append(variants, variant(v, o.page))
	}
	takes := combine.Words(anchor.page, pages, jd.Known)
	splices := make([]ocr.Splice, len(takes))
	for i, t := range takes {
		splices[i] = ocr.Splice{ID: t.ID, From: others[t.Reading-1].hocr, FromID: t.TakenID, Tag: "_" + j.prep[t.Reading].Variant}
	}
	var err error
	if anchor.hocr, err = ocr.SpliceWords(anchor.hocr, splices); err != nil {
		return nil, nil, fmt.Errorf("combining readings: %w", err)
	}
	return variants, takes, nil
}

func stepNames(steps []preprocess.Step) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.Name
	}
	return out
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// correct corrects the page and measures it against its transcription.
func (r *runner) correct(j *job) {
	j.do(r.cfg.Log, stCorrect, func() error {
		fixed, corr := r.cfg.Corrector.Correct(j.raw, j.k)
		j.fixed = fixed
		j.rec.Correction = record.NewCorrection(corr)
		if t := j.truth; t != nil {
			raw, cor := j.raw.OCRText(), fixed.Text()
			j.rec.Truth = &record.Truth{File: t.file, From: t.from, Text: t.text,
				Raw: record.NewRates(raw, t.text), Corrected: record.NewRates(cor, t.text),
				Words: accuracy.WordChanges(raw, cor, t.text)}
		}
		return nil
	})
}

// output is one of a page's files, besides its record: its name's
// extension, and how to make its content.
type output struct {
	ext  string
	data func() ([]byte, error)
}

// outputs lists the files written for job j, in the order written, but the
// page view and the record, which come last. The list is also the plan of
// what a run will write (with j nil: nothing is made then), so that no file
// is written that was not checked first.
func (r *runner) outputs(j *job) []output {
	files := []output{
		{extText, func() ([]byte, error) { return []byte(j.fixed.Text()), nil }},
		{extOCR, func() ([]byte, error) { return []byte(j.raw.OCRText()), nil }},
		{extHOCR, func() ([]byte, error) { return []byte(j.hocr), nil }},
		{extALTO, func() ([]byte, error) {
			return render.ALTO(j.fixed, render.ALTOMeta{FileName: j.rec.Input, Engine: "tesseract",
				EngineVersion: r.engine, Spravka: r.cfg.Version, PageNo: j.k})
		}},
		{report.ExtWeb, func() ([]byte, error) { return j.web, nil }},
	}
	if r.cfg.KeepImages {
		files = append(files, output{extPrep, func() ([]byte, error) {
			var b bytes.Buffer
			enc := png.Encoder{CompressionLevel: png.BestSpeed}
			err := enc.Encode(&b, j.prep[0].Image)
			return b.Bytes(), err
		}})
	}
	return files
}

// write stores the page's files, its record last, after claiming their
// names as spravka's (outdir.Owned). A resumed page is left alone, and so is
// a page whose name another page of the run has taken.
func (r *runner) write(j *job) {
	if j.skip || j.unwritable {
		return
	}
	name := j.rec.Name
	j.do(r.cfg.Log, stWrite, func() error {
		files := r.outputs(j)
		names := make([]string, 0, len(files)+1)
		for _, f := range files {
			names = append(names, name+f.ext)
		}
		if err := r.owned.Claim(append(names, name+report.ExtView, name+extJSON)...); err != nil {
			return err
		}
		for _, f := range files {
			data, err := f.data()
			if err != nil {
				return fmt.Errorf("%s%s: %w", name, f.ext, err)
			}
			if err := r.out.Write(name+f.ext, data); err != nil {
				return err
			}
			j.rec.Outputs = append(j.rec.Outputs, name+f.ext)
		}
		return nil
	})
	if j.failed() {
		j.rec.Outputs = nil
	}
	// the page view, written for a failed page too (it says what went wrong)
	err := r.owned.Claim(name+report.ExtView, name+extJSON)
	var html, data []byte
	if err == nil {
		html, err = report.PageFile(j.rec, j.hocr, r.names)
	}
	if err == nil {
		err = r.out.Write(name+report.ExtView, html)
	}
	if err == nil {
		j.rec.Outputs = append(j.rec.Outputs, name+report.ExtView)
	} else if !j.failed() {
		j.fail(stWrite, err)
	}
	j.web = nil
	data, err = record.Marshal(j.rec)
	if err == nil {
		err = r.out.Write(name+extJSON, data)
	}
	if err != nil && !j.failed() {
		j.fail(stWrite, err)
	}
}

// upToDate tells whether a previous run left this page up to date (see
// UpToDate); if so the job takes the old record. Otherwise it says why not.
func (r *runner) upToDate(j *job) (bool, string) {
	var old *record.Page
	if b, err := r.out.Read(j.rec.Name + extJSON); err == nil {
		var p record.Page
		if json.Unmarshal(b, &p) == nil && p.Name == j.rec.Name {
			old = &p
		}
	}
	if old == nil {
		return UpToDate(nil, "", record.Fingerprint{}, nil, nil)
	}
	sum, err := scan.FileSHA256(j.src.Path)
	if err != nil {
		return false, WhyInput
	}
	files := r.pageFiles(j.rec.Name)
	ok, why := UpToDate(old, sum, *j.rec.Fingerprint, files[:len(files)-1], r.out.Exists)
	if ok {
		*j.rec = *old
	}
	return ok, why
}

// writeRunFiles writes summary.json and index.html (a shard: its own summary).
func (r *runner) writeRunFiles(sum *record.Summary, pages []*record.Page) error {
	// pages arrive in the order they finished: report them in input order
	record.SortPages(pages)
	slices.SortFunc(sum.Failed, func(a, b record.Failure) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(sum.PDFs, func(a, b record.PDF) int { return strings.Compare(a.File, b.File) })
	sum.Records = pages
	data, err := record.Marshal(sum)
	if err != nil {
		return err
	}
	if r.cfg.Shard.N > 1 {
		// a shard's summary is its own; summary.json and index.html cover every shard's pages
		return r.out.Write(r.shardSummary(), data)
	}
	if err := r.owned.Claim(runFiles...); err != nil {
		return err
	}
	if err := r.out.Write(fileSum, data); err != nil {
		return err
	}
	if err := report.WriteAssets(r.out); err != nil {
		return err
	}
	html, err := report.Index(sum, pages)
	if err != nil {
		return err
	}
	return r.out.Write(fileHTML, html)
}
