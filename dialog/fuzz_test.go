package dialog_test

import (
	"context"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/places"
)

// FuzzDialog plays random sequences of inputs — texts, commands with and
// without payloads, the buttons the bot showed, forged and stale button
// data, locations, app languages — through one engine, as a parent, an
// organiser and an admin. Every save meets a conflict first, so every
// input is stepped twice (dialogtest.Conflicting). After every input: no
// panic, no error, at least one reply, callback data within Telegram's 64
// bytes, no write made twice, and a session that survives the JSON round
// trip the database gives it.
//
// CI runs it for a bounded time (scripts/test.sh); the seeds below and
// testdata/fuzz/FuzzDialog are its corpus.
func FuzzDialog(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte("\x02\x10\x03\x03\x03\x03\x03\x03\x03\x03\x03"))                                     // /zoek, then the buttons shown
	f.Add([]byte("\x02\x11\x03\x03\x00\x05\x03\x03\x03\x03\x03\x03"))                                 // /vraag
	f.Add([]byte("\x82\x13\x83\x03\x00\x07\x03\x03\x03\x03\x03\x03\x03\x03\x03"))                     // an organiser's /nieuw
	f.Add([]byte("\x42\x14\x43\x43\x43\x04\x09\x43\x43"))                                             // an admin's /uitnodigen
	f.Add([]byte("\x02\x15\x03\x03\x01\x04\x06\x08\x0a"))                                             // /vergeet and forged data
	f.Add([]byte("\x02\x01\x07\x54\x03\x00\x03\x00\x03\x00\x03\x00\x03\x00\x03\x01\x03\x02\x02\x0e")) // /zoek at a shared location, buttons shown, /bewaard
	f.Fuzz(func(t *testing.T, script []byte) {
		if len(script) > 400 {
			return
		}
		r := fuzzRigOnce(t)
		for i := 0; i+1 < len(script); i += 2 {
			r.step(t, script[i], script[i+1])
		}
	})
}

// fuzzRig is one engine and what each chat was last shown.
type fuzzRig struct {
	e     *dialog.Engine
	store *dialogtest.Conflicting
	ran   *[]string // the effects of the input being handled (Options.OnEffect)
	saved *dialogtest.Saved
	roles *fuzzRoles
	shown map[int64][]dialog.Button
	msgID int
}

// Chats: a parent, an organiser (of organisation 1) and an admin.
const (
	fuzzParent    = 100
	fuzzOrganiser = 200
	fuzzAdmin     = 300
)

var (
	fuzzRigMu  sync.Mutex
	fuzzShared *fuzzRig
)

// fuzzRigOnce is the one engine of this process (loading the locale
// files for every run would be most of the run), back to a clean slate:
// no sessions, no meetups, nothing shown.
func fuzzRigOnce(t *testing.T) *fuzzRig {
	fuzzRigMu.Lock()
	defer fuzzRigMu.Unlock()
	if fuzzShared == nil {
		fuzzShared = newFuzzRig(t)
	}
	r := fuzzShared
	for _, chat := range []int64{fuzzParent, fuzzOrganiser, fuzzAdmin} {
		if err := r.store.ForgetChat(context.Background(), chat); err != nil {
			t.Fatal(err)
		}
		r.saved.Forget(chat)
	}
	r.roles.mu.Lock()
	r.roles.ms, r.roles.keys, r.roles.redeemedBy = nil, nil, 0
	r.roles.mu.Unlock()
	r.shown, r.msgID = map[int64][]dialog.Button{}, 0
	return r
}

func newFuzzRig(t *testing.T) *fuzzRig {
	store := dialogtest.NewConflicting()
	roles := &fuzzRoles{}
	ran := &[]string{}
	cat := &dialogtest.Catalogue{Meetups: fixture()}
	saved := &dialogtest.Saved{Catalogue: cat}
	refs := &dialogtest.Referrals{}
	refs.Add(meetups.ReferralLink{Code: "fuzzCode12345678", Label: "CB Fuzz", OrgID: 1, OrgName: "Buurtteam Oost",
		Area: &meetups.Place{Point: meetups.Point{Lat: 52.09, Lon: 5.12}, Label: "3512 Utrecht"}})
	e, err := dialog.New(store, dialog.Options{
		Now:       func() time.Time { return testNow },
		Catalogue: cat,
		Saved:     saved,
		Geocoder: places.Geocoder{Next: &dialogtest.Geocoder{Places: map[string]meetups.Place{
			"3512": {Point: meetups.Point{Lat: 52.09, Lon: 5.12}, Label: "3512 Utrecht"},
		}}},
		Members: roles, OrgCatalogue: roles,
		Referrals: refs, Counter: &fakeCounter{}, // counts_test.go
		OnEffect: func(kind string) { *ran = append(*ran, kind) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return &fuzzRig{e: e, store: store, ran: ran, saved: saved, roles: roles, shown: map[int64][]dialog.Button{}}
}

var (
	fuzzTexts = []string{"", "hallo", "3512", "3512 JE", "Utrecht", "morgen", "ja", "Babycafé De Wieg",
		"10:00-11:30", "1-12-2026", "😀", "ik wil niet meer leven", "a\x00b", "Lena", "https://example.org/x",
		"0612345678", "€ 2,50", "geen", string(make([]byte, 1200)), "I shook the baby", "mijn ex bedreigt me",
		"we hebben geen eten meer", "mijn baby ademt niet", "Hengelo", "Amersfoort"}
	fuzzCommands = []string{"start", "zoek", "vraag", "help", "privacy", "vergeet", "taal", "stop", "menu",
		"nieuw", "mijn", "uitnodigen", "link", "cijfers", "bewaard", "onbekend"}
	fuzzPayloads = []string{"", "org_abc", "staff_x", "admin_" + string(make([]byte, 70)), "r_abc", "r_!!", "hoi", "r_fuzzCode12345678", "org_" + fuzzInvite}
	fuzzData     = []string{"menu", "r:d:1", "r:d:999999", "m:dy:1", "m:o:2", "mod:ok:1", "o:pub", "o:x", "fr:y:1",
		"fr:s:2", "inv:r:admin", "lang:en", "lang:xx", "forget:yes", "", string(make([]byte, 80)), "r:sv:1", "r:rb:7", "r:cs:4",
		"sv:x:1", "sv:fy:2", "sv:fg:1", "sv:l", "sv:x:", "fr:u:2", "fr:c:1", "mod:no:1", "mod:cno:2", "mod:cok:1", "lk:x", "lk:new",
		"safety:use", "menu:urgent", "continue", "fp:0", "fp:1", "fp:9", "sv:o:1", "sv:k:rm:1", "sv:k:cn:1", "sv:u:1", "r:week", "r:order:soon", "ad:to:nl"}
	fuzzLangs = []string{"nl", "en", "", "de", "en-GB", "ar"}
)

// step is one input: op picks the chat (high bits) and the kind of input,
// arg picks what.
func (r *fuzzRig) step(t *testing.T, op, arg byte) {
	chat := []int64{fuzzParent, fuzzParent, fuzzOrganiser, fuzzAdmin}[op>>6]
	in := dialog.Input{Lang: fuzzLangs[int(arg>>5)%len(fuzzLangs)]}
	a := int(arg)
	switch op & 0x07 {
	case 0, 1:
		in.Kind, in.Text = dialog.InputText, fuzzTexts[a%len(fuzzTexts)]
		switch op & 0x18 {
		case 0x08: // the words under a photo
			in.Kind = dialog.InputOther
		case 0x10: // an edit of an earlier message
			in.Edited = true
		}
	case 2:
		in.Kind, in.Command = dialog.InputCommand, fuzzCommands[a%len(fuzzCommands)]
		in.Payload = fuzzPayloads[(a/len(fuzzCommands))%len(fuzzPayloads)]
	case 3, 4, 5:
		// A button the chat was shown, most of the time.
		shown := r.shown[chat]
		if len(shown) == 0 {
			in.Kind, in.Command = dialog.InputCommand, "start"
			break
		}
		in.Kind, in.Data, in.MessageID = dialog.InputButton, shown[a%len(shown)].Data, r.msgID
	case 6:
		in.Kind, in.Data, in.MessageID = dialog.InputButton, fuzzData[a%len(fuzzData)], a
	case 7:
		in.Kind = dialog.InputLocation
		in.Location = &meetups.Point{Lat: 50 + float64(a)/40, Lon: 3 + float64(a)/60}
		if a%17 == 0 {
			in.Location = &meetups.Point{Lat: 95, Lon: 200} // not on earth
		}
	}
	before, err := r.store.LoadSession(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	*r.ran = (*r.ran)[:0]
	replies, err := r.e.Handle(context.Background(), chat, in)
	if err != nil {
		t.Fatalf("chat %d, input %+v: %v", chat, in, err)
	}
	for i, kind := range *r.ran {
		if slices.Contains((*r.ran)[:i], kind) {
			t.Fatalf("chat %d, input %+v: %q ran twice in one update (stepped twice: a conflict)", chat, in, kind)
		}
	}
	if len(replies) == 0 && !in.Edited {
		t.Fatalf("chat %d, input %+v: no reply", chat, in)
	}
	if in.Edited {
		// An edit says nothing, or only the safety answer; it never moves
		// the dialog.
		after, err := r.store.LoadSession(context.Background(), chat)
		if err != nil {
			t.Fatal(err)
		}
		if len(replies) > 1 || after.Step != before.Step || !reflect.DeepEqual(after.Ask, before.Ask) || !reflect.DeepEqual(after.Search, before.Search) {
			t.Fatalf("chat %d, edit %+v moved the dialog or said %d things", chat, in, len(replies))
		}
	}
	if after, err := r.store.LoadSession(context.Background(), chat); err == nil && !dialog.DeclaredMove(before.Step, after.Step) {
		t.Errorf("chat %d, input %+v: moved from step %q to %q, which the flow table (flows.go) does not declare", chat, in, before.Step, after.Step)
	}
	var shown []dialog.Button
	for _, rep := range replies {
		// A text id the locale files lack comes back as the id itself
		// ("kind_"+k, a step name): no parent may ever see one.
		texts := strings.Split(rep.Text, "\n")
		for _, row := range rep.Buttons {
			for _, b := range row {
				texts = append(texts, b.Text)
			}
		}
		for _, line := range texts {
			if rawLocaleID.MatchString(strings.TrimSpace(line)) {
				t.Fatalf("input %+v: a raw locale id in a reply: %q", in, line)
			}
		}
		for _, row := range rep.Buttons {
			for _, b := range row {
				if b.URL == "" && (b.Data == "" || len(b.Data) > 64) {
					t.Fatalf("input %+v: button %q with callback data %q", in, b.Text, b.Data)
				}
				if b.Data != "" {
					shown = append(shown, b)
				}
			}
		}
	}
	if len(shown) > 0 {
		r.shown[chat], r.msgID = shown, r.msgID+1
	}
	s, err := r.store.LoadSession(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("session does not marshal: %v", err)
	}
	var back dialog.Session
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatalf("session does not load back: %v\n%s", err, raw)
	}
	again, _ := json.Marshal(back)
	if string(again) != string(raw) {
		t.Fatalf("session changes in the JSON round trip:\n%s\n%s", raw, again)
	}
	if back.Step != s.Step || !reflect.DeepEqual(back.Search, s.Search) || !reflect.DeepEqual(back.Ask, s.Ask) {
		t.Fatalf("session loads back as another: %+v vs %+v", back, s)
	}
}

// rawLocaleID is what a missing locale text looks like: its id.
var rawLocaleID = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)+$`)

// fuzzRoles: the organiser chat organises organisation 1 (trusted), the
// admin chat is an admin, everyone else is a parent; the catalogue side
// keeps saved meetups in memory.
type fuzzRoles struct {
	mu   sync.Mutex
	ms   map[int64]meetups.Meetup
	keys map[string]int64 // draft key → meetup (Publish)
	// redeemedBy is the chat that redeemed fuzzInvite.
	redeemedBy int64
}

func (f *fuzzRoles) Memberships(ctx context.Context, chatID int64) ([]meetups.Membership, error) {
	switch chatID {
	case fuzzOrganiser:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleOrganiser, OrgID: 1, OrgName: "Buurtteam Oost", Trusted: true}}, nil
	case fuzzAdmin:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleAdmin}}, nil
	}
	return nil, nil
}

// RedeemInvite knows one invite, fuzzInvite, for organisation 1: used
// once, and still the redeemer's when the same chat redeems it again.
func (f *fuzzRoles) RedeemInvite(ctx context.Context, code string, chatID int64, now time.Time) (meetups.Membership, error) {
	if code != fuzzInvite {
		return meetups.Membership{}, meetups.Errorf(meetups.ENOTFOUND, "no invite")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.redeemedBy != 0 && f.redeemedBy != chatID {
		return meetups.Membership{}, meetups.Errorf(meetups.EUSED, "used")
	}
	f.redeemedBy = chatID
	return meetups.Membership{ChatID: chatID, Role: meetups.RoleOrganiser, OrgID: 1, OrgName: "Buurtteam Oost"}, nil
}

// fuzzInvite is the one invite code fuzzRoles knows.
const fuzzInvite = "fuzzInvite123456"

func (f *fuzzRoles) Admins(ctx context.Context) ([]int64, error) { return []int64{fuzzAdmin}, nil }

func (f *fuzzRoles) CreateInvite(ctx context.Context, role meetups.Role, orgName string, trusted bool, ttl time.Duration, now time.Time) (meetups.Invite, error) {
	code, err := meetups.NewInviteCode()
	if err != nil {
		return meetups.Invite{}, err
	}
	return meetups.Invite{Code: code, Role: role, OrgName: orgName, Trusted: trusted, ExpiresAt: now.Add(ttl)}, nil
}

func (f *fuzzRoles) RecentOrganisations(ctx context.Context, limit int) ([]dialog.Organisation, error) {
	return []dialog.Organisation{{ID: 1, Name: "Buurtteam Oost"}}, nil
}

func (f *fuzzRoles) SaveMeetup(ctx context.Context, m meetups.Meetup, now time.Time) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ms == nil {
		f.ms = map[int64]meetups.Meetup{}
	}
	if m.ID == 0 {
		m.ID = int64(len(f.ms) + 1)
	}
	f.ms[m.ID] = m
	return m.ID, nil
}

func (f *fuzzRoles) MeetupAny(ctx context.Context, id int64) (meetups.Meetup, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.ms[id]
	if !ok {
		return m, meetups.Errorf(meetups.ENOTFOUND, "no meetup %d", id)
	}
	return m, nil
}

func (f *fuzzRoles) OrgMeetups(ctx context.Context, orgID int64) ([]meetups.Meetup, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []meetups.Meetup
	for _, m := range f.ms {
		if m.OrgID == orgID {
			out = append(out, m)
		}
	}
	return out, nil
}

func (f *fuzzRoles) SetStatus(ctx context.Context, id int64, s meetups.Status, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.ms[id]
	if !ok {
		return meetups.Errorf(meetups.ENOTFOUND, "no meetup %d", id)
	}
	m.Status = s
	f.ms[id] = m
	return nil
}

// PendingMeetups are the meetups waiting for an admin.
func (f *fuzzRoles) PendingMeetups(ctx context.Context) ([]meetups.Meetup, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []meetups.Meetup
	for _, m := range f.ms {
		if m.Status == meetups.StatusPending {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b meetups.Meetup) int { return int(a.ID - b.ID) })
	return out, nil
}

// LiveMeetups is a page of the published meetups, by id.
func (f *fuzzRoles) LiveMeetups(ctx context.Context, offset, limit int) ([]meetups.Meetup, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var live []meetups.Meetup
	for _, m := range f.ms {
		if m.Status == meetups.StatusPublished {
			live = append(live, m)
		}
	}
	slices.SortFunc(live, func(a, b meetups.Meetup) int { return int(a.ID - b.ID) })
	total := len(live)
	live = live[min(offset, total):min(offset+limit, total)]
	return live, total, nil
}

// Publish makes one meetup per draft key, and refuses past the limit.
func (f *fuzzRoles) Publish(ctx context.Context, m meetups.Meetup, p meetups.Publish, now time.Time) (int64, bool, error) {
	f.mu.Lock()
	if id, ok := f.keys[p.Key]; ok {
		f.mu.Unlock()
		return id, false, nil
	}
	n := 0
	for _, o := range f.ms {
		if o.OrgID == m.OrgID {
			n++
		}
	}
	f.mu.Unlock()
	if p.Limit > 0 && n >= p.Limit {
		return 0, false, meetups.Errorf(meetups.ELIMIT, "limit")
	}
	id, err := f.SaveMeetup(ctx, m, now)
	f.mu.Lock()
	if f.keys == nil {
		f.keys = map[string]int64{}
	}
	f.keys[p.Key] = id
	f.mu.Unlock()
	return id, true, err
}

// Confirm is the organiser's "still happening" (dialog.FreshConfirmer).
func (f *fuzzRoles) Confirm(ctx context.Context, id int64, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.ms[id]
	if !ok {
		return meetups.Errorf(meetups.ENOTFOUND, "no meetup %d", id)
	}
	m.ConfirmedAt, m.Unconfirmed = now, false
	f.ms[id] = m
	return nil
}

func (f *fuzzRoles) SubmittedBy(ctx context.Context, id int64) (int64, error) {
	return fuzzOrganiser, nil
}

func (f *fuzzRoles) DeleteMeetup(ctx context.Context, id int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.ms, id)
	return nil
}
