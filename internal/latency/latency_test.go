package latency

import (
	"testing"
	"time"
)

func TestSummarise(t *testing.T) {
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[len(ds)-1-i] = time.Duration(i+1) * time.Millisecond // 100 ms … 1 ms, unsorted
	}
	got := Summarise(ds)
	want := Summary{N: 100, P50: 50 * time.Millisecond, P95: 95 * time.Millisecond, P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}
	if got != want {
		t.Errorf("got=%+v, want %+v", got, want)
	}
	if ds[0] != 100*time.Millisecond {
		t.Error("Summarise sorted its argument")
	}
	if got := Summarise(nil); got != (Summary{}) {
		t.Errorf("empty: got=%+v", got)
	}
	// Nearest rank on a few: p50 of 3 is the 2nd, p95/p99 the 3rd.
	if got := Summarise([]time.Duration{3, 1, 2}); got != (Summary{N: 3, P50: 2, P95: 3, P99: 3, Max: 3}) {
		t.Errorf("three: got=%+v", got)
	}
}
