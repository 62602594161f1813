package db_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// refBundle is a fresh schema with two organisations.
type refBundle struct {
	d          *db.DB
	refs       *db.Referrals
	orgA, orgB int64
}

func setupReferrals(t *testing.T) refBundle {
	t.Helper()
	d := dbtest.New(t)
	b := refBundle{d: d, refs: d.Referrals()}
	var err error
	if b.orgA, err = d.Catalogue().EnsureOrganisation(t.Context(), "JGZ Utrecht"); err != nil {
		t.Fatal(err)
	}
	if b.orgB, err = d.Catalogue().EnsureOrganisation(t.Context(), "CJG Amersfoort"); err != nil {
		t.Fatal(err)
	}
	return b
}

// link stores a new link of org (0: none) with a fresh code.
func (b refBundle) link(t *testing.T, label string, org int64, area *meetups.Place) meetups.ReferralLink {
	t.Helper()
	code, err := meetups.NewReferralCode()
	if err != nil {
		t.Fatal(err)
	}
	l, err := b.refs.CreateReferral(t.Context(), meetups.ReferralLink{Code: code, Label: label, OrgID: org, Area: area})
	if err != nil {
		t.Fatalf("CreateReferral(%q): %v", label, err)
	}
	return l
}

func (b refBundle) count(t *testing.T, id int64, e meetups.ReferralEvent, at time.Time) {
	t.Helper()
	if err := b.refs.CountReferral(t.Context(), id, e, at); err != nil {
		t.Fatalf("CountReferral(%s): %v", e, err)
	}
}

// stats returns the numbers the scope sees, by link id.
func (b refBundle) stats(t *testing.T, scope meetups.ReferralScope, weeks int, at time.Time) map[int64][]meetups.ReferralWeek {
	t.Helper()
	got, err := b.refs.ReferralStats(t.Context(), scope, weeks, at)
	if err != nil {
		t.Fatalf("ReferralStats: %v", err)
	}
	out := map[int64][]meetups.ReferralWeek{}
	for _, s := range got {
		if len(s.Weeks) != weeks {
			t.Fatalf("link %d: %d weeks, want %d", s.Link.ID, len(s.Weeks), weeks)
		}
		out[s.Link.ID] = s.Weeks
	}
	return out
}

func fourRef(w meetups.ReferralWeek) [4]int { return [4]int{w.Starts, w.Searches, w.Saved, w.Drafted} }

var allLinks = meetups.ReferralScope{All: true}

func TestCreateReferral(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setupReferrals(t)
		area := &meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.11}, Label: "3581 Utrecht"}
		l := b.link(t, "CB Utrecht Overvecht", b.orgA, area)
		if l.ID == 0 || l.OrgName != "JGZ Utrecht" || l.CreatedAt.IsZero() {
			t.Errorf("created: got %+v", l)
		}
		got, err := b.refs.Referral(t.Context(), l.Code)
		if err != nil || got.ID != l.ID || got.Label != l.Label || got.OrgID != b.orgA || got.OrgName != "JGZ Utrecht" ||
			got.Area == nil || *got.Area != *area {
			t.Errorf("Referral(code): got=%+v (area %+v), err %v", got, got.Area, err)
		}
		if got, err := b.refs.ReferralByID(t.Context(), l.ID); err != nil || got.Code != l.Code {
			t.Errorf("ReferralByID: got=%+v, err %v", got, err)
		}
		if l := b.link(t, "Posters in de bibliotheek", 0, nil); l.OrgID != 0 || l.OrgName != "" || l.Area != nil {
			t.Errorf("a link without organisation or area: got %+v", l)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		b := setupReferrals(t)
		for name, l := range map[string]meetups.ReferralLink{
			"ShortCode": {Code: "abc", Label: "CB"},
			"NoLabel":   {Code: "k3Jx9QpLmN2vR7tY"},
			"TwoLines":  {Code: "k3Jx9QpLmN2vR7tY", Label: "CB\nOost"},
		} {
			if _, err := b.refs.CreateReferral(t.Context(), l); meetups.ErrorCode(err) != meetups.EINVALID {
				t.Errorf("%s: got %v, want EINVALID", name, err)
			}
		}
	})

	t.Run("CodeTakenForever", func(t *testing.T) {
		t.Parallel()
		b := setupReferrals(t)
		l := b.link(t, "CB Oost", b.orgA, nil)
		if err := b.refs.DeleteReferral(t.Context(), l.ID, now); err != nil {
			t.Fatal(err)
		}
		if _, err := b.refs.CreateReferral(t.Context(), meetups.ReferralLink{Code: l.Code, Label: "Nieuw"}); err == nil {
			t.Error("a deleted link's code was handed out again")
		}
	})

	t.Run("TablesHoldNothingAboutParents", func(t *testing.T) {
		t.Parallel()
		b := setupReferrals(t)
		// No column may name a chat or a staff member without a privacy
		// review: the only place a link meets a chat is that chat's session.
		n, err := db.QueryInt(t.Context(), b.d, `select count(*) from information_schema.columns
			where table_schema = current_schema() and table_name in ('referral_links', 'referral_counts')
			and column_name not in ('id', 'code', 'label', 'org_id', 'preset_lat', 'preset_lon', 'preset_label',
				'created_at', 'deleted_at', 'link_id', 'week', 'starts', 'searches', 'saved', 'drafted')`)
		if err != nil || n != 0 {
			t.Errorf("referral tables have %d unexpected columns (%v)", n, err)
		}
	})
}

func TestDeleteReferral(t *testing.T) {
	t.Parallel()
	b := setupReferrals(t)
	gone := b.link(t, "CB Oost", b.orgA, nil)
	kept := b.link(t, "CB West", b.orgA, nil)
	b.count(t, gone.ID, meetups.ReferralStart, now)
	if err := b.refs.DeleteReferral(t.Context(), gone.ID, now); err != nil {
		t.Fatal(err)
	}
	// The code of a deleted link is refused at /start, counts nothing and
	// is seen by nobody.
	if _, err := b.refs.Referral(t.Context(), gone.Code); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Errorf("Referral(deleted code): got %v, want ENOTFOUND", err)
	}
	if _, err := b.refs.ReferralByID(t.Context(), gone.ID); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Errorf("ReferralByID(deleted): got %v, want ENOTFOUND", err)
	}
	b.count(t, gone.ID, meetups.ReferralStart, now)
	n, err := db.QueryInt(t.Context(), b.d, `select starts from referral_counts where link_id = $1`, gone.ID)
	if err != nil || n != 1 {
		t.Errorf("a deleted link counted on: starts=%d (%v), want the 1 from before", n, err)
	}
	if got := b.stats(t, allLinks, 1, now); len(got) != 1 || got[kept.ID] == nil {
		t.Errorf("stats after delete: got %v, want only the kept link", got)
	}
	links, err := b.refs.ReferralLinks(t.Context(), allLinks)
	if err != nil || len(links) != 1 || links[0].ID != kept.ID {
		t.Errorf("links after delete: got %+v (%v)", links, err)
	}
	if err := b.refs.DeleteReferral(t.Context(), gone.ID, now); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Errorf("deleting twice: got %v, want ENOTFOUND", err)
	}
	if _, err := b.refs.Referral(t.Context(), "neverMadeCode123"); meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.Errorf("Referral(unknown): got %v, want ENOTFOUND", err)
	}
}

func TestCountReferral(t *testing.T) {
	t.Parallel()

	t.Run("EachEventAddsOneToItsOwnNumber", func(t *testing.T) {
		t.Parallel()
		b := setupReferrals(t)
		l, other := b.link(t, "CB Oost", b.orgA, nil), b.link(t, "CB West", b.orgA, nil)
		var want [4]int
		for i, e := range meetups.ReferralEvents {
			for n := 1; n <= 2; n++ {
				b.count(t, l.ID, e, now)
				want[i] = n
				got := b.stats(t, allLinks, 1, now)
				if fourRef(got[l.ID][0]) != want {
					t.Errorf("after %s #%d: got=%v, want %v", e, n, fourRef(got[l.ID][0]), want)
				}
				if !got[other.ID][0].Empty() {
					t.Errorf("after %s #%d: the other link counted too: %v", e, n, got[other.ID][0])
				}
			}
		}
	})

	t.Run("AmsterdamISOWeeks", func(t *testing.T) {
		t.Parallel()
		b := setupReferrals(t)
		l := b.link(t, "CB Oost", b.orgA, nil)
		sunday := time.Date(2026, 11, 29, 23, 30, 0, 0, meetups.Amsterdam) // 22:30 UTC
		monday := time.Date(2026, 11, 30, 0, 30, 0, 0, meetups.Amsterdam)  // still Sunday in UTC
		b.count(t, l.ID, meetups.ReferralStart, sunday)
		b.count(t, l.ID, meetups.ReferralStart, monday)
		b.count(t, l.ID, meetups.ReferralSearch, monday.UTC())
		got := b.stats(t, allLinks, 2, monday)[l.ID]
		for i, want := range []struct {
			week           string
			starts, search int
		}{{"2026-11-30", 1, 1}, {"2026-11-23", 1, 0}} {
			w := got[i]
			if w.Week.Format(time.DateOnly) != want.week || w.Week.Location() != meetups.Amsterdam || w.Week.Hour() != 0 ||
				w.Starts != want.starts || w.Searches != want.search {
				t.Errorf("week %d: got %s %+v, want %s with %d starts, %d searches", i, w.Week, w, want.week, want.starts, want.search)
			}
		}
		weeks, err := db.QueryInt(t.Context(), b.d, `select count(*) from referral_counts where extract(isodow from week) = 1`)
		if err != nil || weeks != 2 {
			t.Errorf("stored weeks: %d Mondays (%v), want 2", weeks, err)
		}
	})

	t.Run("UnknownLinkIgnored", func(t *testing.T) {
		t.Parallel()
		b := setupReferrals(t)
		b.count(t, 999999, meetups.ReferralStart, now)
		if n, err := db.QueryInt(t.Context(), b.d, `select count(*) from referral_counts`); err != nil || n != 0 {
			t.Errorf("rows: %d (%v), want 0", n, err)
		}
	})

	t.Run("ErrInvalidEvent", func(t *testing.T) {
		t.Parallel()
		b := setupReferrals(t)
		l := b.link(t, "CB Oost", b.orgA, nil)
		if err := b.refs.CountReferral(t.Context(), l.ID, "visits", now); meetups.ErrorCode(err) != meetups.EINVALID {
			t.Errorf("got %v, want EINVALID", err)
		}
	})

	t.Run("ConcurrentCountsAddUp", func(t *testing.T) {
		t.Parallel()
		b := setupReferrals(t)
		l := b.link(t, "CB Oost", b.orgA, nil)
		const workers = 16
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				if err := b.refs.CountReferral(t.Context(), l.ID, meetups.ReferralStart, now); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got := b.stats(t, allLinks, 1, now)[l.ID][0].Starts; got != workers {
			t.Errorf("starts: got=%d, want %d", got, workers)
		}
	})
}

func TestReferralScope(t *testing.T) {
	t.Parallel()
	b := setupReferrals(t)
	a1 := b.link(t, "CB Overvecht", b.orgA, nil)
	a2 := b.link(t, "CB Zuilen", b.orgA, nil)
	bl := b.link(t, "CB Vathorst", b.orgB, nil)
	none := b.link(t, "Bibliotheek", 0, nil)
	ids := func(links []meetups.ReferralLink) []int64 {
		var out []int64
		for _, l := range links {
			out = append(out, l.ID)
		}
		return out
	}
	for name, tc := range map[string]struct {
		scope meetups.ReferralScope
		want  []int64
	}{
		"StaffA":  {meetups.ReferralScope{OrgIDs: []int64{b.orgA}}, []int64{a2.ID, a1.ID}},
		"StaffB":  {meetups.ReferralScope{OrgIDs: []int64{b.orgB}}, []int64{bl.ID}},
		"StaffAB": {meetups.ReferralScope{OrgIDs: []int64{b.orgA, b.orgB}}, []int64{bl.ID, a2.ID, a1.ID}},
		"Admin":   {allLinks, []int64{none.ID, bl.ID, a2.ID, a1.ID}},
		"Nobody":  {meetups.ReferralScope{}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			links, err := b.refs.ReferralLinks(t.Context(), tc.scope)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(links); !slices.Equal(got, tc.want) {
				t.Errorf("links: got=%v, want %v (newest first)", got, tc.want)
			}
			stats := b.stats(t, tc.scope, 4, now)
			if len(stats) != len(tc.want) {
				t.Errorf("stats: got %d links, want %d", len(stats), len(tc.want))
			}
			for _, id := range tc.want {
				if stats[id] == nil {
					t.Errorf("stats lack link %d", id)
				}
			}
		})
	}
	// Stats are ordered by organisation (none first), then label.
	s, err := b.refs.ReferralStats(t.Context(), allLinks, 1, now)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, x := range s {
		order = append(order, x.Link.Label)
	}
	if want := []string{"Bibliotheek", "CB Vathorst", "CB Overvecht", "CB Zuilen"}; !slices.Equal(order, want) {
		t.Errorf("stats order: got=%v, want %v", order, want)
	}
}

func TestReferralStatsWindow(t *testing.T) {
	t.Parallel()
	b := setupReferrals(t)
	l := b.link(t, "CB Oost", b.orgA, nil)
	b.count(t, l.ID, meetups.ReferralStart, now.AddDate(0, 0, -28)) // five weeks back: outside four
	b.count(t, l.ID, meetups.ReferralDrafted, now.AddDate(0, 0, -21))
	b.count(t, l.ID, meetups.ReferralStart, now.AddDate(0, 0, 7)) // a future week: outside too
	got := b.stats(t, allLinks, 4, now)[l.ID]
	for i, w := range got {
		if want := meetups.WeekOf(now).AddDate(0, 0, -7*i); !w.Week.Equal(want) {
			t.Errorf("week %d: got %s, want %s (newest first)", i, w.Week, want)
		}
		if want := [4]int{0, 0, 0, map[bool]int{true: 1}[i == 3]}; fourRef(w) != want {
			t.Errorf("week %d: got %v, want %v", i, fourRef(w), want)
		}
	}
	if _, err := b.refs.ReferralStats(t.Context(), allLinks, 0, now); meetups.ErrorCode(err) != meetups.EINVALID {
		t.Errorf("0 weeks: got %v, want EINVALID", err)
	}
}

// TestClearStaleReferrals: the upkeep takes the link a chat started from
// and its /start payload out of the session a day later, like help drafts.
func TestClearStaleReferrals(t *testing.T) {
	t.Parallel()
	s := dbtest.New(t).Sessions()
	cutoff := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	old := dialog.Session{ChatID: 1, Lang: "nl", StartPayload: "r_k3Jx9QpLmN2vR7tY", StartAt: cutoff.Add(-time.Hour),
		Referral: &dialog.Referral{Link: 7, Started: cutoff.Add(-time.Hour), Counted: []meetups.ReferralEvent{meetups.ReferralStart}},
		Search:   &dialog.Search{Age: "0-1"}}
	fresh := dialog.Session{ChatID: 2, Lang: "nl", StartPayload: "r_abc", StartAt: cutoff.Add(time.Hour),
		Referral: &dialog.Referral{Link: 7, Started: cutoff.Add(time.Hour)}}
	legacy := dialog.Session{ChatID: 3, Lang: "en", StartPayload: "clinic-utrecht"} // from before start_at
	mixed := dialog.Session{ChatID: 4, StartPayload: "r_abc", StartAt: cutoff.Add(time.Hour),
		Ask: &dialog.Ask{Started: cutoff.Add(-time.Hour), Name: "Sanne"}}
	for _, sess := range []dialog.Session{old, fresh, legacy, mixed} {
		mustSave(t, s, sess)
	}
	n, err := s.ClearStaleDrafts(t.Context(), cutoff)
	if err != nil || n != 3 {
		t.Fatalf("got n=%d err=%v, want 3 sessions changed", n, err)
	}
	if got := mustLoad(t, s, 1); got.Referral != nil || got.StartPayload != "" || !got.StartAt.IsZero() ||
		got.Search == nil || got.Lang != "nl" || got.Version != 2 {
		t.Errorf("old: got ref=%+v start=%q at %s search=%+v version=%d, want link and payload gone, the rest kept",
			got.Referral, got.StartPayload, got.StartAt, got.Search, got.Version)
	}
	if got := mustLoad(t, s, 2); got.Referral == nil || got.StartPayload != "r_abc" || got.Version != 1 {
		t.Errorf("fresh: got %+v, want untouched", got)
	}
	if got := mustLoad(t, s, 3); got.StartPayload != "" || got.Lang != "en" {
		t.Errorf("legacy payload without a time: got %q, want gone", got.StartPayload)
	}
	if got := mustLoad(t, s, 4); got.Ask != nil || got.StartPayload != "r_abc" {
		t.Errorf("mixed: got ask=%+v start=%q, want only the old draft gone", got.Ask, got.StartPayload)
	}
}
