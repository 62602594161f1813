package main

import (
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db/dbtest"
)

// TestSoak is a short soak (make test): about 40 seconds of parents,
// organisers, staff and an admin, with the bot killed and restarted three
// times, the database away twice, poison updates every three seconds and
// Telegram failing 8% of the sends. Every check of the long run holds. The
// bot is built as this test is (with -race under the race detector), so a
// data race in the bot fails it too: the race detector's report (in the
// bot's log) ends that life (GORACE=halt_on_error=1), a crash.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("the soak takes about a minute")
	}
	schemaURL := dbtest.URL(t) // fails, not skips, without Postgres when CI is set
	cfg, err := parseFlags([]string{"-duration", "40s", "-kill-every", "12s", "-outage-every", "15s", "-outage", "3s",
		"-poison-every", "3s", "-parents", "6", "-organisers", "2", "-staff", "1", "-answer-timeout", "60s", "-meetups", "400"}, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	cfg.schemaURL, cfg.race = schemaURL, raceBuild
	var out strings.Builder
	start := time.Now()
	rep, err := run(t.Context(), cfg, &out)
	t.Logf("soak output (%s):\n%s", time.Since(start).Round(time.Second), out.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.findings() {
		t.Error(f)
	}
	if rep.chaos.kills < 2 || rep.chaos.outages < 1 || len(rep.chaos.poisoned) < 5 || len(rep.applied) < 100 {
		t.Errorf("the soak did too little to prove anything: %d kills, %d outages, %d poisons, %d updates applied",
			rep.chaos.kills, rep.chaos.outages, len(rep.chaos.poisoned), len(rep.applied))
	}
}
