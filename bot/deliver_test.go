package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/dialog"
)

type deliverBundle struct {
	tg     *Telegram
	srv    *telegramtest.Server
	reg    *prometheus.Registry
	logs   *lockedBuffer
	mu     sync.Mutex
	sleeps []time.Duration // backoffs asked for; they return at once
}

// setupDeliver connects a Telegram front end (no polling) to a fake Bot
// API. Backoff sleeps return at once and are recorded; the outbox keeps
// real time, so a 429's retry_after is really waited.
func setupDeliver(t *testing.T) *deliverBundle {
	t.Helper()
	b := &deliverBundle{srv: telegramtest.New(t), reg: prometheus.NewRegistry(), logs: &lockedBuffer{}}
	b.tg = NewTelegram(nil, TelegramOptions{
		Token: b.srv.Token(), APIURL: b.srv.URL(), Metrics: NewMetrics(b.reg),
		Logger: slog.New(slog.NewTextHandler(b.logs, nil)),
	})
	b.tg.sleep = func(ctx context.Context, d time.Duration) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.sleeps = append(b.sleeps, d)
		return ctx.Err()
	}
	if err := b.tg.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b
}

// metric is the value of a counter (or gauge) with exactly these labels.
func (b *deliverBundle) metric(t *testing.T, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := b.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, m := range mf.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				found := false
				for _, l := range m.GetLabel() {
					found = found || (l.GetName() == labels[i] && l.GetValue() == labels[i+1])
				}
				if !found {
					continue next
				}
			}
			return m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	return 0
}

func text(s string) []dialog.Reply { return []dialog.Reply{{Text: s}} }

// lockedBuffer collects logs written from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestDeliver429WaitsRetryAfter(t *testing.T) {
	t.Parallel()
	b := setupDeliver(t)
	b.srv.FailNext("sendMessage", *telegramtest.RateLimited(1))
	if err := b.tg.Notify(context.Background(), 42, text("herinnering")); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	calls := b.srv.CallsTo("sendMessage")
	if len(calls) != 2 || calls[0].OK || !calls[1].OK {
		t.Fatalf("calls: got %v, want a 429 then a success", calls)
	}
	if gap := calls[1].Time.Sub(calls[0].Time); gap < time.Second {
		t.Errorf("retried %v after the 429, want ≥ retry_after (1s)", gap)
	}
	if n := len(b.srv.SentTo(42)); n != 1 {
		t.Errorf("delivered: got=%d, want exactly 1", n)
	}
	if len(b.sleeps) != 0 {
		t.Errorf("backoff sleeps: got=%v, want none (a 429 waits retry_after in the outbox)", b.sleeps)
	}
	if got := b.metric(t, "ouderkring_outbound_retries_total", "reason", "429"); got != 1 {
		t.Errorf("retries after 429: got=%v, want 1", got)
	}
}

func TestDeliverServerErrorBacksOff(t *testing.T) {
	t.Parallel()
	b := setupDeliver(t)
	b.srv.FailNext("sendMessage", *telegramtest.ServerError())
	if err := b.tg.Notify(context.Background(), 43, text("herinnering")); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	if n := len(b.srv.CallsTo("sendMessage")); n != 2 {
		t.Errorf("sendMessage calls: got=%d, want 2 (a 500, then a success)", n)
	}
	if n := len(b.srv.SentTo(43)); n != 1 {
		t.Errorf("delivered: got=%d, want exactly 1", n)
	}
	if len(b.sleeps) != 1 || b.sleeps[0] != backoff(0) {
		t.Errorf("backoff sleeps: got=%v, want [%v]", b.sleeps, backoff(0))
	}
	if got := b.metric(t, "ouderkring_outbound_sent_total", "lane", "bulk"); got != 1 {
		t.Errorf("sent: got=%v, want 1", got)
	}
}

func TestDeliverPermanentNotRetried(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		fault  telegramtest.Fault
		reason string
	}{
		{"Blocked", *telegramtest.BotBlocked(), "blocked"},
		{"Deactivated", telegramtest.Fault{Status: 403, Description: "Forbidden: user is deactivated"}, "deactivated"},
		{"ChatNotFound", telegramtest.Fault{Status: 400, Description: "Bad Request: chat not found"}, "chat_not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupDeliver(t)
			b.srv.FailNext("sendMessage", tc.fault)
			err := b.tg.Notify(context.Background(), 44, []dialog.Reply{{Text: "geheim bericht"}, {Text: "twee"}})
			if !errors.Is(err, ErrPermanent) {
				t.Fatalf("got err=%v, want ErrPermanent", err)
			}
			var pe *PermanentError
			if !errors.As(err, &pe) || pe.ChatID != 44 || pe.Reason != tc.reason {
				t.Errorf("got %#v, want chat 44, reason %s", pe, tc.reason)
			}
			if n := len(b.srv.CallsTo("sendMessage")); n != 1 {
				t.Errorf("sendMessage calls: got=%d, want 1 (not retried, nothing after it)", n)
			}
			if got := b.metric(t, "ouderkring_outbound_failed_total", "lane", "bulk", "reason", tc.reason); got != 1 {
				t.Errorf("failed{bulk,%s}: got=%v, want 1", tc.reason, got)
			}
			logs := b.logs.String()
			if !strings.Contains(logs, "message not delivered") || !strings.Contains(logs, "reason="+tc.reason) {
				t.Errorf("no log line for the failure:\n%s", logs)
			}
			if strings.Contains(logs, "geheim") || strings.Contains(logs, "chat 44") || strings.Contains(logs, "chat_id") {
				t.Errorf("the log names the message or the chat:\n%s", logs)
			}
		})
	}
}

func TestDeliverGivesUpCounted(t *testing.T) {
	t.Parallel()
	b := setupDeliver(t)
	b.srv.OnRequest(func(method string) *telegramtest.Fault {
		if method == "sendMessage" {
			return telegramtest.ServerError()
		}
		return nil
	})
	err := b.tg.Notify(context.Background(), 45, text("herinnering"))
	var se *SendError
	if !errors.As(err, &se) || se.Reason != "gave_up" || errors.Is(err, ErrPermanent) {
		t.Fatalf("got err=%v, want a SendError gave_up", err)
	}
	if n := len(b.srv.CallsTo("sendMessage")); n != maxTransient {
		t.Errorf("attempts: got=%d, want %d", n, maxTransient)
	}
	if got := b.metric(t, "ouderkring_outbound_failed_total", "lane", "bulk", "reason", "gave_up"); got != 1 {
		t.Errorf("failed{bulk,gave_up}: got=%v, want 1", got)
	}
}

func TestSendStopsAtBlockedChat(t *testing.T) {
	t.Parallel()
	b := setupDeliver(t)
	b.srv.FailNext("sendMessage", *telegramtest.BotBlocked())
	b.tg.send(context.Background(), 46, []dialog.Reply{{Text: "een"}, {Text: "twee"}})
	if n := len(b.srv.CallsTo("sendMessage")); n != 1 {
		t.Errorf("sendMessage calls: got=%d, want 1", n)
	}
	if got := b.metric(t, "ouderkring_outbound_failed_total", "lane", "direct", "reason", "blocked"); got != 1 {
		t.Errorf("failed{direct,blocked}: got=%v, want 1", got)
	}
}

func TestNotifyWaitsForConnect(t *testing.T) {
	t.Parallel()
	srv := telegramtest.New(t)
	waiting := make(chan struct{}, 2)
	tg := NewTelegram(nil, TelegramOptions{Token: srv.Token(), APIURL: srv.URL(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		hooks: hooks{AwaitConnect: func() { waiting <- struct{}{} }}})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := tg.Notify(ctx, 47, text("te vroeg")); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("before Connect: got err=%v, want the context's error", err)
	}
	done := make(chan error, 1)
	go func() { done <- tg.Notify(context.Background(), 47, text("op tijd")) }()
	<-waiting // the first Notify's
	<-waiting // this one's: it waits for Connect
	if err := tg.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("after Connect: %v", err)
	}
	if c := srv.Next(t, 47); c.Text() != "op tijd" {
		t.Errorf("got=%q", c.Text())
	}
}

func TestDeliverRetryAfterTooLongGivesUp(t *testing.T) {
	t.Parallel()
	b := setupDeliver(t)
	b.srv.FailNext("sendMessage", *telegramtest.RateLimited(3600))
	err := b.tg.Notify(context.Background(), 48, text("herinnering"))
	var se *SendError
	if !errors.As(err, &se) || se.Reason != "rate_limited" {
		t.Fatalf("got err=%v, want a SendError rate_limited", err)
	}
	if n := len(b.srv.CallsTo("sendMessage")); n != 1 {
		t.Errorf("sendMessage calls: got=%d, want 1 (not waiting an hour)", n)
	}
	if got := b.metric(t, "ouderkring_outbound_failed_total", "lane", "bulk", "reason", "rate_limited"); got != 1 {
		t.Errorf("failed{bulk,rate_limited}: got=%v, want 1", got)
	}
}
