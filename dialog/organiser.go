package dialog

import (
	"context"
	"fmt"
	"log/slog"
	"time"

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
	// PendingMeetups lists the meetups waiting for an admin, oldest first
	// (the moderation queue an admin sees in /mijn).
	PendingMeetups(ctx context.Context) ([]meetups.Meetup, error)
	// LiveMeetups is a page of every published meetup, by organisation
	// and title, and how many there are (an admin's overview in /mijn).
	LiveMeetups(ctx context.Context, offset, limit int) ([]meetups.Meetup, int, error)
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
	// Place is a geocoded address waiting for the organiser's "that's right";
	// Shared says it is a shared location, named after the nearest town.
	Place  *meetups.Place `json:"place,omitempty"`
	Shared bool           `json:"shared,omitempty"`
	// Back is the steps answered so far, for "back".
	Back []string `json:"back,omitempty"`
	// At is the step the draft was last asked at, where picking it up
	// again (orgResume) returns to.
	At string `json:"at,omitempty"`
	// Edit is set when an existing meetup (M.ID) is changed: each part
	// returns to the preview, and saving keeps its status.
	Edit bool `json:"edit,omitempty"`
	// Key identifies a new meetup's draft (newKey): publishing it twice
	// makes one meetup (OrgCatalogue.Publish).
	Key string `json:"key,omitempty"`
	// Ages are the age bands ticked (orgsteps.go, ages).
	Ages []string `json:"ages,omitempty"`
}

// Steps of /nieuw, in order.
const (
	stepOrgFor     = "org_for" // which organisation, for a chat that organises for several
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
	t.out = append(t.out, Reply{Text: t.T("not_allowed"), Buttons: t.backToMenu()})
}

// organiser is the chat's organiser membership, or a refusal.
func (t *turn) organiser(action string) (meetups.Membership, bool) {
	m, ok := meetups.OrgOf(t.memberships())
	if !ok && t.err == nil {
		t.refuse(action)
	}
	return m, ok && t.err == nil
}

// orgsOf are the organisations the chat organises for, in the order the
// store lists them.
func (t *turn) orgsOf() []meetups.Membership {
	var out []meetups.Membership
	for _, m := range t.memberships() {
		if m.Role == meetups.RoleOrganiser {
			out = append(out, m)
		}
	}
	return out
}

// membershipFor is the chat's organiser membership of organisation orgID.
func (t *turn) membershipFor(orgID int64) (meetups.Membership, bool) {
	for _, m := range t.orgsOf() {
		if m.OrgID == orgID {
			return m, true
		}
	}
	return meetups.Membership{}, false
}

// notYours refuses an action on a meetup of another organisation, saying
// so (not "did you get an invite?": the person has one, for another).
func (t *turn) notYours(action string) {
	slog.Warn("refused: another organisation's meetup", "action", action, "chat_id", t.s.ChatID)
	t.say("not_your_meetup")
}

// startNew begins /nieuw: for which organisation first, when the chat
// organises for more than one.
func (t *turn) startNew() {
	m, ok := t.organiser("nieuw")
	if !ok {
		return
	}
	if d := t.s.Org; d != nil && !d.Edit && len(d.Back) > 0 && orgStepByName[d.At] != nil {
		// A meetup begun before (kept for later, or left at the menu):
		// go on with it, or start again.
		title := d.M.Title
		switch {
		case title != "":
		case d.M.Kind.Valid():
			title = t.T("kind_" + string(d.M.Kind))
		default:
			title = t.T("org_resume_noname")
		}
		t.out = append(t.out, Reply{Text: t.T("org_resume", map[string]any{"Title": title}), Buttons: [][]Button{
			{{Text: t.T("org_resume_go"), Data: btnOrg + "resume"}},
			{{Text: t.T("org_resume_new"), Data: btnOrg + "fresh"}},
		}})
		return
	}
	t.s.Org = &OrgDraft{Key: t.newKey(), M: meetups.Meetup{OrgID: m.OrgID, OrgName: m.OrgName, Languages: []string{"nl"},
		Join: meetups.JoinWalkIn, BabiesWelcome: true, SiblingsWelcome: true}}
	if len(t.orgsOf()) > 1 {
		t.orgAsk(stepOrgFor)
		return
	}
	t.orgAsk(stepOrgKind)
}

// toggles are buttons that switch a choice on and off (✓ marks on).
func (t *turn) toggles(prefix string, on, values, ids []string) []Button {
	var bs []Button
	for i, v := range values {
		label := t.T(ids[i])
		if contains(on, v) {
			label = "✓ " + label
		}
		bs = append(bs, Button{Text: label, Data: prefix + v})
	}
	return bs
}

// startEdit opens an existing meetup in the preview, with a button per
// part to change.
func (t *turn) startEdit(m meetups.Meetup) {
	t.s.Org = &OrgDraft{M: m, Edit: true}
	t.s.Org.Skip, t.s.Org.Holidays = splitHolidays(m.Schedule, t.e.now())
	t.orgAsk(stepOrgPreview)
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
