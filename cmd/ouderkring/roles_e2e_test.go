package main

import (
	"context"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// becomeOrganiser makes chat an organiser of org the way people become
// one: an invite, opened with /start, answered with the welcome and the
// menu.
func (e *e2e) becomeOrganiser(t *testing.T, chat int64, org string, trusted bool) {
	t.Helper()
	inv, err := e.members.CreateInvite(context.Background(), meetups.RoleOrganiser, org, trusted, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	e.tg.SendCommand(chat, "nl", "/start "+inv.Payload())
	e.expectText(t, chat, "nl", "invite_ok_organiser", map[string]any{"Org": org})
	e.expectMenu(t, chat, "nl")
}
