package poster_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"rsc.io/pdf"

	"github.com/ouderkring/ouderkring/poster"
)

func TestPDF(t *testing.T) {
	for name, p := range map[string]poster.Poster{
		"OK":      {Link: link64, Label: "CB Utrecht Overvecht"},
		"English": {Link: link64, Label: "JGZ Zuidoost", Lang: "en"},
		"NoLabel": {Link: link64},
		"Longest": {Link: longest, Label: strings.Repeat("Consultatiebureau ", 10)},
		"Short":   {Link: "https://t.me/a"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := poster.PDF(p)
			if err != nil {
				t.Fatal(err)
			}
			r := openPDF(t, b)
			text := pageText(t, r)
			if !strings.Contains(strings.ReplaceAll(text, "\n", ""), p.Link) {
				t.Errorf("the link is not written out; page text:\n%s", text)
			}
			for _, want := range []string{"Samen met andere ouders?\n", "Meet other parents nearby\n", "babycafé", "baby café"} {
				if !strings.Contains(text, want) {
					t.Errorf("page text misses %q:\n%s", want, text)
				}
			}
			img, side := qrFromPage(t, r.Page(1))
			if side < 90 {
				t.Errorf("QR code %.0f mm wide, want at least 90", side)
			}
			if got, level := decodeQR(t, img); got != p.Link || (level != "Q" && level != "H") {
				t.Errorf("the poster's QR code decodes to %q at level %q, want %q at Q or H", got, level, p.Link)
			}
		})
	}
}

// TestPDFFile checks the file itself: a PDF header and trailer, one page,
// A4 portrait.
func TestPDFFile(t *testing.T) {
	b, err := poster.PDF(poster.Poster{Link: link64, Label: "CB Utrecht Overvecht"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		t.Errorf("starts with %q, want %%PDF-1.", b[:min(len(b), 8)])
	}
	if !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
		t.Errorf("ends with %q, want %%%%EOF", b[max(0, len(b)-16):])
	}
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(b, -1)); n != 1 {
		t.Errorf("%d /Type /Page objects, want 1", n)
	}
	r := openPDF(t, b)
	if n := r.NumPage(); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	box := mediaBox(r.Page(1))
	if box.Len() != 4 {
		t.Fatalf("MediaBox %v", box)
	}
	for i, want := range []float64{0, 0, 595.28, 841.89} {
		if got := box.Index(i).Float64(); math.Abs(got-want) > 0.5 {
			t.Errorf("MediaBox %v, want [0 0 595.28 841.89] (A4 portrait)", box)
			break
		}
	}
	b2, err := poster.PDF(poster.Poster{Link: link64, Label: "CB Utrecht Overvecht"})
	if err != nil || !bytes.Equal(b, b2) {
		t.Errorf("the same poster twice gives different bytes (err %v)", err)
	}
}

func TestPDFLabel(t *testing.T) {
	t.Run("Accents", func(t *testing.T) {
		label := "Consultatiebureau Café Noël – Zuidoost"
		b, err := poster.PDF(poster.Poster{Link: link64, Label: label})
		if err != nil {
			t.Fatal(err)
		}
		r := openPDF(t, b)
		if got := r.Trailer().Key("Info").Key("Title").Text(); got != "Ouderkring – "+label {
			t.Errorf("title %q, want the label in it", got)
		}
		if text := pageText(t, r); !strings.Contains(text, "\n"+label+"\n") {
			t.Errorf("the label is not on the page with its accents:\n%s", text)
		}
	})
	t.Run("TooLong", func(t *testing.T) {
		label := strings.Repeat("Consultatiebureau Utrecht Overvecht ", 30)
		b, err := poster.PDF(poster.Poster{Link: link64, Label: label})
		if err != nil {
			t.Fatal(err)
		}
		got := strings.TrimPrefix(openPDF(t, b).Trailer().Key("Info").Key("Title").Text(), "Ouderkring – ")
		if !strings.HasSuffix(got, "…") || !strings.HasPrefix(label, strings.TrimSuffix(got, "…")) || utf8.RuneCountInString(got) > 120 {
			t.Errorf("label printed as %q, want the start of the label and …", got)
		}
	})
	t.Run("Spaces", func(t *testing.T) {
		b, err := poster.PDF(poster.Poster{Link: link64, Label: "  CB\nUtrecht \t Overvecht  "})
		if err != nil {
			t.Fatal(err)
		}
		if got := openPDF(t, b).Trailer().Key("Info").Key("Title").Text(); got != "Ouderkring – CB Utrecht Overvecht" {
			t.Errorf("title %q, want the label on one line", got)
		}
	})
	for name, label := range map[string]string{
		"ErrEmoji":   "CB Overvecht 🌷",
		"ErrChinese": "育儿中心",
		"ErrUTF8":    "CB \xff Overvecht",
	} {
		t.Run(name, func(t *testing.T) {
			if b, err := poster.PDF(poster.Poster{Link: link64, Label: label}); !errors.Is(err, poster.ErrLabel) || b != nil {
				t.Errorf("PDF(label %q) = %d bytes, %v; want ErrLabel", label, len(b), err)
			}
		})
	}
}

func TestPDFErrLang(t *testing.T) {
	if _, err := poster.PDF(poster.Poster{Link: link64, Lang: "de"}); !errors.Is(err, poster.ErrLang) {
		t.Errorf("Lang de: %v, want ErrLang", err)
	}
}

// mediaBox is the page's MediaBox, which a page may inherit from its
// parents.
func mediaBox(p pdf.Page) pdf.Value {
	for v := p.V; !v.IsNull(); v = v.Key("Parent") {
		if b := v.Key("MediaBox"); !b.IsNull() {
			return b
		}
	}
	return pdf.Value{}
}

func openPDF(t testing.TB, b []byte) *pdf.Reader {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a PDF a reader opens: %v", err)
	}
	return r
}

// pageText is the text on page 1 as a viewer copies it, each text object
// on a line of its own. rsc.io/pdf cannot decode Identity-H fonts itself, so
// this reads the fonts' ToUnicode maps (as gopdf writes them: one
// <glyph><glyph><unicode> range a glyph) and walks the content stream.
func pageText(t testing.TB, r *pdf.Reader) string {
	t.Helper()
	p := r.Page(1)
	fonts := map[string]map[string]rune{}
	fontRes := p.Resources().Key("Font")
	ranges := regexp.MustCompile(`<([0-9A-F]{4})><([0-9A-F]{4})><([0-9A-F]{4})>`)
	for _, name := range fontRes.Keys() {
		rd := fontRes.Key(name).Key("ToUnicode").Reader()
		b, err := io.ReadAll(rd)
		rd.Close()
		if err != nil {
			t.Fatalf("font %s: ToUnicode: %v", name, err)
		}
		m := map[string]rune{}
		for _, g := range ranges.FindAllSubmatch(b, -1) {
			lo, _ := strconv.ParseUint(string(g[1]), 16, 16)
			hi, _ := strconv.ParseUint(string(g[2]), 16, 16)
			u, _ := strconv.ParseUint(string(g[3]), 16, 16)
			for c := lo; c <= hi; c++ {
				m[string([]byte{byte(c >> 8), byte(c)})] = rune(u + c - lo)
			}
		}
		fonts[name] = m
	}
	var sb strings.Builder
	var font map[string]rune
	show := func(s string) {
		for i := 0; i+1 < len(s); i += 2 {
			r, ok := font[s[i:i+2]]
			if !ok {
				t.Errorf("glyph %x has no Unicode", s[i:i+2])
			}
			sb.WriteRune(r)
		}
	}
	pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch {
		case op == "Tf" && len(args) == 2:
			font = fonts[args[0].Name()]
		case op == "Tj" && len(args) == 1:
			show(args[0].RawString())
		case op == "TJ" && len(args) == 1:
			for i := range args[0].Len() {
				if v := args[0].Index(i); v.Kind() == pdf.String {
					show(v.RawString())
				}
			}
		case op == "ET":
			sb.WriteByte('\n')
		}
	})
	return sb.String()
}

// qrFromPage paints the page's filled rectangles (the QR code's modules are
// the only ones) on a white image at 4 pixels a point, with a white margin,
// and returns it with the symbol's width in millimetres.
func qrFromPage(t testing.TB, p pdf.Page) (image.Image, float64) {
	t.Helper()
	rects := p.Content().Rect
	if len(rects) == 0 {
		t.Fatal("no rectangles on the page")
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, r := range rects {
		minX, maxX = min(minX, r.Min.X, r.Max.X), max(maxX, r.Min.X, r.Max.X)
		minY, maxY = min(minY, r.Min.Y, r.Max.Y), max(maxY, r.Min.Y, r.Max.Y)
	}
	const scale, pad = 4.0, 40
	w, h := int((maxX-minX)*scale)+2*pad, int((maxY-minY)*scale)+2*pad
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, r := range rects {
		x0 := int(math.Round((min(r.Min.X, r.Max.X)-minX)*scale)) + pad
		x1 := int(math.Round((max(r.Min.X, r.Max.X)-minX)*scale)) + pad
		y0 := int(math.Round((min(r.Min.Y, r.Max.Y)-minY)*scale)) + pad
		y1 := int(math.Round((max(r.Min.Y, r.Max.Y)-minY)*scale)) + pad
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.SetGray(x, h-1-y, color.Gray{}) // PDF's y grows upwards
			}
		}
	}
	return img, (maxX - minX) / 72 * 25.4
}

// TestPDFSecondLanguage: under Dutch, any of the poster's other languages
// prints — headline, the lines, how to scan — and the QR code still reads;
// Arabic copies out as joined forms in visual order, which read back as its
// headline; the same language twice and an unknown one are refused with
// ErrLang.
func TestPDFSecondLanguage(t *testing.T) {
	t.Parallel()
	heads := map[string]string{"en": "Meet other parents nearby", "tr": "Başka ebeveynlerle tanışın",
		"pl": "Poznaj innych rodziców w okolicy", "uk": "Знайомтеся з іншими батьками поруч",
		"ar": "لقاء آباء وأمهات آخرين قريبين منك"}
	for second, head := range heads {
		t.Run(second, func(t *testing.T) {
			t.Parallel()
			b, err := poster.PDF(poster.Poster{Link: link64, Label: "CB Utrecht Overvecht", Second: second})
			if err != nil {
				t.Fatal(err)
			}
			r := openPDF(t, b)
			text := pageText(t, r)
			if second == "ar" {
				text = logicalLines(text)
			}
			for _, want := range []string{"Samen met andere ouders?\n", head + "\n"} {
				if !strings.Contains(text, want) {
					t.Errorf("page text misses %q:\n%s", want, text)
				}
			}
			img, _ := qrFromPage(t, r.Page(1))
			if got, _ := decodeQR(t, img); got != link64 {
				t.Errorf("the QR code decodes to %q", got)
			}
		})
	}
	for _, p := range []poster.Poster{{Second: "nl"}, {Lang: "en", Second: "en"}, {Second: "xx"}, {Lang: "tr"}} {
		p.Link = link64
		if _, err := poster.PDF(p); !errors.Is(err, poster.ErrLang) {
			t.Errorf("%+v: %v, want ErrLang", p, err)
		}
	}
}

// logicalLines turns each line of text that holds Arabic back into logical
// order: reversed (right to left), each joined form its letters again
// (NFKC). For a line of Arabic words only, this is the line as written.
func logicalLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !strings.ContainsFunc(l, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
			continue
		}
		r := []rune(l)
		slices.Reverse(r)
		lines[i] = norm.NFKC.String(string(r))
	}
	return strings.Join(lines, "\n")
}
