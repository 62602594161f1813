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
