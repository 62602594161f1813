package main

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/internal/benchdb/benchdbtest"
)

func TestMakeQueries(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	qs := makeQueries(1, 2000, now)
	if !reflect.DeepEqual(qs, makeQueries(1, 2000, now)) {
		t.Fatal("the same seed gave different searches")
	}
	radius := map[float64]int{}
	shapes := map[string]bool{}
	for _, q := range qs {
		if err := q.Near.Validate(); err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		if q.Near.Lat < 50.7 || q.Near.Lat > 53.6 || q.Near.Lon < 3.3 || q.Near.Lon > 7.3 {
			t.Errorf("%+v: not in the Netherlands", q.Near)
		}
		if q.Limit != pageLimit || !q.IncludeOnline || (q.Offset != 0 && q.Offset != pageOffset) || !q.Now.Equal(now) {
			t.Errorf("%+v: not a dialog page", q)
		}
		if q.Theme != "" && (len(q.Kinds) != 1 || q.Kinds[0] != "peer_group") {
			t.Errorf("%+v: a theme without the peer-group kind", q)
		}
		radius[q.RadiusKm]++
		shapes[shape(q)] = true
	}
	if radius[5] < len(qs)*2/3 || radius[10] == 0 || radius[25] == 0 || len(radius) != 3 {
		t.Errorf("radii %v, want mostly 5 km and some 10 and 25", radius)
	}
	if len(shapes) < 20 {
		t.Errorf("%d statement shapes, want the dialog's filters in many combinations", len(shapes))
	}
}

// TestSearchbenchTiny runs the whole command on a small catalogue: the
// plans use the index, the one-search widening agrees with radius by
// radius on every first page, and the schema is dropped afterwards.
func TestSearchbenchTiny(t *testing.T) {
	benchdbtest.RequireDB(t)
	var out strings.Builder
	err := run(context.Background(), []string{"-n", "3000", "-queries", "40", "-warmup", "5", "-seq=false"}, os.Getenv, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"index            40", "same page at the same radius: 40 of 40", "meetups_nearby_idx in 15 of 15"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "identical under both plans") || strings.Contains(out.String(), "seq scan ") {
		t.Error("without the sequential plan, the output still compares with it")
	}
}
