package telegramtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Call is one request the bot made. Calls are recorded in arrival order and
// must be treated as read-only (the maps are shared).
type Call struct {
	Method    string            // method name as sent, e.g. "sendMessage"
	Params    map[string]string // parameters; JSON-valued ones (reply_markup, commands) undecoded
	Files     map[string][]byte // uploaded multipart files by field name, e.g. "document"
	FileNames map[string]string // the uploaded files' names by field name
	Time      time.Time         // when the request arrived

	OK      bool              // the server answered {"ok":true}
	Error   string            // the error description when !OK
	Fault   *Fault            // the injected fault, if any (may be a Delay only)
	Message *tgbotapi.Message // the message returned to the bot (sends and edits)
}

// Button is an inline keyboard button decoded from reply_markup.
type Button struct {
	Text                         string
	CallbackData                 string
	URL                          string
	SwitchInlineQuery            string
	SwitchInlineQueryCurrentChat string
}

// KeyboardButton is a reply keyboard button decoded from reply_markup.
type KeyboardButton struct {
	Text            string
	RequestLocation bool
	RequestContact  bool
}

// ChatID is the chat_id parameter, or 0 if absent or a "@channel" name.
func (c Call) ChatID() int64 {
	id, _ := strconv.ParseInt(c.Params["chat_id"], 10, 64)
	return id
}

// Text is the text parameter, or the caption for media.
func (c Call) Text() string {
	if t, ok := c.Params["text"]; ok {
		return t
	}
	return c.Params["caption"]
}

// MessageID is the message_id parameter (the message an edit or delete
// targets); for sends it is the id of the message the server created.
func (c Call) MessageID() int {
	if id, err := strconv.Atoi(c.Params["message_id"]); err == nil {
		return id
	}
	if c.Message != nil {
		return c.Message.MessageID
	}
	return 0
}

// InlineKeyboard decodes an inline keyboard from reply_markup, or nil.
func (c Call) InlineKeyboard() [][]Button {
	m, _ := parseMarkup(c.Params["reply_markup"])
	if m == nil || m.InlineKeyboard == nil {
		return nil
	}
	rows := make([][]Button, len(m.InlineKeyboard))
	for i, row := range m.InlineKeyboard {
		for _, b := range row {
			rows[i] = append(rows[i], Button{
				Text:                         b.Text,
				CallbackData:                 deref(b.CallbackData),
				URL:                          deref(b.URL),
				SwitchInlineQuery:            deref(b.SwitchInlineQuery),
				SwitchInlineQueryCurrentChat: deref(b.SwitchInlineQueryCurrentChat),
			})
		}
	}
	return rows
}

// FindButton returns the inline button labelled text.
func (c Call) FindButton(text string) (Button, bool) {
	for _, row := range c.InlineKeyboard() {
		for _, b := range row {
			if b.Text == text {
				return b, true
			}
		}
	}
	return Button{}, false
}

// ReplyKeyboard decodes a reply (custom) keyboard from reply_markup, or nil.
func (c Call) ReplyKeyboard() [][]KeyboardButton {
	m, _ := parseMarkup(c.Params["reply_markup"])
	if m == nil || m.Keyboard == nil {
		return nil
	}
	rows := make([][]KeyboardButton, len(m.Keyboard))
	for i, row := range m.Keyboard {
		for _, b := range row {
			rows[i] = append(rows[i], KeyboardButton{
				Text:            b.Text,
				RequestLocation: b.RequestLocation,
				RequestContact:  b.RequestContact,
			})
		}
	}
	return rows
}

// RemovesKeyboard reports whether reply_markup removes the reply keyboard.
func (c Call) RemovesKeyboard() bool {
	m, _ := parseMarkup(c.Params["reply_markup"])
	return m != nil && m.RemoveKeyboard
}

// Commands decodes the commands of a setMyCommands call.
func (c Call) Commands() []tgbotapi.BotCommand {
	var cmds []tgbotapi.BotCommand
	_ = json.Unmarshal([]byte(c.Params["commands"]), &cmds)
	return cmds
}

// Scope decodes the scope of a setMyCommands (or get/deleteMyCommands) call;
// Telegram's default scope if absent.
func (c Call) Scope() tgbotapi.BotCommandScope {
	scope := tgbotapi.BotCommandScope{Type: "default"}
	if raw := c.Params["scope"]; raw != "" {
		_ = json.Unmarshal([]byte(raw), &scope)
	}
	return scope
}

// LanguageCode is the language_code parameter (setMyCommands).
func (c Call) LanguageCode() string { return c.Params["language_code"] }

// Visible reports whether the method changes what a user sees in a chat:
// send* (except sendChatAction), edit*, copy/forward and deleteMessage.
func (c Call) Visible() bool {
	m := strings.ToLower(c.Method)
	switch {
	case m == "sendchataction":
		return false
	case strings.HasPrefix(m, "send"), strings.HasPrefix(m, "editmessage"):
		return true
	}
	return m == "deletemessage" || m == "copymessage" || m == "forwardmessage"
}

// String summarises the call for failure messages and logs.
func (c Call) String() string {
	var b strings.Builder
	b.WriteString(c.Method)
	if id, ok := c.Params["chat_id"]; ok {
		fmt.Fprintf(&b, " chat=%s", id)
	}
	if id := c.MessageID(); id != 0 {
		fmt.Fprintf(&b, " msg=%d", id)
	}
	if t := c.Text(); t != "" {
		if r := []rune(t); len(r) > 300 {
			t = string(r[:300]) + "…"
		}
		fmt.Fprintf(&b, " text=%q", t)
	}
	for field, data := range c.Files {
		fmt.Fprintf(&b, " %s=%q(%d bytes)", field, c.FileNames[field], len(data))
	}
	if kb := c.InlineKeyboard(); kb != nil {
		b.WriteString(" inline=[")
		for i, row := range kb {
			if i > 0 {
				b.WriteString(" | ")
			}
			for j, btn := range row {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q", btn.Text)
				if btn.CallbackData != "" {
					b.WriteString("→" + btn.CallbackData)
				} else if btn.URL != "" {
					b.WriteString("→" + btn.URL)
				}
			}
		}
		b.WriteString("]")
	}
	if kb := c.ReplyKeyboard(); kb != nil {
		b.WriteString(" keyboard=[")
		for i, row := range kb {
			if i > 0 {
				b.WriteString(" | ")
			}
			for j, btn := range row {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q", btn.Text)
				if btn.RequestLocation {
					b.WriteString("(location)")
				}
			}
		}
		b.WriteString("]")
	}
	if c.RemovesKeyboard() {
		b.WriteString(" remove_keyboard")
	}
	if strings.EqualFold(c.Method, "getUpdates") {
		for _, p := range []string{"offset", "limit", "timeout"} {
			if v, ok := c.Params[p]; ok {
				fmt.Fprintf(&b, " %s=%s", p, v)
			}
		}
	}
	if !c.OK {
		fmt.Fprintf(&b, " FAILED(%s)", c.Error)
	}
	return b.String()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// markup is any of Telegram's reply_markup objects.
type markup struct {
	InlineKeyboard [][]tgbotapi.InlineKeyboardButton `json:"inline_keyboard"`
	Keyboard       [][]tgbotapi.KeyboardButton       `json:"keyboard"`
	RemoveKeyboard bool                              `json:"remove_keyboard"`
	ForceReply     bool                              `json:"force_reply"`
}

// parseMarkup decodes reply_markup; nil, nil if it is empty.
func parseMarkup(raw string) (*markup, error) {
	if raw == "" || raw == "null" {
		return nil, nil
	}
	var m markup
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, err
	}
	return &m, nil
}
