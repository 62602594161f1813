package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// notices.go sends what parents asked the bot to send later: reminders and
// the follow-up. River (db.StartJobs) runs each at its time, once across
// replicas; this reads the meetup as it is now, lets the engine decide what
// to say (dialog.Engine.ReminderDue, FollowUpDue) and sends it through the
// bot's outbound path. Logs and counts carry reasons and chat ids, never a
// title or a text.

// permanent is what the notifier's error says when the chat cannot get
// messages at all (the person blocked the bot, the chat is gone): trying
// again will not help. The bot's delivery errors implement it.
type permanent interface{ Permanent() bool }

// notices are the handlers of the reminder and follow-up jobs.
type notices struct {
	db       *db.DB
	engine   *dialog.Engine
	notifier notifier
	now      func() time.Time
	log      *slog.Logger
}

// meetup is the meetup as it is now, in any status; nil when deleted.
func (n *notices) meetup(ctx context.Context, id int64) (*meetups.Meetup, error) {
	m, err := n.db.Catalogue().MeetupAny(ctx, id)
	if meetups.ErrorCode(err) == meetups.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// reminder runs a due reminder: the reminder, a short note that the date
// does not go ahead, later (the time moved), or nothing.
func (n *notices) reminder(ctx context.Context, r db.Reminder) db.Result {
	saved, ok, err := n.db.Saved().Entry(ctx, r.ChatID, r.MeetupID)
	if err != nil {
		return db.Failed("database", err)
	}
	if !ok {
		return db.Dropped("not_saved") // removed or forgotten while the job was on its way
	}
	m, err := n.meetup(ctx, r.MeetupID)
	if err != nil {
		return db.Failed("database", err)
	}
	plan, err := n.engine.ReminderDue(ctx, dialog.DueReminder{ChatID: r.ChatID, MeetupID: r.MeetupID, Title: saved.Title,
		Reminder: dialog.Reminder{When: r.When, Start: r.Start}}, m)
	if err != nil {
		return db.Failed("database", err)
	}
	if len(plan.Replies) == 0 {
		return undelivered(plan)
	}
	res, sent := n.send(ctx, r.ChatID, plan)
	if sent {
		// A reminder comes when the parent chose, whatever else was sent
		// that day; it takes the day, so a follow-up waits for the next.
		if err := n.db.Saved().NoteDay(ctx, r.ChatID, n.now(), r.JobID); err != nil {
			n.log.Warn("noting a reminder's day failed", "err", err)
		}
	}
	return res
}

// followUp runs a due follow-up: "how was it?" once, on a day the bot has
// not yet written to the parent on its own; else tomorrow.
func (n *notices) followUp(ctx context.Context, f db.FollowUp) db.Result {
	saved, ok, err := n.db.Saved().Entry(ctx, f.ChatID, f.MeetupID)
	if err != nil {
		return db.Failed("database", err)
	}
	if !ok {
		return db.Dropped("not_saved")
	}
	if saved.FollowUp != dialog.FollowUpOn && saved.FollowUp != dialog.FollowUpAsked {
		return db.Dropped("off")
	}
	m, err := n.meetup(ctx, f.MeetupID)
	if err != nil {
		return db.Failed("database", err)
	}
	plan, err := n.engine.FollowUpDue(ctx, dialog.DueFollowUp{ChatID: f.ChatID, MeetupID: f.MeetupID, Start: f.Start, Title: saved.Title}, m)
	if err != nil {
		return db.Failed("database", err)
	}
	if len(plan.Replies) == 0 {
		return undelivered(plan)
	}
	now := n.now()
	free, err := n.db.Saved().ClaimDay(ctx, f.ChatID, now, f.JobID)
	if err != nil {
		return db.Failed("database", err)
	}
	if !free {
		// Never two unasked-for messages in one day: the same time tomorrow.
		return db.Later(dialog.FollowUpAt(meetups.Occurrence{End: now}), "once_a_day")
	}
	if asked, err := n.db.Saved().MarkAsked(ctx, f.ChatID, f.MeetupID); err != nil {
		return db.Failed("database", err)
	} else if !asked {
		return db.Dropped("off")
	}
	res, _ := n.send(ctx, f.ChatID, plan)
	return res
}

// undelivered is the result of a plan with nothing to send.
func undelivered(plan dialog.NoticePlan) db.Result {
	if !plan.Later.IsZero() {
		return db.Later(plan.Later, plan.Reason)
	}
	return db.Dropped(plan.Reason)
}

// send delivers the plan's replies; sent says whether they went. A chat
// that cannot get messages stops all its pending notices; any other
// failure is tried again.
func (n *notices) send(ctx context.Context, chatID int64, plan dialog.NoticePlan) (res db.Result, sent bool) {
	err := n.notifier.Notify(ctx, chatID, plan.Replies)
	var p permanent
	switch {
	case err == nil:
		return db.Delivered(plan.Reason), true
	case errors.As(err, &p) && p.Permanent():
		n.log.Info("chat unreachable; its reminders and follow-ups are cancelled", "chat_id", chatID)
		return db.Unreachable("unreachable"), false
	}
	return db.Failed("send", err), false
}
