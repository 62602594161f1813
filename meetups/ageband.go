package meetups

import "slices"

// AgeBand is the child's age as a parent picks it from buttons.
type AgeBand string

// The age bands the bot offers.
const (
	AgePregnant AgeBand = "pregnant" // expecting a baby
	AgeBaby     AgeBand = "0-1"
	AgeToddler  AgeBand = "1-4"
	AgeChild    AgeBand = "4-12"
	AgeTeen     AgeBand = "12+"
)

// AgeBands lists the bands in the order the bot offers them.
var AgeBands = []AgeBand{AgePregnant, AgeBaby, AgeToddler, AgeChild, AgeTeen}

// Months is the band's range in months, inclusive; pregnancy is negative.
func (b AgeBand) Months() (min, max int, ok bool) {
	switch b {
	case AgePregnant:
		return MinAgeMonths, -1, true
	case AgeBaby:
		return 0, 11, true
	case AgeToddler:
		return 12, 47, true
	case AgeChild:
		return 48, 143, true
	case AgeTeen:
		return 144, MaxAgeMonths, true
	}
	return 0, 0, false
}

// ForAge reports whether the meetup is for a child in band b: one of its
// own bands when it has them, else any band its age range reaches. The
// search (db/filterkey.go, migration 016) follows the same rule.
func (m Meetup) ForAge(b AgeBand) bool {
	lo, hi, ok := b.Months()
	if !ok {
		return true // no age chosen
	}
	if len(m.AgeBands) > 0 {
		return slices.Contains(m.AgeBands, b)
	}
	return m.AgeMaxMonths >= lo && m.AgeMinMonths <= hi
}

// Valid reports whether b is one of AgeBands.
func (b AgeBand) Valid() bool { return slices.Contains(AgeBands, b) }
