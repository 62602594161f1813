package telegramtest

import (
	"errors"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Dropped connections and slow answers: a dropped send shows nothing (the
// server never handled it), a slow one is shown after its delay, and
// MaxInARow lets the next call through after that many failures.
func TestRandomFaultsDroppedSlowAndStreaks(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.OnCall(RandomFaults{Dropped: 0.5, Slow: 0.3, SlowDelay: 40 * time.Millisecond, MaxInARow: 2, Seed: 3}.Hook())
	var dropped, shown, streak, longest int
	for i := 0; i < 200; i++ {
		_, err := api.Send(tgbotapi.NewMessage(9, "hoi"))
		var e *tgbotapi.Error
		switch {
		case err == nil:
			shown++
			streak = 0
		case !errors.As(err, &e): // a network error, not an answer
			dropped++
			streak++
			longest = max(longest, streak)
		default:
			t.Fatalf("unexpected answer %v", err)
		}
	}
	if got := len(srv.SentTo(9)); got != shown {
		t.Errorf("messages shown: %d, want %d (a dropped call must not be handled)", got, shown)
	}
	if dropped < 60 || longest > 2 {
		t.Errorf("dropped %d of 200 (want about 80), longest run %d (want at most 2)", dropped, longest)
	}
	var slow int
	for _, c := range srv.CallsTo("sendMessage") {
		if f := c.Fault; f != nil && f.Delay > 0 {
			slow++
			if !c.OK || f.Delay < 20*time.Millisecond || f.Delay > 40*time.Millisecond {
				t.Errorf("slow call: ok=%v delay=%v, want answered after 20–40 ms", c.OK, f.Delay)
			}
		}
	}
	if slow < 20 {
		t.Errorf("slow calls: %d of 200, want about 30", slow)
	}
}
