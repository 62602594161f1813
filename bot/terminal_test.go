package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/bot"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
)

func newEngine(t testing.TB, store dialog.SessionStore) *dialog.Engine {
	t.Helper()
	e, err := dialog.New(store, dialog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestTerminal(t *testing.T) {
	t.Parallel()
	store := dialogtest.NewMemStore()
	e := newEngine(t, store)
	var out strings.Builder
	term := &bot.Terminal{
		Engine: e, ChatID: bot.TerminalChatID, Lang: "nl", Out: &out,
		// settings → language → English → help → a location → a bad location → quit
		In: strings.NewReader("4\n1\n2\n/help\n/loc 52.09 5.12\n/loc here\n/quit\nnever read\n"),
	}
	if err := term.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := out.String()
	for _, want := range []string{
		e.Text("nl", "terminal_intro"),
		e.Text("nl", "menu_prompt"),
		"[1] " + e.Text("nl", "menu_find"),
		"[4] " + e.Text("nl", "menu_settings"),
		e.Text("nl", "settings_prompt"),
		e.Text("en", "lang_set"),
		e.Text("en", "help"),
		e.Text("en", "hint_location"),
		"/loc 52.09 5.12",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if !store.Has(bot.TerminalChatID) {
		t.Error("terminal chat kept no session")
	}
	s, _ := store.LoadSession(context.Background(), bot.TerminalChatID)
	if s.Lang != "en" || !s.LangChosen {
		t.Errorf("session: got lang=%q chosen=%v, want en chosen", s.Lang, s.LangChosen)
	}
}

func TestTerminalEOF(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	e := newEngine(t, dialogtest.NewMemStore())
	term := &bot.Terminal{Engine: e, ChatID: 5, Lang: "en", Out: &out, In: strings.NewReader("")}
	if err := term.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !strings.Contains(out.String(), e.Text("en", "menu_prompt")) {
		t.Errorf("no menu before EOF:\n%s", out.String())
	}
}

func TestTerminalAsk(t *testing.T) {
	t.Parallel()
	e := newEngine(t, dialogtest.NewMemStore())
	var out strings.Builder
	term := &bot.Terminal{
		Engine: e, ChatID: 9, Lang: "nl", Out: &out,
		// ask → babysitting → Sanne → tomorrow → no offer → Dutch → je → the WhatsApp button → done
		In: strings.NewReader("2\n1\nSanne\n2\n4\n1\n1\n3\n5\n"),
	}
	if err := term.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{e.Text("nl", "ask_draft_intro"), "Hoi Sanne", "morgen", "🔗 https://wa.me/?text=", e.Text("nl", "ask_done")} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, got)
		}
	}
}
