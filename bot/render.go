package bot

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/ouderkring/ouderkring/dialog"
)

// render turns one reply into the Telegram request that shows it. edit is
// false when the reply asked for an edit that Telegram cannot do (a
// keyboard change), so a new message is sent instead.
func render(chatID int64, r dialog.Reply) tgbotapi.Chattable {
	switch {
	case r.Venue != nil:
		return tgbotapi.NewVenue(chatID, r.Venue.Title, r.Venue.Address, r.Venue.Point.Lat, r.Venue.Point.Lon)
	case r.Document != nil:
		d := tgbotapi.NewDocument(chatID, tgbotapi.FileBytes{Name: r.Document.Name, Bytes: r.Document.Data})
		d.Caption = r.Document.Caption
		if len(r.Buttons) > 0 {
			d.ReplyMarkup = inlineKeyboard(r.Buttons)
		}
		return d
	case r.Photo != nil:
		p := tgbotapi.NewPhoto(chatID, tgbotapi.FileBytes{Name: r.Photo.Name, Bytes: r.Photo.Data})
		p.Caption = r.Photo.Caption
		if len(r.Buttons) > 0 {
			p.ReplyMarkup = inlineKeyboard(r.Buttons)
		}
		return p
	case r.EditMessageID != 0 && r.Keyboard == nil && !r.RemoveKeyboard:
		e := tgbotapi.NewEditMessageText(chatID, r.EditMessageID, r.Text)
		if len(r.Buttons) > 0 {
			kb := inlineKeyboard(r.Buttons)
			e.ReplyMarkup = &kb
		}
		return e
	}
	m := tgbotapi.NewMessage(chatID, r.Text)
	m.DisableWebPagePreview = true
	switch {
	case len(r.Buttons) > 0:
		m.ReplyMarkup = inlineKeyboard(r.Buttons)
	case len(r.Keyboard) > 0:
		var rows [][]tgbotapi.KeyboardButton
		for _, row := range r.Keyboard {
			var out []tgbotapi.KeyboardButton
			for _, b := range row {
				out = append(out, tgbotapi.KeyboardButton{Text: b.Text, RequestLocation: b.RequestLocation})
			}
			rows = append(rows, out)
		}
		m.ReplyMarkup = tgbotapi.ReplyKeyboardMarkup{Keyboard: rows, ResizeKeyboard: true, OneTimeKeyboard: true}
	case r.RemoveKeyboard:
		m.ReplyMarkup = tgbotapi.NewRemoveKeyboard(false)
	}
	return m
}

func inlineKeyboard(rows [][]dialog.Button) tgbotapi.InlineKeyboardMarkup {
	var out [][]tgbotapi.InlineKeyboardButton
	for _, row := range rows {
		var r []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			if b.URL != "" {
				r = append(r, tgbotapi.NewInlineKeyboardButtonURL(b.Text, b.URL))
			} else {
				r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data))
			}
		}
		out = append(out, r)
	}
	return tgbotapi.NewInlineKeyboardMarkup(out...)
}
