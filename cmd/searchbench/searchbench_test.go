package main

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/internal/benchdb"
)

func TestWithOptions(t *testing.T) {
	for _, tt := range []struct {
		name, base string
		opts       []string
		want       string // the options value Postgres receives
	}{
		{"OK", "postgres://u@127.0.0.1/db?sslmode=disable", []string{"-csearch_path=s,public", seqScanOptions},
			"-csearch_path=s,public -c enable_indexscan=off -c enable_bitmapscan=off"},
		{"KeepsExisting", "postgres://u@127.0.0.1/db?options=-cstatement_timeout%3D5s", []string{"-csearch_path=s,public"},
			"-cstatement_timeout=5s -csearch_path=s,public"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := benchdb.WithOptions(tt.base, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(got, "+") {
				t.Errorf("got=%s: a + would reach Postgres as a literal +", got)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			if v := u.Query().Get("options"); v != tt.want {
				t.Errorf("options=%q, want %q", v, tt.want)
			}
		})
	}
	if _, err := benchdb.WithOptions("mysql://x", "-c a=b"); err == nil {
		t.Error("a non-postgres URL was accepted")
	}
}

func TestCheckLocal(t *testing.T) {
	for base, ok := range map[string]bool{
		"postgres://postgres@127.0.0.1:5432/test": true,
		"postgres://postgres@localhost/test":      true,
		"host=/var/run/postgresql dbname=test":    true,
		"postgres://postgres@db.example.org/test": false,
		"postgres://postgres@10.0.0.5:5432/test":  false,
	} {
		if err := benchdb.CheckLocal(base); (err == nil) != ok {
			t.Errorf("benchdb.CheckLocal(%q) = %v, want ok=%v", base, err, ok)
		}
	}
}

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
