package calendar

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFold checks fold on any line: every physical line at most 75
// octets and whole UTF-8, CRLF after each, and unfolding (RFC 5545: drop
// each CRLF followed by one space) gives the line back.
func FuzzFold(f *testing.F) {
	for _, seed := range []string{
		"SUMMARY:kort",
		"DESCRIPTION:" + strings.Repeat("één ", 40),
		"DESCRIPTION:" + strings.Repeat("👶", 40) + strings.Repeat(`\,\;\\\n`, 30),
		"DESCRIPTION:" + strings.Repeat(" ", 200),
		"DESCRIPTION:" + strings.Repeat(`\`, 201),
		"DESCRIPTION:" + strings.Repeat("☕️👨‍👩‍👧e\u0301", 30),
		strings.Repeat("x", 75),
		strings.Repeat("x", 76),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		line = strings.ToValidUTF8(strings.NewReplacer("\r", "", "\n", "").Replace(line), "?")
		if line == "" {
			return
		}
		out := string(fold(line + "\r\n"))
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("no CRLF at the end: %q", out)
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > maxLine || !utf8.ValidString(l) {
				t.Fatalf("bad physical line (%d octets, valid UTF-8 %v): %q", len(l), utf8.ValidString(l), l)
			}
		}
		if back := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); back != line {
			t.Fatalf("unfolds to\n%q\nwant\n%q", back, line)
		}
	})
}
