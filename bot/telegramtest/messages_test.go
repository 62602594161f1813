package telegramtest

import (
	"bytes"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestSendMessageWithInlineKeyboard(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)

	msg := tgbotapi.NewMessage(42, "Kom je?")
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(
		tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("Ja", "rsvp:yes"),
			tgbotapi.NewInlineKeyboardButtonData("Nee", "rsvp:no"),
		),
		tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonURL("Info", "https://example.org")),
	)
	sent, err := api.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	if sent.MessageID == 0 || sent.Chat.ID != 42 || sent.Text != "Kom je?" || sent.Date == 0 || sent.ReplyMarkup == nil {
		t.Errorf("returned message = %+v", sent)
	}

	c := srv.Next(t, 42)
	if c.Method != "sendMessage" || c.ChatID() != 42 || c.Text() != "Kom je?" || c.MessageID() != sent.MessageID {
		t.Errorf("recorded %s", c)
	}
	kb := c.InlineKeyboard()
	if len(kb) != 2 || len(kb[0]) != 2 || kb[0][1] != (Button{Text: "Nee", CallbackData: "rsvp:no"}) ||
		kb[1][0] != (Button{Text: "Info", URL: "https://example.org"}) {
		t.Errorf("keyboard = %+v", kb)
	}

	// The user presses "Ja": the callback carries the message as sent.
	id := srv.Click(t, c, "Ja")
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: id})
	if err != nil || len(ups) != 1 || ups[0].CallbackQuery == nil {
		t.Fatalf("updates = %+v, %v", ups, err)
	}
	q := ups[0].CallbackQuery
	if q.Data != "rsvp:yes" || q.From.ID != 42 || q.Message.MessageID != sent.MessageID ||
		q.Message.Text != "Kom je?" || q.Message.ReplyMarkup == nil {
		t.Errorf("callback = %+v, message %+v", q, q.Message)
	}
	if _, err := api.Request(tgbotapi.NewCallback(q.ID, "")); err != nil {
		t.Errorf("answerCallbackQuery: %v", err)
	}
	if _, err := api.Request(tgbotapi.NewCallback("made-up", "")); err == nil {
		t.Error("answering an unknown callback query succeeded")
	}

	// Editing the text without markup drops the keyboard, as on Telegram.
	edited, err := api.Send(tgbotapi.NewEditMessageText(42, sent.MessageID, "Je komt!"))
	if err != nil || edited.Text != "Je komt!" || edited.ReplyMarkup != nil || edited.EditDate == 0 {
		t.Fatalf("edit = %+v, %v", edited, err)
	}
	e := srv.Next(t, 42)
	if e.Method != "editMessageText" || e.MessageID() != sent.MessageID || e.InlineKeyboard() != nil {
		t.Errorf("recorded edit %s", e)
	}
	_, err = api.Send(tgbotapi.NewEditMessageText(42, sent.MessageID, "Je komt!"))
	if err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Errorf("identical edit: %v", err)
	}
	srv.ExpectNone(t, 42, 0) // failed calls are not shown in the chat
}

func TestReplyKeyboard(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)

	ask := tgbotapi.NewMessage(5, "Waar woon je?")
	ask.ReplyMarkup = tgbotapi.NewReplyKeyboard(tgbotapi.NewKeyboardButtonRow(
		tgbotapi.NewKeyboardButtonLocation("Deel locatie"), tgbotapi.NewKeyboardButton("Later"),
	))
	done := tgbotapi.NewMessage(5, "Dank je")
	done.ReplyMarkup = tgbotapi.NewRemoveKeyboard(false)
	for _, m := range []tgbotapi.MessageConfig{ask, done} {
		if _, err := api.Send(m); err != nil {
			t.Fatal(err)
		}
	}

	if all := srv.WaitSent(t, 5, 2); len(all) != 2 || all[1].Text() != "Dank je" {
		t.Errorf("WaitSent = %v", all)
	}
	kb := srv.Next(t, 5).ReplyKeyboard()
	if len(kb) != 1 || kb[0][0] != (KeyboardButton{Text: "Deel locatie", RequestLocation: true}) || kb[0][1].Text != "Later" {
		t.Errorf("reply keyboard = %+v", kb)
	}
	if c := srv.Next(t, 5); !c.RemovesKeyboard() || c.ReplyKeyboard() != nil {
		t.Errorf("remove keyboard not decoded: %s", c)
	}
}

func TestSendDocumentAndPhoto(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)

	data := []byte("naam,telefoon\nAnna,0612345678\n")
	doc := tgbotapi.NewDocument(9, tgbotapi.FileBytes{Name: "leden.csv", Bytes: data})
	doc.Caption = "Ledenlijst"
	sent, err := api.Send(doc)
	if err != nil {
		t.Fatal(err)
	}
	if sent.Document == nil || sent.Document.FileName != "leden.csv" || sent.Document.FileSize != len(data) {
		t.Errorf("returned document = %+v", sent.Document)
	}
	c := srv.Next(t, 9)
	if c.Method != "sendDocument" || c.ChatID() != 9 || c.Text() != "Ledenlijst" ||
		!bytes.Equal(c.Files["document"], data) || c.FileNames["document"] != "leden.csv" {
		t.Errorf("recorded %s", c)
	}

	png := []byte("\x89PNG\r\n\x1a\nfake")
	if _, err := api.Send(tgbotapi.NewPhoto(9, tgbotapi.FileBytes{Name: "kaart.png", Bytes: png})); err != nil {
		t.Fatal(err)
	}
	if c := srv.Next(t, 9); c.Method != "sendPhoto" || !bytes.Equal(c.Files["photo"], png) {
		t.Errorf("recorded %s", c)
	}
	// Re-sending by file_id is a plain form request.
	if _, err := api.Send(tgbotapi.NewDocument(9, tgbotapi.FileID(sent.Document.FileID))); err != nil {
		t.Fatal(err)
	}
	if c := srv.Next(t, 9); c.Params["document"] != sent.Document.FileID || len(c.Files) != 0 {
		t.Errorf("recorded %s", c)
	}
}

func TestVenueLocationAndChatAction(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)

	if _, err := api.Request(tgbotapi.NewChatAction(3, tgbotapi.ChatTyping)); err != nil {
		t.Fatal(err)
	}
	v, err := api.Send(tgbotapi.NewVenue(3, "Speeltuin", "Parkweg 1", 52.1, 5.1))
	if err != nil || v.Venue == nil || v.Venue.Title != "Speeltuin" || v.Venue.Location.Latitude != 52.1 {
		t.Fatalf("venue = %+v, %v", v.Venue, err)
	}
	if _, err := api.Send(tgbotapi.NewLocation(3, 52.2, 5.2)); err != nil {
		t.Fatal(err)
	}
	if c := srv.Next(t, 3); c.Method != "sendVenue" || c.Params["address"] != "Parkweg 1" || c.Message.Venue == nil {
		t.Errorf("first visible call %s", c) // the chat action is not "visible"
	}
	if c := srv.Next(t, 3); c.Method != "sendLocation" || c.Message.Location.Longitude != 5.2 {
		t.Errorf("recorded %s", c)
	}
	if len(srv.CallsTo("sendChatAction")) != 1 {
		t.Error("chat action not recorded")
	}
}

func TestInboundHelpers(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	loc := srv.SendLocation(11, "en", 52.37, 4.89)
	sticker := srv.SendSticker(11, "en")
	photo := srv.SendPhoto(11, "en")
	raw := srv.Queue(tgbotapi.Update{EditedMessage: &tgbotapi.Message{MessageID: 1, Text: "edited", Chat: &tgbotapi.Chat{ID: 11}}})

	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 4 {
		t.Fatalf("updates = %+v, %v", ups, err)
	}
	if u := ups[0]; u.UpdateID != loc || u.Message.Location == nil || u.Message.Location.Latitude != 52.37 {
		t.Errorf("location update = %+v", u.Message)
	}
	if u := ups[1]; u.UpdateID != sticker || u.Message.Sticker == nil || u.Message.Sticker.FileID == "" {
		t.Errorf("sticker update = %+v", u.Message)
	}
	if u := ups[2]; u.UpdateID != photo || len(u.Message.Photo) == 0 || u.Message.From.LanguageCode != "en" {
		t.Errorf("photo update = %+v", u.Message)
	}
	if u := ups[3]; u.UpdateID != raw || u.EditedMessage == nil || u.EditedMessage.Text != "edited" {
		t.Errorf("raw update = %+v", u)
	}
}

func TestTelegramValidation(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)

	textOnly := tgbotapi.NewMessage(1, "kies")
	textOnly.ReplyMarkup = tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{{{Text: "x"}}}}
	longData := tgbotapi.NewMessage(1, "kies")
	longData.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("x", strings.Repeat("d", 65))))

	for name, cfg := range map[string]tgbotapi.Chattable{
		"empty text":        tgbotapi.NewMessage(1, ""),
		"too long":          tgbotapi.NewMessage(1, strings.Repeat("é", 4097)),
		"no chat":           tgbotapi.NewMessage(0, "hoi"),
		"text-only button":  textOnly,
		"long callback":     longData,
		"edit without text": tgbotapi.NewEditMessageText(1, 1, " "),
	} {
		_, err := api.Send(cfg)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if e := apiErr(t, err); e.Code != 400 || !strings.HasPrefix(e.Message, "Bad Request: ") {
			t.Errorf("%s: error %+v", name, e)
		}
	}
	if len(srv.SentTo(1)) != 0 {
		t.Errorf("rejected messages shown: %v", srv.SentTo(1))
	}
	for _, c := range srv.CallsTo("sendMessage") {
		if c.OK || c.Error == "" {
			t.Errorf("rejected call recorded as %s", c)
		}
	}
}
