package calendar

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/ouderkring/ouderkring/meetups"
)

// maxNameLen bounds the part of a file name taken from the title, so
// long titles still give names every phone shows whole.
const maxNameLen = 60

// folded are letters that lose no accent in decomposition but have a
// plain ASCII spelling.
var folded = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
}

// FileName is the name for m's .ics file, made from its title in plain
// ASCII so every phone, mail client and calendar takes it:
// "Babycafé De Wieg" gives "babycafe-de-wieg.ics". Accents are dropped,
// everything but letters and digits becomes one hyphen, and a title with
// nothing left (all emoji, or another script) gives "meetup-<id>.ics".
func FileName(m meetups.Meetup) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(m.Title) {
		r = unicode.ToLower(r)
		s := string(r)
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		case folded[r] != "":
			s = folded[r]
		case unicode.Is(unicode.Mn, r): // an accent, split off by NFKD
			continue
		default:
			hyphen = b.Len() > 0
			continue
		}
		if b.Len()+len(s)+1 > maxNameLen {
			break
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(s)
	}
	name := b.String()
	if name == "" {
		name = "meetup-" + strconv.FormatInt(m.ID, 10)
	}
	return name + ".ics"
}
