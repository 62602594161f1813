package bot

import (
	"regexp"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// allowedUpdates are the kinds of update the bot asks Telegram for, in
// both modes: edited messages too, only for the safety check.
var allowedUpdates = []string{"message", "edited_message", "callback_query"}

// commandRe matches "/name" or "/name@botname" at the start of a text.
var commandRe = regexp.MustCompile(`^/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+|$)`)

// parseText turns typed text into a command input or a text input. It
// parses the text itself instead of trusting entities, so a command typed
// in a terminal and one sent through Telegram are read the same way.
func parseText(text, lang string) dialog.Input {
	if m := commandRe.FindStringSubmatchIndex(text); m != nil {
		return dialog.Input{
			Kind:    dialog.InputCommand,
			Command: strings.ToLower(text[m[2]:m[3]]),
			Payload: strings.TrimSpace(text[m[1]:]),
			Lang:    lang,
		}
	}
	return dialog.Input{Kind: dialog.InputText, Text: text, Lang: lang}
}

// updateKind names an update for metrics: which kind of input it became,
// or "ignored".
func updateKind(in dialog.Input, ok bool) string {
	if !ok {
		return "ignored"
	}
	if in.Edited {
		return "edited"
	}
	switch in.Kind {
	case dialog.InputText:
		return "text"
	case dialog.InputCommand:
		return "command"
	case dialog.InputButton:
		return "button"
	case dialog.InputLocation:
		return "location"
	default:
		return "other"
	}
}

// toInput reads a Telegram update. ok is false for updates the bot does
// not answer: anything outside a private chat, edits without words (a live
// location moving), and kinds of update it did not ask for.
func toInput(u tgbotapi.Update) (chatID int64, in dialog.Input, ok bool) {
	chatID, in, ok = updateInput(u)
	// The engine applies each update once (dialog.Session.Applied).
	in.UpdateID = int64(u.UpdateID)
	return chatID, in, ok
}

func updateInput(u tgbotapi.Update) (chatID int64, in dialog.Input, ok bool) {
	switch {
	case u.Message != nil:
		return messageInput(u.Message, false)
	case u.EditedMessage != nil:
		// Edits are asked for only so a cry for help typed into an old
		// message is not missed; the engine reads nothing else in them.
		return messageInput(u.EditedMessage, true)
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		if q.Message == nil || q.Message.Chat == nil || !q.Message.Chat.IsPrivate() || q.From == nil {
			return 0, in, false
		}
		return q.Message.Chat.ID, dialog.Input{
			Kind: dialog.InputButton, Data: q.Data, MessageID: q.Message.MessageID, Lang: q.From.LanguageCode,
		}, true
	}
	return 0, in, false
}

// messageInput reads a message, or an edit of one. A photo, video or file
// becomes InputOther with its caption as the text, so the words under it
// pass the safety check too.
func messageInput(m *tgbotapi.Message, edited bool) (chatID int64, in dialog.Input, ok bool) {
	if m.Chat == nil || !m.Chat.IsPrivate() {
		return 0, in, false
	}
	lang := ""
	if m.From != nil {
		lang = m.From.LanguageCode
	}
	switch {
	case edited && m.Text == "" && m.Caption == "":
		return 0, in, false
	case m.Location != nil:
		in = dialog.Input{Kind: dialog.InputLocation, Lang: lang,
			Location: &meetups.Point{Lat: m.Location.Latitude, Lon: m.Location.Longitude}}
	case m.Text != "":
		in = parseText(m.Text, lang)
	default:
		in = dialog.Input{Kind: dialog.InputOther, Text: m.Caption, Lang: lang}
	}
	in.Edited = edited
	return m.Chat.ID, in, true
}

// chatOf is the chat an update belongs to, for keeping one chat's updates
// in order; 0 when it has none.
//
// Not tgbotapi's Update.FromChat: it reads CallbackQuery.Message.Chat
// without looking whether Message is there, and Telegram sends a callback
// query without a message for a button on an inline-mode message. One
// such update panicked in the poll loop, took the bot down, and came back
// after every restart.
func chatOf(u tgbotapi.Update) int64 {
	var m *tgbotapi.Message
	switch {
	case u.Message != nil:
		m = u.Message
	case u.EditedMessage != nil:
		m = u.EditedMessage
	case u.ChannelPost != nil:
		m = u.ChannelPost
	case u.EditedChannelPost != nil:
		m = u.EditedChannelPost
	case u.CallbackQuery != nil:
		m = u.CallbackQuery.Message
	}
	if m == nil || m.Chat == nil {
		return 0
	}
	return m.Chat.ID
}
