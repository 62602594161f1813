package bot

import (
	"context"
	"time"
)

// hooks let a test wait for a step nothing outside the bot shows, instead
// of sleeping until it has probably happened. Each is called, when set, on
// the goroutine that takes the step, and must not block. The package's own
// tests set them in TelegramOptions; its black-box tests through
// export_test.go.
type hooks struct {
	// PollWait: the poll loop waits before its next poll, at most d; 0
	// means until an update in flight is done (no timer at all).
	PollWait func(d time.Duration)
	// Stopping: Run stopped polling and waits for the updates in flight.
	Stopping func()
	// AwaitConnect: Notify found the bot not connected and waits for it.
	AwaitConnect func()
}

// pollWait is l.wait, told to the PollWait hook first.
func (t *Telegram) pollWait(ctx context.Context, l *chatQueues, d time.Duration) {
	if t.opts.hooks.PollWait != nil {
		t.opts.hooks.PollWait(d)
	}
	l.wait(ctx, d)
}
