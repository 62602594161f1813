package poster

import (
	"fmt"
	"slices"

	// github.com/signintech/gopdf rather than go-pdf/fpdf: fpdf (the
	// maintained fork of jung-kurt/gofpdf) was archived in March 2025, while
	// gopdf still gets releases (v0.33.0, July 2025). It embeds TrueType
	// fonts as subsets with a ToUnicode map, so é and ë print and can be
	// copied, and it needs one small module (gofpdi) besides.
	"github.com/signintech/gopdf"
)

// Poster is what goes on one printable A4 poster.
type Poster struct {
	// Link is the referral link the QR code holds and the poster spells out:
	// https only, at most MaxLinkBytes.
	Link string
	// Label says who hands the poster out ("CB Utrecht Overvecht"), printed
	// small at the bottom. Optional; a label too long for one line is cut
	// with "…", and line breaks and runs of spaces become one space.
	Label string
	// Lang is the language printed first and larger, "nl" (also when empty)
	// or "en". Second is the one printed below it, smaller: any of Langs but
	// Lang (empty: English under Dutch, Dutch under English). So a clinic
	// can hang a Dutch–Turkish poster beside a Dutch–Polish one.
	Lang, Second string
}

// Langs are the languages a poster can carry. Arabic is printed right to
// left with its letters joined (arabic.go).
var Langs = []string{"nl", "en", "tr", "pl", "uk", "ar"}

// The page, in PDF points (1/72 inch).
const (
	mm      = 72 / 25.4
	pageW   = 210 * mm // A4 portrait: 595.28 × 841.89 pt
	pageH   = 297 * mm
	margin  = 20 * mm
	columnW = pageW - 2*margin
	// The printed symbol, without its quiet zone, is as large as the page
	// leaves room for, between these: at least 9 cm, so a phone reads it at
	// arm's length and further (a QR code scans from up to about ten times
	// its width), at most 12 cm, so the words keep their place.
	minQRSide = 90 * mm
	maxQRSide = 120 * mm
	// labelY is where the label sits: 14 mm above the bottom edge, inside
	// what any office printer prints.
	labelY = pageH - 14*mm
)

// The colours: a warm terracotta for the headline and frame, near-black for
// reading, a soft grey for the second language and the label. The QR code
// itself is pure black on white, which scans best.
var (
	accent = [3]uint8{166, 74, 46}
	ink    = [3]uint8{33, 33, 33}
	soft   = [3]uint8{96, 96, 96}
)

// Font families as registered with gopdf.
const (
	regular = "regular"
	bold    = "bold"
	italic  = "italic"
	mono    = "mono"
)

// maxLabelRunes bounds the label before it is measured; it is then cut
// further until it fits one line.
const maxLabelRunes = 120

// PDF is the poster as a one-page A4 portrait PDF to send as a document:
// a headline and three short lines in both languages, the QR code 9 to 12 cm
// wide, the link written out (and clickable when the PDF is opened on a
// phone) and the label at the bottom. The Go fonts are embedded, so it
// prints the same everywhere, and the same poster gives the same bytes. It
// refuses a bad link (ErrLink), a label with a character the font lacks
// (ErrLabel) and an unknown Lang (ErrLang).
func PDF(p Poster) ([]byte, error) {
	if textsErr != nil {
		return nil, textsErr
	}
	lead, follow, err := order(p.Lang, p.Second)
	if err != nil {
		return nil, err
	}
	q, err := symbol(p.Link)
	if err != nil {
		return nil, err
	}
	d, err := newDoc(lead.rtl || follow.rtl)
	if err != nil {
		return nil, err
	}
	label, err := d.fitLabel(p.Label)
	if err != nil {
		return nil, err
	}
	d.pdf.SetInfo(gopdf.PdfInfo{Title: title(lead, label), Creator: "Ouderkring"})

	// Headline, both languages.
	d.y = 16 * mm
	d.centred(bold, 30, accent, lead.Headline)
	d.y += 4
	d.centred(follow.family(regular), 20, ink, follow.Headline)
	d.y += 20

	// What the bot does: the leading language larger, the other below it,
	// both left-aligned on one column.
	width := max(d.blockWidth(lead, bold, regular, 13), d.blockWidth(follow, follow.family(bold), follow.family(italic), 11))
	x := (pageW - width) / 2
	d.block(x, width, lead, bold, regular, 13, ink, 19)
	d.y += 10
	d.block(x, width, follow, follow.family(bold), follow.family(italic), 11, soft, 16)
	d.y += 12

	// Below the code: how to use it, in both languages, and the link.
	linkSize, linkLines := d.linkLines(p.Link)
	below := 10 + 12*1.25 + 11*1.25 + 6 + 10*1.25 + 2 + float64(len(linkLines))*linkSize*1.25

	// The QR code as large as the rest leaves room for, with its quiet zone
	// (which grows with the modules) and a frame around that.
	n := float64(q.Size())
	side := min(maxQRSide, (labelY-16-below-d.y)/(1+2*quietZone/n))
	if d.err == nil && side < minQRSide {
		return nil, fmt.Errorf("poster: no room for a %.0f mm QR code, only %.0f mm", minQRSide/mm, side/mm)
	}
	module := side / n
	quiet := quietZone * module
	d.y += quiet
	qx, qy := (pageW-side)/2, d.y
	d.frame(qx-quiet, qy-quiet, qx+side+quiet, qy+side+quiet)
	d.modules(q, qx, qy, module)
	d.pdf.AddExternalLink(p.Link, qx, qy, side, side)
	d.y += side + quiet + 10

	d.centred(regular, 12, ink, lead.Scan)
	d.centred(follow.family(italic), 11, soft, follow.Scan)
	d.y += 6
	// One line in the second language's font, which has the first's
	// letters too; a right-to-left second half is set right to left
	// within it.
	d.centred(follow.family(regular), 10, soft, lead.Link+" · "+follow.Link)
	d.y += 2
	d.link(p.Link, linkSize, linkLines)

	if d.err == nil && d.y > labelY {
		return nil, fmt.Errorf("poster: the text runs into the label (%.0f pt, label at %.0f)", d.y, labelY)
	}
	if label != "" {
		d.y = labelY
		d.centred(regular, 10, soft, label)
	}

	if d.err != nil {
		return nil, d.err
	}
	if len(d.missing) > 0 {
		return nil, fmt.Errorf("poster: the font has no glyph for %q", string(d.missing))
	}
	b, err := d.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("poster: write pdf: %w", err)
	}
	return b, nil
}

// order is the poster's languages, the leading one first.
func order(lang, second string) (lead, follow words, err error) {
	if lang == "" {
		lang = "nl"
	}
	if lang != "nl" && lang != "en" {
		return words{}, words{}, fmt.Errorf("%w: %q leads, want nl or en", ErrLang, lang)
	}
	if second == "" {
		second = map[string]string{"nl": "en", "en": "nl"}[lang]
	}
	if second == lang || !slices.Contains(Langs, second) {
		return words{}, words{}, fmt.Errorf("%w: %q below %q, want another of %v", ErrLang, second, lang, Langs)
	}
	return texts[lang], texts[second], nil
}

// title is the PDF's document title, shown by viewers and in the print queue.
func title(lead words, label string) string {
	if label == "" {
		return "Ouderkring – " + lead.Headline
	}
	return "Ouderkring – " + label
}
