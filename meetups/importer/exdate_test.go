package importer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/importer"
)

// TestWriteICSExdateAtTheStart: /mijn stores a cancelled date as a day
// (midnight); the feed must name the occurrence's start, or subscribed
// calendars keep showing the cancelled date.
func TestWriteICSExdateAtTheStart(t *testing.T) {
	m := meetups.Meetup{ID: 7, Title: "Babycafé", Kind: meetups.KindBabyCafe, Status: meetups.StatusPublished,
		Point: &meetups.Point{Lat: 52.09, Lon: 5.12}, Languages: []string{"nl"}, AgeMaxMonths: 12,
		Schedule: meetups.Schedule{Kind: meetups.ScheduleRecurring, RRule: "FREQ=WEEKLY;BYDAY=TU",
			Start: time.Date(2026, 9, 1, 10, 0, 0, 0, meetups.Amsterdam), Duration: time.Hour,
			ExDates: []time.Time{time.Date(2026, 12, 8, 0, 0, 0, 0, meetups.Amsterdam)}}}
	var b strings.Builder
	if _, err := importer.WriteICS(&b, []meetups.Meetup{m}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "EXDATE;TZID=Europe/Amsterdam:20261208T100000") {
		t.Fatalf("feed lacks the cancelled occurrence's start:\n%s", b.String())
	}
}
