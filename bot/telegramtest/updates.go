package telegramtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Queue adds an update for the bot to fetch with getUpdates and returns its
// update_id. A zero UpdateID is replaced by the next one in sequence.
func (s *Server) Queue(u tgbotapi.Update) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queueLocked(u)
}

func (s *Server) queueLocked(u tgbotapi.Update) int {
	if u.UpdateID == 0 {
		s.lastUpdate++
		u.UpdateID = s.lastUpdate
	} else if u.UpdateID > s.lastUpdate {
		s.lastUpdate = u.UpdateID
	}
	if u.CallbackQuery != nil {
		s.callbacks[u.CallbackQuery.ID] = true
	}
	i, _ := slices.BinarySearchFunc(s.queue, u.UpdateID, func(q tgbotapi.Update, id int) int { return q.UpdateID - id })
	s.queue = slices.Insert(s.queue, i, u)
	s.bumpLocked()
	return u.UpdateID
}

// userMessageLocked starts a message from the user of a private chat.
func (s *Server) userMessageLocked(chatID int64, lang string) *tgbotapi.Message {
	s.langs[chatID] = lang
	s.lastMessage++
	return &tgbotapi.Message{
		MessageID: s.lastMessage,
		From:      userFor(chatID, lang),
		Date:      int(time.Now().Unix()),
		Chat:      chatFor(chatID),
	}
}

// queueMessage queues a user message built by fill and returns the update id.
func (s *Server) queueMessage(chatID int64, lang string, fill func(*tgbotapi.Message)) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := s.userMessageLocked(chatID, lang)
	fill(msg)
	return s.queueLocked(tgbotapi.Update{Message: msg})
}

// SendText queues a text message from user chatID (whose private chat has
// the same id) with the given language_code. Like Telegram, text starting
// with "/command" gets a bot_command entity, so Message.IsCommand works.
func (s *Server) SendText(chatID int64, lang, text string) int {
	return s.queueMessage(chatID, lang, func(m *tgbotapi.Message) {
		m.Text = text
		if e, ok := commandEntity(text); ok {
			m.Entities = []tgbotapi.MessageEntity{e}
		}
	})
}

// SendCommand queues a command such as "/start" or "start arg"; the leading
// slash is optional.
func (s *Server) SendCommand(chatID int64, lang, command string) int {
	return s.SendText(chatID, lang, "/"+strings.TrimPrefix(command, "/"))
}

// SendLocation queues a location shared by the user.
func (s *Server) SendLocation(chatID int64, lang string, lat, lon float64) int {
	return s.queueMessage(chatID, lang, func(m *tgbotapi.Message) {
		m.Location = &tgbotapi.Location{Latitude: lat, Longitude: lon}
	})
}

// SendSticker queues a sticker sent by the user.
func (s *Server) SendSticker(chatID int64, lang string) int {
	return s.queueMessage(chatID, lang, func(m *tgbotapi.Message) {
		id := "sticker-" + strconv.Itoa(m.MessageID)
		m.Sticker = &tgbotapi.Sticker{
			FileID: id, FileUniqueID: "u" + id, Width: 512, Height: 512, Emoji: "👍", SetName: "TestStickers",
		}
	})
}

// SendPhoto queues a photo (without caption) sent by the user.
func (s *Server) SendPhoto(chatID int64, lang string) int {
	return s.queueMessage(chatID, lang, func(m *tgbotapi.Message) {
		m.Photo = photoSizes("userphoto-" + strconv.Itoa(m.MessageID))
	})
}

// SendPhotoCaption queues a photo sent by the user with a caption under it.
func (s *Server) SendPhotoCaption(chatID int64, lang, caption string) int {
	return s.queueMessage(chatID, lang, func(m *tgbotapi.Message) {
		m.Photo = photoSizes("userphoto-" + strconv.Itoa(m.MessageID))
		m.Caption = caption
	})
}

// EditText queues an edited_message: the user changed the text of their
// earlier message messageID (sent with SendText), as Telegram reports it.
func (s *Server) EditText(chatID int64, lang string, messageID int, text string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := s.userMessageLocked(chatID, lang)
	s.lastMessage-- // an edit is no new message
	msg.MessageID = messageID
	msg.Text = text
	msg.EditDate = int(time.Now().Unix())
	return s.queueLocked(tgbotapi.Update{EditedMessage: msg})
}

// PressButton queues a callback query: the user pressed the inline button
// with callback data on message messageID. If that message was sent by the
// bot, the query carries its current text and keyboard, as on Telegram.
func (s *Server) PressButton(chatID int64, lang string, messageID int, data string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.langs[chatID] = lang
	msg, known := s.messages[messageID]
	if !known {
		bot := s.bot
		msg = tgbotapi.Message{MessageID: messageID, From: &bot, Date: int(time.Now().Unix()), Chat: chatFor(chatID)}
	}
	id := strconv.FormatInt(chatID, 10) + "-" + strconv.Itoa(s.lastUpdate+1)
	return s.queueLocked(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{
		ID:           id,
		From:         userFor(chatID, lang),
		Message:      &msg,
		ChatInstance: "instance-" + strconv.FormatInt(chatID, 10),
		Data:         data,
	}})
}

// Offset is the highest offset the bot has sent with getUpdates: every
// update with a lower update_id is confirmed and forgotten. 0 if none yet.
func (s *Server) Offset() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed
}

// Pending is the number of queued updates not yet confirmed by the bot.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// confirmLocked applies getUpdates' offset: updates below a positive offset
// are confirmed; a negative offset keeps only the last -offset updates.
func (s *Server) confirmLocked(offset int) {
	switch {
	case offset > 0:
		s.confirmed = max(s.confirmed, offset)
	case offset < 0 && len(s.queue) > -offset:
		s.confirmed = max(s.confirmed, s.queue[len(s.queue)+offset].UpdateID)
	}
	i := 0
	for i < len(s.queue) && s.queue[i].UpdateID < s.confirmed {
		i++
	}
	if i > 0 {
		s.queue = slices.Delete(s.queue, 0, i)
		s.bumpLocked()
	}
}

// serveGetUpdates answers getUpdates, long-polling for at most
// min(timeout, poll cap) when nothing is pending.
func (s *Server) serveGetUpdates(w http.ResponseWriter, r *http.Request, c *Call) {
	offset, _ := strconv.Atoi(c.Params["offset"])
	limit, _ := strconv.Atoi(c.Params["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(c.Params["timeout"])
	wait := min(time.Duration(timeout)*time.Second, s.opts.pollCap)

	s.mu.Lock()
	s.confirmLocked(offset)
	c.OK = true
	s.recordLocked(c)
	s.mu.Unlock()

	var deadline <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		deadline = t.C
	}
	waiting := false
	defer func() {
		if waiting {
			s.mu.Lock()
			s.longPolls--
			s.mu.Unlock()
		}
	}()
	for {
		s.mu.Lock()
		updates := make([]tgbotapi.Update, 0, limit)
		for _, u := range s.queue {
			if len(updates) == limit {
				break
			}
			if u.UpdateID >= offset {
				updates = append(updates, u)
			}
		}
		if len(updates) > 0 || deadline == nil {
			if len(updates) > 0 {
				s.delivered = max(s.delivered, updates[len(updates)-1].UpdateID)
				s.bumpLocked()
			}
			s.mu.Unlock()
			writeResult(w, updates)
			return
		}
		if !waiting {
			waiting = true
			s.longPolls++
			s.bumpLocked() // for WaitLongPoll
		}
		ch := s.changed
		s.mu.Unlock()

		select {
		case <-ch:
		case <-deadline:
			deadline = nil // look once more, then answer
		case <-r.Context().Done():
			return // the client went away; nothing was delivered
		case <-s.done:
			writeResult(w, []tgbotapi.Update{})
			return
		}
	}
}
