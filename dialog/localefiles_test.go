package dialog

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// registers are the ways a help message in each language can address the
// person (draft.go): keys of draft.<lang>.yaml that depend on it end in
// _<register>, one key per register where draft.nl.yaml has _je and _u.
var registers = map[string][]string{
	"nl": {"je", "u"},
	"en": {"je", "u"},
	"tr": {"sen", "siz"},
	"pl": {"ty", "pan", "pani"},
	"uk": {"ty", "vy"},
	"ar": {"m", "f"},
}

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
	m := map[string]string{}
	if err := yaml.Unmarshal(buf, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
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
				regs, known := registers[lang]
				if !known {
					t.Errorf("%s: no registers for %q in registers", name, lang)
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
