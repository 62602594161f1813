package dialog

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

func mustLocales(tb testing.TB) *Locales {
	tb.Helper()
	l, err := LoadLocales("nl")
	if err != nil {
		tb.Fatalf("LoadLocales: %v", err)
	}
	return l
}

// localeKeys is every key of lang, from all of its locale files; a key in
// two files of one language is an error (go-i18n would silently keep one).
func localeKeys(t *testing.T, lang string) map[string]string {
	t.Helper()
	names, err := localeFiles(lang)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, name := range names {
		buf, err := fs.ReadFile(localeFS, name)
		if err != nil {
			t.Fatal(err)
		}
		part, _ := flatLocale(t, name, buf)
		for k, v := range part {
			if _, dup := m[k]; dup {
				t.Errorf("%s: key %q is also in another %s locale file", name, k, lang)
			}
			m[k] = v
		}
	}
	return m
}

// TestLocalesComplete checks that Dutch and English have every key, with
// text and the same placeholders, and that every other language has every
// file of the parent side (whose keys TestLocaleFilesMatchDutch checks).
func TestLocalesComplete(t *testing.T) {
	t.Parallel()
	placeholders := regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)
	ref, other := localeKeys(t, "nl"), localeKeys(t, "en")
	for k, v := range ref {
		ov, ok := other[k]
		if !ok {
			t.Errorf("en lacks key %q", k)
			continue
		}
		if strings.TrimSpace(ov) == "" || strings.TrimSpace(v) == "" {
			t.Errorf("key %q is empty in one language", k)
		}
		a, b := placeholders.FindAllString(v, -1), placeholders.FindAllString(ov, -1)
		sort.Strings(a)
		sort.Strings(b)
		if strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("key %q: placeholders differ: nl has %v, en has %v", k, a, b)
		}
	}
	for k := range other {
		if _, ok := ref[k]; !ok {
			t.Errorf("en has key %q that nl lacks", k)
		}
	}
	files := parentLocaleFiles()
	if !slices.Contains(files, "words") || !slices.Contains(files, "draft") || !slices.Contains(files, "find") {
		t.Fatalf("the parent side's locale files are %v; the flow table changed?", files)
	}
	for _, lang := range Languages[2:] {
		for _, f := range files {
			if _, err := fs.Stat(localeFS, "locales/"+f+"."+lang+".yaml"); err != nil {
				t.Errorf("%s: the parent side lacks locales/%s.%s.yaml", lang, f, lang)
			}
		}
	}
}

// TestLocaleKeysUsed checks that every text id the Go code asks for exists,
// and that no Go file outside tests holds parent-facing text of its own.
func TestLocaleKeysUsed(t *testing.T) {
	t.Parallel()
	keys := localeKeys(t, "nl")
	ids := regexp.MustCompile(`\b(?:T|say|hint)\((?:[^,()"]+, )?"([a-z_]*[a-z])"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ids.FindAllStringSubmatch(string(src), -1) {
			used++
			if _, ok := keys[m[1]]; !ok {
				t.Errorf("%s asks for text %q, which is not in the locale files", f, m[1])
			}
		}
	}
	if used < 20 {
		t.Errorf("found only %d text ids in the code; the pattern in this test is out of date", used)
	}
}

func TestLocalesMatch(t *testing.T) {
	t.Parallel()
	l := mustLocales(t)
	for code, want := range map[string]string{"nl": "nl", "nl-BE": "nl", "en-GB": "en", "EN": "en", "ar": "ar", "uk-UA": "uk", "fa": "", "": ""} {
		if got := l.Match(code); got != want {
			t.Errorf("Match(%q): got=%q, want %q", code, got, want)
		}
	}
	if got := l.T("en", "privacy", map[string]any{"Days": l.T("en", "count_days", map[string]any{"Count": 30})}); !strings.Contains(got, "30 days") {
		t.Errorf("privacy text not filled in: %q", got)
	}
}
