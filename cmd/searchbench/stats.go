package main

import (
	"fmt"
	"io"
	"time"

	"github.com/ouderkring/ouderkring/internal/latency"
	"github.com/ouderkring/ouderkring/meetups"
)

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
// with the seq/index ratios under them (the index alone without seq).
func printTable(w io.Writer, idx, seq latency.Summary) {
	fmt.Fprintf(w, "%-10s %8s %8s %8s %8s %8s\n", "plan", "queries", "p50 ms", "p95 ms", "p99 ms", "max ms")
	row := func(name string, s latency.Summary) {
		fmt.Fprintf(w, "%-10s %8d %8s %8s %8s %8s\n", name, s.N, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max))
	}
	row("index", idx)
	if seq.Max == 0 {
		return // not timed (-seq=false)
	}
	row("seq scan", seq)
	fmt.Fprintf(w, "%-10s %8s %8s %8s %8s %8s\n", "seq/index", "", ratio(seq.P50, idx.P50), ratio(seq.P95, idx.P95),
		ratio(seq.P99, idx.P99), ratio(seq.Max, idx.Max))
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
		a, b := latency.Summarise(is), latency.Summarise(ss)
		fmt.Fprintf(w, "%-10s %8d %8s %8s %8s %8s\n", fmt.Sprintf("%g km", r), a.N, ms(a.P50), ms(a.P95), ms(b.P50), ms(b.P95))
	}
}
