package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/spravka/spravka/pipeline/record"
)

// progress shows how a run advances; Finish ends its display.
type progress interface {
	Start(total int)
	Done(rec *record.Page)
	Finish()
}

// newProgress chooses the progress display and the logger: on a terminal a
// bar, with logs reduced to warnings and errors so the bar stays readable;
// otherwise (or with --progress log) one log line per page.
func newProgress(mode, format string, quiet, verbose bool) (progress, *slog.Logger, error) {
	if mode == "auto" {
		mode = "log"
		if term.IsTerminal(int(os.Stderr.Fd())) {
			mode = "bar"
		}
	}
	level := slog.LevelInfo
	switch {
	case verbose:
		level = slog.LevelDebug
	case quiet || mode == "bar":
		level = slog.LevelWarn
	}
	var h slog.Handler
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case "text":
		h = slog.NewTextHandler(os.Stderr, opts)
	case "json":
		h = slog.NewJSONHandler(os.Stderr, opts)
	default:
		return nil, nil, fmt.Errorf("--log-format %q: want text or json", format)
	}
	log := slog.New(h)
	slog.SetDefault(log)
	switch mode {
	case "bar":
		return &barProgress{w: os.Stderr}, log, nil
	case "log":
		return &logProgress{log: log}, log, nil
	case "none":
		return noProgress{}, log, nil
	}
	return nil, nil, fmt.Errorf("--progress %q: want auto, bar, log or none", mode)
}

// barProgress draws pages done/total, rate and time left on w (stderr).
type barProgress struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

// Start shows the bar at 0 and starts its clock now: the bar would start it
// at its first update otherwise, and show the first page as read in a few
// microseconds (a rate of 200,000 pages/s).
func (p *barProgress) Start(total int) {
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription("reading pages"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("pages"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }),
	)
	p.bar.StartWithoutRender()
	p.bar.RenderBlank()
}

func (p *barProgress) Done(rec *record.Page) {
	if rec.Status != record.StatusOK {
		// keep the failure on its own line above the bar
		p.bar.Clear()
		fmt.Fprintf(p.w, "failed: %s\n", rec.Error)
	}
	p.bar.Add(1)
}

func (p *barProgress) Finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

// logProgress logs pages done/total, the rate and the time left.
type logProgress struct {
	log         *slog.Logger
	total, done int
	start       time.Time
}

func (p *logProgress) Start(total int) { p.total, p.start = total, time.Now() }

func (p *logProgress) Done(*record.Page) {
	p.done++
	el := time.Since(p.start)
	per := el / time.Duration(p.done)
	p.log.Info("progress", "done", p.done, "total", p.total,
		"pages_per_min", fmt.Sprintf("%.1f", float64(p.done)/el.Minutes()),
		"eta", (per * time.Duration(p.total-p.done)).Round(time.Second).String())
}

func (p *logProgress) Finish() {}

type noProgress struct{}

func (noProgress) Start(int)         {}
func (noProgress) Done(*record.Page) {}
func (noProgress) Finish()           {}
