package bot

import (
	"errors"
	"fmt"
)

// ErrPermanent matches (with errors.Is) every *PermanentError: the chat
// cannot get messages from the bot any more, so whatever the bot planned
// to tell it later (reminders) should stop until the person comes back.
var ErrPermanent = errors.New("chat cannot receive messages from the bot")

// PermanentError says Telegram refused a message because of the chat
// itself: the person blocked the bot, deleted their account, or the chat
// does not exist. Trying again will not help; it was not retried.
type PermanentError struct {
	ChatID int64
	// Reason is one of blocked, deactivated, kicked, not_started, forbidden,
	// chat_not_found, migrated (also the failure metric's label).
	Reason string
	// Description is Telegram's own description, never the message text.
	Description string
}

// Permanent says that sending to this chat again will not work: callers
// (the reminder jobs) stop planning messages for it.
func (e *PermanentError) Permanent() bool { return true }

func (e *PermanentError) Error() string {
	return fmt.Sprintf("chat %d unreachable (%s): %s", e.ChatID, e.Reason, e.Description)
}

// Is makes errors.Is(err, ErrPermanent) true.
func (e *PermanentError) Is(target error) bool { return target == ErrPermanent }

// SendError is a message that was not delivered for a reason other than
// the chat: Telegram rejected this message (Reason "rejected", e.g. an
// edit of a message that is gone), retries ran out ("gave_up"), Telegram
// asked to wait longer than the bot waits ("rate_limited"), or the caller
// stopped waiting ("canceled", which unwraps to the context's error). The
// same message may be tried again later.
type SendError struct {
	ChatID      int64
	Reason      string
	Code        int    // Telegram's error code, 0 for network errors
	Description string // Telegram's description or the network error, token cut
	ctxErr      error
}

func (e *SendError) Error() string {
	return fmt.Sprintf("message to chat %d not delivered (%s): %s", e.ChatID, e.Reason, e.Description)
}

// Unwrap gives the context's error for a canceled send.
func (e *SendError) Unwrap() error { return e.ctxErr }

// failureReason is the metric label for a message given up.
func failureReason(err error) string {
	var pe *PermanentError
	var se *SendError
	switch {
	case errors.As(err, &pe):
		return pe.Reason
	case errors.As(err, &se):
		return se.Reason
	}
	return "other"
}
