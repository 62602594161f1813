package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/config"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/importer"
	"github.com/ouderkring/ouderkring/meetups/pdok"
)

// importCmd runs `ouderkring import FILE`: it reads a CSV file or an
// iCalendar feed (docs/IMPORT.md), geocodes the rows through the cached
// PDOK geocoder, writes the good rows in one transaction and prints the
// report. It fails (exit 1) when the file cannot be read, in which case
// nothing is written, and when some rows were bad, after writing the good
// ones, so a script notices.
func importCmd(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", "", "name of this file's source, the same on every import of it (default: the file's name)")
	dryRun := fs.Bool("dry-run", false, "check and report, write nothing")
	archive := fs.Bool("archive-missing", false, "archive the source's meetups that are not in the file")
	pending := fs.Bool("pending", false, "new meetups wait for moderation instead of being published")
	kind := fs.String("kind", "", "kind of iCalendar events whose CATEGORIES name none")
	org := fs.String("org", "", "organisation of every iCalendar event (default: ORGANIZER, else the calendar's name)")
	ageMin := fs.Int("age-min", meetups.MinAgeMonths, "youngest age of iCalendar events, in months (pregnancy negative)")
	ageMax := fs.Int("age-max", meetups.MaxAgeMonths, "oldest age of iCalendar events, in months")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return errors.New("import: give one file: ouderkring import FILE [--source S] [--dry-run] [--archive-missing] [--pending]")
	}
	name := files[0]
	opts := importer.Options{Kind: meetups.Kind(*kind), Organisation: strings.TrimSpace(*org),
		AgeMinMonths: *ageMin, AgeMaxMonths: *ageMax, Status: meetups.StatusPublished}
	if *pending {
		opts.Status = meetups.StatusPending
	}
	if *ageMin < meetups.MinAgeMonths || *ageMax > meetups.MaxAgeMonths || *ageMin > *ageMax {
		return fmt.Errorf("import: --age-min %d and --age-max %d must be within %d..%d months, min first", *ageMin, *ageMax, meetups.MinAgeMonths, meetups.MaxAgeMonths)
	}
	if opts.Kind != "" && !opts.Kind.Valid() {
		return fmt.Errorf("import: --kind %q is not one of %v", *kind, meetups.Kinds)
	}
	src := strings.TrimSpace(*source)
	if src == "" {
		if name == "-" {
			return errors.New("import: reading standard input needs --source")
		}
		src = filepath.Base(name)
	}

	in := stdin
	if name != "-" {
		file, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer file.Close()
		in = file
	}
	f, err := importer.Read(name, in, opts)
	if err != nil {
		return fmt.Errorf("%w\nnothing was imported", err)
	}

	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	geocoder := pdok.NewCached(pdok.NewClient(pdok.ClientOptions{URL: cfg.PDOKURL}), d, 0, nil)
	if err := f.Locate(ctx, geocoder); err != nil {
		return err
	}
	ms := f.Meetups()
	if *archive && len(ms) == 0 {
		_ = f.WriteReport(stdout, nil)
		return fmt.Errorf("import: the file has no good rows; not archiving every meetup of source %q", src)
	}
	res, err := d.Catalogue().Import(ctx, src, ms,
		db.ImportOptions{ArchiveMissing: *archive, DryRun: *dryRun, Keep: f.BadIDs()}, time.Now())
	if errors.Is(err, db.ErrNotAnalyzed) {
		fmt.Fprintf(stderr, "ouderkring: warning: %v\n", err) // the import itself is committed
	} else if err != nil {
		_ = f.WriteReport(stdout, nil)
		return fmt.Errorf("%w\nnothing was imported", err)
	}
	fmt.Fprintf(stdout, "source %q\n", src)
	if err := f.WriteReport(stdout, &importer.Outcome{New: res.New, Updated: res.Updated,
		Unchanged: res.Unchanged, Archived: res.Archived, DryRun: *dryRun}); err != nil {
		return err
	}
	if bad := f.BadRows(); bad > 0 {
		return fmt.Errorf("import: %d of %d rows were bad and not imported", bad, f.Rows)
	}
	return nil
}

// exportCmd runs `ouderkring export --format csv|ics`: it writes the
// published catalogue (samples left out) to standard output or --out, as
// CSV in the import's format or as an iCalendar feed.
func exportCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "csv", "csv or ics")
	out := fs.String("out", "", "file to write (default: standard output)")
	sep := fs.String("sep", ",", `CSV separator: "," or ";" (Excel in Dutch)`)
	if rest, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return fmt.Errorf("export: unexpected %q; use --out FILE", rest[0])
	}
	if *format != "csv" && *format != "ics" {
		return fmt.Errorf("export: --format must be csv or ics, not %q", *format)
	}
	if *sep != "," && *sep != ";" {
		return fmt.Errorf(`export: --sep must be "," or ";"`)
	}

	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	ms, err := d.Catalogue().Published(ctx)
	if err != nil {
		return err
	}
	return writeOut(*out, stdout, func(w io.Writer) error {
		if *format == "csv" {
			if err := importer.WriteCSV(w, ms, rune((*sep)[0])); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "exported %s\n", meetupCount(len(ms)))
			return nil
		}
		skipped, err := importer.WriteICS(w, ms)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "exported %s", meetupCount(len(ms)-skipped))
		if skipped > 0 {
			fmt.Fprintf(stderr, "; left out %d ongoing (they have no dates)", skipped)
		}
		fmt.Fprintln(stderr)
		return nil
	})
}

func meetupCount(n int) string {
	if n == 1 {
		return "1 meetup"
	}
	return fmt.Sprintf("%d meetups", n)
}

// writeOut runs write on stdout, or on a new file at path that replaces
// path only when it is complete, so a failed export leaves no half file.
func writeOut(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return os.Rename(tmp.Name(), path)
}

// parseInterspersed parses flags before and after the positional
// arguments (`import file.csv --dry-run`), which the flag package alone
// stops at, and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
