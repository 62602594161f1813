package dialog

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// draft.go writes the message a parent may send to ask someone for help.
// Research on parents' networks says a good request names the person, the
// concrete thing and the moment, makes it easy to say no and, where the
// parent wants, offers something back; so a draft is a greeting, the ask
// with its moment, one line on why it helps, the offer, the easy "no" and a
// closing. Every word comes from locales/draft.<lang>.yaml: this file picks
// the pieces, cleans what the parent typed and keeps the whole short enough
// to send. The bot never sends it; the parent does, or not.

// Draft is what a parent asked for, in the words of the help dialog.
type Draft struct {
	Need     string       // babysit | groceries | ride | meal | talk | paperwork | come_along | other
	NeedText string       // for other: what the parent typed (trimmed, ≤ 200 runes)
	Name     string       // first name of the person asked; "" when not given
	Whom     string       // family | friend | neighbour | parent | other | "" (used for the greeting when no name)
	When     string       // today | tomorrow | this_week | day | flexible
	WhenText string       // for day: what the parent typed ("zaterdag", "on Friday morning"), ≤ 60 runes
	Offer    string       // "" | babysit | cook | help
	Tone     string       // the register, one of Registers[Lang]: how the message addresses the person
	Lang     string       // language of the MESSAGE, one of Languages (may differ from the bot's language)
	Variant  int          // phrasing; any int, taken modulo DraftVariants
	Meetup   *DraftMeetup // for come_along: the meetup to go to together, nil otherwise
}

// DraftMeetup is the meetup a "come along" request is about, already formatted.
type DraftMeetup struct{ Title, Place, When string }

// Registers are the ways a help message in each language can address the
// person, the first the default: Dutch je or u, Turkish sen or siz, Polish
// ty, Pan (to a man) or Pani (to a woman), Ukrainian ти or ви, Arabic to
// a man or to a woman. Keys of draft.<lang>.yaml that depend on it end in
// _<register> (TestLocaleFilesMatchDutch checks each is there). English
// has one form; its texts say the same for je and u.
var Registers = map[string][]string{
	"nl": {"je", "u"},
	"en": {"je", "u"},
	"tr": {"sen", "siz"},
	"pl": {"ty", "pan", "pani"},
	"uk": {"ty", "vy"},
	"ar": {"m", "f"},
}

// askRegisters are the registers a parent chooses between for a message
// in lang: none for English, where there is nothing to choose.
func askRegisters(lang string) []string {
	if lang == "en" {
		return nil
	}
	return Registers[lang]
}

// politeRegister is how a first message to a volunteer programme
// addresses its coordinator, whom the parent does not know: politely, and
// where the language marks it, as to a man (the general form; the Polish
// and Arabic texts want a native speaker's review, docs/TRANSLATIONS.md).
var politeRegister = map[string]string{"nl": "u", "en": "u", "tr": "siz", "pl": "pan", "uk": "vy", "ar": "m"}

// DraftVariants is how many phrasings "other words" cycles through; each
// says the same, in other words and another order.
const DraftVariants = 3

// MaxDraftRunes keeps a draft short enough to read on a phone at a glance,
// and far inside what WhatsApp links and Telegram messages carry.
const MaxDraftRunes = 600

// Limits on typed and catalogue text inside a draft. The help dialog asks
// for no more than this already; cutting again here keeps every caller's
// draft under MaxDraftRunes.
const (
	draftNameRunes      = 40
	draftNeedRunes      = 200
	draftWhenRunes      = 60
	draftTitleRunes     = 100
	draftPlaceRunes     = 80
	draftDateRunes      = 60
	draftProgrammeRunes = 100
)

// ComposeDraft writes the message from locale templates. It drops the
// "why" line and then shortens what the parent typed when the whole would
// be longer than MaxDraftRunes; the easy "no" always stays.
func (l *Locales) ComposeDraft(d Draft) string {
	return l.composeDraft(d, MaxDraftRunes)
}

// composeDraft is ComposeDraft within limit runes. With today's texts and
// limits every draft fits MaxDraftRunes as it is; the fitting is there for
// longer languages and texts to come, and its test uses a smaller limit.
func (l *Locales) composeDraft(d Draft, limit int) string {
	w := l.draftWriter(d.Lang, d.Tone, d.Variant)
	in := newDraftInput(d)
	s := w.compose(in, true)
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	s = w.compose(in, false)
	for range 10 {
		over := utf8.RuneCountInString(s) - limit
		if over <= 0 || !in.shrink(over) {
			break
		}
		s = w.compose(in, false)
	}
	return s
}

// VolunteerDraft writes a parent's first message to a volunteer programme's coordinator
// (e.g. Home-Start), in lang/tone, with the programme's title; short, plain, no need to explain everything.
func (l *Locales) VolunteerDraft(lang, tone, programme string, variant int) string {
	w := l.draftWriter(lang, tone, variant)
	name := isolate(shorten(plain(programme), draftProgrammeRunes))
	if name == "" {
		name = w.toned("draft_volunteer_unnamed", nil)
	}
	data := map[string]any{"Programme": name}
	return draftLayout(w.varied("draft_volunteer_hello", nil), w.varied("draft_volunteer_body", data), w.varied("draft_volunteer_close", nil))
}

// draftWriter looks up draft texts in one language, tone and variant.
type draftWriter struct {
	l    *Locales
	lang string
	tone string
	v    int
}

func (l *Locales) draftWriter(lang, tone string, variant int) draftWriter {
	if !supported(lang) {
		lang = l.def
	}
	if regs := Registers[lang]; !slices.Contains(regs, tone) {
		tone = regs[0]
	}
	return draftWriter{l: l, lang: lang, tone: tone, v: ((variant % DraftVariants) + DraftVariants) % DraftVariants}
}

// text is the plain text id; toned the id for the tone (id_je, id_u);
// varied the id for the variant and tone (id_0_je).
func (w draftWriter) text(id string, data map[string]any) string {
	if data == nil {
		return w.l.T(w.lang, id)
	}
	return w.l.T(w.lang, id, data)
}

func (w draftWriter) toned(id string, data map[string]any) string {
	return w.text(id+"_"+w.tone, data)
}

func (w draftWriter) varied(id string, data map[string]any) string {
	return w.text(fmt.Sprintf("%s_%d_%s", id, w.v, w.tone), data)
}

// draftInput is a Draft with every choice checked and every text cleaned;
// the texts keep their limits, which shrink lowers when a draft is long.
type draftInput struct {
	need, whom, when, offer string
	name, what, day         limited
	title, place, date      limited
	meetup                  bool
}

// limited is text with the number of runes it may take up.
type limited struct {
	text string
	max  int
}

func (t limited) String() string { return shorten(t.text, t.max) }

func newDraftInput(d Draft) *draftInput {
	in := &draftInput{
		need:  pickOne(d.Need, "other", "babysit", "groceries", "ride", "meal", "talk", "paperwork", "come_along", "other"),
		whom:  pickOne(d.Whom, "other", "family", "friend", "neighbour", "parent", "other"),
		when:  pickOne(d.When, "flexible", "today", "tomorrow", "this_week", "day", "flexible"),
		offer: pickOne(d.Offer, "", "babysit", "cook", "help"),
		name:  limited{capitalise(trimEnd(plain(d.Name))), draftNameRunes},
		what:  limited{trimEnd(plain(d.NeedText)), draftNeedRunes},
		day:   limited{trimEnd(plain(d.WhenText)), draftWhenRunes},
	}
	if in.when == "day" && in.day.text == "" {
		in.when = "flexible"
	}
	if m := d.Meetup; m != nil && in.need == "come_along" {
		in.title = limited{plain(m.Title), draftTitleRunes}
		in.place = limited{plain(m.Place), draftPlaceRunes}
		in.date = limited{plain(m.When), draftDateRunes}
		in.meetup = in.title.text != ""
	}
	return in
}

// shrink takes at least over runes off the typed texts, the parent's own
// words for "other" first; false when nothing is left to take.
func (in *draftInput) shrink(over int) bool {
	const keep = 20 // never cut a text below this
	var fields []*limited
	switch {
	case in.need == "other":
		fields = append(fields, &in.what)
	case in.meetup:
		fields = append(fields, &in.title, &in.place)
	}
	if in.when == "day" && !in.meetup {
		fields = append(fields, &in.day)
	}
	fields = append(fields, &in.name)
	for _, f := range fields {
		n := utf8.RuneCountInString(f.String())
		if n <= keep {
			continue
		}
		f.max = max(keep, n-over)
		return true
	}
	return false
}

func (w draftWriter) compose(in *draftInput, withWhy bool) string {
	ask := w.ask(in)
	why := ""
	if withWhy {
		why = w.why(in.need)
	}
	offer := ""
	if in.offer != "" {
		offer = w.varied("draft_offer_"+in.offer, nil)
	}
	no := w.varied("draft_no", nil)
	var body []string
	switch w.v {
	case 0:
		body = []string{ask, why, offer, no}
	case 1:
		body = []string{ask, why, no, offer}
	default: // the why leads in: "I could use a bit of help and thought of you."
		body = []string{why, ask, offer, no}
	}
	return draftLayout(w.hello(in), joinSentences(body), w.varied("draft_close", nil))
}

// why is the line on why it would help: the need's own where it has one
// (going along to a meetup, a talk), else the general one.
func (w draftWriter) why(need string) string {
	if s, ok := w.l.Lookup(w.lang, fmt.Sprintf("draft_why_%s_%d_%s", need, w.v, w.tone)); ok {
		return s
	}
	return w.varied("draft_why", nil)
}

// draftLayout is a greeting line, the body as one paragraph and a closing
// line, with an empty line between them; no name below it.
func draftLayout(hello, body, closing string) string {
	return strings.TrimSpace(hello) + "\n\n" + strings.TrimSpace(body) + "\n\n" + strings.TrimSpace(closing)
}

func joinSentences(parts []string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	// A shortened text ends in "…" (inside an isolate, perhaps); a full
	// stop after it is one too many.
	return strings.NewReplacer("….", "…", "…\u2069.", "…\u2069").Replace(strings.Join(out, " "))
}

// hello greets by first name, or else in a way that fits whom the parent
// chose, without assuming a closer bond.
func (w draftWriter) hello(in *draftInput) string {
	if name := in.name.String(); name != "" {
		return w.varied("draft_hello_name", map[string]any{"Name": isolate(name)})
	}
	return w.toned("draft_hello_"+in.whom, nil)
}

func (w draftWriter) ask(in *draftInput) string {
	if in.meetup {
		return w.varied("draft_ask_come_along_meetup", map[string]any{"Meetup": w.meetup(in)})
	}
	when, tail := w.moment(in)
	data := map[string]any{"When": when, "Tail": tail}
	if in.need == "other" {
		data["What"] = isolate(in.what.String())
		if in.what.text == "" {
			data["What"] = w.text("draft_other_unnamed", nil)
		}
	}
	return w.varied("draft_ask_"+in.need, data)
}

// moment is the words for when, to go inside the ask, and for "any time"
// a tail to go right before its question mark.
func (w draftWriter) moment(in *draftInput) (when, tail string) {
	switch in.when {
	case "day":
		day, weekday := w.day(in.day.String())
		if weekday {
			return w.text("draft_when_weekday", map[string]any{"Day": isolate(day)}), ""
		}
		return w.text("draft_when_day", map[string]any{"Day": isolate(day)}), ""
	case "flexible":
		return w.text("draft_when_flexible", nil), w.toned("draft_when_flexible_tail", nil)
	default:
		return w.text("draft_when_"+in.when, nil), ""
	}
}

// day fixes the first letter of a typed day for the middle of a sentence:
// a phone's automatic capital goes ("Zaterdag" → "zaterdag"), a name that
// needs one gets it ("friday" → "Friday"). weekday reports whether it starts
// with a weekday, which English puts "on" before.
func (w draftWriter) day(s string) (day string, weekday bool) {
	first, _, _ := strings.Cut(s, " ")
	first = strings.ToLower(strings.TrimRightFunc(first, func(r rune) bool { return !unicode.IsLetter(r) }))
	switch {
	case first == "":
	case hasWord(w.text("draft_when_capitalised", nil), first):
		s = capitalise(s)
	default:
		// "Vrijdagavond", "W piątek", "П’ятницю" go in lower case inside the
		// sentence; "ZATERDAG" (all capitals: shouted or an acronym) stays.
		r, n := utf8.DecodeRuneInString(s)
		word, _, _ := strings.Cut(s, " ")
		if unicode.IsUpper(r) && (utf8.RuneCountInString(word) == 1 || strings.IndexFunc(word, unicode.IsLower) >= 0) {
			s = string(unicode.ToLower(r)) + s[n:]
		}
	}
	return s, first != "" && hasWord(w.text("draft_when_weekdays", nil), first)
}

// meetup names the meetup with its place and date, as far as they are known.
func (w draftWriter) meetup(in *draftInput) string {
	data := map[string]any{"Title": isolate(in.title.String()), "Place": isolate(in.place.String())}
	date := in.date.String()
	if date != "" {
		id := "draft_meetup_on"
		unmarked := strings.NewReplacer("\u200f", "", "\u2068", "", "\u2069", "") // Arabic's direction marks
		low := strings.ToLower(unmarked.Replace(date))
		for _, rel := range []string{w.l.T(w.lang, "today"), w.l.T(w.lang, "tomorrow")} {
			if rel = unmarked.Replace(rel); rel != "" && strings.HasPrefix(low, strings.ToLower(rel)) {
				id = "draft_meetup_on_relative"
			}
		}
		data["Date"] = w.text(id, map[string]any{"Date": isolate(date)})
	}
	switch {
	case in.place.text != "" && date != "":
		return w.text("draft_meetup_full", data)
	case in.place.text != "":
		return w.text("draft_meetup_place", data)
	case date != "":
		return w.text("draft_meetup_date", data)
	}
	return w.text("draft_meetup_title", data)
}

// pickOne is v when it is one of choices, else def.
func pickOne(v, def string, choices ...string) string {
	for _, c := range choices {
		if v == c {
			return v
		}
	}
	return def
}

func hasWord(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if w == word {
			return true
		}
	}
	return false
}

// plain makes typed text fit inside a sentence of a plain-text message:
// control characters and every run of white space (newlines too) become a
// single space, and the ends are trimmed. Emoji and other scripts stay.
func plain(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// trimEnd drops sentence punctuation at the end of typed text, which the
// template brings itself ("zaterdag." would end in ".?").
func trimEnd(s string) string {
	return strings.TrimRight(s, " .,;:!?")
}

// capitalise gives s a capital first letter ("sanne" → "Sanne").
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// shorten cuts s to at most limit runes, ending in "…". It cuts between
// words when a space is near, and never inside an emoji sequence or
// between a letter and its marks.
func shorten(s string, limit int) string {
	rs := []rune(s)
	if len(rs) <= limit {
		return s
	}
	if limit < 2 {
		return ""
	}
	n := limit - 1 // room for "…"
	for n > 0 && clings(rs, n) {
		n--
	}
	for i := n; i > 0 && n-i < 15; i-- {
		if rs[i] == ' ' {
			n = i
			break
		}
	}
	return strings.TrimRight(string(rs[:n]), " ,;:-–—") + "…"
}

// clings reports whether rs[n] belongs to the character before it: a
// combining mark, a zero-width joiner (or what follows one), a variation
// selector, a skin tone, a tag, a keycap, or the second half of a flag.
func clings(rs []rune, n int) bool {
	r, prev := rs[n], rs[n-1]
	switch {
	case prev == '\u200d' || r == '\u200d' || r == '\u20e3':
		return true
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc):
		return true
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef: // variation selectors
		return true
	case r >= 0x1f3fb && r <= 0x1f3ff: // skin tones
		return true
	case r >= 0xe0020 && r <= 0xe007f: // tags (subdivision flags)
		return true
	case regionalIndicator(r):
		k := 0
		for i := n - 1; i >= 0 && regionalIndicator(rs[i]); i-- {
			k++
		}
		return k%2 == 1
	}
	return false
}

func regionalIndicator(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }

// isolate wraps text with right-to-left letters (Arabic, Hebrew, …) or
// direction controls in Unicode's first-strong isolate, so it shows the
// right way round inside a Dutch or English sentence and cannot turn the
// punctuation around it. The marks are invisible; other text is unchanged.
func isolate(s string) string {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
			return "\u2068" + s + "\u2069"
		}
	}
	return s
}
