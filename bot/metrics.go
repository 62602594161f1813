package bot

import "github.com/prometheus/client_golang/prometheus"

// Metrics are what an operator watches of the front end: how many updates
// arrive and of which kind, how long they take, what fails, how the
// Telegram API behaves, and what the outbound limits do to messages.
type Metrics struct {
	updates      *prometheus.CounterVec
	latency      prometheus.Histogram
	errors       *prometheus.CounterVec
	apiCalls     *prometheus.CounterVec
	apiFailures  *prometheus.CounterVec
	pollRestarts prometheus.Counter

	outSent    *prometheus.CounterVec
	outFailed  *prometheus.CounterVec
	outRetries *prometheus.CounterVec
	outPauses  *prometheus.CounterVec
	outWait    *prometheus.HistogramVec
	outQueued  *prometheus.GaugeVec

	webhook *prometheus.CounterVec
	flooded prometheus.Counter
}

// NewMetrics registers the front end's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ouderkring_updates_total", Help: "Updates handled, by kind of input.",
		}, []string{"type"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ouderkring_update_duration_seconds",
			Help:    "Time from taking an update to having sent every reply.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ouderkring_errors_total", Help: "Errors while handling updates, by stage (handle: answered with an apology; unavailable: the database away, the update waits; decode: an update that did not decode, handled as its text if it had one, else confirmed unhandled; panic, send, notify, poll).",
		}, []string{"stage"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ouderkring_telegram_requests_total", Help: "Telegram Bot API requests, by method.",
		}, []string{"method"}),
		apiFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ouderkring_telegram_failures_total", Help: "Failed Telegram Bot API requests, by method and reason.",
		}, []string{"method", "reason"}),
		pollRestarts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ouderkring_telegram_poll_retries_total", Help: "Long polls retried after an error.",
		}),
		outSent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ouderkring_outbound_sent_total",
			Help: "Messages Telegram accepted, by lane (direct: answers to updates; bulk: the bot speaking first).",
		}, []string{"lane"}),
		outFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ouderkring_outbound_failed_total",
			Help: "Messages given up, by lane and reason (blocked, deactivated, kicked, not_started, forbidden, chat_not_found, migrated: the chat is gone; rejected, rate_limited, gave_up, canceled).",
		}, []string{"lane", "reason"}),
		outRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ouderkring_outbound_retries_total", Help: "Messages sent again, by what the last attempt got (429, 5xx, network).",
		}, []string{"reason"}),
		outPauses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ouderkring_outbound_pauses_total", Help: "429 waits, for one chat or for all chats (Telegram refusing the bot as a whole).",
		}, []string{"scope"}),
		outWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ouderkring_outbound_wait_seconds",
			Help:    "Time a message waited for the outbound limits before it was sent, by lane.",
			Buckets: []float64{.001, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 180},
		}, []string{"lane"}),
		outQueued: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "ouderkring_outbound_waiting", Help: "Messages waiting for the outbound limits now, by lane.",
		}, []string{"lane"}),
		webhook: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ouderkring_webhook_requests_total",
			Help: "Webhook requests, by result: handled, duplicate (delivered again, skipped), flooded (over FLOOD_LIMIT, dropped), unauthorized (wrong secret), bad_request, too_large, unavailable (database away; Telegram delivers again).",
		}, []string{"result"}),
		flooded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ouderkring_flood_dropped_total", Help: "Updates dropped because one chat sent more than FLOOD_LIMIT a second.",
		}),
	}
	reg.MustRegister(m.updates, m.latency, m.errors, m.apiCalls, m.apiFailures, m.pollRestarts,
		m.outSent, m.outFailed, m.outRetries, m.outPauses, m.outWait, m.outQueued, m.webhook, m.flooded)
	return m
}
