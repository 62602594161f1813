package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/config"
)

// TestInviteCommandRefusesStrayArguments: a word before the flags would
// make the flag package ignore every flag after it and make an invite
// with the defaults; it is named instead, before anything is stored.
func TestInviteCommandRefusesStrayArguments(t *testing.T) {
	for _, args := range [][]string{
		{"Babycafé", "--role", "admin"},
		{"--role", "staff", "--org", "JGZ", "extra"},
	} {
		err := invite(context.Background(), config.Config{}, args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "unexpected argument") || !strings.Contains(err.Error(), "--org") {
			t.Errorf("invite %q: %v, want the stray argument named", args, err)
		}
	}
	err := invite(context.Background(), config.Config{}, []string{"--expires", "soon"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--expires") {
		t.Errorf("a bad --expires: %v", err)
	}
}
