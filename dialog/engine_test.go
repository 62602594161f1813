package dialog_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// testBundle is one engine with its store.
type testBundle struct {
	e     *dialog.Engine
	store *dialogtest.MemStore
}

func setup(t *testing.T) testBundle {
	t.Helper()
	store := dialogtest.NewMemStore()
	e, err := dialog.New(store, dialog.Options{Now: func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return testBundle{e: e, store: store}
}

const chat = 4242

func (b testBundle) do(t *testing.T, in dialog.Input) []dialog.Reply {
	t.Helper()
	if in.Lang == "" {
		in.Lang = "nl"
	}
	replies, err := b.e.Handle(context.Background(), chat, in)
	if err != nil {
		t.Fatalf("Handle(%+v): %v", in, err)
	}
	if len(replies) == 0 {
		t.Fatalf("Handle(%+v): no reply", in)
	}
	for _, r := range replies {
		for _, row := range r.Buttons {
			for _, btn := range row {
				if len(btn.Data) > 64 || (btn.Data == "" && btn.URL == "") {
					t.Fatalf("button %q: callback data %q breaks Telegram's 1–64 byte rule", btn.Text, btn.Data)
				}
			}
		}
	}
	return replies
}

func (b testBundle) session(t *testing.T) dialog.Session {
	t.Helper()
	s, err := b.store.LoadSession(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func cmd(name, payload string) dialog.Input {
	return dialog.Input{Kind: dialog.InputCommand, Command: name, Payload: payload}
}
func text(s string) dialog.Input { return dialog.Input{Kind: dialog.InputText, Text: s} }
func press(data string) dialog.Input {
	return dialog.Input{Kind: dialog.InputButton, Data: data, MessageID: 7}
}

// isMenu reports whether r is the main menu.
func (b testBundle) isMenu(r dialog.Reply, lang string) bool {
	return r.Text == b.e.Text(lang, "menu_prompt") && len(r.Buttons) == 5 && r.Buttons[4][0].Data == "menu:urgent"
}

func buttonData(r dialog.Reply) []string {
	var d []string
	for _, row := range r.Buttons {
		for _, btn := range row {
			d = append(d, btn.Data)
		}
	}
	return d
}

func TestStart(t *testing.T) {
	t.Parallel()
	t.Run("GreetsInDutchWithMenuAndKeepsPayload", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		r := b.do(t, cmd("start", "r_abc123"))
		if len(r) != 2 {
			t.Fatalf("got %d replies, want greeting and menu", len(r))
		}
		if !strings.Contains(r[0].Text, b.e.Text("nl", "greeting")) || !strings.Contains(r[0].Text, "/vergeet") {
			t.Errorf("greeting: got=%q", r[0].Text)
		}
		if !b.isMenu(r[1], "nl") {
			t.Errorf("menu: got=%+v", r[1])
		}
		want := []string{"menu:find", "menu:ask", "menu:support", "menu:settings", "menu:urgent"}
		if got := buttonData(r[1]); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("menu buttons: got=%v, want %v", got, want)
		}
		if s := b.session(t); s.StartPayload != "r_abc123" || s.Lang != "nl" {
			t.Errorf("session: got payload=%q lang=%q", s.StartPayload, s.Lang)
		}
	})
	t.Run("EnglishApp", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		in := cmd("start", "")
		in.Lang = "en-GB"
		r := b.do(t, in)
		if !strings.HasPrefix(r[0].Text, "Hi!") || !b.isMenu(r[1], "en") {
			t.Errorf("got=%q", r[0].Text)
		}
	})
	t.Run("UnspokenLanguageGetsDefault", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		in := cmd("start", "")
		in.Lang = "fa"
		if r := b.do(t, in); !b.isMenu(r[1], "nl") {
			t.Errorf("got=%+v", r[1])
		}
	})
	t.Run("BadPayloadIgnored", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		for _, p := range []string{strings.Repeat("a", 65), "r_ab c", "r_<script>", "r_😀"} {
			r := b.do(t, cmd("start", p))
			if !b.isMenu(r[1], "nl") {
				t.Errorf("payload %q: no menu", p)
			}
			if s := b.session(t); s.StartPayload != "" {
				t.Errorf("payload %q kept as %q", p, s.StartPayload)
			}
		}
	})
}

func TestMenuButtons(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.do(t, cmd("start", ""))
	// Without a catalogue, the search answers "coming soon".
	for data, c := range map[string]struct{ id, buttons string }{
		"menu:find":    {"coming_soon", "menu"},
		"menu:support": {"support", "menu:support:vol,menu"}, // find volunteers nearby, or back
	} {
		r := b.do(t, press(data))
		if r[0].Text != b.e.Text("nl", c.id) || r[0].EditMessageID != 7 {
			t.Errorf("%s: got=%+v, want edit with %s", data, r[0], c.id)
		}
		if got := strings.Join(buttonData(r[0]), ","); got != c.buttons {
			t.Errorf("%s: buttons got=%v, want %s", data, got, c.buttons)
		}
	}
	r := b.do(t, press("menu:settings"))
	if got := buttonData(r[0]); strings.Join(got, ",") != "lang:,settings:privacy,settings:forget,menu" {
		t.Errorf("settings buttons: got=%v", got)
	}
	if r := b.do(t, press("menu")); !b.isMenu(r[0], "nl") || r[0].EditMessageID != 7 {
		t.Errorf("back to menu: got=%+v", r[0])
	}
}

func TestHelpAndPrivacyKeepStep(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.do(t, cmd("vergeet", ""))
	r := b.do(t, cmd("privacy", ""))
	if !strings.Contains(r[0].Text, "30") || !strings.Contains(r[0].Text, "/vergeet") {
		t.Errorf("privacy: got=%q", r[0].Text)
	}
	if r[1].Text != b.e.Text("nl", "forget_confirm") {
		t.Errorf("after privacy: got=%q, want the open question again", r[1].Text)
	}
	r = b.do(t, cmd("help", ""))
	if r[0].Text != b.e.Text("nl", "help") || b.session(t).Step != "confirm_forget" {
		t.Errorf("help: got=%q step=%q", r[0].Text, b.session(t).Step)
	}
}

func TestForget(t *testing.T) {
	t.Parallel()
	t.Run("Yes", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.do(t, cmd("start", "r_x"))
		r := b.do(t, cmd("vergeet", ""))
		if got := buttonData(r[0]); strings.Join(got, ",") != "forget:yes,forget:no" {
			t.Fatalf("confirm buttons: got=%v", got)
		}
		r = b.do(t, press("forget:yes"))
		if r[0].Text != b.e.Text("nl", "forget_done") {
			t.Errorf("got=%q", r[0].Text)
		}
		if b.store.Has(chat) || len(b.store.Forgotten) != 1 {
			t.Errorf("session still stored=%v, forgotten=%v", b.store.Has(chat), b.store.Forgotten)
		}
	})
	t.Run("No", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.do(t, cmd("vergeet", ""))
		r := b.do(t, press("forget:no"))
		if r[0].Text != b.e.Text("nl", "forget_kept") || !b.isMenu(r[1], "nl") {
			t.Errorf("got=%+v", r)
		}
		if !b.store.Has(chat) || len(b.store.Forgotten) != 0 {
			t.Error("no must erase nothing")
		}
	})
	t.Run("OldYesButtonErasesNothing", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.do(t, cmd("vergeet", ""))
		b.do(t, press("forget:no"))
		r := b.do(t, press("forget:yes"))
		if r[0].Text != b.e.Text("nl", "hint_old_button") || !b.isMenu(r[1], "nl") {
			t.Errorf("got=%+v", r)
		}
		if len(b.store.Forgotten) != 0 {
			t.Error("an old button erased the chat")
		}
	})
	t.Run("StoreDownKeepsDialog", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.do(t, cmd("vergeet", ""))
		b.store.Err = errors.New("connection refused")
		if _, err := b.e.Handle(context.Background(), chat, press("forget:yes")); err == nil {
			t.Fatal("got nil error with the store down")
		}
		b.store.Err = nil
		if s := b.session(t); s.Step != "confirm_forget" {
			t.Errorf("step: got=%q, want confirm_forget", s.Step)
		}
	})
}

func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.do(t, cmd("start", ""))
	r := b.do(t, cmd("taal", ""))
	if got := buttonData(r[0]); strings.Join(got, ",") != "lang:nl,lang:en,lang:ar,lang:tr,lang:pl,lang:uk" {
		t.Fatalf("language buttons: got=%v", got)
	}
	r = b.do(t, press("lang:en"))
	if r[0].Text != b.e.Text("en", "lang_set") || !b.isMenu(r[1], "en") {
		t.Errorf("got=%+v", r)
	}
	// The app still says Dutch, but the parent chose English.
	r = b.do(t, cmd("help", ""))
	if r[0].Text != b.e.Text("en", "help") {
		t.Errorf("after switch: got=%q", r[0].Text)
	}
	if s := b.session(t); s.Lang != "en" || !s.LangChosen {
		t.Errorf("session: got lang=%q chosen=%v", s.Lang, s.LangChosen)
	}
	r = b.do(t, press("lang:fr"))
	if r[0].Text != b.e.Text("en", "hint_old_button") {
		t.Errorf("unknown language: got=%q", r[0].Text)
	}
}

func TestUnexpectedInput(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]dialog.Input{
		"Sticker":        {Kind: dialog.InputOther},
		"LongText":       text(strings.Repeat("lang verhaal ", 400)),
		"EmojiOnly":      text("🙈🙈🙈"),
		"UnknownCommand": cmd("foo", ""),
		"UnknownButton":  press("x:y:z"),
		"EmptyButton":    press(""),
		"Location":       {Kind: dialog.InputLocation, Location: &meetups.Point{Lat: 52.09, Lon: 5.12}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			b.do(t, cmd("start", "r_keep"))
			r := b.do(t, in)
			if len(r) != 2 || r[0].Text == "" || !b.isMenu(r[1], "nl") {
				t.Fatalf("got=%+v, want a hint and the menu", r)
			}
			// What the parent typed or sent and the bot could not read may
			// be a cry for help: those hints carry the 🆘 button.
			typed := in.Kind == dialog.InputOther || in.Kind == dialog.InputText || in.Kind == dialog.InputCommand
			if got := slices.Contains(buttonData(r[0]), "menu:urgent"); got != typed {
				t.Errorf("hint %q: 🆘 button %v, want %v", r[0].Text, got, typed)
			}
			if s := b.session(t); s.StartPayload != "r_keep" || s.Version != 2 {
				t.Errorf("session lost: got=%+v", s)
			}
		})
	}
	t.Run("FirstMessageGetsGreeting", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		r := b.do(t, text("hallo"))
		if !strings.Contains(r[0].Text, b.e.Text("nl", "greeting")) || !b.isMenu(r[1], "nl") {
			t.Errorf("got=%+v", r)
		}
	})
}

func TestStop(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.do(t, cmd("vergeet", ""))
	r := b.do(t, cmd("stop", ""))
	if r[0].Text != b.e.Text("nl", "stop") || !r[0].RemoveKeyboard {
		t.Errorf("got=%+v", r[0])
	}
	if s := b.session(t); s.Step != "" {
		t.Errorf("step after stop: got=%q", s.Step)
	}
}

// conflictOnce makes the first save fail as if another replica saved the
// same chat in between.
type conflictOnce struct {
	*dialogtest.MemStore
	done bool
}

func (c *conflictOnce) SaveSession(ctx context.Context, s dialog.Session) (dialog.Session, error) {
	if !c.done {
		c.done = true
		c.MemStore.Bump(s.ChatID)
	}
	return c.MemStore.SaveSession(ctx, s)
}

func TestHandleRetriesConflict(t *testing.T) {
	t.Parallel()
	store := &conflictOnce{MemStore: dialogtest.NewMemStore()}
	e, err := dialog.New(store, dialog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Handle(context.Background(), chat, cmd("vergeet", "")); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	s, _ := store.LoadSession(context.Background(), chat)
	if s.Step != "confirm_forget" || s.Version != 2 {
		t.Errorf("got step=%q version=%d, want confirm_forget after one retry", s.Step, s.Version)
	}
}

func TestSessionSurvivesNewEngine(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.do(t, cmd("vergeet", ""))
	e2, err := dialog.New(b.store, dialog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e2.Handle(context.Background(), chat, press("forget:yes"))
	if err != nil || r[0].Text != e2.Text("nl", "forget_done") {
		t.Errorf("got=%+v err=%v", r, err)
	}
}

func TestApologyAndCommands(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.e.Apology("en-US")
	if r[0].Text != b.e.Text("en", "apology") || !b.isMenu(r[1], "en") {
		t.Errorf("apology: got=%+v", r)
	}
	for _, lang := range dialog.Languages {
		cmds := b.e.Commands(lang)
		if len(cmds) != 10 {
			t.Errorf("%s: got %d commands", lang, len(cmds))
		}
		// The help-now command is named in the menu's language.
		want := "urgent" // English names for every language but Dutch
		if lang == "nl" {
			want = "hulp"
		}
		if len(cmds) < 2 || cmds[1].Name != want {
			t.Errorf("%s: second command: got=%+v, want /%s", lang, cmds, want)
		}
		for _, c := range cmds {
			if c.Description == "" || strings.HasPrefix(c.Description, "cmd_") {
				t.Errorf("%s: command %s has no description", lang, c.Name)
			}
		}
	}
}

// TestEnglishSessionSpeaksEnglishCommands: a parent whose app is English
// never reads a Dutch command name — in the greeting, help, privacy, the
// results, saving, reminders, /stop — and the English names work.
func TestEnglishSessionSpeaksEnglishCommands(t *testing.T) {
	t.Parallel()
	cat := &dialogtest.Catalogue{Meetups: fixture()}
	store := dialogtest.NewMemStore()
	e, err := dialog.New(store, dialog.Options{Now: func() time.Time { return testNow }, Catalogue: cat,
		Saved: &dialogtest.Saved{Catalogue: cat}})
	if err != nil {
		t.Fatal(err)
	}
	en := func(in dialog.Input) dialog.Input { in.Lang = "en"; return in }
	var all []dialog.Reply
	for _, in := range []dialog.Input{
		cmd("start", ""), cmd("help", ""), cmd("privacy", ""), cmd("find", ""), loc(utrecht), press("r:d:1"), press("r:sv:1"),
		press("r:rm:1"), press("r:rb:1"), cmd("saved", ""), cmd("ask", ""), cmd("language", ""), cmd("urgent", ""), cmd("stop", ""),
		cmd("forget", ""), press("forget:no"), cmd("zoekk", ""),
	} {
		r, err := e.Handle(context.Background(), chat, en(in))
		if err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		all = append(all, r...)
	}
	for _, r := range all {
		for _, dutch := range []string{"/zoek", "/vraag", "/bewaard", "/vergeet", "/taal", "/hulp", "/nieuw", "/mijn"} {
			if strings.Contains(r.Text, dutch) {
				t.Errorf("an English reply names %s:\n%s", dutch, r.Text)
			}
		}
	}
	if s, _ := store.LoadSession(context.Background(), chat); s.Lang != "en" {
		t.Errorf("session language %q", s.Lang)
	}
}

// TestPlainWords: what a parent types instead of a button is answered as
// meant, never with "I don't understand".
func TestPlainWords(t *testing.T) {
	t.Parallel()
	cat := &dialogtest.Catalogue{Meetups: fixture()}
	for _, c := range []struct {
		in   dialog.Input
		want string // the first reply's locale id
	}{
		{text("hallo"), "words_hello"},
		{text("Hoi!"), "words_hello"},
		{text("help"), "help"},
		{text("Help?"), "help"},
		{text("zoek"), "find_where"},
		{text("find"), "find_where"},
		{text("vraag"), "ask_need"},
		{text("ik weet het niet"), "words_unsure"},
		{text("Weet ik niet..."), "words_unsure"},
		{text("1"), "find_where"},
		{text("2"), "ask_need"},
		{text("3"), "support"},
		{text("4"), "settings_prompt"},
		{cmd("zoekk", ""), "words_did_you_mean"},
		{cmd("vergeeet", ""), "words_did_you_mean"},
		{cmd("xyzzyq", ""), "hint_unknown"},
		{text("blablabla"), "hint_unknown"},
	} {
		store := dialogtest.NewMemStore()
		e, err := dialog.New(store, dialog.Options{Now: func() time.Time { return testNow }, Catalogue: cat})
		if err != nil {
			t.Fatal(err)
		}
		b := testBundle{e: e, store: store}
		b.do(t, cmd("start", ""))
		r := b.do(t, c.in)
		data := map[string]any{"Days": 30, "SavedDays": 90, "Command": "/zoek"}
		if c.in.Command == "vergeeet" {
			data["Command"] = "/vergeet"
		}
		want := b.e.Text("nl", c.want, data)
		if c.want == "words_hello" || c.want == "words_unsure" || c.want == "help" || c.want == "hint_unknown" {
			if r[0].Text != want || len(r) < 2 {
				t.Errorf("%+v: got %q, want %q and the question after it", c.in, r[0].Text, want)
			}
			continue
		}
		if r[0].Text != want {
			t.Errorf("%+v: got %q, want %q", c.in, r[0].Text, want)
		}
	}
	// At another question a number is an answer there, not the menu.
	b := setup(t)
	b.do(t, cmd("vraag", ""))
	b.do(t, press("an:babysit"))
	if r := b.do(t, text("1")); r[0].Text == b.e.Text("nl", "find_where") {
		t.Error("a number at the 'whom' question opened the search")
	}
}

// TestSmallKindnesses: a cost note that repeats the cost is not shown
// twice; an emoji is not a request; choosing a language at the erase
// question puts the question off instead of asking it again.
func TestSmallKindnesses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.do(t, cmd("vraag", ""))
	b.do(t, press("an:other"))
	if r := b.do(t, text("😀")); r[0].Text != b.e.Text("nl", "ask_need_text_words") {
		t.Errorf("an emoji as the request: got %q", r[0].Text)
	}
	if s := b.session(t); s.Ask == nil || s.Ask.NeedText != "" || s.Step != "ask_need_text" {
		t.Errorf("the emoji became the request: %+v", s.Ask)
	}
	b.do(t, cmd("vergeet", ""))
	r := b.do(t, press("lang:en"))
	if r[0].Text != b.e.Text("en", "lang_set") || !b.isMenu(r[1], "en") {
		t.Errorf("a language at the erase question: got %+v, want the menu in English", r)
	}
	if s := b.session(t); s.Step != "" {
		t.Errorf("step after choosing a language: %q", s.Step)
	}
}
