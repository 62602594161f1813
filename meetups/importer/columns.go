package importer

import (
	"fmt"
	"slices"
	"strings"
)

// The CSV columns, in the order the exporter writes them. docs/IMPORT.md
// explains each one.
const (
	colExternalID      = "external_id"
	colOrganisation    = "organisation"
	colKind            = "kind"
	colTitle           = "title"
	colDescription     = "description"
	colThemes          = "themes"
	colAgeMin          = "age_min_months"
	colAgeMax          = "age_max_months"
	colAgeBands        = "age_bands"
	colLanguages       = "languages"
	colCost            = "cost_eur"
	colCostNote        = "cost_note"
	colVenue           = "venue"
	colAddress         = "address"
	colPostcode        = "postcode"
	colCity            = "city"
	colLat             = "lat"
	colLon             = "lon"
	colOnline          = "online"
	colOnlineURL       = "online_url"
	colSchedule        = "schedule"
	colStart           = "start"
	colEnd             = "end"
	colDuration        = "duration"
	colRRule           = "rrule"
	colUntil           = "until"
	colExDates         = "exdates"
	colJoin            = "join"
	colSignupURL       = "signup_url"
	colSignupPhone     = "signup_phone"
	colContact         = "contact"
	colBabiesWelcome   = "babies_welcome"
	colSiblingsWelcome = "siblings_welcome"
	colAccessibility   = "accessibility"
)

// Columns is the CSV header the exporter writes and the importer reads.
var Columns = []string{colExternalID, colOrganisation, colKind, colTitle, colDescription, colThemes,
	colAgeMin, colAgeMax, colAgeBands, colLanguages, colCost, colCostNote, colVenue, colAddress, colPostcode, colCity,
	colLat, colLon, colOnline, colOnlineURL, colSchedule, colStart, colEnd, colDuration, colRRule, colUntil,
	colExDates, colJoin, colSignupURL, colSignupPhone, colContact, colBabiesWelcome, colSiblingsWelcome,
	colAccessibility}

// RequiredColumns must be in every header; the others may be left out,
// which is the same as leaving them empty on every row.
var RequiredColumns = []string{colExternalID, colOrganisation, colKind, colTitle, colSchedule}

// aliases are other spellings of column names that spreadsheets and
// organisers use.
var aliases = map[string]string{
	"organization": colOrganisation, "organisatie": colOrganisation, "id": colExternalID,
	"cost": colCost, "price_eur": colCost, "latitude": colLat, "longitude": colLon, "lng": colLon,
	"zip": colPostcode, "town": colCity, "plaats": colCity,
}

// header maps column names to their position in a row.
type header struct {
	index map[string]int
	width int
}

// parseHeader reads the first row. Names are matched without regard to
// case, surrounding spaces, and spaces or hyphens for underscores
// ("Age min months"). An unknown, doubled or missing required column makes
// the whole file unreadable: a misspelt column would otherwise be ignored
// without anyone noticing.
func parseHeader(fields []string) (header, error) {
	h := header{index: map[string]int{}, width: len(fields)}
	var problems []string
	for i, raw := range fields {
		name := columnKey(raw)
		if a, ok := aliases[name]; ok {
			name = a
		}
		switch {
		case name == "":
			problems = append(problems, fmt.Sprintf("column %d has no name", i+1))
		case !slices.Contains(Columns, name):
			msg := fmt.Sprintf("unknown column %q", strings.TrimSpace(raw))
			if s := closest(name); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			problems = append(problems, msg)
		default:
			if j, dup := h.index[name]; dup {
				problems = append(problems, fmt.Sprintf("column %s is both column %d and %d", name, j+1, i+1))
			}
			h.index[name] = i
		}
	}
	var missing []string
	for _, c := range RequiredColumns {
		if _, ok := h.index[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		problems = append(problems, "missing required columns: "+strings.Join(missing, ", "))
	}
	if len(problems) > 0 {
		return h, fmt.Errorf("the header (row 1) %s; the header must name the columns of docs/IMPORT.md", strings.Join(problems, "; "))
	}
	return h, nil
}

func columnKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, s)
}

// closest is the column name nearest to name by edit distance, when it is
// near enough to be a typo.
func closest(name string) string {
	best, bestD := "", 3
	for _, c := range Columns {
		if d := distance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance of two short strings.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// separator picks the field separator from the header line: a comma, a
// semicolon (what Excel writes in Dutch) or a tab, whichever it has most of
// outside quotes.
func separator(firstLine string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range firstLine {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	sep := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[sep] {
			sep = r
		}
	}
	return sep
}
