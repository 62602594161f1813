package bot

import (
	"testing"

	"github.com/ouderkring/ouderkring/dialog"
)

func TestParseText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text             string
		kind             dialog.InputKind
		command, payload string
	}{
		{"/start", dialog.InputCommand, "start", ""},
		{"/start r_abc-1", dialog.InputCommand, "start", "r_abc-1"},
		{"/START@ouderkring_bot  org_x ", dialog.InputCommand, "start", "org_x"},
		{"/vergeet", dialog.InputCommand, "vergeet", ""},
		{"/ hallo", dialog.InputText, "", ""},
		{"/😀", dialog.InputText, "", ""},
		{"1/2 jaar", dialog.InputText, "", ""},
		{"hallo /start", dialog.InputText, "", ""},
	} {
		in := parseText(tc.text, "nl")
		if in.Kind != tc.kind || in.Command != tc.command || in.Payload != tc.payload || in.Lang != "nl" {
			t.Errorf("parseText(%q): got kind=%v command=%q payload=%q", tc.text, in.Kind, in.Command, in.Payload)
		}
		if tc.kind == dialog.InputText && in.Text != tc.text {
			t.Errorf("parseText(%q): text got=%q", tc.text, in.Text)
		}
	}
}
