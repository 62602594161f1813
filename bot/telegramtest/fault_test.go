package telegramtest

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestFaultRateLimited(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.OnRequest(func(method string) *Fault {
		if method == "sendMessage" {
			return RateLimited(3)
		}
		return nil
	})

	_, err := api.Send(tgbotapi.NewMessage(1, "hoi"))
	e := apiErr(t, err)
	if e.Code != 429 || e.RetryAfter != 3 || e.Message != "Too Many Requests: retry after 3" {
		t.Errorf("error = %+v", e)
	}
	calls := srv.CallsTo("sendMessage")
	if len(calls) != 1 || calls[0].OK || calls[0].Fault == nil || calls[0].ChatID() != 1 {
		t.Errorf("calls = %v", calls)
	}
	if len(srv.SentTo(1)) != 0 {
		t.Error("rate-limited message shown in chat")
	}
	if _, err := api.Request(tgbotapi.NewChatAction(1, tgbotapi.ChatTyping)); err != nil {
		t.Errorf("other methods should pass: %v", err)
	}

	srv.OnRequest(nil)
	if _, err := api.Send(tgbotapi.NewMessage(1, "hoi")); err != nil {
		t.Fatal(err)
	}
	if c := srv.Next(t, 1); c.Text() != "hoi" || !c.OK {
		t.Errorf("after removing the hook: %s", c)
	}
}

// A typical retry loop, as the bot would implement it, recovers from a 500
// and a 429 queued with FailNext.
func TestFaultFailNextThenRecover(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.FailNext("sendMessage", *ServerError(), Fault{ErrorCode: 429, RetryAfter: 1})

	var codes []int
	for attempt := 0; attempt < 5; attempt++ {
		_, err := api.Send(tgbotapi.NewMessage(2, "retry me"))
		if err == nil {
			break
		}
		codes = append(codes, apiErr(t, err).Code)
	}
	if len(codes) != 2 || codes[0] != 500 || codes[1] != 429 {
		t.Errorf("error codes = %v, want [500 429]", codes)
	}
	if sent := srv.SentTo(2); len(sent) != 1 {
		t.Errorf("sent = %v", sent)
	}
	if n := len(srv.CallsTo("sendMessage")); n != 3 {
		t.Errorf("%d sendMessage calls, want 3", n)
	}
}

// tgbotapi's upload path does not copy error_code into Error.Code, but
// RetryAfter does survive; bots should rely on that.
func TestFaultOnUpload(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.FailNext("sendDocument", *RateLimited(7))
	_, err := api.Send(tgbotapi.NewDocument(3, tgbotapi.FileBytes{Name: "a.txt", Bytes: []byte("a")}))
	if e := apiErr(t, err); e.RetryAfter != 7 {
		t.Errorf("error = %+v", e)
	}
	if c := srv.CallsTo("sendDocument"); len(c) != 1 || string(c[0].Files["document"]) != "a" {
		t.Errorf("calls = %v", c)
	}
}

func TestFaultDropConnection(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.FailNext("sendMessage", Fault{DropConnection: true})
	_, err := api.Send(tgbotapi.NewMessage(4, "hoi"))
	var e *tgbotapi.Error
	if err == nil || errors.As(err, &e) {
		t.Fatalf("want a transport error, got %v", err)
	}
	if len(srv.SentTo(4)) != 0 {
		t.Error("message delivered despite dropped connection")
	}
	if _, err := api.Send(tgbotapi.NewMessage(4, "hoi")); err != nil {
		t.Errorf("next request: %v", err)
	}
}

func TestFaultRawBody(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.FailNext("getUpdates", Fault{Status: http.StatusBadGateway, Body: "<html>502 Bad Gateway</html>"})
	_, err := api.GetUpdates(tgbotapi.UpdateConfig{})
	var syntaxErr *json.SyntaxError
	if !errors.As(err, &syntaxErr) {
		t.Fatalf("want a JSON decoding error, got %T %v", err, err)
	}
}

// A delay longer than the client's timeout models "sent, but the response
// was lost": the client sees an error although the message was delivered.
func TestFaultDelayResponseLost(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)

	srv.FailNext("sendMessage", Fault{Delay: 100 * time.Millisecond})
	start := time.Now()
	if _, err := api.Send(tgbotapi.NewMessage(5, "traag")); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 100*time.Millisecond {
		t.Errorf("delayed request took %v", took)
	}
	if c := srv.Next(t, 5); c.Fault == nil || !c.OK {
		t.Errorf("delayed call recorded as %s", c)
	}

	api.Client = &http.Client{Timeout: 50 * time.Millisecond}
	srv.FailNext("sendMessage", Fault{Delay: 300 * time.Millisecond})
	if _, err := api.Send(tgbotapi.NewMessage(5, "verloren antwoord")); err == nil {
		t.Fatal("client did not time out")
	}
	if c := srv.Next(t, 5); c.Text() != "verloren antwoord" {
		t.Errorf("lost-response message not delivered: %s", c)
	}
}

func TestOnCallTargetsOneChat(t *testing.T) {
	t.Parallel()
	srv := New(t)
	api := srv.NewClient(t)
	srv.OnCall(func(c Call) *Fault {
		if c.ChatID() == 7 {
			return BotBlocked()
		}
		return nil
	})
	_, err := api.Send(tgbotapi.NewMessage(7, "hoi"))
	if e := apiErr(t, err); e.Code != 403 || e.Message != "Forbidden: bot was blocked by the user" {
		t.Errorf("error = %+v", e)
	}
	if _, err := api.Send(tgbotapi.NewMessage(8, "hoi")); err != nil {
		t.Errorf("other chat: %v", err)
	}
}
