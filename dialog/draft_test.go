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
func TestDraftVariantsDiffer(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, tt := range draftTones {
		for _, n := range draftNeeds {
			for _, offer := range []string{"", "cook"} {
				seen := map[string]int{}
				for v := range DraftVariants {
					d := newDraft(tt.lang, tt.tone, n.need, n.meetup, "Sanne", "", "tomorrow", offer, v)
					body := strings.Split(l.ComposeDraft(d), "\n")[2]
					if prev, ok := seen[body]; ok {
						t.Errorf("%s %s: variants %d and %d say the same: %s", tt.lang, n.need, prev, v, body)
					}
					seen[body] = v
					for _, other := range []int{v + DraftVariants, v - DraftVariants, v + 7*DraftVariants} {
						d2 := d
						d2.Variant = other
						if got, want := l.ComposeDraft(d2), l.ComposeDraft(d); got != want {
							t.Errorf("variant %d: got=%q, want %q (variant %d)", other, got, want, v)
						}
					}
				}
			}
		}
		seen := map[string]bool{}
		for v := range DraftVariants {
			s := l.VolunteerDraft(tt.lang, tt.tone, "Home-Start", v)
			if seen[s] {
				t.Errorf("%s: volunteer variant %d repeats another", tt.file, v)
			}
			seen[s] = true
		}
	}
}

// emojiArabic is n runes of emoji sequences (joined, with skin tones,
// flags, keycaps) and Arabic words.
func emojiArabic(n int) string {
	parts := []string{"👨‍👩‍👧‍👦", " ", "مساعدة", " ", "👋🏽", " ", "🇳🇱", "🇲🇦", " ", "في", " ", "1️⃣", " ", "الأوراق", " ", "🏳️‍🌈", " "}
	var b strings.Builder
	for i := 0; utf8.RuneCountInString(b.String()) < n; i++ {
		b.WriteString(parts[i%len(parts)])
	}
	rs := []rune(b.String())
	return string(rs[:n])
}

// TestDraftMaximal fills every typed field to past its limit: the draft
// stays within MaxDraftRunes, keeps the easy no, and cuts no emoji apart.
func TestDraftMaximal(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	name := strings.Repeat("Maximiliaan-", 5)[:45]
	when := strings.Repeat("volgende week dinsdag na school ", 3)
	meetup := DraftMeetup{
		Title: strings.Repeat("Praatgroep voor ouders van kinderen met autisme ", 4),
		Place: strings.Repeat("Wijkcentrum De Grote Regenboog, Lange Nieuwstraat 123 ", 3),
		When:  "di 1 dec, 10:00–11:30, elke week, maar niet in de schoolvakanties",
	}
	need := emojiArabic(250)
	for _, tt := range draftTones {
		for v := range DraftVariants {
			for _, d := range []Draft{
				{Need: "other", NeedText: need, Name: name, When: "day", WhenText: when, Offer: "help"},
				{Need: "other", NeedText: need, Whom: "neighbour", When: "flexible", Offer: "cook"},
				{Need: "come_along", Name: name, Offer: "babysit", Meetup: &meetup},
				{Need: "paperwork", Name: name, When: "day", WhenText: when, Offer: "cook"},
			} {
				d.Lang, d.Tone, d.Variant = tt.lang, tt.tone, v
				got := l.ComposeDraft(d)
				fail := func(format string, args ...any) {
					t.Helper()
					t.Errorf("%s %s %s variant %d: %s\n%s", tt.lang, tt.tone, d.Need, v, fmt.Sprintf(format, args...), got)
				}
				checkDraftForm(t, got, fail)
				if no := l.T(d.Lang, fmt.Sprintf("draft_no_%d_%s", v, d.Tone)); !strings.Contains(got, no) {
					fail("the easy no is missing")
				}
				if d.Name != "" && !strings.Contains(got, "Maximiliaan") {
					fail("the name is missing")
				}
				checkCutsWhole(need, got, fail)
			}
		}
	}
}

// checkCutsWhole fails when the parent's text full, shortened in got,
// splits an emoji sequence or a letter from its marks.
func checkCutsWhole(full, got string, fail func(string, ...any)) {
	for _, bad := range []string{"\u200d…", "…\u200d", "…\ufe0f", "…🏽", "…\u20e3"} {
		if strings.Contains(got, bad) {
			fail("an emoji is cut apart around the ellipsis")
		}
	}
	// The typed text is the one between direction isolates.
	_, rest, ok := strings.Cut(got, "\u2068")
	if !ok {
		return
	}
	seg, _, _ := strings.Cut(rest, "\u2069")
	kept, cut := strings.CutSuffix(seg, "…")
	if !cut {
		return
	}
	if !strings.HasPrefix(full, kept) {
		fail("the shortened text is not the start of what was typed")
		return
	}
	k := []rune(kept)
	if next := []rune(full[len(kept):]); len(next) > 0 && len(k) > 0 && clings(append(k, next[0]), len(k)) {
		fail("cut inside a character: next rune %U", next[0])
	}
}

// TestDraftFits checks what happens when a draft is too long: the why
// goes first, then the parent's own words are shortened; the easy no stays.
func TestDraftFits(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, tt := range draftTones {
		for v := range DraftVariants {
			d := Draft{Need: "other", NeedText: strings.Repeat("de kast in elkaar zetten en ", 6) + "ophangen", Name: "Sanne",
				When: "tomorrow", Offer: "cook", Lang: tt.lang, Tone: tt.tone, Variant: v}
			full := l.ComposeDraft(d)
			why := l.T(tt.lang, fmt.Sprintf("draft_why_%d_%s", v, tt.tone))
			no := l.T(tt.lang, fmt.Sprintf("draft_no_%d_%s", v, tt.tone))
			if !strings.Contains(full, why) || !strings.Contains(full, d.NeedText) {
				t.Fatalf("%s: the full draft lacks the why or the need:\n%s", tt.file, full)
			}
			n := utf8.RuneCountInString(full)

			got := l.composeDraft(d, n-1)
			if strings.Contains(got, why) || !strings.Contains(got, d.NeedText) || !strings.Contains(got, no) {
				t.Errorf("%s, one rune too long: want the why dropped and the rest whole:\n%s", tt.file, got)
			}

			limit := n - utf8.RuneCountInString(why) - 60
			got = l.composeDraft(d, limit)
			if c := utf8.RuneCountInString(got); c > limit {
				t.Errorf("%s: %d runes, want at most %d:\n%s", tt.file, c, limit, got)
			}
			if strings.Contains(got, why) || strings.Contains(got, d.NeedText) || !strings.Contains(got, "…") || !strings.Contains(got, no) {
				t.Errorf("%s, 60 runes more too long: want the why dropped, the need shortened, the no kept:\n%s", tt.file, got)
			}
			checkDraftForm(t, got, func(format string, args ...any) { t.Errorf(format+"\n%s", append(args, got)...) })
		}
	}
}

// TestDraftKeepsTypedText checks that emoji and right-to-left text pass
// through whole, only wrapped in invisible direction isolates, and that
// white space and control characters are folded away.
func TestDraftKeepsTypedText(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	need := emojiArabic(200)
	for _, tt := range draftTones {
		for v := range DraftVariants {
			d := Draft{Need: "other", NeedText: need, Whom: "friend", When: "tomorrow", Lang: tt.lang, Tone: tt.tone, Variant: v}
			got := l.ComposeDraft(d)
			if !strings.Contains(got, "\u2068"+strings.TrimSpace(need)+"\u2069") {
				t.Errorf("%s variant %d: typed text not kept whole:\n%s", tt.file, v, got)
			}
			checkDraft(t, l, Draft{Need: "other", NeedText: strings.TrimSpace(need), Whom: "friend", When: "tomorrow", Lang: tt.lang, Tone: tt.tone, Variant: v}, got)
			d = Draft{Need: "other", NeedText: "  👋 de kast\n\nin elkaar\t zetten.\x00 ", Name: " sanne\n", When: "day", WhenText: "zaterdag.", Lang: tt.lang, Tone: tt.tone, Variant: v}
			got = l.ComposeDraft(d)
			for _, want := range []string{"👋 de kast in elkaar zetten", "Sanne"} {
				if !strings.Contains(got, want) {
					t.Errorf("%s: want %q in\n%s", tt.file, want, got)
				}
			}
			checkDraftForm(t, got, func(format string, args ...any) { t.Errorf(format+"\n%s", append(args, got)...) })
		}
	}
}

// TestDraftDay checks typed days in the middle of a sentence.
func TestDraftDay(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, tc := range []struct{ lang, typed, want, notWant string }{
		{"nl", "zaterdag", "Zou jij zaterdag een paar", ""},
		{"nl", "op zaterdag", "Zou jij op zaterdag een paar", "op op"},
		{"nl", "Zaterdag", "Zou jij zaterdag een paar", "Zaterdag"},
		{"nl", "Volgende week dinsdag", "Zou jij volgende week dinsdag een paar", ""},
		{"nl", "Koningsdag", "Zou jij Koningsdag een paar", ""},
		{"nl", "zaterdag?", "zaterdag een paar", "??"},
		{"en", "Saturday", "for a few hours on Saturday?", ""},
		{"en", "saturday morning", "for a few hours on Saturday morning?", ""},
		{"en", "on Saturday", "for a few hours on Saturday?", "on on"},
		{"en", "Next Friday", "for a few hours next Friday?", ""},
		{"en", "After school", "for a few hours after school?", ""},
	} {
		d := Draft{Need: "babysit", Name: "Sanne", When: "day", WhenText: tc.typed, Lang: tc.lang, Tone: "je"}
		got := l.ComposeDraft(d)
		if !strings.Contains(got, tc.want) || tc.notWant != "" && strings.Contains(got, tc.notWant) {
			t.Errorf("day %q: want %q (and not %q) in\n%s", tc.typed, tc.want, tc.notWant, got)
		}
	}
}

// TestDraftMeetupDate checks that a meetup's date reads well, also when it
// starts with "today" or "tomorrow", and that missing parts leave no gaps.
func TestDraftMeetupDate(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, tc := range []struct {
		lang string
		m    DraftMeetup
		want string
	}{
		{"nl", DraftMeetup{"Babycafé De Wieg", "Buurthuis De Linde", "di 1 dec, 10:00"}, "naar Babycafé De Wieg (Buurthuis De Linde) op di 1 dec, 10:00."},
		{"nl", DraftMeetup{"Babycafé De Wieg", "Buurthuis De Linde", "vandaag, 19:30–21:00"}, "naar Babycafé De Wieg (Buurthuis De Linde) vandaag, 19:30–21:00."},
		{"nl", DraftMeetup{"Babycafé De Wieg", "", "morgen, 10:00"}, "naar Babycafé De Wieg morgen, 10:00."},
		{"nl", DraftMeetup{"Babycafé De Wieg", "Buurthuis De Linde", ""}, "naar Babycafé De Wieg (Buurthuis De Linde)."},
		{"en", DraftMeetup{"Babycafé De Wieg", "Buurthuis De Linde", "Tue 1 Dec, 10:00"}, "to Babycafé De Wieg (Buurthuis De Linde) on Tue 1 Dec, 10:00."},
		{"en", DraftMeetup{"Babycafé De Wieg", "", "today, 19:30–21:00"}, "to Babycafé De Wieg today, 19:30–21:00."},
	} {
		m := tc.m
		got := l.ComposeDraft(Draft{Need: "come_along", Name: "Sanne", Lang: tc.lang, Tone: "je", Meetup: &m})
		if !strings.Contains(got, tc.want) {
			t.Errorf("want %q in\n%s", tc.want, got)
		}
	}
	// Without a title there is no meetup to name: ask to go to one nearby.
	got := l.ComposeDraft(Draft{Need: "come_along", Name: "Sanne", When: "tomorrow", Lang: "nl", Tone: "je", Meetup: &DraftMeetup{}})
	if !strings.Contains(got, "bijeenkomst") {
		t.Errorf("empty meetup: want a meetup nearby in\n%s", got)
	}
}

// TestDraftUnknownChoices checks that odd input still gives a whole draft.
func TestDraftUnknownChoices(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, d := range []Draft{
		{},
		{Need: "juggling", Whom: "boss", When: "someday", Offer: "money", Tone: "jij", Lang: "fr", Variant: -4},
		{Need: "other", When: "day", Lang: "en"},
	} {
		got := l.ComposeDraft(d)
		checkDraftForm(t, got, func(format string, args ...any) {
			t.Errorf("%+v: "+format+"\n%s", append(append([]any{d}, args...), got)...)
		})
	}
}

// TestVolunteerDraft checks the first message to a programme's coordinator.
func TestVolunteerDraft(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, lang := range Languages {
		for _, tone := range []string{"je", "u"} {
			for v := -1; v <= DraftVariants; v++ {
				for _, p := range []string{"Home-Start", "Moeders Informeren Moeders", "Buurtgezinnen"} {
					checkVolunteerDraft(t, lang, tone, p, l.VolunteerDraft(lang, tone, p, v))
				}
				long := l.VolunteerDraft(lang, tone, strings.Repeat("Steunouders ", 60), v)
				checkDraftForm(t, long, func(format string, args ...any) { t.Errorf(format+"\n%s", append(args, long)...) })
				none := l.VolunteerDraft(lang, tone, " ", v)
				checkDraftForm(t, none, func(format string, args ...any) { t.Errorf(format+"\n%s", append(args, none)...) })
				if lang == "nl" {
					checkTone(tone, none, func(format string, args ...any) { t.Errorf(format+"\n%s", append(args, none)...) })
				}
			}
		}
	}
}

func BenchmarkComposeDraft(b *testing.B) {
	l := mustLocales(b)
	d := Draft{Need: "babysit", Name: "Sanne", When: "tomorrow", Offer: "cook", Tone: "je", Lang: "nl"}
	for b.Loop() {
		l.ComposeDraft(d)
	}
}
