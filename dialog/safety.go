package dialog

import (
	"slices"
	"strings"

	"github.com/ouderkring/ouderkring/safety"
)

// safety.go: what the bot says when a message signals danger, and the
// "🆘 I need help now" screen. Safety comes before everything: Step checks
// every text a parent types — in any step, a caption, an edit, the words
// after a command — before it can become a name, a day, a place or a
// draft (package safety decides; the rules are data there). The answer
// leaves the dialog where it was, with a button back to it. Because
// detection can miss, the 🆘 screen is one tap away in the menu, after
// /hulp (/urgent), and under every "I don't understand".

// Buttons of the safety answers. "continue" is what the crisis answer's
// button always sent, so buttons on old messages keep working.
const (
	btnUrgent     = "menu:urgent"
	btnSafetyBack = "continue"
	btnSafetyUse  = "safety:use"
)

// workStep reports whether the chat is typing text for its work: a
// meetup's fields (organisers), an invite (admins), a referral link's
// label (clinic staff), a reason to reject (admins). There a safety answer
// also offers to use the text after all: "Praatgroep na zelfdoding" is a
// meetup's title, not a cry for help, and an organiser must not be stuck.
// The words are held in the session until the next input, and become a
// field only when the organiser presses that button.
func workStep(step string) bool {
	return strings.HasPrefix(step, "org_") || strings.HasPrefix(step, "inv_") ||
		strings.HasPrefix(step, "link_") || step == stepModReason
}

// url113 is where 113 Zelfmoordpreventie's chat starts.
const url113 = "https://www.113.nl"

// urgentAsked is the count of the 🆘 screen opened by the parent (beside
// the categories, which count answers to what a parent wrote).
const urgentAsked = "asked"

// urgentHints are the hints that answer something the parent typed or
// sent and the bot could not use: each carries the 🆘 button, since what
// the bot did not understand may have been a cry for help.
var urgentHints = []string{"hint_unknown", "hint_media", "hint_long"}

// safetyText is the text of an input that the safety check reads: typed
// text (also an edit), a caption, or what followed a command. A /start
// payload is a deep-link code, not words.
func safetyText(in Input) string {
	switch in.Kind {
	case InputText, InputOther:
		return in.Text
	case InputCommand:
		if in.Command != "start" {
			return in.Payload
		}
	}
	return ""
}

// safetyAnswer answers a message that signals danger: the line for each
// category, most urgent first — a child's medical emergency with 112
// before anything else — then what the bot is and is not, and buttons to
// every help line and back to where the parent was.
func (t *turn) safetyAnswer(cats []safety.Category, useText bool) {
	var parts []string
	if !slices.Contains(cats, safety.Medical) {
		parts = append(parts, t.T("safety_intro"))
	}
	for _, c := range cats {
		parts = append(parts, t.T("safety_"+string(c)))
		t.pending(pendingCount{safety: string(c)})
	}
	parts = append(parts, t.T("safety_outro"))
	var buttons [][]Button
	if slices.Contains(cats, safety.Suicide) {
		buttons = append(buttons, []Button{{Text: t.T("safety_chat_113"), URL: url113}})
	}
	buttons = append(buttons, []Button{{Text: t.T("safety_more"), Data: btnUrgent}})
	if useText {
		buttons = append(buttons, []Button{{Text: t.T("safety_use_text"), Data: btnSafetyUse}})
	}
	buttons = append(buttons, []Button{{Text: t.T("safety_back"), Data: btnSafetyBack}})
	t.out = append(t.out, Reply{Text: strings.Join(parts, "\n\n"), Buttons: buttons})
}

// SafetyAnswer is the safety answer to in, worked out without the chat's
// session (in the app's language), or nil when in signals no danger. It is
// for a front end whose database is away: a parent in danger is answered
// at once instead of when the database is back. Handle gives the same
// answer later, and counts it; the front end sends only one of the two.
func (e *Engine) SafetyAnswer(in Input) []Reply {
	text := safetyText(in)
	if text == "" {
		return nil
	}
	cats := e.safety.Check(text)
	if cats == nil {
		return nil
	}
	t := &turn{e: e, lang: e.Lang(in.Lang)}
	t.safetyAnswer(cats, false)
	return t.out
}

// urgent shows every help line: the 🆘 button and /hulp (/urgent). The
// dialog stays where it was.
func (t *turn) urgent() {
	t.edit(Reply{Text: t.T("safety_all") + "\n\n" + t.T("safety_outro"), Buttons: [][]Button{
		{{Text: t.T("safety_chat_113"), URL: url113}},
		{{Text: t.T("safety_back"), Data: btnSafetyBack}},
	}})
	t.pending(pendingCount{safety: urgentAsked})
}

// urgentButton is the 🆘 button under a hint.
func (t *turn) urgentButton() [][]Button {
	return [][]Button{{{Text: t.T("menu_urgent"), Data: btnUrgent}}}
}

// helpUnderRefusal puts the 🆘 button under the answer to typed text that
// the step could not take ("that is not a first name", "I don't know that
// place"): the dialog stayed where it was and said so in a plain line.
// Detection can miss; whoever typed something the bot refused may have
// been asking for help, so the way to it is one tap away there too.
func (t *turn) helpUnderRefusal(step string) {
	if t.err != nil || t.s.Step != step || len(t.out) == 0 {
		return
	}
	r := &t.out[0]
	if r.Text == "" || len(r.Buttons) > 0 || len(r.Keyboard) > 0 || r.RemoveKeyboard || r.EditMessageID != 0 {
		return
	}
	r.Buttons = t.urgentButton()
}

// useHeldText takes the words a safety answer held in a work step as the
// answer to that step after all (the organiser pressed "use my text").
func (t *turn) useHeldText() bool {
	if t.held == "" || !workStep(t.s.Step) {
		return false
	}
	t.in = Input{Kind: InputText, Text: t.held, Lang: t.in.Lang}
	t.text()
	return true
}

// safetyButton runs the safety flow's buttons: the 🆘 screen, "back where
// I was", and "use my text" for words held in a work step.
func (t *turn) safetyButton(data string) bool {
	switch data {
	case btnUrgent:
		t.urgent()
	case btnSafetyBack:
		t.prompt()
	case btnSafetyUse:
		return t.useHeldText()
	default:
		return false
	}
	return true
}
