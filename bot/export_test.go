package bot

// Hooks are the test hooks of TelegramOptions, for the package's
// black-box tests (bot_test), which cannot name the unexported type.
type Hooks = hooks

// SetHooks sets o's test hooks.
func SetHooks(o *TelegramOptions, h Hooks) { o.hooks = h }
