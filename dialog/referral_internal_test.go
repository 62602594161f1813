package dialog

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// savedCounter records the counts the saving hook makes.
type savedCounter struct {
	mu     sync.Mutex
	refs   []meetups.ReferralEvent
	meetup []meetups.CountEvent
	ids    []int64
}

func (c *savedCounter) Referral(ctx context.Context, code string) (meetups.ReferralLink, error) {
	return meetups.ReferralLink{}, meetups.Errorf(meetups.ENOTFOUND, "none")
}

func (c *savedCounter) CountReferral(ctx context.Context, linkID int64, e meetups.ReferralEvent, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refs = append(c.refs, e)
	return nil
}

func (c *savedCounter) Count(ctx context.Context, e meetups.CountEvent, ids []int64, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.meetup = append(c.meetup, e)
	c.ids = append(c.ids, ids...)
	return nil
}

// TestMeetupSavedHook: the call the coming "save" button makes counts the
// meetup's "saved" every time, and the referral link's "saved" once.
func TestMeetupSavedHook(t *testing.T) {
	t.Parallel()
	c := &savedCounter{}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	e, err := New(nil, Options{Now: func() time.Time { return now }, Counter: c, Referrals: c})
	if err != nil {
		t.Fatal(err)
	}
	tr := &turn{e: e, ctx: context.Background(), s: Session{ChatID: 1, Referral: &Referral{Link: 3, Started: now}}}
	tr.meetupSaved(42)
	tr.meetupSaved(43)
	e.makeCounts(context.Background(), tr.s.counts)
	if !slices.Equal(c.refs, []meetups.ReferralEvent{meetups.ReferralSaved}) {
		t.Errorf("referral counts: got=%v, want saved once", c.refs)
	}
	if !slices.Equal(c.ids, []int64{42, 43}) || !slices.Equal(c.meetup, []meetups.CountEvent{meetups.CountSaved, meetups.CountSaved}) {
		t.Errorf("meetup counts: got=%v for %v", c.meetup, c.ids)
	}
	if !slices.Equal(tr.s.Referral.Counted, []meetups.ReferralEvent{meetups.ReferralSaved}) {
		t.Errorf("the session remembers %v", tr.s.Referral.Counted)
	}
}

// TestPosterFor: the first poster of a link leads in English for English
// staff, else in Dutch, with the staff's own language under it when the
// poster has it.
func TestPosterFor(t *testing.T) {
	for lang, want := range map[string][2]string{
		"nl": {"nl", ""}, "en": {"en", ""}, "tr": {"nl", "tr"}, "pl": {"nl", "pl"},
		"uk": {"nl", "uk"}, "ar": {"nl", "ar"}, "de": {"nl", ""}, "": {"nl", ""},
	} {
		p := posterFor("https://t.me/x?start=r_a", "CB", lang)
		if [2]string{p.Lang, p.Second} != want || p.Link != "https://t.me/x?start=r_a" || p.Label != "CB" {
			t.Errorf("%q: got %+v, want Lang %q Second %q", lang, p, want[0], want[1])
		}
	}
}
