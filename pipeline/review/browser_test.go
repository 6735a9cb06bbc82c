package review

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/spravka/spravka/internal/testtools"
)

// waitFor evaluates the JavaScript condition on a page whose script has run
// until it is true (across the reloads a decision makes) or fails the test
// after 10 s.
func waitFor(t *testing.T, b *testtools.Browser, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		// a page answers keys once its script has run: wait for that too
		ok, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](`(() => { try { return !!document.documentElement.dataset.ready && !!(`+cond+`) } catch (e) { return false } })()`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func keys(t *testing.T, b *testtools.Browser, k string) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent(k)); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, b *testtools.Browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.Ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestReviewInBrowser decides as an archivist would, with the keyboard, in
// headless Chromium: accept an applied correction, reject a suggestion,
// edit a word that had none, fix every occurrence of a reading across the
// batch from the concordance, mark the page reviewed; then checks the files
// written, reloads and restarts to see every decision kept, and that no
// script error (a CSP violation included) or dialog happened.
func TestReviewInBrowser(t *testing.T) {
	dir := writeFixture(t)
	_, base, stop := startServer(t, dir)
	b := testtools.NewBrowser(t, 1280, 900)
	pageURL := base + "/o/" + url.PathEscape("дело 1") + "/" + url.PathEscape("лист 1.html")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(pageURL)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the review page", `document.body.classList.contains('review') && document.querySelectorAll('#corrections tbody tr').length == 2`)
	if got := eval[string](t, b, `document.querySelector('#keys').innerText`); !strings.Contains(got, "a accept") || !strings.Contains(got, "r reject") || !strings.Contains(got, "e edit") {
		t.Errorf("the keys are not shown: %q", got)
	}
	// j selects the first correction (Рабузов → Разуваев, applied); a accepts it
	keys(t, b, "j")
	waitFor(t, b, "correction 1 selected", `document.querySelector('tr[data-c="0"]').classList.contains('sel')`)
	keys(t, b, "a")
	waitFor(t, b, "correction 1 accepted", `document.querySelector('tr[data-c="0"]').classList.contains('dec-accepted')`)
	// the next open correction is selected after the reload: r rejects it
	waitFor(t, b, "correction 2 selected", `document.querySelector('tr[data-c="1"]').classList.contains('sel')`)
	keys(t, b, "r")
	waitFor(t, b, "correction 2 rejected", `document.querySelector('tr[data-c="1"]').classList.contains('dec-rejected')`)
	// a click on a word with no correction, e, the text, Enter
	if err := chromedp.Do(b.Ctx, chromedp.Click(chromedp.CSS(`#t-ocr span[data-w="2"]`))); err != nil {
		t.Fatal(err)
	}
	keys(t, b, "e")
	waitFor(t, b, "the editor", `document.activeElement && document.activeElement.name === 'to'`)
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent("Кисловодск,"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the edited word in the reviewed text", `document.querySelector('#t-fixed').innerText.includes('Кисловодск,')`)
	if got, want := read(t, dir, p1+ExtFinal), "Шифртелеграмма из Кисловодск,\nт. Разуваев и Федоренко\n<script>alert(1)</script>\n"; got != want {
		t.Errorf("reviewed text %q, want %q", got, want)
	}
	b.Screenshot(t, "review-page.png")

	// the concordance of a reading: every «Кисловолск» of the batch, set at once
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(base+pathConc+"?reading="+url.QueryEscape("Кисловолск"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the concordance", `document.querySelectorAll('input[name=occ]').length == 2 && document.querySelectorAll('svg.snip image').length == 2`)
	// the first one is decided already: leave it, set the other
	if err := chromedp.Do(b.Ctx, chromedp.Click(chromedp.CSS(`input[name=occ]`))); err != nil {
		t.Fatal(err)
	}
	keys(t, b, "e")
	waitFor(t, b, "the text field", `document.activeElement && document.activeElement.name === 'to'`)
	if err := chromedp.Do(b.Ctx, chromedp.KeyEvent("Кисловодск"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "both decided", `[...document.querySelectorAll('td.dec')].every(td => td.innerText.startsWith('edit: Кисловодск'))`)
	if got := read(t, dir, p2+ExtFinal); got != "Разуваев прибыл в Кисловодск.\n" {
		t.Errorf("page 2 after the concordance: %q", got)
	}
	b.Screenshot(t, "review-concordance.png")

	// the concordance of a correction: accept every Рабузов → Разуваев
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(base+pathConc+"?from="+url.QueryEscape("Рабузов")+"&to="+url.QueryEscape("Разуваев"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the correction's concordance", `document.querySelectorAll('input[name=occ]').length == 2`)
	keys(t, b, "a")
	waitFor(t, b, "all accepted", `[...document.querySelectorAll('td.dec')].every(td => td.innerText === 'accept: Разуваев')`)

	// back on the page: m marks it reviewed; reload keeps everything
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(pageURL)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the page", `document.querySelector('tr[data-c="0"]')`)
	keys(t, b, "m")
	waitFor(t, b, "the page reviewed", `document.body.classList.contains('done')`)
	check := func(when string) {
		t.Helper()
		waitFor(t, b, when, `document.querySelector('tr[data-c="1"]')`)
		got := eval[[]string](t, b, `[...document.querySelectorAll('#corrections tbody tr')].map(tr => tr.className.replace(/ ?sel/, '') + ' ' + tr.querySelector('.dec').innerText)`)
		want := []string{"applied dec-accepted accepted", "suggested dec-rejected rejected"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: corrections shown as %q, want %q", when, got, want)
		}
		if p := eval[string](t, b, `document.querySelector('#progress').innerText`); p != "2 of 2 pages reviewed, 3 of 3 corrections decided" && p != "1 of 2 pages reviewed, 3 of 3 corrections decided" {
			t.Errorf("%s: progress %q", when, p)
		}
	}
	if err := chromedp.Do(b.Ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	check("after a reload")
	// a restarted server has them all
	if err := chromedp.Do(b.Ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	stop()
	_, base2, _ := startServer(t, dir)
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(strings.Replace(pageURL, base, base2, 1))); err != nil {
		t.Fatal(err)
	}
	check("after a restart")
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(base2+"/o/index.html")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "the review index", `document.querySelectorAll('#pages tbody tr').length == 3`)
	if got := eval[string](t, b, `document.querySelector('#progress').innerText`); !strings.HasPrefix(got, "1 of 2 pages reviewed, 3 of 3 corrections decided") {
		t.Errorf("index progress %q", got)
	}
	b.Screenshot(t, "review-index.png")

	var f File
	if err := json.Unmarshal([]byte(read(t, dir, p1+ExtReview)), &f); err != nil {
		t.Fatal(err)
	}
	if !f.Done || len(f.Decisions) != 3 {
		t.Errorf("review file of page 1: %+v", f)
	}
	b.CheckProblems(t)
}
