package poster

// CheckLabel reports whether label can go on a poster: nil, or an error
// wrapping ErrLabel that names the character the poster font cannot print
// (an emoji, a script the Go fonts lack) or says the text is not UTF-8.
// Callers that let someone type a label check it before making the link,
// so PDF never fails on it later. A label too long for one line is not an
// error: PDF cuts it with "…".
func CheckLabel(label string) error {
	d, err := newDoc(false)
	if err != nil {
		return err
	}
	_, err = d.fitLabel(label)
	return err
}
