package telegramtest

import (
	"strconv"
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Telegram's limits, counted in UTF-16 code units like Telegram does.
const (
	maxTextLen         = 4096
	maxCaptionLen      = 1024
	maxCallbackDataLen = 64 // bytes
)

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func checkText(text string) *apiError {
	if strings.TrimSpace(text) == "" {
		return badRequest("message text is empty")
	}
	if utf16Len(text) > maxTextLen {
		return badRequest("message is too long")
	}
	return nil
}

func checkCaption(caption string) *apiError {
	if utf16Len(caption) > maxCaptionLen {
		return badRequest("message caption is too long")
	}
	return nil
}

// targetChat resolves chat_id the way the bot's messages will show it.
func (s *Server) targetChat(c *Call) (*tgbotapi.Chat, *apiError) {
	raw := c.Params["chat_id"]
	switch {
	case raw == "":
		return nil, badRequest("chat_id is empty")
	case strings.HasPrefix(raw, "@"):
		return &tgbotapi.Chat{Type: "channel", UserName: raw[1:]}, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id == 0 {
		return nil, badRequest("chat not found")
	}
	return chatFor(id), nil
}

// chatFor describes a chat: private for positive ids (the user's own id),
// a group or supergroup ("-100…") for negative ones.
func chatFor(id int64) *tgbotapi.Chat {
	if id > 0 {
		u := userFor(id, "")
		return &tgbotapi.Chat{ID: id, Type: "private", UserName: u.UserName, FirstName: u.FirstName, LastName: u.LastName}
	}
	if strings.HasPrefix(strconv.FormatInt(id, 10), "-100") {
		return &tgbotapi.Chat{ID: id, Type: "supergroup", Title: "Test group " + strconv.FormatInt(-id, 10)}
	}
	return &tgbotapi.Chat{ID: id, Type: "group", Title: "Test group " + strconv.FormatInt(-id, 10)}
}

// userFor is the simulated user behind a private chat.
func userFor(id int64, lang string) *tgbotapi.User {
	return &tgbotapi.User{
		ID:           id,
		FirstName:    "Test",
		LastName:     "User" + strconv.FormatInt(id, 10),
		UserName:     "user" + strconv.FormatInt(id, 10),
		LanguageCode: lang,
	}
}

// parseMarkupParam decodes and checks reply_markup like Telegram does.
func parseMarkupParam(c *Call) (*markup, *apiError) {
	m, err := parseMarkup(c.Params["reply_markup"])
	if err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	if m == nil {
		return nil, nil
	}
	for _, row := range m.InlineKeyboard {
		for _, b := range row {
			if b.Text == "" {
				return nil, badRequest("can't parse inline keyboard button: Text must be non-empty")
			}
			if b.CallbackData == nil && b.URL == nil && b.LoginURL == nil &&
				b.SwitchInlineQuery == nil && b.SwitchInlineQueryCurrentChat == nil &&
				b.CallbackGame == nil && !b.Pay {
				return nil, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			if b.CallbackData != nil && (*b.CallbackData == "" || len(*b.CallbackData) > maxCallbackDataLen) {
				return nil, badRequest("BUTTON_DATA_INVALID")
			}
		}
	}
	for _, row := range m.Keyboard {
		for _, b := range row {
			if b.Text == "" {
				return nil, badRequest("can't parse keyboard button: Text must be non-empty")
			}
		}
	}
	return m, nil
}

// parseLocation reads latitude/longitude parameters.
func parseLocation(c *Call) (tgbotapi.Location, *apiError) {
	lat, errLat := strconv.ParseFloat(c.Params["latitude"], 64)
	lon, errLon := strconv.ParseFloat(c.Params["longitude"], 64)
	if errLat != nil || errLon != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return tgbotapi.Location{}, badRequest("wrong latitude or longitude")
	}
	return tgbotapi.Location{Latitude: lat, Longitude: lon}, nil
}

// validCommand reports whether name is a valid bot command (without "/"):
// 1-32 lower-case letters, digits and underscores.
func validCommand(name string) bool {
	if len(name) < 1 || len(name) > 32 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// commandEntity returns the bot_command entity Telegram attaches to text
// starting with "/command" or "/command@botname", if any.
func commandEntity(text string) (tgbotapi.MessageEntity, bool) {
	if !strings.HasPrefix(text, "/") {
		return tgbotapi.MessageEntity{}, false
	}
	word := func(from int) int {
		i := from
		for i < len(text) && isCommandChar(text[i]) {
			i++
		}
		return i
	}
	end := word(1)
	if end == 1 {
		return tgbotapi.MessageEntity{}, false
	}
	if end < len(text) && text[end] == '@' {
		if at := word(end + 1); at > end+1 {
			end = at
		}
	}
	return tgbotapi.MessageEntity{Type: "bot_command", Offset: 0, Length: end}, true
}

func isCommandChar(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}
