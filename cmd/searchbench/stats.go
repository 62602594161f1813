package main

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// stats summarises one pool's timings of the query set.
type stats struct {
	n                  int
	p50, p95, p99, max time.Duration
}

// summarise returns the nearest-rank percentiles of ds.
func summarise(ds []time.Duration) stats {
	if len(ds) == 0 {
		return stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := func(p float64) time.Duration {
		i := int(float64(len(s))*p+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return stats{n: len(s), p50: rank(0.50), p95: rank(0.95), p99: rank(0.99), max: s[len(s)-1]}
}

// ms formats d in milliseconds with two decimals.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}

// ratio formats seq/idx as "12.3×".
func ratio(seq, idx time.Duration) string {
	if idx <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f×", float64(seq)/float64(idx))
}

// printTable writes the index and sequential-scan figures side by side,
// with the seq/index ratios of p50 and p95 under them.
func printTable(w io.Writer, idx, seq stats) {
	fmt.Fprintf(w, "%-10s %8s %8s %8s %8s %8s\n", "plan", "queries", "p50 ms", "p95 ms", "p99 ms", "max ms")
	row := func(name string, s stats) {
		fmt.Fprintf(w, "%-10s %8d %8s %8s %8s %8s\n", name, s.n, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max))
	}
	row("index", idx)
	row("seq scan", seq)
	fmt.Fprintf(w, "%-10s %8s %8s %8s %8s %8s\n", "seq/index", "", ratio(seq.p50, idx.p50), ratio(seq.p95, idx.p95),
		ratio(seq.p99, idx.p99), ratio(seq.max, idx.max))
}

// printByRadius writes p50 and p95 per search radius: a wider radius
// holds more meetups to rank, so this is where a slow tail comes from.
func printByRadius(w io.Writer, qs []meetups.Query, idx, seq []time.Duration) {
	fmt.Fprintf(w, "%-10s %8s %8s %8s %8s %8s\n", "radius", "queries", "idx p50", "idx p95", "seq p50", "seq p95")
	for _, r := range radii {
		var is, ss []time.Duration
		for i, q := range qs {
			if q.RadiusKm == r {
				is, ss = append(is, idx[i]), append(ss, seq[i])
			}
		}
		a, b := summarise(is), summarise(ss)
		fmt.Fprintf(w, "%-10s %8d %8s %8s %8s %8s\n", fmt.Sprintf("%g km", r), a.n, ms(a.p50), ms(a.p95), ms(b.p50), ms(b.p95))
	}
}
