package main

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spravka/spravka/pipeline/record"
)

// TestBarRateFromTheStart: the bar's clock starts with the run, so its first
// update shows the rate of the first page read, not of the microseconds
// between that page and the update (which showed 197316 pages/s).
func TestBarRateFromTheStart(t *testing.T) {
	var out bytes.Buffer
	p := &barProgress{w: &out}
	p.Start(10)
	if !strings.Contains(out.String(), "0/10") {
		t.Errorf("the bar is not shown at 0 when the run starts: %q", out.String())
	}
	const page = 250 * time.Millisecond // longer than the bar's throttle, so the update is drawn
	time.Sleep(page)
	p.Done(&record.Page{Status: record.StatusOK})
	shown := out.String()
	if !strings.Contains(shown, "1/10") {
		t.Fatalf("no update after the first page: %q", shown)
	}
	// at most one page in the time slept, however slow the machine
	most := float64(time.Second) / float64(page)
	for _, m := range regexp.MustCompile(`(\d+) pages/s`).FindAllStringSubmatch(shown, -1) {
		if r, _ := strconv.ParseFloat(m[1], 64); r > most {
			t.Errorf("first update shows %s pages/s, want at most %.0f: %q", m[1], most, shown)
		}
	}
	p.Finish()
}
