package main

import (
	"context"

	"github.com/ouderkring/ouderkring/dialog"
)

// echo is the ceiling the bot is measured against: an engine that answers
// every input with one reply and nothing else — no session, no database,
// no search. It runs through the same bot.Telegram (polling, per-chat
// ordering, the outbound path, rendering) against the same fake Bot API,
// so only the engine differs between the two runs. Like the dialog, it
// edits the message a button was on and answers anything else with a new
// message, so both send the same kinds of Bot API calls.
type echo struct{}

// Handle answers in with one message.
func (echo) Handle(_ context.Context, _ int64, in dialog.Input) ([]dialog.Reply, error) {
	switch in.Kind {
	case dialog.InputButton:
		return []dialog.Reply{{Text: "echo " + in.Data, EditMessageID: in.MessageID}}, nil
	case dialog.InputLocation:
		return []dialog.Reply{{Text: "echo 📍"}}, nil
	case dialog.InputCommand:
		return []dialog.Reply{{Text: "echo /" + in.Command}}, nil
	}
	return []dialog.Reply{{Text: "echo " + in.Text}}, nil
}

// Apology is never needed: Handle does not fail.
func (echo) Apology(string) []dialog.Reply            { return []dialog.Reply{{Text: "sorry"}} }
func (echo) SafetyAnswer(dialog.Input) []dialog.Reply { return nil }

// Commands registers no command list.
func (echo) Commands(string) []dialog.Command { return nil }

// Text has no texts; the front end asks only for the flood warning.
func (echo) Text(string, string, ...any) string { return "slow down" }
