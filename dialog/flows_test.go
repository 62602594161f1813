package dialog_test

import (
	"context"
	"testing"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// TestEnteringAFlowClearsTheOthersDrafts: a parent who leaves a help
// request for a search does not carry the request's name along, and an
// organiser who turns to /vraag leaves /nieuw's draft behind; asking for
// help keeps the search's place (the "nobody to ask" path searches from
// it). The menu clears nothing.
func TestEnteringAFlowClearsTheOthersDrafts(t *testing.T) {
	t.Parallel()
	r := newFuzzRig(t)
	r.store.Calm = true
	ctx := context.Background()
	handle := func(chat int64, in dialog.Input) dialog.Session {
		t.Helper()
		in.Lang = "nl"
		if _, err := r.e.Handle(ctx, chat, in); err != nil {
			t.Fatal(err)
		}
		s, err := r.store.LoadSession(ctx, chat)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	handle(fuzzParent, cmd("vraag", ""))
	s := handle(fuzzParent, press0("an:practical"))
	if s.Ask == nil {
		t.Fatalf("no help request after its first answer: step %q", s.Step)
	}
	s = handle(fuzzParent, dialog.Input{Kind: dialog.InputLocation, Location: &meetups.Point{Lat: 52.09, Lon: 5.12}})
	if s.Ask != nil || s.Search == nil {
		t.Errorf("after a search began: ask %+v, search %v; want the request gone, the search there", s.Ask, s.Search != nil)
	}
	s = handle(fuzzParent, cmd("vraag", ""))
	if s.Ask == nil || s.Search == nil || s.Search.Place == nil {
		t.Errorf("asking for help dropped the search's place: %+v", s.Search)
	}
	s = handle(fuzzParent, cmd("menu", ""))
	if s.Ask == nil || s.Search == nil {
		t.Errorf("the menu cleared a draft: ask %v, search %v", s.Ask != nil, s.Search != nil)
	}

	handle(fuzzOrganiser, cmd("nieuw", ""))
	if s := handle(fuzzOrganiser, press0("o:k:baby_cafe")); s.Org == nil || s.Step != "org_title" {
		t.Fatalf("/nieuw: step %q", s.Step)
	}
	if s := handle(fuzzOrganiser, cmd("vraag", "")); s.Org != nil || s.Ask == nil {
		t.Errorf("/vraag after /nieuw: org %v, ask %v; want only the help request", s.Org != nil, s.Ask != nil)
	}
}
