package calendar

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/ouderkring/ouderkring/meetups"
)

// text makes s safe to write as an RFC 5545 TEXT value: valid UTF-8
// (golang-ical folds by characters and would cut a broken one anywhere),
// every line break one "\n" (the library escapes "\n" but would write a
// carriage return raw, ending the line early), no other control
// characters but tab, and no blank space around it. Escaping of "\", ";",
// "," and line breaks is the library's.
func text(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r' || r == '\u2028' || r == '\u2029':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// line is text on one line, for SUMMARY and LOCATION: calendars show
// those in one line anyway.
func line(s string) string {
	return strings.Join(strings.Fields(text(s)), " ")
}

// link is u when it is an http(s) address that can stand as a URI value
// (URL has no escaping, so a space or a line break would break the file),
// else "".
func link(u string) string {
	u = strings.TrimSpace(u)
	if u == "" || strings.ContainsFunc(u, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

// location is where the meetup is, as calendars show it and map apps look
// it up: "Venue, Address, Postcode City", or for an online meetup its link
// (clickable in every calendar), else its venue, else Words.Online.
func location(m meetups.Meetup, w Words) string {
	if m.Online {
		for _, s := range []string{link(m.OnlineURL), line(m.Venue), line(w.Online)} {
			if s != "" {
				return s
			}
		}
		return ""
	}
	var parts []string
	for _, p := range []string{m.Venue, m.Address, m.Postcode + " " + m.City} {
		if p = line(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// description is the meetup's own description, then how to join, each
// on a line of its own so phones make the link and the number tappable:
// the sentence for walking in or for signing up first, the signup link,
// the phone number, and the link of an online meetup.
func description(m meetups.Meetup, w Words) string {
	var how []string
	add := func(s string) {
		if s != "" {
			how = append(how, s)
		}
	}
	switch m.Join {
	case meetups.JoinWalkIn:
		add(line(w.WalkIn))
	case meetups.JoinSignUp:
		add(line(w.SignUp))
	}
	add(line(m.SignupURL))
	if phone := line(m.SignupPhone); phone != "" {
		add(strings.TrimSpace(line(w.Phone) + " " + phone))
	}
	if m.Online {
		add(line(m.OnlineURL))
	}
	var paras []string
	if d := text(m.Description); d != "" {
		paras = append(paras, d)
	}
	if len(how) > 0 {
		paras = append(paras, strings.Join(how, "\n"))
	}
	return strings.Join(paras, "\n\n")
}
