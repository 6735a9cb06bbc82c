package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// config is everything one run needs, parsed from the command line.
type config struct {
	out      string   // output file
	format   string   // png, jpeg or tiff
	texts    []string // input text files, one per page
	font     string   // font file, or "gomono"
	size     float64  // font size, points
	cpi      float64  // characters per inch; 0 = the font's own advance
	spacing  float64  // line spacing in typewriter lines (1/6 inch)
	dpi      float64
	page     string // a4 or a5
	margins  margins
	profile  string
	damage   Damage
	skew     float64 // degrees, counter-clockwise positive
	seed     uint64
	orient   int    // EXIF orientation for JPEG, 0 = no EXIF
	compress string // TIFF compression: deflate or none
	// proportional: each glyph advances by its own width (and kerning), as
	// in print, instead of a typewriter's fixed pitch.
	proportional bool
	fit          float64 // > 0: crop the page to its text plus this margin, mm (a line image)
	bilevel      float64 // > 0: threshold the finished page at this gray level (1-bit PNG)
}

// margins are page margins in millimetres.
type margins struct{ left, top, right, bottom float64 }

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scangen:", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "scangen:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("scangen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: scangen -o OUT [flags] TEXT [TEXT...]   (one text file per page; several only for TIFF)")
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.out, "o", "", "output file (.png, .jpg/.jpeg, .tif/.tiff)")
	fs.StringVar(&cfg.format, "format", "", "png|jpeg|tiff (default: from the output file's extension)")
	fs.StringVar(&cfg.font, "font", "gomono", `TrueType/OpenType font file, or "gomono" for the built-in Go Mono`)
	fs.Float64Var(&cfg.size, "size", 12, "font size, points")
	fs.Float64Var(&cfg.cpi, "cpi", 10, "typewriter pitch, characters per inch (0 = the font's own advance)")
	fs.Float64Var(&cfg.spacing, "spacing", 1.5, "line spacing in typewriter lines of 1/6 inch")
	fs.Float64Var(&cfg.dpi, "dpi", 300, "resolution, dots per inch")
	fs.StringVar(&cfg.page, "page", "a4", "page size: a4|a5")
	fs.Float64Var(&cfg.margins.left, "left", 30, "left margin, mm")
	fs.Float64Var(&cfg.margins.top, "top", 20, "top margin, mm")
	fs.Float64Var(&cfg.margins.right, "right", 12, "right margin, mm (a longer line is an error)")
	fs.Float64Var(&cfg.margins.bottom, "bottom", 15, "bottom margin, mm (more lines are an error)")
	fs.StringVar(&cfg.profile, "profile", "clean", "damage profile: "+profileNames())
	fs.Float64Var(&cfg.skew, "skew", 0, "skew, degrees (positive = counter-clockwise)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "random seed")
	fs.IntVar(&cfg.orient, "orient", 0, "JPEG only: write EXIF Orientation 1|3|6|8 and store the pixels turned to match (0 = no EXIF)")
	fs.StringVar(&cfg.compress, "compress", "deflate", "TIFF compression: deflate|none")
	fs.BoolVar(&cfg.proportional, "proportional", false, "set the text as print: each glyph advances by its own width and kerning (-cpi is ignored)")
	fs.Float64Var(&cfg.fit, "fit", 0, "crop the page to its text plus this margin, mm (0 = the whole page): with one line of text, a line image")
	fs.Float64Var(&cfg.bilevel, "bilevel", 0, "threshold the finished page at this gray level, 1–254, into black and white (PNG: 1 bit) (0 = gray)")
	overrides := map[string]float64{}
	for _, k := range knobs {
		fs.Func(k.name, "override the profile: "+k.usage, func(s string) error {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return err
			}
			overrides[k.name] = v
			return nil
		})
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	cfg.texts = fs.Args()
	if cfg.out == "" || len(cfg.texts) == 0 {
		fs.Usage()
		return config{}, errors.New("need -o and at least one text file")
	}
	if cfg.format == "" {
		switch strings.ToLower(filepath.Ext(cfg.out)) {
		case ".png":
			cfg.format = "png"
		case ".jpg", ".jpeg":
			cfg.format = "jpeg"
		case ".tif", ".tiff":
			cfg.format = "tiff"
		default:
			return config{}, fmt.Errorf("cannot tell the format of %s: use -format", cfg.out)
		}
	}
	switch cfg.format {
	case "png", "jpeg", "tiff":
	default:
		return config{}, fmt.Errorf("unknown format %q (want png|jpeg|tiff)", cfg.format)
	}
	if cfg.format != "tiff" && len(cfg.texts) > 1 {
		return config{}, fmt.Errorf("%s holds one page; %d text files given (use TIFF for several)", cfg.format, len(cfg.texts))
	}
	if cfg.orient != 0 && cfg.format != "jpeg" {
		return config{}, errors.New("-orient is for JPEG output only")
	}
	switch cfg.orient {
	case 0, 1, 3, 6, 8:
	default:
		return config{}, fmt.Errorf("orientation %d not supported (want 1|3|6|8)", cfg.orient)
	}
	if cfg.compress != "deflate" && cfg.compress != "none" {
		return config{}, fmt.Errorf("unknown TIFF compression %q (want deflate|none)", cfg.compress)
	}
	if cfg.fit < 0 {
		return config{}, fmt.Errorf("-fit %v: want a margin in mm, or 0", cfg.fit)
	}
	if cfg.bilevel != 0 && (cfg.bilevel < 1 || cfg.bilevel > 254) {
		return config{}, fmt.Errorf("-bilevel %v: want a gray level 1–254, or 0", cfg.bilevel)
	}
	if cfg.bilevel != 0 && cfg.format == "jpeg" {
		return config{}, errors.New("-bilevel needs a lossless format (PNG or TIFF)")
	}
	if cfg.dpi < 50 || cfg.dpi > 1200 {
		return config{}, fmt.Errorf("dpi %v out of 50–1200", cfg.dpi)
	}
	d, err := damageFor(cfg.profile, overrides)
	if err != nil {
		return config{}, err
	}
	cfg.damage = d
	return cfg, nil
}

// run renders every page and writes the output file.
func run(cfg config) error {
	face, err := loadFace(cfg.font, cfg.size, cfg.dpi)
	if err != nil {
		return err
	}
	var pages []*image.Gray
	for i, name := range cfg.texts {
		text, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read text: %w", err)
		}
		pg, err := renderPage(cfg, face, string(text), pageSeed(cfg.seed, i))
		if err != nil {
			return fmt.Errorf("page %s: %w", name, err)
		}
		pages = append(pages, pg)
	}
	data, err := encode(cfg, pages)
	if err != nil {
		return fmt.Errorf("encode %s: %w", cfg.out, err)
	}
	return writeAtomic(cfg.out, data)
}

// pageSeed gives each page of a run its own random stream.
func pageSeed(seed uint64, page int) uint64 {
	return seed*0x9E3779B97F4A7C15 + uint64(page)
}

// encode writes the pages in the configured format.
func encode(cfg config, pages []*image.Gray) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch cfg.format {
	case "png":
		err = encodePNG(&buf, pngImage(pages[0], cfg.bilevel != 0), cfg.dpi)
	case "jpeg":
		err = encodeJPEG(&buf, orientPixels(pages[0], cfg.orient), int(cfg.damage.Quality), cfg.dpi, cfg.orient)
	case "tiff":
		err = encodeTIFF(&buf, pages, cfg.dpi, cfg.compress == "deflate")
	}
	return buf.Bytes(), err
}

// writeAtomic writes data to a temporary file beside path and renames it into place.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
