package config

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// Write prints the effective configuration, one variable a line, with
// secrets masked: the token shows only its bot id, the database URL hides
// its password. It is what `ouderkring config` shows an operator.
func (c Config) Write(w io.Writer) error {
	values := map[string]string{
		"TELEGRAM_BOT_TOKEN":  maskToken(c.TelegramToken),
		"TELEGRAM_API_URL":    c.TelegramAPIURL,
		"DATABASE_URL":        maskURL(c.DatabaseURL),
		"HTTP_ADDR":           c.HTTPAddr,
		"LOG_LEVEL":           c.LogLevel,
		"BOT_MODE":            c.BotMode + " (" + c.Mode() + ")",
		"DEFAULT_LANG":        c.DefaultLang,
		"SESSION_RETENTION":   c.SessionRetention.String(),
		"SHUTDOWN_TIMEOUT":    c.ShutdownTimeout.String(),
		"POLL_TIMEOUT":        c.PollTimeout.String(),
		"WORKERS":             strconv.Itoa(c.Workers),
		"PDOK_URL":            c.PDOKURL,
		"ADMIN_TELEGRAM_IDS":  fmt.Sprint(c.AdminIDs),
		"BOT_USERNAME":        c.BotUsername,
		"WEBHOOK_URL":         c.WebhookURL,
		"WEBHOOK_SECRET":      maskSecret(c.WebhookSecret),
		"FLOOD_LIMIT":         strconv.Itoa(c.FloodLimit),
		"OUTBOUND_RATE":       strconv.Itoa(c.OutboundRate),
		"OUTBOUND_CHAT_RATE":  strconv.FormatFloat(c.OutboundChatRate, 'g', -1, 64),
		"OUTBOUND_CHAT_BURST": strconv.Itoa(c.OutboundBurst),
	}
	if c.HTTPAddr == "" {
		values["HTTP_ADDR"] = "off"
	}
	if len(c.AdminIDs) == 0 {
		values["ADMIN_TELEGRAM_IDS"] = "(none)"
	}
	if c.BotUsername == "" {
		values["BOT_USERNAME"] = "(asked from Telegram)"
	}
	if c.WebhookURL == "" {
		values["WEBHOOK_URL"] = "(not set)"
	}
	for _, v := range Vars {
		if _, err := fmt.Fprintf(w, "%-20s %s\n", v.Name, values[v.Name]); err != nil {
			return err
		}
	}
	return nil
}

func maskToken(t string) string {
	if t == "" {
		return "(not set)"
	}
	id, _, _ := strings.Cut(t, ":")
	return id + ":****"
}

func maskSecret(s string) string {
	if s == "" {
		return "(not set)"
	}
	return "****"
}

func maskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "****"
	}
	return u.Redacted()
}
