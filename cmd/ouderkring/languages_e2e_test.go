package main

import (
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/dialog"
)

// marks are the invisible direction marks Arabic texts carry.
var marks = strings.NewReplacer("\u200f", "", "\u2068", "", "\u2069", "")

// expectIn takes the chat's next message and checks it is the locale text
// id in lang, direction marks aside.
func (e *e2e) expectIn(t *testing.T, chat int64, lang, id string, data ...any) telegramtest.Call {
	t.Helper()
	c := e.tg.Next(t, chat)
	if got, want := marks.Replace(c.Text()), marks.Replace(e.loc.T(lang, id, data...)); got != want {
		t.Fatalf("%s: %s: got=%q, want %s text %q", lang, c.Method, got, id, want)
	}
	return c
}

// clickIn presses the button labelled with the locale text id in lang.
func (e *e2e) clickIn(t *testing.T, c telegramtest.Call, lang, id string) {
	t.Helper()
	want := marks.Replace(e.loc.T(lang, id))
	for _, row := range c.InlineKeyboard() {
		for _, b := range row {
			if marks.Replace(b.Text) == want {
				e.tg.PressButton(c.ChatID(), lang, c.MessageID(), b.CallbackData)
				return
			}
		}
	}
	t.Fatalf("%s: no button %q on %s", lang, want, c)
}

// TestLanguagesEndToEnd: a parent whose Telegram is in Arabic, Turkish,
// Polish or Ukrainian gets the bot in that language from the first
// message, finds a meetup near a shared location, writes a help message in
// the same language, in its first register, and gets the safety answer in
// the language to a message that signals danger — every screen the
// language's own text.
func TestLanguagesEndToEnd(t *testing.T) {
	e := setupE2E(t)
	cafés(t, e.cat, 0.5, 1.5)
	names := map[string]string{"ar": "فاطمة", "tr": "Ayşe", "pl": "Kasia", "uk": "Оксана"}
	for i, lang := range dialog.Languages[2:] {
		parent := int64(6100 + i)
		e.tg.SendCommand(parent, lang, "/start")
		e.tg.Next(t, parent) // the greeting
		menu := e.expectIn(t, parent, lang, "menu_prompt")

		// Find: the question, a shared location, the results.
		e.clickIn(t, menu, lang, "menu_find")
		e.expectIn(t, parent, lang, "find_where")
		e.tg.SendLocation(parent, lang, utrecht.Lat, utrecht.Lon)
		e.tg.Next(t, parent) // the location keyboard goes away
		results := e.tg.Next(t, parent)
		if !strings.Contains(results.Text(), "Babycafé 0.5 km") || !strings.Contains(marks.Replace(results.Text()), marks.Replace(e.loc.T(lang, "results_order_mix"))) {
			t.Fatalf("%s: results: %q", lang, results.Text())
		}

		// Ask: a help message in the same language.
		e.tg.SendCommand(parent, lang, "/ask")
		q := e.expectIn(t, parent, lang, "ask_need")
		e.clickIn(t, q, lang, "need_babysit")
		e.expectIn(t, parent, lang, "ask_whom")
		e.tg.SendText(parent, lang, names[lang])
		q = e.expectIn(t, parent, lang, "ask_when")
		e.clickIn(t, q, lang, "when_tomorrow")
		q = e.expectIn(t, parent, lang, "ask_offer")
		e.clickIn(t, q, lang, "offer_cook")
		q = e.expectIn(t, parent, lang, "ask_lang")
		e.clickIn(t, q, lang, "msg_lang_"+lang)
		q = e.expectIn(t, parent, lang, "ask_register")
		e.clickIn(t, q, lang, "register_"+lang+"_"+dialog.Registers[lang][0])
		e.expectIn(t, parent, lang, "ask_draft_intro")
		d := draftCall(t, e.tg.Next(t, parent))
		if !strings.Contains(d.Text(), names[lang]) {
			t.Errorf("%s: the help message lacks the name %q:\n%s", lang, names[lang], d.Text())
		}
		if got := waText(t, d); got != d.Text() {
			t.Errorf("%s: WhatsApp text %q is not the message %q", lang, got, d.Text())
		}

		// A message that signals danger, in the language: the safety answer
		// in it, with the Dutch lines, whatever step the chat is at.
		e.tg.SendText(parent, lang, danger[lang])
		help := e.tg.Next(t, parent)
		if !strings.Contains(marks.Replace(help.Text()), marks.Replace(e.loc.T(lang, "safety_suicide"))) ||
			!strings.Contains(help.Text(), "113") {
			t.Errorf("%s: %q got %q, want the suicide lines in the language", lang, danger[lang], help.Text())
		}
	}
}

// danger is a message in each language that says the writer wants to die.
var danger = map[string]string{
	"ar": "لم أعد أريد أن أعيش، أفكر في إنهاء حياتي",
	"tr": "artık yaşamak istemiyorum, kendimi öldürmeyi düşünüyorum",
	"pl": "nie chcę już żyć, myślę o tym żeby się zabić",
	"uk": "я більше не хочу жити, думаю покінчити з собою",
}
