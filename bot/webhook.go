package bot

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Webhook mode: Telegram posts each update to WEBHOOK_URL; a TLS proxy
// hands it to HTTP_ADDR, where WebhookHandler takes it. Several replicas
// may run behind the proxy: the Gate (db.Gate, in Postgres) makes each
// update run at most once however often it is delivered, and the updates
// of one chat one at a time whichever replica they reach.

// Gate is what webhook mode needs of the database (db.Gate). Try runs
// handle for an update not handled before, holding the chat's lock, and
// records it only if handle reports it handled; an error means it was not,
// and Telegram should deliver it again.
type Gate interface {
	Try(ctx context.Context, updateID, chatID int64, handle func(context.Context) bool) (bool, error)
}

// WebhookOptions configure webhook mode.
type WebhookOptions struct {
	URL    string // the public https URL Telegram posts to
	Secret string // sent back by Telegram in X-Telegram-Bot-Api-Secret-Token
	Gate   Gate   // nil: a single instance, no database gate
	// MaxBody bounds a request's body (default 1 MiB; an update is a few KB).
	MaxBody int64
}

const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// RunWebhook connects, registers the webhook (with its secret) and the
// command list, and then serves updates through WebhookHandler until ctx
// is done; it returns once the updates in progress are finished. The
// webhook stays registered when it stops, so Telegram keeps the updates
// that arrive meanwhile and delivers them to the next instance.
func (t *Telegram) RunWebhook(ctx context.Context, o WebhookOptions) error {
	if err := t.Connect(ctx); err != nil {
		return err
	}
	if !t.isConnected() {
		return nil
	}
	work := context.WithoutCancel(ctx)
	t.webhookMode.Store(true)
	t.setup(work)
	// telegram-bot-api v5.5.1's WebhookConfig predates secret_token, so
	// the call is made with the library's plain MakeRequest.
	params := tgbotapi.Params{"url": o.URL, "secret_token": o.Secret, "max_connections": strconv.Itoa(min(t.opts.Workers, 100))} // Telegram allows 1-100
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return err
	}
	err := withRetry(work, 5, func() error {
		_, err := t.api.MakeRequest("setWebhook", params)
		return err
	})
	if err != nil {
		t.log.Error("setWebhook failed; Telegram will not deliver updates until it works", "err", errText(err))
	} else {
		t.log.Info("webhook registered", "bot", t.api.Self.UserName)
	}
	<-ctx.Done()
	t.inflight.Wait()
	t.answering.Wait()
	return nil
}

// WebhookHandler serves Telegram's update posts: the secret header must
// match (else 401, counted), the body must be one JSON update within
// MaxBody (else 400 or 413, nothing touched). The update is handled before
// the answer, so a 200 means done; a 503 (the database is away) makes
// Telegram deliver it again. At most Workers updates are handled at once.
func (t *Telegram) WebhookHandler(o WebhookOptions) http.Handler {
	if o.MaxBody <= 0 {
		o.MaxBody = 1 << 20
	}
	slots := make(chan struct{}, t.opts.Workers)
	secret := []byte(o.Secret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get(secretHeader))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			t.metrics.webhook.WithLabelValues("unauthorized").Inc()
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var u tgbotapi.Update
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, o.MaxBody))
		if err := dec.Decode(&u); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				t.metrics.webhook.WithLabelValues("too_large").Inc()
				http.Error(w, "too large", http.StatusRequestEntityTooLarge)
				return
			}
			t.metrics.webhook.WithLabelValues("bad_request").Inc()
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		if u.UpdateID <= 0 {
			t.metrics.webhook.WithLabelValues("bad_request").Inc()
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		// Not connected yet (getMe has not answered): nothing can be sent,
		// not even a "slow down", so Telegram delivers it again later.
		if !t.isConnected() {
			t.metrics.webhook.WithLabelValues("unavailable").Inc()
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		// A repeated delivery goes on to the gate, which skips it as a
		// duplicate; only a first delivery counts toward the flood limit.
		if !t.delivered.repeat(u.UpdateID) && t.flooded(context.WithoutCancel(r.Context()), u) {
			t.metrics.webhook.WithLabelValues("flooded").Inc()
			return
		}
		select {
		case slots <- struct{}{}:
		case <-r.Context().Done():
			return
		}
		defer func() { <-slots }()
		t.inflight.Add(1)
		defer t.inflight.Done()
		// The update finishes even if Telegram hangs up meanwhile.
		ctx := context.WithoutCancel(r.Context())
		// A database that is away fails the update before anything is
		// said (handle reports false): 503, and Telegram delivers it again.
		if o.Gate == nil {
			if !t.handle(ctx, u, nil) {
				t.metrics.webhook.WithLabelValues("unavailable").Inc()
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
				return
			}
			t.metrics.webhook.WithLabelValues("handled").Inc()
			return
		}
		ran, err := o.Gate.Try(ctx, int64(u.UpdateID), chatOf(u), func(ctx context.Context) bool { return t.handle(ctx, u, nil) })
		switch {
		case err != nil && !ran:
			t.metrics.webhook.WithLabelValues("unavailable").Inc()
			t.log.Warn("webhook update not handled; Telegram will deliver it again", "update_id", u.UpdateID, "err", err)
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
		case err != nil:
			t.metrics.webhook.WithLabelValues("handled").Inc()
			t.log.Warn("webhook update handled but not recorded; a redelivery would run it again", "update_id", u.UpdateID, "err", err)
		case !ran:
			t.metrics.webhook.WithLabelValues("duplicate").Inc()
		default:
			t.metrics.webhook.WithLabelValues("handled").Inc()
		}
	})
}

// webhookState is what webhook mode adds to Telegram.
type webhookState struct {
	inflight    sync.WaitGroup // updates being handled
	webhookMode atomic.Bool    // setup keeps the webhook instead of deleting it
	delivered   recentIDs      // update ids this process was handed already
}

// recentIDs remembers the last few thousand update ids a process was
// handed, so a delivery Telegram repeats is not counted against the chat's
// flood limit a second time (the gate then skips it as a duplicate).
type recentIDs struct {
	mu   sync.Mutex
	seen map[int]bool
	ring []int
	next int
}

// repeat records id and reports whether it was recorded before.
func (r *recentIDs) repeat(id int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[id] {
		return true
	}
	if r.seen == nil {
		r.seen, r.ring = map[int]bool{}, make([]int, 4096)
	}
	delete(r.seen, r.ring[r.next])
	r.ring[r.next], r.seen[id] = id, true
	r.next = (r.next + 1) % len(r.ring)
	return false
}
