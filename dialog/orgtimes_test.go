package dialog_test

import (
	"context"
	"testing"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestTimesWithoutWeekdayAsksIt: an organiser at the times step whose
// draft has no weekday (it came there another way) is asked the weekday,
// and the step does not hang.
func TestTimesWithoutWeekdayAsksIt(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	s := dialog.Session{ChatID: fuzzOrganiser, Version: 1, Lang: "nl", Step: "org_times",
		Org: &dialog.OrgDraft{Repeat: "weekly", M: meetups.Meetup{Title: "Babycafé"}}}
	next, out, err := r.e.Step(context.Background(), s, dialog.Input{Kind: dialog.InputText, Text: "10:00-11:30", Lang: "nl"})
	if err != nil || len(out) == 0 {
		t.Fatalf("got %+v, %v", out, err)
	}
	if next.Step != "org_weekday" || out[0].Text != r.e.Text("nl", "org_weekday") {
		t.Errorf("got step %q and %q, want the weekday asked", next.Step, out[0].Text)
	}
}
