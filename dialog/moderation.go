package dialog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ouderkring/ouderkring/meetups"
)

// moderation.go: a meetup from an organiser who is not yet trusted goes to
// every admin with Approve / Reject; the organiser hears the verdict (and
// the reason for a rejection). Parents never see pending meetups. Such an
// organiser's change to a published meetup shows at once and goes to the
// admins afterwards, with Fine / Take it off (with a reason).

const (
	btnModApprove = "mod:ok:"
	btnModReject  = "mod:no:"
	// A change to a published meetup by an organiser not yet trusted is
	// live already: the admins see it afterwards and may take it off.
	btnModChangeOK  = "mod:cok:"
	btnModChangeOff = "mod:cno:"
	stepModReason   = "mod_reason"
)

// askAdmins sends the pending meetup to every admin, to approve or reject.
func (t *turn) askAdmins(m meetups.Meetup) {
	t.toAdmins(m, "mod_new", Button{Text: "mod_approve", Data: btnModApprove}, Button{Text: "mod_reject", Data: btnModReject})
}

// askAdminsChange sends a published meetup an organiser not yet trusted
// just changed to every admin, to look at.
func (t *turn) askAdminsChange(m meetups.Meetup) {
	t.toAdmins(m, "mod_changed", Button{Text: "mod_change_ok", Data: btnModChangeOK}, Button{Text: "mod_change_off", Data: btnModChangeOff})
}

// toAdmins sends every admin the text id above the meetup's card, with a
// yes and a no button (their Text a locale id, their Data a prefix the
// meetup's id completes).
func (t *turn) toAdmins(m meetups.Meetup, id string, yes, no Button) {
	admins, err := t.e.members.Admins(t.ctx)
	if err != nil {
		t.fail(fmt.Errorf("admins: %w", err))
		return
	}
	ids := strconv.FormatInt(m.ID, 10)
	for _, a := range admins {
		at := *t
		at.lang = t.langOf(a) // each admin reads it in their own language
		t.out = append(t.out, Reply{To: a,
			Text: at.T(id, map[string]any{"Org": m.OrgName}) + "\n\n" + at.card(m),
			Buttons: [][]Button{
				{{Text: at.T(yes.Text), Data: yes.Data + ids}},
				{{Text: at.T(no.Text), Data: no.Data + ids}},
			}})
	}
}

// admin reports whether the chat is an admin, refusing when not.
func (t *turn) admin(action string) bool {
	ok := meetups.Has(t.memberships(), meetups.RoleAdmin)
	if !ok && t.err == nil {
		t.refuse(action)
	}
	return ok && t.err == nil
}

// modButton handles Approve and Reject.
func (t *turn) modButton(data string) bool {
	var approve, change bool
	var rest string
	switch {
	case strings.HasPrefix(data, btnModApprove):
		approve, rest = true, strings.TrimPrefix(data, btnModApprove)
	case strings.HasPrefix(data, btnModReject):
		rest = strings.TrimPrefix(data, btnModReject)
	case strings.HasPrefix(data, btnModChangeOK):
		approve, change, rest = true, true, strings.TrimPrefix(data, btnModChangeOK)
	case strings.HasPrefix(data, btnModChangeOff):
		change, rest = true, strings.TrimPrefix(data, btnModChangeOff)
	default:
		return false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		return false
	}
	if !t.admin("moderate") {
		return true
	}
	m, err := t.e.orgCatalogue.MeetupAny(t.ctx, id)
	if meetups.ErrorCode(err) == meetups.ENOTFOUND {
		return false
	}
	if err != nil {
		t.fail(err)
		return true
	}
	want := meetups.StatusPending
	if change {
		want = meetups.StatusPublished
	}
	if m.Status != want {
		t.edit(Reply{Text: t.T("mod_done_already"), Buttons: t.modWaysOn()})
		return true
	}
	if change && approve {
		t.edit(Reply{Text: t.T("mod_change_fine"), Buttons: t.modWaysOn()})
		return true
	}
	if !approve {
		t.s.Step, t.s.ModReject, t.s.ModChange = stepModReason, id, change
		if change {
			t.edit(Reply{Text: t.T("mod_reason_off"), Buttons: t.modWaysOn()})
		} else {
			t.edit(Reply{Text: t.T("mod_reason"), Buttons: t.modWaysOn()})
		}
		return true
	}
	t.writeStatus(id, meetups.StatusPublished, "", func() {
		t.edit(Reply{Text: t.T("mod_approved"), Buttons: t.modWaysOn()})
		t.tellOrganiser(m, "org_approved", "")
	})
	return true
}

// modReason takes the admin's reason for a rejection.
func (t *turn) modReason(text string) bool {
	if t.s.Step != stepModReason || t.s.ModReject == 0 {
		return false
	}
	if !t.admin("moderate-reason") {
		return true
	}
	change := t.s.ModChange
	reason := oneLine(text)
	if reason == "" || len([]rune(reason)) > 500 {
		t.modReasonAsk()
		return true
	}
	m, err := t.e.orgCatalogue.MeetupAny(t.ctx, t.s.ModReject)
	if err != nil {
		t.fail(err)
		return true
	}
	t.s.Step, t.s.ModReject, t.s.ModChange = stepMenu, 0, false
	// Still as the admin saw it: waiting (a new meetup) or live (a change).
	// Another admin may have decided in between; approved is not rejected.
	want := meetups.StatusPending
	if change {
		want = meetups.StatusPublished
	}
	if m.Status != want {
		t.modSay("mod_done_already")
		return true
	}
	t.writeStatus(m.ID, meetups.StatusArchived, reason, func() {
		if change {
			t.modSay("mod_taken_off")
			t.tellOrganiser(m, "org_taken_off", reason)
			return
		}
		t.modSay("mod_rejected")
		t.tellOrganiser(m, "org_rejected", reason)
	})
	return true
}

// tellOrganiser sends the verdict to the chat that submitted the meetup.
func (t *turn) tellOrganiser(m meetups.Meetup, id, reason string) {
	chat, err := t.e.orgCatalogue.SubmittedBy(t.ctx, m.ID)
	if err != nil || chat == 0 {
		return // forgotten or unknown: nobody to tell
	}
	ot := *t
	ot.lang = t.langOf(chat)
	t.out = append(t.out, Reply{To: chat, Text: ot.T(id, map[string]any{"Title": m.Title, "Reason": reason}),
		Buttons: [][]Button{{{Text: ot.T("mine_back_list"), Data: btnMine + "l"}}}})
}

// modWaysOn are the buttons under an admin's verdict and the reason
// question: back to the queue, or the menu.
func (t *turn) modWaysOn() [][]Button {
	return [][]Button{{{Text: t.T("mod_to_queue"), Data: btnMine + "q"}, {Text: t.T("button_menu"), Data: btnMenu}}}
}

// modSay is an admin's answer with the ways on under it.
func (t *turn) modSay(id string) {
	t.out = append(t.out, Reply{Text: t.T(id), Buttons: t.modWaysOn()})
}

// modReasonAsk asks again for the reason of a rejection.
func (t *turn) modReasonAsk() {
	if t.s.ModChange {
		t.modSay("mod_reason_off")
		return
	}
	t.modSay("mod_reason")
}

// langOf is the language another chat talks to the bot in (remembered in
// its session), or the default for a chat the bot does not know (yet).
// A store that does not answer leaves the default: the message still goes.
func (t *turn) langOf(chat int64) string {
	if t.e.store != nil {
		if s, err := t.e.store.LoadSession(t.ctx, chat); err == nil && supported(s.Lang) {
			return s.Lang
		}
	}
	return t.e.loc.Default()
}
