package safety

import (
	"strings"
	"testing"
)

// benchText is 4,096 characters (Telegram's longest message) of ordinary
// parent talk in both languages, with trap words but no danger: the
// detector reads it all and finds nothing, its worst case.
func benchText(tb testing.TB) string {
	tb.Helper()
	const para = "Hoi allemaal! Ik ben doodmoe, de baby slaapt slecht en slaat met zijn handjes. " +
		"Ik schud de fles en zoek een babycafé in Utrecht, liefst op donderdagmiddag. " +
		"I'm dying to meet other parents, this heat is killing me, killing time at the playground. "
	s := strings.Repeat(para, 4096/len(para)+1)
	s = s[:4096]
	if c := MustNew().Check(s); c != nil {
		tb.Fatalf("the benchmark text signals %v", c)
	}
	return s
}

// BenchmarkCheck4096 is the check every text goes through, at its worst:
// docs/BENCHMARKS.md records it (target: under 200 µs).
func BenchmarkCheck4096(b *testing.B) {
	d := MustNew()
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if d.Check(text) != nil {
			b.Fatal("danger found")
		}
	}
}

// BenchmarkCheckShort is a typical answer: a place, a name, a request.
func BenchmarkCheckShort(b *testing.B) {
	d := MustNew()
	b.ReportAllocs()
	for b.Loop() {
		d.Check("kun jij zaterdag op de kinderen passen?")
	}
}

// BenchmarkCheckDanger is a message that signals danger in two categories.
func BenchmarkCheckDanger(b *testing.B) {
	d := MustNew()
	b.ReportAllocs()
	for b.Loop() {
		if d.Check("mijn man slaat me en ik zie het niet meer zitten") == nil {
			b.Fatal("missed")
		}
	}
}
