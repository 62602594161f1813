package dialog

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/drafts/*.golden from the locale files")

// draftSample is what a parent might type, per message language: a first
// name, the "something else" they need, a day as the question asks for it
// (ask_when_text) and one with a phone's capital, and a meetup as the bot
// formats it in that language (days_long, months_long: occurrenceIn).
// toneNames gives a register that names the person's gender (Polish Pan,
// Arabic to a man) a name that fits it.
type draftSample struct {
	name, needText, day, dayCapital string
	meetup                          DraftMeetup
	toneNames                       map[string]string
}

var draftSamples = map[string]draftSample{
	"nl": {"Sanne", "de kast in elkaar zetten", "zaterdag", "Vrijdagavond",
		DraftMeetup{Title: "Babycafé De Wieg", Place: "Buurthuis De Linde", When: "di 1 dec, 10:00"}, nil},
	"en": {"Sanne", "putting a wardrobe together", "Saturday", "friday evening",
		DraftMeetup{Title: "Babycafé De Wieg", Place: "Buurthuis De Linde", When: "Tue 1 Dec, 10:00"}, nil},
	"tr": {"Ayşe", "dolabı kurmak", "cumartesi", "Cuma akşamı",
		DraftMeetup{Title: "Babycafé De Wieg", Place: "Buurthuis De Linde", When: "Salı 1 Aralık, 10:00–11:30"}, nil},
	"pl": {"Kasia", "złożenie szafy", "w sobotę", "W piątek wieczorem",
		DraftMeetup{Title: "Babycafé De Wieg", Place: "Buurthuis De Linde", When: "wtorek 1 grudnia, 10:00–11:30"},
		map[string]string{"pan": "Piotr"}},
	"uk": {"Оксана", "зібрати шафу", "суботу", "В п’ятницю ввечері",
		DraftMeetup{Title: "Babycafé De Wieg", Place: "Buurthuis De Linde", When: "вівторок 1 грудня, 10:00–11:30"}, nil},
	// Arabic has no capitals: dayCapital is a second typed day that does
	// not start with a weekday ("Friday evening").
	"ar": {"فاطمة", "تركيب خزانة", "السبت", "مساء الجمعة",
		DraftMeetup{Title: "Babycafé De Wieg", Place: "Buurthuis De Linde", When: "الثلاثاء 1 ديسمبر, 10:00–11:30"},
		map[string]string{"m": "أحمد"}},
}

// sampleName is the first name a draft in lang and tone greets.
func sampleName(lang, tone string) string {
	s := draftSamples[lang]
	if n, ok := s.toneNames[tone]; ok {
		return n
	}
	return s.name
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
	draftTones  = allDraftTones()
)

// allDraftTones is every message language with every register it has
// (Registers), each with its golden file <lang>-<register>; English has one
// form, so it is there once, as je, in en.golden.
func allDraftTones() []struct{ lang, tone, file string } {
	var out []struct{ lang, tone, file string }
	for _, lang := range Languages {
		for _, tone := range Registers[lang] {
			if lang == "en" {
				out = append(out, struct{ lang, tone, file string }{lang, tone, lang})
				break
			}
			out = append(out, struct{ lang, tone, file string }{lang, tone, lang + "-" + tone})
		}
	}
	return out
}

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
		for _, name := range []string{sampleName(lang, tone), ""} {
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
	s, name := draftSamples[lang], sampleName(lang, tone)
	subset := []Draft{
		newDraft(lang, tone, "babysit", false, name, "", "tomorrow", "babysit", 0),
		newDraft(lang, tone, "groceries", false, "", "neighbour", "today", "cook", 0),
		newDraft(lang, tone, "ride", false, "", "parent", "this_week", "", 0),
		newDraft(lang, tone, "meal", false, name, "", "day", "help", 0),
		newDraft(lang, tone, "talk", false, name, "", "flexible", "", 0),
		newDraft(lang, tone, "paperwork", false, "", "other", "flexible", "babysit", 0),
		newDraft(lang, tone, "come_along", false, "", "friend", "tomorrow", "", 0),
		newDraft(lang, tone, "come_along", true, name, "", "", "cook", 0),
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
								name, whom = sampleName(tt.lang, tt.tone), ""
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

// uw is a pattern with word edges that work in every script (Go's \b knows
// only ASCII letters): \< stands before the start of a word and \> after its
// end; a letter's marks (an Arabic kasra) belong to it. Most patterns mark
// only where a word starts, so a stem takes every ending: Polish and
// Ukrainian cases, Turkish suffixes.
func uw(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.NewReplacer(`\<`, `(?:^|[^\pL\pM])`, `\>`, `(?:[^\pL\pM]|$)`).Replace(pattern))
}

// The words a draft must say, per message language. The need words are
// matched against the ask alone (draftAsk: the why, the offer and the easy
// no taken out), in small letters and without direction marks, and must
// name what the need is: an ask about another need fails
// (TestDraftNeedWordsApart).
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
		// Turkish, lowered with Turkish rules (İ → i, I → ı).
		"tr": {
			// looking after a child: çocuk bakmak, çocuklara bakmak, bebekle ilgilenmek, bakıcı
			"babysit": uw(`\<(?:çocu[kğ]|bebe[kğ])\pL*\s+(?:\pL+\s+)?(?:bak|ilgilen|göz kulak)|\<bakıcı`),
			// shopping: alışveriş, market(ten), bakkal, manav
			"groceries": uw(`\<(?:alışveriş|market|süpermarket|bakkal|manav|erzak)`),
			// by car: arabayla; taking me somewhere: beni … götürmek / bırakmak
			"ride": uw(`\<araba(?:yla|mla|nla|\>)|\<araba ile|\<beni\s+(?:\pL+\s+){0,4}?(?:götür|bırak)`),
			// a meal, cooking: yemek (yapmak), yemeği, tencere, çorba
			"meal": uw(`\<(?:yemek|yemeğ|tencere|çorba)`),
			// a chat, a talk: sohbet, konuşmak, dertleşmek, muhabbet
			"talk": uw(`\<(?:sohbet|konuş|dertleş|muhabbet)`),
			// papers, forms, letters: evrak, belge, dilekçe, mektup/mektuba, form(a|lar)
			"paperwork": uw(`\<(?:evrak|belge|dilekçe|mektu[pb]|resmi yazı|kağıt|kâğıt|form(?:a|u|un|da|lar|ları|lara)?\>)`),
			// going with me: benimle / birlikte … gelmek / gitmek, eşlik etmek
			"come_along": uw(`\<(?:benimle|birlikte|beraber)[^.?!]{0,60}?\<(?:gel|git|gid)|\<eşlik`),
		},
		"pl": {
			// looking after the children: popilnować/przypilnować, opieka nad dziećmi, zostać z dziećmi, niania
			"babysit": uw(`\<(?:po|przy)?piln(?:ow|uj)|\<opiek\pL*\s+nad\s+dzie|\<zosta\pL*\s+(?:\pL+\s+){0,2}?z\s+dzie|\<nia[nń]`),
			// shopping: zakupy, sklep, kupić, sprawunki
			"groceries": uw(`\<(?:zakup|sklep|sprawunk|kupi|kupuj|kupow)`),
			// a lift: podwieźć, zawieźć, podwozić, samochodem, autem
			"ride": uw(`\<(?:pod|za|od)wie[zź]|\<(?:pod|za|od)wo[zż]|\<samoch[oó]d|\<autem\>|\<podrzuc`),
			// cooking, a meal: ugotować, gotować, obiad, kolacja, posiłek, jedzenie, zupa
			"meal": uw(`\<(?:ugot(?:ow|uj)|gotuj|gotowani|obiad|kolacj|posił|jedzeni|zup[aęy]\>)`),
			// a talk: rozmowa, porozmawiać, pogadać
			"talk": uw(`\<(?:(?:po)?rozm(?:ow|aw)|pogad|pogawęd)`),
			// papers: dokumenty, formularze, listy (not listopad), pisma, urząd, wniosek
			"paperwork": uw(`\<(?:dokument|formularz|papier|urzęd|wniosk|pism(?:o|a|em|ami)?\>|list(?:y|ów|ami|ach|em|u)?\>)`),
			// going with me: pójść / iść / wybrać się … ze mną / razem, towarzyszyć
			"come_along": uw(`\<(?:pój|posz(?:ed|ł)|iść|idzi|idę|chodź|wybier|wybior|wybra)\pL*[^.?!]{0,40}?\<(?:ze mną|razem)|\<(?:ze mną|razem)[^.?!]{0,40}?\<(?:pój|posz(?:ed|ł)|iść|idzi|chodź)|\<towarzysz`),
		},
		"uk": {
			// staying with the child: посидіти / побути / доглянути … з дитиною, малечею; няня
			"babysit": uw(`\<(?:посид|побу|догля|наглян|пригля)\pL*[^.?!]{0,25}?\<(?:дит|діт|малеч|малюк|малят)|\<нян[ьяюіе]|\<няньч`),
			// shopping: продукти, магазин, купити, покупки
			"groceries": uw(`\<(?:продукт|магазин|покуп|закуп|купи|купу|супермаркет|крамниц)`),
			// a lift: підвезти, відвезти, машиною
			"ride": uw(`\<(?:під|від|за|до)в[еі]з|\<(?:під|від|за)вож|\<машин|\<автомобіл|\<автівк`),
			// cooking, food: приготувати, зварити, поїсти, їжа, обід, вечеря, страва
			"meal": uw(`\<(?:приготу|готува|звар|поїст|їст|їж[аіуе]\>|обід|вечер[яіюе]|страв)`),
			// a talk: розмова, поговорити, побалакати
			"talk": uw(`\<(?:розмов|поговор|говор|побалака|балака|погомон)`),
			// papers: документи, бланки, листи (not листопад), папери, анкети, форми
			"paperwork": uw(`\<(?:документ|бланк|папер|анкет|довідк|форм(?:а|и|у|ою|ами|ах|уляр)|лист(?:и|ів|ами|ах|а|ом|і)?\>)`),
			// going with me: піти / сходити … зі мною / разом, скласти компанію
			"come_along": uw(`\<(?:піти|піде|підеш|підем|сход|ходи|йти|іти|прийти)\pL*[^.?!]{0,40}?\<(?:зі мною|разом|удвох)|\<(?:зі мною|разом|удвох)[^.?!]{0,40}?\<(?:піти|піде|підеш|сход|йти|іти|ходи)|\<(?:склас|склад)\pL*\s+(?:мені\s+)?компані`),
		},
		// Arabic words take و ب ل ف and ال in front, so most stems stand
		// anywhere in a word.
		"ar": {
			// looking after the children: رعاية/يرعى/تعتني … الأطفال, جليسة أطفال, مربية
			"babysit": uw(`(?:رعاي|يرع|ترع|أرع|نرع|تعتن|يعتن|أعتن|اعتناء|عناية|مجالس|تجالس|جليس)\pL*[^.؟!]{0,30}?(?:أطفال|اطفال|أولاد|اولاد|طفل|صغار)|مربي[ةه]`),
			// shopping: التسوق, مشتريات, أغراض, المتجر, بقالة, تشتري
			"groceries": uw(`تسو[قّ]|مشتري|أغراض|اغراض|متجر|سوبر\s?ماركت|بقال|دكان|تشتري|أشتري|اشتر|شراء`),
			// a lift: توصلني, توصيلة, بالسيارة, تقلني
			"ride": uw(`توصل(?:ني|يني)|توصيل|سيار[ةت]|تقل(?:ني|يني)`),
			// cooking, food: تطبخ, وجبة, طعام, أكل, عشاء, غداء
			"meal": uw(`طبخ|طبيخ|وجب[ةا]|طعام|أكل|عشاء|غداء|حساء|شوربة`),
			// a talk: نتحدث, حديث, دردشة, نتكلم, كلام
			"talk": uw(`تحدث|حديث|دردش|تكلم|كلام|فضفض|تسامر`),
			// papers: أوراق, رسائل, استمارات, نماذج, وثائق, مستندات
			"paperwork": uw(`أوراق|اوراق|ورق[ةه]|رسائل|رسال[ةه]|استمار|نموذج|نماذج|وثائق|وثيق|مستند|معاملات`),
			// going with me: ترافقني, مرافقتي, تأتي معي, نذهب معا
			"come_along": uw(`ترافق|يرافق|أرافق|نرافق|مرافقت|(?:تأتي|تأتين|تجيء|نذهب|تذهب|تذهبين|أذهب|نحضر)[^.؟!]{0,20}?(?:معي|معا|معًا|سويا|سويًا|مع بعض)`),
		},
	}
	draftMomentWords = map[string]map[string]string{
		"nl": {"today": "vandaag", "tomorrow": "morgen", "this_week": "deze week", "flexible": "wanneer het"},
		"en": {"today": "today", "tomorrow": "tomorrow", "this_week": "this week", "flexible": "whenever suits you"},
		"tr": {"today": "bugün", "tomorrow": "yarın", "this_week": "bu hafta", "flexible": "ne zaman müsait"},
		"pl": {"today": "dzisiaj", "tomorrow": "jutro", "this_week": "w tym tygodniu", "flexible": "kiedy będzie"},
		"uk": {"today": "сьогодні", "tomorrow": "завтра", "this_week": "цього тижня", "flexible": "буде зручно"},
		"ar": {"today": "اليوم", "tomorrow": "غدا", "this_week": "هذا الأسبوع", "flexible": "حين يناسب"},
	}
	// draftMeetupWords: a come-along without a chosen meetup says what to
	// go to, a meetup for parents.
	draftMeetupWords = map[string]*regexp.Regexp{
		"nl": regexp.MustCompile(`bijeenkomst`),
		"en": regexp.MustCompile(`meetup`),
		"tr": uw(`\<(?:buluşma|toplantı|etkinli)`),
		"pl": uw(`\<spotkani`),
		"uk": uw(`\<зустріч`),
		"ar": uw(`لقاء|اجتماع|ملتقى|تجمع`),
	}
	informalWords = regexp.MustCompile(`(?i)\b(je|jij|jouw|jou|jullie)\b`)
	formalWords   = regexp.MustCompile(`(?i)\b(u|uw)\b`)
	// relationWords are words for a neighbour, which a greeting may only
	// say when the parent chose one: buur(vrouw), neighbour, komşu,
	// sąsiad(ka/ce/ko), сусід(ка/е/ко), جار(ة/ي/تي).
	relationWords = uw(`(?i)buur|neighbour|komşu|sąsi[ae]d|сусід|\<(?:ال)?جار(?:ة|ت)?(?:ي|نا|ك\x{0650}?|كم)?\>`)
	// draftWrongTone are words a draft in a register must not say: in
	// Dutch u in a je draft and je in a u draft; in Turkish siz in a sen
	// draft and sen in a siz draft; in Polish Pan or Pani in a ty draft, ty
	// or the other gender in a Pan or Pani draft; in Ukrainian ви in a ти
	// draft and ти in a ви draft; in Arabic a feminine form writing to a man
	// and a masculine one writing to a woman (draftWrongArabicF too).
	// Matched without direction marks; a Polish Pan/Pani is written with
	// its capital.
	draftWrongTone = map[string]map[string][]*regexp.Regexp{
		"nl": {"je": {formalWords}, "u": {informalWords}},
		"tr": {
			"sen": {uw(`(?i)\<(?:siz|size|sizi|sizin|sizinle|sizden|sizce)\>|(?:mısınız|misiniz|musunuz|müsünüz)|\pL(?:sınız|siniz|sunuz|sünüz|sanız|seniz)\>|\<(?:vakt|ihtiyac|iş|can)[ıi]n[ıi]z`)},
			"siz": {uw(`(?i)\<(?:sen|sana|seni|senin|seninle|senden|sence)\>|\<(?:mısın|misin|musun|müsün)\>|\<(?:vaktin|ihtiyacın|işine|canın)\>|\pL(?:ursan|ırsan|irsen|ürsen|arsan|ersen)\>`)},
		},
		"pl": {
			"ty":   {uw(`\<(?:Pan|Pana|Panu|Panem|Panie|Pani|Panią|Państw\pL*)\>`)},
			"pan":  {uw(`\<(?:Pani|Panią)\>`), polishTy},
			"pani": {uw(`\<(?:Pan|Pana|Panu|Panem|Panie)\>`), polishTy},
		},
		"uk": {
			"ty": {uw(`(?i)\<(?:ви|вас|вам|вами|можете|зможете|скажіть|дайте|відмовляйте|приходьте)\>`)},
			"vy": {uw(`(?i)\<(?:ти|тебе|тобі|тобою|твій|твоя|твоє|твої|твого|твоїй|твою|твоїм|скажи|дай|приходь|відмовляй)\>|\pL(?:еш|єш|иш|іш)\>`)},
		},
		"ar": {
			// the feminine kasra on كِ / تِ, and feminine words and verbs
			"m": {uw(`\x{0650}|\<(?:عزيزتي|جارتي|مدعوة)\>|(?:تستطيع|تود|ترغب|تريد)ين\>`)},
			// masculine words and verbs (a bare final ك: draftWrongArabicF)
			"f": {uw(`\<(?:عزيزي|جاري|مدعو)\>|\<(?:تستطيع|تود|ترغب|تريد)\>`)},
		},
	}
	// polishTy is the informal "you" in Polish: its pronouns and the
	// second person singular of a verb (możesz, masz, dasz).
	polishTy = uw(`(?i)\<(?:ty|ciebie|cię|ci|tobie|tobą|twój|twoja|twoje|twoich|twoim|twoją|twojej)\>|\<\pL+(?:esz|isz|ysz|asz)\>`)
	// arabicFinalKaf is a word ending in ك without a kasra: "you" to a man
	// (لك, لديك), unless it is one of arabicKafWords.
	arabicFinalKaf = uw(`\pL*ك\>`)
	arabicKafWords = []string{"ذلك", "لذلك", "بذلك", "كذلك", "وذلك", "فذلك", "تلك", "هناك", "هنالك", "مبارك"}
)

// visible is s without the invisible direction marks the locales put into
// right-to-left texts (rtlLines, isolateValues) and isolate around typed
// text: what a reader sees, to compare and to check white space in.
func visible(s string) string {
	return strings.NewReplacer("\u200e", "", "\u200f", "", "\u061c", "", "\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "").Replace(s)
}

// lower is s in small letters as lang writes them (Turkish İ → i, I → ı).
func lower(lang, s string) string {
	if lang == "tr" {
		return strings.ToLowerSpecial(unicode.TurkishCase, s)
	}
	return strings.ToLower(s)
}

// draftAsk is the body of a draft for d without its why, offer and easy
// no: the ask alone, visible, in small letters.
func draftAsk(l *Locales, d Draft, body string) string {
	v := ((d.Variant % DraftVariants) + DraftVariants) % DraftVariants
	why, ok := l.Lookup(d.Lang, fmt.Sprintf("draft_why_%s_%d_%s", d.Need, v, d.Tone))
	if !ok {
		why = l.T(d.Lang, fmt.Sprintf("draft_why_%d_%s", v, d.Tone))
	}
	drop := []string{why, l.T(d.Lang, fmt.Sprintf("draft_no_%d_%s", v, d.Tone))}
	if d.Offer != "" {
		drop = append(drop, l.T(d.Lang, fmt.Sprintf("draft_offer_%s_%d_%s", d.Offer, v, d.Tone)))
	}
	body = visible(body)
	for _, s := range drop {
		body = strings.Replace(body, visible(s), "", 1)
	}
	return lower(d.Lang, body)
}

// checkDraft holds got, the draft for d, to every rule a draft must keep.
func checkDraft(t *testing.T, l *Locales, d Draft, got string) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s %s: %s\n%s", d.Lang, d.Tone, fmt.Sprintf(format, args...), got)
	}
	checkDraftForm(t, got, fail)
	checkDirection(d.Lang, got, fail)
	lines := strings.Split(visible(got), "\n")
	if len(lines) != 5 {
		return
	}
	hello, body := lines[0], lines[2]
	low := lower(d.Lang, visible(got))
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
	} else if words, ok := draftNeedWords[d.Lang][d.Need]; !ok {
		fail("no need words for %s in %s", d.Need, d.Lang)
	} else if ask := draftAsk(l, d, body); !words.MatchString(ask) {
		fail("the ask has no word for need %s (%s): %q", d.Need, words, ask)
	}
	switch {
	case d.Meetup != nil:
		for _, s := range []string{d.Meetup.Title, d.Meetup.Place, d.Meetup.When} {
			if !strings.Contains(body, s) {
				fail("the meetup's %q is missing", s)
			}
		}
	case d.Need == "come_along" && !draftMeetupWords[d.Lang].MatchString(lower(d.Lang, body)):
		fail("come along without a meetup does not say where to")
	}
	if d.Meetup == nil {
		want := draftMomentWords[d.Lang][d.When]
		if d.When == "day" {
			want = d.WhenText
		}
		if want = lower(d.Lang, want); want == "" || !strings.Contains(low, want) {
			fail("the moment %q is missing", want)
		}
	}
	if no := visible(l.T(d.Lang, fmt.Sprintf("draft_no_%d_%s", v, d.Tone))); !strings.Contains(body, no) {
		fail("the easy no %q is missing", no)
	}
	if d.Offer != "" {
		if offer := visible(l.T(d.Lang, fmt.Sprintf("draft_offer_%s_%d_%s", d.Offer, v, d.Tone))); !strings.Contains(body, offer) {
			fail("the offer %q is missing", offer)
		}
	}
	checkTone(d.Lang, d.Tone, got, fail)
}

// checkDraftForm checks what every draft and volunteer draft share: a
// greeting line, an empty line, the body, an empty line, a closing line;
// at most MaxDraftRunes; nothing of a template left; no stray white space
// or punctuation, also where invisible direction marks stand between
// (they are taken out first), and every direction isolate closed on its
// line.
func checkDraftForm(t *testing.T, got string, fail func(string, ...any)) {
	t.Helper()
	if n := utf8.RuneCountInString(got); n > MaxDraftRunes {
		fail("%d runes, more than %d", n, MaxDraftRunes)
	}
	if !utf8.ValidString(got) {
		fail("not valid UTF-8")
	}
	for _, bad := range []string{"{{", "}}", "<no value>", "%!", "draft_"} {
		if strings.Contains(got, bad) {
			fail("contains %q", bad)
		}
	}
	vis := visible(got)
	for _, bad := range []string{"  ", " ,", " .", " ?", "..", "?.", "\n\n\n", "\t", " ،", " ؟", "؟.", "،،"} {
		if strings.Contains(vis, bad) {
			fail("contains %q", bad)
		}
	}
	if strings.TrimSpace(vis) != vis {
		fail("white space at the start or end")
	}
	raw, lines := strings.Split(got, "\n"), strings.Split(vis, "\n")
	if len(raw) != 5 || raw[1] != "" || raw[3] != "" || lines[1] != "" || lines[3] != "" {
		fail("layout is not greeting, empty line, body, empty line, closing")
		return
	}
	for _, i := range []int{0, 2, 4} {
		if lines[i] == "" || strings.TrimSpace(lines[i]) != lines[i] {
			fail("line %d is empty or has white space around it", i+1)
		}
		depth := 0
		for _, r := range raw[i] {
			switch r {
			case '\u2066', '\u2067', '\u2068':
				depth++
			case '\u2069':
				depth--
			}
			if depth < 0 {
				break
			}
		}
		if depth != 0 {
			fail("line %d opens and closes direction isolates unevenly", i+1)
		}
	}
}

// checkDirection checks that every line of a right-to-left draft that
// holds Arabic starts with the right-to-left mark, so a line that begins
// with a Latin name is still laid out from the right.
func checkDirection(lang, got string, fail func(string, ...any)) {
	if !rightToLeft[lang] {
		return
	}
	for i, line := range strings.Split(got, "\n") {
		if strings.IndexFunc(line, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) >= 0 && !strings.HasPrefix(line, "\u200f") {
			fail("line %d lacks the right-to-left mark", i+1)
		}
	}
}

// checkTone fails on words of another register than tone (draftWrongTone).
func checkTone(lang, tone, got string, fail func(string, ...any)) {
	vis := visible(got)
	for _, words := range draftWrongTone[lang][tone] {
		if m := words.FindString(vis); m != "" {
			fail("tone %s, but says %q", tone, strings.TrimFunc(m, func(r rune) bool { return !unicode.IsLetter(r) }))
		}
	}
	if lang == "ar" && tone == "f" {
		for _, m := range arabicFinalKaf.FindAllString(vis, -1) {
			if w := strings.TrimFunc(m, func(r rune) bool { return !unicode.IsLetter(r) }); !slices.Contains(arabicKafWords, w) {
				fail("tone f, but says %q (a masculine you: كِ wants its kasra)", w)
			}
		}
	}
}

func checkVolunteerDraft(t *testing.T, lang, tone, programme, got string) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("volunteer draft %s %s: %s\n%s", lang, tone, fmt.Sprintf(format, args...), got)
	}
	checkDraftForm(t, got, fail)
	checkDirection(lang, got, fail)
	if !strings.Contains(visible(got), programme) {
		fail("lacks the programme %q", programme)
	}
	checkTone(lang, tone, got, fail)
}

// TestDraftNeedWordsApart checks that the need words say what the need
// is: the ask for one need, at every moment and in every variant, matches
// no other need's words. Not yet for Dutch and English, whose come-along
// words (mee, samen, with me) also fit looking at paperwork together.
func TestDraftNeedWordsApart(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for _, tt := range draftTones {
		if tt.lang == "nl" || tt.lang == "en" {
			continue
		}
		for _, n := range draftNeeds {
			if n.need == "other" {
				continue
			}
			for _, when := range draftWhens {
				for v := range DraftVariants {
					d := newDraft(tt.lang, tt.tone, n.need, n.meetup, "", "other", when, "", v)
					lines := strings.Split(l.ComposeDraft(d), "\n")
					if len(lines) != 5 {
						continue // checkDraft reports it
					}
					ask := draftAsk(l, d, lines[2])
					for other, words := range draftNeedWords[tt.lang] {
						if other != n.need && words.MatchString(ask) {
							t.Errorf("%s: the ask for %s matches the words for %s (%q): %q",
								tt.file, n.need, other, words.FindString(ask), ask)
						}
					}
				}
			}
		}
	}
}

// TestDraftToneWordsApart checks that the register checks can tell: for
// each need, a draft written in one register is caught, in some variant,
// by the words another register of its language must not say.
func TestDraftToneWordsApart(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for lang := range draftWrongTone {
		for _, wrote := range Registers[lang] {
			for _, judged := range Registers[lang] {
				if wrote == judged {
					continue
				}
				for _, n := range draftNeeds {
					caught := false
					for v := range DraftVariants {
						d := newDraft(lang, wrote, n.need, n.meetup, sampleName(lang, wrote), "", "tomorrow", "", v)
						checkTone(lang, judged, l.ComposeDraft(d), func(string, ...any) { caught = true })
					}
					if !caught {
						t.Errorf("%s: no %s draft for %s says a word the %s register must not", lang, wrote, n.need, judged)
					}
				}
			}
		}
	}
}

// TestDraftRelationWords checks that relationWords finds a neighbour in a
// greeting in every language, and nothing in greetings without one.
func TestDraftRelationWords(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"Hoi buurvrouw!", "Dag buurman,", "Hi neighbour!", "Merhaba komşu!", "Selam komşum,",
		"Cześć, sąsiedzie!", "Dzień dobry, sąsiadko,", "Dzień dobry, Pani sąsiadko!",
		"Привіт, сусіде!", "Добрий день, сусідко!", "مرحبا يا جاري!", "مرحبا يا جارتي!", "\u200fأهلا يا جار،",
	} {
		if !relationWords.MatchString(visible(s)) {
			t.Errorf("relationWords misses the neighbour in %q", s)
		}
	}
	for _, s := range []string{
		"Hoi!", "Hello!", "Merhaba!", "Merhabalar,", "Cześć!", "Dzień dobry,", "Привіт!", "Добрий день!",
		"مرحبا!", "أهلا!", "مرحبا بالتجار،", "Hallo Sanne,",
	} {
		if m := relationWords.FindString(visible(s)); m != "" {
			t.Errorf("relationWords finds %q in %q", m, s)
		}
	}
}

// TestDraftVariantsDiffer checks that "other words" gives other words: the
// variants of one request all differ, in their body too, and any int picks one.
