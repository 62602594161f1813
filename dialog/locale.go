package dialog

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// Languages the bot speaks, in the order /taal offers them. Dutch and
// English have one locales/<flow>.<code>.yaml file per flow (flows.go;
// dialog/doc.go maps them), plus words.<code>.yaml for the words every flow
// uses and draft.<code>.yaml for the help message's sentences; together
// they hold every key. The other languages have the parent side: the files
// of the flows for parents and anyone (parentLocaleFiles); the work side
// falls back to English. docs/TRANSLATIONS.md says how to add one.
var Languages = []string{"nl", "en", "ar", "tr", "pl", "uk"}

//go:embed locales/*.yaml
var localeFS embed.FS

// Locales holds every parent-facing text, loaded from the embedded locale
// files with go-i18n (which gives language matching and plural rules).
type Locales struct {
	byLang map[string]*i18n.Localizer
	tags   map[string]language.Tag // each language's own tag, to tell its text from a fallback
	// plain keeps the texts without data once made (lang + "\x00" + id):
	// go-i18n matches the language among all six on every call, which made
	// the texts of a menu cost more than the rest of a step.
	plain sync.Map
	def   string
	// onFallback, set by tests, hears each text a language lacked and
	// English gave (the work side's texts; never a parent's).
	onFallback func(lang, id string)
}

// LoadLocales reads the embedded locale files. def is the language for
// chats whose own language the bot does not speak.
func LoadLocales(def string) (*Locales, error) {
	if !supported(def) {
		return nil, fmt.Errorf("default language %q has no locale file", def)
	}
	bundle := i18n.NewBundle(language.MustParse(def))
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	l := &Locales{byLang: map[string]*i18n.Localizer{}, tags: map[string]language.Tag{}, def: def}
	for _, lang := range Languages {
		names, err := localeFiles(lang)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			buf, err := fs.ReadFile(localeFS, name)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
			if _, err := bundle.ParseMessageFileBytes(buf, name); err != nil {
				return nil, fmt.Errorf("parse %s: %w", name, err)
			}
		}
		// The parent side is in every language; the work side (organisers,
		// staff, admins) in Dutch and English only: T falls back to English.
		l.byLang[lang] = i18n.NewLocalizer(bundle, lang)
		l.tags[lang] = language.MustParse(lang)
	}
	return l, nil
}

// localeFiles names the embedded locale files of lang: <lang>.yaml and
// every <part>.<lang>.yaml (go-i18n takes the language from the part of the
// name before ".yaml").
func localeFiles(lang string) ([]string, error) {
	all, err := fs.Glob(localeFS, "locales/*.yaml")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, name := range all {
		base := path.Base(name)
		if base == lang+".yaml" || strings.HasSuffix(base, "."+lang+".yaml") {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no locale file for %q", lang)
	}
	return names, nil
}

// T returns the text with the given id in lang, filled in with data (a
// struct or map for the {{.Field}} placeholders). A missing id is logged
// and the id itself returned, so a typo shows up but never breaks a chat;
// TestLocaleKeysUsed catches it before that.
func (l *Locales) T(lang, id string, data ...any) string {
	if _, ok := l.byLang[lang]; !ok {
		lang = l.def
	}
	if len(data) == 0 {
		if s, ok := l.plain.Load(lang + "\x00" + id); ok {
			return s.(string)
		}
	}
	s, err := l.localize(lang, id, data)
	if err != nil && lang != "nl" && lang != "en" {
		// The work side is in Dutch and English only: English then.
		if l.onFallback != nil {
			l.onFallback(lang, id)
		}
		lang = "en"
		s, err = l.localize(lang, id, data)
	}
	if err != nil {
		slog.Error("locale text missing", "id", id, "lang", lang, "err", err)
		return id
	}
	if len(data) == 0 {
		l.plain.Store(lang+"\x00"+id, s)
	}
	return s
}

// localize is the text id in lang itself (no other language), filled in.
func (l *Locales) localize(lang, id string, data []any) (string, error) {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
		// A text with plural forms takes the form of its Count (CLDR's
		// rules for the language, by go-i18n).
		if m, ok := data[0].(map[string]any); ok {
			if n, ok := m["Count"]; ok {
				cfg.PluralCount = n
			}
			if rightToLeft[lang] {
				cfg.TemplateData = isolateValues(m)
			}
		}
	}
	s, tag, err := l.byLang[lang].LocalizeWithTag(cfg)
	if err != nil || tag != l.tags[lang] {
		// go-i18n answers a missing text with the default language's,
		// and an error: here a text is in the language asked, or missing.
		return "", fmt.Errorf("no text %q in %s: %w", id, lang, err)
	}
	if rightToLeft[lang] {
		s = rtlLines(s)
	}
	return s, nil
}

// rightToLeft are the languages written from right to left.
var rightToLeft = map[string]bool{"ar": true}

// isolateValues wraps every value filled into a right-to-left text — a
// number, a time, a distance, a postcode, a link, a Dutch place or meetup
// name — in Unicode's first-strong isolate (FSI … PDI): each then reads in
// its own direction ("2,5 km", "10:00–11:30", "Buurthuis De Pijl") and
// cannot pull the Arabic around it out of order. The marks are invisible.
func isolateValues(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case string:
			if v != "" && !strings.HasPrefix(v, "\u2068") {
				out[k] = "\u2068" + v + "\u2069"
				continue
			}
		case int, int64, float64:
			out[k] = "\u2068" + fmt.Sprint(v) + "\u2069"
			continue
		}
		out[k] = v
	}
	return out
}

// rtlLines starts every line of a right-to-left text with the right-to-left
// mark, so a line that begins with a Latin name or a number is still laid
// out from the right, as the reader expects.
func rtlLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		// Not a line without Arabic ("." as a decimal sign, a number): a
		// mark inside a number filled in elsewhere would split it.
		if hasRTL(l) && !strings.HasPrefix(l, "\u200f") {
			lines[i] = "\u200f" + l
		}
	}
	return strings.Join(lines, "\n")
}

// Lookup is T for ids that may be missing on purpose (a language name the
// bot has no word for): it reports whether the text exists and logs
// nothing.
func (l *Locales) Lookup(lang, id string) (string, bool) {
	if _, ok := l.byLang[lang]; !ok {
		lang = l.def
	}
	s, err := l.localize(lang, id, nil)
	if err != nil && lang != "nl" && lang != "en" {
		s, err = l.localize("en", id, nil)
	}
	return s, err == nil
}

// Match picks the language the bot speaks for an app language code such as
// "en-GB", or "" when it speaks none that fits.
func (l *Locales) Match(code string) string {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(code)), "-")
	if supported(base) {
		return base
	}
	return ""
}

// Default is the language for chats whose own language the bot does not
// speak.
func (l *Locales) Default() string { return l.def }

// parentLocaleFiles are the locale files of the flows for parents and for
// anyone, and the words every flow uses: what every language has.
func parentLocaleFiles() []string {
	files := []string{"words"}
	for _, f := range flows {
		if f.who == "parent" || f.who == "anyone" {
			for _, w := range f.wordsOf() {
				if !slices.Contains(files, w) {
					files = append(files, w)
				}
			}
		}
	}
	return files
}

func supported(lang string) bool {
	for _, v := range Languages {
		if v == lang {
			return true
		}
	}
	return false
}
