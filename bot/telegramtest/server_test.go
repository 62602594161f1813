package telegramtest

import (
	"errors"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// apiErr extracts the *tgbotapi.Error the client returns for ok:false.
func apiErr(t *testing.T, err error) *tgbotapi.Error {
	t.Helper()
	var e *tgbotapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("want *tgbotapi.Error, got %T: %v", err, err)
	}
	return e
}

func TestGetMe(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.URL()+"/bot%s/%s")
	if err != nil {
		t.Fatal(err)
	}
	if api.Self.UserName != srv.BotUsername() || !api.Self.IsBot || api.Self.ID != 123456789 {
		t.Errorf("Self = %+v", api.Self)
	}
	if calls := srv.CallsTo("getMe"); len(calls) != 1 || !calls[0].OK {
		t.Errorf("getMe calls = %v", calls)
	}
}

func TestWrongToken(t *testing.T) {
	t.Parallel()
	srv := New(t)
	_, err := tgbotapi.NewBotAPIWithAPIEndpoint("987654321:wrong", srv.Endpoint())
	if e := apiErr(t, err); e.Code != 401 || e.Message != "Unauthorized" {
		t.Errorf("error = %+v", e)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("unauthorised requests recorded: %d", n)
	}
}

func TestUpdatesOffset(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)

	first := srv.SendCommand(42, "nl", "/start@"+srv.BotUsername()+" welkom")
	second := srv.SendText(42, "nl", "hallo")
	if second != first+1 {
		t.Fatalf("update ids %d, %d not consecutive", first, second)
	}

	for range 2 { // unconfirmed updates are handed out again
		ups, err := api.GetUpdates(tgbotapi.UpdateConfig{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ups) != 2 || ups[0].UpdateID != first || ups[1].UpdateID != second {
			t.Fatalf("updates = %+v", ups)
		}
		m := ups[0].Message
		if !m.IsCommand() || m.Command() != "start" || m.CommandArguments() != "welkom" {
			t.Errorf("command not recognised: %q %q %q", m.Text, m.Command(), m.CommandArguments())
		}
		if m.From.ID != 42 || m.Chat.ID != 42 || m.Chat.Type != "private" || m.From.LanguageCode != "nl" || m.Date == 0 {
			t.Errorf("message fields: %+v from %+v chat %+v", m, m.From, m.Chat)
		}
		if ups[1].Message.IsCommand() || ups[1].Message.Text != "hallo" {
			t.Errorf("second message: %+v", ups[1].Message)
		}
	}
	srv.WaitDelivered(t, second)
	if srv.Offset() != 0 || srv.Pending() != 2 {
		t.Errorf("before confirming: offset %d, pending %d", srv.Offset(), srv.Pending())
	}

	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: first + 1, Limit: 1})
	if err != nil || len(ups) != 1 || ups[0].UpdateID != second {
		t.Fatalf("offset %d: %+v, %v", first+1, ups, err)
	}
	srv.WaitConsumed(t, first)
	if srv.Offset() != first+1 || srv.Pending() != 1 {
		t.Errorf("after confirming first: offset %d, pending %d", srv.Offset(), srv.Pending())
	}

	ups, err = api.GetUpdates(tgbotapi.UpdateConfig{Offset: second + 1})
	if err != nil || len(ups) != 0 {
		t.Fatalf("after confirming all: %+v, %v", ups, err)
	}
	if srv.Pending() != 0 {
		t.Errorf("pending = %d", srv.Pending())
	}
	ups, _ = api.GetUpdates(tgbotapi.UpdateConfig{}) // confirmed updates are gone for good
	if len(ups) != 0 {
		t.Errorf("confirmed updates returned again: %+v", ups)
	}
}

func TestLongPollWakesUpOnUpdate(t *testing.T) {
	t.Parallel()
	srv := New(t, WithPollCap(10*time.Second))
	api := srv.NewClient(t)

	type result struct {
		ups  []tgbotapi.Update
		err  error
		took time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
		done <- result{ups, err, time.Since(start)}
	}()
	srv.WaitLongPoll(t) // the poll found nothing and waits
	id := srv.SendText(7, "en", "wake up")

	select {
	case r := <-done:
		if r.err != nil || len(r.ups) != 1 || r.ups[0].UpdateID != id {
			t.Fatalf("poll returned %+v, %v", r.ups, r.err)
		}
		if r.took > 5*time.Second {
			t.Errorf("poll took %v", r.took)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("long poll did not return after an update was queued")
	}
}

func TestLongPollCap(t *testing.T) {
	t.Parallel()
	srv := New(t, WithPollCap(150*time.Millisecond))
	api := srv.NewClient(t)
	start := time.Now()
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: 60})
	took := time.Since(start)
	if err != nil || len(ups) != 0 {
		t.Fatalf("got %+v, %v", ups, err)
	}
	if took < 150*time.Millisecond || took > 3*time.Second {
		t.Errorf("empty poll took %v, want about 150ms", took)
	}
}

func TestNegativeOffsetKeepsLatest(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.SendText(1, "", "a")
	srv.SendText(1, "", "b")
	last := srv.SendText(1, "", "c")
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: -1})
	if err != nil || len(ups) != 1 || ups[0].UpdateID != last {
		t.Fatalf("got %+v, %v", ups, err)
	}
	if srv.Pending() != 1 || srv.Offset() != last {
		t.Errorf("pending %d offset %d", srv.Pending(), srv.Offset())
	}
}

func TestSetMyCommands(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	scope := tgbotapi.NewBotCommandScopeAllPrivateChats()
	cmds := []tgbotapi.BotCommand{{Command: "start", Description: "Begin"}, {Command: "stop", Description: "Stop"}}
	if _, err := api.Request(tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, "nl", cmds...)); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Request(tgbotapi.NewSetMyCommands(cmds[0])); err != nil {
		t.Fatal(err)
	}

	got, ok := srv.Commands(scope, "nl")
	if !ok || len(got) != 2 || got[1] != cmds[1] {
		t.Errorf("Commands(private, nl) = %v, %v", got, ok)
	}
	if got, ok := srv.Commands(tgbotapi.NewBotCommandScopeDefault(), ""); !ok || len(got) != 1 {
		t.Errorf("Commands(default) = %v, %v", got, ok)
	}
	c := srv.CallsTo("setMyCommands")[0]
	if c.Scope() != scope || c.LanguageCode() != "nl" || len(c.Commands()) != 2 {
		t.Errorf("call decoded as %v %q %v", c.Scope(), c.LanguageCode(), c.Commands())
	}
	fetched, err := api.GetMyCommandsWithConfig(tgbotapi.GetMyCommandsConfig{Scope: &scope, LanguageCode: "nl"})
	if err != nil || len(fetched) != 2 {
		t.Errorf("getMyCommands = %v, %v", fetched, err)
	}

	_, err = api.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "Start", Description: "x"}))
	if e := apiErr(t, err); e.Code != 400 {
		t.Errorf("invalid command accepted: %+v", e)
	}
}

func TestUnknownMethodIsRecorded(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	if _, err := api.Request(tgbotapi.DeleteWebhookConfig{DropPendingUpdates: true}); err != nil {
		t.Fatal(err)
	}
	resp, err := api.MakeRequest("someFutureMethod", tgbotapi.Params{"x": "1"})
	if err != nil || string(resp.Result) != "true" {
		t.Fatalf("got %s, %v", resp.Result, err)
	}
	if c := srv.CallsTo("somefuturemethod"); len(c) != 1 || c[0].Params["x"] != "1" {
		t.Errorf("calls = %v", c)
	}
	if c := srv.CallsTo("deleteWebhook"); len(c) != 1 || c[0].Params["drop_pending_updates"] != "true" {
		t.Errorf("deleteWebhook calls = %v", c)
	}
}

func TestWaitCallsTo(t *testing.T) {
	t.Parallel()
	srv := New(t, WithPollCap(10*time.Millisecond))
	api := srv.NewClient(t) // getMe
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		for range 3 {
			_, _ = api.GetUpdates(tgbotapi.UpdateConfig{Timeout: 1})
		}
	}()
	if calls := srv.WaitCallsTo(t, "GETUPDATES", 3); len(calls) < 3 || calls[0].Method != "getUpdates" {
		t.Errorf("got %v, want the three polls", calls)
	}
	<-polled // the last poll's wait has ended too
	changed := srv.Changed()
	select {
	case <-changed:
		t.Fatal("Changed is closed before anything changed")
	default:
	}
	srv.SendText(7, "en", "hallo")
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("Changed not closed when an update was queued")
	}
}
