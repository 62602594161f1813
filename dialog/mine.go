package dialog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// mine.go is /mijn: an organiser's own meetups, to pause, switch back on,
// cancel one date, or delete. Each button names a meetup id and is checked
// against the organisation the chat organises for, in the store.

const btnMine = "m:"

// mine lists the organisation's meetups.
func (t *turn) mine() {
	orgs := t.orgsOf()
	if t.err != nil {
		return
	}
	if len(orgs) == 0 {
		if meetups.Has(t.memberships(), meetups.RoleAdmin) {
			// An admin without an organisation of their own: the
			// moderation queue, not a refusal.
			t.moderationQueue()
			return
		}
		t.refuse("mijn")
		return
	}
	var ms []meetups.Meetup
	for _, org := range orgs {
		part, err := t.e.orgCatalogue.OrgMeetups(t.ctx, org.OrgID)
		if err != nil {
			t.fail(err)
			return
		}
		for _, m := range part {
			if m.OrgName == "" {
				m.OrgName = org.OrgName
			}
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		t.out = append(t.out, Reply{Text: t.T("mine_none"), Buttons: [][]Button{
			{{Text: t.T("mine_new"), Data: btnMine + "n"}}, {{Text: t.T("button_menu"), Data: btnMenu}}}})
		return
	}
	lines := []string{t.T("mine_list")}
	var rows [][]Button
	for i, m := range ms {
		n := i + 1
		title := m.Title
		if len(orgs) > 1 {
			title += " · " + m.OrgName // whose, when the chat organises for several
		}
		lines = append(lines, t.T("mine_item", map[string]any{"N": n, "Title": title, "Status": t.status(m)}))
		rows = append(rows, []Button{{Text: t.T("mine_open", map[string]any{"N": n, "Title": m.Title}), Data: fmt.Sprintf("%so:%d", btnMine, m.ID)}})
	}
	if meetups.Has(t.memberships(), meetups.RoleAdmin) { // an admin who organises too
		rows = append(rows, []Button{{Text: t.T("mod_to_queue"), Data: btnMine + "q"}})
	}
	rows = append(rows, []Button{{Text: t.T("mine_new"), Data: btnMine + "n"}, {Text: t.T("button_menu"), Data: btnMenu}})
	t.show(Reply{Text: strings.Join(lines, "\n"), Buttons: rows}, t.in.Kind == InputButton)
}

// ownMeetup loads meetup id if it belongs to the chat's organisation;
// otherwise it refuses (and logs) and returns false.
func (t *turn) ownMeetup(id int64, action string) (meetups.Meetup, bool) {
	if _, ok := t.organiser(action); !ok {
		return meetups.Meetup{}, false
	}
	m, err := t.e.orgCatalogue.MeetupAny(t.ctx, id)
	if err != nil && meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.fail(err)
		return m, false
	}
	if _, mine := t.membershipFor(m.OrgID); err != nil || !mine {
		t.notYours(action + "-other-organisation")
		return m, false
	}
	return m, true
}

// mineButton handles /mijn's buttons; false when the data is not one.
func (t *turn) mineButton(data string) bool {
	rest, ok := strings.CutPrefix(data, btnMine)
	if !ok {
		return false
	}
	if off, ok := strings.CutPrefix(rest, "a:"); ok { // an admin's overview
		n, err := strconv.Atoi(off)
		if err != nil || n < 0 {
			return false
		}
		t.liveMeetups(n)
		return true
	}
	switch rest {
	case "l": // the list
		t.mine()
		return true
	case "n": // a new meetup
		t.startNew()
		return true
	case "q": // an admin's moderation queue
		if t.admin("mijn-queue") {
			t.moderationQueue()
		}
		return true
	}
	parts := strings.Split(rest, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return false
	}
	m, ok := t.ownMeetup(id, "mijn-"+parts[0])
	if !ok {
		return true
	}
	ids := strconv.FormatInt(id, 10)
	switch parts[0] {
	case "o": // open
		var rows [][]Button
		switch m.Status {
		case meetups.StatusPublished:
			rows = append(rows, []Button{{Text: t.T("mine_pause"), Data: btnMine + "p:" + ids}})
		case meetups.StatusPaused:
			if m.Unconfirmed {
				rows = append(rows, []Button{{Text: t.T("fresh_yes"), Data: btnFresh + "y:" + ids}})
				break
			}
			rows = append(rows, []Button{{Text: t.T("mine_resume"), Data: btnMine + "r:" + ids}})
		}
		if m.Schedule.Kind == meetups.ScheduleRecurring {
			rows = append(rows, []Button{{Text: t.T("mine_cancel_date"), Data: btnMine + "c:" + ids}})
		}
		edit := "mine_edit"
		if m.Status == meetups.StatusArchived && m.RejectReason != "" {
			edit = "mine_resubmit" // turned down: fix it and send it again
		}
		rows = append(rows, []Button{{Text: t.T(edit), Data: btnMine + "e:" + ids}})
		rows = append(rows, []Button{{Text: t.T("mine_delete"), Data: btnMine + "d:" + ids}})
		rows = append(rows, []Button{{Text: t.T("mine_back_list"), Data: btnMine + "l"}})
		text := t.card(m) + "\n\n(" + t.status(m) + ")"
		if counts := t.weekCounts(m.ID); counts != "" {
			text += "\n\n" + counts
		}
		t.edit(Reply{Text: text, Buttons: rows})
	case "p":
		if m.Status != meetups.StatusPublished {
			return false
		}
		t.setStatus(m, meetups.StatusPaused, "mine_paused")
	case "r":
		if m.Status != meetups.StatusPaused {
			return false // a pending meetup waits for an admin, not for this button
		}
		t.setStatus(m, meetups.StatusPublished, "mine_resumed")
	case "c":
		var rows [][]Button
		for _, occ := range m.Schedule.Next(t.e.now(), 6) {
			rows = append(rows, []Button{{Text: t.occurrence(occ), Data: btnMine + "cd:" + ids + ":" + occ.Start.Format("20060102")}})
		}
		t.edit(Reply{Text: t.T("mine_which_date"), Buttons: rows})
	case "cd":
		if len(parts) != 3 {
			return false
		}
		day, err := time.ParseInLocation("20060102", parts[2], meetups.Amsterdam)
		if err != nil || m.Schedule.Kind != meetups.ScheduleRecurring {
			return false
		}
		m.Schedule.ExDates = append(m.Schedule.ExDates, day)
		t.write("cancel_date", ids+":"+parts[2], func(ctx context.Context) error {
			_, err := t.e.orgCatalogue.SaveMeetup(ctx, m, t.e.now())
			return err
		}, func() {
			t.edit(Reply{Text: t.T("mine_date_cancelled", map[string]any{"Date": t.date(day, true)}), Buttons: t.waysOn(m.ID)})
		})
	case "e":
		t.startEdit(m)
	case "d":
		t.edit(Reply{Text: t.T("mine_delete_confirm", map[string]any{"Title": m.Title}), Buttons: [][]Button{
			{{Text: t.T("mine_delete_yes"), Data: btnMine + "dy:" + ids}},
			{{Text: t.T("forget_no"), Data: btnMine + "o:" + ids}},
		}})
	case "dy":
		t.write("delete_meetup", ids, func(ctx context.Context) error { return t.e.orgCatalogue.DeleteMeetup(ctx, id) }, func() {
			t.edit(Reply{Text: t.T("mine_deleted"), Buttons: t.waysOn(0)})
		})
	default:
		return false
	}
	return true
}

// status names m's status for its organiser.
func (t *turn) status(m meetups.Meetup) string {
	if m.Status == meetups.StatusPaused && m.Unconfirmed {
		return t.T("status_unconfirmed")
	}
	if m.Status == meetups.StatusArchived && m.RejectReason != "" {
		return t.T("status_rejected", map[string]any{"Reason": m.RejectReason})
	}
	return t.T("status_" + string(m.Status))
}

func (t *turn) setStatus(m meetups.Meetup, s meetups.Status, id string) {
	t.writeStatus(m.ID, s, "", func() { t.edit(Reply{Text: t.T(id), Buttons: t.waysOn(m.ID)}) })
}

// writeStatus decides to move meetup id to status s (reason: a
// rejection's), then says so.
func (t *turn) writeStatus(id int64, s meetups.Status, reason string, then func()) {
	t.write("set_status", fmt.Sprint(id, ":", s), func(ctx context.Context) error {
		return t.e.orgCatalogue.SetStatus(ctx, id, s, reason)
	}, then)
}

// mineFlowButton runs the buttons of /mijn and of the term's "still
// happening?" question.
func (t *turn) mineFlowButton(data string) bool {
	if strings.HasPrefix(data, btnFresh) {
		return t.freshButton(data)
	}
	return t.mineButton(data)
}

// waysOn are the buttons under a confirmation in /mijn: back to the meetup
// (id; 0 when it is gone), the list, the menu. No screen is a dead end.
func (t *turn) waysOn(id int64) [][]Button {
	var rows [][]Button
	if id != 0 {
		rows = append(rows, []Button{{Text: t.T("mine_back_meetup"), Data: fmt.Sprintf("%so:%d", btnMine, id)}})
	}
	return append(rows, []Button{{Text: t.T("mine_back_list"), Data: btnMine + "l"}, {Text: t.T("button_menu"), Data: btnMenu}})
}

// moderationQueue is an admin's /mijn: the meetups waiting for an admin,
// each with approve and reject, and what the rest of the role is.
func (t *turn) moderationQueue() {
	ms, err := t.e.orgCatalogue.PendingMeetups(t.ctx)
	if err != nil {
		t.fail(err)
		return
	}
	all := []Button{{Text: t.T("mine_all"), Data: btnMine + "a:0"}}
	if len(ms) == 0 {
		t.out = append(t.out, Reply{Text: t.T("mine_admin"), Buttons: [][]Button{all, {{Text: t.T("button_menu"), Data: btnMenu}}}})
		return
	}
	lines := []string{t.T("mine_queue", map[string]any{"N": len(ms)})}
	var rows [][]Button
	for i, m := range ms {
		ids := strconv.FormatInt(m.ID, 10)
		lines = append(lines, t.T("mine_item", map[string]any{"N": i + 1, "Title": m.Title + " · " + m.OrgName, "Status": t.status(m)}))
		rows = append(rows, []Button{
			{Text: t.T("mine_queue_ok", map[string]any{"N": i + 1}), Data: btnModApprove + ids},
			{Text: t.T("mine_queue_no", map[string]any{"N": i + 1}), Data: btnModReject + ids},
		})
	}
	rows = append(rows, all, []Button{{Text: t.T("button_menu"), Data: btnMenu}})
	t.out = append(t.out, Reply{Text: strings.Join(lines, "\n"), Buttons: rows})
}

// livePage is how many meetups an admin's overview shows at once.
const livePage = 10

// liveMeetups is an admin's overview from /mijn: every published meetup,
// a page at a time, each with "take offline" (which asks for the reason
// and tells the organiser, as for a change), and back to the queue.
func (t *turn) liveMeetups(offset int) {
	if !t.admin("mijn-all") {
		return
	}
	ms, total, err := t.e.orgCatalogue.LiveMeetups(t.ctx, offset, livePage)
	if err != nil {
		t.fail(err)
		return
	}
	if len(ms) == 0 && offset > 0 && total > 0 {
		// An old page past the end (meetups went offline since): the first.
		t.liveMeetups(0)
		return
	}
	back := []Button{{Text: t.T("mine_queue_back"), Data: btnMine + "q"}, {Text: t.T("button_menu"), Data: btnMenu}}
	if len(ms) == 0 {
		t.edit(Reply{Text: t.T("mine_all_none"), Buttons: [][]Button{back}})
		return
	}
	lines := []string{t.T("mine_all_head", map[string]any{"From": offset + 1, "To": offset + len(ms), "Total": total})}
	var rows [][]Button
	for i, m := range ms {
		lines = append(lines, t.T("mine_item", map[string]any{"N": offset + i + 1, "Title": m.Title + " · " + m.OrgName, "Status": t.status(m)}))
		rows = append(rows, []Button{{Text: t.T("mine_all_off", map[string]any{"N": offset + i + 1}), Data: btnModChangeOff + strconv.FormatInt(m.ID, 10)}})
	}
	var page []Button
	if offset > 0 {
		page = append(page, Button{Text: t.T("mine_all_prev"), Data: btnMine + "a:" + strconv.Itoa(max(0, offset-livePage))})
	}
	if offset+len(ms) < total {
		page = append(page, Button{Text: t.T("mine_all_next"), Data: btnMine + "a:" + strconv.Itoa(offset+livePage)})
	}
	if len(page) > 0 {
		rows = append(rows, page)
	}
	rows = append(rows, back)
	t.edit(Reply{Text: strings.Join(lines, "\n"), Buttons: rows})
}
