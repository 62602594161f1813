package main

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
)

// draftCall finds the draft among calls: the message with a WhatsApp button.
func draftCall(t *testing.T, calls ...telegramtest.Call) telegramtest.Call {
	t.Helper()
	for _, c := range calls {
		for _, row := range c.InlineKeyboard() {
			for _, b := range row {
				if strings.HasPrefix(b.URL, "https://wa.me/") {
					return c
				}
			}
		}
	}
	t.Fatalf("no draft among %v", calls)
	return telegramtest.Call{}
}

func waText(t *testing.T, c telegramtest.Call) string {
	t.Helper()
	for _, row := range c.InlineKeyboard() {
		for _, b := range row {
			if b.URL != "" {
				u, err := url.Parse(b.URL)
				if err != nil {
					t.Fatal(err)
				}
				return u.Query().Get("text")
			}
		}
	}
	return ""
}

func TestAskConversation(t *testing.T) {
	e := setupE2E(t)
	const parent = 3001

	// Dutch, u-form, with a typed name.
	e.tg.SendCommand(parent, "nl", "/start")
	e.tg.Next(t, parent)
	menu := e.expectMenu(t, parent, "nl")
	e.tg.Click(t, menu, e.loc.T("nl", "menu_ask"))
	q := e.expectText(t, parent, "nl", "ask_need")
	e.tg.Click(t, q, e.loc.T("nl", "need_babysit"))
	e.expectText(t, parent, "nl", "ask_whom")
	e.tg.SendText(parent, "nl", "Sanne")
	q = e.expectText(t, parent, "nl", "ask_when")
	e.tg.Click(t, q, e.loc.T("nl", "when_tomorrow"))
	q = e.expectText(t, parent, "nl", "ask_offer")
	e.tg.Click(t, q, e.loc.T("nl", "offer_cook"))
	q = e.expectText(t, parent, "nl", "ask_lang")
	e.tg.Click(t, q, e.loc.T("nl", "msg_lang_nl"))
	q = e.expectText(t, parent, "nl", "ask_register")
	e.tg.Click(t, q, e.loc.T("nl", "register_nl_u"))
	e.expectText(t, parent, "nl", "ask_draft_intro")
	d := draftCall(t, e.tg.Next(t, parent))
	for _, want := range []string{"Sanne", "morgen", "oppassen"} {
		if !strings.Contains(d.Text(), want) {
			t.Errorf("draft lacks %q:\n%s", want, d.Text())
		}
	}
	if got := waText(t, d); got != d.Text() {
		t.Errorf("WhatsApp text %q is not the draft %q", got, d.Text())
	}

	// Other wording edits the draft; changing a part comes back to it.
	e.tg.Click(t, d, e.loc.T("nl", "draft_alt"))
	alt := e.tg.Next(t, parent)
	if alt.Method != "editMessageText" || alt.MessageID() != d.MessageID() || alt.Text() == d.Text() {
		t.Errorf("other wording: got %s of %d: %q", alt.Method, alt.MessageID(), alt.Text())
	}
	e.tg.Click(t, alt, e.loc.T("nl", "draft_edit"))
	parts := e.expectText(t, parent, "nl", "ask_edit_prompt")
	e.tg.Click(t, parts, e.loc.T("nl", "edit_when"))
	q = e.expectText(t, parent, "nl", "ask_when")
	e.tg.Click(t, q, e.loc.T("nl", "when_today"))
	e.expectText(t, parent, "nl", "ask_draft_intro")
	d = draftCall(t, e.tg.Next(t, parent))
	if !strings.Contains(d.Text(), "vandaag") {
		t.Errorf("after changing when: %q", d.Text())
	}

	// Share in Telegram: the draft alone, for forwarding.
	e.tg.Click(t, d, e.loc.T("nl", "draft_share"))
	if c := e.tg.Next(t, parent); c.Text() != d.Text() || len(c.InlineKeyboard()) != 0 {
		t.Errorf("shared draft: got=%q", c.Text())
	}
	e.expectText(t, parent, "nl", "ask_share_tip")

	// Done: the name is gone from the session row.
	e.tg.Click(t, d, e.loc.T("nl", "draft_done"))
	e.tg.Next(t, parent)
	e.expectText(t, parent, "nl", "ask_done")
	e.expectMenu(t, parent, "nl")
	if s := e.session(t, parent); s.Ask != nil {
		t.Errorf("session still holds the draft after done: %+v", s.Ask)
	}

	// English, a free-text need with emoji, RTL and markdown-like characters.
	e.tg.SendCommand(parent, "en", "/taal")
	q = e.tg.Next(t, parent)
	e.tg.Click(t, q, e.loc.T("nl", "lang_en"))
	e.tg.Next(t, parent)
	e.tg.Next(t, parent)
	e.tg.SendCommand(parent, "en", "/vraag")
	q = e.expectText(t, parent, "en", "ask_need")
	e.tg.Click(t, q, e.loc.T("en", "need_other"))
	e.expectText(t, parent, "en", "ask_need_text")
	need := "*fix* the _pram_ [wheel](x) 🛠️ عجلة"
	e.tg.SendText(parent, "en", need)
	q = e.expectText(t, parent, "en", "ask_whom")
	e.tg.Click(t, q, e.loc.T("en", "whom_neighbour"))
	q = e.expectText(t, parent, "en", "ask_when")
	e.tg.Click(t, q, e.loc.T("en", "when_flexible"))
	q = e.expectText(t, parent, "en", "ask_offer")
	e.tg.Click(t, q, e.loc.T("en", "offer_skip"))
	q = e.expectText(t, parent, "en", "ask_lang")
	e.tg.Click(t, q, e.loc.T("en", "msg_lang_en"))
	e.expectText(t, parent, "en", "ask_draft_intro")
	d = draftCall(t, e.tg.Next(t, parent))
	if !strings.Contains(d.Text(), "*fix* the _pram_ [wheel](x) 🛠️") || d.Params["parse_mode"] != "" {
		t.Errorf("free text not sent as plain text: parse_mode=%q text=%q", d.Params["parse_mode"], d.Text())
	}

	// Nobody to ask: warm, and it leads to meetups and volunteers.
	e.tg.SendCommand(parent, "en", "/vraag")
	q = e.expectText(t, parent, "en", "ask_need")
	e.tg.Click(t, q, e.loc.T("en", "need_talk"))
	q = e.expectText(t, parent, "en", "ask_whom")
	e.tg.Click(t, q, e.loc.T("en", "whom_nobody"))
	nb := e.expectText(t, parent, "en", "ask_nobody")
	for _, label := range []string{"nobody_meet", "nobody_volunteer", "nobody_write"} {
		if _, ok := nb.FindButton(e.loc.T("en", label)); !ok {
			t.Errorf("nobody message lacks %s", label)
		}
	}
	e.tg.Click(t, nb, e.loc.T("en", "nobody_volunteer"))
	e.expectText(t, parent, "en", "find_where")

	// Nothing in the whole flow went to anyone but the parent.
	for _, c := range e.tg.Calls() {
		if id, ok := c.Params["chat_id"]; ok && id != strconv.Itoa(parent) {
			t.Errorf("%s went to chat %s, not the parent's", c.Method, id)
		}
	}
}
