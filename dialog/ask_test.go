package dialog_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
)

type askBundle struct {
	findBundle
	clock *time.Time
}

func setupAsk(t *testing.T) askBundle {
	t.Helper()
	clock := testNow
	cat := &dialogtest.Catalogue{Meetups: fixture()}
	store := dialogtest.NewMemStore()
	e, err := dialog.New(store, dialog.Options{Now: func() time.Time { return clock }, Catalogue: cat,
		Geocoder: &dialogtest.Geocoder{}})
	if err != nil {
		t.Fatal(err)
	}
	return askBundle{findBundle{testBundle{e: e, store: store}, cat, nil}, &clock}
}

func pressIn(lang, data string) dialog.Input {
	return dialog.Input{Kind: dialog.InputButton, Data: data, MessageID: 7, Lang: lang}
}

// draftOf is the draft message among replies: the one with the WhatsApp button.
func draftOf(t *testing.T, rs []dialog.Reply) dialog.Reply {
	t.Helper()
	for _, r := range rs {
		for _, row := range r.Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.URL, "https://wa.me/") {
					return r
				}
			}
		}
	}
	t.Fatalf("no draft among %+v", rs)
	return dialog.Reply{}
}

func whatsApp(r dialog.Reply) string {
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.URL != "" {
				return b.URL
			}
		}
	}
	return ""
}

func TestAskHappyPathDutchU(t *testing.T) {
	t.Parallel()
	b := setupAsk(t)
	b.do(t, cmd("start", ""))
	r := b.do(t, press("menu:ask"))
	if r[0].Text != b.e.Text("nl", "ask_need") || len(buttonData(r[0])) != 8 {
		t.Fatalf("need: got=%+v", r[0])
	}
	b.do(t, press("an:babysit"))
	r = b.do(t, text2("Sanne"))
	if r[0].Text != b.e.Text("nl", "ask_when") {
		t.Fatalf("after the name: got=%q", r[0].Text)
	}
	b.do(t, press("at:tomorrow"))
	b.do(t, press("ao:cook"))
	r = b.do(t, press("al:nl"))
	if r[0].Text != b.e.Text("nl", "ask_register") || !slices.Equal(buttonData(r[0])[:2], []string{"ay:je", "ay:u"}) {
		t.Fatalf("tone question: got=%q", r[0].Text)
	}
	r = b.do(t, press("ay:u"))
	if r[0].Text != b.e.Text("nl", "ask_draft_intro") {
		t.Errorf("intro: got=%q", r[0].Text)
	}
	d := draftOf(t, r)
	for _, want := range []string{"Sanne", "morgen", "oppassen", "u "} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("draft lacks %q:\n%s", want, d.Text)
		}
	}
	if strings.Contains(" "+d.Text+" ", " je ") || strings.Contains(d.Text, "jij") {
		t.Errorf("u-form draft uses je:\n%s", d.Text)
	}
	if got := strings.Join(buttonData(d), ","); got != "ad:alt,ad:edit,,ad:share,ad:done" {
		t.Errorf("draft buttons: got=%s", got)
	}
	// The WhatsApp link carries exactly the draft.
	u, err := url.Parse(whatsApp(d))
	if err != nil || u.Host != "wa.me" || u.Query().Get("text") != d.Text {
		t.Errorf("WhatsApp URL %q does not decode back to the draft (err %v)", whatsApp(d), err)
	}

	// Other wording: at least three phrasings, then round again.
	seen := map[string]bool{d.Text: true}
	for i := 0; i < 2; i++ {
		r = b.do(t, press("ad:alt"))
		if r[0].EditMessageID != 7 {
			t.Errorf("other wording should edit the draft in place")
		}
		seen[r[0].Text] = true
	}
	if len(seen) != 3 {
		t.Errorf("got %d different phrasings, want 3", len(seen))
	}
	if r = b.do(t, press("ad:alt")); r[0].Text != d.Text {
		t.Errorf("the fourth phrasing should be the first again")
	}

	// Change a part: jump to "when", then straight back to the draft.
	r = b.do(t, press("ad:edit"))
	if got := strings.Join(buttonData(r[0]), ","); got != "ae:need,ae:whom,ae:when,ae:offer,ae:lang" {
		t.Fatalf("edit menu: got=%s", got)
	}
	b.do(t, press("ae:when"))
	r = b.do(t, press("at:today"))
	if d = draftOf(t, r); !strings.Contains(d.Text, "vandaag") || !strings.Contains(d.Text, "Sanne") {
		t.Errorf("after changing when: %s", d.Text)
	}

	// Share: the draft alone, then a tip; all to this chat.
	r = b.do(t, press("ad:share"))
	if len(r) != 2 || r[0].Text != d.Text || len(r[0].Buttons) != 0 || r[1].Text != b.e.Text("nl", "ask_share_tip") {
		t.Errorf("share: got=%+v", r)
	}

	// Done: the text stays, the buttons go, the name is erased.
	r = b.do(t, press("ad:done"))
	if r[0].Text != d.Text || len(r[0].Buttons) != 0 || r[1].Text != b.e.Text("nl", "ask_done") || !b.isMenu(r[2], "nl") {
		t.Errorf("done: got=%+v", r)
	}
	if s := b.session(t); s.Ask != nil || s.Step != "" {
		t.Errorf("session after done still holds the draft: %+v", s.Ask)
	}
	if r := b.do(t, press("ad:alt")); r[0].Text != b.e.Text("nl", "hint_old_button") {
		t.Errorf("old draft button: got=%q", r[0].Text)
	}
}

func TestAskEnglishAndOtherNeed(t *testing.T) {
	t.Parallel()
	b := setupAsk(t)
	b.do(t, dialog.Input{Kind: dialog.InputCommand, Command: "vraag", Lang: "en"})
	b.do(t, pressIn("en", "an:other"))
	long := strings.Repeat("help ", 60)
	r := b.do(t, dialog.Input{Kind: dialog.InputText, Text: long, Lang: "en"})
	if r[0].Text != b.e.Text("en", "ask_need_text_long") {
		t.Errorf("2,000 characters: got=%q", r[0].Text)
	}
	need := "de *kast* in elkaar zetten 🛠️ مساعدة _nu_"
	b.do(t, dialog.Input{Kind: dialog.InputText, Text: need, Lang: "en"})
	r = b.do(t, pressIn("en", "aw:friend"))
	if r[0].Text != b.e.Text("en", "ask_when") {
		t.Fatalf("when: got=%q", r[0].Text)
	}
	b.do(t, pressIn("en", "at:day"))
	b.do(t, dialog.Input{Kind: dialog.InputText, Text: "Saturday\nmorning", Lang: "en"})
	b.do(t, pressIn("en", "ao:skip"))
	r = b.do(t, pressIn("en", "al:en")) // no je/u question for English
	d := draftOf(t, r)
	for _, want := range []string{need, "Saturday morning"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("English draft lacks %q:\n%s", want, d.Text)
		}
	}
	if n := len([]rune(d.Text)); n > dialog.MaxDraftRunes {
		t.Errorf("draft has %d characters", n)
	}
}

func TestAskNameValidation(t *testing.T) {
	t.Parallel()
	b := setupAsk(t)
	b.do(t, press("menu:ask"))
	b.do(t, press("an:meal"))
	for _, bad := range []string{"123", "Sanne!!!", strings.Repeat("a", 41), "een twee drie vier", "https://x.nl"} {
		r := b.do(t, text2(bad))
		if r[0].Text != b.e.Text("nl", "ask_name_invalid") {
			t.Errorf("%q: got=%q", bad, r[0].Text)
		}
	}
	for _, ok := range []string{"Ahmed", "Anne-Marie", "tante Mies", "Zoë", "محمد"} {
		b.do(t, press("menu:ask"))
		b.do(t, press("an:meal"))
		if r := b.do(t, text2(ok)); r[0].Text != b.e.Text("nl", "ask_when") {
			t.Errorf("%q refused: %q", ok, r[0].Text)
		}
	}
}

func TestAskNobody(t *testing.T) {
	t.Parallel()
	b := setupAsk(t)
	b.do(t, press("menu:ask"))
	b.do(t, press("an:talk"))
	r := b.do(t, press("aw:nobody"))
	if r[0].Text != b.e.Text("nl", "ask_nobody") {
		t.Fatalf("nobody: got=%q", r[0].Text)
	}
	if got := strings.Join(buttonData(r[0]), ","); got != "nb:meet,nb:vol,nb:write,menu" {
		t.Errorf("nobody buttons: got=%s", got)
	}
	r = b.do(t, press("nb:vol"))
	if r[0].Text != b.e.Text("nl", "find_where") {
		t.Fatalf("volunteers: got=%q, want the where question", r[0].Text)
	}
	r = b.do(t, loc(utrecht))
	if !strings.Contains(r[1].Text, "Home-Start") || strings.Contains(r[1].Text, "Babycafé") {
		t.Errorf("volunteer results: got=%q", r[1].Text)
	}
	// Meeting parents, now the place is known: the results at once.
	b.do(t, press("menu:ask"))
	b.do(t, press("an:talk"))
	b.do(t, press("aw:nobody"))
	r = b.do(t, press("nb:meet"))
	if !strings.Contains(r[0].Text, "Babycafé De Wieg") || strings.Contains(r[0].Text, "Home-Start") {
		t.Errorf("meet parents: got=%q", r[0].Text)
	}
	// Or write to someone further away after all.
	b.do(t, press("menu:ask"))
	b.do(t, press("an:talk"))
	b.do(t, press("aw:nobody"))
	if r = b.do(t, press("nb:write")); r[0].Text != b.e.Text("nl", "ask_whom") {
		t.Errorf("write anyway: got=%q", r[0].Text)
	}
}

func TestAskComeAlongFromCard(t *testing.T) {
	t.Parallel()
	b := setupAsk(t)
	b.do(t, loc(utrecht))
	b.answer(t, "any", "any", "any")
	r := b.do(t, press("r:d:1"))
	if got := buttonData(r[0]); !slices.Contains(got, "r:ask") {
		t.Fatalf("card buttons: got=%v", got)
	}
	r = b.do(t, press("r:ask"))
	if r[0].Text != b.e.Text("nl", "ask_whom") {
		t.Fatalf("come along: got=%q, want the whom question", r[0].Text)
	}
	// The meetup has its date: no "when?" after the name, and the message
	// names the date as a date in its own language (it may be read later).
	if r := b.do(t, text2("Fatima")); r[0].Text != b.e.Text("nl", "ask_offer") {
		t.Fatalf("after the name: got %q, want the offer question", r[0].Text)
	}
	b.do(t, press("ao:skip"))
	d := draftOf(t, b.do(t, press("al:en")))
	for _, want := range []string{"Babycafé De Wieg", "Buurthuis De Linde", "on Tuesday 24 November, 10:00–11:30", "Fatima"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("come-along draft lacks %q:\n%s", want, d.Text)
		}
	}

	// A volunteer programme's card drafts a first message to it.
	b.do(t, press("ad:done"))
	b.do(t, loc(utrecht))
	b.answer(t, "any", "vol", "any")
	b.do(t, press("r:d:5"))
	r = b.do(t, press("r:write"))
	if len(r) != 3 || !strings.Contains(r[1].Text, "Home-Start") || !strings.Contains(r[2].Text, "030-1234567") {
		t.Errorf("volunteer draft: got=%+v", r)
	}
	if r := b.do(t, press("r:write")); r[0].Text != b.e.Text("nl", "hint_old_button") {
		t.Errorf("write on a stale card: got=%q", r[0].Text)
	}
}

func TestAskExpiresAfterADay(t *testing.T) {
	t.Parallel()
	b := setupAsk(t)
	b.do(t, press("menu:ask"))
	b.do(t, press("an:ride"))
	b.do(t, text2("Sanne"))
	*b.clock = b.clock.Add(25 * time.Hour)
	r := b.do(t, press("at:today"))
	if r[0].Text != b.e.Text("nl", "ask_expired") {
		t.Errorf("after a day: got=%q", r[0].Text)
	}
	if s := b.session(t); s.Ask != nil {
		t.Errorf("the name is still stored: %+v", s.Ask)
	}
}

// TestAskKeptForExactlyADay pins the boundary: a draft is kept until a
// day has passed since it started, and gone at that very moment.
func TestAskKeptForExactlyADay(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		after time.Duration
		kept  bool
	}{{24*time.Hour - time.Nanosecond, true}, {24 * time.Hour, false}} {
		b := setupAsk(t)
		b.do(t, press("menu:ask"))
		b.do(t, press("an:ride"))
		started := b.session(t).Ask.Started
		*b.clock = started.Add(tc.after)
		r := b.do(t, text2("Sanne"))
		if kept := r[0].Text != b.e.Text("nl", "ask_expired"); kept != tc.kept {
			t.Errorf("%v after the start: kept=%v, want %v (%q)", tc.after, kept, tc.kept, r[0].Text)
		}
		if s := b.session(t); (s.Ask != nil) != tc.kept {
			t.Errorf("%v after the start: draft %+v", tc.after, s.Ask)
		}
	}
}

var _ = meetups.KindBabyCafe

// TestDraftDayInTheMessagesLanguage: a day typed in the screen's language
// is written in the message's language, as a date — a Dutch screen
// writing to someone in English, and an English screen writing in Dutch.
func TestDraftDayInTheMessagesLanguage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		screen, typed, msgLang, want, notWant string
	}{
		{"nl", "donderdag", "en", "on Thursday 26 November", "donderdag"},
		{"en", "friday afternoon", "nl", "op vrijdagmiddag 27 november", "friday"},
		{"nl", "na school", "nl", "na school", ""}, // not a day: as typed
	} {
		b := setupAsk(t)
		in := func(i dialog.Input) dialog.Input { i.Lang = c.screen; return i }
		b.do(t, in(cmd("vraag", "")))
		b.do(t, in(press("an:babysit")))
		b.do(t, in(text2("Sanne")))
		b.do(t, in(press("at:day")))
		b.do(t, in(text2(c.typed)))
		b.do(t, in(press("ao:skip")))
		r := b.do(t, in(press("al:"+c.msgLang)))
		if c.msgLang == "nl" {
			r = b.do(t, in(press("ay:je")))
		}
		d := draftOf(t, r)
		if !strings.Contains(d.Text, c.want) || (c.notWant != "" && strings.Contains(strings.ToLower(d.Text), c.notWant)) {
			t.Errorf("%s screen, %q, message in %s:\n%s\nwant %q", c.screen, c.typed, c.msgLang, d.Text, c.want)
		}
	}
}

// TestRequestInAnotherLanguageIsFlagged: a request typed in Dutch for a
// message in English is pointed out, with a button for the message in
// Dutch; pressing it writes the message in Dutch.
func TestRequestInAnotherLanguageIsFlagged(t *testing.T) {
	t.Parallel()
	b := setupAsk(t)
	b.do(t, cmd("vraag", ""))
	b.do(t, press("an:other"))
	b.do(t, text2("de boodschappen voor ons doen"))
	b.do(t, text2("Sanne"))
	b.do(t, press("at:flexible"))
	b.do(t, press("ao:skip"))
	r := b.do(t, press("al:en"))
	last := r[len(r)-1]
	want := b.e.Text("nl", "ask_draft_other_lang", map[string]any{"Typed": "Nederlands", "Message": "Engels"})
	if last.Text != want || len(last.Buttons) != 1 || last.Buttons[0][0].Data != "ad:to:nl" {
		t.Fatalf("the flag: got %+v, want %q with a button for Dutch", last, want)
	}
	d := draftOf(t, b.do(t, press("ad:to:nl")))
	if !strings.Contains(d.Text, "Hoi Sanne") || !strings.Contains(d.Text, "de boodschappen voor ons doen") {
		t.Errorf("the message in Dutch: %s", d.Text)
	}
	if s := b.session(t); s.Ask.Lang != "nl" {
		t.Errorf("message language %q", s.Ask.Lang)
	}
	// English typed for an English message: nothing to point out.
	b2 := setupAsk(t)
	b2.do(t, cmd("vraag", ""))
	b2.do(t, press("an:other"))
	b2.do(t, text2("pick up the kids from school"))
	b2.do(t, text2("Sam"))
	b2.do(t, press("at:flexible"))
	b2.do(t, press("ao:skip"))
	r = b2.do(t, press("al:en"))
	if strings.Contains(r[len(r)-1].Text, "Engels") {
		t.Errorf("flagged a request in the message's own language: %q", r[len(r)-1].Text)
	}
}
