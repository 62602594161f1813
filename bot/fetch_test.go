package bot

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/ouderkring/ouderkring/dialog"
)

// TestFetchDecodesOnlyNewUpdates: a poll brings back the updates still in
// flight; fetch counts them but decodes only those above the highest seen.
// An update that does not decode is handed on as its id alone (and
// counted), not a failure of every poll after it — with the text of a
// private chat's message or edit when that can be read, so it still meets
// the safety check; a body that is not a list is an error.
func TestFetchDecodesOnlyNewUpdates(t *testing.T) {
	b := setupDeliver(t)
	var body atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/getUpdates") {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, body.Load().(string))
	}))
	t.Cleanup(srv.Close)
	b.tg.api.SetAPIEndpoint(srv.URL + "/bot%s/%s")

	msg := func(id int, text string) string {
		return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":%q}}`, id, id, text)
	}
	// 5 was fetched before (and is still in flight); 6 is new; 7 has a
	// message of the wrong type; 8 has its id last, as JSON allows.
	body.Store(`{"ok":true,"result":[` + msg(5, "old") + `,` + msg(6, "new") +
		`,{"update_id":7,"message":"not an object"}` +
		`,{"message":{"message_id":8,"date":1,"chat":{"id":42,"type":"private"},"text":"last"},"update_id":8}` +
		`,{"update_id":9,"message":{"message_id":9,"date":"today","chat":{"id":43,"type":"private"},"from":{"id":43,"is_bot":false,"first_name":"B","language_code":"nl"},"text":"ik wil niet meer leven"}}` +
		`,{"update_id":10,"edited_message":{"message_id":3,"date":1,"edit_date":"now","chat":{"id":44,"type":"private"},"from":{"id":44,"is_bot":false,"first_name":"C"},"caption":"help"}}]}`)

	updates, fetched, err := b.tg.fetch(tgbotapi.UpdateConfig{Offset: 5}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if fetched != 6 {
		t.Errorf("fetched %d, want 6 (the one in flight counts)", fetched)
	}
	var got []string
	for _, u := range updates {
		text := ""
		switch {
		case u.Message != nil:
			lang := ""
			if u.Message.From != nil {
				lang = u.Message.From.LanguageCode
			}
			text = fmt.Sprintf("%d/%s/%s", u.Message.Chat.ID, lang, u.Message.Text)
		case u.EditedMessage != nil:
			text = fmt.Sprintf("edited %d/%s", u.EditedMessage.Chat.ID, u.EditedMessage.Text)
		}
		got = append(got, fmt.Sprintf("%d:%s", u.UpdateID, text))
	}
	if want := "6:42//new 7: 8:42//last 9:43/nl/ik wil niet meer leven 10:edited 44/help"; strings.Join(got, " ") != want {
		t.Errorf("updates %q, want %q", strings.Join(got, " "), want)
	}
	// What the engine then gets: the text, from the chat, as text (an edit
	// as an edit), so the safety check reads it first.
	for i, want := range map[int]struct {
		chat   int64
		text   string
		edited bool
	}{3: {43, "ik wil niet meer leven", false}, 4: {44, "help", true}} {
		chat, in, ok := toInput(updates[i])
		if !ok || chat != want.chat || in.Kind != dialog.InputText || in.Text != want.text || in.Edited != want.edited || in.UpdateID != int64(updates[i].UpdateID) {
			t.Errorf("update %d as input: chat %d, %+v, %v; want %+v", updates[i].UpdateID, chat, in, ok, want)
		}
	}
	if n := b.metric(t, "ouderkring_errors_total", "stage", "decode"); n != 3 {
		t.Errorf("decode errors counted %v, want 3", n)
	}
	for _, secret := range []string{"not an object", "niet meer leven", "help"} {
		if strings.Contains(b.logs.String(), secret) {
			t.Errorf("the log holds the update's content %q: %s", secret, b.logs.String())
		}
	}

	// Nothing new: nothing decoded, all counted.
	if updates, fetched, err := b.tg.fetch(tgbotapi.UpdateConfig{Offset: 5}, 10); err != nil || len(updates) != 0 || fetched != 6 {
		t.Errorf("all seen: %d updates, %d fetched, %v; want 0, 6, nil", len(updates), fetched, err)
	}

	body.Store(`{"ok":true,"result":{"update_id":9}}`)
	if _, _, err := b.tg.fetch(tgbotapi.UpdateConfig{Offset: 9}, 8); err == nil {
		t.Error("a result that is not a list: no error")
	}
	body.Store(`{"ok":true,"result":[{"update_id":"nine","message":5}]}`)
	if _, _, err := b.tg.fetch(tgbotapi.UpdateConfig{Offset: 9}, 8); err == nil {
		t.Error("an update without a readable id that does not decode: no error")
	}
}
