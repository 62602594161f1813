package main

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/pdf"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/meetups"
)

// referralLinkRe reads the deep link out of the message /link answers with.
var referralLinkRe = regexp.MustCompile(`https://t\.me/(\S+)\?start=(r_[A-Za-z0-9_-]+)`)

// becomeStaff makes chat clinic staff of org through an invite, as people
// become staff.
func (e *e2e) becomeStaff(t *testing.T, chat int64, org string) {
	t.Helper()
	inv, err := e.members.CreateInvite(context.Background(), meetups.RoleStaff, org, false, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	e.tg.SendCommand(chat, "nl", "/start "+inv.Payload())
	e.expectText(t, chat, "nl", "invite_ok_staff", map[string]any{"Org": org})
	e.expectMenu(t, chat, "nl")
}

// referrals opens the program's database for what the test checks itself.
func (e *e2e) referrals(t *testing.T) *db.Referrals {
	t.Helper()
	d, err := db.Open(context.Background(), e.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d.Referrals()
}

// thisWeek is the numbers of every live link this week, by code.
func thisWeek(t *testing.T, refs *db.Referrals) map[string][4]int {
	t.Helper()
	all, err := refs.ReferralStats(context.Background(), meetups.ReferralScope{All: true}, 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][4]int{}
	for _, s := range all {
		w := s.Weeks[0]
		out[s.Link.Code] = [4]int{w.Starts, w.Searches, w.Saved, w.Drafted}
	}
	return out
}

// decodePNGQR decodes a QR code PNG back to its text.
func decodePNGQR(t *testing.T, b []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the photo is not a PNG: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("the QR code does not decode: %v", err)
	}
	return res.GetText()
}

// checkPoster checks a PDF file: header and trailer, one A4 portrait page.
func checkPoster(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
		t.Fatalf("not a PDF file: starts %q", b[:min(len(b), 8)])
	}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a PDF a reader opens: %v", err)
	}
	if n := r.NumPage(); n != 1 {
		t.Fatalf("%d pages, want 1", n)
	}
	var box pdf.Value
	for v := r.Page(1).V; !v.IsNull() && box.IsNull(); v = v.Key("Parent") {
		box = v.Key("MediaBox")
	}
	for i, want := range []float64{0, 0, 595.28, 841.89} {
		if got := box.Index(i).Float64(); math.Abs(got-want) > 0.5 {
			t.Fatalf("MediaBox %v, want A4 portrait [0 0 595.28 841.89]", box)
		}
	}
}

func TestReferralConversation(t *testing.T) {
	e := setupE2E(t)
	cafés(t, e.cat, 0.5, 1.5, 2.5, 3.5)
	refs := e.referrals(t)
	const staffA, staffB, parent, parent2 = 6001, 6002, 6101, 6102
	const label = "Consultatiebureau Zuilen"

	// Staff of JGZ Utrecht make a link with a typed postcode as its area.
	e.becomeStaff(t, staffA, "JGZ Utrecht")
	e.tg.SendCommand(staffA, "nl", "/link")
	e.expectText(t, staffA, "nl", "link_label")
	e.tg.SendText(staffA, "nl", label)
	e.expectText(t, staffA, "nl", "link_area", map[string]any{"Label": label})
	e.tg.SendText(staffA, "nl", "3512 JE")
	done := e.tg.Next(t, staffA)
	m := referralLinkRe.FindStringSubmatch(done.Text())
	if m == nil || m[1] != e.tg.BotUsername() || !strings.Contains(done.Text(), "3512JE Utrecht") {
		t.Fatalf("the link message: got=%q", done.Text())
	}
	link, payload := m[0], m[2]
	photo := e.tg.Next(t, staffA)
	if photo.Method != "sendPhoto" || !strings.Contains(photo.Text(), label) {
		t.Fatalf("want the QR code as a photo with the label, got %s", photo)
	}
	if got := decodePNGQR(t, photo.Files["photo"]); got != link {
		t.Errorf("the QR code reads %q, want %q", got, link)
	}
	doc := e.tg.Next(t, staffA)
	if doc.Method != "sendDocument" || doc.FileNames["document"] != payload+".pdf" || !strings.Contains(doc.Text(), label) {
		t.Fatalf("want the poster as a document %s.pdf with the label, got %s", payload, doc)
	}
	checkPoster(t, doc.Files["document"])
	code := strings.TrimPrefix(payload, "r_")
	if got := thisWeek(t, refs); len(got) != 1 || got[code] != [4]int{} {
		t.Fatalf("after making the link: %v, want one link with nothing counted", got)
	}

	// A parent opens it: the greeting, and the search starts at the area.
	e.tg.SendCommand(parent, "nl", "/start "+payload)
	if g := e.tg.Next(t, parent); !strings.Contains(g.Text(), e.loc.T("nl", "greeting")) {
		t.Fatalf("greeting: got=%q", g.Text())
	}
	e.expectText(t, parent, "nl", "ref_area", map[string]any{"Place": "3512JE Utrecht"})
	if res := e.tg.Next(t, parent); !strings.Contains(res.Text(), "Babycafé 0.5 km") {
		t.Fatalf("results near the area, at once: got=%q", res.Text())
	}

	// ... and has a help message drafted (as in ask_e2e_test.go).
	e.tg.SendCommand(parent, "nl", "/vraag")
	q := e.expectText(t, parent, "nl", "ask_need")
	e.tg.Click(t, q, e.loc.T("nl", "need_babysit"))
	e.expectText(t, parent, "nl", "ask_whom")
	e.tg.SendText(parent, "nl", "Sanne")
	q = e.expectText(t, parent, "nl", "ask_when")
	e.tg.Click(t, q, e.loc.T("nl", "when_tomorrow"))
	q = e.expectText(t, parent, "nl", "ask_offer")
	e.tg.Click(t, q, e.loc.T("nl", "offer_cook"))
	q = e.expectText(t, parent, "nl", "ask_lang")
	e.tg.Click(t, q, e.loc.T("nl", "msg_lang_nl"))
	q = e.expectText(t, parent, "nl", "ask_register")
	e.tg.Click(t, q, e.loc.T("nl", "register_nl_je"))
	e.expectText(t, parent, "nl", "ask_draft_intro")
	draftCall(t, e.tg.Next(t, parent))

	// The session remembers the link for a day, and what was counted.
	if s := e.session(t, parent); s.Referral == nil || len(s.Referral.Counted) != 3 {
		t.Errorf("session: got referral %+v", s.Referral)
	}

	// Opening the link again, and a second search, count nothing more.
	e.tg.SendCommand(parent, "nl", "/start "+payload)
	e.tg.Next(t, parent)
	e.tg.Next(t, parent)
	if res := e.tg.Next(t, parent); !strings.Contains(res.Text(), "Babycafé 0.5 km") {
		t.Fatalf("second search: got=%q", res.Text())
	}

	// Malformed and unknown payloads start the bot normally and count nothing.
	for _, p := range []string{"r_" + strings.Repeat("a", 63), "r_ab!c", "r_unknownCode1234", payload + "x"} {
		e.tg.SendCommand(parent2, "nl", "/start "+p)
		e.tg.Next(t, parent2)
		e.expectMenu(t, parent2, "nl")
	}
	if s := e.session(t, parent2); s.Referral != nil || s.Search != nil {
		t.Errorf("a bad payload left %+v, %+v", s.Referral, s.Search)
	}

	// Exactly one of each in the table; nothing saved yet.
	if got := thisWeek(t, refs)[code]; got != [4]int{1, 1, 0, 1} {
		t.Errorf("this week: got=%v, want starts 1, searches 1, saved 0, drafted 1", got)
	}

	// Staff see "< 5" for each, 0 for saved.
	e.tg.SendCommand(staffA, "nl", "/cijfers")
	stats := e.tg.Next(t, staffA)
	for _, want := range []string{"📍 " + label, "begonnen: 0 · 0 · 0 · < 5", "gezocht: 0 · 0 · 0 · < 5",
		"bewaard: 0 · 0 · 0 · 0", "berichtje geschreven: 0 · 0 · 0 · < 5"} {
		if !strings.Contains(stats.Text(), want) {
			t.Errorf("/cijfers lacks %q:\n%s", want, stats.Text())
		}
	}

	// Staff of another organisation see nothing of it and cannot delete it.
	e.becomeStaff(t, staffB, "CJG Amersfoort")
	e.tg.SendCommand(staffB, "nl", "/cijfers")
	none := e.expectText(t, staffB, "nl", "stats_none")
	e.tg.SendCommand(staffB, "nl", "/link")
	if c := e.expectText(t, staffB, "nl", "link_label"); strings.Contains(c.Text(), label) {
		t.Errorf("staff B's /link lists the link: %q", c.Text())
	}
	e.tg.SendCommand(staffB, "nl", "/stop")
	e.tg.Next(t, staffB)
	l, err := refs.Referral(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(l.ID, 10)
	var pressed int
	for _, forged := range []string{"lk:dy:" + id, "lk:d:" + id, "lk:f:" + id} {
		pressed = e.tg.PressButton(staffB, "nl", none.MessageID(), forged)
		e.expectText(t, staffB, "nl", "not_allowed")
	}
	e.tg.WaitConsumed(t, pressed) // confirmed once its replies were sent
	e.tg.ExpectNone(t, staffB, 0) // no photo, no poster
	if _, err := refs.Referral(context.Background(), code); err != nil {
		t.Errorf("after staff B's forged delete the link is gone: %v", err)
	}

	// Staff A delete it with a confirm; its code then starts normally.
	e.tg.SendCommand(staffA, "nl", "/link")
	list := e.tg.Next(t, staffA)
	e.tg.Click(t, list, e.loc.T("nl", "link_delete", map[string]any{"N": 1}))
	confirm := e.expectText(t, staffA, "nl", "link_delete_confirm", map[string]any{"Label": label})
	e.tg.Click(t, confirm, e.loc.T("nl", "link_delete_yes"))
	e.expectText(t, staffA, "nl", "link_deleted", map[string]any{"Label": label})
	e.tg.SendCommand(parent2, "nl", "/start "+payload)
	e.tg.Next(t, parent2)
	e.expectMenu(t, parent2, "nl")
	if got := thisWeek(t, refs); len(got) != 0 {
		t.Errorf("a deleted link is still listed: %v", got)
	}

	// The logs hold neither the code, nor the label, nor the area.
	logs := e.logs.String()
	if !strings.Contains(logs, `"action":"link-dy-other-organisation"`) {
		t.Errorf("staff B's forged delete was not logged:\n%s", logs)
	}
	// The postcode as typed and as PDOK names it ("3512" alone also turns
	// up inside a duration or an id now and then).
	for _, secret := range []string{code, label, "3512 JE", "3512JE", "Sanne"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}
