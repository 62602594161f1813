package meetups

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// referral.go: clinic staff (consultation bureau, JGZ) hand parents a link
// to the bot, t.me/<bot>?start=r_<code>, on a poster or a card. Per link and
// ISO week only numbers are kept (starts, searches, saved meetups, drafted
// messages); no table links a code to a chat.

// ReferralPrefix starts a referral link's deep-link payload: r_<code>.
const ReferralPrefix = "r_"

// referralCodeBytes is a code's randomness: 96 bits, far beyond guessing,
// in 16 base64url characters (a payload of 18, Telegram allows 64).
const referralCodeBytes = 12

// MaxReferralLabel bounds a label, which names where the link is handed
// out ("CB Utrecht Overvecht"): short enough for a button and the foot of
// a poster.
const MaxReferralLabel = 80

// SuppressBelow: counts from 1 to SuppressBelow-1 are never shown exactly
// (Suppress).
const SuppressBelow = 5

const (
	minReferralCode = 11 // 64 bits in base64url
	maxReferralCode = 64 - len(ReferralPrefix)
	maxReferralArea = 200
)

var referralCodeRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,` + strconv.Itoa(maxReferralCode) + `}$`)

// NewReferralCode makes a random referral code from crypto/rand.
func NewReferralCode() (string, error) {
	b := make([]byte, referralCodeBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// ParseReferral is the code of a /start payload r_<code>; ok is false for
// any other payload, and for one too long or with characters Telegram
// does not allow (such a payload is not looked up at all).
func ParseReferral(payload string) (code string, ok bool) {
	code, ok = strings.CutPrefix(payload, ReferralPrefix)
	if !ok || !ValidPayload(payload) || !referralCodeRe.MatchString(code) {
		return "", false
	}
	return code, true
}

// ReferralLink is one link staff hand out.
type ReferralLink struct {
	ID    int64
	Code  string // the part after r_
	Label string
	// OrgID is the organisation whose staff see the link and its numbers;
	// 0 for a link an admin made without one (only admins see it).
	OrgID   int64
	OrgName string
	// Area, when set, is where a parent's meetup search starts.
	Area      *Place
	CreatedAt time.Time
}

// Payload is the link's deep-link payload, r_<code>.
func (l ReferralLink) Payload() string { return ReferralPrefix + l.Code }

// URL is the link parents open, for the bot named bot (without "@").
func (l ReferralLink) URL(bot string) string { return DeepLink(bot, l.Payload()) }

// DeepLink is the t.me link that opens the bot with /start payload.
func DeepLink(bot, payload string) string {
	return "https://t.me/" + bot + "?start=" + payload
}

// CleanReferralLabel is how a typed label is kept: one line, spaces folded.
func CleanReferralLabel(s string) string { return strings.Join(strings.Fields(s), " ") }

// Validate checks what a store must never keep: a weak or malformed code,
// an empty, multi-line or over-long label, an area off the earth.
func (l ReferralLink) Validate() error {
	if len(l.Code) < minReferralCode || !referralCodeRe.MatchString(l.Code) {
		return Errorf(EINVALID, "a referral code has %d to %d characters A-Z a-z 0-9 _ -", minReferralCode, maxReferralCode)
	}
	if n := utf8.RuneCountInString(l.Label); n < 1 || n > MaxReferralLabel || !utf8.ValidString(l.Label) || CleanReferralLabel(l.Label) != l.Label {
		return Errorf(EINVALID, "a referral label is one line of 1 to %d characters", MaxReferralLabel)
	}
	if l.Area != nil {
		if err := l.Area.Point.Validate(); err != nil {
			return &Error{Code: EINVALID, Message: "referral area", Err: err}
		}
		if utf8.RuneCountInString(l.Area.Label) > maxReferralArea {
			return Errorf(EINVALID, "a referral area's name has at most %d characters", maxReferralArea)
		}
	}
	return nil
}

// ReferralEvent is something a parent who came through a link did, counted
// per link and week. Its value is the column that counts it.
type ReferralEvent string

// The events counted for a link. Saved has no button yet: the dialog has
// the hook ready, /cijfers shows the column (as 0).
const (
	ReferralStart   ReferralEvent = "starts"   // opened the bot through the link
	ReferralSearch  ReferralEvent = "searches" // searched for meetups
	ReferralSaved   ReferralEvent = "saved"    // saved a meetup
	ReferralDrafted ReferralEvent = "drafted"  // had a help message drafted
)

// ReferralEvents lists every ReferralEvent, in the order /cijfers shows them.
var ReferralEvents = []ReferralEvent{ReferralStart, ReferralSearch, ReferralSaved, ReferralDrafted}

// Valid reports whether e is one of ReferralEvents.
func (e ReferralEvent) Valid() bool { return slices.Contains(ReferralEvents, e) }

// Referrals is what a parent's path needs of the referral store: find the
// link a /start payload names, and count. The dialog calls it while a
// parent waits, so it bounds each call and treats a failure as a lost
// count, never as a failed conversation.
type Referrals interface {
	// Referral returns the link with code if it exists and was not
	// deleted; an Error with ENOTFOUND otherwise.
	Referral(ctx context.Context, code string) (ReferralLink, error)
	// CountReferral adds one to event for the link, in the week of at
	// (WeekOf). A deleted or unknown link is ignored; an unknown event is
	// an Error with EINVALID.
	CountReferral(ctx context.Context, linkID int64, event ReferralEvent, at time.Time) error
}

// ReferralScope says whose links someone may see: every link (admins) or
// those of some organisations (staff). The zero value sees none.
type ReferralScope struct {
	All    bool
	OrgIDs []int64
}

// ReferralScopeOf is the scope of a chat with memberships ms: every link
// for an admin, its organisations' links for staff; ok is false when the
// chat is neither.
func ReferralScopeOf(ms []Membership) (scope ReferralScope, ok bool) {
	for _, m := range ms {
		switch m.Role {
		case RoleAdmin:
			scope.All = true
		case RoleStaff:
			scope.OrgIDs = append(scope.OrgIDs, m.OrgID)
		}
	}
	return scope, scope.All || len(scope.OrgIDs) > 0
}

// Allows reports whether the scope may see a link of organisation orgID
// (0: a link without one, for admins only).
func (s ReferralScope) Allows(orgID int64) bool {
	return s.All || (orgID != 0 && slices.Contains(s.OrgIDs, orgID))
}

// ReferralWeek is one link's numbers in one week.
type ReferralWeek struct {
	// Week is the Monday, 00:00 Europe/Amsterdam, the week starts on.
	Week                             time.Time
	Starts, Searches, Saved, Drafted int
}

// Count is the number for event.
func (w ReferralWeek) Count(e ReferralEvent) int {
	switch e {
	case ReferralStart:
		return w.Starts
	case ReferralSearch:
		return w.Searches
	case ReferralSaved:
		return w.Saved
	case ReferralDrafted:
		return w.Drafted
	}
	return 0
}

// Empty reports whether nothing was counted that week.
func (w ReferralWeek) Empty() bool {
	return w.Starts == 0 && w.Searches == 0 && w.Saved == 0 && w.Drafted == 0
}

// ReferralStats is one link with its last weeks, newest first.
type ReferralStats struct {
	Link  ReferralLink
	Weeks []ReferralWeek
}

// Suppress is a count as staff may see it: 0 and numbers from
// SuppressBelow up as they are, 1 to SuppressBelow-1 as small (such as
// "< 5"), so that no single parent can be picked out of a week.
func Suppress(n int, small string) string {
	if n > 0 && n < SuppressBelow {
		return small
	}
	return strconv.Itoa(max(n, 0))
}
