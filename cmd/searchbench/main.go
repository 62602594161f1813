// Command searchbench measures nearby search on a real Postgres: it loads a
// generated catalogue of N meetups into a schema of its own, times a set of
// realistic searches through db.Catalogue.Search, times the same searches
// again with the planner forced to a sequential scan, and prints p50, p95,
// p99 and the plans. It exists because "the GiST index makes search fast"
// is a claim about a planner and a data set, and only a run on realistic
// data shows whether it holds; docs/BENCHMARKS.md records its figures.
//
//	go run ./cmd/searchbench -n 100000 -queries 2000
//
// It runs against a local database only, and drops its schema at the end
// unless -keep is given. It exits with status 1 when the index plan does
// not use meetups_nearby_idx.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/internal/benchdb"
	"github.com/ouderkring/ouderkring/internal/latency"
	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/demo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		stop()
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	n, queries, warmup int
	seed               int64
	url                string
	keep               bool
	reuse              string
	seq                bool
	widen              bool
	slowest            int
	execMode           string
	pgOptions          string
	timeout            time.Duration
}

func parseFlags(args []string, getenv func(string) string, out io.Writer) (config, error) {
	c := config{url: getenv("DATABASE_URL")}
	if c.url == "" {
		c.url = benchdb.DefaultURL
	}
	fs := flag.NewFlagSet("searchbench", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&c.n, "n", 100000, "meetups to generate and load")
	fs.IntVar(&c.queries, "queries", 2000, "timed searches per plan")
	fs.IntVar(&c.warmup, "warmup", 200, "untimed searches per plan before timing")
	fs.Int64Var(&c.seed, "seed", 1, "seed of the catalogue and of the searches")
	fs.StringVar(&c.url, "database-url", c.url, "local Postgres to run on (default $DATABASE_URL, else the local test database)")
	fs.BoolVar(&c.keep, "keep", false, "keep the bench_ schema afterwards, for poking at it with psql")
	fs.StringVar(&c.reuse, "reuse", "", "time searches on a bench_ schema kept by an earlier -keep run instead of loading a new one (it is kept)")
	fs.IntVar(&c.slowest, "slowest", 0, "print the plans of the N slowest searches on the index pool")
	fs.BoolVar(&c.seq, "seq", true, "also time the searches forced to a sequential scan (the slow part; -seq=false while iterating on the query)")
	fs.BoolVar(&c.widen, "widen", true, "also time the dialog's first pages: one search choosing the radius against one search per radius")
	fs.StringVar(&c.execMode, "exec-mode", "", "pgx default_query_exec_mode for both pools (e.g. simple_protocol; default pgx's cache_statement)")
	fs.StringVar(&c.pgOptions, "pg-options", "", "extra Postgres startup options for both pools (e.g. '-c plan_cache_mode=force_custom_plan')")
	fs.DurationVar(&c.timeout, "timeout", 20*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.reuse != "" && !strings.HasPrefix(c.reuse, "bench_") {
		return c, errors.New("-reuse takes a bench_ schema kept by -keep")
	}
	if c.n < 1 || c.queries < 1 || c.warmup < 0 {
		return c, errors.New("-n and -queries must be at least 1, -warmup at least 0")
	}
	return c, benchdb.CheckLocal(c.url)
}

// errIndexUnused is returned (after everything is printed) when the index
// plan does not use meetups_nearby_idx.
var errIndexUnused = errors.New("the index plan does not use meetups_nearby_idx")

// run is main without the process.
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) (err error) {
	c, err := parseFlags(args, getenv, out)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	admin, err := benchdb.AdminConn(ctx, c.url)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer admin.Close(context.Background())
	schema := c.reuse
	if schema != "" {
		if err := benchdb.RequireSchema(ctx, admin, schema); err != nil {
			return err
		}
		c.keep = true
	} else if schema, err = benchdb.CreateSchema(ctx, admin); err != nil {
		return err
	}
	defer func() {
		if c.keep {
			fmt.Fprintf(out, "\nkept schema %s\n", schema)
			return
		}
		if derr := benchdb.DropSchema(c.url, schema); derr != nil && err == nil {
			err = derr
		}
	}()

	opts := []string{"-csearch_path=" + schema + ",public"}
	if c.pgOptions != "" {
		opts = append(opts, c.pgOptions)
	}
	idx, err := openPool(ctx, c, opts...)
	if err != nil {
		return err
	}
	defer idx.Close()
	if err := idx.Migrate(ctx); err != nil {
		return err
	}
	seq, err := openPool(ctx, c, append(opts, seqScanOptions)...)
	if err != nil {
		return err
	}
	defer seq.Close()

	var version string
	if err := admin.QueryRow(ctx, "select version()").Scan(&version); err != nil {
		return err
	}
	fmt.Fprintf(out, "searchbench: %d meetups, %d queries (+%d warm-up) per plan, seed %d\n", c.n, c.queries, c.warmup, c.seed)
	fmt.Fprintf(out, "machine: %d CPUs (GOMAXPROCS %d); %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), version)
	fmt.Fprintf(out, "schema: %s; exec mode: %s; extra options: %q\n\n", schema, orDefault(c.execMode, "pgx default (cache_statement)"), c.pgOptions)

	now := time.Now()
	if c.reuse == "" {
		if err := load(ctx, out, c, idx.Catalogue(), admin, schema, now); err != nil {
			return err
		}
	}

	qs := makeQueries(c.seed, c.warmup+c.queries, now)
	warm, timed := qs[:c.warmup], qs[c.warmup:]

	// The plan of every statement shape the query set produces, on both
	// pools, so a filter combination that loses the index does not hide
	// behind the typical query.
	idxShapes, err := checkShapes(ctx, idx.Catalogue(), qs, "meetups_nearby_idx")
	if err != nil {
		return fmt.Errorf("index pool: %w", err)
	}
	seqShapes := shapeCount{}
	if c.seq {
		if seqShapes, err = checkShapes(ctx, seq.Catalogue(), qs, "Seq Scan on meetups"); err != nil {
			return fmt.Errorf("seq-scan pool: %w", err)
		}
	}
	fmt.Fprintf(out, "plans: meetups_nearby_idx in %s statement shapes on the index pool; Seq Scan on meetups in %s on the seq-scan pool\n\n",
		idxShapes, seqShapes)

	idxTimes, idxIDs, err := timeSearches(ctx, idx.Catalogue(), warm, timed)
	if err != nil {
		return fmt.Errorf("index pool: %w", err)
	}
	seqTimes, seqIDs := make([]time.Duration, len(timed)), make([][]int64, len(timed))
	if c.seq {
		if seqTimes, seqIDs, err = timeSearches(ctx, seq.Catalogue(), warm, timed); err != nil {
			return fmt.Errorf("seq-scan pool: %w", err)
		}
	}
	same, found := 0, 0
	for i := range idxIDs {
		if slices.Equal(idxIDs[i], seqIDs[i]) {
			same++
		}
		found += len(idxIDs[i])
	}
	printTable(out, latency.Summarise(idxTimes), latency.Summarise(seqTimes))
	fmt.Fprintln(out)
	printByRadius(out, timed, idxTimes, seqTimes)
	fmt.Fprintf(out, "\nresults: %.2f per search on average", float64(found)/float64(len(idxIDs)))
	if c.seq {
		fmt.Fprintf(out, "; identical under both plans for %d of %d searches", same, len(idxIDs))
	}
	fmt.Fprintln(out)

	if err := printSlowest(ctx, out, idx.Catalogue(), timed, idxTimes, c.slowest); err != nil {
		return err
	}
	if c.widen {
		ws, err := timeWidening(ctx, idx.Catalogue(), timed)
		if err != nil {
			return fmt.Errorf("widening: %w", err)
		}
		fmt.Fprintln(out)
		printWidening(out, ws)
		for i, w := range ws {
			if !w.same {
				return fmt.Errorf("widening: search %d found %v at %v km in one search, %v at %v km radius by radius",
					i, w.oneIDs, w.oneKm, w.stepsIDs, w.stepsKm)
			}
		}
	}

	typical := typicalQuery(now)
	idxPlan, err := idx.Catalogue().ExplainSearch(ctx, typical, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nEXPLAIN (ANALYZE, BUFFERS) of a typical search (Utrecht centre, 5 km, age 1-4, any kind, any time), index pool:\n%s\n", idxPlan)
	if !strings.Contains(idxPlan, "meetups_nearby_idx") || !idxShapes.all() {
		return errIndexUnused
	}
	if !c.seq {
		return nil
	}
	seqPlan, err := seq.Catalogue().ExplainSearch(ctx, typical, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nThe same, seq-scan pool:\n%s\n", seqPlan)
	if !strings.Contains(seqPlan, "Seq Scan on meetups") {
		return errors.New("the seq-scan pool's plan has no Seq Scan on meetups: the comparison is meaningless")
	}
	return nil
}

// openPool opens a db.DB on the benchmark's schema with the given startup
// options.
func openPool(ctx context.Context, c config, opts ...string) (*db.DB, error) {
	u, err := benchdb.WithOptions(c.url, opts...)
	if err != nil {
		return nil, err
	}
	if c.execMode != "" {
		if u, err = benchdb.WithParam(u, "default_query_exec_mode", c.execMode); err != nil {
			return nil, err
		}
	}
	return db.Open(ctx, u)
}

// load generates the catalogue, loads it with COPY and analyses the
// tables, printing how long each step took.
func load(ctx context.Context, out io.Writer, c config, cat *db.Catalogue, admin *pgx.Conn, schema string, now time.Time) error {
	t0 := time.Now()
	generated := demo.Generate(c.seed, c.n, now)
	gen := time.Since(t0)

	t0 = time.Now()
	n, err := cat.ReplaceSamples(ctx, generated, now)
	if err != nil {
		return err
	}
	loaded := time.Since(t0)

	t0 = time.Now()
	s := pgx.Identifier{schema}.Sanitize()
	if _, err := admin.Exec(ctx, "analyze "+s+".meetups, "+s+".organisations"); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	analysed := time.Since(t0)

	var online, located int
	if err := admin.QueryRow(ctx, "select count(*) filter (where online), count(*) filter (where lat is not null) from "+s+".meetups").
		Scan(&online, &located); err != nil {
		return err
	}
	fmt.Fprintf(out, "load: generated %d meetups in %s; ReplaceSamples (COPY + analyze) %s; analyze %s\n",
		n, gen.Round(time.Millisecond), loaded.Round(time.Millisecond), analysed.Round(time.Millisecond))
	fmt.Fprintf(out, "catalogue: %d with a place, %d online\n", located, online)
	return nil
}

// timeSearches runs warm untimed and then timed, one at a time, and
// returns each timed search's duration and the ids it found.
func timeSearches(ctx context.Context, cat *db.Catalogue, warm, timed []meetups.Query) ([]time.Duration, [][]int64, error) {
	for _, q := range warm {
		if _, err := cat.Search(ctx, q); err != nil {
			return nil, nil, err
		}
	}
	times := make([]time.Duration, len(timed))
	ids := make([][]int64, len(timed))
	for i, q := range timed {
		t0 := time.Now()
		rs, err := cat.Search(ctx, q)
		times[i] = time.Since(t0)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rs {
			ids[i] = append(ids[i], r.ID)
		}
	}
	return times, ids, nil
}

// shapeCount is how many statement shapes had the wanted plan node.
type shapeCount struct{ ok, total int }

func (s shapeCount) String() string { return fmt.Sprintf("%d of %d", s.ok, s.total) }
func (s shapeCount) all() bool      { return s.ok == s.total }

// checkShapes explains (without running) the first search of each
// statement shape in qs and counts the plans that contain want.
func checkShapes(ctx context.Context, cat *db.Catalogue, qs []meetups.Query, want string) (shapeCount, error) {
	var c shapeCount
	seen := map[string]bool{}
	for _, q := range qs {
		if seen[shape(q)] {
			continue
		}
		seen[shape(q)] = true
		plan, err := cat.ExplainSearch(ctx, q, false)
		if err != nil {
			return c, err
		}
		c.total++
		if strings.Contains(plan, want) {
			c.ok++
		}
	}
	return c, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// printSlowest explains the n slowest of the timed searches again, to see
// where a slow tail comes from.
func printSlowest(ctx context.Context, out io.Writer, cat *db.Catalogue, qs []meetups.Query, times []time.Duration, n int) error {
	order := make([]int, len(qs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(times[b], times[a]) })
	for _, i := range order[:min(n, len(order))] {
		q := qs[i]
		plan, err := cat.ExplainSearch(ctx, q, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\nslow search: %s ms, %g km, shape %s, age %q, kinds %v, theme %q, when %d, offset %d:\n%s\n",
			ms(times[i]), q.RadiusKm, shape(q), q.AgeBand, q.Kinds, q.Theme, q.When, q.Offset, plan)
	}
	return nil
}
