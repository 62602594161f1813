package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/meetups"
)

// referralCLI is a schema with referral links, and the binary's commands
// run with BOT_USERNAME set.
type referralCLI struct {
	cli
	refs *db.Referrals
}

func setupReferralCLI(t *testing.T) referralCLI {
	t.Helper()
	c := setupCLI(t)
	d, err := db.Open(context.Background(), c.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return referralCLI{cli: c, refs: d.Referrals()}
}

// runEnv runs `ouderkring args...` with extra environment variables.
func (c referralCLI) runEnv(t *testing.T, extra map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := map[string]string{"DATABASE_URL": c.dbURL, "PDOK_URL": c.pdok.URL(), "HTTP_ADDR": "off", "BOT_USERNAME": "OuderkringBot"}
	for k, v := range extra {
		env[k] = v
	}
	var out, errb bytes.Buffer
	code = run(args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// link stores a link of organisation org ("" for none).
func (c referralCLI) link(t *testing.T, label, org string) meetups.ReferralLink {
	t.Helper()
	var orgID int64
	if org != "" {
		var err error
		if orgID, err = c.cat.EnsureOrganisation(context.Background(), org); err != nil {
			t.Fatal(err)
		}
	}
	code, err := meetups.NewReferralCode()
	if err != nil {
		t.Fatal(err)
	}
	l, err := c.refs.CreateReferral(context.Background(), meetups.ReferralLink{Code: code, Label: label, OrgID: orgID})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func (c referralCLI) count(t *testing.T, l meetups.ReferralLink, e meetups.ReferralEvent, n int, at time.Time) {
	t.Helper()
	for range n {
		if err := c.refs.CountReferral(context.Background(), l.ID, e, at); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPosterCommand(t *testing.T) {
	t.Parallel()
	c := setupReferralCLI(t)
	l := c.link(t, "CB Utrecht Overvecht", "JGZ Utrecht")
	dir := filepath.Join(t.TempDir(), "posters")

	code, out, errs := c.runEnv(t, nil, "poster", "--code", l.Payload(), "--out", dir, "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	pngPath, pdfPath := filepath.Join(dir, l.Payload()+".png"), filepath.Join(dir, l.Payload()+".pdf")
	if out != pngPath+"\n"+pdfPath+"\n" {
		t.Errorf("stdout: got=%q, want the two paths", out)
	}
	link := "https://t.me/OuderkringBot?start=" + l.Payload()
	if !strings.Contains(errs, link) {
		t.Errorf("stderr: got=%q, want the link", errs)
	}
	pngData, err := os.ReadFile(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodePNGQR(t, pngData); got != link {
		t.Errorf("the PNG reads %q, want %q", got, link)
	}
	pdfData, err := os.ReadFile(pdfPath)
	if err != nil {
		t.Fatal(err)
	}
	checkPoster(t, pdfData)

	// The code without r_ works too.
	if code, _, errs := c.runEnv(t, nil, "poster", "--code", l.Code, "--out", dir); code != 0 {
		t.Errorf("--code without r_: exit %d: %s", code, errs)
	}

	// Arabic under the Dutch, in a file of its own beside the others.
	code, out, errs = c.runEnv(t, nil, "poster", "--code", l.Payload(), "--out", dir, "--second", "ar")
	arPath := filepath.Join(dir, l.Payload()+"-ar.pdf")
	if code != 0 || out != pngPath+"\n"+arPath+"\n" {
		t.Fatalf("--second ar: exit %d, stdout %q, stderr %q; want the PNG and %s", code, out, errs, arPath)
	}
	if b, err := os.ReadFile(arPath); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("--second ar: %v, starts %q", err, b[:min(len(b), 8)])
	}

	gone := c.link(t, "Weg", "JGZ Utrecht")
	if err := c.refs.DeleteReferral(context.Background(), gone.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		env  map[string]string
		args []string
		want string
	}{
		"Unknown":   {nil, []string{"--code", "r_neverMadeCode123"}, "no referral link r_neverMadeCode123"},
		"Deleted":   {nil, []string{"--code", gone.Payload()}, "no referral link " + gone.Payload()},
		"Malformed": {nil, []string{"--code", "r_ab!c"}, "is not a referral code"},
		"Missing":   {nil, nil, "is not a referral code"},
		"Lang":      {nil, []string{"--code", l.Payload(), "--lang", "de"}, "--lang must be nl or en"},
		"Second":    {nil, []string{"--code", l.Payload(), "--second", "nl"}, "--second must be another of"},
		"NoBotName": {map[string]string{"BOT_USERNAME": ""}, []string{"--code", l.Payload()}, "set BOT_USERNAME"},
	} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			code, _, errs := c.runEnv(t, tc.env, append([]string{"poster", "--out", out}, tc.args...)...)
			if code == 0 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stderr %q; want a failure saying %q", code, errs, tc.want)
			}
			if files, _ := os.ReadDir(out); len(files) != 0 {
				t.Errorf("wrote %d files on failure", len(files))
			}
		})
	}
}

func TestStatsCommand(t *testing.T) {
	t.Parallel()
	c := setupReferralCLI(t)
	now := time.Now()
	a := c.link(t, "CB Utrecht Overvecht", "JGZ Utrecht")
	b := c.link(t, "Bibliotheek, ingang \"Oost\"", "")
	gone := c.link(t, "Weg", "JGZ Utrecht")
	c.count(t, a, meetups.ReferralStart, 17, now)
	c.count(t, a, meetups.ReferralSearch, 4, now)
	c.count(t, a, meetups.ReferralDrafted, 5, now)
	c.count(t, a, meetups.ReferralStart, 1, now.AddDate(0, 0, -7))
	c.count(t, b, meetups.ReferralSearch, 1, now)
	c.count(t, gone, meetups.ReferralStart, 9, now)
	if err := c.refs.DeleteReferral(context.Background(), gone.ID, now); err != nil {
		t.Fatal(err)
	}
	week := func(back int) string { return meetups.WeekOf(now).AddDate(0, 0, -7*back).Format(time.DateOnly) }

	code, out, errs := c.runEnv(t, nil, "stats", "--csv", "--weeks", "2")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	ida, idb := strconv.FormatInt(a.ID, 10), strconv.FormatInt(b.ID, 10)
	want := [][]string{
		{"link_id", "label", "organisation", "week", "starts", "searches", "saved", "drafted"},
		{idb, "Bibliotheek, ingang \"Oost\"", "", week(1), "0", "0", "0", "0"},
		{idb, "Bibliotheek, ingang \"Oost\"", "", week(0), "0", "<5", "0", "0"},
		{ida, "CB Utrecht Overvecht", "JGZ Utrecht", week(1), "<5", "0", "0", "0"},
		{ida, "CB Utrecht Overvecht", "JGZ Utrecht", week(0), "17", "<5", "0", "5"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d:\n%s", len(rows), len(want), out)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: got=%q, want %q", i, rows[i], want[i])
		}
	}

	// Four weeks by default, as a table for people, with the same "< 5".
	code, out, errs = c.runEnv(t, nil, "stats")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1+2*4 || !strings.HasPrefix(lines[0], "link_id") {
		t.Fatalf("table: %d lines\n%s", len(lines), out)
	}
	last := strings.Fields(lines[len(lines)-1])
	if got := strings.Join(last[len(last)-6:], " "); got != week(0)+" 17 < 5 0 5" {
		t.Errorf("this week's line: got %q\n%s", got, out)
	}
	if strings.Contains(out, "Weg") {
		t.Errorf("a deleted link is listed:\n%s", out)
	}

	for _, bad := range [][]string{{"--weeks", "0"}, {"--weeks", "54"}, {"extra"}} {
		if code, _, _ := c.runEnv(t, nil, append([]string{"stats"}, bad...)...); code == 0 {
			t.Errorf("stats %v: exit 0, want a failure", bad)
		}
	}
}

func TestStatsCommandNoLinks(t *testing.T) {
	t.Parallel()
	c := setupReferralCLI(t)
	if code, out, errs := c.runEnv(t, nil, "stats", "--csv"); code != 0 || out != "link_id,label,organisation,week,starts,searches,saved,drafted\n" {
		t.Errorf("exit %d, stdout %q, stderr %q; want the header alone", code, out, errs)
	}
	if code, out, errs := c.runEnv(t, nil, "stats"); code != 0 || out != "" || !strings.Contains(errs, "no referral links") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
