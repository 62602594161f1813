package telegramtest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// runToyBot is a minimal bot on tgbotapi's own polling loop, standing in for
// the real bot to show a conversation test end to end.
func runToyBot(t *testing.T, srv *Server) {
	api := srv.NewClient(t)
	updates := api.GetUpdatesChan(tgbotapi.UpdateConfig{Timeout: 30})
	t.Cleanup(api.StopReceivingUpdates)
	go func() {
		for u := range updates {
			switch {
			case u.CallbackQuery != nil:
				q := u.CallbackQuery
				_, _ = api.Request(tgbotapi.NewCallback(q.ID, ""))
				_, _ = api.Send(tgbotapi.NewEditMessageText(q.Message.Chat.ID, q.Message.MessageID, "gekozen: "+q.Data))
			case u.Message == nil:
			case u.Message.IsCommand():
				m := tgbotapi.NewMessage(u.Message.Chat.ID, fmt.Sprintf("%s(%s) in %s", u.Message.Command(), u.Message.CommandArguments(), u.Message.From.LanguageCode))
				m.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
					tgbotapi.NewInlineKeyboardButtonData("Ja", "yes"), tgbotapi.NewInlineKeyboardButtonData("Nee", "no")))
				_, _ = api.Send(m)
			case u.Message.Location != nil:
				l := u.Message.Location
				_, _ = api.Send(tgbotapi.NewVenue(u.Message.Chat.ID, "Dichtbij", "Straat 1", l.Latitude+0.01, l.Longitude))
			default:
				_, _ = api.Send(tgbotapi.NewMessage(u.Message.Chat.ID, "echo: "+u.Message.Text))
			}
		}
	}()
}

func TestConversation(t *testing.T) {
	t.Parallel()
	srv := New(t, WithPollCap(200*time.Millisecond))
	runToyBot(t, srv)

	srv.SendCommand(42, "nl", "start uitnodiging")
	menu := srv.Next(t, 42)
	if menu.Text() != "start(uitnodiging) in nl" || len(menu.InlineKeyboard()) != 1 {
		t.Fatalf("menu = %s", menu)
	}

	srv.Click(t, menu, "Nee")
	if edit := srv.Next(t, 42); edit.Method != "editMessageText" || edit.MessageID() != menu.MessageID() || edit.Text() != "gekozen: no" {
		t.Errorf("edit = %s", edit)
	}
	srv.WaitCall(t, func(c Call) bool { return c.Method == "answerCallbackQuery" && c.OK })

	srv.SendLocation(42, "nl", 52.0, 5.0)
	if v := srv.Next(t, 42); v.Method != "sendVenue" || v.Params["title"] != "Dichtbij" {
		t.Errorf("venue = %s", v)
	}

	// Another chat does not interfere with chat 42's cursor.
	srv.SendText(43, "en", "hello")
	last := srv.SendText(42, "nl", "hallo")
	if got := srv.Next(t, 42).Text(); got != "echo: hallo" {
		t.Errorf("echo = %q", got)
	}
	if got := srv.Next(t, 43).Text(); got != "echo: hello" {
		t.Errorf("echo in chat 43 = %q", got)
	}
	srv.WaitConsumed(t, last)
	srv.ExpectNone(t, 42, 100*time.Millisecond)
}

// fakeTB records failures instead of failing the real test.
type fakeTB struct {
	testing.TB
	mu     sync.Mutex
	failed []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failed = append(f.failed, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	panic(f) // unwound by runFake, like runtime.Goexit in a real test
}

func runFake(t *testing.T, fn func(tb testing.TB)) []string {
	f := &fakeTB{TB: t}
	func() {
		defer func() {
			if r := recover(); r != nil && r != any(f) {
				panic(r)
			}
		}()
		fn(f)
	}()
	return f.failed
}

func TestNextTimeoutDumpsTraffic(t *testing.T) {
	t.Parallel()
	srv := New(t, WithWaitTimeout(100*time.Millisecond))
	api := srv.NewClient(t)
	if _, err := api.Send(tgbotapi.NewMessage(42, "eerste")); err != nil {
		t.Fatal(err)
	}
	_, _ = api.Send(tgbotapi.NewMessage(42, "")) // rejected: empty text
	srv.SendText(42, "nl", "nog iets?")

	failures := runFake(t, func(tb testing.TB) {
		if c := srv.Next(tb, 42); c.Text() != "eerste" {
			t.Errorf("first = %s", c)
		}
		srv.Next(tb, 42)
		t.Error("Next did not stop the test")
	})
	if len(failures) != 1 {
		t.Fatalf("failures = %q", failures)
	}
	for _, want := range []string{
		"no new message to chat 42 within 100ms",
		`text="eerste"`, // the consumed message is listed
		"(consumed)",
		"FAILED(Bad Request: message text is empty)",
		"1 pending",
	} {
		if !strings.Contains(failures[0], want) {
			t.Errorf("dump lacks %q:\n%s", want, failures[0])
		}
	}

	failures = runFake(t, func(tb testing.TB) { srv.Click(tb, Call{Method: "sendMessage"}, "Ja") })
	if len(failures) != 1 || !strings.Contains(failures[0], `no callback button "Ja"`) {
		t.Errorf("Click failures = %q", failures)
	}
	if failures := runFake(t, func(tb testing.TB) { srv.WaitConsumed(tb, 1<<30) }); len(failures) != 1 {
		t.Errorf("WaitConsumed failures = %q", failures)
	}
}
