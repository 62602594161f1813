package dialogtest

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// Saved is an in-memory dialog.SavedStore. Reminders are kept as rows, as
// the real store's jobs are: one per chat, meetup, date and kind. The
// follow-up answers are counted per meetup only, as the real store does.
type Saved struct {
	// Catalogue gives the meetups as they are now (any status) to
	// SavedMeetups; a meetup not in it has been deleted.
	Catalogue *Catalogue
	// Err, when set, is returned by every call.
	Err error

	mu   sync.Mutex
	rows map[int64][]*savedRow // by chat, newest first
	felt map[int64]map[meetups.Feeling]int
}

type savedRow struct {
	meetupID  int64
	title     string
	followUp  dialog.FollowUpState
	followAt  time.Time
	reminders []dialog.Reminder
}

var _ dialog.SavedStore = (*Saved)(nil)

func (s *Saved) find(chatID, meetupID int64) *savedRow {
	for _, r := range s.rows[chatID] {
		if r.meetupID == meetupID {
			return r
		}
	}
	return nil
}

// save adds the row; s.mu is held.
func (s *Saved) save(chatID int64, m meetups.Meetup) (*savedRow, bool, error) {
	if r := s.find(chatID, m.ID); r != nil {
		return r, false, nil
	}
	if len(s.rows[chatID]) >= dialog.MaxSaved {
		return nil, false, dialog.ErrSavedFull
	}
	if s.rows == nil {
		s.rows = map[int64][]*savedRow{}
	}
	r := &savedRow{meetupID: m.ID, title: m.Title, followUp: dialog.FollowUpOff}
	s.rows[chatID] = append([]*savedRow{r}, s.rows[chatID]...)
	return r, true, nil
}

// Save implements dialog.SavedStore.
func (s *Saved) Save(ctx context.Context, chatID int64, m meetups.Meetup, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return false, s.Err
	}
	_, created, err := s.save(chatID, m)
	return created, err
}

// Remind implements dialog.SavedStore.
func (s *Saved) Remind(ctx context.Context, chatID int64, m meetups.Meetup, rs []dialog.Reminder, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return false, s.Err
	}
	row, created, err := s.save(chatID, m)
	if err != nil {
		return false, err
	}
	// A new choice replaces the reminders still to come, as db's does.
	row.reminders = slices.DeleteFunc(row.reminders, func(o dialog.Reminder) bool { return o.At.After(now) })
	for _, r := range rs {
		dup := slices.ContainsFunc(row.reminders, func(o dialog.Reminder) bool {
			return o.When == r.When && sameDate(o.Start, r.Start)
		})
		if !dup {
			row.reminders = append(row.reminders, r)
		}
	}
	slices.SortFunc(row.reminders, func(a, b dialog.Reminder) int { return a.At.Compare(b.At) })
	return created, nil
}

func sameDate(a, b time.Time) bool {
	a, b = a.In(meetups.Amsterdam), b.In(meetups.Amsterdam)
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// FollowUp implements dialog.SavedStore.
func (s *Saved) FollowUp(ctx context.Context, chatID, meetupID int64, start, at time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return false, s.Err
	}
	r := s.find(chatID, meetupID)
	if r == nil {
		return false, nil
	}
	if r.followUp == dialog.FollowUpOff {
		r.followUp, r.followAt = dialog.FollowUpOn, at
	}
	return true, nil
}

// StopNotices implements dialog.SavedStore.
func (s *Saved) StopNotices(ctx context.Context, chatID int64) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return 0, s.Err
	}
	n := 0
	for _, r := range s.rows[chatID] {
		n += len(r.reminders)
		r.reminders = nil
		if r.followUp == dialog.FollowUpOn {
			r.followUp, n = dialog.FollowUpOff, n+1
		}
	}
	return n, nil
}

// Unsave implements dialog.SavedStore.
func (s *Saved) Unsave(ctx context.Context, chatID, meetupID int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return false, s.Err
	}
	rows := s.rows[chatID]
	for i, r := range rows {
		if r.meetupID == meetupID {
			s.rows[chatID] = slices.Delete(rows, i, i+1)
			return true, nil
		}
	}
	return false, nil
}

// SavedMeetups implements dialog.SavedStore.
func (s *Saved) SavedMeetups(ctx context.Context, chatID int64) ([]dialog.SavedMeetup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return nil, s.Err
	}
	var out []dialog.SavedMeetup
	for _, r := range s.rows[chatID] {
		sm := dialog.SavedMeetup{MeetupID: r.meetupID, Title: r.title, FollowUp: r.followUp, Reminders: slices.Clone(r.reminders)}
		if s.Catalogue != nil {
			s.Catalogue.mu.Lock()
			for _, m := range s.Catalogue.Meetups {
				if m.ID == r.meetupID {
					sm.Meetup = &m
				}
			}
			s.Catalogue.mu.Unlock()
		}
		out = append(out, sm)
	}
	return out, nil
}

// Answer implements dialog.SavedStore.
func (s *Saved) Answer(ctx context.Context, chatID, meetupID int64, f meetups.Feeling, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		return false, s.Err
	}
	r := s.find(chatID, meetupID)
	if r == nil || r.followUp != dialog.FollowUpAsked {
		return false, nil
	}
	r.followUp = dialog.FollowUpAnswered
	if s.felt == nil {
		s.felt = map[int64]map[meetups.Feeling]int{}
	}
	if s.felt[meetupID] == nil {
		s.felt[meetupID] = map[meetups.Feeling]int{}
	}
	s.felt[meetupID][f]++
	return true, nil
}

// Ask marks the follow-up of a saved meetup as sent, as the follow-up job
// does; false when it was not on.
func (s *Saved) Ask(chatID, meetupID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.find(chatID, meetupID)
	if r == nil || r.followUp != dialog.FollowUpOn {
		return false
	}
	r.followUp = dialog.FollowUpAsked
	return true
}

// FollowUpAt is when the chat's follow-up about the meetup is due, and its
// state.
func (s *Saved) FollowUpAt(chatID, meetupID int64) (time.Time, dialog.FollowUpState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.find(chatID, meetupID); r != nil {
		return r.followAt, r.followUp
	}
	return time.Time{}, ""
}

// Felt is how often f was answered about the meetup.
func (s *Saved) Felt(meetupID int64, f meetups.Feeling) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.felt[meetupID][f]
}

// Forget drops everything of the chat, as /vergeet does in the database.
func (s *Saved) Forget(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.rows, chatID)
}
