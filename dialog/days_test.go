package dialog

import (
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

func TestTypedDay(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, meetups.Amsterdam) // a Monday
	loc, err := LoadLocales("nl")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text   string
		nl, en string // "" : not a day, kept as typed
	}{
		{"donderdag", "op donderdag 26 november", "on Thursday 26 November"},
		{"Donderdag!", "op donderdag 26 november", "on Thursday 26 November"},
		{"op vrijdagochtend", "op vrijdagochtend 27 november", "on Friday morning, 27 November"},
		{"friday afternoon", "op vrijdagmiddag 27 november", "on Friday afternoon, 27 November"},
		{"zaterdag 's avonds", "op zaterdagavond 28 november", "on Saturday evening, 28 November"},
		{"maandag", "op maandag 23 november", "on Monday 23 November"}, // today
		{"morgen", "op dinsdag 24 november", "on Tuesday 24 November"},
		{"tomorrow evening", "op dinsdagavond 24 november", "on Tuesday evening, 24 November"},
		{"12-12", "op zaterdag 12 december", "on Saturday 12 December"},
		{"12/12", "op zaterdag 12 december", "on Saturday 12 December"},
		{"12 december", "op zaterdag 12 december", "on Saturday 12 December"},
		{"3 januari", "op zondag 3 januari", "on Sunday 3 January"}, // next year's
		{"next Wednesday", "op woensdag 25 november", "on Wednesday 25 November"},
		{"vrijdag 12 december", "", ""}, // the 12th is a Saturday: as typed
		{"na school", "", ""},
		{"after 3", "", ""},
		{"31-2", "", ""},
		{"3", "", ""},
		{"", "", ""},
	} {
		day, part, ok := typedDay(c.text, now)
		if !ok {
			if c.nl != "" {
				t.Errorf("%q: not read as a day", c.text)
			}
			continue
		}
		if c.nl == "" {
			t.Errorf("%q: read as %s %s, want it kept as typed", c.text, day.Format("2006-01-02"), part)
			continue
		}
		if got := loc.dayIn("nl", day, part); got != c.nl {
			t.Errorf("%q in Dutch: %q, want %q", c.text, got, c.nl)
		}
		if got := loc.dayIn("en", day, part); got != c.en {
			t.Errorf("%q in English: %q, want %q", c.text, got, c.en)
		}
	}
}
