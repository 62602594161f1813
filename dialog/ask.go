package dialog

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ouderkring/ouderkring/meetups"
)

// ask.go is the help dialog: what → whom → when → something back →
// language (and je/u) → a draft the parent sends themselves, or not. The
// bot never sends anything to anyone but the parent.

// Steps of the help dialog.
const (
	stepAskNeed     = "ask_need"
	stepAskNeedText = "ask_need_text"
	stepAskWhom     = "ask_whom"
	stepAskWhen     = "ask_when"
	stepAskWhenText = "ask_when_text"
	stepAskOffer    = "ask_offer"
	stepAskLang     = "ask_lang"
	stepAskTone     = "ask_tone"
	stepAskDraft    = "ask_draft"
	stepAskEditPart = "ask_draft_edit"
	stepAskNobody   = "ask_nobody"
)

// askRetention is how long names and free text typed in the help dialog
// are kept when the parent does not finish: a day.
const askRetention = 24 * time.Hour

// Ask is a help request being drafted. It holds what the parent typed (a
// name, free text), so it is cleared when the draft is done, after
// askRetention, and by /vergeet.
type Ask struct {
	Started  time.Time `json:"started"`
	Need     string    `json:"need,omitempty"`
	NeedText string    `json:"need_text,omitempty"`
	Name     string    `json:"name,omitempty"`
	Whom     string    `json:"whom,omitempty"`
	When     string    `json:"when,omitempty"`
	WhenText string    `json:"when_text,omitempty"`
	// WhenDay and WhenPart are WhenText read as a day ("donderdag",
	// "friday afternoon"), so the message names it in its own language
	// and as a date; zero when the text is something else ("na school").
	WhenDay  time.Time `json:"when_day,omitzero"`
	WhenPart string    `json:"when_part,omitempty"`
	Offer    string    `json:"offer,omitempty"`
	Tone     string    `json:"tone,omitempty"`
	Lang     string    `json:"lang,omitempty"`
	Variant  int       `json:"variant,omitempty"`
	// Meetup is the meetup to go to together (need come_along).
	Meetup *AskMeetup `json:"meetup,omitempty"`
	// Programme and Contact are set for a first message to a volunteer
	// programme's coordinator.
	Programme string `json:"programme,omitempty"`
	Contact   string `json:"contact,omitempty"`
	// Return is set while one part is changed from the draft.
	Return bool `json:"return,omitempty"`
}

// AskMeetup is what a "come along" draft says about the meetup. The date is
// kept as a time so it is written in the message's own language.
type AskMeetup struct {
	Title string             `json:"title"`
	Place string             `json:"place"`
	Next  meetups.Occurrence `json:"next"`
}

// Choices of the help dialog, as they appear in callback data.
var (
	needChoices  = []string{"babysit", "groceries", "ride", "meal", "talk", "paperwork", "come_along", "other"}
	whomChoices  = []string{"family", "friend", "neighbour", "parent", "other"}
	askWhen      = []string{"today", "tomorrow", "this_week", "day", "flexible"}
	offerChoices = []string{"babysit", "cook", "help", "skip"}
	editParts    = []string{"need", "whom", "when", "offer", "lang"}
)

// Callback data prefixes of the help dialog.
const (
	btnAskNeed   = "an:"
	btnAskWhom   = "aw:"
	btnAskWhen   = "at:"
	btnAskOffer  = "ao:"
	btnAskLang   = "al:"
	btnAskTone   = "ay:"
	btnAskEdit   = "ae:"
	btnNobody    = "nb:"
	btnDraftAlt  = "ad:alt"
	btnDraftEdit = "ad:edit"
	btnDraftShr  = "ad:share"
	btnDraftDone = "ad:done"
	btnDraftTo   = "ad:to:" // + a language: the message in that language
	btnWhomNone  = "aw:nobody"
)

// Limits on what a parent types, so a draft stays short.
const (
	maxNameRunes     = 40
	maxNeedTextRunes = 200
	maxWhenTextRunes = 60
)

// startAsk opens the help dialog; with a meetup, the need is "come along"
// and the meetup is already in the draft.
func (t *turn) startAsk(m *AskMeetup) {
	t.s.Ask = &Ask{Started: t.e.now().UTC(), Lang: t.lang, Tone: "je", Meetup: m}
	if m != nil {
		t.s.Ask.Need = "come_along"
		t.askWhom()
		return
	}
	t.askNeed()
}

func (t *turn) askNeed() {
	t.s.Step = stepAskNeed
	t.question("ask_need", btnAskNeed, needChoices, prefixed("need_", needChoices), 2)
}

func (t *turn) askWhom() {
	t.s.Step = stepAskWhom
	values := append(append([]string{}, whomChoices...), "nobody")
	t.question("ask_whom", btnAskWhom, values, prefixed("whom_", values), 1)
}

func (t *turn) askWhenHelp() {
	t.s.Step = stepAskWhen
	t.question("ask_when", btnAskWhen, askWhen, prefixed("when_", askWhen), 2)
}

func (t *turn) askOffer() {
	t.s.Step = stepAskOffer
	t.question("ask_offer", btnAskOffer, offerChoices, prefixed("offer_", offerChoices), 1)
}

func (t *turn) askLang() {
	t.s.Step = stepAskLang
	t.question("ask_lang", btnAskLang, Languages, prefixed("msg_lang_", Languages), 2)
}

// askTone asks how the message addresses the person, in the registers of
// the message's language (askRegisters).
func (t *turn) askTone() {
	t.s.Step = stepAskTone
	regs := askRegisters(t.s.Ask.Lang)
	t.question("ask_register", btnAskTone, regs, prefixed("register_"+t.s.Ask.Lang+"_", regs), 2)
}

// askTextStep asks for typed text (no buttons but the way back to the menu).
func (t *turn) askTextStep(step, id string) {
	t.s.Step = step
	t.edit(Reply{Text: t.T(id), Buttons: t.backToMenu()})
}

func prefixed(prefix string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = prefix + v
	}
	return out
}

// advance moves on after the answer to step: to the next question, or
// back to the draft when one part was being changed.
func (t *turn) advance(step string) {
	a := t.s.Ask
	if a.Return && step != stepAskLang {
		a.Return = false
		t.showDraft()
		return
	}
	switch step {
	case stepAskNeed, stepAskNeedText:
		t.askWhom()
	case stepAskWhom:
		if a.Meetup != nil && a.Need == "come_along" {
			t.askOffer() // the meetup has its own date: no "when?"
			return
		}
		t.askWhenHelp()
	case stepAskWhen, stepAskWhenText:
		t.askOffer()
	case stepAskOffer:
		t.askLang()
	case stepAskLang:
		if len(askRegisters(a.Lang)) > 1 {
			if !slices.Contains(Registers[a.Lang], a.Tone) {
				a.Tone = Registers[a.Lang][0] // the language changed: its own default until chosen
			}
			t.askTone()
			return
		}
		a.Return = false
		t.showDraft()
	default:
		a.Return = false
		t.showDraft()
	}
}

// askButton handles the help dialog's buttons; false when the button does
// not fit the step the chat is at (an old message, forged data).
func (t *turn) askButton(data string) bool {
	a := t.s.Ask
	if a == nil {
		return false
	}
	type question struct {
		prefix, step string
		values       []string
		set          func(string)
	}
	for _, q := range []question{
		{btnAskNeed, stepAskNeed, needChoices, func(v string) { a.Need, a.NeedText = v, "" }},
		{btnAskWhom, stepAskWhom, whomChoices, func(v string) { a.Whom, a.Name = v, "" }},
		{btnAskWhen, stepAskWhen, askWhen, func(v string) { a.When, a.WhenText = v, "" }},
		{btnAskOffer, stepAskOffer, offerChoices, func(v string) { a.Offer = strings.TrimPrefix(v, "skip") }},
		{btnAskLang, stepAskLang, Languages, func(v string) { a.Lang = v }},
		{btnAskTone, stepAskTone, askRegisters(a.Lang), func(v string) { a.Tone = v }},
	} {
		v, ok := strings.CutPrefix(data, q.prefix)
		if !ok || t.s.Step != q.step {
			continue
		}
		switch {
		case q.step == stepAskWhom && v == "nobody":
			t.nobody()
			return true
		case !contains(q.values, v):
			return false
		case q.step == stepAskNeed && v == "other":
			a.Need = v
			t.askTextStep(stepAskNeedText, "ask_need_text")
			return true
		case q.step == stepAskWhen && v == "day":
			a.When = v
			t.askTextStep(stepAskWhenText, "ask_when_text")
			return true
		}
		q.set(v)
		t.advance(q.step)
		return true
	}
	return t.draftButton(data)
}

// askText handles typed answers: a free-text need, a first name, a day.
// It returns false when the step takes no text.
func (t *turn) askText(text string) bool {
	a := t.s.Ask
	if a == nil {
		return false
	}
	text = oneLine(text)
	switch t.s.Step {
	case stepAskNeedText:
		if text == "" || utf8.RuneCountInString(text) > maxNeedTextRunes {
			t.say("ask_need_text_long")
			return true
		}
		if letters(text) < 3 {
			// "😀" or "?" says nothing someone could help with.
			t.say("ask_need_text_words")
			return true
		}
		a.NeedText = text
		t.advance(stepAskNeedText)
	case stepAskWhom:
		if !firstName(text) {
			t.say("ask_name_invalid")
			t.askWhomAgain()
			return true
		}
		a.Name, a.Whom = text, ""
		t.advance(stepAskWhom)
	case stepAskWhenText:
		if text == "" || utf8.RuneCountInString(text) > maxWhenTextRunes {
			t.say("ask_when_text_invalid")
			return true
		}
		a.WhenText = text
		a.WhenDay, a.WhenPart, _ = typedDay(text, t.e.now())
		t.advance(stepAskWhenText)
	default:
		return false
	}
	return true
}

func (t *turn) askWhomAgain() {
	t.in.MessageID = 0
	t.askWhom()
}

// oneLine trims text and folds every run of white space (newlines too)
// into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// firstName accepts what could be a name: letters (any script), with
// spaces, hyphens, apostrophes or dots between, at most three words.
func firstName(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxNameRunes || len(strings.Fields(s)) > 3 {
		return false
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			letters++
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.':
		default:
			return false
		}
	}
	return letters > 0
}

// nobody answers "I have nobody to ask" warmly and offers ways on: meet
// other parents, a volunteer, or a message to someone further away.
func (t *turn) nobody() {
	t.s.Step = stepAskNobody
	t.edit(Reply{Text: t.T("ask_nobody"), Buttons: [][]Button{
		{{Text: t.T("nobody_meet"), Data: btnNobody + "meet"}},
		{{Text: t.T("nobody_volunteer"), Data: btnNobody + "vol"}},
		{{Text: t.T("nobody_write"), Data: btnNobody + "write"}},
		{{Text: t.T("button_menu"), Data: btnMenu}},
	}})
}

// nobodyButton handles the ways on from "nobody to ask".
func (t *turn) nobodyButton(data string) bool {
	if t.s.Step != stepAskNobody || t.s.Ask == nil {
		return false
	}
	switch data {
	case btnNobody + "meet":
		t.s.Ask = nil
		t.findPreset("meet")
	case btnNobody + "vol":
		t.s.Ask = nil
		t.findPreset("vol")
	case btnNobody + "write":
		t.askWhom()
	default:
		return false
	}
	return true
}

// findPreset searches for one kind at once, from the last place searched
// if there is one, else after asking where.
func (t *turn) findPreset(kind string) {
	if t.e.catalogue == nil {
		t.edit(Reply{Text: t.T("coming_soon"), Buttons: t.backToMenu()})
		return
	}
	var place *meetups.Place
	if t.s.Search != nil {
		place = t.s.Search.Place
	}
	t.s.Search = &Search{Place: place, Kind: kind, Age: "any", When: "any", Theme: "any"}
	if place != nil {
		t.results(true)
		return
	}
	t.s.Search.Editing = true // straight to the results once the place is known
	t.askWhere()
}

// draft composes the current draft in the message's language.
func (t *turn) draft() string {
	a := t.s.Ask
	if a.Programme != "" {
		return t.e.loc.VolunteerDraft(a.Lang, a.Tone, a.Programme, a.Variant)
	}
	d := Draft{Need: a.Need, NeedText: a.NeedText, Name: a.Name, Whom: a.Whom, When: a.When, WhenText: a.WhenText,
		Offer: a.Offer, Tone: a.Tone, Lang: a.Lang, Variant: a.Variant}
	if !a.WhenDay.IsZero() {
		d.WhenText = t.e.loc.dayIn(a.Lang, a.WhenDay, a.WhenPart)
	}
	if a.Meetup != nil {
		// The date in the message's language, not the chat's, and as a
		// date: "morgen" is wrong by the time it is read.
		d.Meetup = &DraftMeetup{Title: a.Meetup.Title, Place: a.Meetup.Place, When: t.e.loc.occurrenceIn(a.Lang, a.Meetup.Next)}
	}
	return t.e.loc.ComposeDraft(d)
}

// showDraft shows a short note that the parent decides, and the draft as a
// message of its own (easy to copy or forward) with its buttons.
func (t *turn) showDraft() {
	t.s.Step = stepAskDraft
	t.show(Reply{Text: t.T("ask_draft_intro")}, t.in.Kind == InputButton)
	t.out = append(t.out, t.draftReply())
	t.flagOtherLanguage()
	t.countReferral(meetups.ReferralDrafted)
}

// flagOtherLanguage notices a request typed in another language than the
// message's ("boodschappen doen" in an English message) and offers the
// message in that language; the parent may also keep it as it is.
func (t *turn) flagOtherLanguage() {
	a := t.s.Ask
	typed := a.NeedText
	if a.WhenDay.IsZero() {
		typed += " " + a.WhenText
	}
	l := guessLang(typed)
	if l == "" || l == a.Lang || !supported(l) {
		return
	}
	data := map[string]any{"Typed": t.T("lang_name_" + l), "Message": t.T("lang_name_" + a.Lang)}
	t.out = append(t.out, Reply{Text: t.T("ask_draft_other_lang", data), Buttons: [][]Button{
		{{Text: t.T("ask_draft_to_lang", data), Data: btnDraftTo + l}},
	}})
}

func (t *turn) draftReply() Reply {
	text := t.draft()
	rows := [][]Button{{{Text: t.T("draft_alt"), Data: btnDraftAlt}}}
	if t.s.Ask.Programme == "" {
		rows = append(rows, []Button{{Text: t.T("draft_edit"), Data: btnDraftEdit}})
	}
	rows = append(rows,
		[]Button{{Text: t.T("draft_whatsapp"), URL: WhatsAppURL(text)}},
		[]Button{{Text: t.T("draft_share"), Data: btnDraftShr}},
		[]Button{{Text: t.T("draft_done"), Data: btnDraftDone}},
	)
	return Reply{Text: text, Buttons: rows}
}

// WhatsAppURL opens WhatsApp with text ready to send; the parent picks the
// chat. Spaces are %20, not +, which WhatsApp would show as plus signs.
func WhatsAppURL(text string) string {
	return "https://wa.me/?text=" + strings.ReplaceAll(url.QueryEscape(text), "+", "%20")
}

// draftButton handles the draft's buttons and the "change a part" menu.
func (t *turn) draftButton(data string) bool {
	a := t.s.Ask
	if t.s.Step != stepAskDraft {
		if part, ok := strings.CutPrefix(data, btnAskEdit); ok && t.s.Step == stepAskEditPart && contains(editParts, part) {
			a.Return = true
			switch part {
			case "need":
				a.Meetup = nil
				t.askNeed()
			case "whom":
				t.askWhom()
			case "when":
				t.askWhenHelp()
			case "offer":
				t.askOffer()
			case "lang":
				t.askLang()
			}
			return true
		}
		return false
	}
	if l, ok := strings.CutPrefix(data, btnDraftTo); ok {
		if !supported(l) || l == a.Lang || a.Programme != "" {
			return false
		}
		a.Lang = l
		t.showDraft()
		return true
	}
	switch data {
	case btnDraftAlt:
		a.Variant = (a.Variant + 1) % DraftVariants
		t.edit(t.draftReply())
	case btnDraftEdit:
		if a.Programme != "" {
			return false
		}
		t.s.Step = stepAskEditPart
		var rows [][]Button
		for _, p := range editParts {
			rows = append(rows, []Button{{Text: t.T("edit_" + p), Data: btnAskEdit + p}})
		}
		t.edit(Reply{Text: t.T("ask_edit_prompt"), Buttons: rows})
	case btnDraftShr:
		// The draft on its own, without buttons, for forwarding or copying.
		t.out = append(t.out, Reply{Text: t.draft()}, Reply{Text: t.T("ask_share_tip")})
	case btnDraftDone:
		text := t.draft()
		t.s.Ask, t.s.Step = nil, stepMenu
		t.edit(Reply{Text: text}) // keep the text, drop the buttons
		t.say("ask_done")
		t.menu()
	default:
		return false
	}
	return true
}

// volunteerDraft writes a parent's first message to a volunteer
// programme, and says in two lines what happens next.
func (t *turn) volunteerDraft(m meetups.Meetup) {
	t.s.Ask = &Ask{Started: t.e.now().UTC(), Lang: t.lang, Tone: politeRegister[t.lang], Programme: m.Title,
		Contact: joinNonEmpty(" · ", m.SignupPhone, m.SignupURL, m.Contact)}
	t.s.Step = stepAskDraft
	next := t.T("volunteer_next")
	if t.s.Ask.Contact != "" {
		next += "\n" + t.T("volunteer_contact", map[string]any{"Contact": t.s.Ask.Contact})
	}
	t.out = append(t.out, Reply{Text: t.T("ask_draft_intro")}, t.draftReply(), Reply{Text: next})
	t.countReferral(meetups.ReferralDrafted)
}

// expireAsk clears a help draft older than askRetention; if the chat was
// in the middle of it, it says so and goes back to the menu.
func (t *turn) expireAsk() {
	a := t.s.Ask
	if a != nil && t.e.now().Sub(a.Started) < askRetention {
		return
	}
	if a == nil && !strings.HasPrefix(t.s.Step, "ask_") {
		return
	}
	// Too old, or already cleared by the store's upkeep (ClearStaleDrafts).
	t.s.Ask = nil
	if strings.HasPrefix(t.s.Step, "ask_") {
		t.s.Step = stepMenu
		t.say("ask_expired")
	}
}

// askPrompt repeats the open question of the help dialog; false when the
// chat is not in it.
func (t *turn) askPrompt() bool {
	if t.s.Ask == nil {
		return false
	}
	switch t.s.Step {
	case stepAskNeed:
		t.askNeed()
	case stepAskNeedText:
		t.askTextStep(stepAskNeedText, "ask_need_text")
	case stepAskWhom:
		t.askWhom()
	case stepAskWhen:
		t.askWhenHelp()
	case stepAskWhenText:
		t.askTextStep(stepAskWhenText, "ask_when_text")
	case stepAskOffer:
		t.askOffer()
	case stepAskLang:
		t.askLang()
	case stepAskTone:
		t.askTone()
	case stepAskDraft, stepAskEditPart:
		t.s.Step = stepAskDraft
		t.out = append(t.out, t.draftReply())
	case stepAskNobody:
		t.nobody()
	default:
		return false
	}
	return true
}

// askFlowButton runs the ask flow's buttons: the menu's "ask", the
// questions and the draft's, and the "nobody to ask" screen.
func (t *turn) askFlowButton(data string) bool {
	switch {
	case data == btnAsk:
		t.startAsk(nil)
		return true
	case strings.HasPrefix(data, btnNobody):
		return t.nobodyButton(data)
	}
	return t.askButton(data)
}

// letters counts the letters in s (not emoji, digits or signs).
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
