package pdok_test

import (
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/pdok"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, want, kind string
	}{
		{"Postcode6", "3512JE", "3512JE", pdok.KindPostcode6},
		{"Postcode6Space", "3512 JE", "3512JE", pdok.KindPostcode6},
		{"Postcode6Lower", "3512je", "3512JE", pdok.KindPostcode6},
		{"Postcode6Padded", " 3512  JE ", "3512JE", pdok.KindPostcode6},
		{"Postcode6Tabs", "\t3512\u00a0je\n", "3512JE", pdok.KindPostcode6},
		{"Postcode6Mixed", "1011aB", "1011AB", pdok.KindPostcode6},
		{"Postcode4", "3512", "3512", pdok.KindPostcode4},
		{"Postcode4Lowest", "1000", "1000", pdok.KindPostcode4},
		{"Postcode4Highest", "9999", "9999", pdok.KindPostcode4},
		{"Place", "Utrecht", "utrecht", pdok.KindPlace},
		{"PlaceApostropheHyphen", "'s-Hertogenbosch", "'s-hertogenbosch", pdok.KindPlace},
		{"PlaceCurlyApostrophe", "’s-Hertogenbosch", "'s-hertogenbosch", pdok.KindPlace},
		{"PlaceModifierApostrophe", "ʼt Harde", "'t harde", pdok.KindPlace},
		{"PlaceTwoWords", "Den  Haag", "den haag", pdok.KindPlace},
		{"PlaceManyWords", " Wijk bij Duurstede ", "wijk bij duurstede", pdok.KindPlace},
		{"PlaceHyphen", "Oud-Beijerland", "oud-beijerland", pdok.KindPlace},
		{"PlaceAccent", "Sûdwest-Fryslân", "sûdwest-fryslân", pdok.KindPlace},
		{"PlaceCombiningAccent", "Frysla\u0302n", "fryslân", pdok.KindPlace},
		{"PlaceAbbreviation", "St. Annaparochie", "st annaparochie", pdok.KindPlace},
		{"PlaceTrailingComma", "Utrecht,", "utrecht", pdok.KindPlace},
		{"PlaceStrayHyphens", "-Den Haag - Centrum-", "den haag centrum", pdok.KindPlace},
		{"PlaceTwoLetters", "Ee", "ee", pdok.KindPlace},
		{"PlaceLongest", strings.Repeat("a", 100), strings.Repeat("a", 100), pdok.KindPlace},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, kind, err := pdok.Normalize(tc.in)
			if err != nil {
				t.Fatalf("Normalize(%q): %v", tc.in, err)
			}
			if got != tc.want || kind != tc.kind {
				t.Errorf("Normalize(%q): got=%q, %q, want %q, %q", tc.in, got, kind, tc.want, tc.kind)
			}
			again, kind2, err := pdok.Normalize(got)
			if err != nil || again != got || kind2 != kind {
				t.Errorf("Normalize(%q) again: got=%q, %q, %v, want %q, %q, nil", got, again, kind2, err, got, kind)
			}
		})
	}
}

func TestNormalize_ErrInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in string }{
		{"Empty", ""},
		{"Spaces", "  \t "},
		{"FiveDigits", "99999"},
		{"SevenDigits", "1234567"},
		{"ThreeDigits", "351"},
		{"LeadingZero", "0123"},
		{"LeadingZero6", "0123AB"},
		{"LettersSA", "3512SA"},
		{"LettersSDLower", "3512 sd"},
		{"LettersSS", "3512 SS"},
		{"OneLetter", "3512 J"},
		{"ThreeLetters", "3512JEX"},
		{"SplitDigits", "35 12 JE"},
		{"LettersFirst", "JE3512"},
		{"DigitsAndTown", "3512JE Utrecht"},
		{"DigitInName", "Utrecht2"},
		{"ArabicDigits", "٣٥١٢"},
		{"NonASCIILetters", "3512 ÉÉ"},
		{"Symbols", "!!!???"},
		{"Hyphens", "- - -"},
		{"Emoji", "🏠"},
		{"EmojiInName", "Utrecht 🏠"},
		{"SolrSyntax", "utrecht OR *:*"},
		{"OneLetterName", "a"},
		{"TooLong", strings.Repeat("a", 101)},
		{"HugeInput", strings.Repeat("ab ", 1000)},
		{"InvalidUTF8", "Utr\xffecht"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, kind, err := pdok.Normalize(tc.in)
			if code := meetups.ErrorCode(err); code != meetups.EINVALID {
				t.Fatalf("Normalize(%q): got=%q, %q, %v, want code %s", tc.in, got, kind, err, meetups.EINVALID)
			}
			if in := strings.TrimSpace(tc.in); len(in) >= 3 && strings.Contains(err.Error(), in) {
				t.Errorf("error repeats the input: %v", err)
			}
		})
	}
}

// TestNormalize_Address covers street addresses, and that what was a
// postcode, a place or invalid before addresses were read still is.
func TestNormalize_Address(t *testing.T) {
	t.Parallel()
	const addr = pdok.KindAddress
	for _, tc := range []struct {
		name, in, want, kind string
	}{
		// The forms organisers type, and how they share a key.
		{"Town", "Kanaalweg 82, Utrecht", "kanaalweg 82 utrecht", addr},
		{"TownNoComma", "kanaalweg 82 utrecht", "kanaalweg 82 utrecht", addr},
		{"TownSpaces", "  Kanaalweg   82 ,Utrecht ", "kanaalweg 82 utrecht", addr},
		{"PostcodeSplitTown", "Kanaalweg 82 3513 WM Utrecht", "kanaalweg 82 3513WM utrecht", addr},
		{"PostcodeTownCommas", "Kanaalweg 82, 3513WM, Utrecht", "kanaalweg 82 3513WM utrecht", addr},
		{"PostcodeLowerTown", "KANAALWEG 82 3513wm UTRECHT", "kanaalweg 82 3513WM utrecht", addr},
		{"TownThenPostcode", "Kanaalweg 82, Utrecht 3513 WM", "kanaalweg 82 3513WM utrecht", addr},
		{"Postcode", "Kanaalweg 82, 3513WM", "kanaalweg 82 3513WM", addr},
		{"Postcode4", "Kanaalweg 82 3513 Utrecht", "kanaalweg 82 3513 utrecht", addr},
		{"Bare", "Kanaalweg 82", "kanaalweg 82", addr},
		{"LetterHyphen", "Kanaalweg 82-A, 3513WM", "kanaalweg 82a 3513WM", addr},
		{"LetterAttached", "Kanaalweg 82A 3513WM", "kanaalweg 82a 3513WM", addr},
		{"LetterApart", "Kanaalweg 82 A, 3513 WM", "kanaalweg 82a 3513WM", addr},
		{"LetterApartTown", "Kanaalweg 82 a Utrecht", "kanaalweg 82a utrecht", addr},
		{"LetterAddition", "Kanaalweg 82A-1 Utrecht", "kanaalweg 82a-1 utrecht", addr},
		{"LetterAdditionApart", "Kanaalweg 82 A-1 Utrecht", "kanaalweg 82a-1 utrecht", addr},
		{"Addition", "Kanaalweg 82-2", "kanaalweg 82-2", addr},
		{"AdditionSlash", "Kanaalweg 82/2", "kanaalweg 82-2", addr},
		{"Bis", "Oudegracht 1bis Utrecht", "oudegracht 1bis utrecht", addr},
		{"BisHyphen", "Oudegracht 1-bis Utrecht", "oudegracht 1bis utrecht", addr},
		{"BisApart", "Oudegracht 1 bis, Utrecht", "oudegracht 1bis utrecht", addr},
		{"Roman", "Herengracht 12 II Amsterdam", "herengracht 12ii amsterdam", addr},
		{"TwoWordTown", "Burgemeester de Withstraat 12, Den Haag", "burgemeester de withstraat 12 den haag", addr},
		{"Abbreviation", "Burg. de Withstraat 12", "burg de withstraat 12", addr},
		{"StreetYears", "Plein 1940-1945 3", "plein 1940-1945 3", addr},
		{"StreetYear", "Plein 1813 2, Den Haag", "plein 1813 2 den haag", addr},
		{"StreetOrdinal", "2e Hugo de Grootstraat 5", "2e hugo de grootstraat 5", addr},
		{"StreetOrdinalTown", "2e Hugo de Grootstraat 5, 1052 LK Amsterdam", "2e hugo de grootstraat 5 1052LK amsterdam", addr},
		{"StreetAccentHyphen", "Laan van Nieuw Oost-Indië 25 Den Haag", "laan van nieuw oost-indië 25 den haag", addr},
		{"Apostrophes", "’s-Gravendijkwal 5 ’s-Gravenhage", "'s-gravendijkwal 5 's-gravenhage", addr},
		{"TwoLetterTown", "Dorpsstraat 5 Ee", "dorpsstraat 5 ee", addr},
		{"HighestNumber", "Kanaalweg 99999", "kanaalweg 99999", addr},
		{"StrayHyphen", "Kanaalweg 82 -Utrecht", "kanaalweg 82 utrecht", addr},
		{"SolrWordsAreWords", "Kanaalweg 82 OR Utrecht", "kanaalweg 82 or utrecht", addr},
		{"Longest", strings.Repeat("a", 147) + " 82", strings.Repeat("a", 147) + " 82", addr},

		// Unchanged by addresses.
		{"StillPostcode6", "3513 wm", "3513WM", pdok.KindPostcode6},
		{"StillPostcode4", "3513", "3513", pdok.KindPostcode4},
		{"StillPlace", "Utrecht", "utrecht", pdok.KindPlace},
		{"StillPlaceTwoWords", "Den Haag", "den haag", pdok.KindPlace},
		{"StillPlaceHello", "hello", "hello", pdok.KindPlace},
		{"StillPlaceStreetNoNumber", "Kanaalweg, Utrecht", "kanaalweg utrecht", pdok.KindPlace},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, kind, err := pdok.Normalize(tc.in)
			if err != nil {
				t.Fatalf("Normalize(%q): %v", tc.in, err)
			}
			if got != tc.want || kind != tc.kind {
				t.Errorf("Normalize(%q): got=%q, %q, want %q, %q", tc.in, got, kind, tc.want, tc.kind)
			}
			again, kind2, err := pdok.Normalize(got)
			if err != nil || again != got || kind2 != kind {
				t.Errorf("Normalize(%q) again: got=%q, %q, %v, want %q, %q, nil", got, again, kind2, err, got, kind)
			}
		})
	}
}

func TestNormalize_AddressErrInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in string }{
		{"StillFiveDigits", "12345"},
		{"StillPostcodeAndTown", "3512JE Utrecht"},
		{"NoSpace", "Kanaalweg82"},
		{"NumberLeadingZero", "Kanaalweg 082"},
		{"NumberZero", "Kanaalweg 0"},
		{"NumberTooBig", "Kanaalweg 100000"},
		{"NoStreet", "82 Utrecht"},
		{"OneLetterStreet", "A 82"},
		{"OnlyNumbers", "12 34"},
		{"DigitInTown", "Kanaalweg 82 Utrecht2"},
		{"TwoPostcodesApart", "Kanaalweg 82 3513WM Utrecht 3514AB"},
		{"PostcodeNeverIssued", "Kanaalweg 82 3512 SA Utrecht"},
		{"PostcodeNeverIssuedJoined", "Kanaalweg 82, 3512ss"},
		{"PostcodeNeverIssuedAfterTown", "Kanaalweg 82 Utrecht 3512 SD"},
		{"ArabicDigits", "Kanaalweg ٨٢"},
		{"Colon", "Kanaalweg 82:1"},
		{"SolrSyntax", "Kanaalweg 82 Utrecht OR *:*"},
		{"Parentheses", "Kanaalweg 82 (Utrecht)"},
		{"Quotes", `"Kanaalweg" 82`},
		{"Emoji", "Kanaalweg 82 🏠"},
		{"TooLong", strings.Repeat("a", 148) + " 82"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, kind, err := pdok.Normalize(tc.in)
			if code := meetups.ErrorCode(err); code != meetups.EINVALID {
				t.Fatalf("Normalize(%q): got=%q, %q, %v, want code %s", tc.in, got, kind, err, meetups.EINVALID)
			}
			if strings.Contains(strings.ToLower(err.Error()), "kanaalweg") {
				t.Errorf("error repeats the input: %v", err)
			}
		})
	}
}
