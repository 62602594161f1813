package dialog

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
	// OnEffect is told of every write a step decided on, when Handle runs
	// it (effects.go): its kind ("publish", "redeem" …). For metrics and
	// tests; a write reused after a conflict is not told twice.
	OnEffect func(kind string)
	// OnSafety is told of every safety answer, once the step is saved:
	// the category ("suicide", "violence" …), or "asked" when a parent
	// opened the 🆘 screen. For metrics; it never sees the text.
	OnSafety func(category string)
	// OnApplied is told, for an update with an id, that Handle applied it
	// (again false: its session, which records it, is saved) or answered
	// it without stepping because the session had applied it before
	// (again true: Telegram delivered it once more). For logs, metrics and
	// the soak test's "each update applied once" check.
	OnApplied func(updateID int64, again bool)
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
	onEffect     func(kind string)
	onApplied    func(updateID int64, again bool)
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
		safety: det, onSafety: opts.OnSafety, onEffect: opts.OnEffect, onApplied: opts.OnApplied}, nil
}

// maxSaveAttempts bounds the retries when a session changed concurrently.
const maxSaveAttempts = 3

// Handle runs one input of a chat: it loads the session, steps the dialog,
// runs the writes the step decided on (effects.go) and saves the new
// session. On error nothing is saved and the dialog stays where it was.
//
// When the save meets a conflict (the session changed since it was
// loaded: the upkeep cleared a stale draft, or another update of the chat
// saved), a step that wrote nothing is simply stepped again on the fresh
// session. A step that wrote is not: deciding again would read its own
// writes (a meetup it just paused reads as paused, an invite it just
// redeemed reads as used) and answer as if the press came twice. Its
// decision stands and is laid over the fresh session instead (rebase), so
// each write happens once and the answer is the first one.
//
// With a store that keeps sessions in memory (SessionCache), the session
// comes from there when it can: a step that writes nothing but its session
// is decided on it, and a stale one shows as a conflict at the save, after
// which the step is decided again on the stored session without counting
// as an attempt. A step that decided other writes loads the stored session
// and decides again before any write runs.
//
// Each update applies once: the session records the updates it applied
// (Session.Applied, in the same save), and an update it already applied —
// Telegram delivering it again after a restart or a lost answer — is not
// stepped again; the chat gets the question it is at instead, so a
// parent whose answer was lost is never left in silence.
func (e *Engine) Handle(ctx context.Context, chatID int64, in Input) ([]Reply, error) {
	var (
		t      *turn   // the decision, once made
		loaded Session // the session it was made on
	)
	cache, useCache := e.store.(SessionCache)
	for attempt := 0; attempt < maxSaveAttempts; attempt++ {
		var (
			s      Session
			cached bool
			err    error
		)
		if useCache {
			useCache = false // once: after that, the stored session
			s, cached = cache.CachedSession(chatID)
		}
		if !cached {
			if s, err = e.store.LoadSession(ctx, chatID); err != nil {
				return nil, fmt.Errorf("load session: %w", err)
			}
		}
		if t != nil && len(t.effects) > 0 {
			t.s = rebase(t.s, loaded, s)
		} else {
			if s.applied(in.UpdateID) {
				e.told(in.UpdateID, true)
				return e.again(s, in), nil
			}
			t = e.decide(ctx, s, in)
			if cached && len(t.effects) > 0 {
				// Writes are decided on the stored session, never on a
				// cached one that may be stale: load it and decide again.
				if s, err = e.store.LoadSession(ctx, chatID); err != nil {
					return nil, fmt.Errorf("load session: %w", err)
				}
				cached = false
				if s.applied(in.UpdateID) {
					e.told(in.UpdateID, true)
					return e.again(s, in), nil
				}
				t = e.decide(ctx, s, in)
			}
			t.runEffects(ctx)
			if t.err != nil {
				if cached {
					cache.DropCachedSession(chatID) // the retry starts from the table
				}
				return nil, t.err
			}
			if t.s.forgotten {
				// Nothing is saved, not even the update's id: forgetting
				// again, were it delivered again, changes nothing.
				e.told(in.UpdateID, false)
				return layOut(t.lang, t.out), nil
			}
		}
		loaded = s
		next := t.s
		next.markApplied(in.UpdateID)
		_, err = e.store.SaveSession(ctx, next)
		if errors.Is(err, ErrConflict) {
			if cached {
				cache.DropCachedSession(chatID)
				attempt-- // the cache was stale: that was not a real attempt
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("save session: %w", err)
		}
		e.told(in.UpdateID, false)
		e.makeCounts(ctx, next.counts)
		return layOut(t.lang, t.out), nil
	}
	return nil, fmt.Errorf("save session after %d attempts: %w", maxSaveAttempts, ErrConflict)
}

// told passes an update's fate to Options.OnApplied.
func (e *Engine) told(updateID int64, again bool) {
	if e.onApplied != nil && updateID != 0 {
		e.onApplied(updateID, again)
	}
}

// rebase lays the session a step decided (from loaded) over fresh, the
// session as it is stored now, for a step that wrote and so cannot be
// stepped again. What changed in between is what the upkeep does to a
// session (db's ClearStaleDrafts): a help draft, the clinic link, the
// /start payload or held words that outlived their day are gone; they stay
// gone unless the step made new ones. Another update of the same chat
// cannot have saved in between: the front ends hand a chat's updates over
// one at a time (bot's chat queues, the webhook gate's per-chat lock).
func rebase(decided, loaded, fresh Session) Session {
	out := decided
	out.Version = fresh.Version
	if loaded.Ask != nil && fresh.Ask == nil && decided.Ask != nil && decided.Ask.Started.Equal(loaded.Ask.Started) {
		out.Ask = nil
		if strings.HasPrefix(out.Step, "ask_") {
			out.Step = stepMenu
		}
	}
	if loaded.Referral != nil && fresh.Referral == nil && decided.Referral != nil && decided.Referral.Started.Equal(loaded.Referral.Started) {
		out.Referral = nil
	}
	if loaded.StartPayload != "" && fresh.StartPayload == "" && decided.StartPayload == loaded.StartPayload && decided.StartAt.Equal(loaded.StartAt) {
		out.StartPayload, out.StartAt = "", time.Time{}
	}
	if loaded.Held != "" && fresh.Held == "" && decided.Held == loaded.Held {
		out.Held = ""
	}
	return out
}

// Step decides what to say to one input and what the session becomes, and
// runs the writes it decided on (effects.go) once each: Decide, then
// Apply. It does not save the session nor remember the update: that is
// Handle's work. Tests and benchmarks that keep their own session call it.
func (e *Engine) Step(ctx context.Context, s Session, in Input) (Session, []Reply, error) {
	return e.Decide(ctx, s, in).Apply(ctx)
}

// Decision is what a step decided, before anything was written: the
// session and replies so far, and the writes to make (Effects). Apply
// makes the writes and finishes the answer from their outcomes.
type Decision struct {
	t       *turn
	s       Session // as it was loaded
	applied bool
}

// Effect names one write a step decided on: its kind ("publish",
// "redeem", "save" …) and what it is about (a draft's key, a meetup id).
type Effect struct{ Kind, Key string }

// Decide is the deciding half of Step: it reads what it needs and writes
// nothing. Apply does the rest, once.
func (e *Engine) Decide(ctx context.Context, s Session, in Input) *Decision {
	return &Decision{t: e.decide(ctx, s, in), s: s}
}

// Effects are the writes the step decided on, in order (more may follow
// from their outcomes when Apply runs them).
func (d *Decision) Effects() []Effect {
	out := make([]Effect, len(d.t.effects))
	for i, ef := range d.t.effects {
		out[i] = Effect{Kind: ef.kind, Key: ef.key}
	}
	return out
}

// Apply runs the decided writes, each once, and returns the new session
// and the replies; on error (a failed read or write) the session as it
// was. A second Apply returns the same without writing again.
func (d *Decision) Apply(ctx context.Context) (Session, []Reply, error) {
	if !d.applied {
		d.applied = true
		d.t.runEffects(ctx)
		d.t.out = layOut(d.t.lang, d.t.out) // once: it swaps the arrows of Arabic lines
	}
	if d.t.err != nil {
		return d.s, nil, d.t.err
	}
	return d.t.s, d.t.out, nil
}

// again answers an update the session applied already: the question the
// chat is at, asked anew, and nothing moves.
func (e *Engine) again(s Session, in Input) []Reply {
	t := &turn{e: e, ctx: context.Background(), s: s, in: in}
	t.lang = t.resolveLang()
	t.prompt()
	return layOut(t.lang, t.out)
}

// decide is the deciding half of a step: the new session and the replies
// in t, and the writes to make in t.effects, not yet run. It writes
// nothing (a failed read is t.err).
func (e *Engine) decide(ctx context.Context, s Session, in Input) *turn {
	if s.Schema < SessionSchema {
		s.Schema = SessionSchema // layout 0 had no fields that need moving
	}
	t := &turn{e: e, ctx: ctx, s: s, in: in, first: s.Version == 0, from: flowByStep[s.Step]}
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
			return t
		}
	}
	if in.Edited {
		// A message changed after it was answered: only a cry for help in
		// it is news. The dialog, its drafts and held words stay as they
		// were.
		t.out = nil
		return t
	}
	t.held, t.s.Held = t.s.Held, ""
	t.expireAsk()
	t.expireReferral()
	switch in.Kind {
	case InputCommand:
		t.command()
	case InputButton:
		t.button()
	case InputText:
		t.text()
		t.helpUnderRefusal(s.Step)
	case InputLocation:
		t.location()
	default:
		t.hint("hint_media")
	}
	return t
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
	return layOut(t.lang, t.out)
}

// Command is a bot command with its description in one language, for the
// command list a front end registers (Telegram's setMyCommands).
type Command struct{ Name, Description string }

// Commands lists the commands the bot understands, named and described
// in lang: Dutch names for a Dutch menu, English ones for an English one
// (each flow understands both, flows.go).
func (e *Engine) Commands(lang string) []Command {
	var cmds []Command
	for _, c := range []struct{ nl, en, id string }{
		{"start", "start", "cmd_start"}, {"hulp", "urgent", "cmd_urgent"}, {"zoek", "find", "cmd_zoek"},
		{"vraag", "ask", "cmd_vraag"}, {"bewaard", "saved", "cmd_bewaard"}, {"help", "help", "cmd_help"},
		{"privacy", "privacy", "cmd_privacy"}, {"vergeet", "forget", "cmd_vergeet"}, {"taal", "language", "cmd_taal"},
		{"stop", "stop", "cmd_stop"},
	} {
		name := c.nl
		if e.Lang(lang) != "nl" {
			name = c.en
		}
		cmds = append(cmds, Command{Name: name, Description: e.loc.T(lang, c.id)})
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
