package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spravka/spravka/pipeline/accuracy"
	"github.com/spravka/spravka/pipeline/record"
)

// printDir holds clean bilevel images of printed text made by
// testdata/print/generate.sh: line images in lines/, pages in pages/ (the
// held-out ones beside them are only measured, see its README).
const printDir = "../../testdata/print"

// TestCleanInputReadsAsTesseract runs spravka (mode auto) on the committed
// line images and clean bilevel pages and the tesseract command on the same
// images, as a user of Tesseract alone would (--psm 7 for a line image, its
// default for a page), and asserts that spravka's raw OCR has no more
// character errors: a clean page or a line image must not lose to Tesseract
// alone. Each line image's record says it was read as one line (psm 7) and
// as a clean bilevel page.
func TestCleanInputReadsAsTesseract(t *testing.T) {
	needTools(t)
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("the tesseract command is not installed")
	}
	for _, set := range []struct {
		dir   string
		psm   string
		lines bool
	}{{"lines", "7", true}, {"pages", "3", false}} {
		t.Run(set.dir, func(t *testing.T) {
			dir := filepath.Join(printDir, set.dir)
			out := t.TempDir()
			if code, _, stderr := spravka(t, "", "run", dir, "-o", out, "--progress", "none"); code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			truths, err := filepath.Glob(filepath.Join(dir, "*.gt.txt"))
			if err != nil || len(truths) == 0 {
				t.Fatalf("no images with transcriptions in %s: %v", dir, err)
			}
			var ours, theirs accuracy.Rate
			for _, gt := range truths {
				stem := strings.TrimSuffix(filepath.Base(gt), ".gt.txt")
				ref := readText(t, gt)
				cmd := exec.Command("tesseract", filepath.Join(dir, stem+".png"), "stdout", "-l", "rus", "--psm", set.psm)
				cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
				alone, err := cmd.Output()
				if err != nil {
					t.Fatalf("tesseract %s: %v", stem, err)
				}
				theirs = theirs.Add(accuracy.CER(string(alone), ref))
				ours = ours.Add(accuracy.CER(readText(t, filepath.Join(out, stem+".ocr.txt")), ref))

				var rec record.Page
				readJSON(t, filepath.Join(out, stem+".json"), &rec)
				if rec.OCR == nil || rec.Preprocess == nil {
					t.Fatalf("%s: no OCR or preprocessing in the record", stem)
				}
				steps := map[string]record.Step{}
				for _, s := range rec.Preprocess.Steps {
					steps[s.Name] = s
				}
				if s, ok := steps["bilevel"]; !ok || s.Params["clean"] != 1 {
					t.Errorf("%s: not found to be a clean bilevel page: steps %v", stem, rec.Preprocess.Steps)
				}
				for _, name := range []string{"flatten", "median", "sauvola", "scale"} {
					if _, ok := steps[name]; ok {
						t.Errorf("%s: a clean bilevel page went through %s", stem, name)
					}
				}
				if _, one := steps["oneline"]; one != set.lines || (rec.OCR.PSM == 7) != set.lines {
					t.Errorf("%s: one line %v, psm %d; want one line %v", stem, one, rec.OCR.PSM, set.lines)
				}
			}
			t.Logf("%s: spravka CER %.4f (%d errors), tesseract --psm %s %.4f (%d errors)", set.dir, ours.Value(), ours.Errors, set.psm, theirs.Value(), theirs.Errors)
			if ours.Errors > theirs.Errors {
				t.Errorf("spravka reads the clean %s worse than Tesseract alone: %d character errors against %d (CER %.4f against %.4f)",
					set.dir, ours.Errors, theirs.Errors, ours.Value(), theirs.Value())
			}
		})
	}
}
