package dialog

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/poster"
)

// link.go is /link: clinic staff make a referral link to hand out (a label,
// then an optional area where the parent's search starts) and get back the
// link, a QR code photo and an A4 poster; they also see their
// organisation's links, get the files again, and delete one. Admins see
// and manage every link. Every step and every button asks the store for
// the chat's roles, and every link a button names is checked against
// them, so a forged button never reaches another organisation's link.

// ReferralStore is the staff side of the referral store. The store given
// as Options.Referrals must also implement it for /link and /cijfers
// (db.Referrals does).
type ReferralStore interface {
	meetups.Referrals
	// CreateReferral stores a new link (its Code made by
	// meetups.NewReferralCode) and returns it with its ID.
	CreateReferral(ctx context.Context, l meetups.ReferralLink) (meetups.ReferralLink, error)
	// ReferralLinks lists the live links scope may see, newest first.
	ReferralLinks(ctx context.Context, scope meetups.ReferralScope) ([]meetups.ReferralLink, error)
	// ReferralByID returns a live link, or an Error with ENOTFOUND.
	ReferralByID(ctx context.Context, id int64) (meetups.ReferralLink, error)
	// DeleteReferral makes a link's code start the bot normally from now
	// on; an Error with ENOTFOUND when it is gone already.
	DeleteReferral(ctx context.Context, id int64, now time.Time) error
	// ReferralStats returns the live links scope may see, each with its
	// last weeks weeks, newest first.
	ReferralStats(ctx context.Context, scope meetups.ReferralScope, weeks int, now time.Time) ([]meetups.ReferralStats, error)
}

// LinkDraft is the referral link staff are making.
type LinkDraft struct {
	Label string `json:"label,omitempty"`
	// Code is the new link's code, made with the draft: making the link
	// twice (a step run again) finds the one made first.
	Code string `json:"code,omitempty"`
}

// Steps of /link, in order.
const (
	stepLinkLabel = "link_label"
	stepLinkArea  = "link_area"
)

// btnLink starts every button of /link.
const btnLink = "lk:"

// linkListMax is how many links /link lists with buttons, newest first.
const linkListMax = 20

// referralStore is the store's staff side, or nil after saying that
// links cannot be made here (an engine without one, as in a test).
func (t *turn) referralStore() ReferralStore {
	s, ok := t.e.referrals.(ReferralStore)
	if !ok {
		t.say("link_unavailable")
		return nil
	}
	return s
}

// referralScope is whose links the chat may see (staff: their
// organisations'; admins: all), or a refusal.
func (t *turn) referralScope(action string) (meetups.ReferralScope, bool) {
	scope, ok := meetups.ReferralScopeOf(t.memberships())
	if t.err != nil {
		return scope, false
	}
	if !ok {
		t.refuse(action)
	}
	return scope, ok
}

// linkOrg is the organisation a new link belongs to: the chat's first
// staff organisation, or none (0) for an admin who is not staff.
func (t *turn) linkOrg() int64 {
	for _, m := range t.memberships() {
		if m.Role == meetups.RoleStaff {
			return m.OrgID
		}
	}
	return 0
}

// ownLink loads link id if the chat may see it; otherwise it refuses (and
// logs) and returns false. An unknown or deleted link is refused the same
// way, so a forged id tells nothing.
func (t *turn) ownLink(id int64, action string) (meetups.ReferralLink, bool) {
	scope, ok := t.referralScope(action)
	if !ok {
		return meetups.ReferralLink{}, false
	}
	store := t.referralStore()
	if store == nil {
		return meetups.ReferralLink{}, false
	}
	l, err := store.ReferralByID(t.ctx, id)
	if err != nil && meetups.ErrorCode(err) != meetups.ENOTFOUND {
		t.fail(fmt.Errorf("link: %w", err))
		return l, false
	}
	if err != nil || !scope.Allows(l.OrgID) {
		t.refuse(action + "-other-organisation")
		return l, false
	}
	return l, true
}

// startLink begins /link: the links so far, or straight to a new one.
func (t *turn) startLink() {
	t.linkEnd()
	t.linkList(false, true)
}

// linkList shows the links the chat may see, with a button to make a new
// one and, per link, the files again and delete. Without links it asks
// for the label of the first (first), or ends /link (back from there).
func (t *turn) linkList(edit, first bool) {
	scope, ok := t.referralScope("link")
	if !ok {
		return
	}
	store := t.referralStore()
	if store == nil {
		return
	}
	links, err := store.ReferralLinks(t.ctx, scope)
	if err != nil {
		t.fail(fmt.Errorf("link: list: %w", err))
		return
	}
	switch {
	case len(links) == 0 && first:
		t.newLink()
		t.linkAsk(stepLinkLabel)
		return
	case len(links) == 0:
		t.edit(Reply{Text: t.T("org_cancelled")})
		t.menu()
		return
	}
	lines := []string{t.T("link_list")}
	rows := [][]Button{{{Text: t.T("link_new"), Data: btnLink + "new"}}}
	for i, l := range links[:min(len(links), linkListMax)] {
		n, id := i+1, strconv.FormatInt(l.ID, 10)
		lines = append(lines, t.linkLine(n, l, scope.All))
		rows = append(rows, []Button{
			{Text: t.T("link_files", map[string]any{"N": n, "Label": l.Label}), Data: btnLink + "f:" + id},
			{Text: t.T("link_delete", map[string]any{"N": n}), Data: btnLink + "d:" + id},
		})
	}
	if len(links) > linkListMax {
		lines = append(lines, t.T("link_list_more", map[string]any{"N": linkListMax}))
	}
	rows = append(rows, []Button{{Text: t.T("org_cancel"), Data: btnLink + "x"}})
	t.show(Reply{Text: strings.Join(lines, "\n"), Buttons: rows}, edit)
}

// linkLine is one link in the list: number, label, area, and for admins
// the organisation.
func (t *turn) linkLine(n int, l meetups.ReferralLink, withOrg bool) string {
	line := t.T("link_item", map[string]any{"N": n, "Label": l.Label})
	if withOrg {
		org := l.OrgName
		if org == "" {
			org = t.T("link_no_org")
		}
		line += " (" + org + ")"
	}
	if l.Area != nil {
		line += "\n   " + t.T("link_item_area", map[string]any{"Area": t.areaName(l)})
	}
	return line
}

// areaName is how a link's area is named to staff.
func (t *turn) areaName(l meetups.ReferralLink) string {
	if l.Area == nil {
		return ""
	}
	if l.Area.Label == "" {
		return t.T("link_area_shared")
	}
	return l.Area.Label
}

// linkAsk asks the question of one step of a new link.
func (t *turn) linkAsk(step string) {
	t.s.Step = step
	var rows [][]Button
	if step == stepLinkArea {
		rows = append(rows, []Button{{Text: t.T("link_area_none"), Data: btnLink + "none"}})
	}
	rows = append(rows, []Button{{Text: t.T("org_back"), Data: btnLink + "back"}, {Text: t.T("org_cancel"), Data: btnLink + "x"}})
	text := t.T(step)
	if step == stepLinkArea {
		text = t.T("link_area", map[string]any{"Label": t.s.Link.Label})
	}
	t.show(Reply{Text: text, Buttons: rows}, t.in.Kind == InputButton && t.in.MessageID != 0)
}

// linkEnd leaves the making of a link: done, cancelled, or refused for a
// chat that is no longer staff (or never was), so no question stays open.
func (t *turn) linkEnd() {
	t.s.Link = nil
	if strings.HasPrefix(t.s.Step, "link_") {
		t.s.Step = stepMenu
	}
}

// linkPrompt repeats the open question of /link; false when the chat is
// not making a link.
func (t *turn) linkPrompt() bool {
	if t.s.Link == nil || !strings.HasPrefix(t.s.Step, "link_") {
		return false
	}
	t.linkAsk(t.s.Step)
	return true
}

// linkText takes a typed label or area; false when no step of /link
// takes text (the caller hints and asks again).
func (t *turn) linkText(text string) bool {
	d := t.s.Link
	if d == nil || !strings.HasPrefix(t.s.Step, "link_") {
		return false
	}
	if _, ok := t.referralScope("link-text"); !ok {
		t.linkEnd()
		return true
	}
	switch t.s.Step {
	case stepLinkLabel:
		label := meetups.CleanReferralLabel(text)
		if n := utf8.RuneCountInString(label); n < 1 || n > meetups.MaxReferralLabel {
			t.say("link_label_bad", map[string]any{"Max": meetups.MaxReferralLabel})
			return true
		}
		if poster.CheckLabel(label) != nil {
			t.say("link_label_unprintable")
			return true
		}
		d.Label = label
		t.linkAsk(stepLinkArea)
	case stepLinkArea:
		t.linkArea(text)
	default:
		return false
	}
	return true
}

// linkArea geocodes a typed postcode or place for the link's area.
func (t *turn) linkArea(text string) {
	if t.e.geocoder == nil {
		t.say("link_area_down")
		return
	}
	p, err := t.e.geocoder.Geocode(t.ctx, text)
	switch {
	case err == nil:
		t.makeLink(&p)
	case meetups.ErrorCode(err) == meetups.EAMBIGUOUS:
		t.sayWhich(err)
	case meetups.ErrorCode(err) == meetups.EINVALID, meetups.ErrorCode(err) == meetups.ENOTFOUND:
		t.say("link_area_bad")
	default:
		t.say("link_area_down")
	}
}

// linkLocation takes a shared location as the link's area; false when the
// chat is not at that question.
func (t *turn) linkLocation() bool {
	if t.s.Link == nil || t.s.Step != stepLinkArea {
		return false
	}
	if _, ok := t.referralScope("link-location"); !ok {
		t.linkEnd()
		return true
	}
	if t.in.Location == nil || t.in.Location.Validate() != nil {
		t.say("link_area_bad")
		return true
	}
	// The parent sees the link's own label as the place they search near.
	t.makeLink(&meetups.Place{Point: roundPoint(*t.in.Location), Label: t.s.Link.Label})
	return true
}

// linkButton handles the buttons of /link; false when the data does not
// fit (an old message: the caller hints).
func (t *turn) linkButton(data string) bool {
	v, ok := strings.CutPrefix(data, btnLink)
	if !ok {
		return false
	}
	// The role first: a forged button from a parent is refused and
	// logged, whatever the session says.
	if _, ok := t.referralScope("link-button"); !ok {
		t.linkEnd()
		return true
	}
	d := t.s.Link
	making := d != nil && strings.HasPrefix(t.s.Step, "link_")
	switch {
	case v == "x":
		t.linkEnd()
		t.edit(Reply{Text: t.T("org_cancelled")})
		t.menu()
	case v == "list":
		t.linkEnd()
		t.linkList(true, false)
	case v == "new":
		t.newLink()
		t.linkAsk(stepLinkLabel)
	case v == "back" && making && t.s.Step == stepLinkArea:
		t.linkAsk(stepLinkLabel)
	case v == "back" && making:
		t.linkEnd()
		t.linkList(true, false)
	case v == "none" && making && t.s.Step == stepLinkArea:
		t.makeLink(nil)
	case strings.HasPrefix(v, "f:"), strings.HasPrefix(v, "d:"), strings.HasPrefix(v, "dy:"), strings.HasPrefix(v, "pl:"),
		strings.HasPrefix(v, "pp:"):
		return t.linkAction(v)
	default:
		return false
	}
	return true
}

// linkAction is a button naming one link: files again, delete, confirm.
func (t *turn) linkAction(v string) bool {
	what, idText, _ := strings.Cut(v, ":")
	idText, second, _ := strings.Cut(idText, ":") // pp:<id>:<language>
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return false
	}
	l, ok := t.ownLink(id, "link-"+what)
	if !ok {
		return true
	}
	switch what {
	case "f":
		t.linkFiles(l, false) // below the list, which stays
	case "pl": // which language under the Dutch
		var rows [][]Button
		for _, lang := range poster.Langs {
			if lang != "nl" {
				rows = append(rows, []Button{{Text: t.T("msg_lang_" + lang), Data: btnLink + "pp:" + idText + ":" + lang}})
			}
		}
		t.out = append(t.out, Reply{Text: t.T("link_poster_which"), Buttons: append(rows, t.linkWaysOn()...)})
	case "pp":
		t.linkPoster(l, second)
	case "d":
		t.edit(Reply{Text: t.T("link_delete_confirm", map[string]any{"Label": l.Label}), Buttons: [][]Button{
			{{Text: t.T("link_delete_yes"), Data: btnLink + "dy:" + idText}},
			{{Text: t.T("forget_no"), Data: btnLink + "list"}},
		}})
	case "dy":
		store := t.referralStore()
		if store == nil {
			return true
		}
		t.write("delete_link", idText, func(ctx context.Context) error {
			if err := store.DeleteReferral(ctx, l.ID, t.e.now()); meetups.ErrorCode(err) != meetups.ENOTFOUND {
				return err
			}
			return nil
		}, func() {
			t.edit(Reply{Text: t.T("link_deleted", map[string]any{"Label": l.Label}), Buttons: t.linkWaysOn()})
		})
	}
	return true
}

// makeLink stores the new link with area (nil: none) and sends it.
func (t *turn) makeLink(area *meetups.Place) {
	store := t.referralStore()
	if store == nil {
		return
	}
	d := t.s.Link
	if d.Code == "" { // a draft begun before drafts had codes
		code, err := meetups.NewReferralCode()
		if err != nil {
			t.fail(fmt.Errorf("link: code: %w", err))
			return
		}
		d.Code = code
	}
	want := meetups.ReferralLink{Code: d.Code, Label: d.Label, OrgID: t.linkOrg(), Area: area}
	do(t, "create_link", d.Code, func(ctx context.Context) (meetups.ReferralLink, error) {
		return store.CreateReferral(ctx, want)
	}, func(l meetups.ReferralLink, err error) {
		if err != nil {
			t.failed("link", err)
			return
		}
		t.linkEnd()
		t.linkFiles(l, true)
	})
}

// newLink begins a link's draft, with its code.
func (t *turn) newLink() {
	t.s.Link = &LinkDraft{}
	if code, err := meetups.NewReferralCode(); err == nil {
		t.s.Link.Code = code
	} // else makeLink tries again
}

// linkFiles sends a link written out, its QR code as a photo and its
// poster as a document; a link just made replaces the last question.
// Without the bot's username (a terminal without BOT_USERNAME) it sends
// the link with <bot> and a note, and no files, which would hold a link
// that does not work.
func (t *turn) linkFiles(l meetups.ReferralLink, made bool) {
	name := t.e.botUsername()
	known := name != ""
	if !known {
		name = botPlaceholder
	}
	data := map[string]any{"Label": l.Label, "Link": l.URL(name), "Area": t.areaName(l)}
	text := t.T("link_ready", data)
	if made {
		text = t.T("link_done", data)
	}
	if l.Area != nil {
		text += "\n" + t.T("link_starts_area", data)
	} else {
		text += "\n" + t.T("link_starts_menu")
	}
	if !known {
		t.show(Reply{Text: text + "\n\n" + t.T("inv_no_botname"), Buttons: t.linkWaysOn()}, made)
		return
	}
	png, err := poster.QR(l.URL(name))
	if err != nil {
		t.fail(fmt.Errorf("link: QR code: %w", err))
		return
	}
	pdf, err := poster.PDF(posterFor(l.URL(name), l.Label, t.lang))
	if err != nil {
		t.fail(fmt.Errorf("link: poster: %w", err))
		return
	}
	t.show(Reply{Text: text}, made)
	t.out = append(t.out,
		Reply{Photo: &File{Name: l.Payload() + ".png", Data: png, Caption: t.T("link_qr_caption", data)}},
		Reply{Document: &File{Name: l.Payload() + ".pdf", Data: pdf, Caption: t.T("link_poster_caption", data)},
			Buttons: append([][]Button{{{Text: t.T("link_poster_other"), Data: btnLink + "pl:" + strconv.FormatInt(l.ID, 10)}}}, t.linkWaysOn()...)})
}

// posterFor is the first poster of a link for staff who read lang: English
// first for English, else Dutch (the clinic's language); under it the
// staff's own language when the poster has it (a Turkish-speaking nurse
// gets Dutch with Turkish), else the other of Dutch and English. Staff
// choose any other under the poster.
func posterFor(link, label, lang string) poster.Poster {
	p := poster.Poster{Link: link, Label: label, Lang: "nl"}
	switch {
	case lang == "en":
		p.Lang = "en"
	case lang != "nl" && slices.Contains(poster.Langs, lang):
		p.Second = lang
	}
	return p
}

// linkPoster sends the link's poster with Dutch and second (any other of
// poster.Langs) on it.
func (t *turn) linkPoster(l meetups.ReferralLink, second string) {
	name := t.e.botUsername()
	if name == "" || second == "nl" || !slices.Contains(poster.Langs, second) {
		t.out = append(t.out, Reply{Text: t.T("link_poster_which"), Buttons: t.linkWaysOn()})
		return
	}
	pdf, err := poster.PDF(poster.Poster{Link: l.URL(name), Label: l.Label, Lang: "nl", Second: second})
	if err != nil {
		t.fail(fmt.Errorf("link: poster in %s: %w", second, err))
		return
	}
	data := map[string]any{"Label": l.Label}
	t.out = append(t.out, Reply{Document: &File{Name: l.Payload() + "-" + second + ".pdf", Data: pdf, Caption: t.T("link_poster_caption", data)},
		Buttons: append([][]Button{{{Text: t.T("link_poster_other"), Data: btnLink + "pl:" + strconv.FormatInt(l.ID, 10)}}}, t.linkWaysOn()...)})
}

// linkWaysOn are the buttons under a link's last message: the list of
// links, and the menu.
func (t *turn) linkWaysOn() [][]Button {
	return append([][]Button{{{Text: t.T("link_to_list"), Data: btnLink + "list"}}}, t.backToMenu()...)
}
