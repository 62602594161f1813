// Package config reads every setting of Ouderkring from the environment and
// validates it once, at start, so a bad deployment fails with one clear
// message per wrong variable instead of misbehaving later. Only cmd imports
// it; other packages get plain values through their constructors.
package config

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var botNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{3,31}$`)

// Bot modes.
const (
	ModeAuto     = "auto"     // polling when a token is set, else terminal
	ModePolling  = "polling"  // Telegram long polling
	ModeTerminal = "terminal" // a chat in this terminal, no Telegram
	ModeWebhook  = "webhook"  // Telegram posts updates to WEBHOOK_URL
)

var webhookSecretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{16,256}$`)

// DefaultDatabaseURL is the local development database.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Config is the effective configuration.
type Config struct {
	TelegramToken    string        // TELEGRAM_BOT_TOKEN; empty: no Telegram
	TelegramAPIURL   string        // TELEGRAM_API_URL
	DatabaseURL      string        // DATABASE_URL
	HTTPAddr         string        // HTTP_ADDR; "" when set to off
	LogLevel         string        // LOG_LEVEL
	BotMode          string        // BOT_MODE
	DefaultLang      string        // DEFAULT_LANG
	SessionRetention time.Duration // SESSION_RETENTION
	ShutdownTimeout  time.Duration // SHUTDOWN_TIMEOUT
	PollTimeout      time.Duration // POLL_TIMEOUT
	Workers          int           // WORKERS
	PDOKURL          string        // PDOK_URL
	AdminIDs         []int64       // ADMIN_TELEGRAM_IDS
	BotUsername      string        // BOT_USERNAME
	WebhookURL       string        // WEBHOOK_URL
	WebhookSecret    string        // WEBHOOK_SECRET
	FloodLimit       int           // FLOOD_LIMIT
	OutboundRate     int           // OUTBOUND_RATE
	OutboundChatRate float64       // OUTBOUND_CHAT_RATE
	OutboundBurst    int           // OUTBOUND_CHAT_BURST
}

// Var describes one environment variable: its name, default and meaning.
// The list drives loading, `ouderkring config` and the README table.
type Var struct {
	Name    string
	Default string
	Secret  bool
	Help    string
}

// Vars lists every variable Ouderkring reads.
var Vars = []Var{
	{"TELEGRAM_BOT_TOKEN", "", true, "bot token from @BotFather; without it `run` opens a terminal chat"},
	{"TELEGRAM_API_URL", "https://api.telegram.org", false, "Bot API base URL (a self-hosted Bot API server or a test fake)"},
	{"DATABASE_URL", DefaultDatabaseURL, true, "PostgreSQL connection URL"},
	{"HTTP_ADDR", ":8080", false, "address for /healthz, /readyz and /metrics; off disables it"},
	{"LOG_LEVEL", "info", false, "debug, info, warn or error"},
	{"BOT_MODE", ModeAuto, false, "auto (polling with a token, else terminal), polling, webhook or terminal"},
	{"DEFAULT_LANG", "nl", false, "language for chats whose Telegram language the bot does not speak: nl or en"},
	{"SESSION_RETENTION", "720h", false, "idle chats are forgotten after this long (Go duration, at least 1h)"},
	{"SHUTDOWN_TIMEOUT", "10s", false, "how long a stop waits for updates in progress"},
	{"POLL_TIMEOUT", "50s", false, "Telegram long-poll timeout (1s to 120s)"},
	{"WORKERS", "16", false, "how many chats are handled at the same time (1 to 1024)"},
	{"ADMIN_TELEGRAM_IDS", "", false, "Telegram user ids (comma-separated) that are admins from the start"},
	{"BOT_USERNAME", "", false, "the bot's @username without @, for invite links printed by the CLI (asked from Telegram when a token is set)"},
	{"PDOK_URL", "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free", false, "PDOK Locatieserver free endpoint, for typed postcodes and towns"},
	{"FLOOD_LIMIT", "10", false, "updates a second one chat may send; the rest of that second's are dropped unread after one \"slow down\" (0 to 1000; 0: no limit)"},
	{"OUTBOUND_RATE", "30", false, "messages a second the bot sends over all chats, per instance (Telegram allows about 30; divide by the number of instances that send)"},
	{"OUTBOUND_CHAT_RATE", "1", false, "messages a second to one chat, sustained (answers may burst)"},
	{"OUTBOUND_CHAT_BURST", "5", false, "messages one chat may get at once before OUTBOUND_CHAT_RATE holds (1 to 100)"},
	{"WEBHOOK_URL", "", false, "webhook mode: the public https URL Telegram posts updates to (its path is served on HTTP_ADDR behind the TLS proxy)"},
	{"WEBHOOK_SECRET", "", true, "webhook mode: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (16 to 256 of A-Z a-z 0-9 _ -)"},
}

// Load reads the configuration through getenv (os.Getenv in production, a
// map in tests). It returns every problem at once, one line per variable.
func Load(getenv func(string) string) (Config, error) {
	get := func(name string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		for _, v := range Vars {
			if v.Name == name {
				return v.Default
			}
		}
		return ""
	}
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}

	c := Config{
		TelegramToken:  get("TELEGRAM_BOT_TOKEN"),
		TelegramAPIURL: strings.TrimRight(get("TELEGRAM_API_URL"), "/"),
		DatabaseURL:    get("DATABASE_URL"),
		HTTPAddr:       get("HTTP_ADDR"),
		LogLevel:       strings.ToLower(get("LOG_LEVEL")),
		BotMode:        strings.ToLower(get("BOT_MODE")),
		DefaultLang:    strings.ToLower(get("DEFAULT_LANG")),
		PDOKURL:        get("PDOK_URL"),
		WebhookURL:     get("WEBHOOK_URL"),
		WebhookSecret:  get("WEBHOOK_SECRET"),
	}
	if strings.EqualFold(c.HTTPAddr, "off") {
		c.HTTPAddr = ""
	}

	if c.TelegramToken != "" && (strings.ContainsAny(c.TelegramToken, " /") || !strings.Contains(c.TelegramToken, ":")) {
		bad("TELEGRAM_BOT_TOKEN", "does not look like a bot token (expected <digits>:<letters>, as @BotFather gives it)")
	}
	if u, err := url.Parse(c.TelegramAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("TELEGRAM_API_URL", "must be an http(s) URL such as https://api.telegram.org, got %q", c.TelegramAPIURL)
	}
	for _, f := range strings.FieldsFunc(get("ADMIN_TELEGRAM_IDS"), func(r rune) bool { return r == ',' || r == ' ' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			bad("ADMIN_TELEGRAM_IDS", "must be Telegram user ids separated by commas, got %q", f)
			break
		}
		c.AdminIDs = append(c.AdminIDs, id)
	}
	c.BotUsername = strings.TrimPrefix(get("BOT_USERNAME"), "@")
	if c.BotUsername != "" && !botNameRe.MatchString(c.BotUsername) {
		bad("BOT_USERNAME", "must be a Telegram bot username (letters, digits, _), got %q", c.BotUsername)
	}
	if u, err := url.Parse(c.PDOKURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("PDOK_URL", "must be an http(s) URL, got %q", c.PDOKURL)
	}
	if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		bad("DATABASE_URL", "must be a postgres:// URL such as %s", DefaultDatabaseURL)
	}
	if c.HTTPAddr != "" && !strings.Contains(c.HTTPAddr, ":") {
		bad("HTTP_ADDR", "must be host:port or :port, got %q", c.HTTPAddr)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("LOG_LEVEL", "must be debug, info, warn or error, got %q", c.LogLevel)
	}
	switch c.BotMode {
	case ModeAuto, ModeTerminal:
	case ModePolling:
		if c.TelegramToken == "" {
			bad("BOT_MODE", "polling needs TELEGRAM_BOT_TOKEN to be set")
		}
	case ModeWebhook:
		if c.TelegramToken == "" {
			bad("BOT_MODE", "webhook needs TELEGRAM_BOT_TOKEN to be set")
		}
		if c.HTTPAddr == "" {
			bad("HTTP_ADDR", "webhook mode serves updates on HTTP_ADDR; it cannot be off")
		}
		if u, err := url.Parse(c.WebhookURL); c.WebhookURL == "" || err != nil || u.Scheme != "https" || u.Host == "" {
			bad("WEBHOOK_URL", "webhook mode needs the public https URL Telegram posts to, got %q", c.WebhookURL)
		} else if p := c.WebhookPath(); p == "/" || p == "/healthz" || p == "/readyz" || p == "/metrics" {
			bad("WEBHOOK_URL", "needs a path of its own (such as /telegram), not %q: the same server answers /healthz, /readyz and /metrics", p)
		} else if !webhookPathRe.MatchString(p) {
			// The path becomes a route of the HTTP server: a space, a brace
			// or a percent sign would make it another route, or none (the
			// server refuses such a pattern at start).
			bad("WEBHOOK_URL", "its path %q may hold only letters, digits and . _ ~ - between slashes", p)
		}
		if !webhookSecretRe.MatchString(c.WebhookSecret) {
			bad("WEBHOOK_SECRET", "webhook mode needs a secret of 16 to 256 characters A-Z a-z 0-9 _ -")
		}
	default:
		bad("BOT_MODE", "must be auto, polling, webhook or terminal, got %q", c.BotMode)
	}
	switch c.DefaultLang {
	case "nl", "en":
	default:
		bad("DEFAULT_LANG", "must be nl or en, got %q", c.DefaultLang)
	}
	c.SessionRetention = duration(get, bad, "SESSION_RETENTION", time.Hour, 0)
	c.ShutdownTimeout = duration(get, bad, "SHUTDOWN_TIMEOUT", time.Second, 0)
	c.PollTimeout = duration(get, bad, "POLL_TIMEOUT", time.Second, 120*time.Second)
	if n, err := strconv.Atoi(get("WORKERS")); err != nil || n < 1 || n > 1024 {
		bad("WORKERS", "must be a whole number from 1 to 1024, got %q", get("WORKERS"))
	} else {
		c.Workers = n
	}
	if n, err := strconv.Atoi(get("FLOOD_LIMIT")); err != nil || n < 0 || n > 1000 {
		bad("FLOOD_LIMIT", "must be a whole number from 0 to 1000, got %q", get("FLOOD_LIMIT"))
	} else {
		c.FloodLimit = n
	}
	if n, err := strconv.Atoi(get("OUTBOUND_RATE")); err != nil || n < 1 || n > 1000 {
		bad("OUTBOUND_RATE", "must be a whole number from 1 to 1000, got %q", get("OUTBOUND_RATE"))
	} else {
		c.OutboundRate = n
	}
	if r, err := strconv.ParseFloat(get("OUTBOUND_CHAT_RATE"), 64); err != nil || !(r > 0) || math.IsInf(r, 0) || (c.OutboundRate > 0 && r > float64(c.OutboundRate)) {
		bad("OUTBOUND_CHAT_RATE", "must be a number above 0 and at most OUTBOUND_RATE, got %q", get("OUTBOUND_CHAT_RATE"))
	} else {
		c.OutboundChatRate = r
	}
	if n, err := strconv.Atoi(get("OUTBOUND_CHAT_BURST")); err != nil || n < 1 || n > 100 {
		bad("OUTBOUND_CHAT_BURST", "must be a whole number from 1 to 100, got %q", get("OUTBOUND_CHAT_BURST"))
	} else {
		c.OutboundBurst = n
	}
	return c, errors.Join(errs...)
}

// webhookPathRe is a WEBHOOK_URL path the bot can serve as a route.
var webhookPathRe = regexp.MustCompile(`^(/[A-Za-z0-9._~-]+)+/?$`)

// WebhookPath is the path of WEBHOOK_URL, which the bot serves on
// HTTP_ADDR ("/" when it has none).
func (c Config) WebhookPath() string {
	u, err := url.Parse(c.WebhookURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// Mode is the bot mode after resolving "auto".
func (c Config) Mode() string {
	if c.BotMode != ModeAuto {
		return c.BotMode
	}
	if c.TelegramToken != "" {
		return ModePolling
	}
	return ModeTerminal
}

func duration(get func(string) string, bad func(string, string, ...any), name string, min, max time.Duration) time.Duration {
	s := get(name)
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		bad(name, "must be a duration such as 30s, 10m or 720h, got %q", s)
	case d < min:
		bad(name, "must be at least %s, got %s", min, d)
	case max > 0 && d > max:
		bad(name, "must be at most %s, got %s", max, d)
	}
	return d
}
