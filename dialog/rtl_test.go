package dialog_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/ouderkring/ouderkring/dialog"
)

// visibleMarks shows the invisible direction marks in a golden file.
var visibleMarks = strings.NewReplacer("\u200f", "⟨RLM⟩", "\u2068", "⟨FSI⟩", "\u2069", "⟨PDI⟩")

// TestArabicReadsInOrder: an Arabic parent's results and a meetup's card —
// distances, times, prices, Dutch place and meetup names amid the Arabic —
// match testdata/rtl/ar-find.golden (with -update: written), where the
// direction marks are shown. Every line starts with a right-to-left mark,
// so a line beginning with a Dutch name or a number is still laid out from
// the right; every Latin name and number filled in sits inside an isolate,
// so it reads in its own order ("2,5 km", "10:00", "Buurthuis De Linde")
// and cannot pull the Arabic around it out of place.
func TestArabicReadsInOrder(t *testing.T) {
	t.Parallel()
	b := setupFind(t, fixture())
	var out []dialog.Reply
	out = append(out, b.do(t, dialog.Input{Kind: dialog.InputCommand, Command: "start", Lang: "ar"})...)
	in := loc(utrecht)
	in.Lang = "ar"
	results := b.do(t, in)
	out = append(out, results...)
	card := press("r:d:2") // Peutergroep Kleine Stapjes: a price, two languages
	card.Lang = "ar"
	out = append(out, b.do(t, card)...)

	var golden strings.Builder
	for _, r := range out {
		for _, line := range strings.Split(r.Text, "\n") {
			golden.WriteString(visibleMarks.Replace(line) + "\n")
			if line == "" {
				continue
			}
			if !strings.HasPrefix(line, "\u200f") && hasArabic(line) {
				t.Errorf("an Arabic line does not start with the right-to-left mark: %q", line)
			}
			// Latin letters and digits only inside isolates (or on a line of
			// their own, such as a meetup title heading a card).
			depth := 0
			for _, c := range line {
				switch {
				case c == '\u2068':
					depth++
				case c == '\u2069':
					depth--
				case depth == 0 && hasArabic(line) && (unicode.Is(unicode.Latin, c) || unicode.IsDigit(c)):
					t.Errorf("%q outside an isolate in an Arabic line: %q", c, visibleMarks.Replace(line))
					depth = -100 // one report a line
				}
			}
		}
		for _, row := range r.Buttons {
			for _, btn := range row {
				golden.WriteString("[" + visibleMarks.Replace(btn.Text) + "]\n")
			}
		}
		golden.WriteString("---\n")
	}
	for _, want := range []string{"Peutergroep Kleine Stapjes", "Buurthuis De Linde"} {
		if !strings.Contains(golden.String(), "⟨FSI⟩"+want) && !strings.Contains(golden.String(), want) {
			t.Errorf("the Dutch name %q is not shown", want)
		}
	}
	path := filepath.Join("testdata", "rtl", "ar-find.golden")
	if *updateRTL {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dialog -run TestArabicReadsInOrder -update-rtl)", err)
	}
	if string(want) != golden.String() {
		t.Errorf("%s differs; read the difference, then run go test ./dialog -run TestArabicReadsInOrder -update-rtl\ngot:\n%s", path, golden.String())
	}
}

func hasArabic(s string) bool {
	for _, c := range s {
		if unicode.Is(unicode.Arabic, c) {
			return true
		}
	}
	return false
}

var updateRTL = flag.Bool("update-rtl", false, "rewrite testdata/rtl/*.golden")

// TestArabicLaidOutOnce: a decision applied again gives the same answer —
// the layout, which swaps the arrows of Arabic lines, happens once.
func TestArabicLaidOutOnce(t *testing.T) {
	t.Parallel()
	b := setupFind(t, fixture())
	in := loc(utrecht)
	in.Lang = "ar"
	d := b.e.Decide(t.Context(), dialog.Session{ChatID: 9}, in)
	_, first, err := d.Apply(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	texts := func(rs []dialog.Reply) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.Text)
			for _, row := range r.Buttons {
				for _, b := range row {
					s = append(s, b.Text)
				}
			}
		}
		return strings.Join(s, "\n")
	}
	want := texts(first)
	if !strings.Contains(want, "⬅️") {
		t.Fatalf("no 'more' arrow to check in %q", want)
	}
	_, again, err := d.Apply(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(again); got != want {
		t.Errorf("applied again, the answer changed:\n%s\nwas\n%s", got, want)
	}
}
