package poster

import (
	"bytes"
	"fmt"
	"image"
	"image/png"

	// github.com/piglig/go-qr rather than skip2/go-qrcode or yeqown/go-qrcode:
	// it is a port of Nayuki's reference-quality QR encoder, is actively
	// maintained (v1.1.0, 2026, fuzz-tested), has no dependencies, and exposes
	// the module matrix, so the PNG and the poster's vector drawing come from
	// one symbol. skip2 has had no release since 2020; yeqown's PNG writer is
	// a separate module that pulls in an image-drawing library.
	goqr "github.com/piglig/go-qr"
)

// Level Q (25% of the code words can be restored) rather than M: posters
// hang laminated in waiting rooms (glare), get scuffed and stickered over.
// For a deep link it costs one version (41 instead of 37 modules), which on
// the poster (9 to 12 cm) is still more than 2 mm a module. The encoder raises the level further when
// that fits in the same version.
const level = goqr.Quartile

const (
	// quietZone is the white margin the QR standard asks for, in modules.
	quietZone = 4
	// minPNGSide is the PNG's smallest side in pixels: sharp when Telegram
	// shows it full screen and when someone prints the photo on A4.
	minPNGSide = 1000
)

// symbol encodes link as a QR code at level Q or higher.
func symbol(link string) (*goqr.QrCode, error) {
	if err := checkLink(link); err != nil {
		return nil, err
	}
	q, err := goqr.EncodeText(link, level)
	if err != nil {
		return nil, fmt.Errorf("poster: encode QR: %w", err)
	}
	return q, nil
}

// QR is link as a QR code PNG to send as a photo: black on white, a quiet
// zone of four modules, every module the same whole number of pixels, at
// least 1000 pixels square. It refuses an empty, non-https or over-long link
// (ErrLink).
func QR(link string) ([]byte, error) {
	q, err := symbol(link)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, qrImage(q)); err != nil {
		return nil, fmt.Errorf("poster: QR png: %w", err)
	}
	return buf.Bytes(), nil
}

// qrImage paints the symbol in grey levels (only black and white used):
// png encodes those rows directly, several times faster than a two-colour
// palette, which it reads pixel by pixel; deflate makes the flat rows a few
// kilobytes all the same.
func qrImage(q *goqr.QrCode) *image.Gray {
	n := q.Size() + 2*quietZone
	scale := (minPNGSide + n - 1) / n
	side := n * scale
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := range q.Size() {
		for x := range q.Size() {
			if !q.Module(x, y) {
				continue
			}
			x0, y0 := (x+quietZone)*scale, (y+quietZone)*scale
			for py := y0; py < y0+scale; py++ {
				clear(img.Pix[py*img.Stride+x0 : py*img.Stride+x0+scale])
			}
		}
	}
	return img
}
