package dialog

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/safety"
)

// Options tune an Engine. The zero value is usable.
type Options struct {
	// DefaultLang is spoken in chats whose app language the bot does not
	// speak ("nl" when empty).
	DefaultLang string
	// Retention is how long idle sessions are kept; /privacy tells parents.
	Retention time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Catalogue is where meetups are searched; without it the search
	// answers "coming soon".
	Catalogue meetups.Catalogue
	// Geocoder turns typed postcodes and towns into places; without it
	// parents can still share their location.
	Geocoder meetups.Geocoder
	// Members and OrgCatalogue serve organisers and admins; without them
	// invites and /nieuw are refused.
	Members      Organisers
	OrgCatalogue OrgCatalogue
	// Counter keeps the anonymous weekly counts organisers see in /mijn
	// (shown in results, opened); without it nothing is counted. When it
	// also implements CountReader, /mijn shows the counts.
	Counter meetups.Counter
	// Referrals finds the clinic link a /start names and counts what
	// parents who came through it do; without it r_ payloads start the bot
	// like any other. When it also implements ReferralStore, clinic staff
	// can use /link and /cijfers.
	Referrals meetups.Referrals
	// Saved keeps the meetups parents save, with their reminders and
	// follow-ups; without it the card offers only the calendar file and
	// /bewaard answers "coming soon".
	Saved SavedStore
	// OnSafety is told of every safety answer, once the step is saved:
	// the category ("suicide", "violence" …), or "asked" when a parent
	// opened the 🆘 screen. For metrics; it never sees the text.
	OnSafety func(category string)
}

// Engine runs conversations. It is safe for concurrent use by many chats;
// the caller keeps updates of one chat in order.
type Engine struct {
	loc          *Locales
	store        SessionStore
	retention    time.Duration
	now          func() time.Time
	catalogue    meetups.Catalogue
	geocoder     meetups.Geocoder
	members      Organisers
	orgCatalogue OrgCatalogue
	botName      atomic.Value // string: SetBotUsername
	counter      meetups.Counter
	referrals    meetups.Referrals
	saved        SavedStore
	safety       *safety.Detector
	onSafety     func(category string)
}

// New makes an Engine that keeps sessions in store.
func New(store SessionStore, opts Options) (*Engine, error) {
	if opts.DefaultLang == "" {
		opts.DefaultLang = "nl"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Retention <= 0 {
		opts.Retention = 30 * 24 * time.Hour
	}
	loc, err := LoadLocales(opts.DefaultLang)
	if err != nil {
		return nil, err
	}
	det, err := safety.Shared()
	if err != nil {
		return nil, err
	}
	return &Engine{loc: loc, store: store, retention: opts.Retention, now: opts.Now,
		catalogue: opts.Catalogue, geocoder: opts.Geocoder, members: opts.Members, orgCatalogue: opts.OrgCatalogue,
		counter: opts.Counter, referrals: opts.Referrals, saved: opts.Saved,
		safety: det, onSafety: opts.OnSafety}, nil
}

// maxSaveAttempts bounds the retries when a session changed concurrently.
const maxSaveAttempts = 3

// Handle runs one input of a chat: it loads the session, steps the dialog
// and saves the new session, retrying when another update of the same chat
// saved in between. On error nothing is saved and the dialog stays where it
// was.
func (e *Engine) Handle(ctx context.Context, chatID int64, in Input) ([]Reply, error) {
	for attempt := 0; attempt < maxSaveAttempts; attempt++ {
		s, err := e.store.LoadSession(ctx, chatID)
		if err != nil {
			return nil, fmt.Errorf("load session: %w", err)
		}
		next, replies, err := e.Step(ctx, s, in)
		if err != nil {
			return nil, err
		}
		if next.forgotten {
			return replies, nil
		}
		_, err = e.store.SaveSession(ctx, next)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("save session: %w", err)
		}
		e.makeCounts(ctx, next.counts)
		return replies, nil
	}
	return nil, fmt.Errorf("save session after %d attempts: %w", maxSaveAttempts, ErrConflict)
}

// Step decides what to say to one input and what the session becomes. It
// has no effects of its own except through the store's ForgetChat.
func (e *Engine) Step(ctx context.Context, s Session, in Input) (Session, []Reply, error) {
	if s.Schema < SessionSchema {
		s.Schema = SessionSchema // layout 0 had no fields that need moving
	}
	t := &turn{e: e, ctx: ctx, s: s, in: in, first: s.Version == 0}
	t.s.counts = nil // a store may hand back what an earlier step left
	t.s.Seen = e.now().UTC()
	t.lang = t.resolveLang()
	// Safety first: a text that signals danger gets the line that helps
	// before it can become anything else, in any step, and the dialog
	// stays where it was (safety.go). Nothing is said before it, not even
	// that a draft expired.
	if text := safetyText(in); text != "" {
		if cats := e.safety.Check(text); cats != nil {
			useText := in.Kind == InputText && !in.Edited && workStep(t.s.Step)
			if useText {
				t.s.Held = text
			} else if !in.Edited {
				t.s.Held = ""
			}
			t.safetyAnswer(cats, useText)
			return t.s, t.out, nil
		}
	}
	if in.Edited {
		// A message changed after it was answered: only a cry for help in
		// it is news. The dialog, its drafts and held words stay as they
		// were.
		return t.s, nil, nil
	}
	t.held, t.s.Held = t.s.Held, ""
	t.expireAsk()
	t.expireReferral()
	var err error
	switch in.Kind {
	case InputCommand:
		err = t.command(ctx)
	case InputButton:
		err = t.button(ctx)
	case InputText:
		t.text()
		t.helpUnderRefusal(s.Step)
	case InputLocation:
		t.location()
	default:
		t.hint("hint_media")
	}
	if err == nil {
		err = t.err
	}
	if err != nil {
		return s, nil, err
	}
	return t.s, t.out, nil
}

// Apology is what a front end says when handling an input failed: sorry,
// and the menu. appLang is the person's app language.
func (e *Engine) Apology(appLang string) []Reply {
	t := &turn{e: e, lang: e.loc.Match(appLang)}
	if t.lang == "" {
		t.lang = e.loc.Default()
	}
	t.say("apology")
	t.menu()
	return t.out
}

// Command is a bot command with its description in one language, for the
// command list a front end registers (Telegram's setMyCommands).
type Command struct{ Name, Description string }

// Commands lists the commands the bot understands, described in lang.
func (e *Engine) Commands(lang string) []Command {
	var cmds []Command
	for _, c := range []struct{ name, id string }{
		{"start", "cmd_start"}, {e.loc.T(lang, "cmd_urgent_name"), "cmd_urgent"}, {"zoek", "cmd_zoek"}, {"vraag", "cmd_vraag"}, {"bewaard", "cmd_bewaard"}, {"help", "cmd_help"}, {"privacy", "cmd_privacy"},
		{"vergeet", "cmd_vergeet"}, {"taal", "cmd_taal"}, {"stop", "cmd_stop"},
	} {
		cmds = append(cmds, Command{Name: c.name, Description: e.loc.T(lang, c.id)})
	}
	return cmds
}

// Text returns a locale text for front ends that need a line of their own
// (the terminal's introduction).
func (e *Engine) Text(lang, id string, data ...any) string { return e.loc.T(lang, id, data...) }

// Lang is the language the bot would speak for an app language code.
func (e *Engine) Lang(appLang string) string {
	if l := e.loc.Match(appLang); l != "" {
		return l
	}
	return e.loc.Default()
}
