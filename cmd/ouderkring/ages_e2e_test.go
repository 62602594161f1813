package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestAgesWithAGap: an organiser ticks 0–1 and 4–12 and the meetup is
// found for a baby and a school child, not for a toddler; a range typed
// in months and years is stored as typed and said back in the preview.
// The search is the real one, on Postgres (migration 016's key).
func TestAgesWithAGap(t *testing.T) {
	e := setupE2E(t)
	const organiser = 5101
	ctx := context.Background()
	e.becomeOrganiser(t, organiser, "Huiskamer Noord", true)

	// ages answers the age question and returns the preview question.
	add := func(title string, ages func(q telegramtest.Call) telegramtest.Call) meetups.Meetup {
		t.Helper()
		e.onlineWeekly(t, organiser, "💬 "+e.loc.T("nl", "kind_peer_group"), title, "Koffie en praten met andere ouders.",
			"https://meet.example.org/huiskamer", "donderdag", "20:00-21:30")
		q := e.tg.Next(t, organiser) // the holidays question
		e.tg.Click(t, q, e.loc.T("nl", "org_hol_none"))
		q = e.expectText(t, organiser, "nl", "org_ages")
		q = ages(q)
		e.tg.Click(t, q, e.loc.T("nl", "org_done"))
		q = e.expectText(t, organiser, "nl", "org_langs")
		e.tg.Click(t, q, e.loc.T("nl", "org_done"))
		q = e.expectText(t, organiser, "nl", "org_cost")
		e.tg.Click(t, q, e.loc.T("nl", "org_cost_free"))
		q = e.expectText(t, organiser, "nl", "org_join")
		e.tg.Click(t, q, e.loc.T("nl", "join_walk_in"))
		e.tg.Next(t, organiser) // the card
		q = e.expectPreview(t, organiser, "nl")
		preview := q.Text()
		e.tg.Click(t, q, e.loc.T("nl", "org_publish"))
		e.expectText(t, organiser, "nl", "org_published")
		found, err := e.cat.Search(ctx, meetups.Query{Near: utrecht, RadiusKm: 10, IncludeOnline: true, Limit: 50, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range found {
			if r.Title == title {
				r.Meetup.Description = preview // the caller reads the preview from here
				return r.Meetup
			}
		}
		t.Fatalf("%q is not found without an age", title)
		return meetups.Meetup{}
	}
	findsFor := func(title string) []meetups.AgeBand {
		t.Helper()
		var out []meetups.AgeBand
		for _, b := range meetups.AgeBands {
			found, err := e.cat.Search(ctx, meetups.Query{Near: utrecht, RadiusKm: 10, IncludeOnline: true, AgeBand: b, Limit: 50, Now: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(found, func(r meetups.Result) bool { return r.Title == title }) {
				out = append(out, b)
			}
		}
		return out
	}

	gap := add("Ouders van baby's en schoolkinderen", func(q telegramtest.Call) telegramtest.Call {
		e.tg.Click(t, q, e.loc.T("nl", "age_0_1"))
		q = e.tg.Next(t, organiser)
		e.tg.Click(t, q, e.loc.T("nl", "age_4_12"))
		q = e.tg.Next(t, organiser)
		if _, ok := q.FindButton("✓ " + e.loc.T("nl", "age_1_4")); ok {
			t.Errorf("ticking 0–1 and 4–12 ticked 1–4 too")
		}
		e.tg.Click(t, q, e.loc.T("nl", "org_done"))
		return e.expectText(t, organiser, "nl", "org_themes")
	})
	if got := findsFor(gap.Title); !slices.Equal(got, []meetups.AgeBand{meetups.AgeBaby, meetups.AgeChild}) {
		t.Errorf("0–1 and 4–12 ticked: found for %v, want 0-1 and 4-12 only", got)
	}
	if want := e.loc.T("nl", "org_ages_preview", map[string]any{"Ages": e.loc.T("nl", "age_0_1") + ", " + e.loc.T("nl", "age_4_12")}); !strings.Contains(gap.Description, want) {
		t.Errorf("preview %q does not say %q", gap.Description, want)
	}

	typed := add("Peuterpraat", func(q telegramtest.Call) telegramtest.Call {
		e.tg.SendText(organiser, "nl", "2 tot 4")
		e.expectText(t, organiser, "nl", "org_ages_unit")
		e.tg.SendText(organiser, "nl", "6 maanden tot 2 jaar")
		ages := e.loc.T("nl", "age_from_to", map[string]any{"From": e.loc.T("nl", "age_n_months", map[string]any{"N": 6}),
			"To": e.loc.T("nl", "age_n_years", map[string]any{"N": 2})})
		e.expectText(t, organiser, "nl", "org_ages_typed", map[string]any{"Ages": ages})
		return e.expectText(t, organiser, "nl", "org_themes")
	})
	if typed.AgeMinMonths != 6 || typed.AgeMaxMonths != 23 || len(typed.AgeBands) != 0 {
		t.Errorf("typed 6 months to 2 years: stored %d..%d %v", typed.AgeMinMonths, typed.AgeMaxMonths, typed.AgeBands)
	}
	if got := findsFor(typed.Title); !slices.Equal(got, []meetups.AgeBand{meetups.AgeBaby, meetups.AgeToddler}) {
		t.Errorf("6 months to 2 years: found for %v, want 0-1 and 1-4", got)
	}
}
