package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/config"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups/pdok/pdoktest"
)

// lockedBuffer collects the program's logs; the bot writes from many
// goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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

// e2e is one whole program against a fake Bot API and its own schema.
type e2e struct {
	tg      *telegramtest.Server
	pdok    *pdoktest.Server
	dbURL   string
	store   *db.Sessions
	cat     *db.Catalogue
	members *db.Members
	logs    *lockedBuffer
	loc     *dialog.Locales
	main    *Main
	// clock, when set, is the program's clock (Main.Now).
	clock *testClock
}

// testClock is a clock a test moves forward; it runs on with real time in
// between, so timers and timeouts behave.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
}

// newTestClock starts the clock at start.
func newTestClock(start time.Time) *testClock {
	return &testClock{offset: time.Until(start)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Set moves the clock to t (forward only, in these tests).
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = time.Until(t)
}

func setupE2E(t *testing.T) *e2e {
	t.Helper()
	return setupE2EClock(t, nil)
}

// setupE2EClock is setupE2E with the program on clock (nil: real time).
func setupE2EClock(t *testing.T, clock *testClock) *e2e {
	t.Helper()
	e := &e2e{tg: telegramtest.New(t), pdok: pdoktest.New(t), dbURL: dbtest.URL(t), logs: &lockedBuffer{}, clock: clock}
	var err error
	if e.loc, err = dialog.LoadLocales("nl"); err != nil {
		t.Fatal(err)
	}
	e.start(t)
	d, err := db.Open(context.Background(), e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	e.store = d.Sessions()
	e.cat = d.Catalogue()
	e.members = d.Members()
	return e
}

// start runs the program as the binary does, with the fake's URL and token.
func (e *e2e) start(t *testing.T) {
	t.Helper()
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": e.tg.Token(),
		"TELEGRAM_API_URL":   e.tg.URL(),
		"DATABASE_URL":       e.dbURL,
		"HTTP_ADDR":          "127.0.0.1:0",
		"POLL_TIMEOUT":       "1s",
		"LOG_LEVEL":          "debug",
		"SHUTDOWN_TIMEOUT":   "5s",
		"PDOK_URL":           e.pdok.URL(),
		"ADMIN_TELEGRAM_IDS": "4002",
		// Conversations here run at machine speed; the limits have tests of
		// their own (bot, cmd/fanout).
		"OUTBOUND_RATE": "1000",
		"FLOOD_LIMIT":   "0", // TestFloodControl turns it on
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	e.main = NewMain(cfg, strings.NewReader(""), io.Discard, e.logs)
	if e.clock != nil {
		e.main.Now = e.clock.Now
	}
	if err := e.main.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	m := e.main
	t.Cleanup(func() { m.Close() })
}

// restart stops the program the way SIGTERM does and starts a new one.
func (e *e2e) restart(t *testing.T) {
	t.Helper()
	if err := e.main.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	e.start(t)
}

func (e *e2e) session(t *testing.T, chat int64) dialog.Session {
	t.Helper()
	s, err := e.store.LoadSession(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// expectText takes the chat's next message and checks it is the locale
// text id in lang.
func (e *e2e) expectText(t *testing.T, chat int64, lang, id string, data ...any) telegramtest.Call {
	t.Helper()
	c := e.tg.Next(t, chat)
	if want := e.loc.T(lang, id, data...); c.Text() != want {
		t.Fatalf("%s: got=%q, want %s text %q", c.Method, c.Text(), id, want)
	}
	return c
}

// expectPreview takes the chat's next message and checks it is the
// organiser's preview question (whom it is for and more follow it).
func (e *e2e) expectPreview(t *testing.T, chat int64, lang string) telegramtest.Call {
	t.Helper()
	c := e.tg.Next(t, chat)
	if want := e.loc.T(lang, "org_preview"); !strings.HasPrefix(c.Text(), want) {
		t.Fatalf("%s: got=%q, want the preview question %q", c.Method, c.Text(), want)
	}
	return c
}

func (e *e2e) expectMenu(t *testing.T, chat int64, lang string) telegramtest.Call {
	t.Helper()
	c := e.expectText(t, chat, lang, "menu_prompt")
	kb := c.InlineKeyboard()
	if len(kb) != 5 || kb[0][0].Text != e.loc.T(lang, "menu_find") || kb[3][0].Text != e.loc.T(lang, "menu_settings") ||
		kb[4][0].Text != e.loc.T(lang, "menu_urgent") {
		t.Fatalf("menu keyboard: got=%+v", kb)
	}
	return c
}

func TestConversations(t *testing.T) {
	e := setupE2E(t)
	const parent, other = 1001, 1002

	// The command list is registered in Dutch (also the default) and in
	// English, each with its own names.
	e.tg.WaitCall(t, func(c telegramtest.Call) bool {
		return c.Method == "setMyCommands" && c.LanguageCode() == "en"
	})
	for lang, names := range map[string]string{"": "start hulp zoek vraag bewaard help privacy vergeet taal stop",
		"nl": "start hulp zoek vraag bewaard help privacy vergeet taal stop",
		"en": "start urgent find ask saved help privacy forget language stop"} {
		var found bool
		for _, c := range e.tg.CallsTo("setMyCommands") {
			var got []string
			for _, cmd := range c.Commands() {
				got = append(got, cmd.Command)
			}
			if c.LanguageCode() == lang && strings.Join(got, " ") == names {
				found = true
			}
		}
		if !found {
			t.Errorf("no setMyCommands for %q with the commands %s", lang, names)
		}
	}

	// Start from a clinic poster's deep link: greeting, privacy line, menu.
	e.tg.SendCommand(parent, "nl", "/start r_cb_overvecht")
	g := e.tg.Next(t, parent)
	if !strings.Contains(g.Text(), e.loc.T("nl", "greeting")) || !strings.Contains(g.Text(), e.loc.T("nl", "privacy_line")) {
		t.Fatalf("greeting: got=%q", g.Text())
	}
	menu := e.expectMenu(t, parent, "nl")
	if s := e.session(t, parent); s.StartPayload != "r_cb_overvecht" || s.Lang != "nl" {
		t.Errorf("session after /start: got payload=%q lang=%q", s.StartPayload, s.Lang)
	}

	// Privacy says what is kept and for how long, then the menu again.
	e.tg.SendCommand(parent, "nl", "/privacy")
	if p := e.tg.Next(t, parent); !strings.Contains(p.Text(), "30") || !strings.Contains(p.Text(), "/vergeet") {
		t.Errorf("privacy: got=%q", p.Text())
	}
	e.expectMenu(t, parent, "nl")

	// A menu button edits the menu message in place.
	e.tg.Click(t, menu, e.loc.T("nl", "menu_support"))
	if c := e.expectText(t, parent, "nl", "support"); c.Method != "editMessageText" || c.MessageID() != menu.MessageID() {
		t.Errorf("support: got %s of message %d, want an edit of %d", c.Method, c.MessageID(), menu.MessageID())
	}
	// The spinner is answered alongside the engine: it may come just after
	// (WaitCallsTo fails the test if it never does: the spinner keeps turning).
	e.tg.WaitCallsTo(t, "answerCallbackQuery", 1)

	// Things the bot cannot read get a kind hint and the menu.
	e.tg.SendSticker(parent, "nl")
	e.expectText(t, parent, "nl", "hint_media")
	e.expectMenu(t, parent, "nl")
	e.tg.SendText(parent, "nl", strings.Repeat("Dit is een heel lang verhaal. ", 200))
	e.expectText(t, parent, "nl", "hint_long")
	e.expectMenu(t, parent, "nl")

	// Mid-dialog (asked to confirm /vergeet), a crisis word gets the
	// numbers first and only; the question stays open.
	e.tg.SendCommand(parent, "nl", "/vergeet")
	confirm := e.expectText(t, parent, "nl", "forget_confirm")
	said := e.tg.SendText(parent, "nl", "Ik kan niet meer, mijn man slaat me")
	crisis := e.tg.Next(t, parent)
	for _, n := range []string{"112", "0800-2000", "0800-0113"} {
		if !strings.Contains(crisis.Text(), n) {
			t.Errorf("safety answer lacks %s: %q", n, crisis.Text())
		}
	}
	// Confirmed only once its answers were sent: nothing came after it.
	e.tg.WaitConsumed(t, said)
	e.tg.ExpectNone(t, parent, 0)
	e.tg.Click(t, crisis, e.loc.T("nl", "safety_back"))
	e.expectText(t, parent, "nl", "forget_confirm")

	// Restart mid-dialog: the session survives and the dialog goes on.
	e.restart(t)
	if s := e.session(t, parent); s.Step != "confirm_forget" {
		t.Fatalf("step after restart: got=%q", s.Step)
	}
	e.tg.Click(t, confirm, e.loc.T("nl", "forget_yes"))
	if c := e.expectText(t, parent, "nl", "forget_done"); c.Method != "editMessageText" {
		t.Errorf("forget done: got %s, want an edit of the question", c.Method)
	}
	if s := e.session(t, parent); s.Version != 0 || s.StartPayload != "" {
		t.Errorf("after /vergeet the row is still there: %+v", s)
	}

	// Another chat, in English, switches to Dutch.
	e.tg.SendCommand(other, "en-GB", "/start")
	e.tg.Next(t, other)
	e.expectMenu(t, other, "en")
	e.tg.SendCommand(other, "en-GB", "/taal")
	q := e.expectText(t, other, "en", "lang_prompt")
	e.tg.Click(t, q, e.loc.T("en", "lang_nl"))
	e.expectText(t, other, "nl", "lang_set")
	e.expectMenu(t, other, "nl")
	e.tg.SendCommand(other, "en-GB", "/help")
	e.expectText(t, other, "nl", "help")

	// A button from an old message erases nothing: a hint and the menu.
	e.tg.SendCommand(parent, "nl", "/start")
	e.tg.Next(t, parent)
	e.expectMenu(t, parent, "nl")
	last := e.tg.Click(t, confirm, e.loc.T("nl", "forget_yes"))
	e.expectText(t, parent, "nl", "hint_old_button")
	e.expectMenu(t, parent, "nl")
	if s := e.session(t, parent); s.Version == 0 {
		t.Error("an old button erased the chat")
	}

	// Every update was confirmed to Telegram once handled.
	e.tg.WaitConsumed(t, last)

	// The operator's endpoints answer.
	base := "http://" + e.main.HTTPAddr()
	for path, want := range map[string]string{
		"/healthz": "ok",
		"/readyz":  "ready",
		"/metrics": `ouderkring_updates_total{type="button"}`,
	} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: got %d, body lacks %q", path, resp.StatusCode, want)
		}
	}
	metrics := httpGet(t, base+"/metrics")
	for _, want := range []string{
		"ouderkring_update_duration_seconds_bucket",
		`ouderkring_telegram_requests_total{method="sendMessage"}`,
		"ouderkring_db_pool_max_conns",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// The logs never hold what parents typed.
	logs := e.logs.String()
	if !strings.Contains(logs, "polling Telegram") {
		t.Errorf("logs look empty; the check below would prove nothing:\n%s", logs)
	}
	for _, secret := range []string{"slaat me", "lang verhaal", "r_cb_overvecht", e.tg.Token()} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}
