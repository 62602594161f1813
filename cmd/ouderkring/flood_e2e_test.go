package main

import (
	"context"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
)

// TestFloodControl: a chat sending 40 messages at once gets answers for
// the first few, one "slow down", and nothing more — the rest never reach
// the engine or the database; a parent writing at the same time is
// answered as usual.
func TestFloodControl(t *testing.T) {
	tg := telegramtest.New(t)
	dbURL := dbtest.URL(t)
	m := startMain(t, tg, dbURL, map[string]string{"FLOOD_LIMIT": "3"})
	loc, err := dialog.LoadLocales("nl")
	if err != nil {
		t.Fatal(err)
	}
	const flooder, parent = 8201, 8202
	for range 40 {
		tg.SendCommand(flooder, "nl", "/help")
	}
	last := tg.SendCommand(parent, "nl", "/help")
	tg.WaitConsumed(t, last)
	if got := tg.Next(t, parent); !strings.Contains(got.Text(), "/zoek") {
		t.Fatalf("the other parent's /help: got %q", got.Text())
	}
	slow := loc.T("nl", "flood_slow_down")
	var answers, slowDowns int
	for _, c := range sentTo(tg, flooder) {
		if c.Text() == slow {
			slowDowns++
		} else {
			answers++
		}
	}
	// /help is answered with one message; 40 updates in a second or two
	// leave 3 a second through.
	if slowDowns != 1 || answers < 3 || answers > 6 {
		t.Fatalf("40 updates in a burst: %d answers and %d slow-downs; want a few answers (3 a second) and one slow-down", answers, slowDowns)
	}
	d, err := db.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	s, err := d.Sessions().LoadSession(context.Background(), flooder)
	if err != nil {
		t.Fatal(err)
	}
	if int(s.Version) > 6 {
		t.Fatalf("the flooding chat's session was written %d times; the dropped updates must not touch it", s.Version)
	}
	metrics := httpGet(t, "http://"+m.HTTPAddr()+"/metrics")
	if !strings.Contains(metrics, "ouderkring_flood_dropped_total") {
		t.Fatal("no ouderkring_flood_dropped_total in /metrics")
	}
}
