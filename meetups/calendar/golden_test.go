package calendar_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden keeps one file in testdata for people to read and to try in
// their own calendar apps: the weekly baby café with its cancelled date,
// made at a fixed moment. After a deliberate change:
//
//	go test ./meetups/calendar/ -run TestGolden -update
func TestGolden(t *testing.T) {
	t.Parallel()
	got := series(t, weekly())
	path := filepath.Join("testdata", "weekly.ics")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Series differs from %s (run with -update after checking the change):\n%s", path, got)
	}
}
