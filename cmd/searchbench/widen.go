package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/internal/latency"
	"github.com/ouderkring/ouderkring/meetups"
)

// The dialog's first page of a new search: the smallest of these radii
// with a full page of this many (dialog/results.go), asked for one more
// than a page to know whether there is a next.
var (
	widenRadii = []float64{5, 10, 25}
	widenMin   = 3
)

// widenResult is how one first page was found both ways.
type widenResult struct {
	one, steps       time.Duration
	searches         int // searches the step-by-step way took
	same             bool
	oneKm, stepsKm   float64
	oneIDs, stepsIDs []int64
}

// timeWidening times, for each query's first page, the one search that
// chooses its radius (Query.Widen) against searching radius by radius
// until a page is full, as the dialog did before; the two alternate so
// both see the same machine. Both must find the same page at the same
// radius.
func timeWidening(ctx context.Context, cat *db.Catalogue, qs []meetups.Query) ([]widenResult, error) {
	out := make([]widenResult, len(qs))
	for i, q := range qs {
		q.Offset, q.Limit = 0, widenMin+1
		w := &out[i]

		one := q
		one.Widen, one.WidenMin = widenRadii, widenMin
		t0 := time.Now()
		rs, err := cat.Search(ctx, one)
		w.one = time.Since(t0)
		if err != nil {
			return nil, err
		}
		w.oneKm = widenRadii[len(widenRadii)-1]
		if len(rs) > 0 {
			w.oneKm = rs[0].RadiusKm
		}
		for _, r := range rs {
			w.oneIDs = append(w.oneIDs, r.ID)
		}

		t0 = time.Now()
		for _, r := range widenRadii {
			q.RadiusKm = r
			w.searches++
			if rs, err = cat.Search(ctx, q); err != nil {
				return nil, err
			}
			if len(rs) >= widenMin {
				break
			}
		}
		w.steps = time.Since(t0)
		w.stepsKm = q.RadiusKm
		for _, r := range rs {
			w.stepsIDs = append(w.stepsIDs, r.ID)
		}
		w.same = w.oneKm == w.stepsKm && slices.Equal(w.oneIDs, w.stepsIDs)
	}
	return out, nil
}

// printWidening writes both ways' percentiles and how often they agreed.
func printWidening(w io.Writer, rs []widenResult) {
	ones, steps := make([]time.Duration, len(rs)), make([]time.Duration, len(rs))
	same, searches := 0, 0
	var oneSum, stepSum time.Duration
	for i, r := range rs {
		ones[i], steps[i] = r.one, r.steps
		oneSum += r.one
		stepSum += r.steps
		searches += r.searches
		if r.same {
			same++
		}
	}
	o, s := latency.Summarise(ones), latency.Summarise(steps)
	fmt.Fprintf(w, "first pages (radius %v, the first with %d results):\n", widenRadii, widenMin)
	fmt.Fprintf(w, "%-14s %8s %8s %8s %8s %8s %9s\n", "way", "pages", "mean ms", "p50 ms", "p95 ms", "p99 ms", "searches")
	mean := func(d time.Duration) string { return ms(d / time.Duration(max(len(rs), 1))) }
	fmt.Fprintf(w, "%-14s %8d %8s %8s %8s %8s %9.2f\n", "one (widen)", o.N, mean(oneSum), ms(o.P50), ms(o.P95), ms(o.P99), 1.0)
	fmt.Fprintf(w, "%-14s %8d %8s %8s %8s %8s %9.2f\n", "step by step", s.N, mean(stepSum), ms(s.P50), ms(s.P95), ms(s.P99),
		float64(searches)/float64(max(len(rs), 1)))
	fmt.Fprintf(w, "%-14s %8s %8s %8s %8s %8s\n", "steps/one", "", ratio(stepSum, oneSum), ratio(s.P50, o.P50), ratio(s.P95, o.P95), ratio(s.P99, o.P99))
	fmt.Fprintf(w, "same page at the same radius: %d of %d\n", same, len(rs))
}
