package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/spravka/spravka/internal/testtools"
	"github.com/spravka/spravka/pipeline/ocr"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/review"
)

// TestEveryCorrectionDecidableWithTheKeyboard reads the poor sample page
// with the real binary, opens its review in headless Chromium and, with
// the keyboard alone, accepts every correction the run proposed (applied
// or suggested), one after another with a and the automatic move to the
// next: every one must be reachable, and the reviewed text must then be
// the page as read with every proposal applied.
func TestEveryCorrectionDecidableWithTheKeyboard(t *testing.T) {
	needTools(t)
	b := testtools.NewBrowser(t, 1280, 900)
	in, out := t.TempDir(), t.TempDir()
	const stem = "exercise-spravka__ptmono__poor"
	data, err := os.ReadFile(filepath.Join(scansDir, stem+".jpg"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, stem+".jpg"), data, 0o644)
	if code, _, stderr := spravka(t, "", "run", in, "-o", out, "--progress", "none"); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	var rec record.Page
	readJSON(t, filepath.Join(out, stem+".json"), &rec)
	cs := rec.Correction.Corrections
	if len(cs) < 3 {
		t.Fatalf("the poor page has %d corrections: too few to test the flow", len(cs))
	}
	base, cmd, said := startReview(t, out)
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(base+"/o/"+url.PathEscape(stem+".html"))); err != nil {
		t.Fatal(err)
	}
	open := func() int {
		n, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.documentElement.dataset.ready ? document.querySelectorAll('#corrections tbody tr.open').length : -1`))
		if err != nil {
			return -1 // reloading
		}
		return n
	}
	deadline := time.Now().Add(60 * time.Second)
	for n := open(); n != 0; n = open() {
		if time.Now().After(deadline) {
			toast, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`(document.querySelector('.toast') || {textContent: ''}).textContent + ' | ' + location.href + ' | ' + [...document.querySelectorAll('.sel')].map(e => e.tagName + e.dataset.c).join()`))
			t.Fatalf("%d corrections still open after a minute of j and a (%s; %q)\n%s", n, toast, b.Problems(), said)
		}
		if n < 0 {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		sel, _ := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`!!document.querySelector('#corrections tr.open.sel')`))
		if !sel {
			// nothing open selected (the first time, or after the last): j until one is
			if err := chromedp.Do(b.Ctx, chromedp.KeyEvent("j")); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := chromedp.Do(b.Ctx, chromedp.KeyEvent("a")); err != nil {
			t.Fatal(err)
		}
		// wait for the reload that shows one fewer open
		for m := open(); m == n || m < 0; m = open() {
			if time.Now().After(deadline) {
				t.Fatal("a did not decide the selected correction")
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	var f review.File
	readJSON(t, filepath.Join(out, stem+review.ExtReview), &f)
	if len(f.Decisions) != len(cs) {
		t.Errorf("%d decisions for %d corrections", len(f.Decisions), len(cs))
	}
	// the page as read, every proposal applied
	hocr, _ := os.ReadFile(filepath.Join(out, stem+".hocr"))
	p, err := ocr.ParseHOCR(strings.NewReader(string(hocr)))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		p.Apply(c, c.To)
	}
	final, _ := os.ReadFile(filepath.Join(out, stem+review.ExtFinal))
	if string(final) != p.Text() {
		t.Errorf("reviewed text:\n%s\nwant every proposal applied:\n%s", final, p.Text())
	}
	b.Screenshot(t, "all-decided.png")
	b.CheckProblems(t)
}
