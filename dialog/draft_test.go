package dialog

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

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
	// The typed text is the one between direction isolates that starts as
	// it does. (In a right-to-left draft every filled-in value has its
	// isolate: the name's comes first.)
	seg, ok := "", false
	for rest := got; !ok; {
		var found bool
		if _, rest, found = strings.Cut(rest, "\u2068"); !found {
			return
		}
		seg, _, _ = strings.Cut(rest, "\u2069")
		ok = seg != "" && strings.HasPrefix(full, string([]rune(seg)[0]))
	}
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
		{"tr", "cumartesi", "Acaba cumartesi birkaç saatliğine", ""},
		{"tr", "Cumartesi", "Acaba cumartesi birkaç saatliğine", "Cumartesi"},
		{"tr", "Cuma akşamı", "Acaba cuma akşamı birkaç saatliğine", "Cuma"},
		{"tr", "Ramazan bayramında", "Acaba Ramazan bayramında birkaç", ""},
		{"pl", "w sobotę", "Czy możesz w sobotę popilnować", ""},
		{"pl", "Wieczorem po pracy", "Czy możesz wieczorem po pracy popilnować", "Wieczorem"},
		{"uk", "суботу", "Чи зможеш ти у суботу посидіти", ""},
		{"uk", "Суботу", "Чи зможеш ти у суботу посидіти", "Суботу"},
		{"uk", "у суботу", "Чи зможеш ти у суботу посидіти", "у у"},
		{"uk", "Після школи", "Чи зможеш ти після школи посидіти", "Після"},
		{"ar", "السبت", "بضع ساعات يوم السبت؟", ""},
		{"ar", "يوم السبت", "بضع ساعات يوم السبت؟", "يوم يوم"},
		{"ar", "بعد المدرسة", "بضع ساعات بعد المدرسة؟", "يوم"},
	} {
		d := Draft{Need: "babysit", Name: "Sanne", When: "day", WhenText: tc.typed, Lang: tc.lang, Tone: Registers[tc.lang][0]}
		got := visible(l.ComposeDraft(d))
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
		{"tr", DraftMeetup{"Babycafé De Wieg", "Buurthuis De Linde", "Salı 1 Aralık, 10:00–11:30"}, "buluşmaya gitmek istiyorum: Babycafé De Wieg (Buurthuis De Linde), Salı 1 Aralık, 10:00–11:30."},
		{"tr", DraftMeetup{"Babycafé De Wieg", "", "yarın, 10:00–11:30"}, "istiyorum: Babycafé De Wieg, yarın, 10:00–11:30."},
		{"pl", DraftMeetup{"Babycafé De Wieg", "Buurthuis De Linde", "wtorek 1 grudnia, 10:00–11:30"}, "na spotkanie: Babycafé De Wieg (Buurthuis De Linde, wtorek 1 grudnia, 10:00–11:30)."},
		{"pl", DraftMeetup{"Babycafé De Wieg", "Buurthuis De Linde", ""}, "na spotkanie: Babycafé De Wieg (Buurthuis De Linde)."},
		{"uk", DraftMeetup{"Babycafé De Wieg", "Buurthuis De Linde", "вівторок 1 грудня, 10:00–11:30"}, "на зустріч «Babycafé De Wieg» (Buurthuis De Linde, вівторок 1 грудня, 10:00–11:30)."},
		{"uk", DraftMeetup{"Babycafé De Wieg", "", "сьогодні, 19:30–21:00"}, "на зустріч «Babycafé De Wieg» (сьогодні, 19:30–21:00)."},
		{"ar", DraftMeetup{"Babycafé De Wieg", "Buurthuis De Linde", "الثلاثاء 1 ديسمبر, 10:00–11:30"}, "إلى Babycafé De Wieg (Buurthuis De Linde) يوم الثلاثاء 1 ديسمبر, 10:00–11:30."},
	} {
		m := tc.m
		got := visible(l.ComposeDraft(Draft{Need: "come_along", Name: "Sanne", Lang: tc.lang, Tone: Registers[tc.lang][0], Meetup: &m}))
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
		for _, tone := range Registers[lang] {
			for v := -1; v <= DraftVariants; v++ {
				for _, p := range []string{"Home-Start", "Moeders Informeren Moeders", "Buurtgezinnen"} {
					checkVolunteerDraft(t, lang, tone, p, l.VolunteerDraft(lang, tone, p, v))
				}
				long := l.VolunteerDraft(lang, tone, strings.Repeat("Steunouders ", 60), v)
				checkDraftForm(t, long, func(format string, args ...any) { t.Errorf(format+"\n%s", append(args, long)...) })
				none := l.VolunteerDraft(lang, tone, " ", v)
				checkDraftForm(t, none, func(format string, args ...any) { t.Errorf(format+"\n%s", append(args, none)...) })
				checkTone(lang, tone, none, func(format string, args ...any) { t.Errorf(format+"\n%s", append(args, none)...) })
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
