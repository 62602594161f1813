package dialog

import (
	"slices"
	"strings"
)

// A flow is one conversation the bot holds: finding a meetup, asking
// someone for help, adding a meetup … flows below is the one table of
// them. Each flow declares the steps it waits in (with the steps each may
// lead to), the commands and button prefixes it owns, the part of the
// session it keeps (its draft), and its handlers. The turn dispatches by
// lookup in this table (dispatch.go), and docs/FLOWS.md draws it
// (TestFlowsDocument fails when that file is stale).
//
// Adding a flow: docs/ARCHITECTURE.md, "Add a flow".
type flow struct {
	name string // short, for docs: "find"
	doc  string // what it is for, one line
	// who may use it: "parent", "organiser", "staff", "admin", "anyone".
	who string
	// files are where its code is (in dialog/), words its locale files
	// (locales/<word>.<lang>.yaml); the flow's name when empty.
	files []string
	words []string
	// commands start it (or are its commands); the first of each pair is
	// the one shown.
	commands []string
	// buttons are the callback-data prefixes it owns. The longest prefix
	// that fits a press wins, so "menu:find" (find) beats "menu" (menu).
	buttons []string
	// steps are the session steps it waits in, in order; entries are
	// those its commands and buttons start at (from anywhere).
	steps   []flowStep
	entries []string
	// resumes: a draft of this flow remembers the step it was at, and
	// picking it up again (from the menu, or within the flow) returns
	// there — any of its steps.
	resumes bool
	// draft reports whether the session holds this flow's draft, and
	// clear drops it. Entering a flow clears the other flows' drafts,
	// except those it keeps (keeps: names of flows).
	draft func(s *Session) bool
	clear func(s *Session)
	keeps []string

	command  func(t *turn, name string)
	button   func(t *turn, data string) bool // false: not a button of now (an old message)
	text     func(t *turn, text string) bool // false: not an answer to its step
	location func(t *turn) bool              // false: not for this flow
	prompt   func(t *turn)                   // asks the question of t.s.Step again
}

// flowStep is one step a flow waits in, and the steps its answers may
// lead to ("" is the main menu). Commands and the menu lead anywhere; only
// the flow's own ways on are listed.
type flowStep struct {
	name string
	next []string
	// change are the ways on only when an existing meetup is being
	// changed (/nieuw's edit mode: back to the preview, and from the
	// preview to any part).
	change []string
}

// flows is the table. The order is the order of docs/FLOWS.md.
var flows = []*flow{
	{
		name: "menu", doc: "the greeting, the main menu, settings (language, privacy) and erasing the chat", who: "anyone",
		files:    []string{"turn.go", "words.go"},
		commands: []string{"start", "menu", "help", "privacy", "vergeet", "forget", "taal", "language", "lang", "stop"},
		buttons:  []string{btnMenu, btnSupport, btnSettings, btnPrivacy, btnForget, btnLangPrefix, "forget:"},
		steps: []flowStep{
			{name: stepMenu, next: []string{stepConfirmForget}},
			{name: stepConfirmForget, next: []string{stepMenu}},
		},
		entries: []string{stepMenu, stepConfirmForget},
		command: (*turn).menuCommand,
		button:  (*turn).menuButton,
		prompt:  (*turn).menuPrompt,
	},
	{
		name: "safety", doc: "help lines first, in any step: the 🆘 screen and the answers to a message that signals danger", who: "anyone",
		files:    []string{"safety.go"},
		commands: []string{"hulp", "urgent", "sos"},
		buttons:  []string{btnUrgent, btnSafetyBack, btnSafetyUse},
		command:  func(t *turn, _ string) { t.urgent() },
		button:   (*turn).safetyButton,
	},
	{
		name: "find", doc: "find a meetup near a place: where, then age, kind, theme and time, results, a card to keep", who: "parent",
		files:    []string{"find.go", "results.go", "card.go", "keep.go", "referral.go"},
		commands: []string{"zoek", "find", "search"},
		buttons:  []string{btnFind, btnFindAge, btnFindKind, btnFindTheme, btnFindWhen, btnResults, btnFilter, btnFindPick},
		steps: []flowStep{
			{name: stepFindWhere, next: []string{stepFindAge, stepFindResults, stepMenu}},
			{name: stepFindAge, next: []string{stepFindKind, stepFindResults}},
			{name: stepFindKind, next: []string{stepFindTheme, stepFindWhen, stepFindResults}},
			{name: stepFindTheme, next: []string{stepFindWhen, stepFindResults}},
			{name: stepFindWhen, next: []string{stepFindResults}},
			{name: stepFindResults, next: []string{stepFindWhere, stepFindAge, stepFindKind, stepFindWhen, stepAskNeed, stepAskWhom, stepAskDraft, stepMenu}},
		},
		// A clinic's link starts at its results; a shared location anywhere
		// starts a search.
		entries:  []string{stepFindWhere, stepFindAge, stepFindResults},
		draft:    func(s *Session) bool { return s.Search != nil },
		clear:    func(s *Session) { s.Search = nil },
		command:  func(t *turn, _ string) { t.startFind() },
		button:   (*turn).findButton,
		text:     (*turn).findText,
		location: (*turn).findLocation,
		prompt:   (*turn).findPrompt,
	},
	{
		name: "ask", doc: "write a message asking someone for concrete help, or find support for someone with nobody to ask", who: "parent",
		files: []string{"ask.go", "draft.go", "days.go"}, words: []string{"ask", "draft"},
		commands: []string{"vraag", "ask"},
		buttons:  []string{btnAsk, btnAskNeed, btnAskWhom, btnAskWhen, btnAskOffer, btnAskLang, btnAskTone, btnAskEdit, "ad:", btnNobody},
		steps: []flowStep{
			{name: stepAskNeed, next: []string{stepAskNeedText, stepAskWhom, stepAskDraft}},
			{name: stepAskNeedText, next: []string{stepAskWhom, stepAskDraft}},
			{name: stepAskWhom, next: []string{stepAskWhen, stepAskOffer, stepAskNobody, stepAskDraft}}, // come along: no "when"
			{name: stepAskNobody, next: []string{stepAskWhom, stepFindWhere, stepFindResults}},
			{name: stepAskWhen, next: []string{stepAskWhenText, stepAskOffer, stepAskDraft}},
			{name: stepAskWhenText, next: []string{stepAskOffer, stepAskDraft}},
			{name: stepAskOffer, next: []string{stepAskLang, stepAskDraft}},
			{name: stepAskLang, next: []string{stepAskTone, stepAskDraft}},
			{name: stepAskTone, next: []string{stepAskDraft}},
			{name: stepAskDraft, next: []string{stepAskEditPart, stepMenu}},
			{name: stepAskEditPart, next: []string{stepAskNeed, stepAskWhom, stepAskWhen, stepAskOffer, stepAskLang, stepAskTone, stepAskDraft}},
		},
		entries: []string{stepAskNeed},
		draft:   func(s *Session) bool { return s.Ask != nil },
		clear:   func(s *Session) { s.Ask = nil },
		keeps:   []string{"find"}, // "nobody to ask" searches from the place given before
		command: func(t *turn, _ string) { t.startAsk(nil) },
		button:  (*turn).askFlowButton,
		text:    (*turn).askText,
		prompt:  func(t *turn) { t.orMenu(t.askPrompt()) },
	},
	{
		name: "saved", doc: "the meetups a parent saved, their reminders and the follow-up afterwards", who: "parent",
		files:    []string{"bewaard.go", "saved.go", "notices.go"},
		commands: []string{"bewaard", "saved"},
		buttons:  []string{btnSaved},
		command:  func(t *turn, _ string) { t.savedList(false, "") },
		button:   (*turn).savedButton,
	},
	{
		name: "organise", doc: "add a meetup (/nieuw) or change one, step by step, then publish it; a draft kept for later is picked up at its question", who: "organiser",
		files:    []string{"organiser.go", "orgsteps.go", "orgbuttons.go", "orgparse.go", "nav.go"},
		commands: []string{"nieuw", "new"},
		buttons:  []string{btnOrg},
		steps:    orgFlowSteps(),
		// /mijn's "change" and the term's "changed" open a meetup at its
		// preview.
		entries:  []string{stepOrgKind, stepOrgPreview},
		resumes:  true, // "keep it for later", then /nieuw: "go on where I was"
		draft:    func(s *Session) bool { return s.Org != nil },
		clear:    func(s *Session) { s.Org = nil },
		command:  func(t *turn, _ string) { t.startNew() },
		button:   (*turn).orgButton,
		text:     (*turn).orgText,
		location: (*turn).orgLocation,
		prompt:   func(t *turn) { t.orMenu(t.s.Org != nil && t.orgAskOK(t.s.Step)) },
	},
	{
		name: "mine", doc: "an organiser's meetups (/mijn): pause, resume, cancel a date, change, delete; the term's 'still happening?'; for an admin, the moderation queue and every live meetup", who: "organiser",
		files:    []string{"mine.go", "fresh.go", "counts.go"},
		commands: []string{"mijn", "mine"},
		buttons:  []string{btnMine, btnFresh},
		command:  func(t *turn, _ string) { t.mine() },
		button:   (*turn).mineFlowButton,
	},
	{
		name: "moderate", doc: "admins approve or reject new meetups and take changed ones offline, with a reason", who: "admin",
		files:   []string{"moderation.go"},
		buttons: []string{"mod:"},
		steps: []flowStep{
			{name: stepModReason, next: []string{stepMenu}},
		},
		entries: []string{stepModReason},
		draft:   func(s *Session) bool { return s.ModReject != 0 },
		clear:   func(s *Session) { s.ModReject, s.ModChange = 0, false },
		button:  (*turn).modButton,
		text:    (*turn).modReason,
		prompt: func(t *turn) {
			if t.s.ModReject != 0 {
				t.modReasonAsk()
				return
			}
			t.menuPrompt()
		},
	},
	{
		name: "invite", doc: "admins make a single-use invite link for an organiser, staff member or admin (/uitnodigen)", who: "admin",
		files:    []string{"invite.go"},
		commands: []string{"uitnodigen", "invite"},
		buttons:  []string{btnInvite},
		steps: []flowStep{
			{name: stepInvRole, next: []string{stepInvOrg, stepInvDays}},
			{name: stepInvOrg, next: []string{stepInvOrgName, stepInvTrusted, stepInvDays}},
			{name: stepInvOrgName, next: []string{stepInvTrusted, stepInvDays}},
			{name: stepInvTrusted, next: []string{stepInvDays}},
			{name: stepInvDays, next: []string{stepMenu}},
		},
		entries: []string{stepInvRole},
		draft:   func(s *Session) bool { return s.Invite != nil },
		clear:   func(s *Session) { s.Invite = nil },
		command: func(t *turn, _ string) { t.startInvite() },
		button:  (*turn).inviteButton,
		text:    (*turn).inviteText,
		prompt:  func(t *turn) { t.orMenu(t.invPrompt()) },
	},
	{
		name: "link", doc: "clinic staff make referral links with a QR poster (/link) and see what they brought (/cijfers)", who: "staff",
		files:    []string{"link.go", "stats.go"},
		commands: []string{"link", "links", "cijfers", "stats"},
		buttons:  []string{btnLink},
		steps: []flowStep{
			{name: stepLinkLabel, next: []string{stepLinkArea, stepMenu}},
			{name: stepLinkArea, next: []string{stepLinkLabel, stepMenu}},
		},
		entries: []string{stepLinkLabel},
		draft:   func(s *Session) bool { return s.Link != nil },
		clear:   func(s *Session) { s.Link = nil },
		command: func(t *turn, name string) {
			if name == "cijfers" || name == "stats" {
				t.stats()
				return
			}
			t.startLink()
		},
		button:   (*turn).linkButton,
		text:     (*turn).linkText,
		location: (*turn).linkLocation,
		prompt:   func(t *turn) { t.orMenu(t.linkPrompt()) },
	},
}

// engineFiles are the files of dialog/ that belong to no one flow: the
// engine, the table, and what every flow uses (docs/FLOWS.md lists them).
var engineFiles = []string{"doc.go", "engine.go", "effects.go", "flows.go", "session.go", "input.go", "reply.go",
	"locale.go", "format.go", "bidi.go"}

// wordsOf are the flow's locale files.
func (f *flow) wordsOf() []string {
	if len(f.words) > 0 {
		return f.words
	}
	return []string{f.name}
}

// The lookups, made once from the table.
var (
	flowByCommand = map[string]*flow{}
	flowByStep    = map[string]*flow{}
	flowByName    = map[string]*flow{}
)

func init() {
	for _, f := range flows {
		flowByName[f.name] = f
		for _, c := range f.commands {
			if flowByCommand[c] != nil {
				panic("dialog: command /" + c + " in two flows")
			}
			flowByCommand[c] = f
		}
		for _, s := range f.steps {
			if flowByStep[s.name] != nil {
				panic("dialog: step " + s.name + " in two flows")
			}
			flowByStep[s.name] = f
		}
	}
}

// flowOfButton is the flow owning callback data: the longest prefix wins.
func flowOfButton(data string) *flow {
	var best *flow
	n := -1
	for _, f := range flows {
		for _, p := range f.buttons {
			if strings.HasPrefix(data, p) && len(p) > n {
				best, n = f, len(p)
			}
		}
	}
	return best
}

// enter clears the drafts of the flows other than f (and those f keeps)
// when the chat moved into f from elsewhere: a parent who leaves a help
// request for a search does not carry the request's name and words along.
func (t *turn) enter(f *flow, from *flow) {
	if f == nil || f == from || f.draft == nil {
		return
	}
	for _, o := range flows {
		if o != f && o.clear != nil && !slices.Contains(f.keeps, o.name) {
			o.clear(&t.s)
		}
	}
}

// orMenu ends a prompt that found nothing to ask (a step whose draft is
// gone, from an old session): the main menu.
func (t *turn) orMenu(asked bool) {
	if !asked {
		t.s.Step = stepMenu
		t.menu()
	}
}

// declaredMove reports whether the table declares that a chat may go
// from step from to step to in one input: staying, the menu, any flow's
// entry (commands and the menu reach those from anywhere), a step's own
// ways on, and "back" to an earlier step of the same flow.
func declaredMove(from, to string) bool {
	if from == to || to == stepMenu {
		return true
	}
	for _, f := range flows {
		if slices.Contains(f.entries, to) {
			return true
		}
	}
	if tf := flowByStep[to]; tf != nil && tf.resumes && (from == stepMenu || flowByStep[from] == tf) {
		return true // a kept draft picked up again
	}
	f := flowByStep[from]
	if f == nil {
		return false // a step no flow has (an old session): only the menu or an entry
	}
	for i, s := range f.steps {
		if s.name == from {
			if slices.Contains(s.next, to) || slices.Contains(s.change, to) {
				return true
			}
			return slices.ContainsFunc(f.steps[:i], func(p flowStep) bool { return p.name == to })
		}
	}
	return false
}
