package dialogtest

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// Referrals is an in-memory referral store (meetups.Referrals and
// dialog.ReferralStore) for dialog tests. The real one, and its weeks, are
// tested against PostgreSQL in package db.
type Referrals struct {
	mu      sync.Mutex
	links   []meetups.ReferralLink
	deleted map[int64]bool
	counts  map[int64]map[time.Time]*meetups.ReferralWeek
	// Events records every count made, in order.
	Events []Count
	// CountErr, when set, is returned by CountReferral (a database that
	// is down); LookupErr by Referral.
	CountErr, LookupErr error
	// Lookups counts calls of Referral.
	Lookups int
}

// Count is one count made.
type Count struct {
	Link  int64
	Event meetups.ReferralEvent
}

func (r *Referrals) init() {
	if r.deleted == nil {
		r.deleted = map[int64]bool{}
		r.counts = map[int64]map[time.Time]*meetups.ReferralWeek{}
	}
}

// Add stores a link as staff would have made it and returns it with its id.
func (r *Referrals) Add(l meetups.ReferralLink) meetups.ReferralLink {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	l.ID = int64(len(r.links) + 1)
	r.links = append(r.links, l)
	return l
}

// Referral implements meetups.Referrals.
func (r *Referrals) Referral(ctx context.Context, code string) (meetups.ReferralLink, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	r.Lookups++
	if r.LookupErr != nil {
		return meetups.ReferralLink{}, r.LookupErr
	}
	for _, l := range r.links {
		if l.Code == code && !r.deleted[l.ID] {
			return l, nil
		}
	}
	return meetups.ReferralLink{}, meetups.Errorf(meetups.ENOTFOUND, "no such link")
}

// CountReferral implements meetups.Referrals.
func (r *Referrals) CountReferral(ctx context.Context, linkID int64, event meetups.ReferralEvent, at time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	if r.CountErr != nil {
		return r.CountErr
	}
	if !event.Valid() {
		return meetups.Errorf(meetups.EINVALID, "unknown event")
	}
	if linkID < 1 || int(linkID) > len(r.links) || r.deleted[linkID] {
		return nil
	}
	r.Events = append(r.Events, Count{linkID, event})
	week := meetups.WeekOf(at)
	if r.counts[linkID] == nil {
		r.counts[linkID] = map[time.Time]*meetups.ReferralWeek{}
	}
	w := r.counts[linkID][week]
	if w == nil {
		w = &meetups.ReferralWeek{Week: week}
		r.counts[linkID][week] = w
	}
	switch event {
	case meetups.ReferralStart:
		w.Starts++
	case meetups.ReferralSearch:
		w.Searches++
	case meetups.ReferralSaved:
		w.Saved++
	case meetups.ReferralDrafted:
		w.Drafted++
	}
	return nil
}

// CreateReferral implements dialog.ReferralStore.
func (r *Referrals) CreateReferral(ctx context.Context, l meetups.ReferralLink) (meetups.ReferralLink, error) {
	if err := l.Validate(); err != nil {
		return l, err
	}
	return r.Add(l), nil
}

// ReferralLinks implements dialog.ReferralStore.
func (r *Referrals) ReferralLinks(ctx context.Context, scope meetups.ReferralScope) ([]meetups.ReferralLink, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	var out []meetups.ReferralLink
	for _, l := range slices.Backward(r.links) {
		if !r.deleted[l.ID] && scope.Allows(l.OrgID) {
			out = append(out, l)
		}
	}
	return out, nil
}

// ReferralByID implements dialog.ReferralStore.
func (r *Referrals) ReferralByID(ctx context.Context, id int64) (meetups.ReferralLink, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	if id < 1 || int(id) > len(r.links) || r.deleted[id] {
		return meetups.ReferralLink{}, meetups.Errorf(meetups.ENOTFOUND, "no such link")
	}
	return r.links[id-1], nil
}

// DeleteReferral implements dialog.ReferralStore.
func (r *Referrals) DeleteReferral(ctx context.Context, id int64, now time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	if id < 1 || int(id) > len(r.links) || r.deleted[id] {
		return meetups.Errorf(meetups.ENOTFOUND, "no such link")
	}
	r.deleted[id] = true
	return nil
}

// Deleted reports whether link id was deleted.
func (r *Referrals) Deleted(id int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.deleted[id]
}

// ReferralStats implements dialog.ReferralStore (in the order links were
// made, not by organisation and label as the real one).
func (r *Referrals) ReferralStats(ctx context.Context, scope meetups.ReferralScope, weeks int, now time.Time) ([]meetups.ReferralStats, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	var out []meetups.ReferralStats
	for _, l := range r.links {
		if r.deleted[l.ID] || !scope.Allows(l.OrgID) {
			continue
		}
		s := meetups.ReferralStats{Link: l}
		for _, w := range meetups.LastWeeks(now, weeks) {
			c := meetups.ReferralWeek{Week: w}
			if got := r.counts[l.ID][w]; got != nil {
				c = *got
			}
			s.Weeks = append(s.Weeks, c)
		}
		out = append(out, s)
	}
	return out, nil
}

// Made counts the events made for link.
func (r *Referrals) Made(link int64, event meetups.ReferralEvent) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.Events {
		if c.Link == link && c.Event == event {
			n++
		}
	}
	return n
}
