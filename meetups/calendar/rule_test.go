package calendar

import "testing"

func TestRRule(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270701":        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270701T215959Z", // the whole day in Amsterdam
		"FREQ=WEEKLY;UNTIL=20270101T100000;BYDAY=TU": "FREQ=WEEKLY;UNTIL=20270101T090000Z;BYDAY=TU", // local time
		"FREQ=WEEKLY;UNTIL=20270101T090000Z":         "FREQ=WEEKLY;UNTIL=20270101T090000Z",
		"rrule:byday=2TU;freq=monthly":               "FREQ=MONTHLY;BYDAY=2TU", // FREQ first, upper case
	} {
		if got, err := RRule(in); err != nil || got != want {
			t.Errorf("RRule(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"BYDAY=TU", "FREQ=WEEKLY;UNTIL=2027"} {
		if got, err := RRule(in); err == nil {
			t.Errorf("RRule(%q) = %q, want an error", in, got)
		}
	}
}
