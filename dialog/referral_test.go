package dialog_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
	"github.com/ouderkring/ouderkring/meetups"
)

// Chats of the referral tests.
const (
	refParent, refParent2 = 8001, 8002
	refStaffA, refStaffB  = 8101, 8102
	refAdmin              = 8201
)

// Organisations of the referral tests.
const refOrgA, refOrgB = 1, 2

// staffMembers is a role store with staff of two organisations and an
// admin.
type staffMembers struct{}

func (staffMembers) Memberships(ctx context.Context, chatID int64) ([]meetups.Membership, error) {
	switch chatID {
	case refStaffA:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleStaff, OrgID: refOrgA, OrgName: "JGZ Utrecht"}}, nil
	case refStaffB:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleStaff, OrgID: refOrgB, OrgName: "CJG Amersfoort"}}, nil
	case refAdmin:
		return []meetups.Membership{{ChatID: chatID, Role: meetups.RoleAdmin}}, nil
	}
	return nil, nil
}

func (staffMembers) RedeemInvite(ctx context.Context, code string, chatID int64, now time.Time) (meetups.Membership, error) {
	return meetups.Membership{}, meetups.Errorf(meetups.ENOTFOUND, "no invite")
}

func (staffMembers) Admins(ctx context.Context) ([]int64, error) { return nil, nil }

// refBundle is an engine with a catalogue, a geocoder, staff and an
// in-memory referral store, on a clock the test can move.
type refBundle struct {
	e     *dialog.Engine
	store dialog.SessionStore
	mem   *dialogtest.MemStore
	refs  *dialogtest.Referrals
	clock *time.Time
	// area is the link with an area around Utrecht, plain is one without.
	area, plain meetups.ReferralLink
}

// utrechtArea is the area of the link with a preset.
var utrechtArea = meetups.Place{Point: utrecht, Label: "3512JE Utrecht"}

func setupRef(t *testing.T) refBundle {
	t.Helper()
	clock := testNow
	mem := dialogtest.NewMemStore()
	b := refBundle{mem: mem, store: mem, refs: &dialogtest.Referrals{}, clock: &clock}
	b.area = b.refs.Add(meetups.ReferralLink{Code: "areaCode1234567x", Label: "CB Utrecht Overvecht", OrgID: refOrgA,
		OrgName: "JGZ Utrecht", Area: &utrechtArea})
	b.plain = b.refs.Add(meetups.ReferralLink{Code: "plainCode123456x", Label: "CB Vathorst", OrgID: refOrgB, OrgName: "CJG Amersfoort"})
	b.start(t)
	return b
}

// start makes the engine on b.store.
func (b *refBundle) start(t *testing.T) {
	t.Helper()
	geo := &dialogtest.Geocoder{Places: map[string]meetups.Place{
		"3512je": utrechtArea, "utrecht": {Point: utrecht, Label: "Utrecht"},
	}}
	e, err := dialog.New(b.store, dialog.Options{Now: func() time.Time { return *b.clock }, Catalogue: &dialogtest.Catalogue{Meetups: fixture()},
		Geocoder: geo, Members: staffMembers{}, Referrals: b.refs})
	if err != nil {
		t.Fatal(err)
	}
	e.SetBotUsername("@OuderkringBot")
	b.e = e
}

// as runs one input of chatID, in Dutch unless in says otherwise.
func (b refBundle) as(t *testing.T, chatID int64, in dialog.Input) []dialog.Reply {
	t.Helper()
	if in.Lang == "" {
		in.Lang = "nl"
	}
	rs, err := b.e.Handle(context.Background(), chatID, in)
	if err != nil {
		t.Fatalf("Handle(%+v): %v", in, err)
	}
	if len(rs) == 0 {
		t.Fatalf("Handle(%+v): no reply", in)
	}
	for _, r := range rs {
		for _, row := range r.Buttons {
			for _, btn := range row {
				if len(btn.Data) > 64 || (btn.Data == "" && btn.URL == "") {
					t.Fatalf("button %q: callback data %q breaks Telegram's 1–64 byte rule", btn.Text, btn.Data)
				}
			}
		}
	}
	return rs
}

func (b refBundle) session(t *testing.T, chatID int64) dialog.Session {
	t.Helper()
	s, err := b.mem.LoadSession(context.Background(), chatID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (b refBundle) T(id string, data ...any) string { return b.e.Text("nl", id, data...) }

func (b refBundle) isMenu(r dialog.Reply) bool {
	return r.Text == b.T("menu_prompt") && len(r.Buttons) == 5
}

// made is how often event was counted for link.
func (b refBundle) made(link meetups.ReferralLink, e meetups.ReferralEvent) int {
	return b.refs.Made(link.ID, e)
}

func TestStartReferral(t *testing.T) {
	t.Parallel()

	t.Run("PresetAreaStartsTheSearch", func(t *testing.T) {
		t.Parallel()
		b := setupRef(t)
		r := b.as(t, refParent, cmd("start", b.area.Payload()))
		if len(r) != 3 || !strings.Contains(r[0].Text, b.T("greeting")) || !strings.Contains(r[0].Text, b.T("privacy_line")) {
			t.Fatalf("want greeting, area, results; got=%+v", r)
		}
		if want := b.T("ref_area", map[string]any{"Place": "3512JE Utrecht"}); r[1].Text != want {
			t.Errorf("area line: got=%q, want %q", r[1].Text, want)
		}
		if !strings.Contains(r[2].Text, "Peutergroep Kleine Stapjes") {
			t.Errorf("the meetups near the area should come at once: got=%+v", r[2])
		}
		s := b.session(t, refParent)
		if s.Step != "find_results" || s.Search == nil || s.Search.Place == nil || *s.Search.Place != utrechtArea {
			t.Errorf("session: step %q search %+v", s.Step, s.Search)
		}
		if s.Referral == nil || s.Referral.Link != b.area.ID || !s.Referral.Started.Equal(testNow) || s.StartPayload != b.area.Payload() {
			t.Errorf("session keeps %+v and payload %q, want the link and when", s.Referral, s.StartPayload)
		}
		if n := b.made(b.area, meetups.ReferralStart); n != 1 {
			t.Errorf("starts: got=%d, want 1", n)
		}
		// The place can still be changed the usual way, from the results.
		b.as(t, refParent, press("fl:age"))
		res := b.as(t, refParent, press("fa:0-1"))
		if !strings.Contains(res[0].Text, "Peutergroep Kleine Stapjes") {
			t.Fatalf("results near the preset area: got=%q", res[0].Text)
		}
		f := b.as(t, refParent, press("r:filters"))
		if !slicesContain(buttonData(f[0]), "fl:place") {
			t.Errorf("no way to change the place: %v", buttonData(f[0]))
		}
		if r := b.as(t, refParent, press("fl:place")); r[0].Text != b.T("find_where") {
			t.Errorf("change place: got=%q", r[0].Text)
		}
	})

	t.Run("NoAreaGreetsWithMenu", func(t *testing.T) {
		t.Parallel()
		b := setupRef(t)
		r := b.as(t, refParent, cmd("start", b.plain.Payload()))
		if len(r) != 2 || !b.isMenu(r[1]) {
			t.Fatalf("want greeting and menu, got=%+v", r)
		}
		if n := b.made(b.plain, meetups.ReferralStart); n != 1 {
			t.Errorf("starts: got=%d, want 1", n)
		}
	})

	t.Run("SameLinkAgainCountsOnce", func(t *testing.T) {
		t.Parallel()
		b := setupRef(t)
		b.as(t, refParent, cmd("start", b.plain.Payload()))
		*b.clock = testNow.Add(3 * time.Hour)
		b.as(t, refParent, cmd("start", b.plain.Payload()))
		if n := b.made(b.plain, meetups.ReferralStart); n != 1 {
			t.Errorf("starts after opening twice: got=%d, want 1", n)
		}
		if s := b.session(t, refParent); !s.Referral.Started.Equal(testNow) {
			t.Errorf("opening again moved the day on: started %s", s.Referral.Started)
		}
		// Another parent is another start; another link too.
		b.as(t, refParent2, cmd("start", b.plain.Payload()))
		b.as(t, refParent, cmd("start", b.area.Payload()))
		if a, p := b.made(b.area, meetups.ReferralStart), b.made(b.plain, meetups.ReferralStart); a != 1 || p != 2 {
			t.Errorf("starts: area %d plain %d, want 1 and 2", a, p)
		}
	})

	t.Run("BadPayloadsStartNormallyAndCountNothing", func(t *testing.T) {
		t.Parallel()
		b := setupRef(t)
		gone := b.refs.Add(meetups.ReferralLink{Code: "deletedCode12345", Label: "Weg", OrgID: refOrgA, Area: &utrechtArea})
		if err := b.refs.DeleteReferral(context.Background(), gone.ID, testNow); err != nil {
			t.Fatal(err)
		}
		for name, tc := range map[string]struct {
			payload string
			lookup  bool
		}{
			"TooLong":     {"r_" + strings.Repeat("a", 63), false},
			"Space":       {"r_ab c", false},
			"Markup":      {"r_<script>", false},
			"Emoji":       {"r_😀", false},
			"NoCode":      {"r_", false},
			"OtherKind":   {"x_areaCode1234567x", false},
			"Unknown":     {"r_neverMadeCode123", true},
			"Deleted":     {gone.Payload(), true},
			"CaseMatters": {"r_AREACODE1234567X", true},
		} {
			before := b.refs.Lookups
			r := b.as(t, refParent, cmd("start", tc.payload))
			if len(r) != 2 || !strings.Contains(r[0].Text, b.T("greeting")) || !b.isMenu(r[1]) {
				t.Errorf("%s: want the normal greeting and menu, got=%+v", name, r)
			}
			if s := b.session(t, refParent); s.Referral != nil || s.Search != nil {
				t.Errorf("%s: session keeps %+v, search %+v", name, s.Referral, s.Search)
			}
			if looked := b.refs.Lookups > before; looked != tc.lookup {
				t.Errorf("%s: looked up=%v, want %v (malformed codes are never looked up)", name, looked, tc.lookup)
			}
		}
		if len(b.refs.Events) != 0 {
			t.Errorf("counted %+v, want nothing", b.refs.Events)
		}
	})

	t.Run("StoreDownStartsNormally", func(t *testing.T) {
		t.Parallel()
		b := setupRef(t)
		b.refs.LookupErr = errors.New("database down")
		r := b.as(t, refParent, cmd("start", b.area.Payload()))
		if len(r) != 2 || !b.isMenu(r[1]) {
			t.Errorf("want the normal start, got=%+v", r)
		}
	})

	t.Run("CountFailureNeverBreaksTheDialog", func(t *testing.T) {
		t.Parallel()
		b := setupRef(t)
		b.refs.CountErr = errors.New("database down")
		r := b.as(t, refParent, cmd("start", b.area.Payload()))
		if len(r) != 3 || !strings.Contains(r[2].Text, "Peutergroep Kleine Stapjes") {
			t.Errorf("want the preset search, got=%+v", r)
		}
		// Lost, not retried: the session remembers them as counted (the
		// start, and the search the link's area began at once).
		if s := b.session(t, refParent); len(s.Referral.Counted) != 2 {
			t.Errorf("counted %v", s.Referral.Counted)
		}
	})

	t.Run("WithoutStoreStartsNormally", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		r := b.do(t, cmd("start", "r_areaCode1234567x"))
		if len(r) != 2 || !b.isMenu(r[1], "nl") || b.session(t).Referral != nil {
			t.Errorf("got=%+v", r)
		}
	})
}

func slicesContain(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// searchAndDraft runs a whole search and a whole help draft as chat.
func (b refBundle) searchAndDraft(t *testing.T, chat int64) {
	t.Helper()
	b.as(t, chat, cmd("zoek", ""))
	b.as(t, chat, text("Utrecht"))
	b.as(t, chat, press("fl:age"))
	b.as(t, chat, press("fa:0-1"))
	b.as(t, chat, cmd("vraag", ""))
	b.as(t, chat, press("an:babysit"))
	b.as(t, chat, press("aw:friend"))
	b.as(t, chat, press("at:tomorrow"))
	b.as(t, chat, press("ao:skip"))
	b.as(t, chat, press("al:en"))
}

func TestReferralCountsOncePerParent(t *testing.T) {
	t.Parallel()
	b := setupRef(t)
	b.as(t, refParent, cmd("start", b.plain.Payload()))
	b.searchAndDraft(t, refParent)
	b.searchAndDraft(t, refParent) // again: nothing new for the link
	b.as(t, refParent, press("r:more"))
	for e, want := range map[meetups.ReferralEvent]int{meetups.ReferralStart: 1, meetups.ReferralSearch: 1, meetups.ReferralDrafted: 1, meetups.ReferralSaved: 0} {
		if n := b.made(b.plain, e); n != want {
			t.Errorf("%s: got=%d, want %d", e, n, want)
		}
	}
	s := b.session(t, refParent)
	if got := s.Referral.Counted; len(got) != 3 {
		t.Errorf("the session remembers %v, want starts, searches, drafted", got)
	}

	// A parent who did not come through a link counts for no link.
	b.searchAndDraft(t, refParent2)
	if len(b.refs.Events) != 3 {
		t.Errorf("events: %+v, want only the first parent's three", b.refs.Events)
	}

	// A day later the session has forgotten the link: nothing counts.
	*b.clock = testNow.Add(24 * time.Hour)
	b.as(t, refParent, cmd("menu", ""))
	if s := b.session(t, refParent); s.Referral != nil || s.StartPayload != "" {
		t.Errorf("after a day: referral %+v payload %q, want both gone", s.Referral, s.StartPayload)
	}
	b.searchAndDraft(t, refParent)
	if len(b.refs.Events) != 3 {
		t.Errorf("counted after a day: %+v", b.refs.Events)
	}
}

func TestReferralForgetClearsLink(t *testing.T) {
	t.Parallel()
	b := setupRef(t)
	b.as(t, refParent, cmd("start", b.plain.Payload()))
	b.as(t, refParent, cmd("vergeet", ""))
	b.as(t, refParent, press("forget:yes"))
	if s := b.session(t, refParent); s.Version != 0 || s.Referral != nil {
		t.Errorf("after /vergeet the session still holds %+v", s.Referral)
	}
	b.searchAndDraft(t, refParent)
	if n := len(b.refs.Events); n != 1 {
		t.Errorf("after /vergeet: %+v, want only the start", b.refs.Events)
	}
}

func TestReferralRetriedStepCountsOnce(t *testing.T) {
	t.Parallel()
	b := setupRef(t)
	b.store = &conflictOnce{MemStore: b.mem} // engine_test.go
	b.start(t)
	b.as(t, refParent, cmd("start", b.plain.Payload()))
	if n := b.made(b.plain, meetups.ReferralStart); n != 1 {
		t.Errorf("starts after a retried step: got=%d, want 1", n)
	}
}

// TestReferralLogs is not parallel: it swaps the default logger.
func TestReferralLogs(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })

	b := setupRef(t)
	b.refs.CountErr = errors.New("database down")
	b.as(t, refParent, cmd("start", b.area.Payload()))
	b.refs.LookupErr = errors.New("database down")
	b.as(t, refParent2, cmd("start", b.plain.Payload()))
	b.as(t, refParent2, cmd("cijfers", ""))

	logs := buf.String()
	for _, want := range []string{`"msg":"referral count lost"`, `"event":"starts"`, `"msg":"referral link lookup failed"`, `"action":"cijfers"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	for _, secret := range []string{b.area.Code, b.plain.Code, "8001", `"link"`, "Overvecht", "Utrecht"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
}
