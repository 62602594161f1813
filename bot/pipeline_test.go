package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
)

// TestSlowChatDoesNotHoldOthers: while one chat's update is still being
// handled, another chat's updates that arrive later are fetched and
// answered — the poll loop does not wait for the slow one.
func TestSlowChatDoesNotHoldOthers(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	b := startBot(t, func(ctx context.Context, chat int64, in dialog.Input) ([]dialog.Reply, error) {
		if chat == 91 {
			close(started)
			<-release
		}
		return []dialog.Reply{{Text: "ok " + in.Text}}, nil
	})
	defer close(release)
	b.tg.SendText(91, "nl", "slow")
	<-started // the slow update is being handled
	b.tg.SendText(92, "nl", "one")
	if c := b.tg.NextWithin(t, 92, 3*time.Second); c.Text() != "ok one" {
		t.Fatalf("chat 92: got %q", c.Text())
	}
	b.tg.SendText(92, "nl", "two")
	if c := b.tg.NextWithin(t, 92, 3*time.Second); c.Text() != "ok two" {
		t.Fatalf("chat 92, second: got %q", c.Text())
	}
}
