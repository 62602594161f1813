package pdok

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ouderkring/ouderkring/meetups"
)

// The kinds of query Normalize recognises. The client asks PDOK
// differently for each, and the cache key is only meaningful together
// with it (which is why the four never collide: postcodes are digits and
// at most two letters without a space, places have no digits, addresses
// have both and a space).
const (
	KindPostcode6 = "postcode6" // "3512JE": about twenty addresses
	KindPostcode4 = "postcode4" // "3512": a neighbourhood
	KindPlace     = "place"     // "den haag": a town or municipality
	KindAddress   = "address"   // "kanaalweg 82a 3513WM utrecht": one building
)

const (
	// maxInput bounds the work done on a message before it is looked at
	// closely: nobody types a place name of a kilobyte.
	maxInput = 1000
	// maxPlace is well above the longest Dutch place names (around 30
	// letters, "Westerhaar-Vriezenveensewijk"), with room for extra words.
	maxPlace = 100
	// maxAddress leaves room for the longest street names (the BAG allows
	// 80 characters), a house number, a postcode and a town, and stays
	// below the 200 characters the cache table takes as a key.
	maxAddress = 150
)

// Normalize decides whether query can be a Dutch postcode, place name or
// street address and returns the one spelling used for it everywhere
// (PDOK request, cache key): "3512JE", "3512", a lower-cased place name
// with single spaces, or an address such as "kanaalweg 82a 3513WM
// utrecht". Input that cannot be a place gets an Error with code
// EINVALID, so the bot can ask again at once instead of spending a
// request on "99999".
//
// Place names may contain letters of any script, spaces, apostrophes and
// hyphens between letters ("'s-Hertogenbosch", "Wijk bij Duurstede").
// Curly apostrophes, as phone keyboards type them, become straight ones;
// periods and commas ("St. Annaparochie", "Utrecht,") and stray hyphens
// separate words. Everything else, digits mixed into names included, is
// rejected: PDOK is searched with Solr, and this keeps its query syntax
// out of the query.
//
// Input with digits that is not a postcode may be an address: a street,
// a house number, then optionally a postcode and a town (see
// normalizeAddress for the details and the spelling it is given).
//
// The error never repeats the input, which may be part of an address.
// Normalize(Normalize(q)) gives the same result as Normalize(q).
func Normalize(query string) (normalized, kind string, err error) {
	if len(query) > maxInput {
		return "", "", meetups.Errorf(meetups.EINVALID, "pdok: query of %d bytes is too long", len(query))
	}
	if !utf8.ValidString(query) {
		return "", "", meetups.Errorf(meetups.EINVALID, "pdok: query is not valid UTF-8")
	}
	s := strings.Join(strings.Fields(norm.NFC.String(query)), " ")
	if s == "" {
		return "", "", meetups.Errorf(meetups.EINVALID, "pdok: empty query")
	}
	if strings.IndexFunc(s, unicode.IsDigit) >= 0 {
		pc, kind, err := normalizePostcode(s)
		if err == nil {
			return pc, kind, nil
		}
		addr, addrErr := normalizeAddress(s)
		if addrErr == nil {
			return addr, KindAddress, nil
		}
		if isASCIIDigits(s[:1]) && len(strings.Fields(s)) <= 2 {
			return "", "", err // meant as a postcode: "99999", "3512 SA"
		}
		return "", "", addrErr
	}
	return normalizePlace(s)
}

// normalizePostcode accepts "1234", "1234AB" and "1234 AB" (any case), the
// ways Dutch postcodes are written. Spaces are already collapsed.
func normalizePostcode(s string) (string, string, error) {
	digits, letters, _ := strings.Cut(s, " ")
	if len(digits) == 6 && letters == "" { // "3512je"
		digits, letters = s[:4], s[4:]
	}
	if len(digits) != 4 || !isASCIIDigits(digits) {
		return "", "", meetups.Errorf(meetups.EINVALID, "pdok: not a postcode (want 4 digits, optionally 2 letters)")
	}
	if digits[0] == '0' {
		return "", "", meetups.Errorf(meetups.EINVALID, "pdok: postcodes start at 1000")
	}
	if letters == "" {
		return digits, KindPostcode4, nil
	}
	letters = strings.ToUpper(letters)
	if len(letters) != 2 || !isASCIIUpper(letters) {
		return "", "", meetups.Errorf(meetups.EINVALID, "pdok: not a postcode (want 2 letters after the digits)")
	}
	switch letters {
	case "SA", "SD", "SS":
		// Never issued: SA, SD and SS were Nazi organisations.
		return "", "", meetups.Errorf(meetups.EINVALID, "pdok: postcode letters SA, SD and SS are not issued")
	}
	return digits + letters, KindPostcode6, nil
}

// normalizePlace lower-cases a place name and checks it has nothing but
// letters, spaces, apostrophes and hyphens joining letters.
func normalizePlace(s string) (string, string, error) {
	rs := []rune(s)
	var b strings.Builder
	letters := 0
	for i, r := range rs {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == 'ʼ': // ʼ counts as a letter
			b.WriteByte('\'')
		case unicode.IsLetter(r):
			letters++
			b.WriteRune(unicode.ToLower(r))
		case r == '-' || r == '‐' || r == '‑' || r == '–':
			// Kept only inside a word: a leading "-" is Solr's NOT.
			if i > 0 && i < len(rs)-1 && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) {
				b.WriteByte('-')
			} else {
				b.WriteByte(' ')
			}
		case r == ' ' || r == '.' || r == ',':
			b.WriteByte(' ')
		default:
			return "", "", meetups.Errorf(meetups.EINVALID, "pdok: a place name has only letters, spaces, hyphens and apostrophes")
		}
	}
	if letters < 2 {
		return "", "", meetups.Errorf(meetups.EINVALID, "pdok: a place name has at least two letters")
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if n := utf8.RuneCountInString(out); n > maxPlace {
		return "", "", meetups.Errorf(meetups.EINVALID, "pdok: place name of %d characters is too long", n)
	}
	return out, KindPlace, nil
}

func isASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isASCIIUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
