package dialog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/dialog/dialogtest"
)

// BenchmarkStep is the engine's share of one update: a button press on the
// main menu, without storage.
func BenchmarkStep(b *testing.B) {
	e, err := dialog.New(dialogtest.NewMemStore(), dialog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s := dialog.Session{ChatID: 1, Version: 3, Lang: "nl"}
	in := dialog.Input{Kind: dialog.InputButton, Data: "menu:support", MessageID: 9, Lang: "nl"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, r, err := e.Step(ctx, s, in); err != nil || len(r) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkStepLongText is the worst text the safety check reads: the
// longest message Telegram delivers (4,096 characters), with no danger in
// it; the engine then answers that it is too long.
func BenchmarkStepLongText(b *testing.B) {
	e, err := dialog.New(dialogtest.NewMemStore(), dialog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s := dialog.Session{ChatID: 1, Version: 3, Lang: "nl"}
	text := strings.Repeat("de baby slaapt slecht ", 4096/22+1)[:4096]
	in := dialog.Input{Kind: dialog.InputText, Text: text, Lang: "nl"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := e.Step(ctx, s, in); err != nil {
			b.Fatal(err)
		}
	}
}
