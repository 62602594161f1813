package bot

import (
	"strings"
	"testing"
	"time"
)

func TestFlood(t *testing.T) {
	f := newFlood(3)
	at := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	var got []string
	for i := range 6 {
		ok, warn := f.allow(1, at.Add(time.Duration(i)*10*time.Millisecond))
		got = append(got, map[[2]bool]string{{true, false}: "ok", {false, true}: "warn", {false, false}: "drop"}[[2]bool{ok, warn}])
	}
	if want := "ok ok ok warn drop drop"; strings.Join(got, " ") != want {
		t.Fatalf("6 updates in a second with limit 3: %s, want %s", strings.Join(got, " "), want)
	}
	// Another chat is not affected.
	if ok, _ := f.allow(2, at); !ok {
		t.Fatal("another chat was dropped")
	}
	// The next second counts afresh, but no second warning within floodQuiet.
	next := at.Add(time.Second)
	for range 3 {
		if ok, _ := f.allow(1, next); !ok {
			t.Fatal("an update in the next second was dropped")
		}
	}
	if ok, warn := f.allow(1, next); ok || warn {
		t.Fatalf("flooding again 1 s later: ok %v warn %v, want dropped without a second warning", ok, warn)
	}
	if _, warn := f.allow(1, at.Add(floodQuiet+time.Second)); warn {
		t.Fatal("a single update after the quiet time was warned")
	}
	// Off when the limit is 0.
	off := newFlood(0)
	for range 100 {
		if ok, _ := off.allow(1, at); !ok {
			t.Fatal("flood control with limit 0 dropped an update")
		}
	}
}
