package pdok

import (
	"context"
	"log/slog"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// DefaultTTL is how long a cached place is trusted. Postcodes, addresses
// and towns hardly ever move; the limit only lets rare renumberings and
// municipal mergers through eventually.
const DefaultTTL = 90 * 24 * time.Hour

// Cache stores places by normalised query. The database implements it
// (db.DB); it is defined here, where it is used, so pdok needs no
// database and tests can use a map.
type Cache interface {
	// GetPlace returns the place stored for query and when it was fetched;
	// ok is false when there is none.
	GetPlace(ctx context.Context, query string) (p meetups.Place, fetchedAt time.Time, ok bool, err error)
	// PutPlace stores p for query, replacing what was there.
	PutPlace(ctx context.Context, query string, p meetups.Place, fetchedAt time.Time) error
}

// Cached is a Geocoder that remembers what another one found, so a
// postcode asked twice costs one request, and the bot keeps answering for
// known places while PDOK is down. The cache is an optimisation, never a
// reason to fail: when it cannot be read or written the lookup goes on
// without it.
type Cached struct {
	upstream meetups.Geocoder
	cache    Cache
	ttl      time.Duration
	now      func() time.Time

	// Logger receives cache failures (nil: slog.Default()). Set it before
	// first use.
	Logger *slog.Logger
}

var _ meetups.Geocoder = (*Cached)(nil)

// NewCached puts cache in front of upstream. Entries older than ttl are
// fetched again (ttl <= 0: DefaultTTL); now is the clock (nil: time.Now),
// a parameter so tests can age entries without waiting.
func NewCached(upstream meetups.Geocoder, cache Cache, ttl time.Duration, now func() time.Time) *Cached {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	if now == nil {
		now = time.Now
	}
	return &Cached{upstream: upstream, cache: cache, ttl: ttl, now: now}
}

// Geocode implements meetups.Geocoder. The query is normalised first:
// invalid input fails at once, and spellings of one postcode or address
// share an entry. Only places found are stored; "not found" and failures are asked
// again next time, since a hiccup must not stick for 90 days.
//
// When an entry has expired and upstream is unavailable, the expired
// place is returned: an old centroid of a postcode is still right, and
// better than no search at all.
func (c *Cached) Geocode(ctx context.Context, query string) (meetups.Place, error) {
	norm, kind, err := Normalize(query)
	if err != nil {
		return meetups.Place{}, err
	}
	if kind == KindAddress {
		// One building — maybe a parent's home: asked, never kept. Only
		// towns and postcodes are cached (/privacy, docs/OPERATIONS.md).
		return c.upstream.Geocode(ctx, norm)
	}

	cached, fetchedAt, ok, err := c.cache.GetPlace(ctx, norm)
	if err != nil {
		c.logger().WarnContext(ctx, "geocode cache unreadable; asking PDOK", "kind", kind, "err", err)
		ok = false
	}
	if ok && c.now().Sub(fetchedAt) < c.ttl {
		return cached, nil
	}

	p, err := c.upstream.Geocode(ctx, norm)
	if err != nil {
		if ok && meetups.ErrorCode(err) == meetups.EUNAVAILABLE {
			c.logger().WarnContext(ctx, "geocoder unavailable; using expired cache entry", "kind", kind, "err", err)
			return cached, nil
		}
		return meetups.Place{}, err
	}
	if err := c.cache.PutPlace(ctx, norm, p, c.now()); err != nil {
		c.logger().WarnContext(ctx, "geocode cache not written", "kind", kind, "err", err)
	}
	return p, nil
}

func (c *Cached) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}
