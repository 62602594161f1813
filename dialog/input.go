package dialog

import "github.com/ouderkring/ouderkring/meetups"

// InputKind says what a person did.
type InputKind int

// The kinds of input a front end can hand the engine.
const (
	InputText     InputKind = iota + 1 // typed a message
	InputCommand                       // typed /command, maybe with a payload
	InputButton                        // pressed an inline button
	InputLocation                      // shared a location
	InputOther                         // anything the bot cannot read: a sticker, photo, voice note…
)

// Input is one thing a person did in a chat, already stripped of anything
// Telegram-specific. Front ends build it; the engine never sees a wire type.
type Input struct {
	Kind InputKind
	// Text is the typed text (InputText), or the caption of a photo,
	// video or file (InputOther).
	Text string
	// Edited says the person changed a message the bot already answered.
	// Only the safety check reads it: an edit never moves the dialog.
	Edited bool
	// Command is the command without slash or @botname, lower case
	// ("start"), and Payload what followed it (InputCommand).
	Command, Payload string
	// Data is the button's callback data and MessageID the message the
	// button was on, so the reply can edit it (InputButton).
	Data      string
	MessageID int
	// Location is the shared point (InputLocation).
	Location *meetups.Point
	// UpdateID is the front end's id of the update this input came in
	// (Telegram's update_id), 0 when it has none. Handle applies each
	// update once (Session.Applied).
	UpdateID int64
	// Lang is the person's language as their app reports it ("nl", "en-GB");
	// it may be empty.
	Lang string
}
