package testtools

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Browser is a headless Chromium driven by chromedp for a test, which
// collects what went wrong in the pages it shows: script exceptions,
// console errors and warnings, failed loads and any dialog (alert, confirm)
// a page opened — the sign of injected script.
type Browser struct {
	Ctx      context.Context
	mu       sync.Mutex
	problems []string
}

// NewBrowser starts Chromium with a window of w×h pixels; it is closed when
// the test ends. Without Chromium the test is skipped (failed under CI).
func NewBrowser(t testing.TB, w, h int) *Browser {
	t.Helper()
	chromium := Chromium(t)
	alloc, cancel := chromedp.NewExecAllocator(t.Context(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(w, h))...)
	t.Cleanup(cancel)
	ctx, cancel := context.WithTimeout(alloc, 90*time.Second)
	t.Cleanup(cancel)
	ctx, cancel = chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	b := &Browser{Ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			if d.Exception != nil {
				b.problems = append(b.problems, "exception: "+d.Text+" "+d.Exception.Description)
			} else {
				b.problems = append(b.problems, "exception: "+d.Text)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				b.problems = append(b.problems, "console."+string(ev.Type)+" called")
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				b.problems = append(b.problems, "browser log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *page.EventJavascriptDialogOpening:
			b.problems = append(b.problems, "a dialog opened: "+string(ev.Type)+" "+ev.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatalf("starting Chromium (%s): %v", chromium, err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		t.Fatalf("starting Chromium (%s): %v", chromium, err)
	}
	return b
}

// Problems returns what went wrong so far and forgets it.
func (b *Browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// CheckProblems fails the test with every problem seen so far.
func (b *Browser) CheckProblems(t testing.TB) {
	t.Helper()
	for _, p := range b.Problems() {
		t.Errorf("in the browser: %s", p)
	}
}

// Screenshot saves the whole page as name (a PNG) in the folder named by
// SPRAVKA_SCREENSHOTS, or in the test's temporary folder, and returns its path.
func (b *Browser) Screenshot(t testing.TB, name string) string {
	t.Helper()
	dir := os.Getenv("SPRAVKA_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	png, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(90))
	if err != nil {
		// a page laid out a moment ago can report no size under load: the
		// window's view is still worth keeping
		png, err = chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
	return p
}
