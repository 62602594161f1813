// Package dialog is the conversation engine of Ouderkring: it decides what
// the bot says. It takes an Input (a text, a command, a button press, a
// shared location) and the chat's Session and returns Replies and the new
// Session. It knows nothing of Telegram or SQL, so every front end (the
// Telegram bot, the terminal chat, tests) gets exactly the same behaviour,
// and every parent-facing word comes from the embedded locale files.
package dialog
