package calendar

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxLine is the longest a line may be, in octets without its CRLF
// (RFC 5545 3.1).
const maxLine = 75

// fold folds the lines of an unfolded calendar (CRLF line ends, as
// golang-ical writes it with folding off) at maxLine octets: a
// continuation line starts with one space.
//
// golang-ical folds too, but at a space, so a word boundary lands at the
// start of a continuation line: RFC 5545 allows it, yet calendars that
// trim the white space of folded lines glue the two words together (as
// reported of Outlook and Gmail when the space ends a line).
// Google folds inside words, and so does this: where the cut falls is
// never next to a space or a tab, never inside a UTF-8 character, and
// never between a backslash and the character it escapes.
func fold(unfolded string) []byte {
	var b strings.Builder
	b.Grow(len(unfolded) + len(unfolded)/maxLine*3)
	for l := range strings.SplitSeq(strings.TrimSuffix(unfolded, "\r\n"), "\r\n") {
		limit := maxLine
		for len(l) > limit {
			i := cut(l, limit)
			b.WriteString(l[:i])
			b.WriteString("\r\n ")
			l = l[i:]
			limit = maxLine - 1 // the space that starts the continuation counts
		}
		b.WriteString(l)
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}

// cut is where to fold line, longer than limit, so that the part before
// has at most limit octets: the last character boundary that fold
// accepts among the last few, else the last character boundary.
func cut(line string, limit int) int {
	last := limit
	for !utf8.RuneStart(line[last]) {
		last--
	}
	for i := last; i > last-16; {
		if goodCut(line, i) {
			return i
		}
		i--
		for i > 0 && !utf8.RuneStart(line[i]) {
			i--
		}
	}
	return last
}

// goodCut reports whether folding line before byte i keeps white space
// away from both ends of the folded lines, keeps escapes whole, and keeps
// a character with the marks that belong to it (an accent written apart,
// the variation selector of ☕️, the joiner inside 👨‍👩‍👧).
func goodCut(line string, i int) bool {
	if blank(line[i]) || blank(line[i-1]) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(line[i:])
	prev, _ := utf8.DecodeLastRuneInString(line[:i])
	if prev == zwj || next == zwj || unicode.In(next, unicode.Mn, unicode.Me, unicode.Variation_Selector) {
		return false
	}
	backslashes := 0
	for j := i - 1; j >= 0 && line[j] == '\\'; j-- {
		backslashes++
	}
	return backslashes%2 == 0
}

// zwj is the zero width joiner, which glues emoji into one.
const zwj = '\u200d'

func blank(c byte) bool { return c == ' ' || c == '\t' }
