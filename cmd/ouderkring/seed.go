package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/ouderkring/ouderkring/config"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

// seed runs `ouderkring seed --demo`: it loads a generated sample catalogue
// (every meetup marked as sample, shown to parents with "(voorbeeld)") so
// the bot can be tried without real data. Running it again replaces the
// samples; real meetups are never touched.
func seed(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demoFlag := fs.Bool("demo", false, "load the generated sample catalogue")
	count := fs.Int("count", 400, "how many sample meetups")
	seedValue := fs.Int64("seed", 1, "random seed of the sample catalogue")
	ifEmpty := fs.Bool("if-empty", false, "only when the catalogue has no meetups at all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*demoFlag {
		return fmt.Errorf("seed: say what to load: --demo")
	}
	if *count < 1 || *count > 1_000_000 {
		return fmt.Errorf("seed: --count must be from 1 to 1000000")
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	c := d.Catalogue()
	if *ifEmpty {
		n, err := c.CountMeetups(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(stdout, "the catalogue has %d meetups; no samples loaded\n", n)
			return nil
		}
	}
	now := time.Now()
	n, err := c.ReplaceSamples(ctx, demo.Generate(*seedValue, *count, now), now)
	if errors.Is(err, db.ErrNotAnalyzed) {
		fmt.Fprintf(stderr, "ouderkring: warning: %v\n", err) // the samples are stored
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded %d sample meetups\n", n)
	return nil
}
