package ocr

import (
	"context"
	"encoding/xml"
	"fmt"
	"image"
	"io"
	"strconv"
	"strings"

	"github.com/spravka/spravka/pipeline/page"
)

// Engine recognises one page at a time. Each pipeline worker owns one; it need
// not be safe for concurrent use. *tesseract.Client is the real one.
type Engine interface {
	// HOCR recognises img at dpi and returns hOCR (an XHTML document with
	// ocr_page, ocr_par, ocr_line and ocrx_word elements carrying bbox and x_wconf).
	// vars are engine variables for this page only. When ctx is done before
	// the recognition ends, HOCR stops it and returns context.Cause(ctx),
	// and the engine stays usable.
	HOCR(ctx context.Context, img *image.Gray, dpi int, vars map[string]string) (string, error)
	// Settings says what the engine reads every page with, as it was
	// really set up: page records and fingerprints are made from it.
	Settings() Settings
	Close() error
}

// PSMVar is the engine variable for the page segmentation mode (Tesseract's
// tessedit_pageseg_mode): a page that sets it among its HOCR vars is read in
// that mode, the next page in the engine's own again (Settings.PSM).
const PSMVar = "tessedit_pageseg_mode"

// Settings describe an engine as it reads every page.
type Settings struct {
	// Version is the engine's version ("5.3.0").
	Version string
	// Lang is the language string ("rus+eng"), PSM the page segmentation
	// mode and Vars the variables set for every page.
	Lang string
	PSM  int
	Vars map[string]string
	// Data are the model files the engine loaded (paths), whose hashes go
	// into the fingerprint; nil when it names none.
	Data []string
}

// ParseHOCR reads an hOCR document into a page: each ocr_par becomes a block,
// each ocr_line (or ocr_header, ocr_caption, ocr_textfloat) a line, each ocrx_word a
// word with its bbox and x_wconf. Words that are empty or only whitespace are dropped.
// Tesseract's per-character alternatives (lstm_choices_* groups of choice_* spans,
// written when lstm_choice_mode=2) become the word's Choices; only the word's own
// text, not its alternatives, makes its Text.
func ParseHOCR(r io.Reader) (*page.Page, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity

	p := &page.Page{}
	// classes of the open elements, innermost last
	var stack []string
	var word *page.Word
	var text strings.Builder
	// depth of the open word's nested elements; the choice being read
	depth := 0
	var choice *page.Alt
	curBlock := func() *page.Block {
		if len(p.Blocks) == 0 {
			p.Blocks = append(p.Blocks, page.Block{})
		}
		return &p.Blocks[len(p.Blocks)-1]
	}
	curLine := func() *page.Line {
		b := curBlock()
		if len(b.Lines) == 0 {
			b.Lines = append(b.Lines, page.Line{})
		}
		return &b.Lines[len(b.Lines)-1]
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading hOCR: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			class, title, id := "", "", ""
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "class":
					class = a.Value
				case "title":
					title = a.Value
				case "id":
					id = a.Value
				}
			}
			stack = append(stack, class)
			if word != nil {
				depth++
				switch {
				case strings.HasPrefix(id, "lstm_choices_"):
					word.Choices = append(word.Choices, nil)
				case strings.HasPrefix(id, "choice_") && len(word.Choices) > 0:
					choice = &page.Alt{Conf: xconfs(title)}
				}
				continue
			}
			box, conf := parseTitle(title)
			switch class {
			case "ocr_page":
				p.Width, p.Height = box.X1, box.Y1
			case "ocr_par":
				p.Blocks = append(p.Blocks, page.Block{Box: box})
			case "ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat":
				b := curBlock()
				b.Lines = append(b.Lines, page.Line{Box: box, ID: id})
			case "ocrx_word":
				word = &page.Word{Box: box, Conf: conf, ID: id}
				text.Reset()
			}
		case xml.CharData:
			switch {
			case choice != nil:
				choice.Text += string(t)
			case word != nil && depth == 0:
				text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			class := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if word != nil && depth > 0 {
				depth--
				if choice != nil {
					last := &word.Choices[len(word.Choices)-1]
					*last = append(*last, *choice)
					choice = nil
				}
				continue
			}
			if class == "ocrx_word" && word != nil {
				w := strings.Join(strings.Fields(text.String()), "")
				if w != "" {
					word.Text, word.OCR = w, w
					l := curLine()
					l.Words = append(l.Words, *word)
				}
				word = nil
			}
		}
	}
	// drop lines and blocks left without words
	blocks := p.Blocks[:0]
	for _, b := range p.Blocks {
		lines := b.Lines[:0]
		for _, l := range b.Lines {
			if len(l.Words) > 0 {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			b.Lines = lines
			blocks = append(blocks, b)
		}
	}
	p.Blocks = blocks
	return p, nil
}

// xconfs reads the x_confs property of a choice's title ("x_confs 86.2").
func xconfs(title string) float64 {
	f := strings.Fields(title)
	if len(f) == 2 && f[0] == "x_confs" {
		if c, err := strconv.ParseFloat(f[1], 64); err == nil {
			return c
		}
	}
	return 0
}

// parseTitle reads the bbox and x_wconf properties of an hOCR title attribute
// ("bbox 337 279 563 313; x_wconf 94"); conf is page.NoConf when absent.
func parseTitle(title string) (box page.Box, conf float64) {
	conf = page.NoConf
	for _, prop := range strings.Split(title, ";") {
		f := strings.Fields(prop)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "bbox":
			if len(f) == 5 {
				var v [4]int
				ok := true
				for i := range v {
					n, err := strconv.Atoi(f[i+1])
					ok = ok && err == nil
					v[i] = n
				}
				if ok {
					box = page.Box{X0: v[0], Y0: v[1], X1: v[2], Y1: v[3]}
				}
			}
		case "x_wconf":
			if len(f) == 2 {
				if c, err := strconv.ParseFloat(f[1], 64); err == nil {
					conf = c
				}
			}
		}
	}
	return box, conf
}
