package dialog

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ouderkring/ouderkring/meetups"
)

// days.go reads a day a parent typed for "when?" in a help request —
// "donderdag", "friday afternoon", "morgenavond", "12-12", "12 december" —
// in Dutch or English, whatever the screen's language, so the message can
// name it in its own language and as a date ("op donderdag 10 december"):
// a message may be read days after it was written, when "morgen" is wrong.
// Anything else ("na school", "after 3") is kept as typed.

var (
	dayWords = map[string]time.Weekday{
		"zondag": time.Sunday, "maandag": time.Monday, "dinsdag": time.Tuesday, "woensdag": time.Wednesday,
		"donderdag": time.Thursday, "vrijdag": time.Friday, "zaterdag": time.Saturday,
		"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
		"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	}
	relativeWords = map[string]int{"vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2}
	partWords     = map[string]string{
		"ochtend": "morning", "morgens": "morning", "s ochtends": "morning", "morning": "morning",
		"middag": "afternoon", "s middags": "afternoon", "afternoon": "afternoon",
		"avond": "evening", "s avonds": "evening", "evening": "evening", "night": "evening", "tonight": "evening",
	}
	monthWords = map[string]time.Month{
		"januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3, "mrt": 3, "march": 3, "mar": 3,
		"april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7,
		"augustus": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "october": 10, "oct": 10,
		"november": 11, "nov": 11, "december": 12, "dec": 12,
	}
	// fillerWords carry no day: "op", "next", "deze"…
	fillerWords = map[string]bool{"op": true, "on": true, "a": true, "s": true, "as": true, "aanstaande": true,
		"komende": true, "deze": true, "this": true, "next": true, "in": true, "de": true, "the": true, "het": true}
)

// typedDay reads text as a day (and a part of it) from now on; ok is false
// when it holds anything else.
func typedDay(text string, now time.Time) (day time.Time, part string, ok bool) {
	now = now.In(meetups.Amsterdam)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, meetups.Amsterdam)
	words := strings.Fields(strings.Map(func(r rune) rune {
		switch {
		case r == '-':
			return r
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		}
		return ' ' // apostrophes, dots, commas, "!"
	}, strings.NewReplacer("-", " - ", "/", " - ").Replace(strings.ToLower(text))))
	var (
		found   bool
		dayNum  int
		month   time.Month
		year    int
		numbers []int
	)
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "-" {
			continue
		}
		if p, ok := partWords[w]; ok {
			part = p
			continue
		}
		if w == "s" && i+1 < len(words) {
			if p, ok := partWords["s "+words[i+1]]; ok {
				part, i = p, i+1
				continue
			}
		}
		if fillerWords[w] {
			continue
		}
		if n, ok := relativeWords[w]; ok {
			day, found = today.AddDate(0, 0, n), true
			continue
		}
		if wd, p, ok := weekdayWord(w); ok {
			diff := (int(wd) - int(today.Weekday()) + 7) % 7
			day, found = today.AddDate(0, 0, diff), true
			if p != "" {
				part = p
			}
			continue
		}
		if m, ok := monthWords[w]; ok {
			month = m
			continue
		}
		if n, err := strconv.Atoi(w); err == nil && n > 0 {
			numbers = append(numbers, n)
			continue
		}
		return time.Time{}, "", false // a word this does not read
	}
	switch {
	case month != 0 && len(numbers) >= 1: // "12 december", "december 12 2026"
		dayNum = numbers[0]
		if len(numbers) > 1 {
			year = numbers[1]
		}
	case len(numbers) >= 2: // "12-12", "12-12-2026"
		dayNum, month = numbers[0], time.Month(numbers[1])
		if len(numbers) > 2 {
			year = numbers[2]
		}
	case len(numbers) == 1:
		return time.Time{}, "", false // "3": a time? a count? keep it as typed
	}
	if dayNum != 0 {
		if year == 0 {
			year = today.Year()
		}
		d := time.Date(year, month, dayNum, 0, 0, 0, 0, meetups.Amsterdam)
		if d.Day() != dayNum || month < 1 || month > 12 || year < today.Year() || year > today.Year()+1 {
			return time.Time{}, "", false
		}
		if d.Before(today) && numbers[len(numbers)-1] != year {
			d = d.AddDate(1, 0, 0) // "3 januari" in December: next year's
		}
		if found && d.Weekday() != day.Weekday() {
			return time.Time{}, "", false // "vrijdag 12 december" when the 12th is a Saturday: keep it as typed
		}
		day, found = d, true
	}
	if !found || day.Before(today) {
		return time.Time{}, "", false
	}
	return day, part, true
}

// weekdayWord reads a weekday, also with its part glued on ("vrijdagochtend",
// "zaterdagavond").
func weekdayWord(w string) (time.Weekday, string, bool) {
	if wd, ok := dayWords[w]; ok {
		return wd, "", true
	}
	for name, wd := range dayWords {
		if rest, ok := strings.CutPrefix(w, name); ok {
			if p, ok := partWords[rest]; ok {
				return wd, p, true
			}
		}
	}
	if rest, ok := strings.CutSuffix(w, "night"); ok { // "fridaynight"
		if wd, ok := dayWords[rest]; ok {
			return wd, "evening", true
		}
	}
	return 0, "", false
}

// dayIn names a day (and part) in lang for a message: "op donderdag 10
// december", "op vrijdagmiddag 11 december", "on Thursday 10 December",
// "on Friday afternoon, 11 December".
func (l *Locales) dayIn(lang string, day time.Time, part string) string {
	days := strings.Fields(l.T(lang, "days_long"))
	months := strings.Fields(l.T(lang, "months_long"))
	name := pick(days, int(day.Weekday()))
	if part != "" {
		name = l.T(lang, "day_part_"+part, map[string]any{"Day": name})
	}
	return l.T(lang, "day_on", map[string]any{"Day": name, "Date": fmt.Sprintf("%d %s", day.Day(), pick(months, int(day.Month())-1))})
}

// occurrenceIn is an occurrence for a message, in lang, as a date (never
// "tomorrow": a message may be read days later): "donderdag 10 december,
// 10:00–11:30".
func (l *Locales) occurrenceIn(lang string, occ meetups.Occurrence) string {
	start, end := occ.Start.In(meetups.Amsterdam), occ.End.In(meetups.Amsterdam)
	days := strings.Fields(l.T(lang, "days_long"))
	months := strings.Fields(l.T(lang, "months_long"))
	return fmt.Sprintf("%s %d %s, %s–%s", pick(days, int(start.Weekday())), start.Day(), pick(months, int(start.Month())-1),
		start.Format("15:04"), end.Format("15:04"))
}

// guessWords are common words that tell Dutch from English in a line a
// parent typed. (Written here: a language detector from a registry would
// be far larger than telling these two apart needs.)
var guessWords = map[string]string{
	"de": "nl", "het": "nl", "een": "nl", "en": "nl", "ik": "nl", "je": "nl", "jij": "nl", "mijn": "nl", "met": "nl",
	"voor": "nl", "van": "nl", "niet": "nl", "op": "nl", "naar": "nl", "kan": "nl", "wil": "nl", "zou": "nl",
	"graag": "nl", "hulp": "nl", "bij": "nl", "boodschappen": "nl", "oppassen": "nl", "ophalen": "nl", "brengen": "nl",
	"kinderen": "nl", "kind": "nl", "even": "nl", "ons": "nl", "wij": "nl", "samen": "nl", "school": "",
	"the": "en", "a": "en", "an": "en", "and": "en", "i": "en", "you": "en", "my": "en", "with": "en", "for": "en",
	"of": "en", "not": "en", "on": "en", "to": "en", "can": "en", "want": "en", "would": "en", "please": "en",
	"help": "en", "groceries": "en", "pick": "en", "up": "en", "kids": "en", "child": "en", "us": "en", "we": "en",
	"some": "en", "me": "",
}

// guessLang says whether text is Dutch or English, "" when it cannot tell
// (too short, mixed, another language).
func guessLang(text string) string {
	n := map[string]int{}
	for _, w := range strings.Fields(foldWords(text)) {
		if l := guessWords[w]; l != "" {
			n[l]++
		}
	}
	switch {
	case n["nl"] >= 2 && n["en"] == 0:
		return "nl"
	case n["en"] >= 2 && n["nl"] == 0:
		return "en"
	}
	return ""
}
