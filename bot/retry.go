package bot

import (
	"context"
	"errors"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// backoff is how long to wait before retry number attempt (0-based):
// 0.5 s doubling up to 8 s.
func backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << attempt
	if d > 8*time.Second || d <= 0 {
		d = 8 * time.Second
	}
	return d
}

// maxRetryAfter is the longest 429 wait the bot honours for one message;
// past it the message is given up and counted.
const maxRetryAfter = 60 * time.Second

// retryable says whether a failed API call may succeed when tried again,
// and how long Telegram asked to wait first (0: use the backoff).
// Telegram's own 4xx answers (bad request, bot blocked, chat not found)
// will not change by trying again.
func retryable(err error) (bool, time.Duration) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false, 0
	}
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		switch {
		// Uploads (sendDocument, sendPhoto) come back from the library
		// with Code 0 but RetryAfter set, so RetryAfter is what counts.
		case te.Code == 429 || te.RetryAfter > 0:
			wait := time.Duration(te.RetryAfter) * time.Second
			if wait <= 0 {
				wait = time.Second
			}
			return wait <= maxRetryAfter, wait
		case te.Code >= 500 || te.Code == 0:
			return true, 0
		default:
			return false, 0
		}
	}
	// Network errors and answers that are not the Bot API's JSON (a proxy's
	// error page) are worth another try.
	return true, 0
}

// withRetry runs call until it succeeds, fails for good, or attempts run
// out, sleeping as Telegram asks (429) or with backoff (5xx, network).
func withRetry(ctx context.Context, attempts int, call func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = call(); err == nil {
			return nil
		}
		retry, wait := retryable(err)
		if !retry || i == attempts-1 {
			return err
		}
		if wait == 0 {
			wait = backoff(i)
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
	return err
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
