package bot

import (
	"context"
	"fmt"
	"net/http"
	"path"
	"time"
)

// apiClient is the HTTP client the Telegram library uses. It exists for
// three things the library does not do: a long poll that stops at once when
// the bot stops (the library's requests carry no context), a short timeout
// for every other call, and counting calls and failures per API method.
type apiClient struct {
	poll    *http.Client    // getUpdates: the long-poll timeout plus a margin
	calls   *http.Client    // everything else
	pollCtx context.Context // a *switchableContext
	metrics *Metrics
}

func newAPIClient(pollCtx context.Context, pollTimeout time.Duration, m *Metrics) *apiClient {
	// Keep enough connections to Telegram open for the sends in flight at
	// once (answers, a fan-out, retries): with the default two, the rest
	// would each open a new TLS connection, slow and uneven.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	return &apiClient{
		poll:    &http.Client{Timeout: pollTimeout + 15*time.Second},
		calls:   &http.Client{Timeout: 30 * time.Second, Transport: tr},
		pollCtx: pollCtx,
		metrics: m,
	}
}

// Do implements tgbotapi.HTTPClient.
func (c *apiClient) Do(req *http.Request) (*http.Response, error) {
	method := path.Base(req.URL.Path)
	client := c.calls
	if method == "getUpdates" {
		req = req.WithContext(c.pollCtx)
		client = c.poll
	}
	c.metrics.apiCalls.WithLabelValues(method).Inc()
	resp, err := client.Do(req)
	switch {
	case err != nil:
		c.metrics.apiFailures.WithLabelValues(method, "network").Inc()
	case resp.StatusCode == http.StatusTooManyRequests:
		c.metrics.apiFailures.WithLabelValues(method, "429").Inc()
	case resp.StatusCode >= 500:
		c.metrics.apiFailures.WithLabelValues(method, "5xx").Inc()
	case resp.StatusCode >= 400:
		c.metrics.apiFailures.WithLabelValues(method, fmt.Sprintf("%d", resp.StatusCode)).Inc()
	}
	return resp, err
}
