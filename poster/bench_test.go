package poster_test

import (
	"testing"

	"github.com/ouderkring/ouderkring/poster"
)

// BenchmarkQR is one referral QR code PNG for a 64-character link.
func BenchmarkQR(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := poster.QR(link64); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDF is one A4 poster, fonts embedded, for the same link.
func BenchmarkPDF(b *testing.B) {
	p := poster.Poster{Link: link64, Label: "CB Utrecht Overvecht"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := poster.PDF(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDFArabic is the same poster with Arabic under the Dutch: two
// more fonts, and every Arabic line shaped (each line is shaped once to
// measure and once to draw, wrapped lines more often).
func BenchmarkPDFArabic(b *testing.B) {
	p := poster.Poster{Link: link64, Label: "CB Utrecht Overvecht", Second: "ar"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := poster.PDF(p); err != nil {
			b.Fatal(err)
		}
	}
}
