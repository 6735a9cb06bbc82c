package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/record"
)

func needPDFTools(t *testing.T) {
	t.Helper()
	needTools(t)
	testtools.Command(t, "mutool", "mupdf-tools")
	testtools.Command(t, "qpdf", "qpdf")
	testtools.Command(t, "pdftotext", "poppler-utils")
	testtools.Command(t, "pdftoppm", "poppler-utils")
	testtools.Command(t, "img2pdf", "img2pdf")
	testtools.Command(t, "convert", "imagemagick")
}

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr)
	}
	return out
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPDFOfScans: a PDF that img2pdf made of sample pages (a two-page TIFF
// and a JPEG) reads as the images do; its searchable copy passes qpdf
// --check, has the input's pages, sizes and pixels, about its size, and
// pdftotext gives each page's corrected text back.
func TestPDFOfScans(t *testing.T) {
	needPDFTools(t)
	images, pdfs, outImages, outPDF := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	tif, jpg := "exercise-memo__freemono__clean.tif", "telegram-1953-03-29-b__freemono__carbon.jpg"
	for _, f := range []string{tif, jpg} {
		os.WriteFile(filepath.Join(images, f), []byte(readText(t, filepath.Join(scansDir, f))), 0o644)
	}
	in := filepath.Join(pdfs, "archive.pdf")
	run(t, "img2pdf", "--nodate", filepath.Join(images, tif), filepath.Join(images, jpg), "-o", in)

	if code, _, stderr := spravka(t, "", "run", images, "-o", outImages, "--progress", "none", "-q"); code != 0 {
		t.Fatalf("images: exit %d\n%s", code, stderr)
	}
	code, _, stderr := spravka(t, "", "run", pdfs, "-o", outPDF, "--progress", "none", "-q")
	if code != 0 {
		t.Fatalf("PDF: exit %d\n%s", code, stderr)
	}
	pages := []struct{ image, pdf string }{
		{"exercise-memo__freemono__clean.p1", "archive.p1"},
		{"exercise-memo__freemono__clean.p2", "archive.p2"},
		{"telegram-1953-03-29-b__freemono__carbon", "archive.p3"},
	}
	out := filepath.Join(outPDF, "archive.pdf")
	for k, p := range pages {
		fromImage, fromPDF := readText(t, filepath.Join(outImages, p.image+".txt")), readText(t, filepath.Join(outPDF, p.pdf+".txt"))
		// the TIFF's pages reach Tesseract with the same pixels (img2pdf
		// stores them losslessly, MuPDF gives them back one to one); the
		// JPEG is decoded by libjpeg instead of Go: a grey level here and there
		if cer := accuracy.CER(fromPDF, fromImage).Value(); cer > 0.005 || k < 2 && fromPDF != fromImage {
			t.Errorf("%s reads unlike %s: CER %.4f", p.pdf, p.image, cer)
		}
		var rec record.Page
		readJSON(t, filepath.Join(outPDF, p.pdf+".json"), &rec)
		if rec.Image.Width != 2480 || rec.Image.Height != 3508 || !strings.Contains(rec.Image.Note, "pixel for pixel") {
			t.Errorf("%s: %+v", p.pdf, rec.Image)
		}
		// -raw: in the order the text layer holds it, the reading order
		// (pdftotext's own layout analysis may move a block: a signature
		// beside a date comes after it on page 1, CER 0.031)
		got := string(run(t, "pdftotext", "-raw", "-f", strconv.Itoa(k+1), "-l", strconv.Itoa(k+1), out, "-"))
		if cer := accuracy.CER(got, fromPDF).Value(); cer > 0.02 {
			t.Errorf("page %d: pdftotext gives the corrected text back with CER %.4f\n%s", k+1, cer, got)
		}
	}
	run(t, "qpdf", "--check", out)
	if a, b := run(t, "pdfinfo", "-f", "1", "-l", "3", in), run(t, "pdfinfo", "-f", "1", "-l", "3", out); pageSizes(a) != pageSizes(b) {
		t.Errorf("page sizes changed:\n%s\n%s", pageSizes(a), pageSizes(b))
	}
	dir := t.TempDir()
	run(t, "pdftoppm", "-r", "40", "-gray", in, filepath.Join(dir, "in"))
	run(t, "pdftoppm", "-r", "40", "-gray", out, filepath.Join(dir, "out"))
	for k := 1; k <= 3; k++ {
		a, b := readText(t, filepath.Join(dir, "in-"+strconv.Itoa(k)+".pgm")), readText(t, filepath.Join(dir, "out-"+strconv.Itoa(k)+".pgm"))
		if a != b {
			t.Errorf("page %d looks different", k)
		}
	}
	ai, _ := os.Stat(in)
	bi, _ := os.Stat(out)
	if bi.Size() > ai.Size()+ai.Size()/10+64<<10 {
		t.Errorf("the copy is %d bytes, the input %d", bi.Size(), ai.Size())
	}
}

func pageSizes(info []byte) string {
	var out []string
	for _, l := range strings.Split(string(info), "\n") {
		if strings.HasPrefix(l, "Page") && strings.Contains(l, "size") || strings.HasPrefix(l, "Pages:") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestPDFOfOtherPages: a CCITT G4 page is read; a page with no scan (text
// drawn in a font) is rendered and read; broken PDFs fail alone (exit 3).
func TestPDFOfOtherPages(t *testing.T) {
	needPDFTools(t)
	in, out := t.TempDir(), t.TempDir()
	page := "telegram-1953-03-29-a__liberationmono__clean"
	g4 := filepath.Join(t.TempDir(), "g4.tif")
	run(t, "convert", filepath.Join(scansDir, page+".png"), "-threshold", "50%", "-compress", "Group4", g4)
	run(t, "img2pdf", "--nodate", g4, "-o", filepath.Join(in, "ccitt.pdf"))
	os.WriteFile(filepath.Join(in, "g4.tif"), []byte(readText(t, g4)), 0o644) // the same page as an image
	for _, f := range []string{"vector.pdf", "encrypted.pdf", "truncated.pdf", "notapdf.pdf"} {
		os.WriteFile(filepath.Join(in, f), []byte(readText(t, filepath.Join("../../pipeline/pdf/testdata", f))), 0o644)
	}
	code, _, stderr := spravka(t, "", "run", in, "-o", out, "--progress", "none", "--lang", "rus+eng")
	if code != 3 {
		t.Fatalf("exit %d, want 3\n%s", code, stderr)
	}
	for _, bad := range []string{"encrypted.pdf", "truncated.pdf", "notapdf.pdf"} {
		if !strings.Contains(stderr, bad) {
			t.Errorf("stderr does not name %s", bad)
		}
	}
	var ccitt record.Page
	readJSON(t, filepath.Join(out, "ccitt.json"), &ccitt)
	if ccitt.Status != "ok" || ccitt.OCR.Words < 100 || readText(t, filepath.Join(out, "ccitt.txt")) != readText(t, filepath.Join(out, "g4.txt")) {
		t.Errorf("the CCITT page (%s, %d words) reads unlike the same page as a G4 TIFF", ccitt.Status, ccitt.OCR.Words)
	}
	if text := readText(t, filepath.Join(out, "vector.txt")); !strings.Contains(text, "QUICK BROWN FOX") {
		t.Errorf("the drawn page reads %q", text)
	}
	if !bytes.Contains(run(t, "pdftotext", filepath.Join(out, "vector.pdf"), "-"), []byte("QUICK BROWN FOX")) {
		t.Error("the drawn page's copy does not give its text back")
	}
}
