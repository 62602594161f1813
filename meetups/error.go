package meetups

import (
	"errors"
	"fmt"
)

// Error codes: what went wrong, in terms the dialog can explain to a
// person. Adapters translate their own errors into these at the boundary.
const (
	ENOTFOUND    = "not_found"   // no such meetup, no such place
	EINVALID     = "invalid"     // input that cannot be right (a postcode 99999)
	EUNAVAILABLE = "unavailable" // an outside service (the geocoder) is down or slow
	EEXPIRED     = "expired"     // an invite past its date
	EUSED        = "used"        // a single-use invite that was used
	EFORBIDDEN   = "forbidden"   // a role the chat does not have
	ELIMIT       = "limit"       // over a limit (the meetups an organisation may add in a day)
	EAMBIGUOUS   = "ambiguous"   // a place name several places have: Error.Places are the choices
)

// Error is the catalogue's one error type. Code is for programs, Message is
// for logs (never parent-facing text: the dialog picks that from locale
// files by Code).
type Error struct {
	Code    string
	Message string
	Err     error
	// Places are the choices of an EAMBIGUOUS place name.
	Places []Place
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an Error with a code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode is the code of err, "" when it has none.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
