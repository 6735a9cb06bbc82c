//go:build eval

// The evaluation harness: it preprocesses every page of one or more folders
// of scans with a transcription beside each (<stem>.gt.txt), recognises the
// result with the tesseract command and prints the character error rate per
// page and in total for each configuration, with the pipeline's Tesseract
// settings (psm 3, the blacklist of untypeable marks). It needs tesseract
// with the rus model (Debian: tesseract-ocr, tesseract-ocr-rus) and runs
// only with the eval build tag:
//
//	go test -tags eval -run TestEval -v ./pipeline/preprocess \
//	    -evaldirs ../../../shared/devscans -evalconf none,auto,best
package preprocess

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/scan"
)

var (
	evalDirs  = flag.String("evaldirs", "../../../shared/devscans", "comma-separated folders of scans with <stem>.gt.txt")
	evalConf  = flag.String("evalconf", "none,auto,best", "comma-separated configurations: none, auto, best, or names from -evalopts")
	evalOpts  = flag.String("evalopts", "", "JSON object: configuration name -> Options (run in auto mode)")
	evalKeep  = flag.String("evalkeep", "", "folder to keep the preprocessed images in")
	evalJobs  = flag.Int("evaljobs", 2, "pages recognised at once")
	evalBrief = flag.Bool("evalbrief", false, "print only the error rates")
	evalSteps = flag.Bool("evalsteps", false, "print each result's steps")
	evalTVars = flag.String("evalvars", "", "extra tesseract variables k=v,k=v for every run")
	// The pipeline's defaults (cmd/spravka: --psm 3, --blacklist).
	evalPSM   = flag.Int("evalpsm", 3, "tesseract page segmentation mode")
	evalBlack = flag.String("evalblacklist", "‘’“”`®©‚|#^~_{}[]<>@$&£€°¬•", "characters tesseract must never read (empty: none)")
)

type evalPage struct {
	path, name, ref string
	k               int // page number in its file
}

// evalPages lists the pages of the folders that have a transcription beside
// them (<name>.gt.txt, with name as the pipeline names a page's outputs).
func evalPages(t *testing.T) []evalPage {
	var pages []evalPage
	for _, dir := range strings.Split(*evalDirs, ",") {
		srcs, err := scan.Discover(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range srcs {
			for k := 1; k <= src.Pages; k++ {
				name := src.Name(k)
				ref, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)+".gt.txt"))
				if err != nil {
					continue
				}
				pages = append(pages, evalPage{path: src.Path, name: filepath.Base(name), ref: string(ref), k: k})
			}
		}
	}
	if len(pages) == 0 {
		t.Fatalf("no pages in %s", *evalDirs)
	}
	return pages
}

type evalOut struct {
	cer     accuracy.Rate
	conf    float64
	variant string
	prep    time.Duration
}

func TestEval(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("tesseract not found: apt-get install tesseract-ocr tesseract-ocr-rus")
	}
	pages := evalPages(t)
	named := map[string]Options{}
	if *evalOpts != "" {
		if err := json.Unmarshal([]byte(*evalOpts), &named); err != nil {
			t.Fatal(err)
		}
	}
	confs := strings.Split(*evalConf, ",")
	tmp := t.TempDir()
	results := make([][]evalOut, len(pages))
	var wg sync.WaitGroup
	sem := make(chan struct{}, *evalJobs)
	for pi, pg := range pages {
		results[pi] = make([]evalOut, len(confs))
		for ci, conf := range confs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				results[pi][ci] = evalOne(t, pg, conf, named, tmp, fmt.Sprintf("%d-%d", pi, ci))
			}()
		}
	}
	wg.Wait()
	fmt.Printf("%-40s", "page")
	for _, c := range confs {
		if *evalBrief {
			fmt.Printf(" %8s", c)
			continue
		}
		fmt.Printf(" %18s", c)
	}
	fmt.Println()
	tot := make([]accuracy.Rate, len(confs))
	for pi, pg := range pages {
		fmt.Printf("%-40s", pg.name)
		for ci := range confs {
			r := results[pi][ci]
			tot[ci] = tot[ci].Add(r.cer)
			tag := ""
			if r.variant != "" && r.variant != "auto" && r.variant != "none" {
				tag = r.variant[:1]
			}
			if *evalBrief {
				fmt.Printf(" %7.3f%1s", r.cer.Value(), tag)
				continue
			}
			fmt.Printf("  %.3f %3.0f %4.1fs%1s", r.cer.Value(), r.conf, r.prep.Seconds(), tag)
		}
		fmt.Println()
	}
	fmt.Printf("%-40s", "TOTAL")
	for ci := range confs {
		if *evalBrief {
			fmt.Printf(" %8.4f", tot[ci].Value())
			continue
		}
		fmt.Printf(" %18.4f", tot[ci].Value())
	}
	fmt.Println()
}

func evalOne(t *testing.T, pg evalPage, conf string, named map[string]Options, tmp, tag string) evalOut {
	// Decoded as the pipeline does: page k, orientation applied, the DPI the
	// file states (0 when none).
	sp, err := scan.Decode(pg.path, pg.k, scan.DefaultOptions())
	if err != nil {
		t.Fatalf("%s: %v", pg.path, err)
	}
	img, dpi := sp.Image, sp.DPI
	start := time.Now()
	var results []*Result
	switch conf {
	case "none", "none2":
		r, err := Run(img, dpi, ModeNone, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if conf == "none2" { // Tesseract's own Sauvola on the raw page
			r.Vars = map[string]string{"thresholding_method": "2"}
		}
		results = []*Result{r}
	case "auto":
		r, err := Run(img, dpi, ModeAuto, Options{})
		if err != nil {
			t.Fatal(err)
		}
		results = []*Result{r}
	case "best":
		results, err = Variants(img, dpi, Options{})
		if err != nil {
			t.Fatal(err)
		}
	default:
		if names, ok := strings.CutPrefix(conf, "pick:"); ok {
			// Each named configuration once; the highest mean confidence wins.
			best := evalOut{conf: -1}
			for _, n := range strings.Split(names, "+") {
				r := evalOne(t, pg, n, named, tmp, tag+"-"+n)
				if r.conf > best.conf {
					best = r
					best.variant = n
				}
			}
			return best
		}
		o, ok := named[conf]
		if !ok {
			t.Fatalf("unknown configuration %q", conf)
		}
		r, err := Run(img, dpi, ModeAuto, o)
		if err != nil {
			t.Fatal(err)
		}
		results = []*Result{r}
	}
	prep := time.Since(start)
	if testing.Verbose() && *evalSteps {
		for _, r := range results {
			b, _ := json.Marshal(r.Steps)
			fmt.Printf("%s %s/%s dpi=%d %s\n", filepath.Base(pg.path), conf, r.Variant, r.DPI, b)
		}
	}
	best := evalOut{conf: -1, prep: prep}
	for vi, r := range results {
		base := filepath.Join(tmp, fmt.Sprintf("%s-%d", tag, vi))
		if err := writePGM(base+".pgm", r.Image); err != nil {
			t.Fatal(err)
		}
		if *evalKeep != "" {
			stem := pg.name
			os.MkdirAll(*evalKeep, 0o755)
			writePGM(filepath.Join(*evalKeep, fmt.Sprintf("%s.%s.%s.pgm", stem, conf, r.Variant)), r.Image)
		}
		args := []string{base + ".pgm", base, "-l", "rus", "--dpi", strconv.Itoa(r.DPI), "--psm", strconv.Itoa(*evalPSM)}
		vars := map[string]string{}
		if *evalBlack != "" {
			vars["tessedit_char_blacklist"] = *evalBlack
		}
		for k, v := range r.Vars {
			vars[k] = v
		}
		if *evalTVars != "" {
			for _, kv := range strings.Split(*evalTVars, ",") {
				k, v, _ := strings.Cut(kv, "=")
				vars[k] = v
			}
		}
		keys := make([]string, 0, len(vars))
		for k := range vars {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			args = append(args, "-c", k+"="+vars[k])
		}
		args = append(args, "txt", "tsv")
		cmd := exec.Command("tesseract", args...)
		cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("tesseract %v: %v\n%s", args, err, out)
		}
		txt, _ := os.ReadFile(base + ".txt")
		if *evalKeep != "" {
			stem := pg.name
			os.WriteFile(filepath.Join(*evalKeep, fmt.Sprintf("%s.%s.%s.txt", stem, conf, r.Variant)), txt, 0o644)
		}
		mc := meanConf(base + ".tsv")
		if vi == 0 || mc > best.conf {
			best = evalOut{cer: accuracy.CER(string(txt), pg.ref), conf: mc, variant: r.Variant, prep: prep}
		}
	}
	return best
}

// meanConf is the mean word confidence in a Tesseract TSV file (words only).
func meanConf(path string) float64 {
	f, err := os.Open(path)
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sum, n := 0.0, 0
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 12 || fs[0] != "5" || strings.TrimSpace(fs[11]) == "" {
			continue
		}
		c, err := strconv.ParseFloat(fs[10], 64)
		if err != nil || c < 0 {
			continue
		}
		sum += c
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

func writePGM(path string, g *image.Gray) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "P5\n%d %d\n255\n", g.Rect.Dx(), g.Rect.Dy())
	for y := 0; y < g.Rect.Dy(); y++ {
		w.Write(g.Pix[y*g.Stride : y*g.Stride+g.Rect.Dx()])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
