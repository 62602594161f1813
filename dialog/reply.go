package dialog

import "github.com/ouderkring/ouderkring/meetups"

// Reply is one thing the bot says back. Exactly one of Text, Venue,
// Document or Photo is the message; the other fields shape it. Front ends
// render it in their own way (Telegram messages, numbered terminal lines).
type Reply struct {
	Text string
	// Buttons is an inline keyboard under the message, row by row.
	Buttons [][]Button
	// Keyboard replaces the person's keyboard (e.g. a share-location
	// button); RemoveKeyboard takes such a keyboard away again.
	Keyboard       [][]KeyButton
	RemoveKeyboard bool
	// Venue is a place shown on a map.
	Venue *Venue
	// Document and Photo are files sent to the chat.
	Document, Photo *File
	// To, when set, sends the reply to another chat instead of this one:
	// only moderation does this (an organiser's meetup to the admins, the
	// verdict back to the organiser). Parent flows never set it.
	To int64
	// EditMessageID, when set, asks to replace the text and buttons of that
	// earlier message instead of sending a new one. A front end that cannot
	// edit such a message (Telegram cannot edit in a keyboard change) sends
	// a new one instead.
	EditMessageID int
}

// Button is an inline button: it either sends Data back to the bot or opens
// URL.
type Button struct {
	Text string
	Data string
	URL  string
}

// KeyButton is a button of the person's keyboard. Pressing it sends its text,
// or, when RequestLocation is set, asks the app to share the location.
type KeyButton struct {
	Text            string
	RequestLocation bool
}

// Venue is a named place on the map.
type Venue struct {
	Point          meetups.Point
	Title, Address string
}

// File is a document or photo made by the bot.
type File struct {
	Name    string
	Data    []byte
	Caption string
}
