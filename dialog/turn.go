package dialog

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ouderkring/ouderkring/meetups"
)

// Steps of the dialog that wait for an answer. The main menu is "".
const (
	stepMenu          = ""
	stepConfirmForget = "confirm_forget"
)

// Callback data of the buttons. Short: Telegram allows 64 bytes.
const (
	btnMenu       = "menu"
	btnFind       = "menu:find"
	btnAsk        = "menu:ask"
	btnSupport    = "menu:support"
	btnSupportVol = "menu:support:vol" // find volunteer programmes nearby
	btnSettings   = "menu:settings"
	btnPrivacy    = "settings:privacy"
	btnForget     = "settings:forget"
	btnLangPrefix = "lang:"
	btnForgetYes  = "forget:yes"
	btnForgetNo   = "forget:no"
)

// MaxTextRunes is the longest text the bot reads; longer messages get a
// kind hint instead (nothing in the dialog needs more).
const MaxTextRunes = 1000

// startPayload is what Telegram allows in a deep-link payload.
var startPayload = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// turn is the work of one Step: the session being changed and the replies
// being collected.
type turn struct {
	e     *Engine
	ctx   context.Context
	s     Session
	in    Input
	lang  string
	first bool // the chat had no session before this input
	out   []Reply
	err   error                 // set by fail: the input could not be handled
	roles *[]meetups.Membership // loaded once per input by memberships
	held  string                // Session.Held as the input found it (safety.go)
	// effects are the writes this step decided on (effects.go).
	effects []*effect
	// from is the flow the chat was in before this input (flows.go).
	from *flow
}

// fail records that the input could not be handled (the catalogue is
// down): Step returns the error, nothing is saved, the dialog stays where
// it was, and the front end apologises.
func (t *turn) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

func (t *turn) resolveLang() string {
	if t.s.LangChosen && supported(t.s.Lang) {
		return t.s.Lang
	}
	if l := t.e.loc.Match(t.in.Lang); l != "" {
		t.s.Lang = l
	} else if !supported(t.s.Lang) {
		t.s.Lang = t.e.loc.Default()
	}
	return t.s.Lang
}

func (t *turn) T(id string, data ...any) string { return t.e.loc.T(t.lang, id, data...) }

func (t *turn) say(id string, data ...any) { t.out = append(t.out, Reply{Text: t.T(id, data...)}) }

// counted is a number with its word in the chat's language, in the plural
// form the number takes there ("1 dag", "30 dagen"; Polish "2 dni", "5 dni").
func (t *turn) counted(id string, n int) string { return t.T(id, map[string]any{"Count": n}) }

// edit replaces the message the button was on, or sends a new one when the
// input was not a button press.
func (t *turn) edit(r Reply) {
	if t.in.Kind == InputButton && t.in.MessageID != 0 {
		r.EditMessageID = t.in.MessageID
	}
	t.out = append(t.out, r)
}

func (t *turn) menuButtons() [][]Button {
	return [][]Button{
		{{Text: t.T("menu_find"), Data: btnFind}},
		{{Text: t.T("menu_ask"), Data: btnAsk}},
		{{Text: t.T("menu_support"), Data: btnSupport}},
		{{Text: t.T("menu_settings"), Data: btnSettings}},
		{{Text: t.T("menu_urgent"), Data: btnUrgent}},
	}
}

func (t *turn) backToMenu() [][]Button {
	return [][]Button{{{Text: t.T("button_menu"), Data: btnMenu}}}
}

// menu sends the main menu as a new message.
func (t *turn) menu() {
	t.out = append(t.out, Reply{Text: t.T("menu_prompt"), Buttons: t.menuButtons()})
}

// prompt repeats the question of the step the chat is in, so a hint never
// moves the dialog: the open question of the step's flow, or the main menu.
func (t *turn) prompt() {
	t.in.MessageID = 0 // ask anew below the hint, never by editing an old message
	if f := flowByStep[t.s.Step]; f != nil && f.prompt != nil {
		f.prompt(t)
		return
	}
	t.s.Step = stepMenu
	t.menu()
}

// menuPrompt asks the menu flow's question: erase?, or the menu.
func (t *turn) menuPrompt() {
	if t.s.Step == stepConfirmForget {
		t.out = append(t.out, t.forgetQuestion())
		return
	}
	t.s.Step = stepMenu
	t.menu()
}

// hint answers input the bot cannot use: a short friendly line, then the
// current question. A chat's very first message gets the greeting instead.
func (t *turn) hint(id string) {
	if t.first && t.s.Step == stepMenu {
		t.greet()
		return
	}
	r := Reply{Text: t.T(id)}
	if slices.Contains(urgentHints, id) {
		r.Buttons = t.urgentButton()
	}
	t.out = append(t.out, r)
	t.prompt()
}

func (t *turn) greet() {
	t.out = append(t.out, t.greeting())
	t.menu()
}

// greeting says who the bot is, with one line on privacy.
func (t *turn) greeting() Reply {
	return Reply{Text: t.T("greeting") + "\n\n" + t.T("privacy_line")}
}

func (t *turn) text() {
	text := strings.TrimSpace(t.in.Text)
	if utf8.RuneCountInString(text) > MaxTextRunes {
		t.hint("hint_long")
		return
	}
	if f := flowByStep[t.s.Step]; f != nil && f.text != nil && f.text(t, text) {
		return
	}
	if t.understood(text) {
		return
	}
	t.hint("hint_unknown")
}

// location: a shared location answers the step's question when its flow
// takes one (where a link's search starts), and anywhere else starts a
// search there.
func (t *turn) location() {
	if f := flowByStep[t.s.Step]; f != nil && f != flowByName["find"] && f.location != nil && f.location(t) {
		return
	}
	t.findLocation()
}

// command runs a command through the flow that owns it.
func (t *turn) command() {
	if f := flowByCommand[t.in.Command]; f != nil {
		f.command(t, t.in.Command)
		return
	}
	if t.didYouMean(t.in.Command) {
		return
	}
	t.hint("hint_unknown")
}

// button runs a press through the flow that owns its data; a press no
// flow takes now is from an old message (or forged).
func (t *turn) button() {
	if f := flowOfButton(t.in.Data); f != nil && f.button(t, t.in.Data) {
		return
	}
	t.oldButton()
}

// oldButton answers a button from an old message, or data nobody sent
// us: a short line, and the question the chat is at.
func (t *turn) oldButton() {
	t.say("hint_old_button")
	t.prompt()
}

// menuCommand runs the menu flow's commands.
func (t *turn) menuCommand(name string) {
	switch name {
	case "start":
		t.s.Step = stepMenu
		t.s.StartPayload, t.s.StartAt = "", time.Time{}
		p := strings.TrimSpace(t.in.Payload)
		if _, code, ok := meetups.ParseInvite(p); ok {
			t.redeem(code)
			return
		}
		if startPayload.MatchString(p) {
			t.s.StartPayload, t.s.StartAt = p, t.e.now().UTC()
		}
		if link, ok := t.startReferral(p); ok && link.Area != nil && t.e.catalogue != nil {
			t.out = append(t.out, t.greeting())
			t.presetSearch(*link.Area)
			return
		}
		t.greet()
	case "menu":
		t.s.Step = stepMenu
		t.menu()
	case "help":
		t.out = append(t.out, Reply{Text: t.helpText()})
		t.prompt()
	case "privacy":
		t.privacy()
		t.prompt()
	case "vergeet", "forget":
		t.s.Step = stepConfirmForget
		t.out = append(t.out, t.forgetQuestion())
	case "taal", "language", "lang":
		t.out = append(t.out, t.langQuestion())
	case "stop":
		t.stop()
	}
}

// menuButton runs the menu flow's buttons.
func (t *turn) menuButton(data string) bool {
	switch {
	case data == btnMenu:
		t.s.Step = stepMenu
		t.edit(Reply{Text: t.T("menu_prompt"), Buttons: t.menuButtons()})
	case data == btnSupport:
		t.edit(t.supportReply())
	case data == btnSupportVol:
		t.findPreset("vol")
	case data == btnSettings:
		t.edit(t.settingsReply())
	case data == btnLangPrefix:
		t.edit(t.langQuestion())
	case strings.HasPrefix(data, btnLangPrefix) && supported(strings.TrimPrefix(data, btnLangPrefix)):
		t.lang = strings.TrimPrefix(data, btnLangPrefix)
		t.s.Lang, t.s.LangChosen = t.lang, true
		t.edit(Reply{Text: t.T("lang_set")})
		if t.s.Step == stepConfirmForget {
			t.s.Step = stepMenu // choosing a language is not "yes, erase": the question is off
		}
		t.prompt()
	case data == btnPrivacy:
		t.privacy()
		t.prompt()
	case data == btnForget:
		t.s.Step = stepConfirmForget
		t.edit(t.forgetQuestion())
	case data == btnForgetYes && t.s.Step == stepConfirmForget:
		t.forget()
	case data == btnForgetNo && t.s.Step == stepConfirmForget:
		t.s.Step = stepMenu
		t.edit(Reply{Text: t.T("forget_kept")})
		t.menu()
	default:
		return false
	}
	return true
}

func (t *turn) privacy() {
	t.say("privacy", map[string]any{"Days": t.counted("count_days", int(t.e.retention.Hours()/24)),
		"SavedDays": t.counted("count_days", int(SavedRetention.Hours()/24))})
}

func (t *turn) forgetQuestion() Reply {
	return Reply{Text: t.T("forget_confirm"), Buttons: [][]Button{
		{{Text: t.T("forget_yes"), Data: btnForgetYes}},
		{{Text: t.T("forget_no"), Data: btnForgetNo}},
	}}
}

// langQuestion offers every language in its own name, two to a row.
func (t *turn) langQuestion() Reply {
	var rows [][]Button
	for i, l := range Languages {
		if i%2 == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], Button{Text: t.T("lang_" + l), Data: btnLangPrefix + l})
	}
	return Reply{Text: t.T("lang_prompt"), Buttons: rows}
}

// forget erases everything about the chat. The session is not saved
// afterwards: a fresh one starts with the next message.
func (t *turn) forget() {
	do(t, "forget", "", func(ctx context.Context) (struct{}, error) {
		return struct{}{}, t.e.store.ForgetChat(ctx, t.s.ChatID)
	}, func(_ struct{}, err error) {
		if err != nil {
			t.failed("forget chat", err)
			return
		}
		t.s = Session{ChatID: t.s.ChatID, forgotten: true}
		t.edit(Reply{Text: t.T("forget_done")})
	})
}

// stop keeps the promise of /stop, "I'll send you nothing more on my own":
// every reminder and follow-up still to come is cancelled (an effect), and
// the parent hears how to have one again.
func (t *turn) stop() {
	t.s.Step = stepMenu
	if t.e.saved == nil {
		t.out = append(t.out, Reply{Text: t.T("stop"), RemoveKeyboard: true})
		return
	}
	do(t, "stop_notices", "", func(ctx context.Context) (int, error) {
		return t.e.saved.StopNotices(ctx, t.s.ChatID)
	}, func(n int, err error) {
		if err != nil {
			t.failed("stop", err)
			return
		}
		text := t.T("stop")
		if n > 0 {
			text += "\n\n" + t.T("stop_notices")
		}
		t.out = append(t.out, Reply{Text: text, RemoveKeyboard: true})
	})
}

// supportReply is the "other support" screen: what volunteer programmes
// do, and a way to find them nearby or go back.
func (t *turn) supportReply() Reply {
	return Reply{Text: t.T("support"), Buttons: [][]Button{
		{{Text: t.T("support_find_volunteers"), Data: btnSupportVol}},
		{{Text: t.T("support_back"), Data: btnMenu}},
	}}
}

// settingsReply is the settings screen.
func (t *turn) settingsReply() Reply {
	return Reply{Text: t.T("settings_prompt"), Buttons: [][]Button{
		{{Text: t.T("settings_lang"), Data: btnLangPrefix}},
		{{Text: t.T("settings_privacy"), Data: btnPrivacy}},
		{{Text: t.T("settings_forget"), Data: btnForget}},
		{{Text: t.T("button_menu"), Data: btnMenu}},
	}}
}

// helpText is /help: the commands everyone has, then those of each role
// the person has (organiser, clinic staff, admin).
func (t *turn) helpText() string {
	parts := []string{t.T("help")}
	ms := t.memberships()
	for _, r := range []meetups.Role{meetups.RoleOrganiser, meetups.RoleStaff, meetups.RoleAdmin} {
		if meetups.Has(ms, r) {
			parts = append(parts, t.T("help_"+string(r)))
		}
	}
	return strings.Join(parts, "\n\n")
}
