package dialog

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// bidi.go lays out what the bot says in a right-to-left script (Arabic):
// a line holding Arabic starts with the right-to-left mark, so one that
// begins with a Dutch name, a number or an emoji is still laid out from the
// right; and every run of Latin letters and digits in it that is not
// isolated yet — a meetup's name, "2,5 km", "10:00–11:30", "/forget", a
// brand — is put in a first-strong isolate, so it reads in its own order
// and cannot pull the Arabic around it out of place. Locales.T isolates the
// values it fills in already; this catches what the code puts together
// around them (results lines, cards). Outside the isolates a Latin comma
// becomes the Arabic one ("غدا، 10:00"), and the ⬅️ and ➡️ arrows trade
// places, as "back" and "more" point the other way in a right-to-left
// screen. A line without Arabic is left alone: a Dutch help message an
// Arabic-speaking parent writes stays as it is.

const (
	rlm = '\u200f' // right-to-left mark
	fsi = '\u2068' // first-strong isolate
	pdi = '\u2069' // pop directional isolate
)

// layOut lays out every reply's text and buttons in a chat whose language
// is written right to left (rightToLeft). Other chats' replies are left as
// they are: what Arabic reaches them — a help message a Dutch-speaking
// parent writes in Arabic — comes from Locales.T, which lays out its own
// lines; and this runs on every reply, so it costs them nothing.
func layOut(lang string, out []Reply) []Reply {
	if !rightToLeft[lang] {
		return out
	}
	for i := range out {
		out[i].Text = layOutText(out[i].Text)
		for _, row := range out[i].Buttons {
			for j := range row {
				row[j].Text = layOutLine(row[j].Text)
			}
		}
		if f := out[i].Document; f != nil {
			f.Caption = layOutText(f.Caption)
		}
		if f := out[i].Photo; f != nil {
			f.Caption = layOutText(f.Caption)
		}
	}
	return out
}

// layOutText lays out a message that holds Arabic, every line of it: a
// card's title line in Dutch then sits on the right like the rest.
func layOutText(s string) string {
	if !hasRTL(s) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = layOutRTL(l)
		}
	}
	return strings.Join(lines, "\n")
}

// layOutLine is one line laid out, when it holds Arabic (a button).
func layOutLine(l string) string {
	if !hasRTL(l) {
		return l
	}
	return layOutRTL(l)
}

// layOutRTL starts the line with the mark and isolates its Latin runs.
func layOutRTL(l string) string {
	var b strings.Builder
	rs := []rune(l)
	if rs[0] != rlm {
		b.WriteRune(rlm)
	}
	depth := 0
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case depth == 0 && r == ',':
			r = '،'
		case depth == 0 && r == '⬅':
			r = '➡'
		case depth == 0 && r == '➡':
			r = '⬅'
		case r == fsi || r == '\u2066' || r == '\u2067':
			depth++
		case r == pdi && depth > 0:
			depth--
		case depth == 0 && startsLTR(rs, i):
			end := i
			for j := i; j < len(rs) && inLTRRun(rs[j]); j++ {
				if isLTRCore(rs[j]) {
					end = j + 1 // the run ends on a letter or digit
				}
			}
			b.WriteRune(fsi)
			b.WriteString(string(rs[i:end]))
			b.WriteRune(pdi)
			i = end - 1
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hasRTL reports whether s holds a right-to-left letter. It runs on every
// reply, so it looks at bytes: only a lead byte of Hebrew or Arabic
// (U+0590–U+07FF) or of their presentation forms (U+FB1D–U+FDFF,
// U+FE70–U+FEFC; not the emoji variation selector U+FE0F) makes it
// decode a letter.
func hasRTL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b >= 0xD6 && b <= 0xDF:
			if r, _ := utf8.DecodeRuneInString(s[i:]); r >= 0x590 && r <= 0x7FF {
				return true
			}
		case b == 0xEF:
			if r, _ := utf8.DecodeRuneInString(s[i:]); r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFC {
				return true
			}
		}
	}
	return false
}

// isLTRCore: Latin letters and digits.
func isLTRCore(r rune) bool {
	return unicode.Is(unicode.Latin, r) || ('0' <= r && r <= '9')
}

// startsLTR: a Latin letter or digit, or a slash before one ("/forget").
func startsLTR(rs []rune, i int) bool {
	if isLTRCore(rs[i]) {
		return true
	}
	return rs[i] == '/' && i+1 < len(rs) && isLTRCore(rs[i+1])
}

// inLTRRun: what a Latin name, number, time, link or command is made of.
func inLTRRun(r rune) bool {
	return isLTRCore(r) || strings.ContainsRune(" .,:/-–@+_'’%€()&", r)
}
