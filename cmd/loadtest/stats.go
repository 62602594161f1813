package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// ms formats d in milliseconds.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond))
}

func mb(kb int64) string { return fmt.Sprintf("%.1f", float64(kb)/1024) }

func thinkString(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	return d.String()
}

// stepOrder is the order of a conversation's steps.
var stepOrder = []string{"zoek", "location", "refine", "age", "kind", "when", "more", "details"}

const rowFormat = "%-5s %7s %6s %8s %7s %7s %7s %8s %6s %7s %6s %7s %6s  %s\n"

func printHeader(w io.Writer) {
	fmt.Fprintf(w, rowFormat, "bot", "parents", "think", "upd/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
		"errors", "sent", "convs", "RSS MB", "conns", "CPU cores: bot / fake+parents / Postgres / others")
}

// printRow prints one run as it ends, with the details of any error.
func printRow(w io.Writer, r runResult) {
	conns := "-"
	if r.spec.engine == "ours" {
		conns = fmt.Sprintf("%d/%d", r.bot.PeakConns, r.bot.MaxConns)
	}
	fmt.Fprintf(w, rowFormat, r.spec.engine, fmt.Sprint(r.spec.parents), thinkString(r.spec.think), fmt.Sprintf("%.1f", r.rate()),
		ms(r.lat.P50), ms(r.lat.P95), ms(r.lat.P99), ms(r.lat.Max), fmt.Sprint(r.errors()), fmt.Sprint(r.sent),
		fmt.Sprint(r.conversations), mb(r.bot.PeakRSSKB), conns, r.cpu)
	if r.errors() > 0 {
		fmt.Fprintf(w, "      errors: %d unanswered, %d unexpected answers, rejected by the fake %v, bot errors %d, outbound failed %d, not handled %d (sent %d, the bot took %d)\n",
			r.timeouts, r.unexpected, r.rejected, r.bot.Errors, r.bot.OutFailed, r.pending, r.sent, r.bot.Updates)
	}
	var steps []string
	for _, step := range stepOrder {
		if st, ok := r.byStep[step]; ok {
			steps = append(steps, fmt.Sprintf("%s %d× %s/%s", step, st.N, ms(st.P50), ms(st.P99)))
		}
	}
	fmt.Fprintf(w, "      by step (n, p50/p99 ms): %s\n", strings.Join(steps, ", "))
	fmt.Fprintf(w, "      the bot's own handling time (a worker taking the update to its last reply sent): mean %.1f ms, 99%% within %g ms\n",
		r.bot.HandleMeanMS, r.bot.HandleP99MS)
	if r.polls > 0 {
		fmt.Fprintf(w, "      getUpdates: %d in the window, one every %.1f ms, %.1f updates each on average\n",
			r.polls, float64(r.window.Milliseconds())/float64(r.polls), float64(r.handled)/float64(r.polls))
	}
	if r.spec.engine == "ours" {
		wait := 0.0
		if r.bot.Acquires > 0 {
			wait = r.bot.AcquireWaitS / float64(r.bot.Acquires) * 1000
		}
		if len(r.bot.DBCalls) > 0 {
			var parts []string
			for _, m := range []string{"LoadSession", "SaveSession", "Search", "Meetup", "Count"} {
				if cs, ok := r.bot.DBCalls[m]; ok {
					parts = append(parts, fmt.Sprintf("%s %.2f × %.2f ms", m, float64(cs.N)/float64(max(r.bot.Updates, 1)), cs.TotalMS/float64(cs.N)))
				}
			}
			fmt.Fprintf(w, "      db calls per update × mean wall time (waiting for a connection included): %s\n", strings.Join(parts, ", "))
		}
		fmt.Fprintf(w, "      pool: peak %d open, %d in use; %d of %d acquires waited (mean acquire %.2f ms); answers held by the outbound limits > 1 ms: %d\n",
			r.bot.PeakConns, r.bot.PeakAcquired, r.bot.EmptyAcquires, r.bot.Acquires, wait, r.bot.OutWaited)
	}
}

// printSummary prints every run as a Markdown table, ours as a share of
// the echo bot's throughput in the same conditions, and the issue's
// targets for ours.
func printSummary(w io.Writer, results []runResult) {
	echo := map[[2]int64]runResult{}
	for _, r := range results {
		if r.spec.engine == "echo" {
			echo[[2]int64{int64(r.spec.parents), int64(r.spec.think)}] = r
		}
	}
	fmt.Fprintln(w, "| think | parents | bot | updates/s | of echo | p50 ms | p95 ms | p99 ms | max ms | errors | peak RSS MB | DB conns peak/max | CPU cores: bot / fake+parents / Postgres / others |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range results {
		share, conns := "", "-"
		if e, ok := echo[[2]int64{int64(r.spec.parents), int64(r.spec.think)}]; ok && r.spec.engine == "ours" && e.rate() > 0 {
			share = fmt.Sprintf("%.2f", r.rate()/e.rate())
		}
		if r.spec.engine == "ours" {
			conns = fmt.Sprintf("%d/%d", r.bot.PeakConns, r.bot.MaxConns)
		}
		fmt.Fprintf(w, "| %s | %d | %s | %.1f | %s | %s | %s | %s | %s | %d | %s | %s | %s |\n",
			thinkString(r.spec.think), r.spec.parents, r.spec.engine, r.rate(), share, ms(r.lat.P50), ms(r.lat.P95), ms(r.lat.P99), ms(r.lat.Max),
			r.errors(), mb(r.bot.PeakRSSKB), conns, r.cpu)
	}
	fmt.Fprintln(w)
	// The targets are for 1,000 parents at once.
	for _, r := range results {
		if r.spec.engine != "ours" || r.spec.parents != 1000 {
			continue
		}
		mark := func(ok bool) string {
			if ok {
				return "met"
			}
			return "MISSED"
		}
		note := ""
		if r.spec.think == 0 {
			note = " (no think time: every parent always waits, so latency is 1,000 / throughput by construction)"
		}
		fmt.Fprintf(w, "targets, ours, %d parents, think %s: %s; %s; %s; %s%s\n", r.spec.parents, thinkString(r.spec.think),
			fmt.Sprintf("%.0f updates/s ≥ 500 %s", r.rate(), mark(r.rate() >= 500)),
			fmt.Sprintf("p99 %s ms < 100 %s", ms(r.lat.P99), mark(r.lat.P99 < 100*time.Millisecond)),
			fmt.Sprintf("RSS %s MB < 150 %s", mb(r.bot.PeakRSSKB), mark(r.bot.PeakRSSKB < 150*1024)),
			fmt.Sprintf("%d errors %s", r.errors(), mark(r.errors() == 0)), note)
	}
}
