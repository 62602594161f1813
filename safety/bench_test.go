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

// benchTexts are 4,096 characters (Telegram's longest message) of ordinary
// parent talk in each of the newer languages, with their trap words
// ("killing me", "dying to") but no danger: the worst case in scripts whose
// letters the rules' index keys alike (docs/BENCHMARKS.md).
var benchTexts = map[string]string{
	"ar": "مرحبا بالجميع! أنا تعبانة جدا، الطفل ينام قليلا وهذا الحر قاتل. أبحث عن مقهى للرضع في أوترخت يوم الخميس بعد الظهر، بموت عليها هذه الفكرة. ",
	"tr": "Herkese merhaba! Çok yorgunum, bebek kötü uyuyor ve bu sıcak beni öldürüyor. Perşembe öğleden sonra Utrecht'te bir bebek kafe arıyorum, merakımdan ölüyorum. ",
	"pl": "Cześć wszystkim! Jestem padnięta, dziecko źle śpi, a ten upał mnie wykończy. Szukam kawiarni dla rodziców w Utrechcie w czwartek po południu, umieram z ciekawości. ",
	"uk": "Привіт усім! Я дуже втомлена, дитина погано спить, а ця спека мене доб'є. Шукаю бебі-кафе в Утрехті в четвер після обіду, помираю від цікавості. ",
}

// BenchmarkCheck4096Script is BenchmarkCheck4096 in Arabic, Turkish,
// Polish and Ukrainian.
func BenchmarkCheck4096Script(b *testing.B) {
	d := MustNew()
	for _, lang := range []string{"ar", "tr", "pl", "uk"} {
		para := benchTexts[lang]
		s := strings.Repeat(para, 4096/len([]rune(para))+1)
		s = string([]rune(s)[:4096])
		if c := d.Check(s); c != nil {
			b.Fatalf("%s: the benchmark text signals %v: %v", lang, c, d.Explain(s))
		}
		b.Run(lang, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				if d.Check(s) != nil {
					b.Fatal("danger found")
				}
			}
		})
	}
}
