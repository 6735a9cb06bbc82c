package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/scan"
)

// The end-to-end tests build the real binary and run it with real Tesseract
// and Hunspell on the sample pages in scans/ (under go test -race, a binary
// built with the race detector).

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "spravka-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "spravka")
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race") // the run's concurrency is the binary's
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building spravka: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// spravka runs the binary and returns its exit code, stdout and stderr.
func spravka(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Stdin = strings.NewReader(stdin)
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errb.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String(), errb.String()
	}
	t.Fatal(err)
	return 0, "", ""
}

func needTools(t *testing.T) {
	t.Helper()
	testtools.Tesseract(t, "rus", "eng")
	testtools.Hunspell(t, "ru_RU")
}

const scansDir = "../../scans"

// maxRawCER bounds the raw OCR error rate of each sample page by its damage
// profile (the name's last part); measured values are in scans/README.md.
var maxRawCER = map[string]float64{"clean": 0.04, "carbon": 0.08, "poor": 0.12}

func profile(name string) string {
	for p := range maxRawCER {
		if strings.Contains(name, "__"+p) {
			return p
		}
	}
	return "poor"
}

func TestRunOnSampleScans(t *testing.T) {
	needTools(t)
	out := t.TempDir()
	code, _, stderr := spravka(t, "", "run", scansDir, "-o", out, "--progress", "none")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	srcs, err := scan.Discover(scansDir)
	if err != nil || len(srcs) == 0 {
		t.Fatalf("no sample scans: %v", err)
	}
	pages := 0
	for _, s := range srcs {
		for k := 1; k <= s.Pages; k++ {
			pages++
			name := s.Name(k)
			t.Run(name, func(t *testing.T) { checkPage(t, out, name) })
		}
	}
	var sum record.Summary
	readJSON(t, filepath.Join(out, "summary.json"), &sum)
	if sum.Pages.Total != pages || sum.Pages.OK != pages || sum.Truth == nil || sum.Truth.Pages != pages {
		t.Errorf("summary pages %+v truth %+v, want %d pages all ok with transcriptions", sum.Pages, sum.Truth, pages)
	}
	if sum.Truth != nil && sum.Truth.Corrected.CER > sum.Truth.Raw.CER {
		t.Errorf("correction made the sample pages worse: CER %.4f → %.4f", sum.Truth.Raw.CER, sum.Truth.Corrected.CER)
	}
	html, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !bytes.Contains(html, []byte(`"name":"`+srcs[0].Name(1)+`"`)) {
		t.Errorf("index.html missing or without the pages: %v", err)
	}
	for _, s := range srcs {
		for k := 1; k <= s.Pages; k++ {
			view, err := os.ReadFile(filepath.Join(out, s.Name(k)+".html"))
			if err != nil || !bytes.Contains(view, []byte(`<svg viewBox=`)) || !bytes.Contains(view, []byte(`.web.jpg"`)) {
				t.Errorf("page view of %s missing or without its scan and boxes: %v", s.Name(k), err)
			}
		}
	}

	// a second run, with one worker, writes the same page files byte for byte
	again := t.TempDir()
	if code, _, stderr := spravka(t, "", "run", scansDir, "-o", again, "-j", "1", "--progress", "none"); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.IsDir() && fi.Name() == ".spravka" {
			return filepath.SkipDir // the lock and the list of files written: bookkeeping
		}
		if err != nil || fi.IsDir() || fi.Name() == "summary.json" {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(again, rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between runs (%v)", rel, err)
		}
		if bytes.Contains(a, []byte(out)) || bytes.Contains(a, []byte("/tmp/")) {
			t.Errorf("%s holds an absolute path", rel)
		}
		return nil
	})
}

// checkPage checks every output of one page of the sample run.
func checkPage(t *testing.T, out, name string) {
	var rec record.Page
	readJSON(t, filepath.Join(out, name+".json"), &rec)
	if rec.Status != record.StatusOK || rec.Error != "" {
		t.Fatalf("status %s: %s", rec.Status, rec.Error)
	}
	for _, ext := range []string{".txt", ".ocr.txt", ".hocr", ".alto.xml"} {
		fi, err := os.Stat(filepath.Join(out, name+ext))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s%s missing or empty: %v", name, ext, err)
		}
	}
	if rec.Image == nil || len(rec.Image.SHA256) != 64 || rec.Image.DPI == 0 {
		t.Errorf("image record %+v", rec.Image)
	}
	if rec.OCR == nil || !strings.HasPrefix(rec.OCR.Engine, "5.") || rec.OCR.Lang != "rus" || rec.OCR.MeanConf == nil || rec.OCR.Words < 20 {
		t.Errorf("OCR record %+v", rec.OCR)
	}
	if rec.Preprocess == nil || rec.Preprocess.DPI < 250 || len(rec.Preprocess.Steps) == 0 {
		t.Errorf("preprocess record %+v", rec.Preprocess)
	}

	// the hOCR is Tesseract's and agrees with the raw text
	hocr, _ := os.ReadFile(filepath.Join(out, name+".hocr"))
	p, err := ocr.ParseHOCR(bytes.NewReader(hocr))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(out, name+".ocr.txt"))
	if p.Text() != string(raw) {
		t.Errorf("the .ocr.txt is not the hOCR's text")
	}
	// the ALTO is well-formed and holds the corrected words
	alto, _ := os.ReadFile(filepath.Join(out, name+".alto.xml"))
	var doc struct {
		FileName string `xml:"Description>sourceImageInformation>fileName"`
		Page     struct {
			Width   int `xml:"WIDTH,attr"`
			Strings []struct {
				Content string `xml:"CONTENT,attr"`
				X       int    `xml:"HPOS,attr"`
				Y       int    `xml:"VPOS,attr"`
				W       int    `xml:"WIDTH,attr"`
				H       int    `xml:"HEIGHT,attr"`
			} `xml:"PrintSpace>TextBlock>TextLine>String"`
		} `xml:"Layout>Page"`
	}
	if err := xml.Unmarshal(alto, &doc); err != nil {
		t.Fatalf("ALTO: %v", err)
	}
	// the ALTO boxes lie on the words of the original scan: each holds ink,
	// clearly darker than the paper (faded carbons are light gray)
	if doc.FileName != rec.Input || doc.Page.Width != rec.Image.Width {
		t.Errorf("ALTO names %q, %d px wide; the scan is %q, %d px", doc.FileName, doc.Page.Width, rec.Input, rec.Image.Width)
	}
	scanPage, err := scan.Decode(filepath.Join(scansDir, rec.Input), rec.PageNo, scan.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	inked, paper := 0, paperLevel(scanPage.Image)
	for _, s := range doc.Page.Strings {
		if int(darkest(scanPage.Image, image.Rect(s.X, s.Y, s.X+s.W, s.Y+s.H))) < paper-60 {
			inked++
		}
	}
	if inked < len(doc.Page.Strings)*95/100 {
		t.Errorf("only %d of %d ALTO word boxes hold ink on the scan", inked, len(doc.Page.Strings))
	}
	txt, _ := os.ReadFile(filepath.Join(out, name+".txt"))
	if words := strings.Fields(string(txt)); len(doc.Page.Strings) != len(words) {
		t.Errorf("ALTO has %d strings, the text %d words", len(doc.Page.Strings), len(words))
	}

	// the CER recorded is the CER of the files against the transcription, within bounds
	if rec.Truth == nil {
		t.Fatal("no transcription found for a sample page")
	}
	gt, err := os.ReadFile(filepath.Join(scansDir, rec.Truth.File))
	if err != nil {
		t.Fatal(err)
	}
	if got := accuracy.CER(string(raw), string(gt)); got != rec.Truth.Raw.Chars {
		t.Errorf("recorded raw CER %+v, files give %+v", rec.Truth.Raw.Chars, got)
	}
	if got := accuracy.CER(string(txt), string(gt)); got != rec.Truth.Corrected.Chars {
		t.Errorf("recorded corrected CER %+v, files give %+v", rec.Truth.Corrected.Chars, got)
	}
	if max := maxRawCER[profile(name)]; rec.Truth.Raw.CER > max {
		t.Errorf("raw CER %.4f above %.2f for a %s page", rec.Truth.Raw.CER, max, profile(name))
	}
	if rec.Truth.Corrected.CER > rec.Truth.Raw.CER {
		t.Errorf("correction increased CER: %.4f → %.4f (fixed %d, broken %d)",
			rec.Truth.Raw.CER, rec.Truth.Corrected.CER, rec.Truth.Words.Fixed, rec.Truth.Words.Broken)
	}
	t.Logf("raw CER %.4f, corrected %.4f, words fixed %d broken %d",
		rec.Truth.Raw.CER, rec.Truth.Corrected.CER, rec.Truth.Words.Fixed, rec.Truth.Words.Broken)
}

// darkest returns the darkest gray level inside r.
func darkest(img image.Image, r image.Rectangle) uint8 {
	d := uint8(255)
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g := color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y; g < d {
				d = g
			}
		}
	}
	return d
}

// paperLevel is the median gray level of a sample of the page's pixels.
func paperLevel(img image.Image) int {
	var hist [256]int
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			hist[color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y]++
			n++
		}
	}
	for g, seen := 0, 0; g < 256; g++ {
		if seen += hist[g]; seen >= n/2 {
			return g
		}
	}
	return 255
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// samplePage copies one sample page and its transcription into dir.
func samplePage(t *testing.T, dir string) string {
	t.Helper()
	srcs, err := scan.Discover(scansDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if s.Pages != 1 || !strings.HasSuffix(s.Path, ".png") {
			continue
		}
		for _, f := range []string{s.Path, strings.TrimSuffix(s.Path, ".png") + ".gt.txt"} {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
		}
		return s.Rel
	}
	t.Fatal("no single-page PNG in scans/")
	return ""
}

func TestRunWithABadFile(t *testing.T) {
	needTools(t)
	in, out := t.TempDir(), t.TempDir()
	good := samplePage(t, in)
	os.WriteFile(filepath.Join(in, "torn.png"), []byte("\x89PNG\r\n\x1a\nthen nothing useful"), 0o644)
	code, _, stderr := spravka(t, "", "run", in, "-o", out, "--progress", "none")
	if code != 3 {
		t.Fatalf("exit %d, want 3; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "torn.png") {
		t.Errorf("stderr does not name the bad file:\n%s", stderr)
	}
	var bad, ok record.Page
	readJSON(t, filepath.Join(out, "torn.json"), &bad)
	readJSON(t, filepath.Join(out, good+".json"), &ok)
	if bad.Status != "failed" || !strings.Contains(bad.Error, "torn.png") || ok.Status != "ok" {
		t.Errorf("records: bad %s %q, good %s", bad.Status, bad.Error, ok.Status)
	}
	if _, err := os.Stat(filepath.Join(out, good+".txt")); err != nil {
		t.Error("the good page was not written")
	}
}

func TestRunLanguages(t *testing.T) {
	needTools(t)
	in := t.TempDir()
	samplePage(t, in)
	if code, _, stderr := spravka(t, "", "run", in, "-o", t.TempDir(), "--lang", "rus+eng", "--progress", "none"); code != 0 {
		t.Errorf("rus+eng: exit %d\n%s", code, stderr)
	}
	code, _, stderr := spravka(t, "", "run", in, "-o", t.TempDir(), "--lang", "rus+xqz", "--progress", "none")
	if code != 1 || !strings.Contains(stderr, "apt-get install tesseract-ocr-xqz") {
		t.Errorf("missing language: exit %d, want 1 with an install hint; stderr:\n%s", code, stderr)
	}
}

func TestCorrectCommand(t *testing.T) {
	needTools(t)
	code, stdout, stderr := spravka(t, "т. т. Кузнецов, Рабузов и Федоренко\tсообщили\n", "correct")
	if code != 0 || stdout != "т. т. Кузнецов, Разуваев и Федоренко\tсообщили\n" {
		t.Errorf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	code, stdout, _ = spravka(t, "до приезда Каллины\n", "correct", "--json")
	var recs []struct {
		Applied     int `json:"applied"`
		Corrections []struct {
			From, To, Rule string
			Applied        bool
		} `json:"corrections"`
	}
	if err := json.Unmarshal([]byte(stdout), &recs); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, stdout)
	}
	if len(recs) != 1 || recs[0].Applied != 1 || recs[0].Corrections[0].To != "Малика" || recs[0].Corrections[0].Rule != "lexicon" {
		t.Errorf("record %+v", recs)
	}
}

func TestInterrupt(t *testing.T) {
	needTools(t)
	out := t.TempDir()
	cmd := exec.Command(binary, "run", scansDir, "-o", out, "-j", "1", "--progress", "none")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// interrupt once the first page is written
	deadline := time.Now().Add(2 * time.Minute)
	for {
		m, _ := filepath.Glob(filepath.Join(out, "*.json"))
		if len(m) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want 130; stderr:\n%s", err, errb.String())
	}
	var sum record.Summary
	readJSON(t, filepath.Join(out, "summary.json"), &sum)
	if !sum.Interrupted || sum.Pages.Total == 0 || sum.Pages.NotFinished == 0 || len(sum.NotFinished) != sum.Pages.NotFinished ||
		sum.Pages.OK+sum.Pages.Failed+sum.Pages.NotFinished != sum.Pages.Total {
		t.Errorf("summary after interrupt: %+v, not finished %v", sum.Pages, sum.NotFinished)
	}
	// what was written is whole: each record's outputs exist; resume finishes the rest
	code, _, stderr := spravka(t, "", "run", scansDir, "-o", out, "--resume", "--progress", "none")
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s", code, stderr)
	}
	readJSON(t, filepath.Join(out, "summary.json"), &sum)
	if sum.Pages.Skipped == 0 || sum.Pages.OK != sum.Pages.Total {
		t.Errorf("resume summary %+v", sum.Pages)
	}
}

// TestPageTimeout runs a page with a time limit it cannot meet: it fails
// with the limit in its record and the run exits 3.
func TestPageTimeout(t *testing.T) {
	needTools(t)
	in, out := t.TempDir(), t.TempDir()
	name := samplePage(t, in)
	code, _, stderr := spravka(t, "", "run", in, "-o", out, "--page-timeout", "1ms", "--progress", "none")
	if code != 3 {
		t.Fatalf("exit %d, want 3; stderr:\n%s", code, stderr)
	}
	var rec record.Page
	readJSON(t, filepath.Join(out, name+".json"), &rec)
	if want := "ocr " + name + ".png: timed out after 1ms"; rec.Status != "failed" || rec.Error != want {
		t.Errorf("record: %s %q, want failed %q", rec.Status, rec.Error, want)
	}
	if !strings.Contains(stderr, "timed out after 1ms") {
		t.Errorf("stderr does not say the page timed out:\n%s", stderr)
	}
}

// TestInterruptSlowPage interrupts a run while Tesseract reads a page four
// sample pages long: the recognition is stopped and spravka exits 130 sooner
// than it took to start and read the first, ordinary page, which is written;
// the stopped page is not, and the summary lists it as not finished.
func TestInterruptSlowPage(t *testing.T) {
	needTools(t)
	in, out := t.TempDir(), t.TempDir()
	name := samplePage(t, in)
	os.Rename(filepath.Join(in, name+".png"), filepath.Join(in, "a.png"))
	f, err := os.Open(filepath.Join(in, "a.png"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	b := page.Bounds()
	tall := image.NewGray(image.Rect(0, 0, b.Dx(), 4*b.Dy()))
	for i := range 4 {
		draw.Draw(tall, b.Add(image.Pt(0, i*b.Dy())), page, b.Min, draw.Src)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, tall); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "b-slow.png"), buf.Bytes(), 0o644)

	// --preprocess none: the slow page's time is all Tesseract's
	cmd := exec.Command(binary, "run", in, "-o", out, "-j", "1", "--preprocess", "none", "--dpi", "300", "--progress", "none")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(out, "a.json")); err == nil {
			break
		}
		if time.Since(start) > 2*time.Minute {
			cmd.Process.Kill()
			t.Fatalf("the first page was not written in two minutes; stderr:\n%s", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	first := time.Since(start)
	stop := time.Now()
	cmd.Process.Signal(os.Interrupt)
	err = cmd.Wait()
	took := time.Since(stop)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want 130; stderr:\n%s", err, errb.String())
	}
	t.Logf("first page written after %v; exit %v after the interrupt", first.Round(time.Millisecond), took.Round(time.Millisecond))
	if took >= first {
		t.Errorf("exit %v after the interrupt, no sooner than the first page took (%v)", took, first)
	}
	if _, err := os.Stat(filepath.Join(out, "b-slow.json")); err == nil {
		t.Error("the stopped page has a record")
	}
	var sum record.Summary
	readJSON(t, filepath.Join(out, "summary.json"), &sum)
	if !sum.Interrupted || sum.Pages.OK != 1 || !slices.Equal(sum.NotFinished, []string{"b-slow"}) {
		t.Errorf("summary after interrupt: interrupted %v, %+v, not finished %v", sum.Interrupted, sum.Pages, sum.NotFinished)
	}
}

// TestCorrectSeed is the check through the binary: the published text
// of the 1953 telegram corrected is its transcription, byte for byte.
func TestCorrectSeed(t *testing.T) {
	needTools(t)
	const seed = "../../pipeline/correct/testdata/seed/telegram-1953-03-29"
	code, stdout, stderr := spravka(t, "", "correct", seed+".ocr.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile(seed + ".gt.txt")
	if err != nil {
		t.Fatal(err)
	}
	if stdout != string(want) {
		t.Errorf("corrected seed differs from its transcription")
	}
}

// TestBestMode reads the poor sample page with --preprocess best and with
// auto: best reads it three ways, every word it took from another reading
// is in its record and in its files, and it makes fewer raw errors
// (measured: CER 0.051 with auto, 0.046 with best).
func TestBestMode(t *testing.T) {
	needTools(t)
	in := t.TempDir()
	const name = "exercise-spravka__ptmono__poor"
	for _, ext := range []string{".jpg", ".gt.txt"} {
		b, err := os.ReadFile(filepath.Join(scansDir, name+ext))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, name+ext), b, 0o644)
	}
	var recs [2]record.Page
	var outs [2]string
	for i, mode := range []string{"auto", "best"} {
		outs[i] = t.TempDir()
		if code, _, stderr := spravka(t, "", "run", in, "-o", outs[i], "--preprocess", mode, "--keep-images", "--progress", "none"); code != 0 {
			t.Fatalf("%s: exit %d\n%s", mode, code, stderr)
		}
		readJSON(t, filepath.Join(outs[i], name+".json"), &recs[i])
	}
	auto, best := recs[0], recs[1]
	if vs := best.Preprocess.Variants; len(vs) != 3 || vs[0].Name != "auto" || vs[0].Plausibility >= 0.95 {
		t.Fatalf("best read variants %+v, want auto, clean and healed after a poor auto reading", vs)
	}
	if len(best.OCR.Combined) == 0 {
		t.Fatal("best took no word from the other readings")
	}
	raw, _ := os.ReadFile(filepath.Join(outs[1], name+".ocr.txt"))
	words := map[string]bool{}
	for _, w := range strings.Fields(string(raw)) {
		words[w] = true
	}
	for _, c := range best.OCR.Combined {
		if !words[c.To] || c.Reading < 1 || c.Reading > 2 || c.From == c.To {
			t.Errorf("take %+v not in the raw text or malformed", c)
		}
	}
	hocr, _ := os.ReadFile(filepath.Join(outs[1], name+".hocr"))
	p, err := ocr.ParseHOCR(bytes.NewReader(hocr))
	if err != nil || accuracy.Fold(p.Text()) != accuracy.Fold(string(raw)) {
		t.Errorf("best's hOCR does not read as its .ocr.txt (%v)", err)
	}
	// the image kept is the anchor's, the one the record describes
	f, err := os.Open(filepath.Join(outs[1], name+".prep.png"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil || cfg.Width != best.Preprocess.Width || cfg.Height != best.Preprocess.Height {
		t.Errorf(".prep.png %dx%d (%v), record %dx%d", cfg.Width, cfg.Height, err, best.Preprocess.Width, best.Preprocess.Height)
	}
	if auto.Truth == nil || best.Truth == nil || best.Truth.Raw.CER >= auto.Truth.Raw.CER {
		t.Errorf("raw CER best %+v, auto %+v: want best below auto", best.Truth, auto.Truth)
	}
}
