package dialog_test

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestParentSideInEveryLanguage walks a parent through the parent side —
// find with its filters, results and cards, keep and reminders, ask for
// help, the nobody path, settings, privacy, the 🆘 screen — in each
// language besides Dutch and English, pressing the buttons shown, and
// fails on any text the language lacks (English filled in: a parent-facing
// key kept in a work-side file) or any raw locale id.
func TestParentSideInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range dialog.Languages[2:] {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			r := newFuzzRig(t)
			r.store.Calm = true
			var mu sync.Mutex
			missing := map[string]bool{}
			r.e.OnFallback(func(l, id string) {
				mu.Lock()
				missing[id] = true
				mu.Unlock()
			})
			rng := rand.New(rand.NewPCG(17, uint64(len(lang))))
			commands := []string{"start", "zoek", "vraag", "bewaard", "help", "privacy", "hulp", "menu"}
			texts := []string{"3512", "Utrecht", "Sanne", "morgen", "de kast in elkaar zetten", "hoi"}
			var shown []dialog.Button
			for i := 0; i < 1500; i++ {
				var in dialog.Input
				switch n := rng.IntN(10); {
				case n < 7 && len(shown) > 0:
					b := shown[rng.IntN(len(shown))]
					in = dialog.Input{Kind: dialog.InputButton, Data: b.Data, MessageID: 1}
				case n < 8:
					in = cmd(commands[rng.IntN(len(commands))], "")
				case n < 9:
					in = text(texts[rng.IntN(len(texts))])
				default:
					in = dialog.Input{Kind: dialog.InputLocation, Location: &meetups.Point{Lat: 52.09, Lon: 5.12}}
				}
				in.Lang = lang
				out, err := r.e.Handle(t.Context(), fuzzParent, in)
				if err != nil {
					t.Fatal(err)
				}
				var next []dialog.Button
				for _, rep := range out {
					for _, line := range strings.Split(rep.Text, "\n") {
						if rawLocaleID.MatchString(strings.TrimSpace(line)) {
							t.Fatalf("a raw locale id: %q", line)
						}
					}
					for _, row := range rep.Buttons {
						for _, b := range row {
							// Staying in this language: not the language
							// buttons, nor a draft in another one.
							if b.Data != "" && !strings.HasPrefix(b.Data, "lang:") && !strings.HasPrefix(b.Data, "ad:to:") &&
								!strings.HasPrefix(b.Data, "forget:") {
								next = append(next, b)
							}
						}
					}
				}
				if len(next) > 0 {
					shown = next
				}
			}
			if len(missing) > 0 {
				ids := slices.Collect(func(yield func(string) bool) {
					for id := range missing {
						if !yield(id) {
							return
						}
					}
				})
				sort.Strings(ids)
				t.Errorf("%s lacks parent-facing texts (English was shown): %v", lang, ids)
			}
		})
	}
}
