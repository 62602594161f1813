package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ouderkring/ouderkring/bot"
	"github.com/ouderkring/ouderkring/config"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/poster"
)

// posterCmd runs `ouderkring poster --code r_xxx [--out DIR] [--lang nl|en]
// [--second LANG]`: the QR code (PNG) and the A4 poster (PDF) of an existing
// referral link, the same files /link sends, as <code>.png and <code>.pdf
// (<code>-<second>.pdf with --second).
func posterCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("poster", flag.ContinueOnError)
	fs.SetOutput(stderr)
	codeFlag := fs.String("code", "", "the link's code, as in its link: r_xxx")
	out := fs.String("out", ".", "directory to write <code>.png and <code>.pdf to")
	lang := fs.String("lang", "nl", "the poster's first language: nl or en")
	second := fs.String("second", "", "the language printed under it: "+strings.Join(poster.Langs, ", ")+" (default: en under nl, nl under en)")
	if rest, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return fmt.Errorf("poster: unexpected %q; use --code r_xxx", rest[0])
	}
	if *lang != "nl" && *lang != "en" {
		return fmt.Errorf("poster: --lang must be nl or en, not %q", *lang)
	}
	if *second != "" && (*second == *lang || !slices.Contains(poster.Langs, *second)) {
		return fmt.Errorf("poster: --second must be another of %s, not %q", strings.Join(poster.Langs, ", "), *second)
	}
	payload := strings.TrimSpace(*codeFlag)
	if payload != "" && !strings.HasPrefix(payload, meetups.ReferralPrefix) {
		payload = meetups.ReferralPrefix + payload
	}
	code, ok := meetups.ParseReferral(payload)
	if !ok {
		return fmt.Errorf("poster: --code %q is not a referral code (r_ and letters, digits, _ or -)", *codeFlag)
	}
	name, err := botName(cfg)
	if err != nil {
		return fmt.Errorf("poster: %w; set BOT_USERNAME", err)
	}
	if name == "" {
		return fmt.Errorf("poster: the bot's username is needed for the link; set BOT_USERNAME (or TELEGRAM_BOT_TOKEN)")
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	l, err := d.Referrals().Referral(ctx, code)
	if meetups.ErrorCode(err) == meetups.ENOTFOUND {
		return fmt.Errorf("poster: no referral link %s (never made, or deleted); /link in the bot lists them", payload)
	}
	if err != nil {
		return fmt.Errorf("poster: %w", err)
	}
	link := l.URL(name)
	png, err := poster.QR(link)
	if err != nil {
		return err
	}
	pdf, err := poster.PDF(poster.Poster{Link: link, Label: l.Label, Lang: *lang, Second: *second})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("poster: %w", err)
	}
	pdfExt := ".pdf"
	if *second != "" {
		pdfExt = "-" + *second + ".pdf"
	}
	for _, f := range []struct {
		ext  string
		data []byte
	}{{".png", png}, {pdfExt, pdf}} {
		path := filepath.Join(*out, l.Payload()+f.ext)
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return fmt.Errorf("poster: %w", err)
		}
		fmt.Fprintln(stdout, path)
	}
	fmt.Fprintf(stderr, "%s: %s\n", l.Label, link)
	return nil
}

// Bounds of `ouderkring stats --weeks`.
const (
	statsDefaultWeeks = 4
	statsMaxWeeks     = 53
)

// statsCSVHeader is the first line of `ouderkring stats --csv`.
var statsCSVHeader = []string{"link_id", "label", "organisation", "week", "starts", "searches", "saved", "drafted"}

// statsCmd runs `ouderkring stats [--csv] [--weeks N]`: what /cijfers
// shows an admin, for every live link, one line per link and week (the
// week's Monday, oldest first). Counts from 1 to 4 are written "< 5"
// ("<5" in CSV), as in the bot.
func statsCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asCSV := fs.Bool("csv", false, "write CSV ("+strings.Join(statsCSVHeader, ",")+")")
	weeks := fs.Int("weeks", statsDefaultWeeks, "how many weeks, up to and including this one")
	if rest, err := parseInterspersed(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return fmt.Errorf("stats: unexpected %q", rest[0])
	}
	if *weeks < 1 || *weeks > statsMaxWeeks {
		return fmt.Errorf("stats: --weeks must be 1 to %d, not %d", statsMaxWeeks, *weeks)
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	all, err := d.Referrals().ReferralStats(ctx, meetups.ReferralScope{All: true}, *weeks, time.Now())
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	if *asCSV {
		return writeStatsCSV(stdout, all)
	}
	if len(all) == 0 {
		fmt.Fprintln(stderr, "no referral links yet; staff make them with /link")
		return nil
	}
	return writeStatsTable(stdout, all)
}

// statsRows are the lines of the stats, each link's weeks oldest first.
// small is how a count from 1 to 4 is written.
func statsRows(all []meetups.ReferralStats, small string) [][]string {
	var rows [][]string
	for _, s := range all {
		weeks := slices.Clone(s.Weeks)
		slices.Reverse(weeks)
		for _, w := range weeks {
			row := []string{strconv.FormatInt(s.Link.ID, 10), s.Link.Label, s.Link.OrgName, w.Week.Format(time.DateOnly)}
			for _, e := range meetups.ReferralEvents {
				row = append(row, meetups.Suppress(w.Count(e), small))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func writeStatsCSV(w io.Writer, all []meetups.ReferralStats) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(statsCSVHeader); err != nil {
		return err
	}
	if err := cw.WriteAll(statsRows(all, "<5")); err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	return nil
}

func writeStatsTable(w io.Writer, all []meetups.ReferralStats) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(statsCSVHeader, "\t"))
	for _, row := range statsRows(all, "< 5") {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

// botName is the bot's Telegram username: BOT_USERNAME, else asked from
// Telegram with the token; "" when neither is set.
func botName(cfg config.Config) (string, error) {
	if cfg.BotUsername != "" || cfg.TelegramToken == "" {
		return cfg.BotUsername, nil
	}
	return bot.LookupUsername(cfg.TelegramToken, cfg.TelegramAPIURL)
}
