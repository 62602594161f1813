package calendar_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// unfold splits a file into its logical lines: CRLF-separated physical
// lines, a line starting with a space continuing the one before (RFC 5545
// 3.1). It fails on a line break that is not CRLF.
func unfold(t *testing.T, data []byte) []string {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatalf("the file does not end in CRLF")
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("bare CR or LF in %q", l)
		}
		if rest, ok := strings.CutPrefix(l, " "); ok && len(lines) > 0 {
			lines[len(lines)-1] += rest
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// logical is the unfolded line of property name, as written (escaped).
func logical(t *testing.T, data []byte, name string) string {
	t.Helper()
	for _, l := range unfold(t, data) {
		if strings.HasPrefix(l, name+":") || strings.HasPrefix(l, name+";") {
			return l
		}
	}
	t.Fatalf("no %s line", name)
	return ""
}

// longDutch is a description that must be folded many times, with
// two-byte letters and four-byte emoji near every place a fold could fall.
var longDutch = strings.Repeat("Wij drinken koffie en thee, praten over slapen, eten en huilen; "+
	"ideeën, zorgen en één enkele vraag zijn welkom. Ook voor vaders en coöuders 👶🍼☕️. ", 6) +
	"Eindelijk: één, twee, drie — ëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëë" +
	strings.Repeat("👶", 60)

func TestLinesFolded(t *testing.T) {
	t.Parallel()
	m := weekly()
	m.Description = longDutch
	m.Title = "Babycafé De Wieg — voor ouders van baby's en dreumesen, met koffie, thee en een luisterend oor 👶"
	data := series(t, m)

	folds := 0
	physical := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	for i, l := range physical {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets, more than 75: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folds++
			// Calendars that trim folded lines would lose a space here.
			if strings.HasPrefix(l, "  ") || strings.HasSuffix(physical[i-1], " ") {
				t.Errorf("fold next to a space at line %d: %q / %q", i+1, physical[i-1], l)
			}
			if n := len(physical[i-1]) - len(strings.TrimRight(physical[i-1], `\`)); n%2 == 1 {
				t.Errorf("fold inside an escape at line %d: %q / %q", i+1, physical[i-1], l)
			}
		}
	}
	if folds < 10 {
		t.Errorf("only %d folded lines; the test description should need many", folds)
	}
	_ = unfold(t, data) // CRLF everywhere

	_, ev := parse(t, data)
	if got := prop(t, &ev.ComponentBase, ics.ComponentPropertyDescription).Value; !strings.HasPrefix(got, longDutch+"\n\n") {
		t.Errorf("DESCRIPTION read back differs:\n got %q\nwant %q…", got, longDutch)
	}
	if got := prop(t, &ev.ComponentBase, ics.ComponentPropertySummary).Value; got != m.Title {
		t.Errorf("SUMMARY read back = %q, want %q", got, m.Title)
	}
}

func TestEscaping(t *testing.T) {
	t.Parallel()
	m := weekly()
	m.Title = `Ouders, kinderen; en \ meer`
	m.Description = "Regel één, met komma; puntkomma \\ backslash\r\nRegel twee\rRegel drie\x00\x07\tmet tab"
	m.Venue = "Huis, \"De Boog\"; zaal 2"
	m.Join, m.SignupURL, m.SignupPhone = "", "", ""
	data := series(t, m)

	for name, want := range map[string]string{
		"SUMMARY":     `SUMMARY:Ouders\, kinderen\; en \\ meer`,
		"DESCRIPTION": `DESCRIPTION:Regel één\, met komma\; puntkomma \\ backslash\nRegel twee\nRegel drie` + "\tmet tab",
		"LOCATION":    `LOCATION:Huis\, "De Boog"\; zaal 2\, Kerkstraat 12\, 3511 AB Utrecht`,
	} {
		if got := logical(t, data, name); got != want {
			t.Errorf("%s line\n got %q\nwant %q", name, got, want)
		}
	}

	_, ev := parse(t, data)
	for p, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertySummary:     m.Title,
		ics.ComponentPropertyDescription: "Regel één, met komma; puntkomma \\ backslash\nRegel twee\nRegel drie\tmet tab",
		ics.ComponentPropertyLocation:    `Huis, "De Boog"; zaal 2, Kerkstraat 12, 3511 AB Utrecht`,
	} {
		if got := prop(t, &ev.ComponentBase, p).Value; got != want {
			t.Errorf("%s read back = %q, want %q", p, got, want)
		}
	}
}

func TestBrokenTextAndLinks(t *testing.T) {
	t.Parallel()
	m := weekly()
	m.Description = "kapot \xff\xfe teken"
	m.SignupURL = "https://example.nl/a\r\nX-INJECTED:1"
	data := series(t, m)
	if !utf8.Valid(data) {
		t.Error("the file is not valid UTF-8")
	}
	if bytes.Contains(data, []byte("\r\nX-INJECTED")) {
		t.Errorf("a line break in a link started a property:\n%s", data)
	}
	_, ev := parse(t, data)
	if ev.HasProperty(ics.ComponentPropertyUrl) {
		t.Error("URL written from a link with a line break")
	}
}
