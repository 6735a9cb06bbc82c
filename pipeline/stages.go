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
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

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

// prepare finds the page's transcription and, with --resume, whether an
// earlier run left the page up to date; then it decodes the page, makes its
// web copy and preprocesses it (every variant in mode best).
func (r *runner) prepare(ctx context.Context, j *job) {
	if j.failed() {
		return
	}
	if t := r.truth.Find(j.src.Path, j.src.Pages, j.k, j.rec.Name); t != nil {
		j.truth = t
		j.rec.Fingerprint.Truth = record.HashBytes([]byte(t.Text))
	}
	if r.cfg.Resume {
		if j.skip, j.redo = r.upToDate(j); j.skip {
			return
		}
	}
	r.hold(j)
	defer func() {
		if j.failed() && ctx.Err() != nil {
			j.interrupted = true
		}
	}()
	var img *scan.Page
	j.do(r.cfg.Log, stDecode, func() (err error) {
		opt := r.cfg.Scan
		if r.cfg.DPI > 0 {
			opt.RenderDPI = r.cfg.DPI // a PDF page that is not a scan is drawn at --dpi
		}
		if img, err = r.decode(ctx, j, opt); err != nil {
			return err
		}
		j.rec.Image = record.NewImage(record.Image{Format: img.Format, Width: img.Width, Height: img.Height, SHA256: img.SHA256,
			Orientation: img.Orientation, DPIFile: img.DPI, DPINote: img.DPINote, Note: img.Note}, r.cfg.DPI)
		return nil
	})
	j.do(r.cfg.Log, stWeb, func() (err error) {
		if err := ctx.Err(); err != nil {
			return err
		}
		j.web, err = report.WebImage(img.Image)
		return err
	})
	j.do(r.cfg.Log, stPreprocess, func() (err error) {
		if r.cfg.Preprocess == preprocess.ModeBest {
			j.prep, err = preprocess.VariantsContext(ctx, img.Image, j.rec.Image.DPI, r.cfg.Prep)
		} else {
			var res *preprocess.Result
			res, err = preprocess.RunContext(ctx, img.Image, j.rec.Image.DPI, r.cfg.Preprocess, r.cfg.Prep)
			j.prep = []*preprocess.Result{res}
		}
		if err == nil && len(j.prep) == 0 {
			err = errors.New("no preprocessed image")
		}
		return err
	})
}

// decode decodes the job's page (scan.Decode), or gives up when ctx is done
// first: a decoder cannot be stopped, so it is left to finish on its own and
// its page dropped, and the run need not wait for it.
func (r *runner) decode(ctx context.Context, j *job, opt scan.Options) (*scan.Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		p   *scan.Page
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				r.cfg.Log.Error("internal error", "page", j.rec.Name, "stage", stDecode, "panic", v, "stack", string(debug.Stack()))
				done <- result{nil, fmt.Errorf("internal error: %v", v)}
			}
		}()
		p, err := scan.Decode(j.src.Path, j.k, opt)
		done <- result{p, err}
	}()
	select {
	case r := <-done:
		return r.p, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// read recognises img, one of the preprocessed images of the page (res, or
// a part of it: see combine.Masked), and returns the reading in two
// coordinates: raw, in the preprocessed image's pixels, and the reading with
// its boxes mapped to the scan (after EXIF orientation), so that ALTO, hOCR
// and the records lie on the original image and readings of different
// variants can be compared.
func (r *runner) read(ctx context.Context, e ocr.Engine, j *job, res *preprocess.Result, img *image.Gray) (reading combine.Reading, raw *page.Page, err error) {
	dpi := res.DPI
	if dpi <= 0 {
		dpi = 300
	}
	h, err := e.HOCR(ctx, img, dpi, r.pageVars(res))
	if err != nil {
		return combine.Reading{}, nil, err
	}
	p, err := ocr.ParseHOCR(strings.NewReader(h))
	if err != nil {
		return combine.Reading{}, nil, err
	}
	raw = p.Clone()
	toScan := scanTransform(res)
	size := res.Source.Size()
	mapBox := func(b image.Rectangle) image.Rectangle { return toScan.Box(b).Intersect(image.Rectangle{Max: size}) }
	ocr.MapBoxes(p, size, mapBox)
	return combine.Reading{Variant: res.Variant, HOCR: ocr.MapHOCR(h, j.rec.Input, size, mapBox), Page: p}, raw, nil
}

// pageVars are the engine variables one preprocessed image asks for: its
// own, and the single-line page segmentation mode (Config.LinePSM) when its
// text is one line.
func (r *runner) pageVars(res *preprocess.Result) map[string]string {
	if !res.OneLine || r.cfg.LinePSM == 0 {
		return res.Vars
	}
	vars := maps.Clone(res.Vars)
	if vars == nil {
		vars = map[string]string{}
	}
	vars[ocr.PSMVar] = strconv.Itoa(r.cfg.LinePSM)
	return vars
}

// scanTransform maps a point of a preprocessed image to the scan.
func scanTransform(res *preprocess.Result) preprocess.Affine {
	t := res.Transform
	t.C -= float64(res.Source.Min.X)
	t.F -= float64(res.Source.Min.Y)
	return t
}

// recognise runs the worker's engine on the page, within the page time
// limit. combine.Gray decides whether the poor lines of a page read poorly
// are read again from its gray image. In mode best with a judge, the first
// image (auto's) is the anchor and combine.Best decides whether the others
// are read too. A page whose recognition the run's end (ctx) stopped is
// marked interrupted. The images are let go here, but the anchor's with
// --keep-images (<rel>.prep.png).
func (r *runner) recognise(ctx context.Context, e ocr.Engine, j *job) {
	defer r.letGo(j)
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
		anchor, raw, err := r.read(pctx, e, j, j.prep[0], j.prep[0].Image)
		if err != nil {
			return err
		}
		// a page read poorly: its poor lines are read from its gray image
		// too, and the gray reading taken (combine.Gray)
		var gray *combine.GrayRead
		var grayImage *preprocess.Result // made only when needed
		var grayRaw *page.Page           // its reading, in its pixels
		own := scored(anchor)            // auto's reading, as read
		anchor, gray, err = combine.Gray(anchor, func(lines []int) (combine.Reading, error) {
			g := j.prep[0].Gray()
			if g == nil {
				return combine.Reading{}, nil
			}
			grayImage = g
			img := g.Image
			if lines != nil {
				img = combine.Masked(g.Image, combine.Bands(raw, lines, g.Image.Rect))
			}
			o, oraw, err := r.read(pctx, e, j, g, img)
			grayRaw = oraw
			return o, err
		})
		if err != nil {
			return err
		}
		if gray != nil && gray.Read.Lines == 0 && len(gray.Taken) > 0 {
			// the page is the whole gray reading now: mode best reads the
			// other images around its lines, not auto's (the same geometry)
			raw = grayRaw
		}
		best := combine.Result{Reading: anchor}
		if r.cfg.Judge != nil && len(j.prep) > 1 {
			// the other images are read only where the anchor's lines need it
			best, err = combine.Best(anchor, r.cfg.Judge, func(lines []int) ([]combine.Reading, error) {
				others := make([]combine.Reading, 0, len(j.prep)-1)
				for _, v := range j.prep[1:] {
					bands := combine.Bands(raw, lines, v.Image.Rect)
					o, _, err := r.read(pctx, e, j, v, combine.Masked(v.Image, bands))
					if err != nil {
						return nil, err
					}
					others = append(others, o)
				}
				return others, nil
			})
			if err != nil {
				return err
			}
		}
		j.read = best.Reading
		if len(best.Takes) == 0 {
			// the hOCR is the anchor's, whose page this is (with words
			// spliced in, the boxes of the words taken differ)
			j.hocrPage = j.read.Page
		}
		j.rec.Preprocess = preprocessRecord(r.cfg.Preprocess, j.prep, best.Read)
		if gray != nil {
			if len(best.Read) == 0 { // mode best lists the anchor first already
				j.rec.Preprocess.Variants = []record.Variant{variantRecord(j.prep[0], own)}
			}
			v := variantRecord(grayImage, gray.Read)
			v.Taken = gray.Taken
			j.rec.Preprocess.Variants = append(j.rec.Preprocess.Variants, v)
		}
		j.rec.OCR = record.NewOCR(r.settings.Engine, r.pageVars(j.prep[0]), j.read.Page, takesRecord(best.Takes))
		j.prep = j.prep[:1]
		if !r.cfg.KeepImages {
			j.prep = nil
		}
		return nil
	})
}

// preprocessRecord describes the preprocessing of a page whose images prep
// were made in mode, the anchor's first, of which mode best read and scored
// those of read (none without a judge).
func preprocessRecord(mode preprocess.Mode, prep []*preprocess.Result, read []combine.Scored) *record.Preprocess {
	res := prep[0]
	t := scanTransform(res)
	rec := &record.Preprocess{Mode: string(mode), Skew: res.Skew, DPI: res.DPI, Width: res.Image.Bounds().Dx(), Height: res.Image.Bounds().Dy(),
		ToScan: record.Affine{A: t.A, B: t.B, C: t.C, D: t.D, E: t.E, F: t.F}}
	for _, s := range res.Steps {
		rec.Steps = append(rec.Steps, record.Step{Name: s.Name, Params: s.Params})
	}
	for i, v := range read {
		rec.Variants = append(rec.Variants, variantRecord(prep[i], v))
	}
	return rec
}

// variantRecord describes a variant read, made as res describes.
func variantRecord(res *preprocess.Result, v combine.Scored) record.Variant {
	names := make([]string, len(res.Steps))
	for k, s := range res.Steps {
		names[k] = s.Name
	}
	return record.Variant{Name: v.Variant, Steps: names, MeanConf: v.MeanConf, Plausibility: v.Plausibility, Lines: v.Lines}
}

// scored is a reading's mean word confidence, as mode best records it.
func scored(r combine.Reading) combine.Scored {
	conf, _ := r.Page.MeanConf()
	return combine.Scored{Variant: r.Variant, MeanConf: math.Round(conf*100) / 100}
}

// takesRecord lists the words mode best took from other readings.
func takesRecord(takes []combine.Take) []record.Take {
	var out []record.Take
	for _, t := range takes {
		out = append(out, record.Take{Line: t.Line, Word: t.Word, From: t.From, To: t.To, Reading: t.Reading, Votes: t.Votes, Conf: t.Conf})
	}
	return out
}

// correct corrects the page and measures it against its transcription.
func (r *runner) correct(j *job) {
	j.do(r.cfg.Log, stCorrect, func() error {
		raw := j.read.Page
		fixed, corr := r.cfg.Corrector.Correct(raw, j.k)
		j.fixed = fixed
		j.rec.Correction = record.NewCorrection(corr)
		if t := j.truth; t != nil {
			j.rec.Truth = record.NewTruth(t.File, t.From, t.Text, raw.OCRText(), fixed.Text())
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
		{extOCR, func() ([]byte, error) { return []byte(j.read.Page.OCRText()), nil }},
		{extHOCR, func() ([]byte, error) { return []byte(j.read.HOCR), nil }},
		{extALTO, func() ([]byte, error) {
			return render.ALTO(j.fixed, render.ALTOMeta{FileName: j.rec.Input, Engine: "tesseract",
				EngineVersion: r.settings.Engine.Tesseract, Spravka: r.cfg.Version, PageNo: j.k})
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
	if j.skip || j.conflict != nil {
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
	// the page view and the record, written for a failed page too (the view
	// says what went wrong), their time and processor time the write
	// stage's
	start := time.Now()
	pprof.Do(context.Background(), pprof.Labels("stage", stWrite), func(context.Context) { r.writeView(j) })
	j.timing[stWrite] += time.Since(start)
}

// writeView writes the page view and the record of a page (see write).
func (r *runner) writeView(j *job) {
	name := j.rec.Name
	err := r.owned.Claim(name+report.ExtView, name+extJSON)
	var html, data []byte
	if err == nil {
		if j.hocrPage != nil {
			html, err = report.PageFileOf(j.rec, j.hocrPage, r.names)
		} else {
			html, err = report.PageFile(j.rec, j.read.HOCR, r.names)
		}
	}
	if err == nil {
		err = r.out.Write(name+report.ExtView, html)
	}
	if err == nil {
		j.rec.Outputs = append(j.rec.Outputs, name+report.ExtView)
	} else if !j.failed() {
		j.fail(stWrite, err)
	}
	j.web, j.hocrPage = nil, nil
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
