package bot

import (
	"context"
	"errors"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Retry budgets for one message: failures that may pass (5xx, network),
// and 429s, which say nothing is wrong except the pace.
const (
	maxTransient   = 5
	maxRateLimited = 10
)

// deliver is the one way a message leaves the bot: it waits for the
// outbox to allow it, sends it, and tries the same message again after a
// 429 (once retry_after is over; the outbox holds the chat, or every chat
// for a flood, until then) or a 5xx or network error (with backoff). It
// returns nil once Telegram accepted the message, a *PermanentError when
// the chat cannot get messages, or a *SendError. The caller reports a
// failure with lost (an edit Telegram refuses may still become a new
// message instead).
func (t *Telegram) deliver(ctx context.Context, ln lane, chat int64, c tgbotapi.Chattable) error {
	fails, limited := 0, 0
	for {
		slot, err := t.out.acquire(ctx, chat, ln)
		if err != nil {
			return &SendError{ChatID: chat, Reason: "canceled", Description: err.Error(), ctxErr: err}
		}
		_, err = t.api.Request(c)
		slot.done()
		v := classify(err)
		if v.outcome == rateLimited {
			// Past maxRetryAfter the message is given up; holding the chat
			// (or everyone) longer would only stall the messages after it.
			t.out.rateLimited(chat, min(v.wait, maxRetryAfter))
		} else {
			t.out.answered(v.outcome == delivered)
		}
		switch v.outcome {
		case delivered:
			t.metrics.outSent.WithLabelValues(ln.String()).Inc()
			return nil
		case permanent:
			return &PermanentError{ChatID: chat, Reason: v.reason, Description: v.desc}
		case rejected:
			return &SendError{ChatID: chat, Reason: "rejected", Code: v.code, Description: v.desc}
		case canceled:
			return &SendError{ChatID: chat, Reason: "canceled", Description: v.desc, ctxErr: err}
		case rateLimited:
			if limited++; limited > maxRateLimited || v.wait > maxRetryAfter {
				return &SendError{ChatID: chat, Reason: "rate_limited", Code: v.code, Description: v.desc}
			}
		case transient:
			if fails++; fails >= maxTransient {
				return &SendError{ChatID: chat, Reason: "gave_up", Code: v.code, Description: v.desc}
			}
			if err := t.sleep(ctx, backoff(fails-1)); err != nil {
				return &SendError{ChatID: chat, Reason: "canceled", Description: err.Error(), ctxErr: err}
			}
		}
		t.metrics.outRetries.WithLabelValues(v.reason).Inc()
	}
}

// lost records a message that was not delivered: counted by lane and
// reason, and logged with Telegram's description, never the message's text
// nor the chat (the caller has the chat in the error and decides).
func (t *Telegram) lost(ln lane, err error) {
	reason, desc := failureReason(err), err.Error()
	var pe *PermanentError
	var se *SendError
	switch {
	case errors.As(err, &pe):
		desc = pe.Description
	case errors.As(err, &se):
		desc = se.Description
	}
	t.metrics.outFailed.WithLabelValues(ln.String(), reason).Inc()
	level := t.log.Warn
	if errors.Is(err, ErrPermanent) {
		level = t.log.Info // the person's choice, not a fault
	}
	level("message not delivered", "lane", ln.String(), "reason", reason, "err", desc)
}

// defaultSleep waits d or until ctx ends.
var defaultSleep = func(ctx context.Context, d time.Duration) error { return sleep(ctx, d) }
