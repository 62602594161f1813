package dialog_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/safety"
)

// dangerByCategory is one message per category, with the phone number its
// answer must give; the detector itself is tested in package safety.
var dangerByCategory = []struct {
	cat    safety.Category
	text   string
	number string
}{
	{safety.Medical, "help mijn baby ademt niet meer", "112"},
	{safety.Suicide, "ik wil een eind aan mijn leven maken", "0800-0113"},
	{safety.Child, "ik heb de baby door elkaar geschud", "0800-2000"},
	{safety.Violence, "Mijn vriend heeft me weer geslagen", "0800-2000"},
	{safety.Need, "we hebben geen eten meer voor de kinderen", "14 030"},
}

// safetyBundle records what the engine tells OnSafety.
type safetyBundle struct {
	askBundle
	mu   sync.Mutex
	told []string
}

func setupSafety(t *testing.T) *safetyBundle {
	t.Helper()
	b := &safetyBundle{askBundle: setupAsk(t)}
	clock := b.clock
	e, err := dialog.New(b.store, dialog.Options{Now: func() time.Time { return *clock }, Catalogue: b.cat,
		Geocoder: &dialogtest.Geocoder{}, OnSafety: func(c string) {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.told = append(b.told, c)
		}})
	if err != nil {
		t.Fatal(err)
	}
	b.e = e
	return b
}

func (b *safetyBundle) counted() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.told)
}

// isSafetyAnswer checks r is the answer for cat: its line, the number,
// that the bot is no help line, and the buttons to every line and back.
func (b *safetyBundle) isSafetyAnswer(t *testing.T, r []dialog.Reply, cat safety.Category, number, lang string) {
	t.Helper()
	if len(r) != 1 {
		t.Fatalf("got %d replies, want only the safety answer: %+v", len(r), r)
	}
	body := r[0].Text
	for _, want := range []string{b.e.Text(lang, "safety_"+string(cat)), number, b.e.Text(lang, "safety_outro")} {
		if !strings.Contains(body, want) {
			t.Errorf("answer for %s lacks %q: %q", cat, want, body)
		}
	}
	data := buttonData(r[0])
	if !slices.Contains(data, "menu:urgent") || !slices.Contains(data, "continue") {
		t.Errorf("answer for %s: buttons %v, want every line and back", cat, data)
	}
	// A parent's words never become a field: "use my text" is for work.
	if slices.Contains(data, "safety:use") {
		t.Errorf("answer for %s offers a parent to use the text", cat)
	}
	if cat == safety.Medical && !strings.HasPrefix(body, "🚨") {
		t.Errorf("a medical emergency must start with 112, got %q", body)
	}
}

// TestSafetyEverywhere: each category's answer comes first on the menu,
// mid-search, mid-help-request (where the text would have become the
// need), as a caption and as an edit; the dialog stays where it was, the
// text is kept nowhere, and the button leads back to the open question.
func TestSafetyEverywhere(t *testing.T) {
	t.Parallel()
	for _, d := range dangerByCategory {
		t.Run(string(d.cat), func(t *testing.T) {
			t.Parallel()
			b := setupSafety(t)
			check := func(where string, in dialog.Input, wantStep string, again func([]dialog.Reply) bool) {
				t.Helper()
				before := b.session(t)
				r := b.do(t, in)
				b.isSafetyAnswer(t, r, d.cat, d.number, "nl")
				s := b.session(t)
				if s.Step != wantStep || !reflect.DeepEqual(s.Ask, before.Ask) || !reflect.DeepEqual(s.Search, before.Search) {
					t.Errorf("%s: the session moved: step %q → %q, ask %+v → %+v", where, before.Step, s.Step, before.Ask, s.Ask)
				}
				if back := b.do(t, press("continue")); !again(back) {
					t.Errorf("%s: back: got=%+v, want the open question", where, back)
				}
			}
			// On the menu.
			b.do(t, cmd("start", ""))
			check("menu", text(d.text), "", func(r []dialog.Reply) bool { return b.isMenu(r[0], "nl") })
			// Mid-search, asked where.
			b.do(t, cmd("zoek", ""))
			where := b.session(t).Step
			check("search", text(d.text), where, func(r []dialog.Reply) bool {
				return r[0].Text == b.e.Text("nl", "find_where")
			})
			// Mid-help-request, asked what the help is for.
			b.do(t, cmd("vraag", ""))
			b.do(t, press("an:other"))
			need := b.session(t).Step
			check("ask", text(d.text), need, func(r []dialog.Reply) bool {
				return r[0].Text == b.e.Text("nl", "ask_need_text")
			})
			// A caption under a photo, still mid-help-request.
			check("caption", dialog.Input{Kind: dialog.InputOther, Text: d.text}, need, func(r []dialog.Reply) bool {
				return r[0].Text == b.e.Text("nl", "ask_need_text")
			})
			// An edit of an earlier message.
			check("edit", dialog.Input{Kind: dialog.InputText, Text: d.text, Edited: true}, need, func(r []dialog.Reply) bool {
				return r[0].Text == b.e.Text("nl", "ask_need_text")
			})
			// The words after a command.
			check("command", cmd("help", d.text), need, func(r []dialog.Reply) bool {
				return r[0].Text == b.e.Text("nl", "ask_need_text")
			})
			if got := b.counted(); len(got) != 6 || slices.IndexFunc(got, func(c string) bool { return c != string(d.cat) }) >= 0 {
				t.Errorf("OnSafety: got=%v, want %s six times", got, d.cat)
			}
		})
	}
}

// TestSafetyUseTextOnlyAtWork: a parent pressing a forged "use my text"
// button gets nothing used, and the session holds no words.
func TestSafetyUseTextOnlyAtWork(t *testing.T) {
	t.Parallel()
	b := setupSafety(t)
	b.do(t, cmd("vraag", ""))
	b.do(t, press("an:other"))
	b.do(t, text("ik wil dood"))
	if s := b.session(t); s.Held != "" {
		t.Errorf("a parent's words are held: %q", s.Held)
	}
	r := b.do(t, press("safety:use"))
	if r[0].Text != b.e.Text("nl", "hint_old_button") {
		t.Errorf("forged use: got=%q", r[0].Text)
	}
	if a := b.session(t).Ask; a == nil || a.NeedText != "" {
		t.Errorf("the words became the request: %+v", a)
	}
}

// TestSafetyMixed: a message that fits more than one category gets each
// line, the most urgent first, and is counted once per category.
func TestSafetyMixed(t *testing.T) {
	t.Parallel()
	b := setupSafety(t)
	r := b.do(t, text("mijn man slaat me en ik wil dood"))
	body := r[0].Text
	s, v := strings.Index(body, b.e.Text("nl", "safety_suicide")), strings.Index(body, b.e.Text("nl", "safety_violence"))
	if s < 0 || v < 0 || s > v {
		t.Errorf("want the suicide line, then violence: %q", body)
	}
	if r[0].Buttons[0][0].URL != "https://www.113.nl" {
		t.Errorf("thoughts of suicide get the 113 chat button first: %+v", r[0].Buttons)
	}
	if got := b.counted(); !reflect.DeepEqual(got, []string{"suicide", "violence"}) {
		t.Errorf("OnSafety: got=%v", got)
	}
}

// TestSafetyKeepsNothing: a help request's answers that trigger never
// become its name, day or need, in English too.
func TestSafetyKeepsNothing(t *testing.T) {
	t.Parallel()
	b := setupSafety(t)
	b.do(t, pressIn("en", "menu:ask"))
	b.do(t, pressIn("en", "an:babysit"))
	r := b.do(t, dialog.Input{Kind: dialog.InputText, Text: "I shook the baby", Lang: "en"})
	b.isSafetyAnswer(t, r, safety.Child, "0800-2000", "en")
	if a := b.session(t).Ask; a == nil || a.Name != "" {
		t.Errorf("the text became a name: %+v", a)
	}
	b.do(t, dialog.Input{Kind: dialog.InputText, Text: "Sanne", Lang: "en"})
	r = b.do(t, dialog.Input{Kind: dialog.InputText, Text: "I can't cope anymore", Lang: "en"})
	b.isSafetyAnswer(t, r, safety.Suicide, "0800-0113", "en")
	if a := b.session(t).Ask; a == nil || a.WhenText != "" || a.Name != "Sanne" {
		t.Errorf("the text became a day: %+v", a)
	}
}

// TestEditsOnlyForSafety: an edit without danger says nothing and moves
// nothing; an edit without text is not even read.
func TestEditsOnlyForSafety(t *testing.T) {
	t.Parallel()
	b := setupSafety(t)
	b.do(t, cmd("zoek", ""))
	before := b.session(t)
	r, err := b.e.Handle(context.Background(), chat, dialog.Input{Kind: dialog.InputText, Text: "Utrecht", Edited: true, Lang: "nl"})
	if err != nil || len(r) != 0 {
		t.Fatalf("edit: got=%+v, %v, want nothing", r, err)
	}
	if s := b.session(t); s.Step != before.Step || !reflect.DeepEqual(s.Search, before.Search) {
		t.Errorf("an edit moved the dialog: %+v", s)
	}
	if len(b.counted()) != 0 {
		t.Errorf("counted %v", b.counted())
	}
	// Not even a draft's expiry: an edit a day later leaves the help
	// request for the parent's next real message to expire.
	b.do(t, cmd("vraag", ""))
	b.do(t, press("an:other"))
	before = b.session(t)
	*b.clock = b.clock.Add(25 * time.Hour) // past the day a help draft is kept
	r, err = b.e.Handle(context.Background(), chat, dialog.Input{Kind: dialog.InputText, Text: "de kast", Edited: true, Lang: "nl"})
	if err != nil || len(r) != 0 {
		t.Fatalf("late edit: got=%+v, %v, want nothing", r, err)
	}
	if s := b.session(t); s.Step != before.Step || !reflect.DeepEqual(s.Ask, before.Ask) {
		t.Errorf("a late edit moved the dialog: step %q, ask %+v", s.Step, s.Ask)
	}
}

// TestUrgentScreen: the 🆘 button, /hulp and /urgent show every line and
// lead back to where the parent was; the fallback carries the button.
func TestUrgentScreen(t *testing.T) {
	t.Parallel()
	b := setupSafety(t)
	b.do(t, cmd("vraag", ""))
	b.do(t, press("an:other"))
	for _, in := range []dialog.Input{press("menu:urgent"), cmd("hulp", ""), cmd("urgent", "")} {
		r := b.do(t, in)
		if len(r) != 1 || !strings.HasPrefix(r[0].Text, b.e.Text("nl", "safety_all")) {
			t.Fatalf("%+v: got=%+v", in, r)
		}
		for _, n := range []string{"112", "0800-0113", "113.nl", "0800-2000", "0800-0432", "14 "} {
			if !strings.Contains(r[0].Text, n) {
				t.Errorf("the help screen lacks %q", n)
			}
		}
		if in.Kind == dialog.InputButton && r[0].EditMessageID != 7 {
			t.Errorf("the 🆘 button should turn its message into the help screen")
		}
		if back := b.do(t, press("continue")); back[0].Text != b.e.Text("nl", "ask_need_text") {
			t.Errorf("back: got=%q", back[0].Text)
		}
	}
	if got := b.counted(); !reflect.DeepEqual(got, []string{"asked", "asked", "asked"}) {
		t.Errorf("OnSafety: got=%v", got)
	}
	// In English the screen is English.
	r := b.do(t, dialog.Input{Kind: dialog.InputCommand, Command: "urgent", Lang: "en"})
	if !strings.HasPrefix(r[0].Text, b.e.Text("en", "safety_all")) {
		t.Errorf("english: got=%q", r[0].Text)
	}
	// Something the bot does not understand gets the 🆘 button under it.
	b.do(t, cmd("start", ""))
	r = b.do(t, text("blablabla"))
	if r[0].Text != b.e.Text("nl", "hint_unknown") || !slices.Contains(buttonData(r[0]), "menu:urgent") {
		t.Errorf("fallback: got=%+v", r[0])
	}
	// So does any typed answer a step refuses: here, not a first name.
	b.do(t, cmd("vraag", ""))
	b.do(t, press("an:babysit"))
	r = b.do(t, text("ik weet het echt niet meer 12345"))
	if r[0].Text != b.e.Text("nl", "ask_name_invalid") || !slices.Contains(buttonData(r[0]), "menu:urgent") {
		t.Errorf("refused name: got=%+v", r[0])
	}
	// An accepted answer gets no 🆘 button.
	r = b.do(t, text("Sanne"))
	if slices.Contains(buttonData(r[0]), "menu:urgent") {
		t.Errorf("accepted name: got=%+v", r[0])
	}
}

// TestSafetyCountedOnceAfterConflict: a step retried after a conflicting
// save answers once and tells OnSafety once.
func TestSafetyCountedOnceAfterConflict(t *testing.T) {
	t.Parallel()
	b := setupSafety(t)
	b.do(t, cmd("start", ""))
	store := &conflictOnce{MemStore: b.store}
	e, err := dialog.New(store, dialog.Options{OnSafety: func(c string) {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.told = append(b.told, c)
	}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Handle(context.Background(), chat, text("ik zie het niet meer zitten"))
	if err != nil || len(r) != 1 || !store.done {
		t.Fatalf("got=%+v, %v after a conflict: %v", r, err, store.done)
	}
	if got := b.counted(); !reflect.DeepEqual(got, []string{"suicide"}) {
		t.Errorf("OnSafety: got=%v, want one", got)
	}
}

// TestSafetyLocales: every category has its answer in every language.
func TestSafetyLocales(t *testing.T) {
	t.Parallel()
	loc, err := dialog.LoadLocales("nl")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range dialog.Languages {
		for _, c := range safety.Categories {
			if _, ok := loc.Lookup(lang, "safety_"+string(c)); !ok {
				t.Errorf("%s has no answer for %s", lang, c)
			}
		}
	}
}
