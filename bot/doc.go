// Package bot carries the dialog engine's replies to people. It has two
// front ends: Telegram (the only package that imports the Telegram library)
// and a terminal chat for trying the bot without a token. Both turn what a
// person did into a dialog.Input, hand it to the engine, and render the
// dialog.Replies in their own way; neither decides anything about the
// conversation itself.
package bot

import (
	"context"

	"github.com/ouderkring/ouderkring/dialog"
)

// Engine is what a front end needs of the dialog engine.
type Engine interface {
	Handle(ctx context.Context, chatID int64, in dialog.Input) ([]dialog.Reply, error)
	Apology(appLang string) []dialog.Reply
	Commands(lang string) []dialog.Command
	Text(lang, id string, data ...any) string
}
