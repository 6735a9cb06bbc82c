package preprocess

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// countdown is a context that is done from its n-th question on, so that a
// test can stop preprocessing at each point where it looks.
type countdown struct {
	context.Context
	n, asked atomic.Int64
}

func (c *countdown) Err() error {
	if c.asked.Add(1) > c.n.Load() {
		return context.Canceled
	}
	return nil
}

// TestStopsBetweenSteps stops mode best's preprocessing at every point where
// it looks at its context: each stop returns the context's error and no
// result, and it looks often enough (between the steps of the shared part
// and of each variant) that a stop waits for one step at most. Never
// stopped, it gives what Variants gives.
func TestStopsBetweenSteps(t *testing.T) {
	page := rotated(textPage(1200, 800, 150, 200, 3, sampleLines), 1.3)
	want, err := Variants(page, 300, Options{})
	if err != nil {
		t.Fatal(err)
	}
	looks := 0
	for n := int64(0); ; n++ {
		ctx := &countdown{Context: context.Background()}
		ctx.n.Store(n)
		vs, err := VariantsContext(ctx, page, 300, Options{})
		if err == nil {
			looks = int(n)
			if len(vs) != len(want) {
				t.Fatalf("%d variants, want %d", len(vs), len(want))
			}
			for i := range vs {
				if !bytes.Equal(vs[i].Image.Pix, want[i].Image.Pix) {
					t.Errorf("variant %s differs from Variants'", vs[i].Variant)
				}
			}
			break
		}
		if !errors.Is(err, context.Canceled) || vs != nil {
			t.Fatalf("stopped at look %d: %v, %d results; want context.Canceled and none", n, err, len(vs))
		}
	}
	// shared steps: before analysis, deskew, despeckle, median, at the end;
	// each of three variants: before scaling, healing, thresholding, dust
	if want := 5 + 3*4; looks < want {
		t.Errorf("preprocessing looks at its context %d times, want at least %d", looks, want)
	}
	if _, err := RunContext(&countdown{Context: context.Background()}, page, 300, ModeAuto, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("RunContext with a done context: %v", err)
	}
}
