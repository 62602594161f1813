package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/safety"
)

// TestSafetyConversations drives the whole program through the fake Bot
// API: a message of each category gets that category's answer on the
// menu, mid-search, mid-help-request, as a photo's caption and as an edit
// of an earlier message; the button under it goes back to the open
// question. The 🆘 menu entry shows every line. /metrics counts the
// answers by category; the logs never hold the words.
func TestSafetyConversations(t *testing.T) {
	e := setupE2E(t)
	messages := []struct {
		cat, text, number string
	}{
		{"medical", "mijn dochter ademt niet en is helemaal blauw", "112"},
		{"suicide", "ik zie het niet meer zitten, iedereen is beter af zonder mij", "0800-0113"},
		{"child", "ik ben zo bang dat ik mijn baby iets aandoe als hij weer huilt", "0800-0432"},
		{"violence", "mijn ex bedreigt me en de kinderen", "0800-2000"},
		{"need", "we hebben geen eten meer en geen geld voor luiers", "voedselbank"},
	}
	for i, m := range messages {
		parent := int64(2001 + i)
		t.Run(m.cat, func(t *testing.T) {
			// answer takes the safety answer, checks it, and presses its
			// button back; then the open question must come again.
			answer := func(where string, back func()) {
				t.Helper()
				c := e.tg.Next(t, parent)
				if !strings.Contains(c.Text(), e.loc.T("nl", "safety_"+m.cat)) || !strings.Contains(c.Text(), m.number) ||
					!strings.Contains(c.Text(), e.loc.T("nl", "safety_outro")) {
					t.Fatalf("%s: got %q, want the %s answer", where, c.Text(), m.cat)
				}
				if _, ok := c.FindButton(e.loc.T("nl", "safety_more")); !ok {
					t.Errorf("%s: no button to every help line", where)
				}
				e.tg.Click(t, c, e.loc.T("nl", "safety_back"))
				back()
			}
			// On the menu.
			e.tg.SendCommand(parent, "nl", "/start")
			e.tg.Next(t, parent)
			e.expectMenu(t, parent, "nl")
			e.tg.SendText(parent, "nl", m.text)
			answer("menu", func() { e.expectMenu(t, parent, "nl") })

			// Mid-search, asked where.
			e.tg.SendCommand(parent, "nl", "/zoek")
			e.expectText(t, parent, "nl", "find_where")
			e.tg.SendText(parent, "nl", m.text)
			answer("search", func() { e.expectText(t, parent, "nl", "find_where") })

			// Mid-help-request, asked what for: the text would have become
			// the request.
			e.tg.SendCommand(parent, "nl", "/vraag")
			q := e.expectText(t, parent, "nl", "ask_need")
			e.tg.Click(t, q, e.loc.T("nl", "need_other"))
			e.expectText(t, parent, "nl", "ask_need_text")
			e.tg.SendText(parent, "nl", m.text)
			answer("ask", func() { e.expectText(t, parent, "nl", "ask_need_text") })
			if a := e.session(t, parent).Ask; a == nil || a.NeedText != "" {
				t.Errorf("the words became the request: %+v", a)
			}

			// As a caption under a photo.
			e.tg.SendPhotoCaption(parent, "nl", m.text)
			answer("caption", func() { e.expectText(t, parent, "nl", "ask_need_text") })

			// As an edit of an earlier message. An edit without danger
			// says nothing.
			edit := e.tg.EditText(parent, "nl", 1, "Utrecht")
			e.tg.WaitConsumed(t, edit)
			e.tg.EditText(parent, "nl", 1, m.text)
			answer("edit", func() { e.expectText(t, parent, "nl", "ask_need_text") })

			// The help request goes on where it was.
			e.tg.SendText(parent, "nl", "de kast in elkaar zetten")
			e.expectText(t, parent, "nl", "ask_whom")
		})
	}

	// The 🆘 entry of the menu: every line, and back.
	const parent = 2100
	e.tg.SendCommand(parent, "en", "/start")
	e.tg.Next(t, parent)
	menu := e.expectMenu(t, parent, "en")
	e.tg.Click(t, menu, e.loc.T("en", "menu_urgent"))
	help := e.tg.Next(t, parent)
	if help.Method != "editMessageText" || !strings.HasPrefix(help.Text(), e.loc.T("en", "safety_all")) {
		t.Fatalf("🆘: got %s %q", help.Method, help.Text())
	}
	if b, ok := help.FindButton(e.loc.T("en", "safety_chat_113")); !ok || b.URL == "" {
		t.Errorf("🆘: no chat button for 113: %+v", help.InlineKeyboard())
	}
	e.tg.Click(t, help, e.loc.T("en", "safety_back"))
	e.expectMenu(t, parent, "en")
	// /urgent too, and the fallback under text the bot does not get.
	e.tg.SendCommand(parent, "en", "/urgent")
	if c := e.tg.Next(t, parent); !strings.HasPrefix(c.Text(), e.loc.T("en", "safety_all")) {
		t.Errorf("/urgent: got %q", c.Text())
	}
	e.tg.SendText(parent, "en", "qwerty")
	if c := e.expectText(t, parent, "en", "hint_unknown"); !hasButton(c, e.loc.T("en", "menu_urgent")) {
		t.Errorf("fallback without the 🆘 button: %+v", c.InlineKeyboard())
	}

	// Each message was answered in five places (menu, search, ask,
	// caption, edit), and counted there for each category it fits (the
	// violence message names the children too).
	want := map[safety.Category]int{}
	for _, m := range messages {
		for _, c := range safety.MustNew().Check(m.text) {
			want[c] += 5
		}
	}
	metrics := httpGet(t, "http://"+e.main.HTTPAddr()+"/metrics")
	for _, c := range safety.Categories {
		if line := fmt.Sprintf(`ouderkring_safety_answers_total{category=%q} %d`, c, want[c]); want[c] < 5 || !strings.Contains(metrics, line) {
			t.Errorf("/metrics lacks %s:\n%s", line, grepLines(metrics, "ouderkring_safety_answers_total"))
		}
	}
	for _, line := range []string{`ouderkring_safety_answers_total{category="asked"} 2`, `ouderkring_updates_total{type="edited"}`} {
		if !strings.Contains(metrics, line) {
			t.Errorf("/metrics lacks %s", line)
		}
	}
	logs := e.logs.String()
	for _, m := range messages {
		if strings.Contains(logs, m.text) {
			t.Errorf("the logs hold a parent's words: %q", m.text)
		}
	}
}

func hasButton(c telegramtest.Call, label string) bool {
	_, ok := c.FindButton(label)
	return ok
}

// grepLines is the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
