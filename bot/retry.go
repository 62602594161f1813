package bot

import (
	"context"
	"errors"
	"net"
	"strings"
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

// outcome is what a Bot API answer means for the message that got it.
type outcome int

const (
	delivered   outcome = iota
	rateLimited         // 429: wait retry_after, then the same message again
	transient           // 5xx, network: back off and try again
	permanent           // the chat is gone for the bot: stop
	rejected            // Telegram refused this message: trying again will not help
	canceled            // the caller stopped waiting
)

// verdict is an answer classified: what to do, how long Telegram asked to
// wait (429), and for failures a label and Telegram's own words.
type verdict struct {
	outcome outcome
	wait    time.Duration
	reason  string // permanent: the PermanentError reason; transient: 5xx or network
	code    int
	desc    string
}

// classify reads a Bot API call's error. Telegram's 4xx answers other
// than 429 do not change by trying again; some of them are about the chat
// (blocked, deactivated, not found), the rest about the message.
func classify(err error) verdict {
	if err == nil {
		return verdict{outcome: delivered}
	}
	if errors.Is(err, context.Canceled) {
		return verdict{outcome: canceled, reason: "canceled", desc: errText(err)}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		// A call that timed out may still have reached Telegram, which has
		// no idempotency key: trying again can show a message twice. It is
		// tried again all the same — a reply a parent sees twice is better
		// than one she never sees. When the caller's own context ran out,
		// the retry loop stops at its first wait. The description never
		// holds the URL's token (errText).
		return verdict{outcome: transient, reason: "timeout", desc: errText(err)}
	}
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		// Network errors and answers that are not the Bot API's JSON (a
		// proxy's error page) are worth another try.
		return verdict{outcome: transient, reason: "network", desc: errText(err)}
	}
	v := verdict{code: apiCode(te), desc: te.Message}
	switch {
	// Uploads (sendDocument, sendPhoto) come back from the library with
	// Code 0 but RetryAfter set, so RetryAfter is what counts.
	case v.code == 429 || te.RetryAfter > 0:
		v.outcome, v.reason = rateLimited, "429"
		v.wait = time.Duration(te.RetryAfter) * time.Second
		if v.wait <= 0 {
			v.wait = time.Second
		}
	case v.code >= 500 || v.code == 0:
		v.outcome, v.reason = transient, "5xx"
	default:
		if r := chatGone(v.code, te); r != "" {
			v.outcome, v.reason = permanent, r
		} else {
			v.outcome, v.reason = rejected, "rejected"
		}
	}
	return v
}

// apiCode is the error's code; uploads lose it in the library, so it is
// read back from the description ("Forbidden: …", "Bad Request: …").
func apiCode(te *tgbotapi.Error) int {
	if te.Code != 0 {
		return te.Code
	}
	for prefix, code := range map[string]int{
		"Bad Request": 400, "Unauthorized": 401, "Forbidden": 403, "Not Found": 404, "Too Many Requests": 429,
	} {
		if strings.HasPrefix(te.Message, prefix) {
			return code
		}
	}
	return 0
}

// chatGone names why a 4xx answer means the chat cannot get messages from
// the bot any more, or "" when the answer is about the message.
func chatGone(code int, te *tgbotapi.Error) string {
	d := strings.ToLower(te.Message)
	switch {
	case code == 403 && strings.Contains(d, "blocked"):
		return "blocked"
	case code == 403 && strings.Contains(d, "deactivated"):
		return "deactivated"
	case code == 403 && strings.Contains(d, "kicked"):
		return "kicked"
	case code == 403 && strings.Contains(d, "initiate conversation"):
		return "not_started"
	case code == 403:
		return "forbidden"
	case code == 400 && (te.MigrateToChatID != 0 || strings.Contains(d, "upgraded to a supergroup")):
		return "migrated"
	case code == 400 && (strings.Contains(d, "chat not found") || strings.Contains(d, "user not found") ||
		strings.Contains(d, "peer_id_invalid")):
		return "chat_not_found"
	}
	return ""
}

// retryable says whether a failed API call may succeed when tried again,
// and how long Telegram asked to wait first (0: use the backoff).
func retryable(err error) (bool, time.Duration) {
	switch v := classify(err); v.outcome {
	case rateLimited:
		return v.wait <= maxRetryAfter, v.wait
	case transient:
		return true, 0
	}
	return false, 0
}

// withRetry runs call until it succeeds, fails for good, or attempts run
// out, sleeping as Telegram asks (429) or with backoff (5xx, network).
// Calls that are not messages use it (answering a button, setup); messages
// go through Telegram.deliver and the outbox's limits.
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
