package meetups

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is what a chat may do besides searching: organisers keep their
// organisation's meetups, staff hand out referral links, admins moderate.
type Role string

// The roles.
const (
	RoleOrganiser Role = "organiser"
	RoleStaff     Role = "staff"
	RoleAdmin     Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleOrganiser || r == RoleStaff || r == RoleAdmin }

// InvitePrefix is how an invite's deep-link payload starts, per role:
// t.me/<bot>?start=org_<code>.
var InvitePrefix = map[Role]string{RoleOrganiser: "org_", RoleStaff: "staff_", RoleAdmin: "admin_"}

// Membership is one role of one chat, for an organisation (not for admins).
type Membership struct {
	ChatID  int64
	Role    Role
	OrgID   int64
	OrgName string
	// Trusted organisers publish at once; others wait for an admin.
	Trusted bool
}

// Invite is a single-use code that gives a role.
type Invite struct {
	Code      string // the secret part of the payload; stored only hashed
	Role      Role
	OrgName   string
	Trusted   bool
	ExpiresAt time.Time
}

// Payload is the deep-link payload of the invite ("org_<code>").
func (i Invite) Payload() string { return InvitePrefix[i.Role] + i.Code }

// Members is the store of roles as the dialog needs it.
type Members interface {
	// Memberships lists the chat's roles (none for a parent).
	Memberships(ctx context.Context, chatID int64) ([]Membership, error)
	// RedeemInvite gives the chat the invite's role. It returns an Error
	// with ENOTFOUND (no such code), EUSED (used by another chat) or
	// EEXPIRED. An invite the same chat redeemed before is still theirs:
	// redeeming it again returns the membership, so a step run twice
	// never tells the person who just redeemed it that it was used.
	RedeemInvite(ctx context.Context, code string, chatID int64, now time.Time) (Membership, error)
}

// inviteCodeBytes is the invite's randomness: 128 bits, far beyond
// guessing, in 22 base64url characters.
const inviteCodeBytes = 16

// NewInviteCode makes a random invite code from crypto/rand.
func NewInviteCode() (string, error) {
	b := make([]byte, inviteCodeBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// payloadRe is what Telegram allows in a deep-link payload.
var payloadRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ValidPayload reports whether p may be a /start payload at all.
func ValidPayload(p string) bool { return payloadRe.MatchString(p) }

// ParseInvite splits a /start payload into role and code; ok is false when
// it is not an invite.
func ParseInvite(payload string) (Role, string, bool) {
	if !ValidPayload(payload) {
		return "", "", false
	}
	for role, prefix := range InvitePrefix {
		if code, ok := strings.CutPrefix(payload, prefix); ok && code != "" {
			return role, code, true
		}
	}
	return "", "", false
}

// Has reports whether ms holds role (for any organisation).
func Has(ms []Membership, role Role) bool {
	for _, m := range ms {
		if m.Role == role {
			return true
		}
	}
	return false
}

// OrgOf is the organisation the chat organises for, or false.
func OrgOf(ms []Membership) (Membership, bool) {
	for _, m := range ms {
		if m.Role == RoleOrganiser {
			return m, true
		}
	}
	return Membership{}, false
}

// Publish is how a new meetup made in the bot is published: by whom, from
// which draft, under which daily limit.
type Publish struct {
	// By is the chat that submitted it: moderation's verdict goes there.
	By int64
	// Key identifies the draft: publishing one draft twice makes one
	// meetup.
	Key string
	// Limit is how many meetups the organisation may make in the bot
	// since Since (0: any number, as for admins).
	Limit int
	Since time.Time
}

// Organisation names: what a parent sees on a card and an admin types.
const (
	MinOrgName = 2
	MaxOrgName = 120
)

// CheckOrgName refuses an organisation name that is too short or too long,
// or holds a line break or another control character (it would break the
// card and the lists it is shown in).
func CheckOrgName(name string) error {
	n := utf8.RuneCountInString(name)
	if n < MinOrgName || n > MaxOrgName {
		return Errorf(EINVALID, "an organisation's name has %d to %d characters, not %d", MinOrgName, MaxOrgName, n)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return Errorf(EINVALID, "an organisation's name is one line, without tabs or other control characters")
		}
	}
	return nil
}
