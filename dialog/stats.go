package dialog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ouderkring/ouderkring/meetups"
)

// stats.go is /cijfers (/stats): per referral link, how many parents
// started, searched, saved a meetup and had a message drafted, per week for
// the last statsWeeks weeks. Staff see their organisation's links, admins
// every link. Any number from 1 to 4 reads "< 5", so no parent can be
// picked out of a week.

// statsWeeks is how many weeks /cijfers shows.
const statsWeeks = 4

// statsMessageMax keeps each message well under Telegram's 4096
// characters; more links go on in a next message.
const statsMessageMax = 3500

// stats answers /cijfers.
func (t *turn) stats() {
	scope, ok := t.referralScope("cijfers")
	if !ok {
		return
	}
	store := t.referralStore()
	if store == nil {
		return
	}
	all, err := store.ReferralStats(t.ctx, scope, statsWeeks, t.e.now())
	if err != nil {
		t.fail(fmt.Errorf("cijfers: %w", err))
		return
	}
	if len(all) == 0 {
		t.say("stats_none")
		return
	}
	msg := t.T("stats_title", map[string]any{"Weeks": statsWeeks})
	for _, s := range all {
		block := t.statsBlock(s, scope.All)
		if len(msg)+2+len(block) > statsMessageMax {
			t.out = append(t.out, Reply{Text: msg})
			msg = block
			continue
		}
		msg += "\n\n" + block
	}
	t.out = append(t.out, Reply{Text: msg, Buttons: t.backToMenu()})
}

// statsBlock is one link: its label (and for admins its organisation),
// the week numbers oldest to newest, and a line per event.
//
//	📍 CB Utrecht Overvecht
//	week 45 · 46 · 47 · 48
//	gestart: 0 · < 5 · 12 · 7
func (t *turn) statsBlock(s meetups.ReferralStats, withOrg bool) string {
	head := t.T("stats_link", map[string]any{"Label": s.Link.Label})
	if withOrg {
		org := s.Link.OrgName
		if org == "" {
			org = t.T("link_no_org")
		}
		head += " (" + org + ")"
	}
	weeks := slices.Clone(s.Weeks)
	slices.Reverse(weeks) // oldest first: read left to right like a calendar
	if !slices.ContainsFunc(weeks, func(w meetups.ReferralWeek) bool { return !w.Empty() }) {
		return head + "\n" + t.T("stats_empty")
	}
	nums := make([]string, len(weeks))
	for i, w := range weeks {
		_, n := w.Week.ISOWeek()
		nums[i] = strconv.Itoa(n)
	}
	lines := []string{head, t.T("stats_weeks", map[string]any{"Weeks": strings.Join(nums, " · ")})}
	small := t.T("stats_small")
	for _, e := range meetups.ReferralEvents {
		counts := make([]string, len(weeks))
		for i, w := range weeks {
			counts[i] = meetups.Suppress(w.Count(e), small)
		}
		lines = append(lines, t.T("stats_"+string(e), map[string]any{"Counts": strings.Join(counts, " · ")}))
	}
	return strings.Join(lines, "\n")
}
