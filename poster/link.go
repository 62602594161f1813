package poster

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// Errors a caller can tell apart with errors.Is; each returned error wraps
// one of them and says what exactly was wrong.
var (
	// ErrLink: the link is empty, too long, or not a full https:// address.
	ErrLink = errors.New("poster: link")
	// ErrLabel: the label is not valid UTF-8 or has a character the poster
	// font cannot print.
	ErrLabel = errors.New("poster: label")
	// ErrLang: a poster language other than "nl" or "en".
	ErrLang = errors.New("poster: language")
)

// MaxLinkBytes bounds the link. A bot deep link is at most ~120 bytes
// (https://t.me/ + a 32-character username + ?start= + a 64-character
// parameter); 150 bytes is the most that fits version 10 at level Q (57
// modules), whose modules are still at least 1.6 mm on the poster: easy to
// scan at arm's length.
const MaxLinkBytes = 150

// checkLink refuses what should never reach a printer: an empty link, one a
// phone would not open as a web address, or one too long to scan well.
func checkLink(link string) error {
	if link == "" {
		return fmt.Errorf("%w: empty", ErrLink)
	}
	if len(link) > MaxLinkBytes {
		return fmt.Errorf("%w: %d bytes, at most %d", ErrLink, len(link), MaxLinkBytes)
	}
	if i := strings.IndexFunc(link, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }); i >= 0 {
		return fmt.Errorf("%w: space or control character at byte %d", ErrLink, i)
	}
	u, err := url.Parse(link)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrLink, err)
	}
	if u.Scheme != "https" {
		return fmt.Errorf("%w: %q is not an https:// address", ErrLink, link)
	}
	if u.Host == "" || u.User != nil {
		return fmt.Errorf("%w: %q has no plain host", ErrLink, link)
	}
	return nil
}
