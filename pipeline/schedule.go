package pipeline

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/spravka/spravka/pipeline/ocr"
)

// How the pages go through the stages.
//
// The recognisers are the run: each owns an engine, and a single-threaded
// Tesseract keeps a core busy for most of a second a page where the other
// stages together take a fifth of that. So the pages flow through staged
// workers, the recognisers fed by helpers:
//
//	feed → prepare (H) → ready (queue of Q) → recognise (N) → correct (H) → write (1)
//
// N is -j, H = ⌈N/2⌉ helpers decode and preprocess (and then correct), and
// ready holds Q = ⌈N/2⌉ prepared pages, so that a recogniser that finishes a
// page finds the next one waiting while the helpers prepare more on whatever
// processor time the recognisers leave.
//
// Memory is bounded by -j and page size: a page holds its images (the
// decoded scan, the images for the engine, the web copy) from the moment a
// helper takes it until its recognition ends, and at most N + Q + H pages
// are held at once, whatever the length of the run: N being read, Q ready,
// H being prepared or waiting to be queued (Timing.PagesHeld reports the
// most seen, Timing.OCRIdle how long the recognisers waited for a page). After recognition a page is text, and the corrector and the
// writer hold one page each.
//
// The alternative, N page workers that each take a page through every stage,
// holds N pages but leaves each engine idle while its worker decodes and
// preprocesses; BenchmarkSchedule compares the two.
type schedule struct {
	// pageWorkers: N page workers instead of staged workers
	pageWorkers bool
	// helpers and queue override H and Q (0: the default)
	helpers, queue int
}

// sizes returns the number of helpers and the queue's length for n recognisers.
func (s schedule) sizes(n int) (helpers, queue int) {
	helpers, queue = (n+1)/2, (n+1)/2
	if s.helpers > 0 {
		helpers = s.helpers
	}
	if s.queue > 0 {
		queue = s.queue
	}
	return helpers, queue
}

// held counts the pages whose images are in memory, and the most at once.
type held struct {
	now, most atomic.Int64
}

func (h *held) take() {
	n := h.now.Add(1)
	for m := h.most.Load(); n > m && !h.most.CompareAndSwap(m, n); m = h.most.Load() {
	}
}

func (h *held) release() { h.now.Add(-1) }

// run sends every page through the stages, in input order as far as the
// workers keep it, and hands each job, done, to done (one at a time, in the
// order they finish). It returns when every page is done or ctx is: a
// page's failure is its record's business, not an error of the run.
func (r *runner) run(ctx context.Context, pages []planned, engines []ocr.Engine, done func(*job)) error {
	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan *job)
	g.Go(func() error {
		defer close(jobs)
		for _, p := range pages {
			if !send(gctx, jobs, r.newJob(p)) {
				return gctx.Err()
			}
		}
		return nil
	})
	var finished <-chan *job
	if r.cfg.sched.pageWorkers {
		// the engine waits while its worker prepares and corrects
		finished = fanOut(gctx, g, len(engines), 0, jobs, &r.idle, func(w int, j *job) *job {
			start := time.Now()
			r.prepare(gctx, j)
			r.idle.Add(int64(time.Since(start)))
			r.recognise(gctx, engines[w], j)
			start = time.Now()
			r.correct(j)
			r.idle.Add(int64(time.Since(start)))
			return j
		})
	} else {
		helpers, queue := r.cfg.sched.sizes(len(engines))
		prepared := fanOut(gctx, g, helpers, queue, jobs, nil, func(_ int, j *job) *job {
			r.prepare(gctx, j)
			return j
		})
		recognised := fanOut(gctx, g, len(engines), 0, prepared, &r.idle, func(w int, j *job) *job {
			r.recognise(gctx, engines[w], j)
			return j
		})
		finished = fanOut(gctx, g, helpers, 0, recognised, nil, func(_ int, j *job) *job {
			r.correct(j)
			return j
		})
	}
	g.Go(func() error {
		for j := range finished {
			done(j)
		}
		return gctx.Err()
	})
	return g.Wait()
}

// fanOut runs n workers that apply fn to every value from in and send the
// results on the returned channel, which holds up to queue values and is
// closed when all workers are done; once ctx is done the workers take no
// more. fn gets the worker's index, so that a worker can own a resource (an
// engine). With idle, the workers add to it the time they waited for a value
// (but the wait for the end of in).
func fanOut[T, U any](ctx context.Context, g *errgroup.Group, n, queue int, in <-chan T, idle *atomic.Int64, fn func(worker int, v T) U) <-chan U {
	out := make(chan U, queue)
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		g.Go(func() error {
			defer wg.Done()
			for {
				start := time.Now()
				v, ok := <-in
				if !ok {
					return nil
				}
				if idle != nil {
					idle.Add(int64(time.Since(start)))
				}
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if !send(ctx, out, fn(w, v)) {
					return ctx.Err()
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// send delivers v on ch unless ctx is done first.
func send[T any](ctx context.Context, ch chan<- T, v T) bool {
	select {
	case ch <- v:
		return true
	case <-ctx.Done():
		return false
	}
}
