package tesseract

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
)

// pageLines is a page of typewritten-style Russian text (40 lines).
func pageLines() []string {
	base := []string{
		"Во время второй встречи 29 марта Ким Ир Сен вновь заявил,",
		"что он полностью согласен с предложением Советского",
		"правительства по корейскому вопросу и считает, что это",
		"предложение необходимо провести в жизнь как можно скорее.",
	}
	var out []string
	for len(out) < 40 {
		out = append(out, base...)
	}
	return out
}

// rss reads the process's resident set size in kB.
func rss(tb testing.TB) float64 {
	s, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		tb.Skip("no /proc/self/statm")
	}
	f := strings.Fields(string(s))
	pages, _ := strconv.Atoi(f[1])
	return float64(pages * os.Getpagesize() / 1024)
}

// runVars are the variables spravka run sets (per-character alternatives, a blacklist).
var runVars = map[string]string{"lstm_choice_mode": "2", "tessedit_char_blacklist": "‘’“”`®©‚|#^~_{}[]<>@$&£€°¬•"}

// BenchmarkHOCR recognises one A4 page of 40 lines through the adapter, as
// spravka run configures it. Compare with BenchmarkTesseractCLI, the same page
// and settings through the tesseract command, in the same run. Memory over
// many pages is TestSoakRSS's business.
func BenchmarkHOCR(b *testing.B) {
	testtools.Tesseract(b, "rus")
	testtools.OneThread(b)
	img := render(&testing.T{}, pageLines()...)
	c, err := New(Config{Lang: "rus", PSM: 4, Vars: runVars})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if _, err := c.HOCR(b.Context(), img, 300, nil); err != nil { // warm up
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.HOCR(b.Context(), img, 300, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTesseractCLI is the baseline: the tesseract command on the same
// page, written as PGM, with the same settings, hOCR output.
func BenchmarkTesseractCLI(b *testing.B) {
	testtools.Tesseract(b, "rus")
	testtools.OneThread(b)
	if _, err := exec.LookPath("tesseract"); err != nil {
		b.Skip("tesseract command not installed (apt-get install tesseract-ocr)")
	}
	img := render(&testing.T{}, pageLines()...)
	dir := b.TempDir()
	in := filepath.Join(dir, "page.pgm")
	if err := os.WriteFile(in, pgm(img), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		args := []string{in, filepath.Join(dir, "out"), "-l", "rus", "--dpi", "300", "--psm", "4"}
		for k, v := range runVars {
			args = append(args, "-c", k+"="+v)
		}
		cmd := exec.Command("tesseract", append(args, "hocr")...)
		cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}
