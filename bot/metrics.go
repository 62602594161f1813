package bot

import "github.com/prometheus/client_golang/prometheus"

// Metrics are what an operator watches of the front end: how many updates
// arrive and of which kind, how long they take, what fails, and how the
// Telegram API behaves.
type Metrics struct {
	updates      *prometheus.CounterVec
	latency      prometheus.Histogram
	errors       *prometheus.CounterVec
	apiCalls     *prometheus.CounterVec
	apiFailures  *prometheus.CounterVec
	pollRestarts prometheus.Counter
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
			Name: "ouderkring_errors_total", Help: "Errors while handling updates, by stage (handle, panic, send, poll).",
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
	}
	reg.MustRegister(m.updates, m.latency, m.errors, m.apiCalls, m.apiFailures, m.pollRestarts)
	return m
}
