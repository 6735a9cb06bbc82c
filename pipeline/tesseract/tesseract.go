package tesseract

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/otiai10/gosseract/v2"
)

// Config is what every page of a run is recognised with.
type Config struct {
	// Lang is Tesseract's language string, e.g. "rus" or "rus+eng".
	Lang string
	// PSM is the page segmentation mode (3: fully automatic, as the tesseract command).
	PSM int
	// Vars are Tesseract variables set for every page (name → value).
	Vars map[string]string
}

// resettable are variables a page may set for itself (a preprocessing variant)
// with the value they return to on the next page unless that page sets them too.
var resettable = map[string]string{
	"thresholding_method": "0",
}

// initMu serialises client initialisation: gosseract redirects the process's
// stderr while Tesseract initialises.
var initMu sync.Mutex

// Client is one Tesseract engine. It is not safe for concurrent use: each
// worker owns one.
type Client struct {
	c       *gosseract.Client
	cfg     Config
	version string
	once    sync.Once
	// engine is the TessBaseAPI behind c, nil when it cannot be reached (see hocr.go)
	engine unsafe.Pointer
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
	if err := checkLanguages(cfg.Lang); err != nil {
		return nil, err
	}
	c := &Client{c: gosseract.NewClient(), cfg: cfg}
	if err := c.c.SetLanguage(strings.Split(cfg.Lang, "+")...); err != nil {
		c.Close()
		return nil, err
	}
	// The page segmentation mode goes in as a variable: gosseract's SetPageSegMode
	// before the engine is initialised does not survive initialisation, and the
	// engine would run in its API default, a single block (psm 6).
	c.c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(cfg.PSM))
	// Tesseract's own diagnostics ("Detected 74 diacritics") would land in the
	// middle of the progress bar and the logs.
	c.c.SetVariable("debug_file", os.DevNull)
	for k, v := range cfg.Vars {
		c.c.SetVariable(gosseract.SettableVariable(k), v)
	}
	for k, v := range resettable {
		if _, ok := cfg.Vars[k]; !ok {
			c.c.SetVariable(gosseract.SettableVariable(k), v)
		}
	}
	initMu.Lock()
	err := c.c.SetImageFromBytes(blank)
	if err == nil {
		_, err = c.c.Text()
	}
	initMu.Unlock()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("initialising Tesseract for %q: %w", cfg.Lang, err)
	}
	c.version = c.c.Version()
	c.engine, _ = engineOf(c.c)
	return c, nil
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
			return fmt.Errorf("Tesseract has no language data for %q: install it (Debian: apt-get install %s)", l, debianPackage(l))
		}
	}
	return nil
}

// Version returns the Tesseract library's version.
func (c *Client) Version() string { return c.version }

// HOCR recognises img, whose resolution is dpi, and returns Tesseract's hOCR.
// vars are variables for this page only (see resettable).
func (c *Client) HOCR(img *image.Gray, dpi int, vars map[string]string) (string, error) {
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
	if err := c.c.SetImageFromBytes(pgm(img)); err != nil {
		return "", err
	}
	c.c.SetVariable("user_defined_dpi", strconv.Itoa(dpi))
	for k, v := range resettable {
		if run, ok := c.cfg.Vars[k]; ok {
			v = run
		}
		if page, ok := vars[k]; ok {
			v = page
		}
		c.c.SetVariable(gosseract.SettableVariable(k), v)
	}
	body, err := c.recognise()
	if err != nil {
		return "", err
	}
	return hocrHead(c.version) + body + hocrTail, nil
}

// recognise runs the recognition once and returns its hOCR page.
func (c *Client) recognise() (string, error) {
	if c.engine == nil {
		return c.c.HOCRText()
	}
	// Text makes gosseract set the image and recognise; the hOCR then comes
	// from the same recognition. Only the page's plain text (a few kB) is left
	// unfreed by gosseract.
	if _, err := c.c.Text(); err != nil {
		return "", err
	}
	return hocrOf(c.engine)
}

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

// Close frees the engine; further calls do nothing (gosseract v2.4.1 double-frees
// on a second Close).
func (c *Client) Close() error {
	c.once.Do(func() { c.c.Close() })
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
