package bot

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestRetryable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		err   error
		retry bool
		wait  time.Duration
	}{
		{"RateLimited", &tgbotapi.Error{Code: 429, ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}}, true, 3 * time.Second},
		{"RateLimitedUpload", &tgbotapi.Error{Code: 0, ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 7}}, true, 7 * time.Second},
		{"RateLimitedTooLong", &tgbotapi.Error{Code: 429, ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3600}}, false, time.Hour},
		{"ServerError", &tgbotapi.Error{Code: 502}, true, 0},
		{"BadRequest", &tgbotapi.Error{Code: 400, Message: "Bad Request: chat not found"}, false, 0},
		{"Blocked", &tgbotapi.Error{Code: 403}, false, 0},
		{"Network", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, true, 0},
		{"Canceled", context.Canceled, false, 0},
	} {
		retry, wait := retryable(tc.err)
		if retry != tc.retry || wait != tc.wait {
			t.Errorf("%s: got retry=%v wait=%v, want %v %v", tc.name, retry, wait, tc.retry, tc.wait)
		}
	}
}

func TestBackoffIsBounded(t *testing.T) {
	t.Parallel()
	if backoff(0) != 500*time.Millisecond || backoff(1) != time.Second {
		t.Errorf("first backoffs: got %v %v", backoff(0), backoff(1))
	}
	for i := 0; i < 100; i++ {
		if d := backoff(i); d <= 0 || d > 8*time.Second {
			t.Fatalf("backoff(%d)=%v, want in (0, 8s]", i, d)
		}
	}
}

func TestErrTextHidesToken(t *testing.T) {
	t.Parallel()
	err := errors.New(`Post "https://api.telegram.org/bot123:SECRET/getUpdates": dial tcp: timeout`)
	if got := errText(err); got != `Post "https://api.telegram.org/bot<token>/getUpdates": dial tcp: timeout` {
		t.Errorf("got=%q", got)
	}
}
