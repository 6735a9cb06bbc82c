package pipeline

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/pdf"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/review"
)

// pdfInput builds a folder of PDFs from the corpus of package pdf: a good
// two-page one (a drawn page, then a scan), a one-page scan, and the broken ones.
func pdfInput(t *testing.T) string {
	t.Helper()
	testtools.Command(t, "mutool", "mupdf-tools")
	testtools.Command(t, "qpdf", "qpdf")
	testtools.Command(t, "pdftotext", "poppler-utils")
	in := t.TempDir()
	for _, f := range []string{"two.pdf", "flate.pdf", "encrypted.pdf", "notapdf.pdf", "truncated.pdf", "empty.pdf"} {
		b, err := os.ReadFile(filepath.Join("pdf/testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, f), b, 0o644)
	}
	return in
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// TestRunReadsPDFs: every page of a PDF is a page of the run; every input
// PDF read gets its searchable copy with the corrected text; broken PDFs
// fail alone, each with its reason; the copies are the same on a rerun.
func TestRunReadsPDFs(t *testing.T) {
	in, out := pdfInput(t), t.TempDir()
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	cfg.DPI = 0
	sum, err := Run(context.Background(), cfg)
	if !errors.Is(err, ErrPagesFailed) {
		t.Fatalf("error %v, want some pages failed", err)
	}
	if sum.Pages.OK != 3 || sum.Pages.Failed != 4 {
		t.Errorf("pages %+v", sum.Pages)
	}
	for name, want := range map[string]string{
		"encrypted": "encrypted PDF that needs a password",
		"notapdf":   "not a PDF",
		"truncated": "broken or truncated PDF",
		"empty":     "empty file",
	} {
		if r := readRecord(t, out, name); r.Status != record.StatusFailed || !strings.Contains(r.Error, want) {
			t.Errorf("%s: %s %q, want failed with %q", name, r.Status, r.Error, want)
		}
	}
	vector, scanned := readRecord(t, out, "two.p1"), readRecord(t, out, "two.p2")
	if vector.Image.Width != 2550 || vector.Image.DPI != 300 || !strings.Contains(vector.Image.Note, "not one scan") {
		t.Errorf("the drawn page: %+v", vector.Image)
	}
	if scanned.Image.Width != 600 || scanned.Image.Height != 800 || scanned.Image.DPI != 300 || !strings.Contains(scanned.Image.Note, "pixel for pixel") {
		t.Errorf("the scan page: %+v", scanned.Image)
	}
	if len(sum.PDFs) != 2 || sum.PDFs[0].File != "flate.pdf" || sum.PDFs[1].File != "two.pdf" || sum.PDFs[1].Text != 2 || sum.PDFs[0].Error != "" {
		t.Fatalf("searchable PDFs %+v", sum.PDFs)
	}
	text := pdfText(t, filepath.Join(out, "two.pdf"))
	for _, want := range []string{"страница 2550x3300", "страница 600x800", "Разуваев"} {
		if !strings.Contains(text, want) {
			t.Errorf("two.pdf reads %q, want %q in it", text, want)
		}
	}
	if strings.Contains(text, "Рабузов") {
		t.Error("the searchable PDF holds the uncorrected reading")
	}
	first, _ := os.ReadFile(filepath.Join(out, "two.pdf"))
	cfg.Resume = true
	Run(context.Background(), cfg)
	if again, _ := os.ReadFile(filepath.Join(out, "two.pdf")); string(again) != string(first) {
		t.Error("a resumed run wrote another two.pdf")
	}
}

// TestPDFsWithTheReviewedText: spravka pdf writes the copies again with the
// archivist's decisions, and refuses an input that changed since it was read.
func TestPDFsWithTheReviewedText(t *testing.T) {
	in, out := pdfInput(t), t.TempDir()
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	Run(context.Background(), cfg)

	hocr, err := os.ReadFile(filepath.Join(out, "flate.hocr"))
	if err != nil {
		t.Fatal(err)
	}
	f := review.File{Page: "flate", OCR: review.HashOCR(string(hocr)), Decisions: []review.Decision{
		{Line: 2, Word: 0, Words: 1, From: "Рабузов", Proposed: "Разуваев", Action: review.Edit, To: "Кузнецов"}}}
	data, _ := record.Marshal(f)
	os.WriteFile(filepath.Join(out, "flate"+review.ExtReview), data, 0o644)

	pdfs, err := PDFs(in, out, PDFOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pdfs) != 2 || pdfs[0].File != "flate.pdf" || pdfs[0].Reviewed != 1 || pdfs[1].Reviewed != 0 || pdfs[0].Error != "" {
		t.Fatalf("PDFs: %+v", pdfs)
	}
	if text := pdfText(t, filepath.Join(out, "flate.pdf")); !strings.Contains(text, "Кузнецов") || strings.Contains(text, "Разуваев") {
		t.Errorf("flate.pdf reads %q, want the reviewed Кузнецов", text)
	}

	// decisions made on another reading are not applied
	f.OCR = review.HashOCR("another reading")
	data, _ = record.Marshal(f)
	os.WriteFile(filepath.Join(out, "flate"+review.ExtReview), data, 0o644)
	if pdfs, _ := PDFs(in, out, PDFOptions{}); pdfs[0].Reviewed != 0 || !strings.Contains(pdfText(t, filepath.Join(out, "flate.pdf")), "Разуваев") {
		t.Errorf("stale decisions applied: %+v", pdfs)
	}

	// an input changed since it was read
	os.WriteFile(filepath.Join(in, "flate.pdf"), append(mustRead(t, filepath.Join(in, "flate.pdf")), '\n'), 0o644)
	pdfs, err = PDFs(in, out, PDFOptions{})
	if err != nil || pdfs[0].Error == "" || !strings.Contains(pdfs[0].Error, "changed since") {
		t.Errorf("a changed input: %+v, %v", pdfs, err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestShardsWriteNoPDF: a shard may not hold every page of a PDF, so shards
// write none; spravka pdf writes them from every shard's records.
func TestShardsWriteNoPDF(t *testing.T) {
	in, out := pdfInput(t), t.TempDir()
	var calls atomic.Int64
	for i := range 2 {
		cfg, _ := testConfig(t, in, out, &calls)
		cfg.Shard = Shard{I: i, N: 2}
		if sum, _ := Run(context.Background(), cfg); sum == nil || len(sum.PDFs) != 0 {
			t.Fatalf("shard %d wrote PDFs: %+v", i, sum)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "two.pdf")); err == nil {
		t.Fatal("a shard wrote two.pdf")
	}
	pdfs, err := PDFs(in, out, PDFOptions{})
	if err != nil || len(pdfs) != 2 || pdfs[1].File != "two.pdf" || pdfs[1].Text != 2 {
		t.Fatalf("PDFs after the shards: %+v, %v", pdfs, err)
	}
	if text := pdfText(t, filepath.Join(out, "two.pdf")); !strings.Contains(text, "страница 600x800") {
		t.Errorf("two.pdf reads %q", text)
	}
}

// imageInput is a folder of the images of package scan's tests: PNG, G4
// TIFF, a three-page LZW TIFF, JPEG and CMYK JPEG.
func imageInput(t *testing.T) string {
	t.Helper()
	testtools.Command(t, "mutool", "mupdf-tools")
	testtools.Command(t, "qpdf", "qpdf")
	testtools.Command(t, "pdftotext", "poppler-utils")
	in := t.TempDir()
	for _, f := range []string{"p1.png", "g4.tif", "multipage.tif", "dpi150.jpg", "cmyk.jpg"} {
		os.WriteFile(filepath.Join(in, f), mustRead(t, filepath.Join("scan/testdata", f)), 0o644)
	}
	return in
}

// TestRunWritesImagePDFs: with --pdf every image file gets its searchable
// PDF, a page per image at the image's resolution, PDF/A-2b unless the
// image is CMYK; a rerun writes the same bytes, and a resumed run leaves
// PDFs that are up to date as they are.
func TestRunWritesImagePDFs(t *testing.T) {
	in, out := imageInput(t), t.TempDir()
	var calls atomic.Int64
	cfg, _ := testConfig(t, in, out, &calls)
	cfg.DPI, cfg.PDF = 0, true
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		file    string
		pages   int
		pdfa    bool
		widthPt float64
		kind    string
	}{
		{"cmyk.pdf", 1, false, 0, "JPEG, as it is (DCT)"},
		{"dpi150.pdf", 1, true, 28.8, "JPEG, as it is (DCT)"},
		{"g4.pdf", 1, true, 21.6, "CCITT Group 4, as it is"},
		{"multipage.pdf", 3, true, 14.4, "decoded, its pixels kept Flate-compressed (lossless)"},
		{"p1.pdf", 1, true, 14.4, "PNG image data, as it is (Flate)"},
	}
	if len(sum.PDFs) != len(want) {
		t.Fatalf("searchable PDFs %+v", sum.PDFs)
	}
	first := map[string][]byte{}
	for i, w := range want {
		p := sum.PDFs[i]
		if p.File != w.file || p.Pages != w.pages || p.Text != w.pages || (p.PDFA != "") != w.pdfa || p.Error != "" || !slices.Equal(p.Images, []string{w.kind}) {
			t.Errorf("%s: %+v", w.file, p)
		}
		if !w.pdfa && !strings.Contains(p.NotPDFA, "CMYK") {
			t.Errorf("%s is not PDF/A, and says %q", w.file, p.NotPDFA)
		}
		path := filepath.Join(out, w.file)
		if w.widthPt == 0 { // 60 pixels at the resolution the file states
			w.widthPt = 60 * 72 / readRecord(t, out, strings.TrimSuffix(w.file, ".pdf")).Image.DPI
		}
		for k := 1; k <= w.pages; k++ {
			l, err := pdf.Layout(path, k)
			if err != nil || math.Abs(l.Width-w.widthPt) > 0.01 {
				t.Errorf("%s page %d: %+v, %v; want %g pt wide", w.file, k, l, err, w.widthPt)
			}
		}
		if text := pdfText(t, path); strings.Count(text, "страница 60x40") != w.pages {
			t.Errorf("%s reads %q", w.file, text)
		}
		first[w.file] = mustRead(t, path)
	}

	// a rerun writes the same bytes
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, b := range first {
		if !bytes.Equal(b, mustRead(t, filepath.Join(out, name))) {
			t.Errorf("%s differs on a rerun", name)
		}
		os.Chtimes(filepath.Join(out, name), old, old)
	}

	// a resumed run leaves them as they are, but for the one that is gone;
	// a page read again with the same text does not change its PDF
	os.Remove(filepath.Join(out, "p1.pdf"))
	os.Remove(filepath.Join(out, "g4.json"))
	cfg.Resume = true
	sum, err = Run(context.Background(), cfg)
	if err != nil || len(sum.PDFs) != len(want) {
		t.Fatalf("resumed: %+v, %v", sum, err)
	}
	for name := range first {
		fi, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if written := !fi.ModTime().Equal(old); written != (name == "p1.pdf") {
			t.Errorf("resumed: %s written again: %v", name, written)
		}
	}
}

// TestShardsWriteNoImagePDF: shards write no PDF of an image file either;
// spravka pdf --images writes them from every shard's records.
func TestShardsWriteNoImagePDF(t *testing.T) {
	in, out := imageInput(t), t.TempDir()
	var calls atomic.Int64
	for i := range 2 {
		cfg, _ := testConfig(t, in, out, &calls)
		cfg.Shard, cfg.PDF = Shard{I: i, N: 2}, true
		if sum, _ := Run(context.Background(), cfg); sum == nil || len(sum.PDFs) != 0 {
			t.Fatalf("shard %d wrote PDFs: %+v", i, sum)
		}
	}
	if pdfs, err := PDFs(in, out, PDFOptions{}); err != nil || len(pdfs) != 0 {
		t.Fatalf("PDFs without --images: %+v, %v", pdfs, err)
	}
	pdfs, err := PDFs(in, out, PDFOptions{Images: true, Version: "test"})
	if err != nil || len(pdfs) != 5 || pdfs[3].File != "multipage.pdf" || pdfs[3].Text != 3 || pdfs[3].PDFA != pdf.PDFA2B {
		t.Fatalf("PDFs after the shards: %+v, %v", pdfs, err)
	}
	// written again without --images: spravka wrote them
	if pdfs, err := PDFs(in, out, PDFOptions{}); err != nil || len(pdfs) != 5 {
		t.Fatalf("PDFs again: %+v, %v", pdfs, err)
	}
}
