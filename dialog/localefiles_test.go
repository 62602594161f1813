package dialog

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

var placeholderRe = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func placeholdersOf(s string) string {
	p := placeholderRe.FindAllString(s, -1)
	for i := range p {
		p[i] = strings.ReplaceAll(p[i], " ", "")
	}
	sort.Strings(p)
	return strings.Join(slices.Compact(p), ",")
}

func readLocaleFile(t *testing.T, name string) map[string]string {
	t.Helper()
	buf, err := fs.ReadFile(localeFS, name)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := flatLocale(t, name, buf)
	return m
}

// pluralForms are the CLDR plural categories a text may have.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// flatLocale reads a locale file: each key's text, and for a text with
// plural forms (a map of CLDR categories) its "other" form as the text and
// all its forms apart.
func flatLocale(t *testing.T, name string, buf []byte) (texts map[string]string, plurals map[string]map[string]string) {
	t.Helper()
	raw := map[string]any{}
	if err := yaml.Unmarshal(buf, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	texts, plurals = map[string]string{}, map[string]map[string]string{}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			texts[k] = v
		case map[string]any:
			forms := map[string]string{}
			for f, s := range v {
				str, ok := s.(string)
				if !ok || !slices.Contains(pluralForms, f) {
					t.Errorf("%s: key %q: plural form %q must be one of %v with a text", name, k, f, pluralForms)
					continue
				}
				forms[f] = str
			}
			if forms["other"] == "" {
				t.Errorf("%s: key %q has plural forms but no \"other\"", name, k)
			}
			texts[k], plurals[k] = forms["other"], forms
		default:
			t.Errorf("%s: key %q is neither a text nor plural forms", name, k)
		}
	}
	return texts, plurals
}

// TestLocaleFilesMatchDutch: every locale file <flow>.<lang>.yaml, of any
// language (also one the bot does not speak yet), has the keys of
// <flow>.nl.yaml, each with text and the same placeholders, and no others.
// In draft.<lang>.yaml a key Dutch has as _je and _u is there once for
// each of the language's registers instead.
func TestLocaleFilesMatchDutch(t *testing.T) {
	t.Parallel()
	all, err := fs.Glob(localeFS, "locales/*.*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range all {
		flow, lang, _ := strings.Cut(strings.TrimSuffix(path.Base(name), ".yaml"), ".")
		if lang == "nl" {
			continue
		}
		ref := readLocaleFile(t, "locales/"+flow+".nl.yaml")
		got := readLocaleFile(t, name)
		want := map[string]string{} // key → the Dutch text it renders
		for k, v := range ref {
			base, ok := strings.CutSuffix(k, "_je")
			if flow == "draft" && ok {
				regs, known := Registers[lang]
				if !known {
					t.Errorf("%s: no registers for %q in Registers (draft.go)", name, lang)
					continue
				}
				for _, r := range regs {
					want[base+"_"+r] = v
				}
				continue
			}
			if _, isU := strings.CutSuffix(k, "_u"); flow == "draft" && isU {
				continue // said by the _je key's registers
			}
			want[k] = v
		}
		for k, v := range want {
			g, ok := got[k]
			switch {
			case !ok:
				t.Errorf("%s lacks key %q", name, k)
			case strings.TrimSpace(g) == "":
				t.Errorf("%s: key %q is empty", name, k)
			case placeholdersOf(g) != placeholdersOf(v):
				t.Errorf("%s: key %q has placeholders %q, Dutch %q", name, k, placeholdersOf(g), placeholdersOf(v))
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s has key %q that the Dutch file (with this language's registers) has not", name, k)
			}
		}
	}
}

// pluralCounts are the numbers that tell the CLDR plural forms of the bot's
// languages apart (Polish 2, 5, 22; Arabic 0, 2, 3, 11, 101; Ukrainian 21).
var pluralCounts = []int{0, 1, 2, 3, 5, 11, 21, 22, 101}

// formName is x/text's plural form by its CLDR name.
var formName = map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other"}

// TestPluralForms: a text with plural forms has, in every language file,
// the form CLDR gives each of pluralCounts in that language; and the bot
// (go-i18n's rules) picks exactly that form, with the number in it.
func TestPluralForms(t *testing.T) {
	t.Parallel()
	all, err := fs.Glob(localeFS, "locales/*.*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l := mustLocales(t)
	checked := 0
	for _, name := range all {
		lang := strings.TrimSuffix(path.Ext(strings.TrimSuffix(name, ".yaml")), "")[1:]
		buf, err := fs.ReadFile(localeFS, name)
		if err != nil {
			t.Fatal(err)
		}
		_, plurals := flatLocale(t, name, buf)
		for key, forms := range plurals {
			for _, n := range pluralCounts {
				form := formName[plural.Cardinal.MatchPlural(language.MustParse(lang), n, 0, 0, 0, 0)]
				want, ok := forms[form]
				if !ok {
					t.Errorf("%s: %q lacks the %q form (for %d)", name, key, form, n)
					continue
				}
				if !supported(lang) {
					continue // not spoken yet: the form is there, its use is checked once it is
				}
				want = placeholderRe.ReplaceAllString(want, strconv.Itoa(n))
				if got := strings.NewReplacer("\u200f", "", "\u2068", "", "\u2069", "").Replace(l.T(lang, key, map[string]any{"Count": n})); got != want {
					t.Errorf("%s %q for %d: got %q, want the %s form %q", lang, key, n, got, form, want)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Error("no plural text was checked")
	}
}
