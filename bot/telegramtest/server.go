package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Defaults used by New unless overridden with an Option.
const (
	DefaultToken       = "123456789:TEST-ouderkring-fake-token"
	DefaultBotUsername = "ouderkring_test_bot"
	DefaultPollCap     = 2 * time.Second
	DefaultWaitTimeout = 5 * time.Second
)

// maxUploadMemory bounds the memory used to parse one multipart request.
const maxUploadMemory = 32 << 20

// Server is a fake Telegram Bot API server. All methods are safe for
// concurrent use; the bot under test runs in its own goroutines.
type Server struct {
	tb   testing.TB
	opts options
	bot  tgbotapi.User
	hs   *httptest.Server

	done      chan struct{} // closed by Close: ends long polls and waits
	closeOnce sync.Once

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	calls   []Call
	sent    map[int64][]int // per chat: the indexes in calls of SentTo's calls
	hook    func(Call) *Fault
	oneShot map[string][]*Fault // by lower-case method name

	queue      []tgbotapi.Update // unconfirmed updates, sorted by UpdateID
	lastUpdate int               // highest UpdateID handed out so far
	confirmed  int               // highest offset the bot sent in getUpdates
	delivered  int               // highest UpdateID returned by getUpdates
	longPolls  int               // getUpdates calls waiting for an update right now

	lastMessage int                      // message ids, shared by both directions
	messages    map[int]tgbotapi.Message // current state of messages sent by the bot
	langs       map[int64]string         // last language_code used per chat
	cursors     map[int64]int            // per chat: outgoing messages consumed by Next
	callbacks   map[string]bool          // callback query ids handed to the bot
	commands    []CommandSet             // setMyCommands state, in first-set order
}

type options struct {
	token       string
	username    string
	pollCap     time.Duration
	waitTimeout time.Duration
	logCalls    bool
}

// Option configures a Server.
type Option func(*options)

// WithToken sets the bot token the server accepts (default DefaultToken).
// Use the Telegram format "<bot id>:<secret>"; the id becomes the bot's user id.
func WithToken(token string) Option { return func(o *options) { o.token = token } }

// WithBotUsername sets the username getMe reports (default DefaultBotUsername).
func WithBotUsername(name string) Option { return func(o *options) { o.username = name } }

// WithPollCap caps how long a getUpdates long poll waits, whatever timeout the
// bot asks for, so tests stay fast (default DefaultPollCap).
func WithPollCap(d time.Duration) Option { return func(o *options) { o.pollCap = d } }

// WithWaitTimeout sets how long Next, WaitCall, WaitConsumed etc. wait before
// failing the test (default DefaultWaitTimeout).
func WithWaitTimeout(d time.Duration) Option { return func(o *options) { o.waitTimeout = d } }

// WithCallLog logs every recorded call with tb.Logf, for debugging a test
// (not with Start, which has no tb).
func WithCallLog() Option { return func(o *options) { o.logCalls = true } }

// New starts a fake Telegram server. It is closed by tb.Cleanup.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := start(tb, opts)
	tb.Cleanup(s.Close)
	return s
}

// Start starts a fake Telegram server outside a test, for a command such
// as a benchmark; the caller closes it. The helpers that take a testing.TB
// (Next, WaitSent, …) still need one; Calls, CallsTo, Deliveries and
// MaxInWindow do not.
func Start(opts ...Option) *Server {
	return start(nil, opts)
}

func start(tb testing.TB, opts []Option) *Server {
	o := options{
		token:       DefaultToken,
		username:    DefaultBotUsername,
		pollCap:     DefaultPollCap,
		waitTimeout: DefaultWaitTimeout,
	}
	for _, opt := range opts {
		opt(&o)
	}
	botID, _ := strconv.ParseInt(strings.SplitN(o.token, ":", 2)[0], 10, 64)
	if botID <= 0 {
		botID = 123456789
	}
	s := &Server{
		tb:   tb,
		opts: o,
		bot: tgbotapi.User{
			ID:            botID,
			IsBot:         true,
			FirstName:     "Ouderkring Test",
			UserName:      o.username,
			CanJoinGroups: true,
		},
		done:       make(chan struct{}),
		changed:    make(chan struct{}),
		oneShot:    map[string][]*Fault{},
		lastUpdate: 100000,
		messages:   map[int]tgbotapi.Message{},
		langs:      map[int64]string{},
		cursors:    map[int64]int{},
		sent:       map[int64][]int{},
		callbacks:  map[string]bool{},
	}
	s.hs = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// Close ends pending long polls and waits, and shuts the server down.
// It is called automatically at the end of the test (New), not when the
// server was made with Start.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.hs.Close()
	})
}

// URL is the server's base URL, e.g. "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.hs.URL }

// Endpoint is the API endpoint format for tgbotapi.NewBotAPIWithAPIEndpoint:
// URL() + "/bot%s/%s".
func (s *Server) Endpoint() string { return s.hs.URL + "/bot%s/%s" }

// Token is the bot token the server accepts; other tokens get 401 Unauthorized.
func (s *Server) Token() string { return s.opts.token }

// BotUsername is the bot's username as reported by getMe (without "@").
func (s *Server) BotUsername() string { return s.opts.username }

// BotUser is the bot's own user, as returned by getMe.
func (s *Server) BotUser() tgbotapi.User { return s.bot }

// NewClient returns a real tgbotapi client connected to this server.
func (s *Server) NewClient(tb testing.TB) *tgbotapi.BotAPI {
	tb.Helper()
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(s.Token(), s.Endpoint())
	if err != nil {
		tb.Fatalf("telegramtest: connecting client: %v", err)
	}
	return api
}

// apiError is an {"ok":false} answer.
type apiError struct {
	code int
	desc string
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

type envelope struct {
	OK          bool                         `json:"ok"`
	Result      any                          `json:"result,omitempty"`
	ErrorCode   int                          `json:"error_code,omitempty"`
	Description string                       `json:"description,omitempty"`
	Parameters  *tgbotapi.ResponseParameters `json:"parameters,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v envelope) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeResult(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, envelope{OK: true, Result: result})
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.code, envelope{ErrorCode: e.code, Description: e.desc})
}

// splitPath splits "/bot<token>/<method>".
func splitPath(path string) (token, method string, ok bool) {
	rest, found := strings.CutPrefix(path, "/bot")
	if !found {
		return "", "", false
	}
	token, method, found = strings.Cut(rest, "/")
	if !found || token == "" || method == "" || strings.Contains(method, "/") {
		return "", "", false
	}
	return token, method, true
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		writeError(w, &apiError{code: http.StatusNotFound, desc: "Not Found"})
		return
	}
	if token != s.opts.token {
		writeError(w, &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"})
		return
	}
	c, err := parseCall(r, method)
	if err != nil {
		writeError(w, badRequest("%v", err))
		return
	}

	f := s.faultFor(c)
	if f != nil && f.Delay > 0 {
		// Like Telegram, keep processing even if the client gives up meanwhile.
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-s.done:
			t.Stop()
			return
		}
	}
	c.Fault = f
	if f.fails() {
		c.Error = f.describe()
		s.mu.Lock()
		s.recordLocked(c)
		s.mu.Unlock()
		f.write(w)
		return
	}

	if strings.EqualFold(method, "getUpdates") {
		s.serveGetUpdates(w, r, c)
		return
	}

	s.mu.Lock()
	result, apiErr := s.handleLocked(c)
	if apiErr != nil {
		c.Error = apiErr.desc
	} else {
		c.OK = true
	}
	s.recordLocked(c)
	s.mu.Unlock()

	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	writeResult(w, result)
}

// parseCall decodes a request's parameters and uploaded files, accepting
// query strings, url-encoded and multipart forms, and JSON bodies.
func parseCall(r *http.Request, method string) (*Call, error) {
	c := &Call{
		Method:    method,
		Params:    map[string]string{},
		Files:     map[string][]byte{},
		FileNames: map[string]string{},
		Time:      time.Now(),
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxUploadMemory); err != nil {
			return nil, fmt.Errorf("can't parse multipart form: %v", err)
		}
		defer func() { _ = r.MultipartForm.RemoveAll() }()
		for field, headers := range r.MultipartForm.File {
			if len(headers) == 0 {
				continue
			}
			f, err := headers[0].Open()
			if err != nil {
				return nil, err
			}
			data, err := io.ReadAll(f)
			_ = f.Close()
			if err != nil {
				return nil, err
			}
			c.Files[field] = data
			c.FileNames[field] = headers[0].Filename
		}
	case "application/json":
		var body map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			return nil, fmt.Errorf("can't parse JSON body: %v", err)
		}
		for k, raw := range body {
			var str string
			if json.Unmarshal(raw, &str) == nil {
				c.Params[k] = str
			} else {
				c.Params[k] = string(raw)
			}
		}
	}
	if err := r.ParseForm(); err != nil {
		return nil, fmt.Errorf("can't parse form: %v", err)
	}
	for k, v := range r.Form {
		if _, set := c.Params[k]; !set && len(v) > 0 {
			c.Params[k] = v[0]
		}
	}
	return c, nil
}

// recordLocked appends a call and wakes up waiters. s.mu must be held.
func (s *Server) recordLocked(c *Call) {
	s.calls = append(s.calls, *c)
	if c.OK && c.Visible() {
		id := c.ChatID()
		s.sent[id] = append(s.sent[id], len(s.calls)-1)
	}
	if s.opts.logCalls && s.tb != nil {
		s.tb.Logf("telegramtest: %s", c)
	}
	s.bumpLocked()
}

// bumpLocked wakes up everything waiting for a state change.
func (s *Server) bumpLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitUntil waits until cond, which runs with s.mu held, reports true. It
// returns false if the timeout elapses or the server is closed first.
func (s *Server) waitUntil(timeout time.Duration, cond func() bool) bool {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return true
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-t.C:
			return false
		case <-s.done:
			return false
		}
	}
}
