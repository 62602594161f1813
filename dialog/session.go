package dialog

import (
	"context"
	"errors"
	"slices"
	"time"
)

// SessionSchema is the version of the Session JSON layout. A store that
// loads an older layout hands it to the engine, which upgrades it; this is
// why the number is stored inside the JSON and not only in code.
const SessionSchema = 1

// Session is everything the bot remembers about one chat between two
// messages. It is small on purpose (privacy by default): a language, where
// the chat is in a dialog, and for a day the deep-link payload the chat
// started with.
// It is stored as JSON by a SessionStore; ChatID and Version live beside the
// JSON, not inside it.
type Session struct {
	// ChatID identifies the chat; it is the store's key.
	ChatID int64 `json:"-"`
	// Version is the store's optimistic-concurrency counter: 0 for a chat
	// that has no stored session yet. Only the store changes it.
	Version int64 `json:"-"`

	// Schema is SessionSchema at the time the session was written.
	Schema int `json:"schema"`
	// Lang is the language the bot speaks in this chat ("nl", "en").
	Lang string `json:"lang,omitempty"`
	// LangChosen is true once the parent picked a language with /taal; from
	// then on Telegram's language setting no longer overrides Lang.
	LangChosen bool `json:"lang_chosen,omitempty"`
	// Step is where the chat is in a dialog; "" is the main menu.
	Step string `json:"step,omitempty"`
	// StartPayload is the deep-link payload of the last /start (a clinic
	// poster's r_<code>, say), kept for a day from StartAt: like Referral,
	// it must not tie a chat to a poster for longer.
	StartPayload string    `json:"start,omitempty"`
	StartAt      time.Time `json:"start_at,omitzero"`
	// Referral is the clinic link the chat started from, for a day, so the
	// parent's first search and draft count for that link (referral.go).
	Referral *Referral `json:"ref,omitempty"`
	// Link is the referral link clinic staff are making with /link.
	Link *LinkDraft `json:"link,omitempty"`
	// Org is the meetup an organiser is adding, if any.
	Org *OrgDraft `json:"org,omitempty"`
	// Invite is the invite an admin is making with /uitnodigen, if any.
	Invite *InviteDraft `json:"invite,omitempty"`
	// ModReject is the meetup an admin is giving a reason to reject.
	ModReject int64 `json:"mod_reject,omitempty"`
	// ModChange says ModReject is a live meetup's change being taken
	// offline, not a new meetup being rejected.
	ModChange bool `json:"mod_change,omitempty"`
	// Ask is the help request being drafted, if any.
	Ask *Ask `json:"ask,omitempty"`
	// Search is the meetup search in progress, if any.
	Search *Search `json:"search,omitempty"`
	// Held is what an organiser (or staff, or an admin) typed in a work
	// step that the safety check answered, until their next input: it
	// becomes the field only if they press "use my text" (safety.go).
	Held string `json:"held,omitempty"`
	// Seen is when the chat last sent something; idle sessions are purged.
	Seen time.Time `json:"seen"`
	// Applied are the Telegram update ids this session last applied, the
	// newest last (0: none yet): Handle steps none of them again. Saved
	// with the session, so "applied" and "saved" are one fact. An array,
	// not a slice, so a Session stays comparable.
	Applied [maxApplied]int64 `json:"applied,omitzero"`

	// forgotten is set by Step after /vergeet erased the chat: the session
	// must not be written back.
	forgotten bool
	// counts are the counts this step earned (counts.go); Handle makes
	// them only once the session is saved, so a retried step cannot count
	// twice. A pointer keeps Session comparable.
	counts *[]pendingCount
}

// ErrConflict is returned by SessionStore.SaveSession when the stored
// session changed since it was loaded (another update of the same chat was
// handled in between). The caller reloads and handles the input again.
var ErrConflict = errors.New("session changed concurrently")

// SessionStore keeps sessions between updates and restarts. It is
// implemented by package db; tests may use an in-memory one.
type SessionStore interface {
	// LoadSession returns the chat's session, or a zero Session with only
	// ChatID set (Version 0) when the chat has none.
	LoadSession(ctx context.Context, chatID int64) (Session, error)
	// SaveSession stores s if the stored version still equals s.Version
	// (0: no row yet) and returns s with its new Version. It returns
	// ErrConflict otherwise, and stores nothing.
	SaveSession(ctx context.Context, s Session) (Session, error)
	// ForgetChat erases every row about the chat, in one transaction.
	ForgetChat(ctx context.Context, chatID int64) error
}

// SessionCache is what a SessionStore may add: the session as this process
// last loaded or saved it, without a round trip. It may be stale (another
// process, or the store's upkeep, saved since). So Handle decides on a
// cached session only steps that write nothing but the session: their save
// checks the version, fails with ErrConflict when the cache was stale, and
// the step is decided again on the stored session. A step that decided
// other writes (effects) is decided again on the stored session before
// any of them runs.
type SessionCache interface {
	// CachedSession returns the chat's cached session, if there is one.
	CachedSession(chatID int64) (Session, bool)
	// DropCachedSession forgets it.
	DropCachedSession(chatID int64)
}

// maxApplied is how many update ids a session remembers. A redelivery is
// of one of the chat's last few updates: polling delivers again only what
// was in flight when the bot stopped (before anything newer of that chat),
// and in webhook mode the gate's processed_updates catches all but an
// update whose handler ran and whose record was lost.
//
// Why a set and not "the highest id applied": in webhook mode Telegram
// may deliver a chat's updates out of order (several connections, a
// retried delivery), and "at or below the highest" would then drop an
// update that was never applied — something a parent typed, lost.
const maxApplied = 8

// applied reports whether the session applied update id already (0: the
// front end has no update ids, as the terminal).
func (s Session) applied(id int64) bool {
	return id > 0 && slices.Contains(s.Applied[:], id)
}

// markApplied records update id as applied, forgetting the oldest.
func (s *Session) markApplied(id int64) {
	if id <= 0 {
		return
	}
	copy(s.Applied[:], s.Applied[1:])
	s.Applied[maxApplied-1] = id
}
