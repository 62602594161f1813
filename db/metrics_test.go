package db_test

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
)

func TestNewPoolCollector(t *testing.T) {
	t.Parallel()

	d, err := db.Open(t.Context(), dbtest.URL(t), db.WithMaxConns(3))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	for range 2 {
		if err := d.Ping(t.Context()); err != nil {
			t.Fatal(err)
		}
	}

	// The pedantic registry also checks that Collect matches Describe.
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(db.NewPoolCollector(d)); err != nil {
		t.Fatalf("Register: %v", err)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatalf("Gather: %v", err)
	}

	type metric struct {
		kind  string
		value float64
	}
	got := map[string]metric{}
	for _, f := range families {
		if !strings.HasPrefix(f.GetName(), "ouderkring_db_pool_") {
			t.Errorf("metric %q lacks the ouderkring_db_pool_ prefix", f.GetName())
		}
		m := f.GetMetric()[0]
		v := m.GetGauge().GetValue() + m.GetCounter().GetValue()
		got[strings.TrimPrefix(f.GetName(), "ouderkring_db_pool_")] = metric{f.GetType().String(), v}
	}
	if len(got) != 9 {
		t.Errorf("metric families: got=%d, want 9", len(got))
	}

	for name, want := range map[string]metric{
		"max_conns":      {"GAUGE", 3},
		"acquired_conns": {"GAUGE", 0},
	} {
		if got[name] != want {
			t.Errorf("%s: got=%+v, want %+v", name, got[name], want)
		}
	}
	for name, min := range map[string]float64{
		"acquire_count_total": 3, // Open's ping and two more
		"total_conns":         1,
		"idle_conns":          1,
	} {
		if got[name].value < min {
			t.Errorf("%s: got=%v, want at least %v", name, got[name].value, min)
		}
	}
	for _, name := range []string{"acquire_count_total", "empty_acquire_count_total", "canceled_acquire_count_total", "acquire_duration_seconds_total"} {
		if got[name].kind != "COUNTER" {
			t.Errorf("%s type: got=%s, want COUNTER", name, got[name].kind)
		}
	}
}
