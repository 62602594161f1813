package pdok

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ouderkring/ouderkring/meetups"
)

// address is a street address as normalizeAddress reads it. Every field
// is already in its normalised spelling.
type address struct {
	street   string // "2e hugo de grootstraat", "plein 1940-1945"
	number   string // "82", "82a", "82a-1", "1bis", "12-2"
	huisnr   int    // the number alone, 82, to check PDOK's answer with
	postcode string // "3513WM", "3513" or ""
	town     string // "den haag" or ""
}

// String is the normalised address: street, house number, postcode, town,
// separated by single spaces, without commas.
func (a address) String() string {
	parts := []string{a.street, a.number}
	if a.postcode != "" {
		parts = append(parts, a.postcode)
	}
	if a.town != "" {
		parts = append(parts, a.town)
	}
	return strings.Join(parts, " ")
}

var (
	// houseNumber is a house number token: the number (BAG: 1 to 99999),
	// letters written against it ("82a", "1bis", or "82-a"), and an
	// addition after a hyphen ("82a-1", "12-2", "12-ii").
	houseNumber = regexp.MustCompile(`^([1-9][0-9]{0,4})-?([a-z]{0,4})(?:-([a-z0-9]{1,4}))?$`)
	// houseLetter is a house letter typed apart from a bare number: the "A"
	// of "82 A" or "82 A-1".
	houseLetter = regexp.MustCompile(`^([a-z])(?:-([a-z0-9]{1,4}))?$`)
	// Postcodes within an address, lower-cased: "3513wm", or "3513" and
	// "wm" as two tokens, or "3513" alone.
	postcode6     = regexp.MustCompile(`^([1-9][0-9]{3})([a-z]{2})$`)
	postcode4     = regexp.MustCompile(`^[1-9][0-9]{3}$`)
	postcodeLetts = regexp.MustCompile(`^[a-z]{2}$`)
)

// normalizeAddress reads s (whitespace already collapsed) as a street
// address: a street name, a house number, then optionally a postcode and
// a town, the postcode before or after the town. Commas are optional and
// dropped. Examples and what they become:
//
//	"Kanaalweg 82, Utrecht"          kanaalweg 82 utrecht
//	"Kanaalweg 82 3513 WM Utrecht"   kanaalweg 82 3513WM utrecht
//	"Kanaalweg 82-A, 3513WM"         kanaalweg 82a 3513WM
//	"Oudegracht 1bis Utrecht"        oudegracht 1bis utrecht
//	"Plein 1940-1945 3"              plein 1940-1945 3
//
// The street may contain digits ("2e Hugo de Grootstraat", "Plein
// 1940-1945"): the house number is the last number that is followed only
// by a postcode and a town, preferring a reading with a postcode.
//
// The normalised spelling is lower-case except for the postcode letters
// ("3513WM"), has single spaces and no commas, and writes the house
// number as the BAG does: the house letter against the number ("82a" for
// "82 A", "82-A" and "82a"), letters-only additions likewise ("1bis" for
// "1-bis" and "1 bis"), other additions after a hyphen ("82a-1", "12-2";
// "/" is read as a hyphen). A postcode typed after the town is moved in
// front of it, so "Kanaalweg 82, Utrecht 3513 WM" shares a cache entry
// with "Kanaalweg 82 3513WM Utrecht". A postcode with the letters SA, SD
// or SS makes the input invalid, as it does on its own.
//
// What is not recognised: an address without a space before the number
// ("Kanaalweg82"), a number with a leading zero or above 99999, the town
// before the street ("Utrecht, Kanaalweg 82" is kept as typed, so it is
// searched but does not share the cache entry). Abbreviations are not
// expanded ("burg de withstraat 12"); PDOK's search copes or does not.
//
// Like place names, addresses hold only letters, ASCII digits, spaces,
// apostrophes and hyphens inside words: nothing Solr reads as syntax.
func normalizeAddress(s string) (string, error) {
	a, ok := parseAddress(s)
	if !ok {
		return "", meetups.Errorf(meetups.EINVALID, "pdok: not an address (want a street, a house number, optionally a postcode and a town)")
	}
	out := a.String()
	if n := utf8.RuneCountInString(out); n > maxAddress {
		return "", meetups.Errorf(meetups.EINVALID, "pdok: address of %d characters is too long", n)
	}
	return out, nil
}

// parseAddress reads s as an address; see normalizeAddress. It also reads
// its own output, which is how the client learns the house number of a
// normalised query.
func parseAddress(s string) (address, bool) {
	toks, ok := addressTokens(s)
	if !ok || len(toks) < 2 {
		return address{}, false
	}
	var best address
	found := false
	for h := len(toks) - 1; h >= 1; h-- {
		a, ok, bad := parseAddressAt(toks, h)
		switch {
		case bad:
			return address{}, false // "... 3512 SA": a postcode, but none issued
		case !ok:
		case a.postcode != "":
			return a, true
		case !found:
			best, found = a, true
		}
	}
	return best, found
}

// addressTokens lower-cases s and splits it into words. Commas, periods
// and hyphens that do not join two letters or digits separate words (a
// leading "-" is Solr's NOT); "/" between two of them is read as a
// hyphen ("12/2"). Any other symbol, or a digit other than 0-9, makes s
// no address.
func addressTokens(s string) ([]string, bool) {
	rs := []rune(s)
	joins := func(i int) bool {
		return i > 0 && i < len(rs)-1 && isAlnum(rs[i-1]) && isAlnum(rs[i+1])
	}
	var b strings.Builder
	for i, r := range rs {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == 'ʼ':
			b.WriteByte('\'')
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '-' || r == '‐' || r == '‑' || r == '–' || r == '/':
			if joins(i) {
				b.WriteByte('-')
			} else {
				b.WriteByte(' ')
			}
		case r == ' ' || r == '.' || r == ',':
			b.WriteByte(' ')
		default:
			return nil, false
		}
	}
	return strings.Fields(b.String()), true
}

// parseAddressAt reads toks with the house number at index h. bad is
// true when what follows holds a postcode that is never issued, so no
// reading of toks should be taken.
func parseAddressAt(toks []string, h int) (a address, ok, bad bool) {
	m := houseNumber.FindStringSubmatch(toks[h])
	if m == nil || postcode6.MatchString(toks[h]) { // "3513wm" is a postcode
		return address{}, false, false
	}
	street := toks[:h]
	letters := 0
	for _, t := range street {
		for _, r := range t {
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	if letters < 2 {
		return address{}, false, false
	}
	huisnr, err := strconv.Atoi(m[1])
	if err != nil {
		return address{}, false, false
	}
	a = address{street: strings.Join(street, " "), number: m[1] + m[2], huisnr: huisnr}
	if m[3] != "" {
		a.number += "-" + m[3]
	}
	rest := toks[h+1:]
	if m[2] == "" && m[3] == "" && len(rest) > 0 {
		if l := houseLetter.FindStringSubmatch(rest[0]); l != nil {
			a.number += l[1]
			if l[2] != "" {
				a.number += "-" + l[2]
			}
			rest = rest[1:]
		} else if additionWords[rest[0]] {
			a.number += rest[0]
			rest = rest[1:]
		}
	}
	pc, town, ok, bad := parseTail(rest)
	if !ok {
		return address{}, false, bad
	}
	a.postcode, a.town = pc, town
	return a, true, false
}

// additionWords are additions people write apart from the number ("1
// bis", "12 hs", "12 II") that no town name starts with, so they are read
// as part of the house number ("1bis"). Other words after the number are
// the town.
var additionWords = map[string]bool{"bis": true, "hs": true, "ii": true, "iii": true, "iv": true}

// parseTail reads what follows the house number: nothing, a postcode, a
// town, or both in either order. bad is true for a postcode that is never
// issued.
func parseTail(rest []string) (pc, town string, ok, bad bool) {
	pc, n, ok := postcodeAt(rest, 0)
	if !ok {
		return "", "", false, true
	}
	words := rest[n:]
	if n == 0 {
		i := 0
		for i < len(words) && isTownWord(words[i]) {
			i++
		}
		if i < len(words) { // "utrecht 3513 wm"
			if pc, n, ok = postcodeAt(words, i); !ok || n == 0 || i+n != len(words) {
				return "", "", false, !ok
			}
			words = words[:i]
		}
	}
	letters := 0
	for _, w := range words {
		if !isTownWord(w) {
			return "", "", false, false
		}
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	if len(words) > 0 && letters < 2 {
		return "", "", false, false
	}
	return pc, strings.Join(words, " "), true, false
}

// postcodeAt reads a postcode at toks[i] and returns it normalised and
// how many tokens it took (0: none there). ok is false for a postcode
// that cannot exist: its letters are SA, SD or SS.
func postcodeAt(toks []string, i int) (pc string, n int, ok bool) {
	if i >= len(toks) {
		return "", 0, true
	}
	digits, letters := "", ""
	switch m := postcode6.FindStringSubmatch(toks[i]); {
	case m != nil:
		digits, letters, n = m[1], m[2], 1
	case postcode4.MatchString(toks[i]):
		digits, n = toks[i], 1
		if i+1 < len(toks) && postcodeLetts.MatchString(toks[i+1]) {
			letters, n = toks[i+1], 2
		}
	default:
		return "", 0, true
	}
	letters = strings.ToUpper(letters)
	switch letters {
	case "SA", "SD", "SS":
		return "", 0, false
	}
	return digits + letters, n, true
}

// isTownWord reports whether t can be (part of) a town name: letters,
// apostrophes and hyphens, at least one letter.
func isTownWord(t string) bool {
	letter := false
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case r == '\'' || r == '-':
		default:
			return false
		}
	}
	return letter
}

func isAlnum(r rune) bool {
	return unicode.IsLetter(r) || (r >= '0' && r <= '9')
}
