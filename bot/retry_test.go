package bot

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
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
		{"UploadBlocked", &tgbotapi.Error{Code: 0, Message: "Forbidden: bot was blocked by the user"}, false, 0},
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

func TestClassify(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		err     error
		outcome outcome
		reason  string
	}{
		{"OK", nil, delivered, ""},
		{"Blocked", &tgbotapi.Error{Code: 403, Message: "Forbidden: bot was blocked by the user"}, permanent, "blocked"},
		{"BlockedUpload", &tgbotapi.Error{Message: "Forbidden: bot was blocked by the user"}, permanent, "blocked"},
		{"Deactivated", &tgbotapi.Error{Code: 403, Message: "Forbidden: user is deactivated"}, permanent, "deactivated"},
		{"Kicked", &tgbotapi.Error{Code: 403, Message: "Forbidden: bot was kicked from the group chat"}, permanent, "kicked"},
		{"NotStarted", &tgbotapi.Error{Code: 403, Message: "Forbidden: bot can't initiate conversation with a user"}, permanent, "not_started"},
		{"ChatNotFound", &tgbotapi.Error{Code: 400, Message: "Bad Request: chat not found"}, permanent, "chat_not_found"},
		{"Migrated", &tgbotapi.Error{Code: 400, Message: "Bad Request: group chat was upgraded to a supergroup chat",
			ResponseParameters: tgbotapi.ResponseParameters{MigrateToChatID: -1001}}, permanent, "migrated"},
		{"NotModified", &tgbotapi.Error{Code: 400, Message: "Bad Request: message is not modified"}, rejected, "rejected"},
		{"TooLong", &tgbotapi.Error{Code: 400, Message: "Bad Request: message is too long"}, rejected, "rejected"},
		{"RateLimited", &tgbotapi.Error{Code: 429, ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 1}}, rateLimited, "429"},
		{"ServerError", &tgbotapi.Error{Code: 502, Message: "Bad Gateway"}, transient, "5xx"},
		{"Network", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, transient, "network"},
		{"Canceled", context.Canceled, canceled, "canceled"},
	} {
		if v := classify(tc.err); v.outcome != tc.outcome || v.reason != tc.reason {
			t.Errorf("%s: got outcome=%d reason=%q, want %d %q", tc.name, v.outcome, v.reason, tc.outcome, tc.reason)
		}
	}
}

// TestTimeoutIsATimeoutWithoutTheToken: a send that times out is told as
// a timeout and tried again (see classify on why), and its description —
// which goes to the logs and the metrics — never holds the bot token that
// is part of every Bot API URL.
func TestTimeoutIsATimeoutWithoutTheToken(t *testing.T) {
	const token = "123456:AAF-secret-token-value"
	for _, err := range []error{
		&url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + token + "/sendMessage", Err: context.DeadlineExceeded},
		&url.Error{Op: "Post", URL: "http://127.0.0.1:9/bot" + token + "/sendMessage", Err: timeoutErr{}},
	} {
		v := classify(err)
		if v.outcome != transient || v.reason != "timeout" {
			t.Errorf("%v: outcome %v, reason %q; want a timeout, tried again", err, v.outcome, v.reason)
		}
		if strings.Contains(v.desc, token) || strings.Contains(v.desc, "secret") {
			t.Errorf("the description holds the token: %q", v.desc)
		}
		if ok, _ := retryable(err); !ok {
			t.Errorf("%v is not tried again", err)
		}
	}
	stopped := &url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + token + "/sendMessage", Err: context.Canceled}
	if v := classify(stopped); v.outcome != canceled || strings.Contains(v.desc, token) {
		t.Errorf("a canceled send: %+v", v)
	}
}

// timeoutErr is a network timeout (net.Error with Timeout true).
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }
