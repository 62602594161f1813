// Package bot carries the dialog engine's replies to people. It has two
// front ends: Telegram (the only package that imports the Telegram library)
// and a terminal chat for trying the bot without a token. Both turn what a
// person did into a dialog.Input, hand it to the engine, and render the
// dialog.Replies in their own way; neither decides anything about the
// conversation itself.
//
// Every message the Telegram front end sends, an answer to an update or
// something the bot says first (Notify), leaves through one path
// (Telegram.deliver) and waits there for Telegram's limits (outbox): about
// 30 messages a second over all chats and one a second in a chat, with
// answers ahead of bulk messages. A 429 is waited out and the same message
// sent again, 5xx and network errors are retried with backoff, and a
// message that cannot be delivered is counted and logged with its reason;
// a chat that blocked the bot comes back to the caller as ErrPermanent.
package bot

import (
	"context"

	"github.com/ouderkring/ouderkring/dialog"
)

// Engine is what a front end needs of the dialog engine.
type Engine interface {
	Handle(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error)
	Apology(appLang string) []dialog.Reply
	// SafetyAnswer is the answer to a message that signals danger, without
	// the database (nil for any other input).
	SafetyAnswer(in dialog.Input) []dialog.Reply
	Commands(lang string) []dialog.Command
	Text(lang, id string, data ...any) string
}
