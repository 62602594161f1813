package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/config"
	"github.com/ouderkring/ouderkring/meetups"
)

// invite runs `ouderkring invite --role organiser --org "Babycafé De Wieg"`:
// it prints a single-use deep link that gives the role to whoever opens it.
func invite(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "organiser", "organiser, staff or admin")
	org := fs.String("org", "", "the organisation (organisers and staff)")
	trusted := fs.Bool("trusted", false, "organisers publish without moderation")
	expires := fs.String("expires", "14d", "how long the link works: 14d, 48h, …")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		// Flags stop at the first word that is not one: anything after it
		// would be ignored, and the invite made with the defaults.
		return fmt.Errorf("invite: unexpected argument %q; give every value with its flag, e.g. --org %q", fs.Arg(0), fs.Arg(0))
	}
	ttl, err := parseDays(*expires)
	if err != nil {
		return fmt.Errorf("invite: --expires: %w", err)
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	inv, err := d.Members().CreateInvite(ctx, meetups.Role(*role), strings.TrimSpace(*org), *trusted, ttl, time.Now())
	if err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	name, err := botName(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "ouderkring: %v; set BOT_USERNAME to print the full link\n", err)
	}
	if name == "" {
		name = "<bot>"
		fmt.Fprintln(stderr, "ouderkring: BOT_USERNAME is not set; replace <bot> with the bot's username")
	}
	fmt.Fprintf(stdout, "https://t.me/%s?start=%s\n", name, inv.Payload())
	fmt.Fprintf(stderr, "single use, valid until %s\n", inv.ExpiresAt.In(meetups.Amsterdam).Format("2006-01-02 15:04"))
	return nil
}

// parseDays reads "14d" as 14 days, and anything time.ParseDuration reads.
func parseDays(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 1 {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}
