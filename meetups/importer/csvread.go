package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ouderkring/ouderkring/meetups"
)

// Limits on one file: more is a mistake, or something to split.
const (
	maxFileBytes = 64 << 20
	maxRows      = 100_000
	maxIDLength  = 200 // external ids and organisation names, as the database allows
)

// bom is the byte order mark Excel puts before "CSV UTF-8".
const bom = "\ufeff"

// Read reads a CSV file or an iCalendar feed, by its name or first bytes
// (see FormatOf). name is used in the report; a FileError says why a file
// cannot be read at all.
func Read(name string, r io.Reader, opts Options) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("importer: read %s: %w", name, err)
	}
	if len(data) > maxFileBytes {
		return nil, &FileError{Name: name, Reason: fmt.Sprintf("is larger than %d MB; split it", maxFileBytes>>20)}
	}
	if FormatOf(name, data[:min(len(data), 64)]) == ICS {
		return ReadICS(name, data, opts)
	}
	return ReadCSV(name, data, opts)
}

// ReadCSV reads a CSV file with the header of Columns, separated by commas,
// semicolons or tabs (whichever the header uses), with or without a UTF-8
// byte order mark. Every row becomes a meetup or problems; a file that
// cannot be read as a whole (see FileError) gives an error and no rows.
func ReadCSV(name string, data []byte, opts Options) (*File, error) {
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		return nil, &FileError{Name: name, Line: firstInvalidLine(data),
			Reason: "is not UTF-8 text; save the file as \"CSV UTF-8\" (Excel: Save as, then CSV UTF-8)"}
	}
	firstLine, _, _ := strings.Cut(string(data[:min(len(data), 64<<10)]), "\n")
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(firstLine)
	cr.FieldsPerRecord = -1 // checked here, to say it better
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &FileError{Name: name, Reason: "is empty; the first row must be the header"}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	h, err := parseHeader(rec)
	if err != nil {
		return nil, &FileError{Name: name, Line: 1, Reason: err.Error()}
	}

	f := &File{Name: name, Format: CSV, unit: "row", entries: make([]entry, 0, min(bytes.Count(data, []byte("\n")), maxRows))}
	seen := map[string]int{}
	rowNum := 1
	pos, lineAtPos := int(cr.InputOffset()), 1+bytes.Count(data[:cr.InputOffset()], []byte("\n"))
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		for i := range rec {
			rec[i] = unneutralize(rec[i]) // our own export's '= '+ '- '@
		}
		// Rows are numbered as a spreadsheet does: blank lines that the
		// CSV reader skips still count, a cell over several lines not.
		startLine, _ := cr.FieldPos(0)
		rowNum += 1 + max(startLine-lineAtPos, 0)
		next := int(cr.InputOffset())
		lineAtPos += bytes.Count(data[pos:next], []byte("\n"))
		pos = next

		if len(rec) != h.width {
			return nil, &FileError{Name: name, Line: startLine, Reason: fmt.Sprintf(
				"row %d has %d fields where the header has %d; check the quotes and the separator (%q)", rowNum, len(rec), h.width, cr.Comma)}
		}
		if blank(rec) {
			continue
		}
		if f.Rows++; f.Rows > maxRows {
			return nil, &FileError{Name: name, Reason: fmt.Sprintf("has more than %d rows; split it", maxRows)}
		}
		e := entry{row: rowNum}
		r := row{f: f, e: &e, h: h, fields: rec}
		r.build(opts)
		if id := e.meetup.ExternalID; id != "" {
			if prev, dup := seen[id]; dup {
				r.bad(colExternalID, "%q is also the id of row %d; every row needs its own id", id, prev)
			} else {
				seen[id] = rowNum
			}
		}
		f.entries = append(f.entries, e)
	}
	return f, nil
}

// csvError turns the CSV reader's complaint into a FileError.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		why := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			why = "a quote (\") is not where it can be: a cell with a quote, separator or line break must be in quotes, and a quote inside it written twice (\"\")"
		}
		return &FileError{Name: name, Line: pe.StartLine, Reason: why}
	}
	return &FileError{Name: name, Reason: err.Error()}
}

func firstInvalidLine(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return line
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// row is one CSV row being read into its entry.
type row struct {
	f      *File
	e      *entry
	h      header
	fields []string
}

// get is the trimmed cell of a column; "" when the header lacks it.
func (r row) get(col string) string {
	i, ok := r.h.index[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

func (r row) bad(col, format string, args ...any) { r.f.problem(r.e, col, format, args...) }

// text reads a free-text column of at most limit characters.
func (r row) text(col string, limit int) string {
	v := r.get(col)
	if n := utf8.RuneCountInString(v); n > limit {
		r.bad(col, "%d characters is more than %d", n, limit)
	}
	return v
}

// maxText bounds the other free-text columns, which a parent reads on a
// phone.
const maxText = 500

// build reads every column of the row into its meetup.
func (r row) build(opts Options) {
	m := &r.e.meetup
	m.ExternalID = r.text(colExternalID, maxIDLength)
	if m.ExternalID == "" {
		r.bad(colExternalID, "an id is needed: any text that stays the same for this meetup in every file (your own number for it)")
	}
	if m.OrgName = r.text(colOrganisation, maxIDLength); m.OrgName == "" {
		r.bad(colOrganisation, "the name of the organisation is needed")
	}
	var err error
	if m.Kind, err = parseKind(r.get(colKind)); err != nil {
		r.bad(colKind, "%v", err)
	}
	if m.Title = r.text(colTitle, meetups.MaxTitle); m.Title == "" {
		r.bad(colTitle, "a title is needed")
	}
	m.Description = r.text(colDescription, meetups.MaxDescription)
	if m.Themes, err = parseThemes(r.get(colThemes)); err != nil {
		r.bad(colThemes, "%v", err)
	}
	if m.AgeMinMonths, err = parseMonths(r.get(colAgeMin), meetups.MinAgeMonths); err != nil {
		r.bad(colAgeMin, "%v", err)
	}
	if m.AgeMaxMonths, err = parseMonths(r.get(colAgeMax), meetups.MaxAgeMonths); err != nil {
		r.bad(colAgeMax, "%v", err)
	} else if m.AgeMinMonths > m.AgeMaxMonths {
		r.bad(colAgeMax, "%d is below age_min_months %d", m.AgeMaxMonths, m.AgeMinMonths)
	}
	if m.AgeBands, err = parseAgeBands(r.get(colAgeBands), m.AgeMinMonths, m.AgeMaxMonths); err != nil {
		r.bad(colAgeBands, "%v", err)
	}
	if m.Languages, err = parseLanguages(r.get(colLanguages)); err != nil {
		r.bad(colLanguages, "%v", err)
	}
	if m.CostCents, err = parseCost(r.get(colCost)); err != nil {
		r.bad(colCost, "%v", err)
	}
	m.CostNote = r.text(colCostNote, maxText)
	m.Venue, m.Address = r.text(colVenue, maxText), r.text(colAddress, maxText)
	m.Postcode, m.City = r.text(colPostcode, maxText), r.text(colCity, maxText)
	r.place()
	m.Schedule = r.schedule()
	r.join()
	m.Contact = r.text(colContact, maxText)
	if m.BabiesWelcome, err = parseBool(r.get(colBabiesWelcome), true); err != nil {
		r.bad(colBabiesWelcome, "%v", err)
	}
	if m.SiblingsWelcome, err = parseBool(r.get(colSiblingsWelcome), true); err != nil {
		r.bad(colSiblingsWelcome, "%v", err)
	}
	m.Accessibility = r.text(colAccessibility, maxText)
	m.Status = status(opts)
}

func status(opts Options) meetups.Status {
	if opts.Status == "" {
		return meetups.StatusPublished
	}
	return opts.Status
}

// place reads online, online_url, lat and lon. A row with neither a point
// nor online gets a geocoding query from its postcode, else its city,
// which Locate answers.
func (r row) place() {
	m := &r.e.meetup
	lat, lon := r.get(colLat), r.get(colLon)
	if m.OnlineURL = r.text(colOnlineURL, maxText); m.OnlineURL != "" {
		if err := checkURL(m.OnlineURL); err != nil {
			r.bad(colOnlineURL, "%v", err)
		}
	}
	noPlace := lat == "" && lon == "" && m.Address == "" && m.Postcode == "" && m.City == ""
	online, err := parseBool(r.get(colOnline), m.OnlineURL != "" && noPlace)
	if err != nil {
		r.bad(colOnline, "%v", err)
	}
	if online {
		m.Online = true
		if lat != "" || lon != "" {
			r.bad(colLat, "an online meetup has no lat and lon (or write online no)")
		}
		return
	}
	switch {
	case lat != "" || lon != "":
		la, errLat := parseDegrees(lat)
		lo, errLon := parseDegrees(lon)
		switch {
		case lat == "":
			r.bad(colLat, "lon is given, lat is not: give both or neither")
		case lon == "":
			r.bad(colLon, "lat is given, lon is not: give both or neither")
		case errLat != nil:
			r.bad(colLat, "%v", errLat)
		case errLon != nil:
			r.bad(colLon, "%v", errLon)
		default:
			p := meetups.Point{Lat: la, Lon: lo}
			if !inNetherlands(p) {
				r.bad(colLat, "%s, %s is not in the Netherlands (lat is about 51 to 53.5, lon 3.4 to 7.2: swapped?)", lat, lon)
			}
			m.Point = &p
		}
	case m.Postcode != "":
		r.e.query, r.e.column = m.Postcode, colPostcode
	case m.City != "":
		r.e.query, r.e.column = m.City, colCity
	default:
		r.bad(colPostcode, "a place is needed: a postcode or city (or lat and lon), or online yes with an online_url")
	}
}

// join reads join, signup_url and signup_phone.
func (r row) join() {
	m := &r.e.meetup
	if m.SignupURL = r.text(colSignupURL, maxText); m.SignupURL != "" {
		if err := checkURL(m.SignupURL); err != nil {
			r.bad(colSignupURL, "%v", err)
		}
	}
	m.SignupPhone = r.text(colSignupPhone, 50)
	var err error
	if m.Join, err = parseJoin(r.get(colJoin), m.SignupURL != "" || m.SignupPhone != ""); err != nil {
		r.bad(colJoin, "%v", err)
	} else if m.Join == meetups.JoinSignUp && m.SignupURL == "" && m.SignupPhone == "" {
		r.bad(colJoin, "sign_up needs a signup_url or a signup_phone")
	}
}
