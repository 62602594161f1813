package dialog

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// crisisMatcher finds words that signal danger (violence at home, a child in
// danger, suicide) anywhere in a message. The word lists live in the locale
// files; phrases of every language are checked for every message, because a
// parent may write in another language than the bot's.
//
// Matching is on whole words after folding case and accents, so "doodmoe"
// (dead tired, said by every parent) never matches "dood", and a phrase
// ending in * matches any word that starts like it ("mishandel*").
// Hand-written because it is a few lines over a token slice; a regexp per
// phrase would be slower and harder to read.
type crisisMatcher struct {
	phrases [][]string
}

func newCrisisMatcher(lists ...string) *crisisMatcher {
	m := &crisisMatcher{}
	seen := map[string]bool{}
	for _, list := range lists {
		for _, line := range strings.Split(list, "\n") {
			words := crisisTokens(line)
			key := strings.Join(words, " ")
			if len(words) == 0 || seen[key] {
				continue
			}
			seen[key] = true
			m.phrases = append(m.phrases, words)
		}
	}
	return m
}

// Match reports whether text contains one of the phrases.
func (m *crisisMatcher) Match(text string) bool {
	words := crisisTokens(text)
	for i := range words {
		for _, p := range m.phrases {
			if matchAt(words[i:], p) {
				return true
			}
		}
	}
	return false
}

func matchAt(words, phrase []string) bool {
	if len(words) < len(phrase) {
		return false
	}
	for j, w := range phrase {
		if prefix, ok := strings.CutSuffix(w, "*"); ok {
			if !strings.HasPrefix(words[j], prefix) {
				return false
			}
		} else if words[j] != w {
			return false
		}
	}
	return true
}

// crisisTokens lower-cases text, strips accents and splits it into words of
// letters and digits. A trailing * on a word is kept (for phrase lists).
func crisisTokens(text string) []string {
	// A transform.Chain keeps state, so each call makes its own.
	fold := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(fold, strings.ToLower(text))
	if err != nil {
		folded = strings.ToLower(text)
	}
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*'
	})
}
