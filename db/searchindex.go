package db

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/ouderkring/ouderkring/meetups"
)

// searchindex.go answers Search from memory: the search fields of every
// published meetup, read in one snapshot at one catalogue version
// (migration 018), on a grid of cells. Postgres then only reads the page's
// meetups by id, and in the same statement the catalogue's version: when
// that is still the version held, the page is the one the database's own
// search (search.go) would give, since nothing in the catalogue changed
// between the two reads. When the version moved, this search goes to the
// database instead, and a reload starts in the background. A parent never
// waits for a reload and never sees an answer older than the catalogue.
//
// Why in memory: the nearby search was four fifths of Postgres's work per
// update (docs/BENCHMARKS.md, "Capacity"), about a millisecond of a
// statement with seventeen sub-plans each time a parent narrows the results.
// Worked out in Go over the meetups of a few grid cells, with one statement
// by primary key for the page, a search takes a quarter of the time
// (BenchmarkSearchMemory against BenchmarkSearch). No library fits: the search is ours (its filters, its
// score, its widening), and a spatial index library would answer only "which
// points are near", the easy part; the grid below is a map of slices.
//
// It follows the database's search rule for rule; TestSearchMatchesReference
// holds it to that, page by page against the database's, on the reference
// test's queries. "The same page" is up to rounding: Go's trigonometry and
// the C library's may differ in the last bit, so two meetups whose scores
// agree to a millionth of a metre may change places.

// Defaults of WithSearchIndex.
const (
	// DefaultSearchReloadGap is the least time between two reloads, so a
	// catalogue that changes all the time (an import statement by
	// statement) costs at most one reload in that time; searches go to the
	// database meanwhile.
	DefaultSearchReloadGap = 2 * time.Second
	// reloadTimeout bounds a reload, so one that hangs does not keep the
	// index from loading again.
	reloadTimeout = time.Minute
	// cellDegrees is a grid cell's side: about 11 km north-south and 7 km
	// east-west in the Netherlands, so the dialog's 5 km search reads 4–9
	// cells.
	cellDegrees = 0.1
	// earthMetres is earthdistance's earth() radius.
	earthMetres = 6378168.0
)

// WithSearchIndex answers searches from memory (searchindex.go) where the
// catalogue has not changed since it was read; reloads are at least gap
// apart (0 or less: DefaultSearchReloadGap). Safe with webhook replicas:
// each checks the catalogue's version on every search.
func WithSearchIndex(gap time.Duration) Option {
	return func(o *options) {
		if gap <= 0 {
			gap = DefaultSearchReloadGap
		}
		o.searchGap = gap
	}
}

// SearchIndexStats says how searches were answered: from memory, by the
// database (no index yet, or the catalogue changed since it was read), and
// how many reloads ran.
type SearchIndexStats struct {
	Memory, Database, Reloads, ReloadErrors int64
	Meetups                                 int   // in the index now
	Version                                 int64 // the catalogue version it holds (0: none yet)
}

// SearchIndexStats reports the search index's counts; all zero without one.
func (d *DB) SearchIndexStats() SearchIndexStats {
	x := d.searchIndex
	if x == nil {
		return SearchIndexStats{}
	}
	s := SearchIndexStats{Memory: x.memory.Load(), Database: x.database.Load(), Reloads: x.reloads.Load(), ReloadErrors: x.reloadErrors.Load()}
	if snap := x.snap.Load(); snap != nil {
		s.Meetups, s.Version = snap.size, snap.version
	}
	return s
}

// searchIndex holds the latest snapshot and starts reloads.
type searchIndex struct {
	gap  time.Duration
	snap atomic.Pointer[indexSnapshot]

	mu       sync.Mutex
	loading  bool
	lastLoad time.Time
	stopped  bool
	wg       sync.WaitGroup
	cancel   context.CancelFunc // of the reloads' context
	ctx      context.Context

	memory, database, reloads, reloadErrors atomic.Int64
}

// indexSnapshot is the catalogue at one version. Its meetups never change
// once it is published (a reload builds a new one); only stale is set.
type indexSnapshot struct {
	version int64
	size    int
	cells   map[cellKey][]indexEntry
	online  []indexEntry
	// langs numbers the languages meetups are held in, for the entries'
	// bit sets; a meetup with one past the 64th keeps its whole list in
	// moreLangs.
	langs     map[string]uint64
	moreLangs map[int64][]string
	// stale is set once a search found the catalogue changed: searches
	// then go to the database at once, until a reload replaces it.
	stale atomic.Bool
}

// heldIn says whether e is held in lang; bit is langs[lang] (0: none).
func (s *indexSnapshot) heldIn(e *indexEntry, lang string, bit uint64) bool {
	if e.langs&bit != 0 {
		return true
	}
	return e.moreLangs && slices.Contains(s.moreLangs[e.id], lang)
}

type cellKey struct{ lat, lon int32 }

func cellOf(lat, lon float64) cellKey {
	return cellKey{int32(math.Floor(lat / cellDegrees)), int32(math.Floor(lon / cellDegrees))}
}

// indexEntry is one published meetup's search fields.
type indexEntry struct {
	id        int64
	x, y, z   float64 // the point as ll_to_earth has it, in metres
	cell      cellKey
	next      int64  // next_start in microseconds since 1970, when hasNext
	langs     uint64 // bit i: the language indexSnapshot.langs numbers i
	ageMin    int32
	ageMax    int32
	cost      int32
	themes    uint16 // bit i: filterThemes[i]
	bands     uint8  // bit i: meetups.AgeBands[i], when hasBands
	kind      uint8  // bit i: filterKinds[i]
	slots     uint8
	hasNext   bool
	hasBands  bool
	ongoing   bool
	moreLangs bool // held in a language past the 64th as well
}

// earthPoint is ll_to_earth(lat, lon) as earthdistance computes it
// (radians(x) is x times pi/180 there).
func earthPoint(lat, lon float64) (x, y, z float64) {
	la, lo := lat*(math.Pi/180), lon*(math.Pi/180)
	return earthMetres * math.Cos(la) * math.Cos(lo), earthMetres * math.Cos(la) * math.Sin(lo), earthMetres * math.Sin(la)
}

// newSearchIndex is an empty index: the first search starts its load.
func newSearchIndex(gap time.Duration) *searchIndex {
	x := &searchIndex{gap: gap}
	x.ctx, x.cancel = context.WithCancel(context.Background())
	return x
}

// stop cancels a reload that runs and waits for it; Close calls it.
func (x *searchIndex) stop() {
	x.mu.Lock()
	x.stopped = true
	x.mu.Unlock()
	x.cancel()
	x.wg.Wait()
}

// reload starts reading the catalogue again in the background, unless a
// reload runs, the last began less than gap ago, or the index stopped.
func (x *searchIndex) reload(d *DB) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.loading || x.stopped || (!x.lastLoad.IsZero() && time.Since(x.lastLoad) < x.gap) {
		return
	}
	x.loading, x.lastLoad = true, time.Now()
	x.wg.Add(1)
	go func() {
		defer x.wg.Done()
		// Done last: whoever sees the reload over sees its snapshot.
		defer func() {
			x.mu.Lock()
			x.loading = false
			x.mu.Unlock()
		}()
		start := time.Now()
		ctx, cancel := context.WithTimeout(x.ctx, reloadTimeout)
		defer cancel()
		snap, err := loadSnapshot(ctx, d)
		if err != nil {
			x.reloadErrors.Add(1)
			x.reloads.Add(1)
			if !errors.Is(err, context.Canceled) {
				slog.Warn("search index: reload failed; searches go to the database", "err", err)
			}
			return
		}
		x.snap.Store(snap)
		x.reloads.Add(1)
		slog.Debug("search index: reloaded", "meetups", snap.size, "took", time.Since(start))
	}()
}

// loadSnapshot reads every published meetup's search fields and the
// catalogue version in one snapshot.
func loadSnapshot(ctx context.Context, d *DB) (*indexSnapshot, error) {
	snap := &indexSnapshot{cells: map[cellKey][]indexEntry{}, langs: map[string]uint64{}, moreLangs: map[int64][]string{}}
	var placed []indexEntry // the meetups with a place, read
	err := pgx.BeginTxFunc(ctx, d.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `select v, (select count(*) from meetups where status = 'published') from catalogue_version`).Scan(&snap.version, &n); err != nil {
			return err
		}
		placed = make([]indexEntry, 0, n)
		// The arrays come as strings (split without copying): a reload
		// allocates little per meetup.
		rows, err := tx.Query(ctx, `select id, lat, lon, online, array_position($1::text[], kind), schedule_kind = 'ongoing', array_to_string(themes, chr(31)),
			array_to_string(languages, chr(31)), age_min_months, age_max_months, array_to_string(age_bands, chr(31)),
			cost_cents, slots, next_start
			from meetups where status = 'published' and (lat is not null or online)`, filterKinds)
		if err != nil {
			return err
		}
		defer rows.Close()
		var (
			e             indexEntry
			lat, lon      pgtype.Float8
			online        bool
			kind          pgtype.Int4
			langs         string
			themes, bands string
			slots         int16
			next          pgtype.Timestamptz
		)
		dest := []any{&e.id, &lat, &lon, &online, &kind, &e.ongoing, &themes, &langs,
			&e.ageMin, &e.ageMax, &bands, &e.cost, &slots, &next}
		for rows.Next() {
			e = indexEntry{}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			if kind.Valid && kind.Int32 >= 1 { // 0: a kind filterKinds lacks (none yet)
				e.kind = 1 << (kind.Int32 - 1)
			}
			for t := range strings.SplitSeq(themes, "\x1f") {
				if i := slices.Index(filterThemes, meetups.Theme(t)); i >= 0 {
					e.themes |= 1 << i
				}
			}
			e.hasBands = bands != ""
			for b := range strings.SplitSeq(bands, "\x1f") {
				if i := slices.Index(meetups.AgeBands, meetups.AgeBand(b)); i >= 0 {
					e.bands |= 1 << i
				}
			}
			for l := range strings.SplitSeq(langs, "\x1f") {
				bit, ok := snap.langs[l]
				if !ok && len(snap.langs) < 64 {
					l = strings.Clone(l) // not the whole row's string
					bit = 1 << len(snap.langs)
					snap.langs[l] = bit
				}
				e.langs |= bit
				e.moreLangs = e.moreLangs || bit == 0
			}
			if e.moreLangs {
				snap.moreLangs[e.id] = strings.Split(langs, "\x1f")
			}
			e.slots = uint8(slots)
			if next.Valid {
				e.hasNext, e.next = true, next.Time.UnixMicro()
			}
			snap.size++
			if online {
				snap.online = append(snap.online, e)
				continue
			}
			if !lat.Valid || !lon.Valid {
				continue
			}
			e.x, e.y, e.z = earthPoint(lat.Float64, lon.Float64)
			e.cell = cellOf(lat.Float64, lon.Float64)
			placed = append(placed, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("db: search index: load: %w", interpretError(err))
	}
	// One array, in cell order; each cell's entries are a slice of it.
	slices.SortFunc(placed, func(a, b indexEntry) int {
		if c := cmp.Compare(a.cell.lat, b.cell.lat); c != 0 {
			return c
		}
		return cmp.Compare(a.cell.lon, b.cell.lon)
	})
	for i := 0; i < len(placed); {
		k, j := placed[i].cell, i+1
		for j < len(placed) && placed[j].cell == k {
			j++
		}
		snap.cells[k] = placed[i:j:j]
		i = j
	}
	return snap, nil
}

// indexQuery is a query's filters in the entries' terms.
type indexQuery struct {
	q          meetups.Query
	snap       *indexSnapshot
	lang, pref uint64 // the bits of q.Language and q.PreferLanguage
	kinds      uint8  // 0: any
	none       bool   // a filter nothing can pass (an unknown theme)
	theme      uint16
	band       uint8 // 0: any age
	bandLo     int32
	bandHi     int32
	before     int64 // microseconds, when hasBefore
	hasBefore  bool
	now        int64 // microseconds, as Postgres has $4
	kmPerDay   float64
	x, y, z    float64
	ongoingDue int64 // now plus a week, microseconds
}

func newIndexQuery(s *indexSnapshot, q meetups.Query) indexQuery {
	iq := indexQuery{q: q, snap: s, kmPerDay: q.Order.KmPerDay(), lang: s.langs[q.Language], pref: s.langs[q.PreferLanguage]}
	for _, k := range q.Kinds {
		if i := slices.Index(filterKinds, k); i >= 0 {
			iq.kinds |= 1 << i
		}
	}
	iq.none = len(q.Kinds) > 0 && iq.kinds == 0 // only kinds no meetup has
	if q.Theme != "" {
		i := slices.Index(filterThemes, q.Theme)
		iq.none = iq.none || i < 0
		if i >= 0 {
			iq.theme = 1 << i
		}
	}
	if lo, hi, ok := q.AgeBand.Months(); ok {
		iq.band = 1 << slices.Index(meetups.AgeBands, q.AgeBand)
		iq.bandLo, iq.bandHi = int32(lo), int32(hi)
	}
	if !q.Before.IsZero() {
		iq.before, iq.hasBefore = q.Before.UnixMicro(), true
	}
	// Postgres holds times to the microsecond: $4 is Now cut to that.
	iq.now = q.Now.UnixMicro()
	iq.ongoingDue = iq.now + int64(ongoingDays*24*time.Hour/time.Microsecond)
	iq.x, iq.y, iq.z = earthPoint(q.Near.Lat, q.Near.Lon)
	return iq
}

// passes says whether e passes every filter but the distance: the
// database's filter key and conditions (filterkey.go, search.go).
func (iq *indexQuery) passes(e *indexEntry) bool {
	q := &iq.q
	switch {
	case iq.none:
		return false
	case !e.ongoing && !e.hasNext: // nothing left to come
		return false
	case iq.kinds != 0 && e.kind&iq.kinds == 0:
		return false
	case iq.theme != 0 && e.themes&iq.theme == 0:
		return false
	case q.FreeOnly && e.cost != 0:
		return false
	case q.When != 0 && !e.ongoing && e.slots&uint8(q.When) == 0:
		return false
	case iq.hasBefore && (!e.hasNext || e.next >= iq.before):
		return false
	}
	if iq.band != 0 {
		if e.ageMin > iq.bandHi || e.ageMax < iq.bandLo {
			return false
		}
		if e.hasBands && e.bands&iq.band == 0 {
			return false
		}
	}
	if q.Language != "" && !iq.snap.heldIn(e, q.Language, iq.lang) {
		return false
	}
	return true
}

// km is e's distance from the query's place as the database's metres
// expression computes it, in km.
func (iq *indexQuery) km(e *indexEntry) float64 {
	dx, dy, dz := iq.x-e.x, iq.y-e.y, iq.z-e.z
	chord := math.Sqrt(dx*dx + dy*dy + dz*dz)
	return (2 * earthMetres) * math.Asin(min(chord/(2*earthMetres), 1)) / 1000
}

// score is the search's order: distance plus the wait, weighed.
func (iq *indexQuery) score(e *indexEntry, km float64) float64 {
	next := iq.ongoingDue
	if e.hasNext {
		next = e.next
	}
	days := min(max(float64(next-iq.now)/(86400*1e6), 0), maxDaysWait)
	return km + iq.kmPerDay*days
}

// hit is an entry that passed, with its distance and score.
type hit struct {
	id        int64
	km, score float64
	pref      bool
}

// before is the page's order: score, then held in the parent's language,
// then id (search.go's "order by score, not pref, id").
func (a *hit) before(b *hit) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	if a.pref != b.pref {
		return a.pref
	}
	return a.id < b.id
}

// hitBuffers keeps the hits of one search for the next, so a search
// makes no garbage for them.
var hitBuffers = sync.Pool{New: func() any { return new([]hit) }}

// maxPooledHits is the largest buffer kept (about a megabyte).
const maxPooledHits = 1 << 15

// search is q's page from the snapshot (q already checked), and the
// radius the page comes from in km. ok is false when the snapshot cannot
// say: a search area across a pole or the date line.
func (s *indexSnapshot) search(q meetups.Query) (page []hit, radiusKm float64, ok bool) {
	iq := newIndexQuery(s, q)
	// The database compares km with $3 / 1000.0, the radius in metres
	// back in km; so does this.
	inKm := func(r float64) float64 { return r * 1000 / 1000 }
	widest := inKm(q.RadiusKm)
	// The cells the widest circle can reach: a degree of latitude is at
	// least 110.5 km, and one of longitude at least cos(lat) of 111.3 km
	// at the circle's edge nearest a pole.
	dLat := widest/110.5 + 0.01
	latLo, latHi := q.Near.Lat-dLat, q.Near.Lat+dLat
	if latLo < -89 || latHi > 89 {
		return nil, 0, false
	}
	dLon := widest/(111.3*math.Cos(math.Max(math.Abs(latLo), math.Abs(latHi))*math.Pi/180)) + 0.01
	lonLo, lonHi := q.Near.Lon-dLon, q.Near.Lon+dLon
	if lonLo < -180 || lonHi > 180 {
		return nil, 0, false
	}
	buf := hitBuffers.Get().(*[]hit)
	defer func() {
		if cap(*buf) <= maxPooledHits { // a search across a country is not kept
			*buf = (*buf)[:0]
			hitBuffers.Put(buf)
		}
	}()
	hits := (*buf)[:0]
	prefers := func(e *indexEntry) bool {
		return q.PreferLanguage != "" && s.heldIn(e, q.PreferLanguage, iq.pref)
	}
	lo, hi := cellOf(latLo, lonLo), cellOf(latHi, lonHi)
	for a := lo.lat; a <= hi.lat; a++ {
		for b := lo.lon; b <= hi.lon; b++ {
			es := s.cells[cellKey{a, b}]
			for i := range es {
				e := &es[i]
				if !iq.passes(e) {
					continue
				}
				if km := iq.km(e); km <= widest {
					hits = append(hits, hit{id: e.id, km: km, score: iq.score(e, km), pref: prefers(e)})
				}
			}
		}
	}
	online := 0
	if q.IncludeOnline {
		for i := range s.online {
			if e := &s.online[i]; iq.passes(e) {
				hits = append(hits, hit{id: e.id, km: onlineKm, score: iq.score(e, onlineKm), pref: prefers(e)})
				online++
			}
		}
	}
	*buf = hits
	radiusKm = widest
	if len(q.Widen) > 0 {
		// The first radius within which WidenMin meetups match, online
		// ones counted (they are in hits, at onlineKm, whatever the
		// radius); else the widest.
		for _, r := range q.Widen {
			n := 0
			for i := range hits[:len(hits)-online] {
				if hits[i].km <= inKm(r) {
					n++
				}
			}
			if n+online >= q.WidenMin {
				radiusKm = inKm(r)
				break
			}
		}
	}
	// The best Offset+Limit of the hits within the radius, kept in a heap
	// with the worst on top; then the page is the heap, sorted, from Offset.
	k := q.Offset + q.Limit
	best := make([]hit, 0, min(k, len(hits)))
	for i, h := range hits {
		if i < len(hits)-online && h.km > radiusKm {
			continue
		}
		switch {
		case len(best) < k:
			best = append(best, h)
			siftUp(best, len(best)-1)
		case h.before(&best[0]):
			best[0] = h
			siftDown(best, 0)
		}
	}
	slices.SortFunc(best, func(a, b hit) int {
		switch {
		case a.before(&b):
			return -1
		case b.before(&a):
			return 1
		}
		return 0
	})
	from := min(q.Offset, len(best))
	return best[from:], radiusKm, true
}

// siftUp and siftDown keep h a heap with the hit that comes last on top.
func siftUp(h []hit, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h[p].before(&h[i]) {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func siftDown(h []hit, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h[c].before(&h[c+1]) {
			c++
		}
		if !h[i].before(&h[c]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// errIndexStale is a page the index worked out at a version the catalogue
// has left.
var errIndexStale = errors.New("db: search index: the catalogue changed")

// searchFromIndex answers q (already checked) from the snapshot, reading
// the page's meetups and the catalogue version in one statement. It
// returns errIndexStale, or ok false, when the database must answer.
func (c *Catalogue) searchFromIndex(ctx context.Context, snap *indexSnapshot, q meetups.Query) (results []meetups.Result, ok bool, err error) {
	page, radius, ok := snap.search(q)
	if !ok {
		return nil, false, nil
	}
	var version int64
	if len(page) == 0 {
		if err := c.db.pool.QueryRow(ctx, `select v from catalogue_version`).Scan(&version); err != nil {
			return nil, false, fmt.Errorf("db: search: %w", interpretError(err))
		}
		if version != snap.version {
			snap.stale.Store(true)
			return nil, false, errIndexStale
		}
		return []meetups.Result{}, true, nil
	}
	ids := make([]int64, len(page))
	for i, h := range page {
		ids[i] = h.id
	}
	// Only at the snapshot's version: a stale page reads no rows.
	rows, err := c.db.pool.Query(ctx, `select `+meetupColumns+`
		from meetups m join organisations o on o.id = m.org_id
		where m.id = any($1) and (select v from catalogue_version) = $2`, ids, snap.version)
	if err != nil {
		return nil, false, fmt.Errorf("db: search: %w", interpretError(err))
	}
	byID := make(map[int64]meetups.Meetup, len(page))
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		m, err := scanMeetup(r)
		byID[m.ID] = m
		return struct{}{}, err
	})
	if err != nil {
		return nil, false, fmt.Errorf("db: search: %w", interpretError(err))
	}
	if len(byID) != len(page) {
		snap.stale.Store(true)
		return nil, false, errIndexStale
	}
	results = make([]meetups.Result, len(page))
	for i, h := range page {
		res := meetups.Result{Meetup: byID[h.id], DistanceKm: h.km, RadiusKm: radius}
		if occ := res.Schedule.Next(q.Now, 1); len(occ) > 0 {
			res.Next = &occ[0]
		}
		results[i] = res
	}
	return results, true, nil
}
