package importer

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// The parsers below read one cell each. Their errors are the reason in a
// problem, so they quote the cell and say what to write instead.

// parseBool reads yes/no in Dutch or English; empty is def.
func parseBool(s string, def bool) (bool, error) {
	switch strings.ToLower(s) {
	case "":
		return def, nil
	case "ja", "j", "yes", "y", "true", "waar", "1", "x":
		return true, nil
	case "nee", "n", "no", "false", "onwaar", "0":
		return false, nil
	}
	return def, fmt.Errorf("%q is not yes or no (write ja/nee or yes/no)", s)
}

// parseMonths reads an age in whole months; empty is def.
func parseMonths(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return def, fmt.Errorf("%q is not a whole number of months (pregnancy is negative: -9 to -1)", s)
	}
	if n < meetups.MinAgeMonths || n > meetups.MaxAgeMonths {
		return def, fmt.Errorf("%d months is not within %d (early pregnancy) and %d (18 years)", n, meetups.MinAgeMonths, meetups.MaxAgeMonths)
	}
	return n, nil
}

// maxCostCents bounds the price per time: more is surely a typo.
const maxCostCents = 1000_00

// costNoise is what may surround an amount.
var costNoise = strings.NewReplacer("€", "", "euro", "", "eur", "", " ", "")

// parseCost reads euros with a decimal comma or point ("2,50", "2.50",
// "€ 3"); empty, "gratis" and "free" are 0.
func parseCost(s string) (int, error) {
	v := costNoise.Replace(strings.ToLower(s))
	switch v {
	case "", "gratis", "free", "-":
		return 0, nil
	}
	v = strings.Replace(v, ",", ".", 1)
	whole, frac, _ := strings.Cut(v, ".")
	if frac == "-" {
		frac = "" // "3,-" is Dutch for three euros
	}
	if whole == "" {
		whole = "0"
	}
	if !isDigits(whole) || !isDigits(frac) || len(frac) > 2 || len(whole) > 6 {
		return 0, fmt.Errorf("%q is not an amount in euros (write 2,50 or 2.50; 0 or empty for free)", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	euros, _ := strconv.Atoi(whole)
	cents, _ := strconv.Atoi(frac)
	total := euros*100 + cents
	if total > maxCostCents {
		return 0, fmt.Errorf("%q is more than €%d per time; write the price of one time", s, maxCostCents/100)
	}
	return total, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseDegrees reads a coordinate with a decimal point or comma.
func parseDegrees(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number of degrees (write 52.0907)", s)
	}
	return f, nil
}

// The Netherlands with a margin, to catch latitude and longitude swapped
// (5.12, 52.09 is in the sea off Africa) and points from another country.
const (
	minLat, maxLat = 50.5, 53.8
	minLon, maxLon = 3.0, 7.5
)

func inNetherlands(p meetups.Point) bool {
	return p.Lat >= minLat && p.Lat <= maxLat && p.Lon >= minLon && p.Lon <= maxLon
}

// dateTimeLayouts are the ways a start may be written: ISO first, then
// the Dutch day-month-year that Excel shows.
var dateTimeLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05",
	"2-1-2006 15:04", "2-1-2006 15:04:05", "2/1/2006 15:04"}

var dateLayouts = []string{"2006-01-02", "2-1-2006", "2/1/2006"}

// parseDateTime reads a wall-clock time in Amsterdam.
func parseDateTime(s string) (time.Time, error) {
	for _, layout := range dateTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, meetups.Amsterdam); err == nil {
			if w, _ := time.Parse(layout, s); w.Hour() != t.Hour() || w.Minute() != t.Minute() {
				// 2:30 on the last Sunday of March does not exist in
				// Amsterdam: Go would make it 3:30 and shift the end too.
				return time.Time{}, fmt.Errorf("%q does not exist in the Netherlands: the clocks go forward from 2:00 to 3:00 that night; write 3:00 or later", s)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time (write YYYY-MM-DD HH:MM, e.g. 2026-03-10 14:00)", s)
}

// parseDate reads a date (a time after it is allowed and ignored).
func parseDate(s string) (y int, m time.Month, d int, err error) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			y, m, d = t.Date()
			return y, m, d, nil
		}
	}
	if t, err := parseDateTime(s); err == nil {
		y, m, d = t.Date()
		return y, m, d, nil
	}
	return 0, 0, 0, fmt.Errorf("%q is not a date (write YYYY-MM-DD, e.g. 2026-12-24)", s)
}

// parseClock reads "14:30" or "14.30".
func parseClock(s string) (h, m int, ok bool) {
	t, err := time.Parse("15:04", strings.Replace(s, ".", ":", 1))
	if err != nil {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// parseDuration reads "1:30", "90" (minutes), "90m" or "1h30m".
func parseDuration(s string) (time.Duration, error) {
	var d time.Duration
	if h, m, ok := strings.Cut(s, ":"); ok && isDigits(h) && isDigits(m) && h != "" && len(m) == 2 {
		hh, _ := strconv.Atoi(h)
		mm, _ := strconv.Atoi(m)
		d = time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute
	} else if isDigits(s) && s != "" {
		mm, _ := strconv.Atoi(s)
		d = time.Duration(mm) * time.Minute
	} else if pd, err := time.ParseDuration(strings.ReplaceAll(s, " ", "")); err == nil {
		d = pd
	} else {
		return 0, fmt.Errorf("%q is not a duration (write 1:30, or 90 for minutes)", s)
	}
	if d <= 0 || d > 24*time.Hour {
		return 0, fmt.Errorf("%q is not more than 0 and at most 24 hours", s)
	}
	return d, nil
}

// splitList splits a cell of several values on |, comma or semicolon.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ',' || r == ';' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// kindAliases are the Dutch words organisers use for the kinds.
var kindAliases = map[string]meetups.Kind{
	"babycafe": meetups.KindBabyCafe, "babycafé": meetups.KindBabyCafe, "baby_café": meetups.KindBabyCafe,
	"ouderavond": meetups.KindParentEvening, "speelgroep": meetups.KindPlaygroup, "peuterspeelgroep": meetups.KindPlaygroup,
	"lotgenotengroep": meetups.KindPeerGroup, "oudercursus": meetups.KindParentCourse, "cursus": meetups.KindParentCourse,
	"vrijwilligers": meetups.KindVolunteerSupport, "vrijwilligershulp": meetups.KindVolunteerSupport,
}

func parseKind(s string) (meetups.Kind, error) {
	key := columnKey(s)
	if k := meetups.Kind(key); k.Valid() {
		return k, nil
	}
	if k, ok := kindAliases[key]; ok {
		return k, nil
	}
	if s == "" {
		return "", errors.New("a kind is needed: " + kindList())
	}
	return "", fmt.Errorf("%q is not a kind: %s", s, kindList())
}

func kindList() string {
	names := make([]string, len(meetups.Kinds))
	for i, k := range meetups.Kinds {
		names[i] = string(k)
	}
	return "write one of " + strings.Join(names, ", ")
}

func parseThemes(s string) ([]meetups.Theme, error) {
	var out []meetups.Theme
	for _, v := range splitList(s) {
		t := meetups.Theme(columnKey(v))
		if !t.Valid() {
			names := make([]string, len(meetups.Themes))
			for i, th := range meetups.Themes {
				names[i] = string(th)
			}
			return nil, fmt.Errorf("%q is not a theme: write some of %s, separated by |", v, strings.Join(names, ", "))
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// parseAgeBands reads "0-1|4-12": the only bands a meetup is for, within
// its age range (empty: every band the range reaches).
func parseAgeBands(s string, minMonths, maxMonths int) ([]meetups.AgeBand, error) {
	var out []meetups.AgeBand
	for _, v := range splitList(s) {
		b := meetups.AgeBand(strings.ToLower(v))
		lo, hi, ok := b.Months()
		if !ok {
			names := make([]string, len(meetups.AgeBands))
			for i, ab := range meetups.AgeBands {
				names[i] = string(ab)
			}
			return nil, fmt.Errorf("%q is not an age band: write some of %s, separated by |", v, strings.Join(names, ", "))
		}
		if hi < minMonths || lo > maxMonths {
			return nil, fmt.Errorf("%s lies outside the ages %d to %d months", b, minMonths, maxMonths)
		}
		if !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out, nil
}

// maxLanguages is the database's limit.
const maxLanguages = 20

func parseLanguages(s string) ([]string, error) {
	var out []string
	for _, v := range splitList(s) {
		code := strings.ToLower(v)
		if len(code) != 2 || code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z' {
			return nil, fmt.Errorf("%q is not a two-letter language code (nl, en, ar, tr, ...)", v)
		}
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	if len(out) > maxLanguages {
		return nil, fmt.Errorf("%d languages is more than %d", len(out), maxLanguages)
	}
	if len(out) == 0 {
		out = []string{"nl"}
	}
	return out, nil
}

func parseJoin(s string, signup bool) (meetups.Join, error) {
	switch columnKey(s) {
	case "":
		if signup {
			return meetups.JoinSignUp, nil
		}
		return meetups.JoinWalkIn, nil
	case "walk_in", "walkin", "inloop", "inlopen":
		return meetups.JoinWalkIn, nil
	case "sign_up", "signup", "aanmelden":
		return meetups.JoinSignUp, nil
	}
	return "", fmt.Errorf("%q is not walk_in or sign_up", s)
}

// checkURL accepts only web links, so nothing else (javascript:, a file)
// ends up behind a button parents press.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q is not a web link (write https://...)", s)
	}
	return nil
}
