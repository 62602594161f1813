package dialog

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/drafts/*.golden from the locale files")

// draftSample is what a parent might type, per message language.
type draftSample struct {
	name, needText, day, dayCapital string
	meetup                          DraftMeetup
}

var draftSamples = map[string]draftSample{
	"nl": {"Sanne", "de kast in elkaar zetten", "zaterdag", "Vrijdagavond",
		DraftMeetup{Title: "Babycafé De Wieg", Place: "Buurthuis De Linde", When: "di 1 dec, 10:00"}},
	"en": {"Sanne", "putting a wardrobe together", "Saturday", "friday evening",
		DraftMeetup{Title: "Babycafé De Wieg", Place: "Buurthuis De Linde", When: "Tue 1 Dec, 10:00"}},
}

// draftNeeds are the needs with come_along twice: without and with a meetup.
var draftNeeds = []struct {
	need   string
	meetup bool
}{
	{"babysit", false}, {"groceries", false}, {"ride", false}, {"meal", false}, {"talk", false},
	{"paperwork", false}, {"come_along", false}, {"come_along", true}, {"other", false},
}

var (
	draftWhens  = []string{"today", "tomorrow", "this_week", "day", "flexible"}
	draftWhoms  = []string{"family", "friend", "neighbour", "parent", "other"}
	draftOffers = []string{"babysit", "cook", "help"}
	draftTones  = []struct{ lang, tone, file string }{{"nl", "je", "nl-je"}, {"nl", "u", "nl-u"}, {"en", "je", "en"}}
)

func newDraft(lang, tone, need string, meetup bool, name, whom, when, offer string, variant int) Draft {
	s := draftSamples[lang]
	d := Draft{Need: need, Name: name, When: when, Offer: offer, Tone: tone, Lang: lang, Variant: variant}
	if name == "" {
		d.Whom = whom
	}
	if need == "other" {
		d.NeedText = s.needText
	}
	if when == "day" {
		d.WhenText = s.day
	}
	if meetup {
		m := s.meetup
		d.Meetup = &m
	}
	return d
}

// goldenDrafts is every need with and without a name and with and without
// something back (moments, whoms and offers take turns), in variant 0;
// then each need once more in all variants.
func goldenDrafts(lang, tone string) []Draft {
	var out []Draft
	k := 0
	for _, n := range draftNeeds {
		for _, name := range []string{draftSamples[lang].name, ""} {
			for _, withOffer := range []bool{false, true} {
				offer := ""
				if withOffer {
					offer = draftOffers[k%len(draftOffers)]
				}
				out = append(out, newDraft(lang, tone, n.need, n.meetup, name, draftWhoms[k%len(draftWhoms)], draftWhens[k%len(draftWhens)], offer, 0))
				k++
			}
		}
	}
	s := draftSamples[lang]
	subset := []Draft{
		newDraft(lang, tone, "babysit", false, s.name, "", "tomorrow", "babysit", 0),
		newDraft(lang, tone, "groceries", false, "", "neighbour", "today", "cook", 0),
		newDraft(lang, tone, "ride", false, "", "parent", "this_week", "", 0),
		newDraft(lang, tone, "meal", false, s.name, "", "day", "help", 0),
		newDraft(lang, tone, "talk", false, s.name, "", "flexible", "", 0),
		newDraft(lang, tone, "paperwork", false, "", "other", "flexible", "babysit", 0),
		newDraft(lang, tone, "come_along", false, "", "friend", "tomorrow", "", 0),
		newDraft(lang, tone, "come_along", true, s.name, "", "", "cook", 0),
		newDraft(lang, tone, "other", false, "", "family", "day", "help", 0),
	}
	subset[3].WhenText = s.dayCapital
	for _, d := range subset {
		for v := range DraftVariants {
			d.Variant = v
			out = append(out, d)
		}
	}
	return out
}

func draftHeader(d Draft) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### need=%s", d.Need)
	if d.Meetup != nil {
		b.WriteString(" meetup=yes")
	}
	if d.Name != "" {
		fmt.Fprintf(&b, " name=%s", d.Name)
	} else {
		fmt.Fprintf(&b, " whom=%s", d.Whom)
	}
	offer := d.Offer
	if offer == "" {
		offer = "none"
	}
	fmt.Fprintf(&b, " offer=%s", offer)
	if d.Meetup == nil {
		fmt.Fprintf(&b, " when=%s", d.When)
		if d.When == "day" {
			fmt.Fprintf(&b, ":%q", d.WhenText)
		}
	}
	fmt.Fprintf(&b, " variant=%d", d.Variant)
	return b.String()
}

// TestDraftGolden writes every draft a reviewer should read to
// testdata/drafts/<lang>[-<tone>].golden (with -update), or compares.
func TestDraftGolden(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, tt := range draftTones {
		var b strings.Builder
		fmt.Fprintf(&b, "# Help-request drafts, message language %s, tone %s.\n", tt.lang, tt.tone)
		b.WriteString("# Written by: go test ./dialog -run Golden -update. Read them as the person who receives them.\n")
		for _, d := range goldenDrafts(tt.lang, tt.tone) {
			got := l.ComposeDraft(d)
			checkDraft(t, l, d, got)
			fmt.Fprintf(&b, "\n%s\n%s\n", draftHeader(d), got)
		}
		for v := range DraftVariants {
			got := l.VolunteerDraft(tt.lang, tt.tone, "Home-Start", v)
			checkVolunteerDraft(t, tt.lang, tt.tone, "Home-Start", got)
			fmt.Fprintf(&b, "\n### volunteer programme=Home-Start variant=%d\n%s\n", v, got)
		}
		path := filepath.Join("testdata", "drafts", tt.file+".golden")
		if *updateGolden {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./dialog -run Golden -update)", err)
		}
		if got := b.String(); got != string(want) {
			t.Errorf("%s differs from the drafts now written; read the difference, then run go test ./dialog -run Golden -update\n%s",
				path, firstDiff(string(want), got))
		}
	}
}

// firstDiff shows the first line where want and got part.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, a, b)
		}
	}
	return ""
}

// TestDraftAllCombinations checks the rules on every combination of need,
// moment, name or whom, offer, variant, tone and language.
func TestDraftAllCombinations(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, tt := range draftTones {
		for _, n := range draftNeeds {
			for _, when := range draftWhens {
				for _, who := range append([]string{"name"}, draftWhoms...) {
					for _, offer := range append([]string{""}, draftOffers...) {
						for v := range DraftVariants {
							name, whom := "", who
							if who == "name" {
								name, whom = draftSamples[tt.lang].name, ""
							}
							d := newDraft(tt.lang, tt.tone, n.need, n.meetup, name, whom, when, offer, v)
							got := l.ComposeDraft(d)
							checkDraft(t, l, d, got)
							if tt.lang == "en" {
								d.Tone = "u"
								if formal := l.ComposeDraft(d); formal != got {
									t.Errorf("%s: English tone u differs from je:\n%s\n---\n%s", draftHeader(d), formal, got)
								}
							}
						}
					}
				}
			}
		}
	}
}

var (
	draftNeedWords = map[string]map[string]*regexp.Regexp{
		"nl": {
			"babysit":    regexp.MustCompile(`oppas|op te passen`),
			"groceries":  regexp.MustCompile(`boodschappen`),
			"ride":       regexp.MustCompile(`lift|rijden|brengen`),
			"meal":       regexp.MustCompile(`maaltijd|koken|eten`),
			"talk":       regexp.MustCompile(`praat|praten`),
			"paperwork":  regexp.MustCompile(`papierwerk|formulieren`),
			"come_along": regexp.MustCompile(`\bmee\b|samen`),
		},
		"en": {
			"babysit":    regexp.MustCompile(`babysit`),
			"groceries":  regexp.MustCompile(`groceries|shopping`),
			"ride":       regexp.MustCompile(`lift|drive|ride`),
			"meal":       regexp.MustCompile(`meal|cook`),
			"talk":       regexp.MustCompile(`talk|chat`),
			"paperwork":  regexp.MustCompile(`paperwork|forms`),
			"come_along": regexp.MustCompile(`come with me|come along|together|with me`),
		},
	}
	draftMomentWords = map[string]map[string]string{
		"nl": {"today": "vandaag", "tomorrow": "morgen", "this_week": "deze week", "flexible": "wanneer het"},
		"en": {"today": "today", "tomorrow": "tomorrow", "this_week": "this week", "flexible": "whenever suits you"},
	}
	draftMeetupWords = map[string]*regexp.Regexp{
		"nl": regexp.MustCompile(`bijeenkomst`),
		"en": regexp.MustCompile(`meetup`),
	}
	informalWords = regexp.MustCompile(`(?i)\b(je|jij|jouw|jou|jullie)\b`)
	formalWords   = regexp.MustCompile(`(?i)\b(u|uw)\b`)
	relationWords = regexp.MustCompile(`(?i)buur|neighbour`)
)

// checkDraft holds got, the draft for d, to every rule a draft must keep.
func checkDraft(t *testing.T, l *Locales, d Draft, got string) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s %s: %s\n%s", d.Lang, d.Tone, fmt.Sprintf(format, args...), got)
	}
	checkDraftForm(t, got, fail)
	lines := strings.Split(got, "\n")
	if len(lines) != 5 {
		return
	}
	hello, body := lines[0], lines[2]
	low := strings.ToLower(got)
	v := ((d.Variant % DraftVariants) + DraftVariants) % DraftVariants

	if d.Name != "" && !strings.Contains(hello, d.Name) {
		fail("greeting lacks the name %q", d.Name)
	}
	if d.Name == "" && d.Whom != "neighbour" && relationWords.MatchString(hello) {
		fail("greeting assumes a neighbour, but the parent chose %q", d.Whom)
	}
	if d.Need == "other" {
		if !strings.Contains(body, d.NeedText) {
			fail("the ask lacks what the parent typed, %q", d.NeedText)
		}
	} else if !draftNeedWords[d.Lang][d.Need].MatchString(low) {
		fail("no word for need %s (%s)", d.Need, draftNeedWords[d.Lang][d.Need])
	}
	switch {
	case d.Meetup != nil:
		for _, s := range []string{d.Meetup.Title, d.Meetup.Place, d.Meetup.When} {
			if !strings.Contains(body, s) {
				fail("the meetup's %q is missing", s)
			}
		}
	case d.Need == "come_along" && !draftMeetupWords[d.Lang].MatchString(body):
		fail("come along without a meetup does not say where to")
	}
	if d.Meetup == nil {
		want := draftMomentWords[d.Lang][d.When]
		if d.When == "day" {
			want = strings.ToLower(d.WhenText)
		}
		if !strings.Contains(low, want) {
			fail("the moment %q is missing", want)
		}
	}
	if no := l.T(d.Lang, fmt.Sprintf("draft_no_%d_%s", v, d.Tone)); !strings.Contains(body, no) {
		fail("the easy no %q is missing", no)
	}
	if d.Offer != "" {
		if offer := l.T(d.Lang, fmt.Sprintf("draft_offer_%s_%d_%s", d.Offer, v, d.Tone)); !strings.Contains(body, offer) {
			fail("the offer %q is missing", offer)
		}
	}
	if d.Lang == "nl" {
		checkTone(d.Tone, got, fail)
	}
}

// checkDraftForm checks what every draft and volunteer draft share: a
// greeting line, an empty line, the body, an empty line, a closing line;
// at most MaxDraftRunes; nothing of a template left.
func checkDraftForm(t *testing.T, got string, fail func(string, ...any)) {
	t.Helper()
	if n := utf8.RuneCountInString(got); n > MaxDraftRunes {
		fail("%d runes, more than %d", n, MaxDraftRunes)
	}
	if !utf8.ValidString(got) {
		fail("not valid UTF-8")
	}
	for _, bad := range []string{"{{", "}}", "<no value>", "%!", "draft_", "  ", " ,", " .", " ?", "..", "?.", "\n\n\n", "\t"} {
		if strings.Contains(got, bad) {
			fail("contains %q", bad)
		}
	}
	if strings.TrimSpace(got) != got {
		fail("white space at the start or end")
	}
	lines := strings.Split(got, "\n")
	if len(lines) != 5 || lines[1] != "" || lines[3] != "" {
		fail("layout is not greeting, empty line, body, empty line, closing")
		return
	}
	for _, i := range []int{0, 2, 4} {
		if lines[i] == "" || strings.TrimSpace(lines[i]) != lines[i] {
			fail("line %d is empty or has white space around it", i+1)
		}
	}
}

// checkTone fails on informal words in a u draft and formal ones in a je draft.
func checkTone(tone, got string, fail func(string, ...any)) {
	words := formalWords
	if tone == "u" {
		words = informalWords
	}
	if m := words.FindString(got); m != "" {
		fail("tone %s, but says %q", tone, m)
	}
}

func checkVolunteerDraft(t *testing.T, lang, tone, programme, got string) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("volunteer draft %s %s: %s\n%s", lang, tone, fmt.Sprintf(format, args...), got)
	}
	checkDraftForm(t, got, fail)
	if !strings.Contains(got, programme) {
		fail("lacks the programme %q", programme)
	}
	if lang == "nl" {
		checkTone(tone, got, fail)
	}
}

// TestDraftVariantsDiffer checks that "other words" gives other words: the
// variants of one request all differ, in their body too, and any int picks one.
