package pdok_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/pdok"
	"github.com/ouderkring/ouderkring/meetups/pdok/pdoktest"
)

// memCache is a pdok.Cache in a map; failGet and failPut make it fail.
type memCache struct {
	mu               sync.Mutex
	entries          map[string]entry
	gets, puts       int
	failGet, failPut bool
}

type entry struct {
	p  meetups.Place
	at time.Time
}

func newMemCache() *memCache { return &memCache{entries: map[string]entry{}} }

func (m *memCache) GetPlace(ctx context.Context, query string) (meetups.Place, time.Time, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gets++
	if m.failGet {
		return meetups.Place{}, time.Time{}, false, errors.New("cache: connection refused")
	}
	e, ok := m.entries[query]
	return e.p, e.at, ok, nil
}

func (m *memCache) PutPlace(ctx context.Context, query string, p meetups.Place, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.puts++
	if m.failPut {
		return errors.New("cache: disk full")
	}
	m.entries[query] = entry{p, at}
	return nil
}

func (m *memCache) get(query string) (entry, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[query]
	return e, ok
}

// clock is a settable now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// geocoderFunc is an upstream Geocoder made of a function.
type geocoderFunc func(ctx context.Context, query string) (meetups.Place, error)

func (f geocoderFunc) Geocode(ctx context.Context, q string) (meetups.Place, error) { return f(ctx, q) }

type cachedBundle struct {
	srv    *pdoktest.Server
	cache  *memCache
	clock  *clock
	cached *pdok.Cached
	log    *bytes.Buffer
}

func setupCached(t *testing.T) cachedBundle {
	t.Helper()
	srv, client := setup(t)
	b := cachedBundle{srv: srv, cache: newMemCache(), clock: &clock{t: time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)}, log: &bytes.Buffer{}}
	b.cached = pdok.NewCached(client, b.cache, 0, b.clock.Now)
	b.cached.Logger = slog.New(slog.NewTextHandler(b.log, nil))
	return b
}

func mustGeocode(t *testing.T, g meetups.Geocoder, query string) meetups.Place {
	t.Helper()
	p, err := g.Geocode(t.Context(), query)
	if err != nil {
		t.Fatalf("Geocode(%q): %v", query, err)
	}
	return p
}

func TestCached_Geocode(t *testing.T) {
	t.Parallel()

	t.Run("HitCostsNoRequest", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		first := mustGeocode(t, b.cached, "3512JE")
		second := mustGeocode(t, b.cached, "3512 je")
		if first != second || first.Point != utrecht {
			t.Errorf("places: got=%+v then %+v, want %+v twice", first, second, utrecht)
		}
		assertRequests(t, b.srv, 1)
		if e, ok := b.cache.get("3512JE"); !ok || !e.at.Equal(b.clock.Now()) {
			t.Errorf("cache entry 3512JE: got=%+v, %v, want fetched now", e, ok)
		}
	})

	t.Run("ExpiredRefetched", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		mustGeocode(t, b.cached, "utrecht")
		b.clock.Add(pdok.DefaultTTL - time.Minute)
		mustGeocode(t, b.cached, "Utrecht")
		assertRequests(t, b.srv, 1)
		b.clock.Add(2 * time.Minute)
		mustGeocode(t, b.cached, "UTRECHT")
		assertRequests(t, b.srv, 2)
		if e, _ := b.cache.get("utrecht"); !e.at.Equal(b.clock.Now()) {
			t.Errorf("refetched entry: got=fetched %v, want %v", e.at, b.clock.Now())
		}
		mustGeocode(t, b.cached, "utrecht")
		assertRequests(t, b.srv, 2)
	})

	t.Run("ExpiredKeptWhileUnavailable", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		want := mustGeocode(t, b.cached, "zwolle")
		b.clock.Add(pdok.DefaultTTL + time.Hour)
		b.srv.SetDown(true)
		if got := mustGeocode(t, b.cached, "zwolle"); got != want {
			t.Errorf("while PDOK is down: got=%+v, want the expired %+v", got, want)
		}
		assertRequests(t, b.srv, 3) // first, then one try and one retry
	})

	t.Run("ErrInvalidNoLookup", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		_, err := b.cached.Geocode(t.Context(), "99999")
		assertCode(t, err, meetups.EINVALID)
		assertRequests(t, b.srv, 0)
		if b.cache.gets != 0 {
			t.Errorf("cache reads: got=%d, want 0", b.cache.gets)
		}
	})

	t.Run("ErrorsNotCached", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		for range 2 {
			_, err := b.cached.Geocode(t.Context(), "hello")
			assertCode(t, err, meetups.ENOTFOUND)
		}
		assertRequests(t, b.srv, 2)

		b.srv.SetDown(true)
		_, err := b.cached.Geocode(t.Context(), "amsterdam")
		assertCode(t, err, meetups.EUNAVAILABLE)
		b.srv.SetDown(false)
		if got := mustGeocode(t, b.cached, "amsterdam"); got.Label != "Amsterdam, Amsterdam, Noord-Holland" {
			t.Errorf("after PDOK is back: got=%+v", got)
		}
		if b.cache.puts != 1 {
			t.Errorf("cache writes: got=%d, want 1 (the success only)", b.cache.puts)
		}
	})

	t.Run("CacheReadFails", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		b.cache.failGet = true
		for range 2 {
			if got := mustGeocode(t, b.cached, "3512JE"); got.Point != utrecht {
				t.Errorf("got=%+v, want %+v", got, utrecht)
			}
		}
		assertRequests(t, b.srv, 2)
		assertLogSafe(t, b.log, "cache unreadable", "3512")
	})

	t.Run("CacheWriteFails", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		b.cache.failPut = true
		if got := mustGeocode(t, b.cached, "den haag"); got.Point != (meetups.Point{Lat: 52.0705, Lon: 4.3007}) {
			t.Errorf("got=%+v", got)
		}
		assertLogSafe(t, b.log, "not written", "haag")
	})
}

// assertLogSafe checks the log says what happened without the query.
func assertLogSafe(t *testing.T, log *bytes.Buffer, want, query string) {
	t.Helper()
	if !strings.Contains(log.String(), want) {
		t.Errorf("log: got=%q, want %q in it", log, want)
	}
	if strings.Contains(strings.ToLower(log.String()), query) {
		t.Errorf("log %q contains the query %q", log, query)
	}
}

func TestCached_Upstream(t *testing.T) {
	t.Parallel()

	t.Run("AsksNormalised", func(t *testing.T) {
		t.Parallel()
		var asked []string
		up := geocoderFunc(func(ctx context.Context, q string) (meetups.Place, error) {
			asked = append(asked, q)
			return meetups.Place{Point: utrecht, Label: "x"}, nil
		})
		c := pdok.NewCached(up, newMemCache(), time.Hour, nil)
		mustGeocode(t, c, " 3512  je ")
		mustGeocode(t, c, "'S-Hertogenbosch")
		if got := strings.Join(asked, "|"); got != "3512JE|'s-hertogenbosch" {
			t.Errorf("upstream asked: got=%q, want %q", got, "3512JE|'s-hertogenbosch")
		}
	})

	t.Run("ExpiredNotFoundIsNotFound", func(t *testing.T) {
		t.Parallel()
		cache := newMemCache()
		clk := &clock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
		_ = cache.PutPlace(t.Context(), "3512JE", meetups.Place{Point: utrecht, Label: "old"}, clk.Now())
		clk.Add(2 * time.Hour)
		up := geocoderFunc(func(ctx context.Context, q string) (meetups.Place, error) {
			return meetups.Place{}, meetups.Errorf(meetups.ENOTFOUND, "gone")
		})
		_, err := pdok.NewCached(up, cache, time.Hour, clk.Now).Geocode(t.Context(), "3512JE")
		assertCode(t, err, meetups.ENOTFOUND)
	})
}

func TestCached_Address(t *testing.T) {
	t.Parallel()

	t.Run("NeverKept", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		// One building may be a parent's home: asked each time, never
		// stored, not even in another spelling.
		for _, q := range []string{"Kanaalweg 82, Utrecht", "kanaalweg  82 UTRECHT", "Kanaalweg 82 3513 WM Utrecht"} {
			if got := mustGeocode(t, b.cached, q); got.Point != kanaalweg82 || got.Label != "Kanaalweg 82, 3513WM Utrecht" {
				t.Errorf("Geocode(%q): got=%+v", q, got)
			}
		}
		assertRequests(t, b.srv, 3)
		if b.cache.puts != 0 || b.cache.gets != 0 {
			t.Errorf("the cache was used for an address: %d writes, %d reads", b.cache.puts, b.cache.gets)
		}
	})

	t.Run("ErrInvalidNoLookup", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		_, err := b.cached.Geocode(t.Context(), "Kanaalweg 082")
		assertCode(t, err, meetups.EINVALID)
		assertRequests(t, b.srv, 0)
		if b.cache.gets != 0 {
			t.Errorf("cache reads: got=%d, want 0", b.cache.gets)
		}
	})

	t.Run("ErrNotFoundNotCached", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		for range 2 {
			_, err := b.cached.Geocode(t.Context(), "Kanaalweg 83 Utrecht")
			assertCode(t, err, meetups.ENOTFOUND, "kanaalweg")
		}
		assertRequests(t, b.srv, 2)
		if b.cache.puts != 0 {
			t.Errorf("cache writes: got=%d, want 0", b.cache.puts)
		}
	})

	t.Run("LogSafe", func(t *testing.T) {
		t.Parallel()
		b := setupCached(t)
		b.cache.failGet, b.cache.failPut = true, true
		mustGeocode(t, b.cached, "3512 JE")
		assertLogSafe(t, b.log, "cache unreadable", "3512")
		assertLogSafe(t, b.log, "not written", "3512")
	})
}
