package tesseract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/otiai10/gosseract/v2"

	"github.com/spravka/spravka/pipeline/ocr"
)

// Config is what every page of a run is recognised with.
type Config struct {
	// Lang is Tesseract's language string, e.g. "rus" or "rus+eng".
	Lang string
	// PSM is the page segmentation mode (3: fully automatic, as the tesseract
	// command); 0 chooses it (see DefaultPSM).
	PSM int
	// Raw says the pages come as scanned, not preprocessed (--preprocess none),
	// which the default PSM depends on.
	Raw bool
	// Blacklist are characters Tesseract must never read (see Blacklist).
	Blacklist string
	// Choices asks for per-character alternatives in the hOCR
	// (lstm_choice_mode 2), which correction weighs. They change nothing of
	// the reading (the same words, boxes and confidences on scans/,
	// devscans, devscans-hard and testdata/print; TestChoicesChangeNoReading)
	// and cost about 8 % of a clean page's recognition (0.62 of 7.35
	// processor seconds of spravka run on the eight clean benchmark pages),
	// spent in Tesseract's secondary beam search, not in the hOCR. Reading
	// without them and again with them only the lines correction can use
	// them in costs more (processor seconds of spravka run -j 2, the same
	// session): the lines with a word neither lexicon nor dictionary knows
	// (22 of the 154 lines of the clean pages) 7.24 against 7.17 on the
	// clean pages; only those with such a word of two letters or more and
	// no digit (combine.Lines, 9 lines) 6.94 there but 19.47 against 15.12
	// on the twelve degraded pages, where nearly every line holds one.
	// Fewer lstm_choice_iterations (1, 2, 3 of 5) save most of
	// the cost but list fewer letters, and correction then does worse:
	// devscans-hard 477 corrected errors → 505, 493, 484; devscans 153 →
	// 162, 156, 155. lstm_choice_mode 1 (each time step's choices) costs as
	// much as 2 (the tesseract command on the six preprocessed pages of
	// scans/: 3.77-3.81 s against 3.73-3.78 s, 3.32-3.42 s without).
	Choices bool
	// Vars are further Tesseract variables set for every page (name → value).
	Vars map[string]string
}

// Blacklist are characters a Russian typewriter of the period could not
// type; forbidding them makes Tesseract read the letter a damaged glyph most
// likely is instead of a stray mark (measured on devscans: CER 0.0661 →
// 0.0630).
const Blacklist = "‘’“”`®©‚|#^~_{}[]<>@$&£€°¬•"

// DefaultPSM is the page segmentation mode for pages preprocessed or not
// (raw). A deskewed page is read as one column of lines (4): a distribution
// list or a table then reads row by row, as typed, where automatic layout (3)
// splits it into columns (a held-out table page: CER 0.53 with 3, 0.04 with
// 4; no other page changed). A raw, possibly skewed page keeps automatic
// layout.
func DefaultPSM(raw bool) int {
	if raw {
		return 3
	}
	return 4
}

// resolved is the configuration as the engine applies it: the PSM chosen,
// every variable in Vars.
func (cfg Config) resolved() Config {
	if cfg.PSM == 0 {
		cfg.PSM = DefaultPSM(cfg.Raw)
	}
	vars := maps.Clone(cfg.Vars)
	if vars == nil {
		vars = map[string]string{}
	}
	if cfg.Blacklist != "" {
		vars["tessedit_char_blacklist"] = cfg.Blacklist
	}
	if cfg.Choices {
		vars["lstm_choice_mode"] = "2"
	}
	cfg.Vars = vars
	return cfg
}

// resettable are variables a page may set for itself (a preprocessing
// variant, a line image read in a single-line mode) with the value they return
// to on the next page unless that page sets them too; "" stands for the run's
// own value (Config.PSM).
var resettable = map[string]string{
	"thresholding_method": "0",
	ocr.PSMVar:            "",
}

// reset is the value the resettable variable k takes on a page that does not
// set it: the run's (Vars, or PSM for the page segmentation mode), else its
// default.
func (cfg Config) reset(k string) string {
	if v, ok := cfg.Vars[k]; ok {
		return v
	}
	if k == ocr.PSMVar {
		return strconv.Itoa(cfg.PSM)
	}
	return resettable[k]
}

// initMu serialises client initialisation: gosseract redirects the process's
// stderr while Tesseract initialises.
var initMu sync.Mutex

// Client is one Tesseract engine as a worker sees it. It is not safe for
// concurrent use: each worker owns one.
type Client struct {
	cfg  Config       // resolved
	set  ocr.Settings // as the engine reports them
	e    *engine
	once sync.Once
}

// engine is one initialised Tesseract: gosseract's client and the
// TessBaseAPI behind it (see hocr.go).
type engine struct {
	g   *gosseract.Client
	api handle
	// idle is closed while no recognition runs on the engine: a stopped
	// page whose recognition has not returned yet keeps it busy.
	idle chan struct{}
}

// blank is a 64×64 white page in PGM, used to initialise an engine at start-up.
var blank = func() []byte {
	var b bytes.Buffer
	b.WriteString("P5\n64 64\n255\n")
	b.Write(bytes.Repeat([]byte{255}, 64*64))
	return b.Bytes()
}()

// New creates and initialises an engine, so that missing language data is found
// at start-up rather than on the first page.
func New(cfg Config) (*Client, error) {
	if cfg.Lang == "" {
		return nil, errors.New("tesseract: no language given")
	}
	if cfg.PSM < 0 || cfg.PSM > 13 {
		return nil, fmt.Errorf("tesseract: page segmentation mode %d: want 0 (choose) or 1..13", cfg.PSM)
	}
	if err := checkLanguages(cfg.Lang); err != nil {
		return nil, err
	}
	cfg = cfg.resolved()
	e, err := newEngine(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, e: e}
	if c.set, err = c.settings(cfg); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func newEngine(cfg Config) (*engine, error) {
	g := gosseract.NewClient()
	if err := g.SetLanguage(strings.Split(cfg.Lang, "+")...); err != nil {
		g.Close()
		return nil, err
	}
	// The page segmentation mode goes in as a variable: gosseract's SetPageSegMode
	// before the engine is initialised does not survive initialisation, and the
	// engine would run in its API default, a single block (psm 6).
	g.SetVariable("tessedit_pageseg_mode", strconv.Itoa(cfg.PSM))
	// Tesseract's own diagnostics ("Detected 74 diacritics") would land in the
	// middle of the progress bar and the logs.
	g.SetVariable("debug_file", os.DevNull)
	for k, v := range cfg.Vars {
		g.SetVariable(gosseract.SettableVariable(k), v)
	}
	for k := range resettable {
		if _, ok := cfg.Vars[k]; !ok && k != ocr.PSMVar {
			g.SetVariable(gosseract.SettableVariable(k), cfg.reset(k))
		}
	}
	initMu.Lock()
	err := g.SetImageFromBytes(blank)
	if err == nil {
		_, err = g.Text()
	}
	initMu.Unlock()
	if err != nil {
		g.Close()
		return nil, fmt.Errorf("initialising Tesseract for %q: %w", cfg.Lang, err)
	}
	api, err := engineOf(g)
	if err != nil {
		g.Close()
		return nil, fmt.Errorf("this gosseract release is not supported: %w", err)
	}
	idle := make(chan struct{})
	close(idle)
	return &engine{g: g, api: api, idle: idle}, nil
}

func (e *engine) busy() bool {
	select {
	case <-e.idle:
		return false
	default:
		return true
	}
}

// closeWhenIdle frees the engine now, or when its recognition returns.
func (e *engine) closeWhenIdle() {
	if !e.busy() {
		e.g.Close()
		return
	}
	go func() {
		<-e.idle
		e.g.Close()
	}()
}

// available lists the language data installed where Tesseract looks for it.
var available = sync.OnceValues(gosseract.GetAvailableLanguages)

// checkLanguages makes sure every language of lang ("rus+eng") has its data
// installed: Tesseract itself goes on with the languages it found.
func checkLanguages(lang string) error {
	have, err := available()
	if err != nil {
		return fmt.Errorf("listing Tesseract language data: %w", err)
	}
	for _, l := range strings.Split(lang, "+") {
		if !slices.Contains(have, l) {
			//lint:ignore ST1005 the message starts with a name; main prints it as it is
			return fmt.Errorf("Tesseract has no language data for %q: install it (Debian: apt-get install %s)", l, debianPackage(l))
		}
	}
	return nil
}

// Settings returns what the client reads every page with: the library's
// version, the language, the PSM and the variables it set, and the language
// data it loaded.
func (c *Client) Settings() ocr.Settings {
	s := c.set
	s.Vars = maps.Clone(s.Vars)
	s.Data = slices.Clone(s.Data)
	return s
}

// HOCR recognises img, whose resolution is dpi, and returns Tesseract's hOCR.
// vars are variables for this page only (see resettable). When ctx is done
// before the recognition ends (a page time limit, Ctrl-C), HOCR returns
// context.Cause(ctx) at once, or after at most stopWait when Tesseract was
// recognising a line (it stops before the next one); the client stays usable.
func (c *Client) HOCR(ctx context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error) {
	b := img.Bounds()
	if b.Dx() < 1 || b.Dy() < 1 {
		return "", errors.New("tesseract: empty image")
	}
	if dpi <= 0 {
		return "", fmt.Errorf("tesseract: invalid dpi %d", dpi)
	}
	for k := range vars {
		if _, ok := resettable[k]; !ok {
			return "", fmt.Errorf("tesseract: variable %q cannot be set per page", k)
		}
	}
	if ctx.Err() != nil {
		return "", context.Cause(ctx)
	}
	if c.e.busy() {
		// The last page was stopped in layout analysis, which Tesseract
		// cannot interrupt: read on with a fresh engine.
		e, err := newEngine(c.cfg)
		if err != nil {
			return "", err
		}
		c.e.closeWhenIdle()
		c.e = e
	}
	e := c.e
	e.g.SetVariable("user_defined_dpi", strconv.Itoa(dpi))
	for k := range resettable {
		v := c.cfg.reset(k)
		if page, ok := vars[k]; ok {
			v = page
		}
		e.g.SetVariable(gosseract.SettableVariable(k), v)
	}
	setImage(e.api, img, dpi)
	type result struct {
		hocr string
		err  error
	}
	done := make(chan result, 1)
	idle := make(chan struct{})
	e.idle = idle
	go func() {
		defer close(idle)
		h, err := recognise(ctx, e.api)
		done <- result{h, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		select {
		case r = <-done:
		case <-time.After(stopWait):
			return "", context.Cause(ctx)
		}
	}
	if r.err != nil {
		return "", r.err
	}
	return hocrHead(c.set.Version) + r.hocr + hocrTail, nil
}

// stopWait is how long HOCR waits for a stopped recognition to return:
// Tesseract checks before each line, and one line takes a few tens of
// milliseconds. An engine still busy after that is left to finish on its
// own and replaced.
var stopWait = 500 * time.Millisecond

// hocrHead and hocrTail wrap the page that Tesseract's API returns into a
// complete hOCR document, as the tesseract command writes it.
func hocrHead(version string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title></title>
  <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
  <meta name='ocr-system' content='tesseract ` + version + `' />
  <meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf'/>
 </head>
 <body>
`
}

const hocrTail = " </body>\n</html>\n"

// Close frees the engine, once its recognition (of a stopped page) has
// returned; further calls do nothing (gosseract v2.4.1 double-frees on a
// second Close).
func (c *Client) Close() error {
	c.once.Do(c.e.closeWhenIdle)
	return nil
}

// pgm encodes a gray image as binary PGM, which Leptonica reads without
// compression work (PNG encoding would cost more than a tenth of a second a page).
func pgm(img *image.Gray) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	hdr := fmt.Sprintf("P5\n%d %d\n255\n", w, h)
	out := make([]byte, len(hdr), len(hdr)+w*h)
	copy(out, hdr)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		i := img.PixOffset(b.Min.X, y)
		out = append(out, img.Pix[i:i+w]...)
	}
	return out
}

// debianPackage names the Debian package holding a Tesseract language's data.
func debianPackage(lang string) string {
	return "tesseract-ocr-" + strings.ReplaceAll(strings.ToLower(lang), "_", "-")
}
