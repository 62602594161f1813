package meetups

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Theme is a subject a peer group or course is about. The list is closed
// so parents can pick from buttons and organisers cannot misspell.
type Theme string

// The themes of the catalogue.
const (
	ThemeSingleParents Theme = "single_parents"
	ThemeAutism        Theme = "autism"
	ThemeADHD          Theme = "adhd"
	ThemePremature     Theme = "premature_birth"
	ThemeMultiples     Theme = "multiples"
	ThemeDisability    Theme = "disability"
	ThemeNewcomers     Theme = "newcomers"
	ThemeFathers       Theme = "fathers"
	ThemeYoungParents  Theme = "young_parents"
	ThemeBereavement   Theme = "bereavement"
)

// Themes lists every Theme in the order the bot offers them.
var Themes = []Theme{ThemeSingleParents, ThemeAutism, ThemeADHD, ThemePremature, ThemeMultiples,
	ThemeDisability, ThemeNewcomers, ThemeFathers, ThemeYoungParents, ThemeBereavement}

// Valid reports whether t is one of Themes.
func (t Theme) Valid() bool {
	for _, v := range Themes {
		if t == v {
			return true
		}
	}
	return false
}

// Status is where a meetup is in its life. Parents only ever see
// published ones.
type Status string

// The statuses of a meetup.
const (
	StatusPending   Status = "pending"   // waiting for an admin
	StatusPublished Status = "published" // parents find it
	StatusPaused    Status = "paused"    // hidden for now by its organiser
	StatusArchived  Status = "archived"  // gone
)

// Join says how a parent joins a meetup.
type Join string

// Ways to join.
const (
	JoinWalkIn Join = "walk_in" // just come
	JoinSignUp Join = "sign_up" // sign up first, by link or phone
)

// Age limits in months. Pregnancy is negative: -9 is early pregnancy.
const (
	MinAgeMonths = -9
	MaxAgeMonths = 18 * 12
)

// Meetup is one entry of the catalogue: something a parent can go to (or,
// for volunteer programmes, sign up for).
type Meetup struct {
	ID      int64
	OrgID   int64
	OrgName string

	Kind        Kind
	Title       string
	Description string
	Themes      []Theme
	// AgeMinMonths and AgeMaxMonths are the children it is for, in months;
	// pregnancy is negative.
	AgeMinMonths, AgeMaxMonths int
	// AgeBands, when set, are the only bands it is for, within that range:
	// an organiser who ticks 0–1 and 4–12 does not mean 1–4. Empty: every
	// band the range reaches (ForAge).
	AgeBands []AgeBand
	// Languages spoken, as ISO 639-1 codes ("nl", "en", "ar").
	Languages []string
	// CostCents is the price per time in euro cents; 0 is free. CostNote
	// says more ("vrijwillige bijdrage", "eerste keer gratis").
	CostCents int
	CostNote  string

	Venue, Address, Postcode, City string
	// Point is where it is; nil for an online meetup.
	Point     *Point
	Online    bool
	OnlineURL string

	Schedule Schedule

	Join                           Join
	SignupURL, SignupPhone         string
	Contact                        string
	BabiesWelcome, SiblingsWelcome bool
	Accessibility                  string

	Status Status
	// Sample marks generated demo data; parents see "(voorbeeld)".
	Sample bool
	// Source and ExternalID identify a meetup imported from elsewhere, so a
	// second import updates instead of duplicating.
	Source, ExternalID string
	// ConfirmedAt is when the organiser last said it is still right.
	ConfirmedAt time.Time
	// Unconfirmed is set on a paused meetup that was hidden because nobody
	// confirmed it for FreshFor: an organiser's "still happening" brings
	// it back.
	Unconfirmed bool
	// RejectReason is why an admin turned the meetup down or took it
	// offline (status archived); "" otherwise. Only the catalogue sets it.
	RejectReason         string `json:",omitempty"`
	CreatedAt, UpdatedAt time.Time
}

// Limits on text fields, checked here and in the database.
const (
	MaxTitle       = 120
	MaxDescription = 2000
)

// Validate reports every problem that would keep m from being shown to
// parents. The database enforces the same rules for published meetups.
func (m Meetup) Validate() error {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if !m.Kind.Valid() {
		bad("kind %q is not one of the known kinds", m.Kind)
	}
	if t := strings.TrimSpace(m.Title); t == "" || utf8.RuneCountInString(t) > MaxTitle {
		bad("title must have 1 to %d characters", MaxTitle)
	}
	if utf8.RuneCountInString(m.Description) > MaxDescription {
		bad("description is longer than %d characters", MaxDescription)
	}
	for _, t := range m.Themes {
		if !t.Valid() {
			bad("theme %q is not one of the known themes", t)
		}
	}
	if m.AgeMinMonths < MinAgeMonths || m.AgeMaxMonths > MaxAgeMonths || m.AgeMinMonths > m.AgeMaxMonths {
		bad("age range %d..%d months is not within %d..%d with min ≤ max", m.AgeMinMonths, m.AgeMaxMonths, MinAgeMonths, MaxAgeMonths)
	}
	for _, b := range m.AgeBands {
		if lo, hi, ok := b.Months(); !ok {
			bad("age band %q is not one of the known bands", b)
		} else if hi < m.AgeMinMonths || lo > m.AgeMaxMonths {
			bad("age band %s lies outside the age range %d..%d months", b, m.AgeMinMonths, m.AgeMaxMonths)
		}
	}
	if m.CostCents < 0 {
		bad("cost cannot be negative")
	}
	switch {
	case m.Online && m.Point != nil:
		bad("an online meetup has no point")
	case !m.Online && m.Point == nil:
		bad("a meetup needs a point or must be online")
	case m.Point != nil:
		if err := m.Point.Validate(); err != nil {
			bad("%v", err)
		}
	}
	if err := m.Schedule.Validate(); err != nil {
		bad("schedule: %v", err)
	}
	switch m.Join {
	case JoinWalkIn:
	case JoinSignUp:
		if m.SignupURL == "" && m.SignupPhone == "" {
			bad("signing up needs a link or a phone number")
		}
	default:
		bad("join %q must be walk_in or sign_up", m.Join)
	}
	switch m.Status {
	case StatusPending, StatusPublished, StatusPaused, StatusArchived:
	default:
		bad("status %q is not known", m.Status)
	}
	if len(problems) > 0 {
		return Errorf(EINVALID, "%s", strings.Join(problems, "; "))
	}
	return nil
}

// Free reports whether the meetup costs nothing.
func (m Meetup) Free() bool { return m.CostCents == 0 }

// FreshFor is how long a repeating meetup stays listed without its
// organiser confirming it: past it, the meetup is hidden from parents and
// the organiser told.
const FreshFor = 16 * 7 * 24 * time.Hour
