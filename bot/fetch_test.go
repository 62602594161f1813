package bot

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// TestFetchDecodesOnlyNewUpdates: a poll brings back the updates still in
// flight; fetch counts them but decodes only those above the highest seen.
// An update that does not decode is handed on as its id alone (and
// counted), not a failure of every poll after it; a body that is not a list
// is an error.
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
		`,{"message":{"message_id":8,"date":1,"chat":{"id":42,"type":"private"},"text":"last"},"update_id":8}]}`)

	updates, fetched, err := b.tg.fetch(tgbotapi.UpdateConfig{Offset: 5}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if fetched != 4 {
		t.Errorf("fetched %d, want 4 (the one in flight counts)", fetched)
	}
	var got []string
	for _, u := range updates {
		text := ""
		if u.Message != nil {
			text = u.Message.Text
		}
		got = append(got, fmt.Sprintf("%d:%s", u.UpdateID, text))
	}
	if want := "6:new 7: 8:last"; strings.Join(got, " ") != want {
		t.Errorf("updates %q, want %q", strings.Join(got, " "), want)
	}
	if n := b.metric(t, "ouderkring_errors_total", "stage", "decode"); n != 1 {
		t.Errorf("decode errors counted %v, want 1", n)
	}
	if strings.Contains(b.logs.String(), "not an object") {
		t.Errorf("the log holds the update's content: %s", b.logs.String())
	}

	// Nothing new: nothing decoded, all counted.
	if updates, fetched, err := b.tg.fetch(tgbotapi.UpdateConfig{Offset: 5}, 8); err != nil || len(updates) != 0 || fetched != 4 {
		t.Errorf("all seen: %d updates, %d fetched, %v; want 0, 4, nil", len(updates), fetched, err)
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
