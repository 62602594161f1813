package poster

import (
	"strings"
	"sync"
	"testing"
)

// TestArabicVisual checks lines against their forms worked out by hand from
// Unicode's joining rules and presentation-form charts: each letter in the
// form it takes where it stands, the whole in the order it is seen from
// left to right. (Where a letter stands alone, the font draws its isolated
// form with the letter's own glyph, so the letter itself comes back.)
func TestArabicVisual(t *testing.T) {
	s, err := newShaper(arabic)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, line, want string }{
		// meem initial, noon medial, kaf final.
		{"joins", "منك", "\uFEDA\uFEE8\uFEE3"},
		// lam and alef become one ligature.
		{"lam-alef", "لا", "\uFEFB"},
		// alef and dal do not join to the left: what follows them starts
		// afresh.
		{"non-joining", "دردشة", "\uFE94\uFEB7\u062F\u0631\u062F"},
		// A right-to-left paragraph although its first word is Latin: the
		// Latin word stays readable, at the right, where the line starts.
		{"latin-first", rlm + "Ouderkring، دردشة", "\uFE94\uFEB7\u062F\u0631\u062F \u060COuderkring"},
		// A time inside Arabic keeps its digits in order, at the left, where
		// the line ends.
		{"time", rlm + "الساعة 10:30", "10:30 \uFE94\uFECB\uFE8E\uFEB4\uFEDF\u0627"},
		// A left-to-right paragraph with an Arabic end (the poster's "or open
		// this link" line).
		{"ltr-paragraph", "link · " + rlm + "أو فتح", "link · \uFEA2\uFE98\uFED3 \u0648\u0623"},
		{"empty", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.visual(c.line)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("visual(%q) = %q %U, want %q %U", c.line, got, []rune(got), c.want, []rune(c.want))
			}
		})
	}
}

// TestArabicTextsShape: every Arabic text the poster prints shapes in both
// Arabic fonts, every glyph with a character to draw it by, and no letter
// is left in its base form where it joins a neighbour.
func TestArabicTextsShape(t *testing.T) {
	w := texts["ar"]
	all := append([]string{w.Headline, w.About, w.Scan, w.Link}, w.Lines...)
	for _, family := range []string{arabic, arabicBold} {
		s, err := newShaper(family)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range all {
			got, err := s.visual(text)
			if err != nil {
				t.Errorf("%s: %v", family, err)
				continue
			}
			if !strings.ContainsFunc(got, func(r rune) bool { return r >= 0xFB50 && r <= 0xFEFC }) {
				t.Errorf("%s: %q has no joined form: %q", family, text, got)
			}
			if strings.ContainsRune(got, []rune(rlm)[0]) {
				t.Errorf("%s: %q keeps its right-to-left mark", family, text)
			}
		}
	}
}

// TestArabicShapersConcurrently: posters are made at the same time for
// several chats; each has its own shaper over the shared fonts (run with
// -race).
func TestArabicShapersConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	results := make([]string, 8)
	for i := range results {
		wg.Go(func() {
			s, err := newShaper(arabic)
			if err != nil {
				t.Error(err)
				return
			}
			for range 20 {
				v, err := s.visual(texts["ar"].Headline)
				if err != nil {
					t.Error(err)
					return
				}
				results[i] = v
			}
		})
	}
	wg.Wait()
	for i, r := range results {
		if r != results[0] {
			t.Errorf("shaper %d: %q, shaper 0: %q", i, r, results[0])
		}
	}
	if results[0] == "" {
		t.Error("no result")
	}
}
