// Package importer reads and writes the meetup catalogue in bulk: CSV files
// an organisation exports from its spreadsheet, and iCalendar feeds from its
// calendar. It turns every row into a meetups.Meetup or into problems that
// name the row, the column and the reason, in words an organiser can act
// on ("row 7, column start: ..."), so a file can be fixed in one pass.
//
// It knows files, not databases: reading gives meetups and a report, and
// the caller (cmd/ouderkring with db.Catalogue.Import) decides what to
// write. Places are found through a meetups.Geocoder. docs/IMPORT.md
// describes the formats for organisers.
package importer

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ouderkring/ouderkring/meetups"
)

// Format is the kind of file.
type Format string

// The formats.
const (
	CSV Format = "csv"
	ICS Format = "ics"
)

// FormatOf guesses a file's format from its name, and from its first bytes
// when the name says nothing: a calendar starts with BEGIN:VCALENDAR.
func FormatOf(name string, head []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ics", ".ical", ".ifb", ".icalendar":
		return ICS
	case ".csv", ".tsv", ".txt":
		return CSV
	}
	h := strings.TrimPrefix(string(head), bom)
	if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(h)), "BEGIN:VCALENDAR") {
		return ICS
	}
	return CSV
}

// Options are the choices of the person importing that a file does not
// say itself.
type Options struct {
	// Status of new meetups: published (the default; an admin runs the
	// import) or pending (waiting for moderation).
	Status meetups.Status
	// Kind is the kind of an iCalendar event whose CATEGORIES name none.
	Kind meetups.Kind
	// Organisation is the organisation of every iCalendar event; empty:
	// the event's ORGANIZER name, else the calendar's name.
	Organisation string
	// AgeMinMonths and AgeMaxMonths are the ages of iCalendar events,
	// which have no field for them; both 0: all ages (pregnancy to 18).
	AgeMinMonths, AgeMaxMonths int
}

// Problem is one thing wrong with one row (or iCalendar event), said so
// the organiser knows where to look and what to write instead.
type Problem struct {
	// Row is the row as a spreadsheet numbers it (the header is row 1), or
	// the event's position in the feed (the first is 1).
	Row int
	// ID is the row's external id when it has one, to find it again.
	ID string
	// Column is the CSV column or iCalendar property; "" for the row as a
	// whole.
	Column string
	Reason string

	unit string // "row" or "event"
}

// String is the problem as the report prints it: "row 7, column start:
// ..." for a CSV row, "event 3 (UID x), DTSTART: ..." for an event.
func (p Problem) String() string {
	var b strings.Builder
	unit := p.unit
	if unit == "" {
		unit = "row"
	}
	fmt.Fprintf(&b, "%s %d", unit, p.Row)
	if unit == "event" && p.ID != "" {
		fmt.Fprintf(&b, " (UID %s)", p.ID)
	}
	if p.Column != "" {
		if unit == "row" {
			b.WriteString(", column " + p.Column)
		} else {
			b.WriteString(", " + p.Column)
		}
	}
	b.WriteString(": " + p.Reason)
	return b.String()
}

// FileError is a file that cannot be read as a whole: a wrong header,
// broken quoting, text that is not UTF-8, a calendar that does not parse.
// Nothing of such a file is imported, because its rows cannot be trusted
// to be what they seem (a stray quote shifts every later column).
type FileError struct {
	Name   string
	Line   int // 0 when the problem has no one line
	Reason string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s, line %d: %s", e.Name, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Name, e.Reason)
}

// IsFileError reports whether err is (or wraps) a FileError.
func IsFileError(err error) bool {
	var fe *FileError
	return errors.As(err, &fe)
}

// entry is one row on its way to becoming a meetup.
type entry struct {
	row     int
	meetup  meetups.Meetup
	bad     bool
	checked bool // Locate has validated it
	// query is what to geocode when the row gave a place but no lat and
	// lon; column is where that place came from, for the report.
	query  string
	column string
}

// File is a file read: its good meetups, its problems, and what was left
// out on purpose.
type File struct {
	Name   string
	Format Format
	// Rows is how many rows (or events) were read, empty ones not counted.
	Rows int
	// Problems are the bad rows' problems, in file order.
	Problems []Problem
	// Skipped are events left out on purpose (cancelled, private, changed
	// single dates), with why; they are not errors.
	Skipped []Problem

	entries []entry
	unit    string
}

func (f *File) problem(e *entry, column, format string, args ...any) {
	e.bad = true
	f.Problems = append(f.Problems, Problem{Row: e.row, ID: e.meetup.ExternalID, Column: column,
		Reason: fmt.Sprintf(format, args...), unit: f.unit})
}

func (f *File) skip(row int, id, format string, args ...any) {
	f.Skipped = append(f.Skipped, Problem{Row: row, ID: id, Reason: fmt.Sprintf(format, args...), unit: f.unit})
}

// Meetups are the good rows' meetups, in file order. Only rows that Locate
// has placed and validated count.
func (f *File) Meetups() []meetups.Meetup {
	out := make([]meetups.Meetup, 0, len(f.entries))
	for _, e := range f.entries {
		if !e.bad && e.checked {
			out = append(out, e.meetup)
		}
	}
	return out
}

// BadIDs are the external ids of bad rows: an import that archives what
// is missing from the file keeps these, since the meetup is still in the
// file, only wrongly written this time.
func (f *File) BadIDs() []string {
	var out []string
	for _, e := range f.entries {
		if e.bad && e.meetup.ExternalID != "" {
			out = append(out, e.meetup.ExternalID)
		}
	}
	return out
}

// BadRows is how many rows have problems.
func (f *File) BadRows() int {
	n := 0
	for _, e := range f.entries {
		if e.bad {
			n++
		}
	}
	return n
}
