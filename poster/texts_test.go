package poster

import (
	"strings"
	"testing"
)

func TestTexts(t *testing.T) {
	if textsErr != nil {
		t.Fatal(textsErr)
	}
	for name, yaml := range map[string]string{
		"ErrYAML":      "nl: [",
		"ErrNoEnglish": "nl: {headline: a, about: b, lines: [c], scan: d, link: e}",
		"ErrMissing":   "nl: {headline: a, about: b, lines: [c], scan: d, link: e}\nen: {headline: a, about: b, lines: [c], scan: d}",
		"ErrLines":     "nl: {headline: a, about: b, lines: [c], scan: d, link: e}\nen: {headline: a, about: b, lines: [c, c], scan: d, link: e}",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := loadTexts([]byte(yaml)); err == nil || !strings.Contains(err.Error(), "texts.yaml") {
				t.Errorf("loadTexts = %v, want an error about texts.yaml", err)
			}
		})
	}
}
