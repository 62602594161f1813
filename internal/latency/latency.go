// Package latency summarises the timings the benchmark commands
// (cmd/searchbench, cmd/loadtest) measure, the same way in both.
package latency

import (
	"slices"
	"time"
)

// Summary is the nearest-rank percentiles of a set of timings.
type Summary struct {
	N                  int
	P50, P95, P99, Max time.Duration
}

// Summarise returns the nearest-rank percentiles of ds, leaving ds as it
// was; the zero Summary when ds is empty.
func Summarise(ds []time.Duration) Summary {
	if len(ds) == 0 {
		return Summary{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := func(p float64) time.Duration {
		i := int(float64(len(s))*p+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return Summary{N: len(s), P50: rank(0.50), P95: rank(0.95), P99: rank(0.99), Max: s[len(s)-1]}
}
