package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spravka/spravka/pipeline/page"
)

// ALTOMeta describes where an ALTO page comes from.
type ALTOMeta struct {
	// FileName is the image the coordinates refer to, relative to the output folder
	// or the input folder (no absolute paths).
	FileName string
	// Engine and EngineVersion name the recogniser; Spravka is spravka's version.
	Engine, EngineVersion, Spravka string
	// PageNo is the page's number in its file.
	PageNo int
}

type altoDoc struct {
	XMLName        xml.Name `xml:"alto"`
	XMLNS          string   `xml:"xmlns,attr"`
	XSI            string   `xml:"xmlns:xsi,attr"`
	SchemaLocation string   `xml:"xsi:schemaLocation,attr"`
	Description    altoDescription
	Layout         altoLayout `xml:"Layout"`
}

type altoDescription struct {
	XMLName         xml.Name       `xml:"Description"`
	MeasurementUnit string         `xml:"MeasurementUnit"`
	SourceFile      string         `xml:"sourceImageInformation>fileName"`
	OCRProcessing   altoProcessing `xml:"OCRProcessing"`
}

type altoProcessing struct {
	ID       string   `xml:"ID,attr"`
	OCR      altoStep `xml:"ocrProcessingStep"`
	PostProc altoStep `xml:"postProcessingStep"`
}

type altoStep struct {
	Description string `xml:"processingStepDescription,omitempty"`
	Name        string `xml:"processingSoftware>softwareName"`
	Version     string `xml:"processingSoftware>softwareVersion,omitempty"`
}

type altoLayout struct {
	Page altoPage `xml:"Page"`
}

type altoPage struct {
	ID         string         `xml:"ID,attr"`
	PhysNo     int            `xml:"PHYSICAL_IMG_NR,attr"`
	Width      int            `xml:"WIDTH,attr"`
	Height     int            `xml:"HEIGHT,attr"`
	PrintSpace altoPrintSpace `xml:"PrintSpace"`
}

type altoPrintSpace struct {
	altoBox
	Blocks []altoBlock `xml:"TextBlock"`
}

type altoBox struct {
	HPos   int `xml:"HPOS,attr"`
	VPos   int `xml:"VPOS,attr"`
	Width  int `xml:"WIDTH,attr"`
	Height int `xml:"HEIGHT,attr"`
}

type altoBlock struct {
	ID string `xml:"ID,attr"`
	altoBox
	Lines []altoLine `xml:"TextLine"`
}

type altoLine struct {
	ID string `xml:"ID,attr"`
	altoBox
	Items []any
}

type altoString struct {
	XMLName xml.Name `xml:"String"`
	ID      string   `xml:"ID,attr"`
	altoBox
	WC           string    `xml:"WC,attr,omitempty"`
	Content      string    `xml:"CONTENT,attr"`
	Alternatives []altoAlt `xml:"ALTERNATIVE"`
}

type altoAlt struct {
	Purpose string `xml:"PURPOSE,attr"`
	Text    string `xml:",chardata"`
}

type altoSP struct {
	XMLName xml.Name `xml:"SP"`
}

func box(b page.Box) altoBox { return altoBox{b.X0, b.Y0, b.X1 - b.X0, b.Y1 - b.Y0} }

// ALTO renders p as an ALTO 4 document. Coordinates are pixels of the image
// that was recognised. A corrected word carries its OCR reading as
// <ALTERNATIVE PURPOSE="OCR">; a word joined from several OCR words has their
// union box and their readings joined by a space; a word split in two by a
// correction becomes two Strings sharing its box in proportion to their length.
func ALTO(p *page.Page, m ALTOMeta) ([]byte, error) {
	doc := altoDoc{
		XMLNS:          "http://www.loc.gov/standards/alto/ns-v4#",
		XSI:            "http://www.w3.org/2001/XMLSchema-instance",
		SchemaLocation: "http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/alto/v4/alto-4-2.xsd",
		Description: altoDescription{
			MeasurementUnit: "pixel",
			SourceFile:      m.FileName,
			OCRProcessing: altoProcessing{
				ID:       "OCR_0",
				OCR:      altoStep{Name: m.Engine, Version: m.EngineVersion},
				PostProc: altoStep{Description: "post-correction: homoglyphs, domain lexicon, dictionary", Name: "spravka", Version: m.Spravka},
			},
		},
	}
	pg := altoPage{ID: fmt.Sprintf("page_%d", m.PageNo), PhysNo: m.PageNo, Width: p.Width, Height: p.Height}
	var space page.Box
	for bi, b := range p.Blocks {
		ab := altoBlock{ID: fmt.Sprintf("block_%d", bi+1), altoBox: box(b.Box)}
		space = space.Union(b.Box)
		for li, l := range b.Lines {
			al := altoLine{ID: fmt.Sprintf("line_%d_%d", bi+1, li+1), altoBox: box(l.Box)}
			n := 0
			for wi := 0; wi < len(l.Words); wi++ {
				w := l.Words[wi]
				if w.Text == "" {
					continue
				}
				// words absorbed into this one by a join follow it with an empty Text
				ocr, wb := w.OCR, w.Box
				for wj := wi + 1; wj < len(l.Words) && l.Words[wj].Text == ""; wj++ {
					ocr += " " + l.Words[wj].OCR
					wb = wb.Union(l.Words[wj].Box)
				}
				parts := strings.Fields(w.Text)
				boxes := splitBox(wb, parts)
				for pi, part := range parts {
					if n > 0 {
						al.Items = append(al.Items, altoSP{})
					}
					n++
					s := altoString{ID: fmt.Sprintf("string_%d_%d_%d", bi+1, li+1, n), altoBox: box(boxes[pi]), Content: part}
					if w.Conf >= 0 {
						s.WC = fmt.Sprintf("%.2f", w.Conf/100)
					}
					if pi == 0 && ocr != w.Text {
						s.Alternatives = []altoAlt{{Purpose: "OCR", Text: ocr}}
					}
					al.Items = append(al.Items, s)
				}
			}
			ab.Lines = append(ab.Lines, al)
		}
		pg.PrintSpace.Blocks = append(pg.PrintSpace.Blocks, ab)
	}
	pg.PrintSpace.altoBox = box(space)
	doc.Layout.Page = pg
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// splitBox divides b horizontally among parts in proportion to their length
// in characters (one box per part; the whole box when there is one part).
func splitBox(b page.Box, parts []string) []page.Box {
	if len(parts) <= 1 || b.Empty() {
		out := make([]page.Box, len(parts))
		for i := range out {
			out[i] = b
		}
		return out
	}
	total := len(parts) - 1 // the spaces between
	for _, p := range parts {
		total += utf8.RuneCountInString(p)
	}
	out := make([]page.Box, len(parts))
	pos := 0
	w := b.X1 - b.X0
	for i, p := range parts {
		n := utf8.RuneCountInString(p)
		x0 := b.X0 + w*pos/total
		x1 := b.X0 + w*(pos+n)/total
		out[i] = page.Box{X0: x0, Y0: b.Y0, X1: x1, Y1: b.Y1}
		pos += n + 1
	}
	return out
}
