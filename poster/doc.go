// Package poster makes what clinic staff (consultation bureau, JGZ nurses)
// hand to parents: the bot's referral link as a QR code image (PNG, sent as a
// photo) and as a printable A4 poster (PDF, sent as a document) that says in
// Dutch and a second language (English, Turkish, Polish, Ukrainian or
// Arabic) what the bot is for.
//
// It is a leaf: standard library plus a QR encoder (github.com/piglig/go-qr),
// a PDF writer (github.com/signintech/gopdf), the Go fonts
// (golang.org/x/image/font/gofont), and for Arabic a text shaper
// (github.com/go-text/typesetting) with a DejaVu Sans subset (fonts/). It
// does no I/O; callers send the bytes.
// The printed words live in texts.yaml, not in Go literals.
package poster
