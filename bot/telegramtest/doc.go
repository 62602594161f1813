// Package telegramtest is an in-process fake of the Telegram Bot API for
// conversation tests.
//
// The bot talks to Telegram through github.com/go-telegram-bot-api/telegram-bot-api/v5.
// Mocking that client would skip exactly the parts that break in production:
// how parameters are encoded (form fields, JSON-encoded reply_markup, multipart
// uploads), how responses and errors are decoded, long polling and offset
// confirmation, rate limits and server errors. This package therefore serves
// the real HTTP protocol from an httptest.Server, so tests run the real client
// end to end without any internet access or real bot token:
//
//	srv := telegramtest.New(t)
//	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
//	// ... start the bot with api ...
//	srv.SendCommand(42, "nl", "/start")
//	msg := srv.Next(t, 42)            // the bot's reply to chat 42
//	srv.Click(t, msg, "Ja")           // press an inline button on it
//	edit := srv.Next(t, 42)           // e.g. the editMessageText that follows
//
// Inbound traffic (users writing, pressing buttons, sharing a location) is
// queued as tgbotapi.Update values and handed out by getUpdates with Telegram's
// offset semantics. Every outbound request is recorded as a Call, with helpers
// to decode the chat, text and keyboards. Next and friends wait for the bot,
// which runs concurrently, and fail the test with a dump of the traffic when
// it does not answer in time. They, WaitCall, WaitCallsTo, WaitLongPoll and
// Changed wake on every change of the server's state, so a test waits for
// what the bot does instead of sleeping until it has probably done it.
//
// Where it is cheap the server rejects requests the way Telegram does (empty
// message text, text-only inline buttons, callback data over 64 bytes, an edit
// that changes nothing), so such bugs show up in tests instead of production.
// OnRequest, OnCall and FailNext inject faults (error responses such as 429
// with retry_after, delays, dropped connections) to test retry behaviour.
//
// For load tests and benchmarks (cmd/fanout), Start runs the server without
// a testing.TB; RandomFaults fails a share of the calls with 429 or 500,
// drops their connections or answers them late, seeded; Deliveries counts
// what was shown per chat and text (so a duplicate or a lost message
// shows), and MaxInWindow gives the most calls that arrived within any
// window, for checking a rate limit as Telegram would see it.
package telegramtest
