package safety

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// testRules is a small rule file that exercises every part of the format.
const testRules = `
# comment
alias mn = mijn
alias kwil = ik wil
class HIT = sla slaat sloeg geslagen mishandel*
class WHO = man $PARTNERX
class FOOD = brood honger
[ignore]
lach ..2 dood
[suicide]
ik wil ..2 dood   # an end-of-line comment
zelfmoord
kan niet meer ..1 .
[violence]
$HIT ..2 me|mij
=bedreigd
[child]
baby|kind ..3 geschud
niet + veilig + thuis
[medical]
ademt niet
[need]
geen eten
geen + $FOOD + honger
`

func testDetector(t *testing.T, src string) *Detector {
	t.Helper()
	d, err := load(fstest.MapFS{"rules/xx.rules": {Data: []byte(src)}}, "rules/*.rules")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRulesSemantics(t *testing.T) {
	t.Parallel()
	d := testDetector(t, strings.Replace(testRules, " $PARTNERX", "", 1))
	for _, tc := range []struct {
		text string
		want []Category
	}{
		// Words, case, accents, repeated letters, chat spelling.
		{"Ik wil dood", []Category{Suicide}},
		{"IK WIL DOOOOOD!!!", []Category{Suicide}},
		{"kwil echt dood", []Category{Suicide}},
		{"ïk wíl zo dood", []Category{Suicide}},
		{"ik wil heel erg graag dood", nil}, // three words between: the window is 2
		{"ik wil. dood", nil},               // windows stop at a sentence end
		{"doodmoe, ik wil slapen", nil},     // whole words only
		// One typo in a word of seven letters or more; none in shorter ones.
		{"zelfmoort", []Category{Suicide}},
		{"zelfmord", []Category{Suicide}},
		{"zlefmoord", []Category{Suicide}},
		{"zelfmoordgedachten", nil}, // a word, not a word start
		{"ik wil doot", nil},        // "dood" is short: no typo
		{"ik ben bedreigd", []Category{Violence}},
		{"ik ben bedreigt", nil}, // "=bedreigd": exact only
		// Classes, word starts, alternatives.
		{"hij sloeg me", []Category{Violence}},
		{"hij mishandelt mij", []Category{Violence}},
		{"hij sla ons", nil},
		// The end of a sentence, or a comma, within the window.
		{"ik kan niet meer", []Category{Suicide}},
		{"ik kan niet meer hoor", []Category{Suicide}},
		{"ik kan niet meer, help", []Category{Suicide}},
		{"ik kan niet meer lopen vandaag", nil},
		// Ignore rules take everyday phrases out first.
		{"ik lach me dood, ik wil dood", []Category{Suicide}},
		{"ik wil me dood lachen", []Category{Suicide}},
		{"ik lach me echt dood", nil},
		// ...and only the words its slots matched, not those in its window.
		{"lach sloeg me dood", []Category{Violence}},
		// In a bag each slot needs a word of its own.
		{"geen honger", nil},
		{"geen brood en honger", []Category{Need}},
		// A bag: any order, near each other, one sentence.
		{"thuis ben ik niet veilig", []Category{Child}},
		{"ik voel me niet veilig bij hem thuis", []Category{Child}},
		{"niet veilig. thuis", nil},
		{"niet een twee drie vier vijf zes zeven acht negen veilig thuis", nil},
		// Several categories, most urgent first.
		{"geen eten en de baby ademt niet, ik heb de baby geschud", []Category{Medical, Child, Need}},
		{"", nil},
		{"🙈🙈", nil},
	} {
		if got := d.Check(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("Check(%q): got=%v, want %v (%+v)", tc.text, got, tc.want, d.Explain(tc.text))
		}
	}
}

func TestRulesErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ src, want string }{
		{"zelfmoord", "xx.rules:1: a pattern before any [category]"},
		{"[sad]\nfoo", `xx.rules:1: unknown category "sad"`},
		{"[suicide]\n$NOPE", "xx.rules:2: unknown class $NOPE"},
		{"[suicide]\n.. foo", "xx.rules:2: a pattern cannot start with a window"},
		{"[suicide]\nfoo ..", "xx.rules:2: a pattern cannot end with a window"},
		{"[suicide]\nfoo ..99 bar", "xx.rules:2: window"},
		{"[suicide]\nfoo bar|. baz", "xx.rules:2: '.' (the end of a sentence) can only be in the last slot"},
		{"[suicide]\nab*", "xx.rules:2: word start"},
		{"[suicide]\nself-harm", "xx.rules:2: \"self-harm\" is not one word"},
		{"class lower = a", "xx.rules:1: want 'class NAME = words'"},
		{"class A = $B", "xx.rules:1: class $B is used before it is defined"},
		{"alias = x", "xx.rules:1: want 'alias word = words'"},
		{"# nothing", "xx.rules: no patterns"},
		{"[suicide]\na + b ..2 c", "xx.rules:2: a pattern with + takes no .. and no '.'"},
		{"[suicide]\na +99 b", "xx.rules:2: window"},
		{"[ignore]\na + b", "xx.rules:2: an [ignore] pattern cannot use +"},
	} {
		_, err := load(fstest.MapFS{"rules/xx.rules": {Data: []byte(tc.src)}}, "rules/*.rules")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got=%v, want %q", tc.src, err, tc.want)
		}
	}
}

// TestRulesFiles: the shipped files load, each language has rules in every
// category, and the everyday phrases from the issue stay quiet.
func TestRulesFiles(t *testing.T) {
	t.Parallel()
	d := MustNew()
	if got := d.Languages(); !slices.Equal(got, []string{"ar", "en", "nl", "pl", "tr", "uk"}) {
		t.Errorf("languages: got=%v", got)
	}
	for _, rs := range d.langs {
		for _, c := range Categories {
			if !slices.ContainsFunc(rs.rules, func(r rule) bool { return r.cat == c }) {
				t.Errorf("%s has no rules for %s", rs.lang, c)
			}
		}
	}
	for _, text := range []string{
		"doodmoe", "ik lach me dood", "mijn baby slaat met zijn handjes", "ik schud de fles",
		"killing time", "I'm dying to meet other parents", "this heat is killing me",
	} {
		if got := d.Check(text); got != nil {
			t.Errorf("Check(%q): got=%v, want nothing (%+v)", text, got, d.Explain(text))
		}
	}
}

func TestTokenize(t *testing.T) {
	t.Parallel()
	var sc scratch
	sc.tokenize("M'n  BABY’s dooood... Ïk wil, nie!\nSelf-harm 113")
	var got []string
	for _, w := range sc.words {
		s := w.text
		if w.pause {
			s += ","
		}
		got = append(got, s+"/"+string(rune('0'+w.sent)))
	}
	want := []string{"mn/0", "babys/0", "dod/0", "ik/1", "wil,/1", "nie/1", "self/2", "harm/2", "113/2"}
	if !slices.Equal(got, want) {
		t.Errorf("got=%v, want %v", got, want)
	}
}

func TestOneEdit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"zelfmord", "zelfmort", true},       // changed
		{"zelfmord", "zelfmor", true},        // removed
		{"zelfmord", "zelfmoord", true},      // added
		{"zelfmord", "zlefmord", true},       // swapped
		{"zelfmord", "zelfmord", false},      // the same: not one edit
		{"zelfmord", "zelfzorg", false},      // two changed
		{"zelfmord", "elfmorda", false},      // rotated
		{"самогубство", "самогубсво", true},  // not ASCII
		{"самогубсво", "самогубство", true},  // added, not ASCII
		{"самогубство", "самогуйство", true}, // changed, not ASCII
		{"самогубство", "самогбуство", true}, // swapped, not ASCII
		{"самогубство", "самгоуйство", false},
		{"الانتحار", "الانتظار", true},
		{"الانتحار", "الانتحار", false},
		{"über", "uber", true},
	} {
		if got := oneEdit(tc.a, tc.b); got != tc.want {
			t.Errorf("oneEdit(%q, %q): got=%v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := oneEdit(tc.b, tc.a); got != tc.want {
			t.Errorf("oneEdit(%q, %q): got=%v, want %v", tc.b, tc.a, got, tc.want)
		}
	}
}

// TestShared: the shared detector is loaded once and answers like a new one.
func TestShared(t *testing.T) {
	t.Parallel()
	a, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := Shared(); a != b {
		t.Error("Shared loaded the rules twice")
	}
	if got := a.Check("ik wil dood"); !slices.Equal(got, MustNew().Check("ik wil dood")) || got == nil {
		t.Errorf("shared: got=%v", got)
	}
}

// TestTokenizeOtherScripts: the folding the new languages need. Turkish ı
// and Polish ł typed as i and l fold together; Arabic's spellings of one
// letter, its diacritics and the tatweel fold away, and its question mark
// and comma end a sentence and a thought; the Ukrainian apostrophe, in
// either form, stays inside the word.
func TestTokenizeOtherScripts(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"Kendimi ÖLDÜRMEK istiyorum, yardım":  {"kendimi/0", "oldurmek/0", "istiyorum,/0", "yardim/0"},
		"Chcę się zabić. Łóżko":               {"chce/0", "sie/0", "zabic/0", "lozko/1"},
		"أُرِيدُ أن أموت؟ كـبيرة، إلى":        {"اريد/0", "ان/0", "اموت/0", "كبيره,/1", "الي/1"},
		"Хочу вмерти. Моя сімʼя і сім'я ЇЖАК": {"хочу/0", "вмерти/0", "моя/1", "сімя/1", "і/1", "сімя/1", "їжак/1"},
	} {
		var sc scratch
		sc.tokenize(in)
		var got []string
		for _, w := range sc.words {
			s := w.text
			if w.pause {
				s += ","
			}
			got = append(got, s+"/"+string(rune('0'+w.sent)))
		}
		if !slices.Equal(got, want) {
			t.Errorf("tokenize(%q): got=%v, want %v", in, got, want)
		}
	}
}
