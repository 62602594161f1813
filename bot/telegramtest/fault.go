package telegramtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Fault describes how the server misbehaves for one request. The zero value
// (or a nil *Fault) means "answer normally".
//
// A fault fails the request if any of Status, ErrorCode, Body or
// DropConnection is set; otherwise only Delay applies and the request is then
// handled normally. A failed request is recorded (Call.OK false, Call.Fault
// set) but has no effect: no message is sent, no offset confirmed.
type Fault struct {
	// Status is the HTTP status code. Zero means ErrorCode, or 500 if that
	// is zero too. (tgbotapi decodes the body whatever the status is.)
	Status int
	// ErrorCode is the "error_code" in the JSON body; zero means Status.
	ErrorCode int
	// Description is the "description"; empty means a Telegram-like text
	// derived from the code, e.g. "Too Many Requests: retry after 3".
	Description string
	// RetryAfter, if positive, is sent as "parameters":{"retry_after":N}.
	RetryAfter int
	// Body, if set, is sent verbatim instead of the JSON error envelope,
	// e.g. an HTML error page from a proxy.
	Body string
	// Delay is waited before the request is answered (or failed). Like
	// Telegram, the server still handles the request if the client has
	// given up meanwhile, so Delay can model "sent, but response lost".
	Delay time.Duration
	// DropConnection closes the connection without any response, before
	// the request is handled: like a connection lost on the way to
	// Telegram, so a client that sends the same message again shows it
	// once. (A connection lost on the way back, after Telegram accepted a
	// message, would show it twice; a Delay longer than the client waits
	// models that.)
	DropConnection bool
}

// RateLimited is Telegram's flood-control answer: 429 with retry_after.
func RateLimited(retryAfter int) *Fault {
	return &Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
}

// ServerError is a 500 Internal Server Error answer.
func ServerError() *Fault {
	return &Fault{Status: http.StatusInternalServerError}
}

// BotBlocked is the 403 Telegram answers when the user blocked the bot.
func BotBlocked() *Fault {
	return &Fault{Status: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
}

// OnRequest installs a hook consulted for every authorised request, with the
// method name as sent (e.g. "sendMessage"). Returning nil answers normally.
// It replaces any hook set by OnRequest or OnCall; nil removes it. The hook
// runs on server goroutines and may call Server methods.
func (s *Server) OnRequest(hook func(method string) *Fault) {
	if hook == nil {
		s.OnCall(nil)
		return
	}
	s.OnCall(func(c Call) *Fault { return hook(c.Method) })
}

// OnCall is like OnRequest, but the hook sees the whole decoded request, so
// it can fail e.g. only messages to one chat. It replaces any hook set by
// OnRequest or OnCall; nil removes it.
func (s *Server) OnCall(hook func(c Call) *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = hook
}

// FailNext makes the next len(faults) requests for method fail with the given
// faults, in order; they take precedence over the OnRequest/OnCall hook.
// Method names are matched case-insensitively.
func (s *Server) FailNext(method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(method)
	for _, f := range faults {
		s.oneShot[key] = append(s.oneShot[key], &f)
	}
}

// faultFor picks the fault for a request: a queued one-shot fault, else the
// hook's verdict. The hook is called without holding s.mu.
func (s *Server) faultFor(c *Call) *Fault {
	s.mu.Lock()
	key := strings.ToLower(c.Method)
	if q := s.oneShot[key]; len(q) > 0 {
		s.oneShot[key] = q[1:]
		s.mu.Unlock()
		return q[0]
	}
	hook := s.hook
	s.mu.Unlock()
	if hook == nil {
		return nil
	}
	return hook(*c)
}

// fails reports whether the fault replaces the normal answer.
func (f *Fault) fails() bool {
	return f != nil && (f.Status != 0 || f.ErrorCode != 0 || f.Body != "" || f.DropConnection)
}

func (f *Fault) codes() (status, errorCode int) {
	status, errorCode = f.Status, f.ErrorCode
	if status == 0 {
		status = errorCode
	}
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if errorCode == 0 {
		errorCode = status
	}
	return status, errorCode
}

func (f *Fault) description() string {
	if f.Description != "" {
		return f.Description
	}
	_, code := f.codes()
	desc := http.StatusText(code)
	if desc == "" {
		desc = fmt.Sprintf("Error %d", code)
	}
	if f.RetryAfter > 0 {
		desc += fmt.Sprintf(": retry after %d", f.RetryAfter)
	}
	return desc
}

// describe summarises a failing fault for Call.Error.
func (f *Fault) describe() string {
	switch {
	case f.DropConnection:
		return "fault: connection dropped"
	case f.Body != "":
		status, _ := f.codes()
		return fmt.Sprintf("fault: HTTP %d with raw body %q", status, f.Body)
	default:
		return "fault: " + f.description()
	}
}

// write sends the fault's answer, or drops the connection.
func (f *Fault) write(w http.ResponseWriter) {
	if f.DropConnection {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // closes the connection without logging
	}
	status, code := f.codes()
	if f.Body != "" {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	env := envelope{ErrorCode: code, Description: f.description()}
	if f.RetryAfter > 0 {
		env.Parameters = &tgbotapi.ResponseParameters{RetryAfter: f.RetryAfter}
	}
	writeJSON(w, status, env)
}
