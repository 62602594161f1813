package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/config"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoad(t *testing.T) {
	t.Parallel()
	t.Run("Defaults", func(t *testing.T) {
		t.Parallel()
		c, err := config.Load(env(nil))
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if c.TelegramAPIURL != "https://api.telegram.org" || c.DatabaseURL != config.DefaultDatabaseURL ||
			c.HTTPAddr != ":8080" || c.DefaultLang != "nl" || c.Workers != 16 || c.PollTimeout != 50*time.Second {
			t.Errorf("defaults: got=%+v", c)
		}
		if got := c.Mode(); got != config.ModeTerminal {
			t.Errorf("Mode without token: got=%q, want %q", got, config.ModeTerminal)
		}
	})
	t.Run("TokenMeansPolling", func(t *testing.T) {
		t.Parallel()
		c, err := config.Load(env(map[string]string{"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_API_URL": "http://127.0.0.1:9/"}))
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if c.Mode() != config.ModePolling || c.TelegramAPIURL != "http://127.0.0.1:9" {
			t.Errorf("got mode=%q url=%q", c.Mode(), c.TelegramAPIURL)
		}
	})
	t.Run("HTTPOff", func(t *testing.T) {
		t.Parallel()
		c, err := config.Load(env(map[string]string{"HTTP_ADDR": "off"}))
		if err != nil || c.HTTPAddr != "" {
			t.Errorf("got addr=%q err=%v, want empty", c.HTTPAddr, err)
		}
	})
	t.Run("EveryBadVariableNamed", func(t *testing.T) {
		t.Parallel()
		bad := map[string]string{
			"TELEGRAM_BOT_TOKEN":  "not a token",
			"TELEGRAM_API_URL":    "ftp://x",
			"DATABASE_URL":        "mysql://x",
			"HTTP_ADDR":           "8080",
			"LOG_LEVEL":           "loud",
			"BOT_MODE":            "carrier-pigeon",
			"DEFAULT_LANG":        "fr",
			"SESSION_RETENTION":   "5m",
			"SHUTDOWN_TIMEOUT":    "soon",
			"POLL_TIMEOUT":        "10m",
			"WORKERS":             "0",
			"PDOK_URL":            "pdok.nl",
			"ADMIN_TELEGRAM_IDS":  "12,abc",
			"BOT_USERNAME":        "no spaces",
			"OUTBOUND_RATE":       "0",
			"OUTBOUND_CHAT_RATE":  "-1",
			"OUTBOUND_CHAT_BURST": "many",
			"FLOOD_LIMIT":         "-1",
		}
		_, err := config.Load(env(bad))
		if err == nil {
			t.Fatal("Load: got nil error, want one per variable")
		}
		lines := strings.Split(err.Error(), "\n")
		if len(lines) != len(bad) {
			t.Errorf("got %d lines, want %d:\n%v", len(lines), len(bad), err)
		}
		for name := range bad {
			if !strings.Contains(err.Error(), name+":") {
				t.Errorf("error does not name %s:\n%v", name, err)
			}
		}
	})
	t.Run("ChatRateNotANumber", func(t *testing.T) {
		t.Parallel()
		for _, v := range []string{"NaN", "nan", "Inf", "+Inf"} {
			if _, err := config.Load(env(map[string]string{"OUTBOUND_CHAT_RATE": v})); err == nil || !strings.Contains(err.Error(), "OUTBOUND_CHAT_RATE:") {
				t.Errorf("OUTBOUND_CHAT_RATE=%s: err=%v, want one naming it", v, err)
			}
		}
	})
	t.Run("Webhook", func(t *testing.T) {
		t.Parallel()
		ok := map[string]string{"BOT_MODE": "webhook", "TELEGRAM_BOT_TOKEN": "123:abc",
			"WEBHOOK_URL": "https://bot.example.org/telegram", "WEBHOOK_SECRET": "s3cret-s3cret_s3cret"}
		c, err := config.Load(env(ok))
		if err != nil || c.Mode() != config.ModeWebhook || c.WebhookSecret != ok["WEBHOOK_SECRET"] || c.WebhookPath() != "/telegram" {
			t.Fatalf("Load(webhook): mode %q, path %q, err %v", c.Mode(), c.WebhookPath(), err)
		}
		root := map[string]string{}
		for k, v := range ok {
			root[k] = v
		}
		root["WEBHOOK_URL"] = "https://bot.example.org/metrics"
		if _, err := config.Load(env(root)); err == nil || !strings.Contains(err.Error(), "WEBHOOK_URL:") {
			t.Errorf("a webhook on /metrics: err=%v, want one naming WEBHOOK_URL", err)
		}
		// A path the HTTP server cannot route (it panicked at start).
		for _, bad := range []string{"https://bot.example.org/tele%20gram", "https://bot.example.org/tele gram",
			"https://bot.example.org/{hook}", "https://bot.example.org/a//b"} {
			root["WEBHOOK_URL"] = bad
			if _, err := config.Load(env(root)); err == nil || !strings.Contains(err.Error(), "WEBHOOK_URL:") {
				t.Errorf("WEBHOOK_URL %q: err=%v, want one naming WEBHOOK_URL", bad, err)
			}
		}
		root["WEBHOOK_URL"] = "https://bot.example.org/hooks/tg-1.v2/"
		if _, err := config.Load(env(root)); err != nil {
			t.Errorf("a plain nested path: %v", err)
		}
		for name, value := range map[string]string{
			"WEBHOOK_URL":        "http://bot.example.org/telegram", // Telegram posts only to https
			"WEBHOOK_SECRET":     "short",
			"HTTP_ADDR":          "off",
			"TELEGRAM_BOT_TOKEN": "",
		} {
			env2 := map[string]string{}
			for k, v := range ok {
				env2[k] = v
			}
			env2[name] = value
			want := name
			if name == "TELEGRAM_BOT_TOKEN" {
				want = "BOT_MODE"
			}
			if _, err := config.Load(env(env2)); err == nil || !strings.Contains(err.Error(), want+":") {
				t.Errorf("webhook with %s=%q: err=%v, want one naming %s", name, value, err, want)
			}
		}
	})
	t.Run("PollingNeedsToken", func(t *testing.T) {
		t.Parallel()
		_, err := config.Load(env(map[string]string{"BOT_MODE": "polling"}))
		if err == nil || !strings.Contains(err.Error(), "BOT_MODE") {
			t.Errorf("got err=%v, want one naming BOT_MODE", err)
		}
	})
}

func TestWriteMasksSecrets(t *testing.T) {
	t.Parallel()
	c, err := config.Load(env(map[string]string{
		"TELEGRAM_BOT_TOKEN": "123456:SECRETSECRET",
		"DATABASE_URL":       "postgres://app:hunter2@db:5432/ouderkring",
		"BOT_MODE":           "webhook",
		"WEBHOOK_URL":        "https://bot.example.org/tg-hook",
		"WEBHOOK_SECRET":     "webhooksecret_0123456789",
		"ADMIN_TELEGRAM_IDS": "42",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var b strings.Builder
	if err := c.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, secret := range []string{"SECRETSECRET", "hunter2", "webhooksecret"} {
		if strings.Contains(out, secret) {
			t.Errorf("output shows secret %q:\n%s", secret, out)
		}
	}
	// Every variable on a line of its own, with a value: an empty one would
	// tell an operator it is unset when it is not.
	for _, v := range config.Vars {
		var line string
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) > 0 && f[0] == v.Name {
				line = l
			}
		}
		if len(strings.Fields(line)) < 2 {
			t.Errorf("output shows no value for %s:\n%s", v.Name, out)
		}
	}
	for _, want := range []string{"FLOOD_LIMIT          10", "OUTBOUND_RATE        30", "WEBHOOK_URL          https://bot.example.org/tg-hook", "WEBHOOK_SECRET       ****", "ADMIN_TELEGRAM_IDS   [42]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "123456:****") || !strings.Contains(out, "app:xxxxx@db") {
		t.Errorf("masked values missing:\n%s", out)
	}
}
