package poster_test

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/ouderkring/ouderkring/poster"
)

// link64 is a realistic referral link: the bot's username and a referral
// code, 64 characters in all.
const link64 = "https://t.me/OuderkringBot?start=r_k3Jx9QpLmN2vR7tYwZ4aB8cD1eF5g"

// longest is the longest link QR and PDF accept.
var longest = "https://t.me/" + strings.Repeat("b", 32) + "?start=r_" + strings.Repeat("Z", poster.MaxLinkBytes-13-32-9)

func TestQR(t *testing.T) {
	if len(link64) != 64 || len(longest) != poster.MaxLinkBytes {
		t.Fatalf("test links: %d and %d bytes", len(link64), len(longest))
	}
	for name, link := range map[string]string{"OK": link64, "Longest": longest, "Shortest": "https://t.me/a"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := poster.QR(link)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if r := img.Bounds(); r.Dx() != r.Dy() || r.Dx() < 1000 {
				t.Errorf("size %dx%d, want square and at least 1000 px", r.Dx(), r.Dy())
			}
			text, level := decodeQR(t, img)
			if text != link {
				t.Errorf("decodes to %q, want %q", text, link)
			}
			if level != "Q" && level != "H" {
				t.Errorf("error correction %q, want Q or H", level)
			}
			modules, quiet := measureQR(t, img)
			if quiet != 4 {
				t.Errorf("quiet zone %d modules, want 4", quiet)
			}
			if modules > 57 {
				t.Errorf("%d modules across, want at most 57 (version 10)", modules)
			}
		})
	}
}

func TestQRErrLink(t *testing.T) {
	for name, link := range map[string]string{
		"Empty":      "",
		"HTTP":       "http://t.me/OuderkringBot?start=r_abc",
		"NoScheme":   "t.me/OuderkringBot?start=r_abc",
		"NoHost":     "https:///start",
		"JavaScript": "javascript:alert(1)",
		"Space":      "https://t.me/Ouderkring Bot",
		"Newline":    "https://t.me/OuderkringBot\n",
		"UserInfo":   "https://user:pw@t.me/OuderkringBot",
		"TooLong":    longest + "Z",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if b, err := poster.QR(link); !errors.Is(err, poster.ErrLink) || b != nil {
				t.Errorf("QR(%q) = %d bytes, %v; want ErrLink", link, len(b), err)
			}
			if b, err := poster.PDF(poster.Poster{Link: link}); !errors.Is(err, poster.ErrLink) || b != nil {
				t.Errorf("PDF(%q) = %d bytes, %v; want ErrLink", link, len(b), err)
			}
		})
	}
}

// decodeQR reads the QR code in img with ZXing's decoder (an implementation
// independent of the encoder), and returns its text and error-correction
// level.
func decodeQR(t testing.TB, img image.Image) (text, level string) {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("QR code does not decode: %v", err)
	}
	level, _ = res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL].(string)
	return res.GetText(), level
}

// measureQR finds the top-left finder pattern, whose outer ring is 7 modules
// wide, on the first row with a dark pixel, and returns how many modules the
// symbol is across (without quiet zone) and how many modules of white are
// left of it.
func measureQR(t testing.TB, img image.Image) (modules, quiet int) {
	t.Helper()
	r := img.Bounds()
	dark := func(x, y int) bool {
		c, _, _, _ := img.At(x, y).RGBA()
		return c < 0x8000
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		x0 := r.Min.X
		for x0 < r.Max.X && !dark(x0, y) {
			x0++
		}
		if x0 == r.Max.X {
			continue
		}
		x1 := x0
		for x1 < r.Max.X && dark(x1, y) {
			x1++
		}
		if (x1-x0)%7 != 0 || (x0-r.Min.X)%((x1-x0)/7) != 0 || y-r.Min.Y != x0-r.Min.X {
			t.Fatalf("finder pattern at (%d,%d) %d px wide: modules are not whole pixels", x0, y, x1-x0)
		}
		scale := (x1 - x0) / 7
		return r.Dx()/scale - 2*(x0-r.Min.X)/scale, (x0 - r.Min.X) / scale
	}
	t.Fatal("no dark pixel")
	return 0, 0
}
