package dialog

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/schoolholidays"
)

// organiser.go is /nieuw: an organiser adds a meetup in a short dialog,
// sees it exactly as parents will, and publishes it (or, when not yet
// trusted, sends it to the admins). Every step checks the role in the
// store, never a flag in the session.

// Organisers is the role store the organiser and admin dialogs need.
type Organisers interface {
	meetups.Members
	Admins(ctx context.Context) ([]int64, error)
}

// OrgCatalogue is the organiser's side of the catalogue.
type OrgCatalogue interface {
	SaveMeetup(ctx context.Context, m meetups.Meetup, now time.Time) (int64, error)
	MeetupAny(ctx context.Context, id int64) (meetups.Meetup, error)
	OrgMeetups(ctx context.Context, orgID int64) ([]meetups.Meetup, error)
	SetStatus(ctx context.Context, id int64, s meetups.Status, reason string) error
	// Publish stores a new meetup made in the bot with its submitter,
	// under the daily limit, in one transaction; one draft key is one
	// meetup however often it runs (created false the second time). Over
	// the limit it returns a meetups.ELIMIT error.
	Publish(ctx context.Context, m meetups.Meetup, p meetups.Publish, now time.Time) (id int64, created bool, err error)
	SubmittedBy(ctx context.Context, id int64) (int64, error)
	DeleteMeetup(ctx context.Context, id int64) error
}

// OrgDraft is a meetup being added or changed by an organiser.
type OrgDraft struct {
	M       meetups.Meetup `json:"m"`
	Repeat  string         `json:"repeat,omitempty"`
	Nth     int            `json:"nth,omitempty"`
	Weekday int            `json:"weekday,omitempty"`
	// Skip is the dates the organiser typed at "skipped dates", kept apart
	// from the school holidays in M.Schedule.ExDates so that choosing
	// another region, or none, takes out only the holiday dates.
	Skip []time.Time `json:"skip,omitempty"`
	// Holidays is the region whose school holidays are skipped, if any;
	// M.Schedule.ExDates holds Skip plus those dates.
	Holidays schoolholidays.Region `json:"holidays,omitempty"`
	// Place is a geocoded address waiting for the organiser's "that's right".
	Place *meetups.Place `json:"place,omitempty"`
	// Back is the steps answered so far, for "back".
	Back []string `json:"back,omitempty"`
	// Edit is set when an existing meetup (M.ID) is changed: each part
	// returns to the preview, and saving keeps its status.
	Edit bool `json:"edit,omitempty"`
	// Key identifies a new meetup's draft (newKey): publishing it twice
	// makes one meetup (OrgCatalogue.Publish).
	Key string `json:"key,omitempty"`
}

// orgGroups groups the steps into the parts an organiser can change one by
// one; orgGroupStart is where each part begins.
var (
	orgGroups = map[string]string{
		stepOrgKind: "kind", stepOrgTitle: "title", stepOrgDesc: "desc",
		stepOrgWhere: "place", stepOrgCheck: "place", stepOrgVenue: "place", stepOrgLink: "place",
		stepOrgRepeat: "when", stepOrgOnce: "when", stepOrgWeekday: "when", stepOrgNth: "when", stepOrgTimes: "when",
		stepOrgUntil: "when", stepOrgSkip: "when", stepOrgHolidays: "when", stepOrgAges: "ages", stepOrgThemes: "themes", stepOrgLangs: "langs",
		stepOrgCost: "cost", stepOrgJoin: "join", stepOrgSignup: "join", stepOrgPreview: "preview",
	}
	orgParts      = []string{"title", "desc", "place", "when", "ages", "themes", "langs", "cost", "join"}
	orgGroupStart = map[string]string{"title": stepOrgTitle, "desc": stepOrgDesc, "place": stepOrgWhere, "when": stepOrgRepeat,
		"ages": stepOrgAges, "themes": stepOrgThemes, "langs": stepOrgLangs, "cost": stepOrgCost, "join": stepOrgJoin}
)

// Steps of /nieuw, in order.
const (
	stepOrgKind    = "org_kind"
	stepOrgTitle   = "org_title"
	stepOrgDesc    = "org_desc"
	stepOrgWhere   = "org_where"
	stepOrgCheck   = "org_where_check"
	stepOrgVenue   = "org_venue"
	stepOrgLink    = "org_link"
	stepOrgRepeat  = "org_repeat"
	stepOrgOnce    = "org_once_when"
	stepOrgWeekday = "org_weekday"
	stepOrgNth     = "org_nth"
	stepOrgTimes   = "org_times"
	stepOrgUntil   = "org_until"
	stepOrgSkip    = "org_skip"
	// stepOrgHolidays offers to skip a region's school holidays; only
	// recurring meetups see it (see holidayStep).
	stepOrgHolidays = "org_holidays"
	stepOrgAges     = "org_ages"
	stepOrgThemes   = "org_themes"
	stepOrgLangs    = "org_langs"
	stepOrgCost     = "org_cost"
	stepOrgJoin     = "org_join"
	stepOrgSignup   = "org_signup"
	stepOrgPreview  = "org_preview"
)

// btnOrg starts every button of the organiser dialogs.
const btnOrg = "o:"

// orgLanguages are offered as buttons; organisers can pick several.
var orgLanguages = []string{"nl", "en", "ar", "tr", "pl", "uk", "fa", "ti", "so", "fr", "de", "es"}

// maxOrgDescRunes keeps a description short enough to read on a phone.
const maxOrgDescRunes = 600

// memberships loads the chat's roles once per input.
func (t *turn) memberships() []meetups.Membership {
	if t.e.members == nil {
		return nil
	}
	if t.roles == nil {
		ms, err := t.e.members.Memberships(t.ctx, t.s.ChatID)
		if err != nil {
			t.fail(fmt.Errorf("memberships: %w", err))
			return nil
		}
		t.roles = &ms
	}
	return *t.roles
}

// refuse says the chat may not do this, and logs the attempt (without
// anything the person typed).
func (t *turn) refuse(action string) {
	slog.Warn("refused: missing role", "action", action, "chat_id", t.s.ChatID)
	t.say("not_allowed")
}

// organiser is the chat's organiser membership, or a refusal.
func (t *turn) organiser(action string) (meetups.Membership, bool) {
	m, ok := meetups.OrgOf(t.memberships())
	if !ok && t.err == nil {
		t.refuse(action)
	}
	return m, ok && t.err == nil
}

// startNew begins /nieuw.
func (t *turn) startNew() {
	m, ok := t.organiser("nieuw")
	if !ok {
		return
	}
	t.s.Org = &OrgDraft{Key: t.newKey(), M: meetups.Meetup{OrgID: m.OrgID, OrgName: m.OrgName, Languages: []string{"nl"},
		Join: meetups.JoinWalkIn, BabiesWelcome: true, SiblingsWelcome: true}}
	t.orgAsk(stepOrgKind)
}

// orgAsk asks the question of one step.
func (t *turn) orgAsk(step string) {
	t.s.Step = step
	d := t.s.Org
	var rows [][]Button
	add := func(text, data string) { rows = append(rows, []Button{{Text: text, Data: btnOrg + data}}) }
	pair := func(buttons []Button) {
		for i := 0; i < len(buttons); i += 2 {
			rows = append(rows, buttons[i:min(i+2, len(buttons))])
		}
	}
	text := t.T(step)
	switch step {
	case stepOrgKind:
		for _, k := range meetups.Kinds {
			add(kindEmoji[k]+" "+t.T("kind_"+string(k)), "k:"+string(k))
		}
	case stepOrgWhere:
		add(t.T("org_online"), "online")
	case stepOrgCheck:
		text = t.T("org_where_check", map[string]any{"Label": d.Place.Label})
		add(t.T("org_where_ok"), "wok")
		add(t.T("org_where_retry"), "wretry")
	case stepOrgVenue:
		add(t.T("org_skip_step"), "vskip")
	case stepOrgRepeat:
		for _, r := range []string{"once", "weekly", "biweekly", "monthly"} {
			add(t.T("rep_"+r), "r:"+r)
		}
	case stepOrgWeekday:
		days := strings.Fields(t.T("days_long"))
		var bs []Button
		for i := 1; i <= 7; i++ {
			bs = append(bs, Button{Text: pick(days, i%7), Data: fmt.Sprintf("%swd:%d", btnOrg, i)})
		}
		pair(bs)
	case stepOrgNth:
		for _, n := range []string{"1", "2", "3", "4", "-1"} {
			add(t.T("nth_"+n), "n:"+n)
		}
	case stepOrgUntil:
		add(t.T("org_until_none"), "un")
	case stepOrgSkip:
		add(t.T("org_skip_none"), "sn")
	case stepOrgHolidays:
		text = t.T("org_holidays", map[string]any{"Year": schoolholidays.End().Year()})
		add(t.T("org_hol_none"), "h:no")
		for _, r := range schoolholidays.Regions {
			label := t.T("org_hol_" + string(r))
			if d.Holidays == r {
				label = "✓ " + label
			}
			add(label, "h:"+string(r))
		}
	case stepOrgAges:
		pair(t.toggles("a:", agesOf(d.M), []string{"pregnant", "0-1", "1-4", "4-12", "12+"},
			[]string{"age_pregnant", "age_0_1", "age_1_4", "age_4_12", "age_12_plus"}))
		add(t.T("org_done"), "d")
	case stepOrgThemes:
		var vals, ids, on []string
		for _, th := range meetups.Themes {
			vals, ids = append(vals, string(th)), append(ids, "theme_"+string(th))
		}
		for _, th := range d.M.Themes {
			on = append(on, string(th))
		}
		pair(t.toggles("t:", on, vals, ids))
		add(t.T("org_done"), "d")
	case stepOrgLangs:
		pair(t.toggles("l:", d.M.Languages, orgLanguages, prefixed("lang_name_", orgLanguages)))
		add(t.T("org_done"), "d")
	case stepOrgCost:
		add(t.T("org_cost_free"), "free")
	case stepOrgJoin:
		add(t.T("join_walk_in"), "j:walk_in")
		add(t.T("join_sign_up"), "j:sign_up")
	case stepOrgPreview:
		t.show(Reply{Text: t.card(d.M)}, t.in.Kind == InputButton)
		text = t.T("org_preview")
		if d.Holidays != "" {
			text += "\n\n" + t.T("org_hol_preview", map[string]any{
				"Region": t.T("hol_region_" + string(d.Holidays)), "Year": schoolholidays.End().Year()})
		}
		if d.Edit {
			var bs []Button
			for _, p := range orgParts {
				bs = append(bs, Button{Text: t.T("org_part_" + p), Data: btnOrg + "f:" + p})
			}
			pair(bs)
			add(t.T("org_save"), "pub")
		} else {
			add(t.T("org_publish"), "pub")
		}
		t.in.MessageID = 0 // the question goes below the preview
	}
	if step != stepOrgKind {
		rows = append(rows, []Button{{Text: t.T("org_back"), Data: btnOrg + "back"}, {Text: t.T("org_cancel"), Data: btnOrg + "x"}})
	} else {
		rows = append(rows, []Button{{Text: t.T("org_cancel"), Data: btnOrg + "x"}})
	}
	t.show(Reply{Text: text, Buttons: rows}, t.in.Kind == InputButton && t.in.MessageID != 0)
}

// toggles are buttons that switch a choice on and off (✓ marks on).
func (t *turn) toggles(prefix string, on, values, ids []string) []Button {
	var bs []Button
	for i, v := range values {
		label := t.T(ids[i])
		if contains(on, v) {
			label = "✓ " + label
		}
		bs = append(bs, Button{Text: label, Data: btnOrg + prefix + v})
	}
	return bs
}

// orgNext records that step was answered and asks the following one;
// when a part of an existing meetup was being changed and that part is
// done, it goes back to the preview.
func (t *turn) orgNext(from, to string) {
	d := t.s.Org
	d.Back = append(d.Back, from)
	if d.Edit && orgGroups[to] != orgGroups[from] {
		to = stepOrgPreview
	}
	t.orgAsk(to)
}

// startEdit opens an existing meetup in the preview, with a button per
// part to change.
func (t *turn) startEdit(m meetups.Meetup) {
	t.s.Org = &OrgDraft{M: m, Edit: true}
	t.s.Org.Skip, t.s.Org.Holidays = splitHolidays(m.Schedule, t.e.now())
	t.orgAsk(stepOrgPreview)
}

// orgText handles typed answers in /nieuw; false when the step takes none.
func (t *turn) orgText(text string) bool {
	d := t.s.Org
	if d == nil || !strings.HasPrefix(t.s.Step, "org_") {
		return false
	}
	if _, ok := t.organiser("nieuw-text"); !ok {
		return true
	}
	text = strings.TrimSpace(text)
	switch t.s.Step {
	case stepOrgTitle:
		if n := utf8.RuneCountInString(oneLine(text)); n < 3 || n > meetups.MaxTitle {
			t.say("org_title_bad")
			return true
		}
		d.M.Title = oneLine(text)
		t.orgNext(stepOrgTitle, stepOrgDesc)
	case stepOrgDesc:
		if utf8.RuneCountInString(text) > maxOrgDescRunes {
			t.say("org_desc_bad")
			return true
		}
		d.M.Description = text
		t.orgNext(stepOrgDesc, stepOrgWhere)
	case stepOrgWhere:
		t.orgWhere(text)
	case stepOrgVenue:
		d.M.Venue = oneLine(text)
		t.orgNext(stepOrgVenue, stepOrgRepeat)
	case stepOrgLink:
		link, ok := parseLink(text)
		if !ok {
			t.say("org_link_bad")
			return true
		}
		d.M.Online, d.M.OnlineURL, d.M.Point = true, link, nil
		d.M.Venue, d.M.Address, d.M.Postcode, d.M.City = "", "", "", ""
		t.orgNext(stepOrgLink, stepOrgRepeat)
	case stepOrgOnce:
		s, ok := parseOnce(text)
		switch {
		case !ok:
			t.say("org_date_bad")
		case !s.Start.After(t.e.now()):
			t.say("org_date_past")
		default:
			d.M.Schedule = s
			t.orgNext(stepOrgOnce, stepOrgAges)
		}
	case stepOrgTimes:
		start, end, ok := parseTimes(text)
		if !ok {
			t.say("org_times_bad")
			return true
		}
		s, ok := recurring(d.Repeat, d.Nth, d.Weekday, start, end, t.e.now())
		if !ok {
			// No weekday in the draft (the steps were taken in another
			// order): ask it, then the times again.
			t.orgAsk(stepOrgWeekday)
			return true
		}
		d.M.Schedule = s
		t.orgNext(stepOrgTimes, stepOrgUntil)
	case stepOrgUntil:
		day, ok := parseDate(text)
		if !ok || !day.After(d.M.Schedule.Start) {
			t.say("org_until_bad")
			return true
		}
		d.M.Schedule = withUntil(d.M.Schedule, day)
		t.orgNext(stepOrgUntil, stepOrgSkip)
	case stepOrgSkip:
		var days []time.Time
		for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			day, ok := parseDate(part)
			if !ok {
				t.say("org_skip_bad")
				return true
			}
			days = append(days, day)
		}
		d.Skip, d.M.Schedule.ExDates = days, days
		t.orgNext(stepOrgSkip, t.holidayStep())
	case stepOrgCost:
		cents, ok := parseCost(text)
		if !ok {
			t.say("org_cost_bad")
			return true
		}
		d.M.CostCents = cents
		t.orgNext(stepOrgCost, stepOrgJoin)
	case stepOrgSignup:
		if link, ok := parseLink(text); ok {
			d.M.SignupURL, d.M.SignupPhone = link, ""
		} else if phone, ok := parsePhone(text); ok {
			d.M.SignupPhone, d.M.SignupURL = phone, ""
		} else {
			t.say("org_signup_bad")
			return true
		}
		d.M.Join = meetups.JoinSignUp
		t.orgNext(stepOrgSignup, stepOrgPreview)
	default:
		return false
	}
	return true
}

// orgWhere geocodes an address and shows it back to confirm.
func (t *turn) orgWhere(text string) {
	if t.e.geocoder == nil {
		t.say("org_where_down")
		return
	}
	p, err := t.e.geocoder.Geocode(t.ctx, text)
	switch {
	case err == nil:
		t.s.Org.Place = &p
		t.out = append(t.out, Reply{Venue: &Venue{Point: p.Point, Title: p.Label, Address: p.Label}})
		t.orgNext(stepOrgWhere, stepOrgCheck)
	case meetups.ErrorCode(err) == meetups.EINVALID, meetups.ErrorCode(err) == meetups.ENOTFOUND:
		t.say("org_where_bad")
	default:
		t.say("org_where_down")
	}
}

// redeem opens an invite link: the chat gets the role, or hears why not.
func (t *turn) redeem(code string) {
	if t.e.members == nil {
		t.say("invite_unknown")
		t.menu()
		return
	}
	do(t, "redeem", code, func(ctx context.Context) (meetups.Membership, error) {
		return t.e.members.RedeemInvite(ctx, code, t.s.ChatID, t.e.now())
	}, func(ms meetups.Membership, err error) {
		switch meetups.ErrorCode(err) {
		case "":
			if err != nil {
				t.failed("redeem invite", err)
				return
			}
			t.roles = nil // the chat has a role more now
			t.say("invite_ok_"+string(ms.Role), map[string]any{"Org": ms.OrgName})
		case meetups.EUSED:
			t.say("invite_used")
		case meetups.EEXPIRED:
			t.say("invite_expired")
		default:
			slog.Warn("refused: unknown invite", "chat_id", t.s.ChatID)
			t.say("invite_unknown")
		}
		t.menu()
	})
}
