package telegramtest

import (
	"errors"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestDeliveriesCountsDuplicates(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.FailNext("sendMessage", *ServerError())
	for _, m := range []struct {
		chat int64
		text string
	}{{1, "a"}, {1, "a"}, {1, "b"}, {2, "a"}} {
		_, _ = api.Send(tgbotapi.NewMessage(m.chat, m.text))
	}
	got := srv.Deliveries("sendMessage")
	want := map[Delivery]int{{1, "a"}: 1, {1, "b"}: 1, {2, "a"}: 1}
	if len(got) != len(want) {
		t.Fatalf("got=%v, want %v (the first call failed)", got, want)
	}
	_, _ = api.Send(tgbotapi.NewMessage(1, "b"))
	if n := srv.Deliveries("sendMessage")[Delivery{1, "b"}]; n != 2 {
		t.Errorf("a message shown twice: got=%d, want 2", n)
	}
}

func TestMaxInWindow(t *testing.T) {
	t.Parallel()
	srv := Start()
	defer srv.Close()
	t0 := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	for i, ms := range []int{0, 100, 999, 1000, 1500, 1999, 2000} {
		srv.calls = append(srv.calls, Call{Method: "sendMessage", OK: i != 2, Time: t0.Add(time.Duration(ms) * time.Millisecond)})
	}
	// All attempts: {0, 100, 999} or {1000, 1500, 1999}; [t, t+1s) never holds 1000 with 0.
	if got := srv.MaxInWindow("sendMessage", time.Second, false); got != 3 {
		t.Errorf("all attempts: got=%d, want 3", got)
	}
	if got := srv.MaxInWindow("sendMessage", time.Second, true); got != 3 {
		t.Errorf("accepted: got=%d, want 3 ({1000, 1500, 1999})", got)
	}
	if got := srv.MaxInWindow("sendMessage", 2*time.Second, true); got != 5 {
		t.Errorf("accepted in 2s: got=%d, want 5", got)
	}
}

func TestRandomFaults(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.OnCall(RandomFaults{RateLimited: 0.2, RetryAfter: 2, ServerError: 0.1, Seed: 7}.Hook())
	var limited, failed, ok int
	for i := 0; i < 500; i++ {
		_, err := api.Send(tgbotapi.NewMessage(int64(i+1), "hoi"))
		var e *tgbotapi.Error
		switch {
		case err == nil:
			ok++
		case errors.As(err, &e) && e.Code == 429 && e.RetryAfter == 2:
			limited++
		case errors.As(err, &e) && e.Code == 500:
			failed++
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
	// 500 draws: 20% ± 5 points and 10% ± 4 points are far outside chance.
	if limited < 75 || limited > 125 || failed < 30 || failed > 70 {
		t.Errorf("429s: %d, 500s: %d of 500, want about 100 and 50", limited, failed)
	}
	if _, err := api.Request(tgbotapi.NewChatAction(1, tgbotapi.ChatTyping)); err != nil {
		t.Errorf("other methods are not failed: %v", err)
	}
}
