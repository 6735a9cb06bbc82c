package report

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"time"

	"golang.org/x/image/draw"

	"github.com/spravka/spravka/pipeline/outdir"
	"github.com/spravka/spravka/pipeline/page"
	"github.com/spravka/spravka/pipeline/record"
)

//go:embed assets
var assets embed.FS

// AssetFS is the report's shared style sheet and script (report.css,
// report.js), as written under Assets; the review server serves the same.
func AssetFS() fs.FS {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err)
	}
	return sub
}

// WriteAssets writes the report's style sheet and script into the output
// folder, under Assets.
func WriteAssets(out outdir.Dir) error {
	return fs.WalkDir(AssetFS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(AssetFS(), name)
		if err != nil {
			return err
		}
		return out.Write(path.Join(Assets, name), data)
	})
}

// WebSide is the long side, in pixels, of the web copy of a scan: enough to
// read typewritten text on a screen, about a tenth of a TIFF's bytes.
const WebSide = 1600

// webQuality is the JPEG quality of the web copy.
const webQuality = 80

// WebImage returns the web copy of a scan: a JPEG whose long side is at most
// WebSide pixels. Browsers cannot show TIFF, and a 300-dpi page is larger
// than any screen; boxes are drawn in the scan's pixels over it, scaled.
func WebImage(img image.Image) ([]byte, error) {
	b := img.Bounds()
	if b.Empty() {
		return nil, errors.New("web copy of an empty image")
	}
	if long := max(b.Dx(), b.Dy()); long > WebSide {
		w, h := max(b.Dx()*WebSide/long, 1), max(b.Dy()*WebSide/long, 1)
		if g, ok := img.(*image.Gray); ok {
			img = shrinkGray(g, w, h)
		} else {
			dst := image.NewRGBA(image.Rect(0, 0, w, h))
			draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
			img = dst
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: webQuality}); err != nil {
		return nil, fmt.Errorf("web copy: %w", err)
	}
	return buf.Bytes(), nil
}

// PageFile renders the static page view of a page (written as
// <name>.html): see NewView for the arguments.
func PageFile(rec *record.Page, hocr string, names []string) ([]byte, error) {
	return Page(NewView(rec, hocr, truthOf(rec), names), nil)
}

// PageFileOf is PageFile for a page whose hOCR is already read (see
// NewViewOf).
func PageFileOf(rec *record.Page, raw *page.Page, names []string) ([]byte, error) {
	return Page(NewViewOf(rec, raw, truthOf(rec), names), nil)
}

// truthOf is the transcription a page was measured against ("": none).
func truthOf(rec *record.Page) string {
	if rec.Truth != nil {
		return rec.Truth.Text
	}
	return ""
}

// Write writes the report of a batch: the shared assets, a page view per
// page and the index. hocr returns a page's hOCR ("" when it has none).
func Write(out outdir.Dir, sum *record.Summary, pages []*record.Page, hocr func(*record.Page) string) error {
	if err := WriteAssets(out); err != nil {
		return err
	}
	names := Names(pages)
	for _, p := range pages {
		html, err := PageFile(p, hocr(p), names)
		if err != nil {
			return fmt.Errorf("page view of %s: %w", p.Name, err)
		}
		if err := out.Write(p.Name+ExtView, html); err != nil {
			return err
		}
	}
	html, err := Index(sum, pages)
	if err != nil {
		return err
	}
	return out.Write("index.html", html)
}

// Names lists the pages' names in the order given (the report's order).
func Names(pages []*record.Page) []string {
	names := make([]string, len(pages))
	for i, p := range pages {
		names[i] = p.Name
	}
	return names
}

// shrinkGray scales g down to w×h by averaging the source pixels under
// each target pixel (a box filter: no aliasing of thin strokes), in fixed
// point. Most scans are gray, and this is several times faster than a
// general resampler. Target pixel (x, y) is the rounded mean of the source
// pixels [x·sw/w, (x+1)·sw/w) × [y·sh/h, (y+1)·sh/h) (at least one of each);
// the rounded division is a multiplication by a reciprocal (see divider).
func shrinkGray(g *image.Gray, w, h int) *image.Gray {
	b := g.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewGray(image.Rect(0, 0, w, h))
	// the source columns [x0[x], x1[x]) under each target column
	x0, x1 := make([]int32, w), make([]int32, w)
	for x := range w {
		x0[x], x1[x] = int32(x*sw/w), int32(max((x+1)*sw/w, x*sw/w+1))
	}
	// the widest and tallest boxes, whose pixel count bounds the divisors
	recip := reciprocals(((sw+w-1)/w + 1) * ((sh+h-1)/h + 1))
	// column sums of the source rows under one target row
	col := make([]uint32, sw)
	for y := range h {
		y0, y1 := y*sh/h, max((y+1)*sh/h, y*sh/h+1)
		row := func(sy int) []uint8 {
			o := g.PixOffset(b.Min.X, b.Min.Y+sy)
			return g.Pix[o : o+sw : o+sw]
		}
		r0 := row(y0)
		c := col[:len(r0)]
		switch y1 - y0 {
		case 1:
			for x, v := range r0 {
				c[x] = uint32(v)
			}
		case 2:
			r1 := row(y0 + 1)[:len(r0)]
			for x, v := range r0 {
				c[x] = uint32(v) + uint32(r1[x])
			}
		default:
			r1, r2 := row(y0 + 1)[:len(r0)], row(y0 + 2)[:len(r0)]
			for x, v := range r0 {
				c[x] = uint32(v) + uint32(r1[x]) + uint32(r2[x])
			}
			for sy := y0 + 3; sy < y1; sy++ {
				r := row(sy)[:len(r0)]
				for x, v := range r {
					c[x] += uint32(v)
				}
			}
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		tall := uint32(y1 - y0)
		for x := range out {
			a, e := x0[x], x1[x]
			var sum uint32
			if e-a == 2 {
				sum = c[a] + c[a+1]
			} else {
				for _, v := range c[a:e] {
					sum += v
				}
			}
			n := uint32(e-a) * tall
			if int(n) < len(recip) {
				out[x] = uint8(uint64(sum+n/2) * recip[n] >> 32)
			} else {
				out[x] = uint8((sum + n/2) / n)
			}
		}
	}
	return dst
}

// reciprocals returns m = ⌈2³²/n⌉ for n = 1..min(most, maxRecip) (at n),
// with which (v·m)>>32 is v/n for v < 256·n, the sums shrinkGray divides
// (a rounded mean of n values of 0..255): m = (2³² + e)/n with 0 ≤ e < n, so
// v·m/2³² exceeds v/n by v·e/(n·2³²) < 256·n/2³², which cannot carry v/n
// (whose fractional part is at most (n-1)/n) to the next integer while
// 256·n² ≤ 2³², that is n ≤ 4096. TestReciprocalsExact checks it.
func reciprocals(most int) []uint64 {
	most = min(most, maxRecip)
	r := make([]uint64, most+1)
	for n := 1; n <= most; n++ {
		r[n] = (1<<32 + uint64(n) - 1) / uint64(n)
	}
	return r
}

// maxRecip is the largest divisor divider.round multiplies by.
const maxRecip = 4096

// Rebuild writes the report of an output folder anew from its page records
// (of one run, or of every shard that wrote into it): summary.json, a page
// view per page and index.html. The summary takes the run's settings and
// the files it did not read from the folder's newest summary: summary.json,
// or the summaries the shards wrote (their workers added up, the pages they
// did not finish that still have no record); it has no timing, which only a
// run can know.
func Rebuild(out outdir.Dir) (*record.Summary, error) {
	pages, err := record.ReadDir(os.DirFS(out.Root))
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%s: %w", out.Root, record.ErrNoRecords)
	}
	prev := previousSummary(out)
	sum := record.Summarize(prev.Tool, pages)
	sum.NotRead = prev.NotRead
	if sum.NotRead == nil {
		sum.NotRead = []record.NotRead{}
	}
	sum.Pages.NotRead = len(sum.NotRead)
	have := map[string]bool{}
	for _, p := range pages {
		have[p.Name] = true
	}
	var notFinished []string
	for _, n := range prev.NotFinished {
		if !have[n] {
			notFinished = append(notFinished, n)
		}
	}
	slices.Sort(notFinished)
	sum.AddNotFinished(notFinished...)
	data, err := record.Marshal(sum)
	if err != nil {
		return nil, err
	}
	if err := out.Write(record.SummaryFile, data); err != nil {
		return nil, err
	}
	hocr := func(p *record.Page) string {
		if !slices.Contains(p.Outputs, p.Name+".hocr") {
			return ""
		}
		b, _ := out.Read(p.Name + ".hocr")
		return string(b)
	}
	return sum, Write(out, sum, pages, hocr)
}

// previousSummary returns what the folder's newest summary says of the run:
// summary.json, or, when shards have written since, their summaries merged.
func previousSummary(out outdir.Dir) record.Summary {
	var prev record.Summary
	var when time.Time
	if fi, err := os.Stat(out.Path(record.SummaryFile)); err == nil {
		if data, err := out.Read(record.SummaryFile); err == nil && json.Unmarshal(data, &prev) == nil {
			when = fi.ModTime()
		}
	}
	shards, _ := filepath.Glob(out.Path(outdir.StateDir + "/summary.shard-*.json"))
	var merged record.Summary
	newer := false
	for _, f := range shards {
		fi, err := os.Stat(f)
		data, err2 := os.ReadFile(f)
		var s record.Summary
		if err != nil || err2 != nil || json.Unmarshal(data, &s) != nil {
			continue
		}
		newer = newer || fi.ModTime().After(when)
		workers := merged.Tool.Workers + s.Tool.Workers
		merged.Tool = s.Tool
		merged.Tool.Shard, merged.Tool.Workers = "", workers
		merged.NotRead = s.NotRead // every shard sees the whole input
		merged.NotFinished = append(merged.NotFinished, s.NotFinished...)
	}
	if newer {
		return merged
	}
	return prev
}
