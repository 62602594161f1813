package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run([]string{"ik", "wil", "dood"}, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"ik wil dood" → [suicide]`) || !strings.Contains(out.String(), "nl:") {
		t.Errorf("got %q", out.String())
	}
	out.Reset()
	if err := run(nil, strings.NewReader("ik lach me dood\n\nI shook the baby\n"), &out); err != nil {
		t.Fatal(err)
	}
	lines := out.String()
	if !strings.Contains(lines, `"ik lach me dood" → []`) || !strings.Contains(lines, `"I shook the baby" → [child]`) {
		t.Errorf("got %q", lines)
	}
}
