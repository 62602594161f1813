package poster

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	goqr "github.com/piglig/go-qr"
	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// doc is a page being laid out top to bottom: y is the top of the next
// line. The first error sticks in err and later calls do nothing, so the
// layout reads as a list of steps.
type doc struct {
	pdf     *gopdf.GoPdf
	y       float64
	err     error
	missing []rune
	// shapers lay out the Arabic families (arabic.go); shaper is the
	// current family's, nil for the others.
	shapers map[string]*shaper
	shaper  *shaper
}

// newDoc starts a page with the Go fonts, and the Arabic ones when
// withArabic (parsing them costs time a poster without Arabic need not
// spend).
func newDoc(withArabic bool) (*doc, error) {
	d := &doc{pdf: &gopdf.GoPdf{}, shapers: map[string]*shaper{}}
	d.pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: pageW, H: pageH}})
	d.pdf.AddPage()
	opt := gopdf.TtfOption{
		UseKerning: true,
		OnGlyphNotFound: func(r rune) {
			d.missing = append(d.missing, r)
		},
	}
	// A slice, not a map: the same poster makes the same bytes.
	type ttf struct {
		family string
		ttf    []byte
	}
	fonts := []ttf{{regular, goregular.TTF}, {bold, gobold.TTF}, {italic, goitalic.TTF}, {mono, gomono.TTF}}
	if withArabic {
		fonts = append(fonts, ttf{arabic, arabicTTF}, ttf{arabicBold, arabicBoldTTF})
	}
	for _, f := range fonts {
		if err := d.pdf.AddTTFFontDataWithOption(f.family, f.ttf, opt); err != nil {
			return nil, fmt.Errorf("poster: font %s: %w", f.family, err)
		}
		if f.family == arabic || f.family == arabicBold {
			s, err := newShaper(f.family)
			if err != nil {
				return nil, err
			}
			d.shapers[f.family] = s
		}
	}
	return d, nil
}

func (d *doc) font(family string, size float64, c [3]uint8) {
	if d.err != nil {
		return
	}
	if err := d.pdf.SetFont(family, "", size); err != nil {
		d.err = fmt.Errorf("poster: font %s: %w", family, err)
		return
	}
	d.shaper = d.shapers[family]
	d.pdf.SetTextColor(c[0], c[1], c[2])
}

// glyphs is text as gopdf draws it in the current font: as it is, or laid
// out by the Arabic shaper.
func (d *doc) glyphs(text string) string {
	if d.err != nil || d.shaper == nil {
		return text
	}
	v, err := d.shaper.visual(text)
	if err != nil {
		d.err = err
	}
	return v
}

// width is how wide text is in the current font.
func (d *doc) width(text string) float64 {
	text = d.glyphs(text)
	if d.err != nil {
		return 0
	}
	w, err := d.pdf.MeasureTextWidth(text)
	if err != nil {
		d.err = fmt.Errorf("poster: measure %q: %w", text, err)
	}
	return w
}

// at writes one line of text with its top-left corner at (x, d.y), and
// moves d.y down by advance.
func (d *doc) at(x, advance float64, text string) {
	text = d.glyphs(text)
	if d.err != nil {
		return
	}
	d.pdf.SetXY(x, d.y)
	if err := d.pdf.Cell(nil, text); err != nil {
		d.err = fmt.Errorf("poster: write %q: %w", text, err)
		return
	}
	d.y += advance
}

// centred writes text centred on the page, wrapped at word boundaries when
// it is wider than the column.
func (d *doc) centred(family string, size float64, c [3]uint8, text string) {
	d.font(family, size, c)
	for _, line := range d.wrap(text, columnW) {
		d.at((pageW-d.width(line))/2, size*1.25, line)
	}
}

// blockWidth is how wide block draws w: the widest of its lines.
func (d *doc) blockWidth(w words, headFamily, family string, size float64) float64 {
	d.font(headFamily, size, ink)
	widest := d.width(w.About)
	d.font(family, size, ink)
	indent := d.width(bullet)
	for _, l := range w.Lines {
		for _, s := range d.wrap(l, columnW-indent) {
			widest = max(widest, indent+d.width(s))
		}
	}
	return min(widest, columnW)
}

// bullet starts each of a block's short lines.
const bullet = "•  "

// block is one language's "about" line and its short lines, each after a
// bullet, in a column from x, width wide: left-aligned, or right-aligned
// with the bullet on the right for a right-to-left language.
func (d *doc) block(x, width float64, w words, headFamily, family string, size float64, c [3]uint8, leading float64) {
	d.font(headFamily, size, c)
	if w.rtl {
		d.at(x+width-d.width(w.About), leading, w.About)
	} else {
		d.at(x, leading, w.About)
	}
	d.font(family, size, c)
	indent := d.width(bullet)
	for _, l := range w.Lines {
		for i, s := range d.wrap(l, columnW-indent) {
			switch {
			case !w.rtl:
				if i == 0 {
					d.at(x, 0, bullet)
				}
				d.at(x+indent, leading, s)
			default:
				if i == 0 {
					d.at(x+width-d.width("•"), 0, "•")
				}
				d.at(x+width-indent-d.width(s), leading, s)
			}
		}
	}
}

// wrap breaks text into lines no wider than width in the current font,
// between words; a single word wider than width gets a line of its own.
func (d *doc) wrap(text string, width float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && d.width(try) > width {
			lines = append(lines, line)
			try = word
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// frame draws a rounded rectangle in the accent colour around the QR code's
// quiet zone, so the eye finds the code and nothing is printed inside it.
func (d *doc) frame(x0, y0, x1, y1 float64) {
	if d.err != nil {
		return
	}
	d.pdf.SetStrokeColor(accent[0], accent[1], accent[2])
	d.pdf.SetLineWidth(1.5)
	if err := d.pdf.Rectangle(x0, y0, x1, y1, "D", 10, 8); err != nil {
		d.err = fmt.Errorf("poster: frame: %w", err)
	}
}

// modules draws the QR code as vector rectangles, one for each horizontal
// run of dark modules, so it is sharp at any print resolution. Each run is
// drawn a hair taller than a module (overlap) so that viewers which
// anti-alias every rectangle on its own show no white seams between rows.
func (d *doc) modules(q *goqr.QrCode, x0, y0, module float64) {
	const overlap = 0.05 // pt, 0.02 mm: invisible, and no help to a scanner
	d.pdf.SetFillColor(0, 0, 0)
	n := q.Size()
	for y := range n {
		for x := 0; x < n; {
			if !q.Module(x, y) {
				x++
				continue
			}
			run := x
			for run < n && q.Module(run, y) {
				run++
			}
			h := module
			if y < n-1 {
				h += overlap
			}
			d.pdf.RectFromUpperLeftWithStyle(x0+float64(x)*module, y0+float64(y)*module, float64(run-x)*module, h, "F")
			x = run
		}
	}
}

// linkLines lays the link out in Go Mono (which tells l, 1 and I apart):
// one line, as large as fits up to 14 pt, in steps of half a point; below
// 10 pt it breaks the link over lines of 10 pt instead.
func (d *doc) linkLines(link string) (size float64, lines []string) {
	const largest, smallest = 14.0, 10.0
	d.font(mono, largest, ink)
	size = max(smallest, min(largest, math.Floor(2*largest*columnW/d.width(link))/2))
	d.font(mono, size, ink)
	runes := []rune(link)
	for len(runes) > 0 {
		n := len(runes)
		for n > 1 && d.width(string(runes[:n])) > columnW {
			n--
		}
		lines = append(lines, string(runes[:n]))
		runes = runes[n:]
	}
	return size, lines
}

// link writes the lines of linkLines centred, and makes them clickable for
// whoever opens the PDF on a phone.
func (d *doc) link(link string, size float64, lines []string) {
	d.font(mono, size, ink)
	top, widest := d.y, 0.0
	for _, l := range lines {
		w := d.width(l)
		widest = max(widest, w)
		d.at((pageW-w)/2, size*1.25, l)
	}
	if d.err == nil {
		d.pdf.AddExternalLink(link, (pageW-widest)/2, top, widest, d.y-top)
	}
}

// fitLabel makes the label one clean line: spaces collapsed, every
// character printable in the label's font, cut with "…" until it fits the
// column at the label's size.
func (d *doc) fitLabel(label string) (string, error) {
	if !utf8.ValidString(label) {
		return "", fmt.Errorf("%w: not valid UTF-8", ErrLabel)
	}
	label = strings.Join(strings.Fields(label), " ")
	if label == "" {
		return "", nil
	}
	d.font(regular, 10, soft)
	if d.err != nil {
		return "", d.err
	}
	for _, r := range label {
		ok, err := d.pdf.IsCurrFontContainGlyph(r)
		if err != nil {
			return "", fmt.Errorf("poster: label glyph: %w", err)
		}
		if !ok || unicode.IsControl(r) {
			return "", fmt.Errorf("%w: the poster cannot print %q (%U)", ErrLabel, r, r)
		}
	}
	runes := []rune(label)
	if len(runes) > maxLabelRunes {
		runes = runes[:maxLabelRunes]
	}
	cut := len(runes) < len([]rune(label))
	for {
		s := strings.TrimSpace(string(runes))
		if cut {
			s += "…"
		}
		if d.width(s) <= columnW || len(runes) == 0 {
			return s, d.err
		}
		runes = runes[:len(runes)-1]
		cut = true
	}
}
