package bot

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/ouderkring/ouderkring/dialog"
)

func TestParseText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text             string
		kind             dialog.InputKind
		command, payload string
	}{
		{"/start", dialog.InputCommand, "start", ""},
		{"/start r_abc-1", dialog.InputCommand, "start", "r_abc-1"},
		{"/START@ouderkring_bot  org_x ", dialog.InputCommand, "start", "org_x"},
		{"/vergeet", dialog.InputCommand, "vergeet", ""},
		{"/ hallo", dialog.InputText, "", ""},
		{"/😀", dialog.InputText, "", ""},
		{"1/2 jaar", dialog.InputText, "", ""},
		{"hallo /start", dialog.InputText, "", ""},
	} {
		in := parseText(tc.text, "nl")
		if in.Kind != tc.kind || in.Command != tc.command || in.Payload != tc.payload || in.Lang != "nl" {
			t.Errorf("parseText(%q): got kind=%v command=%q payload=%q", tc.text, in.Kind, in.Command, in.Payload)
		}
		if tc.kind == dialog.InputText && in.Text != tc.text {
			t.Errorf("parseText(%q): text got=%q", tc.text, in.Text)
		}
	}
}

// TestToInputCaptionsAndEdits: the words under a photo and in an edited
// message reach the engine (for the safety check); an edit without words
// (a live location moving) and other chats' messages do not.
func TestToInputCaptionsAndEdits(t *testing.T) {
	t.Parallel()
	private := &tgbotapi.Chat{ID: 7, Type: "private"}
	from := &tgbotapi.User{ID: 7, LanguageCode: "nl"}
	photo := []tgbotapi.PhotoSize{{FileID: "p", Width: 10, Height: 10}}
	for _, tc := range []struct {
		name   string
		u      tgbotapi.Update
		ok     bool
		want   dialog.Input
		metric string
	}{
		{"Caption", tgbotapi.Update{Message: &tgbotapi.Message{Chat: private, From: from, Photo: photo, Caption: "ik wil niet meer leven"}},
			true, dialog.Input{Kind: dialog.InputOther, Text: "ik wil niet meer leven", Lang: "nl"}, "other"},
		{"PhotoWithoutWords", tgbotapi.Update{Message: &tgbotapi.Message{Chat: private, From: from, Photo: photo}},
			true, dialog.Input{Kind: dialog.InputOther, Lang: "nl"}, "other"},
		{"EditedText", tgbotapi.Update{EditedMessage: &tgbotapi.Message{Chat: private, From: from, Text: "ik wil dood"}},
			true, dialog.Input{Kind: dialog.InputText, Text: "ik wil dood", Lang: "nl", Edited: true}, "edited"},
		{"EditedCaption", tgbotapi.Update{EditedMessage: &tgbotapi.Message{Chat: private, From: from, Photo: photo, Caption: "help"}},
			true, dialog.Input{Kind: dialog.InputOther, Text: "help", Lang: "nl", Edited: true}, "edited"},
		{"EditedCommand", tgbotapi.Update{EditedMessage: &tgbotapi.Message{Chat: private, From: from, Text: "/zoek ik wil dood"}},
			true, dialog.Input{Kind: dialog.InputCommand, Command: "zoek", Payload: "ik wil dood", Lang: "nl", Edited: true}, "edited"},
		{"LiveLocationMoves", tgbotapi.Update{EditedMessage: &tgbotapi.Message{Chat: private, From: from, Location: &tgbotapi.Location{Latitude: 52, Longitude: 5}}},
			false, dialog.Input{}, "ignored"},
		{"EditInGroup", tgbotapi.Update{EditedMessage: &tgbotapi.Message{Chat: &tgbotapi.Chat{ID: -5, Type: "group"}, From: from, Text: "ik wil dood"}},
			false, dialog.Input{}, "ignored"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chat, in, ok := toInput(tc.u)
			if ok != tc.ok || !reflect.DeepEqual(in, tc.want) || (ok && chat != 7) {
				t.Errorf("got chat=%d ok=%v in=%+v, want ok=%v in=%+v", chat, ok, in, tc.ok, tc.want)
			}
			if got := updateKind(in, ok); got != tc.metric {
				t.Errorf("metric: got=%q, want %q", got, tc.metric)
			}
		})
	}
	if !slices.Contains(allowedUpdates, "edited_message") {
		t.Errorf("allowed updates %v lack edited_message", allowedUpdates)
	}
}

// FuzzUpdate: no update Telegram could send — any JSON that decodes as
// one — panics where the bot reads it (the chat it belongs to, the
// dialog's input). A callback query without a message once did, in the
// poll loop, taking the bot down at every restart.
func FuzzUpdate(f *testing.F) {
	for _, seed := range []string{
		`{"update_id":1,"callback_query":{"id":"q","data":"menu","from":{"id":5}}}`,
		`{"update_id":2,"callback_query":{"id":"q","message":{"message_id":3},"from":{"id":5}}}`,
		`{"update_id":3,"message":{"message_id":1,"text":"/start"}}`,
		`{"update_id":4,"edited_message":{"message_id":1,"chat":{"id":5,"type":"private"}}}`,
		`{"update_id":5,"channel_post":{"message_id":1}}`,
		`{"update_id":6,"inline_query":{"id":"i","query":"x"}}`,
		`{"update_id":7,"message":{"message_id":1,"chat":{"id":5,"type":"private"},"location":{"latitude":95,"longitude":200}}}`,
		`{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var u tgbotapi.Update
		if json.Unmarshal(data, &u) != nil {
			return
		}
		chatOf(u)
		toInput(u)
	})
}

func TestCallbackWithoutMessage(t *testing.T) {
	var u tgbotapi.Update
	if err := json.Unmarshal([]byte(`{"update_id":1,"callback_query":{"id":"q","data":"menu","from":{"id":5}}}`), &u); err != nil {
		t.Fatal(err)
	}
	if c := chatOf(u); c != 0 {
		t.Errorf("chatOf = %d, want 0 (no chat)", c)
	}
	if _, _, ok := toInput(u); ok {
		t.Error("a callback without a message became an input")
	}
}

func TestRecentIDs(t *testing.T) {
	var r recentIDs
	if r.repeat(7) || !r.repeat(7) {
		t.Fatal("7 twice: want new, then a repeat")
	}
	for id := 100; id < 100+4096; id++ {
		r.repeat(id)
	}
	if r.repeat(7) {
		t.Error("7 is remembered after 4,096 newer ids; the set must stay bounded")
	}
}

// TestSentAt: the flood limit counts by when a message was sent (its
// date), so a backlog handed over at once after a restart is no flood; a
// press has no date and counts now.
func TestSentAt(t *testing.T) {
	sent := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	m := &tgbotapi.Message{Date: int(sent.Unix())}
	if got := sentAt(tgbotapi.Update{Message: m}); !got.Equal(sent) {
		t.Errorf("a message: %v, want its date %v", got, sent)
	}
	if got := sentAt(tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{}}); time.Since(got) > time.Minute {
		t.Errorf("a press: %v, want now", got)
	}
	f := newFlood(3)
	for i := range 10 {
		if ok, _ := f.allow(1, sent.Add(time.Duration(i)*time.Second)); !ok {
			t.Fatalf("message %d, sent a second after the one before, was dropped as a flood", i)
		}
	}
}
