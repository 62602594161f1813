package dialog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ouderkring/ouderkring/meetups"
)

// invite.go is /uitnodigen: an admin makes the same single-use invite link
// `ouderkring invite` prints, without a terminal. Role, organisation,
// trusted or not, how long it stays valid; then a message to forward.
// Every step and every button asks the store whether the chat is an admin.

// Inviter is the part of the role store that makes invites. The store
// given as Options.Members must also implement it for /uitnodigen to work
// (db.Members does).
type Inviter interface {
	// CreateInvite makes a single-use invite for role in the organisation
	// named orgName (created if new; "" for admins), valid for ttl.
	CreateInvite(ctx context.Context, role meetups.Role, orgName string, trusted bool, ttl time.Duration, now time.Time) (meetups.Invite, error)
	// RecentOrganisations lists at most limit real organisations (no
	// sample ones), the most recently created or invited for first.
	RecentOrganisations(ctx context.Context, limit int) ([]Organisation, error)
}

// Organisation is an organisation an admin can pick for an invite.
type Organisation struct {
	ID   int64
	Name string
}

// InviteDraft is the invite an admin is making.
type InviteDraft struct {
	Role    meetups.Role `json:"role,omitempty"`
	OrgName string       `json:"org,omitempty"`
	Trusted bool         `json:"trusted,omitempty"`
	// Back is the steps answered so far, for "back".
	Back []string `json:"back,omitempty"`
}

// Steps of /uitnodigen, in order; organisers and staff see the
// organisation, only organisers the trust question.
const (
	stepInvRole    = "inv_role"
	stepInvOrg     = "inv_org"
	stepInvOrgName = "inv_org_name"
	stepInvTrusted = "inv_trusted"
	stepInvDays    = "inv_days"
)

// btnInvite starts every button of /uitnodigen.
const btnInvite = "inv:"

// inviteOrgButtons is how many existing organisations are offered.
const inviteOrgButtons = 8

// Organisation names an admin types: long enough to mean something,
// short enough for a button.
const (
	minOrgNameRunes = 2
	maxOrgNameRunes = 120
)

// inviteDays are the validity choices, in days.
var inviteDays = []int{3, 14, 30}

// botPlaceholder stands in for the bot's username when it is not known,
// as in the links `ouderkring invite` prints without BOT_USERNAME.
const botPlaceholder = "<bot>"

// SetBotUsername tells the engine the bot's Telegram username (with or
// without "@"), for the links /uitnodigen makes. Until it is set the links
// read t.me/<bot> with a note to replace it, as `ouderkring invite` prints
// when BOT_USERNAME is not set. It is safe to call at any time.
func (e *Engine) SetBotUsername(name string) {
	e.botName.Store(strings.TrimPrefix(strings.TrimSpace(name), "@"))
}

func (e *Engine) botUsername() string {
	s, _ := e.botName.Load().(string)
	return s
}

// inviter is the store's invite side, or nil (a wiring bug: the turn fails).
func (t *turn) inviter() Inviter {
	inv, ok := t.e.members.(Inviter)
	if !ok {
		t.fail(errors.New("invite: the members store cannot make invites"))
		return nil
	}
	return inv
}

// startInvite begins /uitnodigen.
func (t *turn) startInvite() {
	if !t.admin("uitnodigen") {
		return
	}
	t.s.Invite = &InviteDraft{}
	t.invAsk(stepInvRole)
}

// invRefused ends the invite dialog of a chat that is no longer an admin
// (or never was), so no question stays open for it.
func (t *turn) invRefused() {
	t.s.Invite = nil
	if strings.HasPrefix(t.s.Step, "inv_") {
		t.s.Step = stepMenu
	}
}

// invWho says whom the invite is for: "organisator bij Babycafé De Wieg".
func (t *turn) invWho(d *InviteDraft) string {
	switch d.Role {
	case meetups.RoleOrganiser:
		return t.T("inv_who_organiser", map[string]any{"Org": d.OrgName})
	case meetups.RoleStaff:
		return t.T("inv_who_staff", map[string]any{"Org": d.OrgName})
	default:
		return t.T("inv_who_admin")
	}
}

// invAsk asks the question of one step.
func (t *turn) invAsk(step string) {
	d := t.s.Invite
	t.s.Step = step
	var rows [][]Button
	add := func(text, data string) { rows = append(rows, []Button{{Text: text, Data: btnInvite + data}}) }
	var text string
	switch step {
	case stepInvRole:
		text = t.T("inv_role")
		add(t.T("inv_role_organiser"), "r:"+string(meetups.RoleOrganiser))
		add(t.T("inv_role_staff"), "r:"+string(meetups.RoleStaff))
		add(t.T("inv_role_admin"), "r:"+string(meetups.RoleAdmin))
	case stepInvOrg:
		inv := t.inviter()
		if inv == nil {
			return
		}
		orgs, err := inv.RecentOrganisations(t.ctx, inviteOrgButtons)
		if err != nil {
			t.fail(fmt.Errorf("invite: organisations: %w", err))
			return
		}
		if len(orgs) == 0 {
			text = t.T("inv_org_name")
		} else {
			text = t.T("inv_org")
		}
		for _, o := range orgs {
			add(o.Name, "o:"+strconv.FormatInt(o.ID, 10))
		}
		if len(orgs) > 0 {
			add(t.T("inv_org_new"), "new")
		}
	case stepInvOrgName:
		text = t.T("inv_org_name")
	case stepInvTrusted:
		text = t.T("inv_for", map[string]any{"Who": t.invWho(d)}) + "\n\n" + t.T("inv_trusted")
		add(t.T("inv_trusted_yes"), "t:y")
		add(t.T("inv_trusted_no"), "t:n")
	case stepInvDays:
		text = t.T("inv_for", map[string]any{"Who": t.invWho(d)}) + "\n\n" + t.T("inv_days")
		var row []Button
		for _, n := range inviteDays {
			row = append(row, Button{Text: t.T("inv_days_n", map[string]any{"Days": n}), Data: btnInvite + "d:" + strconv.Itoa(n)})
		}
		rows = append(rows, row)
	}
	rows = append(rows, t.navRow(btnInvite, step == stepInvRole))
	t.show(Reply{Text: text, Buttons: rows}, t.in.Kind == InputButton && t.in.MessageID != 0)
}

// invNext records that step was answered and asks the following one.
func (t *turn) invNext(from, to string) {
	t.s.Invite.Back = append(t.s.Invite.Back, from)
	t.invAsk(to)
}

// invAfterOrg is the step after the organisation: trust for organisers,
// else how long.
func (t *turn) invAfterOrg() string {
	if t.s.Invite.Role == meetups.RoleOrganiser {
		return stepInvTrusted
	}
	return stepInvDays
}

// invPrompt repeats the open question of /uitnodigen; false when the chat
// is not making an invite.
func (t *turn) invPrompt() bool {
	if t.s.Invite == nil || !strings.HasPrefix(t.s.Step, "inv_") {
		return false
	}
	t.invAsk(t.s.Step)
	return true
}

// inviteText takes a typed organisation name; false when no step of
// /uitnodigen takes text (the caller hints and asks again).
func (t *turn) inviteText(text string) bool {
	d := t.s.Invite
	if d == nil || !strings.HasPrefix(t.s.Step, "inv_") {
		return false
	}
	if !t.admin("uitnodigen-text") {
		t.invRefused()
		return true
	}
	if t.s.Step != stepInvOrg && t.s.Step != stepInvOrgName {
		return false
	}
	name := oneLine(text)
	if n := utf8.RuneCountInString(name); n < minOrgNameRunes || n > maxOrgNameRunes {
		t.say("inv_org_bad")
		return true
	}
	d.OrgName = name
	t.invNext(t.s.Step, t.invAfterOrg())
	return true
}

// inviteButton handles the buttons of /uitnodigen; false when the data
// does not fit the open question.
func (t *turn) inviteButton(data string) bool {
	v, ok := strings.CutPrefix(data, btnInvite)
	if !ok {
		return false
	}
	// The role first: a forged button from a parent or an organiser is
	// refused and logged, whatever the session says.
	if !t.admin("uitnodigen-button") {
		t.invRefused()
		return true
	}
	d := t.s.Invite
	if d == nil || !strings.HasPrefix(t.s.Step, "inv_") {
		return false
	}
	step := t.s.Step
	if t.navigate(v, &d.Back, stepInvRole, t.invAsk, func() { t.s.Invite = nil }, nil) {
		return true
	}
	switch {
	case step == stepInvRole && strings.HasPrefix(v, "r:") && meetups.Role(v[2:]).Valid():
		*d = InviteDraft{Role: meetups.Role(v[2:]), Back: d.Back}
		if d.Role == meetups.RoleAdmin {
			t.invNext(step, stepInvDays)
		} else {
			t.invNext(step, stepInvOrg)
		}
	case step == stepInvOrg && v == "new":
		t.invNext(step, stepInvOrgName)
	case step == stepInvOrg && strings.HasPrefix(v, "o:"):
		return t.invPickOrg(v[2:])
	case step == stepInvTrusted && (v == "t:y" || v == "t:n"):
		d.Trusted = v == "t:y"
		t.invNext(step, stepInvDays)
	case step == stepInvDays && strings.HasPrefix(v, "d:"):
		n, err := strconv.Atoi(v[2:])
		if err != nil || !slices.Contains(inviteDays, n) {
			return false
		}
		t.makeInvite(n)
	default:
		return false
	}
	return true
}

// invPickOrg takes an organisation button. The id must still be one of
// those offered; the name is read again from the store, never from the
// button.
func (t *turn) invPickOrg(idText string) bool {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return false
	}
	inv := t.inviter()
	if inv == nil {
		return true
	}
	orgs, err := inv.RecentOrganisations(t.ctx, inviteOrgButtons)
	if err != nil {
		t.fail(fmt.Errorf("invite: organisations: %w", err))
		return true
	}
	for _, o := range orgs {
		if o.ID == id {
			t.s.Invite.OrgName = o.Name
			t.invNext(stepInvOrg, t.invAfterOrg())
			return true
		}
	}
	return false
}

// makeInvite stores the invite and answers with the link to forward.
func (t *turn) makeInvite(days int) {
	inv := t.inviter()
	if inv == nil {
		return
	}
	d := t.s.Invite
	if d.Role != meetups.RoleAdmin && d.OrgName == "" {
		t.invAsk(stepInvOrg) // an old session without a name: ask again
		return
	}
	trusted := d.Role == meetups.RoleOrganiser && d.Trusted
	ttl := time.Duration(days) * 24 * time.Hour
	do(t, "create_invite", "", func(ctx context.Context) (meetups.Invite, error) {
		return inv.CreateInvite(ctx, d.Role, d.OrgName, trusted, ttl, t.e.now())
	}, func(i meetups.Invite, err error) {
		if err != nil {
			t.failed("invite", err)
			return
		}
		t.inviteMade(d, i, trusted)
	})
}

// inviteMade answers with the message to forward, holding the invite's
// link, and below it what to do with it.
func (t *turn) inviteMade(d *InviteDraft, i meetups.Invite, trusted bool) {
	name := t.e.botUsername()
	if name == "" {
		name = botPlaceholder
	}
	until := i.ExpiresAt.In(meetups.Amsterdam)
	data := map[string]any{
		"Who":   t.invWho(d),
		"Until": t.date(until, true) + " " + until.Format("15:04"),
		"Link":  "https://t.me/" + name + "?start=" + i.Payload(),
	}
	done := t.T("inv_done", data)
	if trusted {
		done += "\n" + t.T("inv_done_trusted")
	}
	if name == botPlaceholder {
		done += "\n\n" + t.T("inv_no_botname")
	}
	t.s.Invite, t.s.Step = nil, stepMenu
	// The message to forward comes first, with nothing under it; what to
	// do with it, and the ways on, below it.
	t.edit(Reply{Text: t.T("inv_message", data)})
	t.out = append(t.out, Reply{Text: done, Buttons: t.backToMenu()})
}
