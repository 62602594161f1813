package dialog

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/schoolholidays"
)

// orgbuttons.go: the age bands of /nieuw, and publishing.

// agesOf is which bands a meetup is for: its own bands, else the bands
// its age range reaches (a range typed in months, an import).
func agesOf(m meetups.Meetup) []string {
	if m.AgeMinMonths == 0 && m.AgeMaxMonths == 0 && len(m.AgeBands) == 0 {
		return nil // not chosen yet
	}
	var on []string
	for _, b := range meetups.AgeBands {
		if m.ForAge(b) {
			on = append(on, string(b))
		}
	}
	return on
}

// setAges makes the meetup for exactly the chosen bands: its age range is
// their span, and its bands say which within it (meetups.ForAge).
func setAges(m *meetups.Meetup, bands []string) {
	m.AgeMinMonths, m.AgeMaxMonths, m.AgeBands = 0, 0, nil
	first := true
	for _, b := range meetups.AgeBands {
		if !contains(bands, string(b)) {
			continue
		}
		lo, hi, _ := b.Months()
		if first {
			m.AgeMinMonths, first = lo, false
		}
		m.AgeMaxMonths = hi
		m.AgeBands = append(m.AgeBands, b)
	}
}

func toggle(list []string, v string) []string {
	for i, x := range list {
		if x == v {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return append(list, v)
}

// splitLabel reads PDOK's "Kanaalweg 82, 3513WM Utrecht" into address,
// postcode and city.
func splitLabel(label string) (address, postcode, city string) {
	address, rest, ok := strings.Cut(label, ",")
	if !ok {
		return "", "", strings.TrimSpace(label)
	}
	f := strings.Fields(rest)
	if len(f) > 0 && len(f[0]) == 6 {
		pc := f[0]
		return strings.TrimSpace(address), pc[:4] + " " + pc[4:], strings.Join(f[1:], " ")
	}
	return strings.TrimSpace(address), "", strings.TrimSpace(rest)
}

// publish stores the meetup: published at once for trusted organisers,
// else pending and sent to every admin to approve or reject (a change to
// a published one shows at once and goes to the admins to look at).
func (t *turn) publish() {
	if _, ok := t.organiser("publish"); !ok {
		return
	}
	d := t.s.Org
	m := d.M
	ms, ok := t.membershipFor(m.OrgID)
	if !ok && !d.Edit && m.OrgID == 0 {
		ms, ok = meetups.OrgOf(t.memberships()) // a draft begun before drafts named their organisation
	}
	if !ok {
		t.notYours("publish-other-organisation")
		return
	}
	m.OrgID, m.OrgName = ms.OrgID, ms.OrgName
	// New meetups of organisers not yet trusted wait for an admin. Their
	// changes to a published meetup show at once (an organiser fixing a
	// time must not take it offline), and the admins get the new version
	// to look at afterwards, with a way to take it off.
	review := d.Edit && !ms.Trusted && m.Status == meetups.StatusPublished
	if !d.Edit {
		m.Status = meetups.StatusPending
		if ms.Trusted {
			m.Status = meetups.StatusPublished
		}
	}
	m.ConfirmedAt = t.e.now()
	if err := m.Validate(); err != nil {
		// Every step validated already; this is a bug, not the organiser's.
		t.fail(fmt.Errorf("publish: %w", err))
		return
	}
	if d.Edit && m.Status == meetups.StatusArchived && m.RejectReason != "" {
		// Turned down, fixed, and sent again: waiting for an admin again
		// (or live, for a trusted organiser), the old reason gone.
		m.Status, m.RejectReason = meetups.StatusPending, ""
		if ms.Trusted {
			m.Status = meetups.StatusPublished
		}
		t.write("resubmit", fmt.Sprint(m.ID), func(ctx context.Context) error {
			if _, err := t.e.orgCatalogue.SaveMeetup(ctx, m, t.e.now()); err != nil {
				return err
			}
			return t.e.orgCatalogue.SetStatus(ctx, m.ID, m.Status, "")
		}, func() {
			t.s.Org, t.s.Step = nil, stepMenu
			if m.Status == meetups.StatusPublished {
				t.edit(Reply{Text: t.T("org_published"), Buttons: t.waysOn(m.ID)})
				return
			}
			t.edit(Reply{Text: t.T("org_pending"), Buttons: t.waysOn(m.ID)})
			t.askAdmins(m)
		})
		return
	}
	if d.Edit {
		t.write("save_meetup", fmt.Sprint(m.ID), func(ctx context.Context) error {
			_, err := t.e.orgCatalogue.SaveMeetup(ctx, m, t.e.now())
			return err
		}, func() {
			t.s.Org, t.s.Step = nil, stepMenu
			t.edit(Reply{Text: t.T("org_saved"), Buttons: t.waysOn(m.ID)})
			if review {
				t.askAdminsChange(m)
			}
		})
		return
	}
	if d.Key == "" {
		d.Key = t.newKey() // a draft begun before drafts had keys
	}
	p := meetups.Publish{By: t.s.ChatID, Key: d.Key, Limit: MaxNewPerDay, Since: dayOf(t.e.now())}
	if meetups.Has(t.memberships(), meetups.RoleAdmin) {
		p.Limit = 0 // admins may add any number
	}
	do(t, "publish", d.Key, func(ctx context.Context) (int64, error) {
		id, _, err := t.e.orgCatalogue.Publish(ctx, m, p, t.e.now())
		return id, err
	}, func(id int64, err error) {
		if meetups.ErrorCode(err) == meetups.ELIMIT {
			// The draft stays: tomorrow it can go.
			slog.Warn("refused: daily limit of new meetups", "chat_id", t.s.ChatID, "org_id", m.OrgID)
			t.say("org_daily_limit", map[string]any{"Max": MaxNewPerDay})
			return
		}
		if err != nil {
			t.failed("publish", err)
			return
		}
		m.ID = id
		t.s.Org, t.s.Step = nil, stepMenu
		if m.Status == meetups.StatusPublished {
			t.edit(Reply{Text: t.T("org_published"), Buttons: t.waysOn(m.ID)})
			return
		}
		t.edit(Reply{Text: t.T("org_pending"), Buttons: t.waysOn(m.ID)})
		t.askAdmins(m)
	})
}

// holidayStep is the step after "skipped dates": the school-holiday
// question, unless the table of holidays has nothing left to offer (it
// does not yet hold the current school year). Skipping the question also
// drops a region chosen before, so the preview never claims what the
// dates do not do.
func (t *turn) holidayStep() string {
	if schoolholidays.Covered(t.e.now()) {
		return stepOrgHolidays
	}
	t.s.Org.Holidays = ""
	return stepOrgAges
}

// skipHolidays makes the draft skip region's school holidays (none for
// ""): its ExDates become the organiser's own skipped dates plus every
// occurrence from now to the end of the table that falls in a holiday.
func (t *turn) skipHolidays(r schoolholidays.Region) {
	d := t.s.Org
	d.Holidays = r
	ex := slices.Clone(d.Skip)
	if r != "" {
		// A day the organiser typed too stays in twice (once at midnight,
		// once at the start): harmless to Next, which compares days, and
		// it keeps the two sets apart for splitHolidays.
		ex = append(ex, schoolholidays.SkipDates(r, d.M.Schedule, t.e.now(), schoolholidays.End())...)
	}
	slices.SortFunc(ex, func(a, b time.Time) int { return a.Compare(b) })
	if len(ex) == 0 {
		ex = nil
	}
	d.M.Schedule.ExDates = ex
}

// splitHolidays tells apart, in a saved meetup's ExDates, the dates an
// organiser skipped and those a school-holiday region added, because only
// the dates are stored, not the region. A region counts when every
// occurrence in its holidays from now to the end of the table is skipped,
// and no other region's are too: regions share Christmas and May, and
// with no summer occurrence left the region cannot be told (then all
// dates stay the organiser's, which keeps them, as before).
func splitHolidays(s meetups.Schedule, now time.Time) (own []time.Time, region schoolholidays.Region) {
	if s.Kind != meetups.ScheduleRecurring || len(s.ExDates) == 0 {
		return s.ExDates, ""
	}
	var found []time.Time
	for _, r := range schoolholidays.Regions {
		want := schoolholidays.SkipDates(r, s, now, schoolholidays.End())
		if len(want) == 0 || !allIn(want, s.ExDates) {
			continue
		}
		if region != "" {
			return s.ExDates, "" // two regions fit: cannot tell
		}
		region, found = r, want
	}
	if region == "" {
		return s.ExDates, ""
	}
	for _, at := range s.ExDates {
		if !slices.ContainsFunc(found, at.Equal) {
			own = append(own, at)
		}
	}
	return own, region
}

// allIn reports whether every time in want is in have.
func allIn(want, have []time.Time) bool {
	for _, w := range want {
		if !slices.ContainsFunc(have, w.Equal) {
			return false
		}
	}
	return true
}

// MaxNewPerDay is how many meetups one organisation may add in a day
// through the bot; more takes an admin (who may add any number, or import
// a file). It keeps a stolen or careless account from flooding parents'
// results.
const MaxNewPerDay = 20
