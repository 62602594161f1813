package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// TestModerationHolds: what an admin decided stays decided. An organiser
// not yet trusted cannot publish past the admins with the "stopped" /
// undo buttons of the term's question (forged on a meetup that waits or
// was rejected), and a reason typed after another decision does not
// reject a meetup that was approved in between.
func TestModerationHolds(t *testing.T) {
	e := setupE2E(t)
	ctx := context.Background()
	const organiser, admin = 7101, 4002 // 4002 is the admin of setupE2E
	e.becomeOrganiser(t, organiser, "Buurtteam Nieuw", false)
	orgs, err := e.members.Memberships(ctx, organiser)
	if err != nil || len(orgs) != 1 {
		t.Fatalf("memberships: %+v, %v", orgs, err)
	}
	save := func(title string, status meetups.Status) int64 {
		t.Helper()
		m := meetups.Meetup{OrgID: orgs[0].OrgID, OrgName: "Buurtteam Nieuw", Kind: meetups.KindBabyCafe, Title: title,
			Point: &meetups.Point{Lat: utrecht.Lat, Lon: utrecht.Lon}, AgeMinMonths: 0, AgeMaxMonths: 18,
			Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=WE",
				Start: time.Date(2026, 9, 2, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour},
			Languages: []string{"nl"}, Join: meetups.JoinWalkIn, Status: status, Venue: "Buurthuis", City: "Utrecht"}
		id, err := e.cat.SaveMeetup(ctx, m, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := e.cat.SetSubmittedBy(ctx, id, organiser); err != nil {
			t.Fatal(err)
		}
		return id
	}
	status := func(id int64) meetups.Status {
		t.Helper()
		m, err := e.cat.MeetupAny(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return m.Status
	}
	press := func(data string) {
		t.Helper()
		e.tg.PressButton(organiser, "nl", 1, data)
	}

	// "Stopped" on a meetup still waiting for an admin: not a choice it has.
	waiting := save("Babycafé Wacht", meetups.StatusPending)
	press("fr:s:" + strconv.FormatInt(waiting, 10))
	e.expectText(t, organiser, "nl", "hint_old_button")
	e.tg.Next(t, organiser) // the prompt after the hint
	if s := status(waiting); s != meetups.StatusPending {
		t.Fatalf("a waiting meetup after a forged 'stopped': %s", s)
	}

	// "Undo" on a meetup the admins rejected: back to the admins, not to parents.
	rejected := save("Babycafé Afgewezen", meetups.StatusArchived)
	press("fr:u:" + strconv.FormatInt(rejected, 10))
	e.expectText(t, organiser, "nl", "org_pending")
	review := e.tg.Next(t, admin)
	if want := e.loc.T("nl", "mod_new", map[string]any{"Org": "Buurtteam Nieuw"}); !strings.HasPrefix(review.Text(), want) {
		t.Fatalf("the admins' review: got=%q, want it to start with %q", review.Text(), want)
	}
	if s := status(rejected); s != meetups.StatusPending {
		t.Fatalf("a rejected meetup after a forged undo: %s, want pending", s)
	}
	if _, err := e.cat.Meetup(ctx, rejected); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Fatalf("parents see a rejected meetup after a forged undo: %v", err)
	}

	// The admin starts a rejection, approves after all, then types the
	// reason: the approval stands.
	e.tg.Click(t, review, e.loc.T("nl", "mod_reject"))
	e.expectText(t, admin, "nl", "mod_reason")
	e.tg.Click(t, review, e.loc.T("nl", "mod_approve"))
	e.expectText(t, admin, "nl", "mod_approved")
	e.expectText(t, organiser, "nl", "org_approved", map[string]any{"Title": "Babycafé Afgewezen"})
	late := e.tg.SendText(admin, "nl", "Toch niet")
	e.expectText(t, admin, "nl", "mod_done_already")
	if s := status(rejected); s != meetups.StatusPublished {
		t.Fatalf("an approved meetup after a late reason: %s, want published", s)
	}
	// Confirmed once its replies (the organiser's too) were sent.
	e.tg.WaitConsumed(t, late)
	e.tg.ExpectNone(t, organiser, 0) // no "rejected" after "approved"
}
