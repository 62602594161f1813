package telegramtest

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// handler answers one method. Handlers run with s.mu held and must not block;
// they may set c.Message. getUpdates, which blocks, is served separately.
type handler func(s *Server, c *Call) (any, *apiError)

// handlers maps lower-case method names (Telegram's are case-insensitive).
// Methods not listed answer {"ok":true,"result":true}.
var handlers = map[string]handler{
	"getme":                  func(s *Server, _ *Call) (any, *apiError) { return s.bot, nil },
	"getwebhookinfo":         (*Server).getWebhookInfo,
	"setmycommands":          (*Server).setMyCommands,
	"getmycommands":          (*Server).getMyCommands,
	"deletemycommands":       (*Server).deleteMyCommands,
	"sendmessage":            (*Server).sendMessage,
	"editmessagetext":        (*Server).editMessageText,
	"editmessagecaption":     (*Server).editMessageCaption,
	"editmessagereplymarkup": (*Server).editMessageReplyMarkup,
	"deletemessage":          (*Server).deleteMessage,
	"answercallbackquery":    (*Server).answerCallbackQuery,
	"sendvenue":              (*Server).sendVenue,
	"sendlocation":           (*Server).sendLocation,
	"senddocument":           (*Server).sendDocument,
	"sendphoto":              (*Server).sendPhoto,
	"sendchataction":         (*Server).sendChatAction,
}

func (s *Server) handleLocked(c *Call) (any, *apiError) {
	if h, ok := handlers[strings.ToLower(c.Method)]; ok {
		return h(s, c)
	}
	return true, nil // deleteWebhook, setWebhook, and anything else
}

func (s *Server) getWebhookInfo(_ *Call) (any, *apiError) {
	return tgbotapi.WebhookInfo{PendingUpdateCount: len(s.queue)}, nil
}

// CommandSet is the command list set for one scope and language.
type CommandSet struct {
	Scope        tgbotapi.BotCommandScope
	LanguageCode string
	Commands     []tgbotapi.BotCommand
}

func (s *Server) commandIndexLocked(scope tgbotapi.BotCommandScope, lang string) int {
	for i, set := range s.commands {
		if set.Scope == scope && set.LanguageCode == lang {
			return i
		}
	}
	return -1
}

func (s *Server) setMyCommands(c *Call) (any, *apiError) {
	var cmds []tgbotapi.BotCommand
	if err := json.Unmarshal([]byte(c.Params["commands"]), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands")
	}
	for _, cmd := range cmds {
		if !validCommand(cmd.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := len([]rune(cmd.Description)); n < 1 || n > 256 {
			return nil, badRequest("command description is empty or too long")
		}
	}
	set := CommandSet{Scope: c.Scope(), LanguageCode: c.LanguageCode(), Commands: cmds}
	if i := s.commandIndexLocked(set.Scope, set.LanguageCode); i >= 0 {
		s.commands[i] = set
	} else {
		s.commands = append(s.commands, set)
	}
	return true, nil
}

func (s *Server) getMyCommands(c *Call) (any, *apiError) {
	if i := s.commandIndexLocked(c.Scope(), c.LanguageCode()); i >= 0 {
		return s.commands[i].Commands, nil
	}
	return []tgbotapi.BotCommand{}, nil
}

func (s *Server) deleteMyCommands(c *Call) (any, *apiError) {
	if i := s.commandIndexLocked(c.Scope(), c.LanguageCode()); i >= 0 {
		s.commands = append(s.commands[:i:i], s.commands[i+1:]...)
	}
	return true, nil
}

// Commands returns the commands last set with setMyCommands for a scope
// (e.g. tgbotapi.NewBotCommandScopeDefault()) and language code ("" for all).
func (s *Server) Commands(scope tgbotapi.BotCommandScope, lang string) ([]tgbotapi.BotCommand, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := s.commandIndexLocked(scope, lang); i >= 0 {
		return s.commands[i].Commands, true
	}
	return nil, false
}

// CommandSets returns all command lists currently set, in first-set order.
func (s *Server) CommandSets() []CommandSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CommandSet(nil), s.commands...)
}

// newBotMessageLocked creates the message a send* call produces.
func (s *Server) newBotMessageLocked(c *Call) (tgbotapi.Message, *apiError) {
	chat, apiErr := s.targetChat(c)
	if apiErr != nil {
		return tgbotapi.Message{}, apiErr
	}
	m, apiErr := parseMarkupParam(c)
	if apiErr != nil {
		return tgbotapi.Message{}, apiErr
	}
	s.lastMessage++
	bot := s.bot
	msg := tgbotapi.Message{
		MessageID: s.lastMessage,
		From:      &bot,
		Date:      int(time.Now().Unix()),
		Chat:      chat,
	}
	if m != nil && m.InlineKeyboard != nil {
		msg.ReplyMarkup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: m.InlineKeyboard}
	}
	return msg, nil
}

// storeLocked remembers a sent or edited message and returns it to the bot.
func (s *Server) storeLocked(c *Call, msg tgbotapi.Message) (any, *apiError) {
	s.messages[msg.MessageID] = msg
	c.Message = &msg
	return msg, nil
}

func (s *Server) sendMessage(c *Call) (any, *apiError) {
	if apiErr := checkText(c.Params["text"]); apiErr != nil {
		return nil, apiErr
	}
	msg, apiErr := s.newBotMessageLocked(c)
	if apiErr != nil {
		return nil, apiErr
	}
	msg.Text = c.Params["text"]
	return s.storeLocked(c, msg)
}

// editLocked applies an edit to a message the bot sent earlier. Messages the
// server does not know (e.g. ids a test made up) are edited leniently.
func (s *Server) editLocked(c *Call, edit func(*tgbotapi.Message)) (any, *apiError) {
	if c.Params["inline_message_id"] != "" {
		return true, nil
	}
	chat, apiErr := s.targetChat(c)
	if apiErr != nil {
		return nil, apiErr
	}
	id, err := strconv.Atoi(c.Params["message_id"])
	if err != nil || id <= 0 {
		return nil, badRequest("message identifier is not specified")
	}
	m, apiErr := parseMarkupParam(c)
	if apiErr != nil {
		return nil, apiErr
	}
	old, known := s.messages[id]
	if known && old.Chat != nil && old.Chat.ID != chat.ID {
		return nil, badRequest("message to edit not found")
	}
	if !known {
		bot := s.bot
		old = tgbotapi.Message{MessageID: id, From: &bot, Date: int(time.Now().Unix()), Chat: chat}
	}
	msg := old
	msg.ReplyMarkup = nil // Telegram drops the inline keyboard unless it is sent again
	if m != nil && m.InlineKeyboard != nil {
		msg.ReplyMarkup = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: m.InlineKeyboard}
	}
	edit(&msg)
	if known && sameContent(old, msg) {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	msg.EditDate = int(time.Now().Unix())
	return s.storeLocked(c, msg)
}

func sameContent(a, b tgbotapi.Message) bool {
	ja, _ := json.Marshal(a.ReplyMarkup)
	jb, _ := json.Marshal(b.ReplyMarkup)
	return a.Text == b.Text && a.Caption == b.Caption && string(ja) == string(jb)
}

func (s *Server) editMessageText(c *Call) (any, *apiError) {
	text := c.Params["text"]
	if apiErr := checkText(text); apiErr != nil {
		return nil, apiErr
	}
	return s.editLocked(c, func(m *tgbotapi.Message) { m.Text = text })
}

func (s *Server) editMessageCaption(c *Call) (any, *apiError) {
	caption := c.Params["caption"]
	if apiErr := checkCaption(caption); apiErr != nil {
		return nil, apiErr
	}
	return s.editLocked(c, func(m *tgbotapi.Message) { m.Caption = caption })
}

func (s *Server) editMessageReplyMarkup(c *Call) (any, *apiError) {
	return s.editLocked(c, func(*tgbotapi.Message) {})
}

func (s *Server) deleteMessage(c *Call) (any, *apiError) {
	chat, apiErr := s.targetChat(c)
	if apiErr != nil {
		return nil, apiErr
	}
	id, _ := strconv.Atoi(c.Params["message_id"])
	if old, known := s.messages[id]; known && old.Chat != nil && old.Chat.ID != chat.ID {
		return nil, badRequest("message to delete not found")
	}
	delete(s.messages, id)
	return true, nil
}

func (s *Server) answerCallbackQuery(c *Call) (any, *apiError) {
	if !s.callbacks[c.Params["callback_query_id"]] {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	if len([]rune(c.Params["text"])) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	return true, nil
}

func (s *Server) sendVenue(c *Call) (any, *apiError) {
	loc, apiErr := parseLocation(c)
	if apiErr != nil {
		return nil, apiErr
	}
	if c.Params["title"] == "" || c.Params["address"] == "" {
		return nil, badRequest("venue title and address must be non-empty")
	}
	msg, apiErr := s.newBotMessageLocked(c)
	if apiErr != nil {
		return nil, apiErr
	}
	msg.Location = &loc
	msg.Venue = &tgbotapi.Venue{Location: loc, Title: c.Params["title"], Address: c.Params["address"]}
	return s.storeLocked(c, msg)
}

func (s *Server) sendLocation(c *Call) (any, *apiError) {
	loc, apiErr := parseLocation(c)
	if apiErr != nil {
		return nil, apiErr
	}
	msg, apiErr := s.newBotMessageLocked(c)
	if apiErr != nil {
		return nil, apiErr
	}
	msg.Location = &loc
	return s.storeLocked(c, msg)
}

// sendFileLocked creates a media message; field is "document" or "photo".
func (s *Server) sendFileLocked(c *Call, field string) (tgbotapi.Message, string, *apiError) {
	_, uploaded := c.Files[field]
	if !uploaded && c.Params[field] == "" {
		return tgbotapi.Message{}, "", badRequest("there is no %s in the request", field)
	}
	if apiErr := checkCaption(c.Params["caption"]); apiErr != nil {
		return tgbotapi.Message{}, "", apiErr
	}
	msg, apiErr := s.newBotMessageLocked(c)
	if apiErr != nil {
		return tgbotapi.Message{}, "", apiErr
	}
	msg.Caption = c.Params["caption"]
	fileID := c.Params[field] // re-sent by file_id or URL
	if uploaded {
		fileID = field + "-" + strconv.Itoa(msg.MessageID)
	}
	return msg, fileID, nil
}

func (s *Server) sendDocument(c *Call) (any, *apiError) {
	msg, fileID, apiErr := s.sendFileLocked(c, "document")
	if apiErr != nil {
		return nil, apiErr
	}
	msg.Document = &tgbotapi.Document{
		FileID:       fileID,
		FileUniqueID: "u" + fileID,
		FileName:     c.FileNames["document"],
		FileSize:     len(c.Files["document"]),
	}
	return s.storeLocked(c, msg)
}

func (s *Server) sendPhoto(c *Call) (any, *apiError) {
	msg, fileID, apiErr := s.sendFileLocked(c, "photo")
	if apiErr != nil {
		return nil, apiErr
	}
	msg.Photo = photoSizes(fileID)
	return s.storeLocked(c, msg)
}

func (s *Server) sendChatAction(c *Call) (any, *apiError) {
	if _, apiErr := s.targetChat(c); apiErr != nil {
		return nil, apiErr
	}
	if c.Params["action"] == "" {
		return nil, badRequest("action is empty")
	}
	return true, nil
}

// photoSizes is what Telegram reports for a photo: several resolutions.
func photoSizes(fileID string) []tgbotapi.PhotoSize {
	var sizes []tgbotapi.PhotoSize
	for i, dim := range []int{90, 320, 800} {
		id := fileID + "-" + strconv.Itoa(i)
		sizes = append(sizes, tgbotapi.PhotoSize{
			FileID: id, FileUniqueID: "u" + id, Width: dim, Height: dim * 3 / 4, FileSize: dim * 100,
		})
	}
	return sizes
}
