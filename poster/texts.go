package poster

import (
	_ "embed"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// words is one language's share of the poster.
type words struct {
	Headline string   `yaml:"headline"`
	About    string   `yaml:"about"`
	Lines    []string `yaml:"lines"`
	Scan     string   `yaml:"scan"`
	Link     string   `yaml:"link"`
	// rtl is set for a right-to-left language: its texts start with a
	// right-to-left mark and are set in the Arabic families.
	rtl bool
}

// family is the font family w is set in where a left-to-right language
// takes f.
func (w words) family(f string) string {
	if !w.rtl {
		return f
	}
	if f == bold {
		return arabicBold
	}
	return arabic
}

//go:embed texts.yaml
var textsYAML []byte

// langs are the poster's languages, the default first.
var langs = Langs

// texts is texts.yaml, read once; a broken file fails every poster (and the
// tests) rather than printing half a page.
var texts, textsErr = loadTexts(textsYAML)

func loadTexts(b []byte) (map[string]words, error) {
	var t map[string]words
	if err := yaml.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("poster: texts.yaml: %w", err)
	}
	for _, l := range langs {
		w, ok := t[l]
		if !ok {
			return nil, fmt.Errorf("poster: texts.yaml: no %q", l)
		}
		if w.Headline == "" || w.About == "" || w.Scan == "" || w.Link == "" || len(w.Lines) == 0 {
			return nil, fmt.Errorf("poster: texts.yaml: %q misses a text", l)
		}
		if len(w.Lines) != len(t[langs[0]].Lines) {
			return nil, fmt.Errorf("poster: texts.yaml: %q has %d lines, %q %d", l, len(w.Lines), langs[0], len(t[langs[0]].Lines))
		}
		if l == "ar" {
			w.rtl = true
			w.Headline, w.About, w.Scan, w.Link = rlm+w.Headline, rlm+w.About, rlm+w.Scan, rlm+w.Link
			w.Lines = slices.Clone(w.Lines)
			for i := range w.Lines {
				w.Lines[i] = rlm + w.Lines[i]
			}
			t[l] = w
		}
	}
	return t, nil
}
